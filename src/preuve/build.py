"""The build: load → validate → plan → render → write, into ``output/<version>/``.

Documents whose render key (data + engine fingerprint) matches a file of an earlier version are
copied from it byte for byte; only the others go to the WeasyPrint workers. Pages, the manifest
and the archive are then written, and the staging folder is swapped into place.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import __version__
from .client_folders import ClientFolder, plan_client_folders
from .diagnostics import Diagnostics, UserError
from .outputs.archive import zip_folder
from .outputs.clients import write_client_files
from .outputs.manifest import MANIFEST, SUMS, batch_digest, dumps, reusable_outputs, sha256sums
from .outputs.writer import OutputRoot, Staging
from .pages import Provenance, plan_pages
from .pipeline import RecordsLoader, unpack_records
from .plan import BuildInfo, Job, canonical, plan_documents
from .provenance import choose_as_of, origin, records_digest
from .records import Records
from .render.fingerprint import changed_parts, engine_fingerprint, engine_parts
from .render.pdf import RenderError
from .render.templates import Layouts
from .render.workers import WorkerPool
from .report.clients import provider_clients, slug_by_person
from .report.literacy import coverage, literacy_json
from .report.retention import retention
from .sign.key import build_signature
from .verify.registry import VERIFY_JSON, read_history, verification_outputs

WEB_STYLESHEET = "web.css"


@dataclass
class BuildReport:
    version: str
    folder: Path
    draft_reason: str | None
    rendered: int = 0
    reused: int = 0
    pages: int = 0
    skipped: bool = False
    # Why an existing version of this commit differs from what this build would make.
    differs: list[str] = field(default_factory=list)
    signing: str = ""
    seconds: float = 0.0
    diagnostics: Diagnostics = field(default_factory=Diagnostics)

    @property
    def draft(self) -> bool:
        return self.draft_reason is not None

    def summary(self) -> str:
        where = f"output/{self.version}"
        if self.skipped and self.differs:
            return (f"{where} is already built from this commit, with another {', '.join(self.differs)}; "
                    f"a version is never overwritten, so nothing was rebuilt (move {where} away to rebuild "
                    f"it) ({self.seconds:.1f}s)")
        if self.skipped:
            return f"{where} is already built from this commit: nothing to do ({self.seconds:.1f}s)"
        lines = [f"draft: {self.draft_reason}"] if self.draft else []
        kind = "draft " if self.draft else ""
        lines.append(f"built {kind}{where}: {self.rendered} document(s) rendered, {self.reused} reused, "
                     f"{self.pages} page(s), in {self.seconds:.1f}s; {self.signing}")
        return "\n".join(lines)

    def as_json(self) -> dict[str, object]:
        """For scripts (``preuve build --json``): where the version is and how it was made."""
        return {"version": self.version, "folder": str(self.folder), "archive": f"{self.folder}.zip",
                "draft": self.draft, "draft_reason": self.draft_reason, "skipped": self.skipped,
                "differs": self.differs, "rendered": self.rendered, "reused": self.reused, "pages": self.pages,
                "signing": self.signing, "warnings": len(self.diagnostics.warnings),
                "seconds": round(self.seconds, 3)}


def render_key(job: Job, engine: str) -> str:
    return hashlib.sha256(canonical({"engine": engine, "template": job.template,
                                     "context": job.context}).encode()).hexdigest()


def build(root: Path, *, workers: int, as_of: date | None = None,
          progress: Callable[[int], Callable[[], None]] | None = None,
          loader: RecordsLoader | None = None) -> BuildReport:
    """Build the records at ``root``; raises :class:`UserError` on invalid records.

    ``loader``: the records already being read (see :class:`RecordsLoader`)."""
    started = time.perf_counter()
    root = root.resolve()
    packed = (loader or RecordsLoader(root)).packed()
    with WorkerPool(root, workers) as pool:  # forked before the records are unpacked
        records, diag = unpack_records(packed)
        del packed
        return _build(root, records, diag, pool, started, as_of, progress)


def _build(root: Path, records: Records | None, diag: Diagnostics, pool: WorkerPool, started: float,
           as_of: date | None, progress: Callable[[int], Callable[[], None]] | None) -> BuildReport:
    if records is None:
        raise UserError("the records have errors: nothing was built", diag.sorted())
    sources_digest = records_digest(records)
    where = origin(root, sources_digest)
    day = choose_as_of(records, where.commit_date, as_of)
    if where.commit_time is not None:
        # fontTools (WeasyPrint's fallback subsetter) stamps fonts with this instead of the clock.
        os.environ["SOURCE_DATE_EPOCH"] = str(where.commit_time)
    parts = engine_parts(root)
    engine = engine_fingerprint(parts)
    signature, signing = build_signature(root, where.commit_time, where.draft)
    signer = signature.shown() if signature else None
    build_key = hashlib.sha256(canonical({"engine": engine, "sources": sources_digest, "as_of": day,
                                          "version": where.version, "signer": signer}).encode()).hexdigest()
    out = OutputRoot(root / "output")
    report = BuildReport(where.version, out.path / where.version, where.draft_reason, diagnostics=diag,
                         signing=signing)

    with out.locked():
        existing = out.manifest(where.version)
        if existing is not None and not where.draft:
            if existing.get("build_key") != build_key:
                report.differs = _differences(existing, parts, sources_digest, day, signer)
            _finish(out, where.version, where.commit_time, draft=False)
            report.skipped = True
            report.seconds = time.perf_counter() - started
            return report

        pool.warm_up()  # there is something to build: the workers set up while it is planned
        build_info = BuildInfo(draft=where.draft, as_of=day, signature=signature)
        prov = Provenance(where.version, where.commit, where.commit_iso, where.draft, day.isoformat())
        cov = coverage(records, day)
        kept = retention(records, day)
        reuse = reusable_outputs(out.path, out.versions())
        history = read_history(out.path, out.versions(), where.version)
        # Planned twice rather than held: the first pass keeps each document's key and inputs,
        # the second streams the contexts still to render to the workers, so no more than the
        # chunks in flight are in memory at once, whatever the number of certificates.
        keys: dict[str, str] = {}
        inputs: dict[str, tuple[str, ...]] = {}
        for job in plan_documents(records, build_info, cov):
            keys[job.output] = render_key(job, engine)
            inputs[job.output] = job.inputs

        with out.staging(where.version) as stage:
            to_render: set[str] = set()
            for output, key in keys.items():
                previous = reuse.get(key)
                if previous is not None and stage.copy(output, previous.path, previous.sha256):
                    report.reused += 1
                else:
                    to_render.add(output)
            tick = progress(len(to_render)) if progress else (lambda: None)
            try:
                jobs = (job for job in plan_documents(records, build_info, cov) if job.output in to_render)
                for output, data in pool.render(jobs, len(to_render)):
                    stage.write(output, data)
                    report.rendered += 1
                    tick()
            except RenderError as exc:
                raise UserError(str(exc)) from exc
            pool.close()  # the workers' memory is given back before the pages and the archive
            layouts = Layouts(root)
            verify_page, verify_json = verification_outputs(records, build_info, prov, dict(stage.hashes), history)
            report.pages = _write_pages(stage, layouts, [*plan_pages(records, build_info, prov, cov, kept,
                                                                     dict(stage.hashes)), verify_page])
            stage.write(VERIFY_JSON, verify_json)
            stage.write("assets/web.css", layouts.read(WEB_STYLESHEET))
            stage.write("literacy.json", dumps(literacy_json(cov, slug_by_person(provider_clients(records)))))
            report.pages += _write_client_folders(stage, layouts, plan_client_folders(
                records, build_info, prov, cov, dict(stage.hashes)), where.version, where.commit_time or 0)
            _copy_sources(records, stage)

            manifest = {
                "preuve_version": __version__,
                "version": where.version,
                "commit": where.commit,
                "commit_date": where.commit_iso,
                "draft": where.draft,
                "as_of": day.isoformat(),
                "build_key": build_key,
                "engine": engine,
                "engine_parts": parts,
                "signer": signer,
                "sources": [{"path": s.path, "sha256": s.sha256, "size": s.size} for s in records.sources],
                "outputs": [{"path": rel, "sha256": digest,
                             **({"render_key": keys[rel], "inputs": list(inputs[rel])} if rel in keys else {})}
                            for rel, digest in sorted(stage.hashes.items())],
                "retention": [{"kind": r.kind, "id": r.id, "keep_until": r.keep_until.isoformat(), "due": r.due}
                              for r in kept],
            }
            stage.write(MANIFEST, dumps(manifest))
            stage.write(SUMS, sha256sums(stage.hashes))
            with out.beside(f"{where.version}.zip") as archive:
                zip_folder(stage.path, where.version, where.commit_time or 0, archive)
            out.publish(stage, where.version, replace=where.draft)
        _finish(out, where.version, where.commit_time, draft=where.draft)
    report.seconds = time.perf_counter() - started
    return report


def _differences(manifest: dict, parts: dict[str, str], sources_digest: str, day: date,
                 signer: dict | None) -> list[str]:
    """What differs between an existing version's manifest and this build, in a user's words."""
    found = changed_parts(manifest.get("engine_parts") or {}, parts) if "engine_parts" in manifest \
        else ["engine (the existing version does not record which part)"]
    if manifest.get("signer") != signer:
        found.append("signing key" if signer else "signing key (none now)")
    if manifest.get("as_of") != day.isoformat():
        found.append(f"as-of date {manifest.get('as_of')} → {day.isoformat()}")
    recorded = batch_digest({s["path"]: s["sha256"] for s in manifest.get("sources", [])})
    if recorded != sources_digest:
        found.append("set of record files (files ignored by git?)")
    return found or ["build key"]


def _write_pages(stage: Staging, layouts: Layouts, pages: list[Job]) -> int:
    for page in pages:
        try:  # streamed: the literacy matrix of a large staff is megabytes of HTML
            stage.write_chunks(page.output, (piece.encode() for piece in
                                             layouts.template(page.template).generate(page.context)))
        except Exception as exc:  # a broken layout override names itself, no traceback
            where, message = layouts.explain(exc)
            raise UserError(str(RenderError(page.output, message, where))) from exc
    return len(pages)


def _write_client_folders(stage: Staging, layouts: Layouts, folders: list[ClientFolder], version: str,
                          timestamp: int) -> int:
    """Mode provider: each client's folder and its archive (``client_folders.py``)."""
    pages = _write_pages(stage, layouts, [page for folder in folders for page in folder.pages])
    write_client_files(stage, folders, version, timestamp)
    return pages


def _copy_sources(records: Records, stage: Staging) -> None:
    """The records themselves travel with the documents: evidence beside its session, the rest
    under ``sources/``, so the archive is a complete, self-checking evidence file."""
    by_session = {ev.path: s for s in records.sessions for ev in s.evidence}
    for source in records.sources:
        origin_path = records.root / source.path
        session = by_session.get(source.path)
        if session is not None:
            rel = f"sessions/{session.id}/{source.path[len(session.folder) + 1:]}"
        else:
            rel = f"sources/{source.path}"
        if stage.copy(rel, origin_path, source.sha256) is None:
            raise UserError(f"{source.path} changed while the build was running: build again")


def _finish(out: OutputRoot, version: str, commit_time: int | None, draft: bool) -> None:
    """Make sure the archive exists (a killed build may have published without it); ``draft``
    links to this draft, ``latest`` to the newest committed version (by commit date)."""
    archive = out.path / f"{version}.zip"
    if not archive.is_file():
        with out.beside(archive.name) as handle:
            zip_folder(out.path / version, version, commit_time or 0, handle)
    if draft:
        out.point("draft", version)
    else:
        out.point("latest", max(v for v in out.versions() if not v.endswith("-draft")))
