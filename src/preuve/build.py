"""The build: load → validate → plan → render → write, into ``output/<version>/``.

:func:`build` reads as its stages, each a method of :class:`Build` with one job: identify the
build (commit, as-of date, engine, signer), plan the documents, reuse what an earlier version
already holds byte for byte, render the rest on the workers, write the pages, copy the sources,
write the manifest and the archive, publish the staging folder, point the links. The processes
and their environment are set up in ``processes.py``; what the result looks like is described
in ``docs/outputs.md``.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from datetime import date
from pathlib import Path
from typing import Any

from . import __version__
from .client_folders import plan_client_folders
from .build_report import BuildReport
from .diagnostics import UserError
from .outputs.archive import zip_folder
from .outputs.clients import write_client_files
from .outputs.manifest import (MANIFEST, SUMS, batch_digest, canonical, dumps, reusable_outputs, sha256sums,
                               version_manifest)
from .outputs.writer import OutputRoot, Staging
from .drafts import DraftMarks
from .noop import build_key
from .pages import BuildStamp, plan_pages
from .plan import BuildInfo, Job, plan_documents
from .processes import Loaded, RecordsLoader, rendering_environment, unpack
from .provenance import GitState, Origin, choose_as_of, git_state, lineage, origin
from .render.fingerprint import changed_parts, engine_fingerprint, engine_parts
from .render.engine import RenderError
from .render.templates import Layouts
from .render.workers import Setting, WorkerPool
from .report.clients import provider_clients, slug_by_person
from .report.literacy import coverage, literacy_json
from .report.retention import retention
from .sign.info import signatory_note
from .sign.key import build_signature
from .verify.registry import VERIFY_JSON, read_history, verification_outputs

WEB_STYLESHEET = "web.css"
Progress = Callable[[int], Callable[[], None]]


def render_key(job: Job, engine: str) -> str:
    return hashlib.sha256(canonical({"engine": engine, "template": job.template,
                                     "context": job.context}).encode()).hexdigest()


def build(root: Path, *, workers: int, as_of: date | None = None, progress: Progress | None = None,
          loader: RecordsLoader | None = None, pool: WorkerPool | None = None,
          state: GitState | str | None = None, kind: Callable[..., Build] | None = None) -> BuildReport:
    """Build the records at ``root``; raises :class:`UserError` on invalid records.

    ``loader``: the records already being read, and ``state`` git's, taken before (the command
    line starts them first). ``pool``: workers that outlive this build (``serve``, ``watch``);
    without it, the build forks its own once it knows it has something to make, and stops them
    before it writes the pages. ``kind``: what runs the stages, :class:`Build` unless a shard or
    a merge (``preuve.shards``)."""
    started = time.perf_counter()
    root = root.resolve()
    state = state or git_state(root)  # one look at git: the commit, its time, what is uncommitted
    loaded = (loader or RecordsLoader(root, state)).packed()
    if not loaded.valid:
        raise UserError("the records have errors: nothing was built", loaded.diagnostics.sorted())
    return (kind or Build)(root, loaded, identify(root, loaded, state, as_of), pool or workers, progress).run(started)


def may_be_built(root: Path, state: GitState | str) -> bool:
    """Whether a build may find its version already built, as far as git and the output folder
    tell before the records are read: never a draft's; a commit's if its folder exists."""
    if isinstance(state, str) or not state.clean:
        return False
    return (root / "output" / origin(state, "").version / MANIFEST).is_file()


@dataclass(frozen=True)
class Identity:
    """What this build is: where it comes from, the date it judges at, what renders and signs it."""

    where: Origin
    as_of: date
    sources_digest: str
    engine_parts: dict[str, str]
    engine: str
    signer: dict[str, Any] | None
    info: BuildInfo
    signing: str

    @property
    def build_key(self) -> str:
        return build_key(self.engine, self.sources_digest, self.as_of, self.where.version, self.signer)


def identify(root: Path, loaded: Loaded, state: GitState | str, as_of: date | None) -> Identity:
    """From the reader's summary, git and the engine's description: never WeasyPrint itself."""
    where = origin(state, loaded.digest)
    day = choose_as_of(loaded.held_until, where, as_of)
    parts = engine_parts(root)
    signature, signing = build_signature(root, where.commit_time, where.draft)
    return Identity(where, day, loaded.digest, parts, engine_fingerprint(parts),
                    signature.shown() if signature else None,
                    BuildInfo(draft=where.draft, as_of=day, signature=signature), signing)


class Build:
    """One build of valid records; :meth:`run` calls the stages in order."""

    report_type: type[BuildReport] = BuildReport  # a shard's or a merge's says what it did

    def __init__(self, root: Path, loaded: Loaded, ident: Identity, workers: int | WorkerPool,
                 progress: Progress | None):
        self.root, self.loaded, self.id, self.workers = root, loaded, ident, workers
        self.progress = progress or (lambda total: lambda: None)
        self.out = OutputRoot(root / "output")
        self.report = self.report_type(ident.where.version, self.out.path / ident.where.version,
                                  ident.where.draft_reason, diagnostics=loaded.diagnostics, signing=ident.signing)
        self.setting = Setting(ident.engine, ident.where.commit_time)
        self.keys: dict[str, str] = {}
        self.inputs: dict[str, tuple[str, ...]] = {}

    def run(self, started: float) -> BuildReport:
        where = self.id.where
        with self.out.locked():
            if not self.already_built():
                with self.rendering() as pool:
                    self.records = unpack(self.loaded)  # after the workers are forked: they carry no copy
                    provider = self.records.provider
                    self.report.signing += signatory_note(self.id.info.signature, provider.representative.name,
                                                          provider.legal_name)
                    pool.warm_up(self.setting)  # the workers set up while the documents are planned
                    self.cov = coverage(self.records, self.id.as_of)
                    self.plan()
                    with self.out.staging(where.version) as stage:
                        to_render = self.reuse(stage)
                        self.render(stage, pool, to_render)
                        self.release(pool)  # the workers' memory goes back before the pages and archive
                        self.finish(stage)
            self.point_links()
        self.report.seconds = time.perf_counter() - started
        return self.report

    def finish(self, stage: Staging) -> None:
        """Once every document is in the staging folder: the pages, the sources, the manifest and
        the archive, then the version is published."""
        self.write_pages(stage)
        self.copy_sources(stage)
        self.write_manifest(stage)
        self.archive(stage)
        self.out.publish(stage, self.id.where.version, replace=self.id.where.draft)

    @contextmanager
    def rendering(self) -> Iterator[WorkerPool]:
        """The session's workers, or this build's own, forked now; the build's environment."""
        with rendering_environment(self.id.where.commit_time):
            if isinstance(self.workers, WorkerPool):
                yield self.workers
            else:
                with WorkerPool(self.root, self.workers) as pool:
                    yield pool

    def release(self, pool: WorkerPool) -> None:
        if pool is not self.workers:
            pool.close()

    def already_built(self) -> bool:
        """A committed version is never rebuilt; say what differs if this build would differ."""
        version = self.id.where.version
        existing = self.out.manifest(version)
        if existing is None and not self.id.where.draft and (self.out.path / version).exists():
            raise UserError(f"output/{version}: exists but holds no manifest.json (a version partly deleted, or "
                            "copied there by hand); a version is never overwritten: move it away to build this "
                            "commit again")
        if existing is None or self.id.where.draft:
            return False
        if existing.get("build_key") != self.id.build_key:
            self.report.differs = differences(existing, self.id)
        self.report.skipped = True
        return True

    def plan(self) -> None:
        """Each document's render key and inputs, and in a draft which documents say they are
        drafts (``drafts.py``). Planned twice rather than held (here, then again in
        :meth:`render`): only the chunks in flight have their data in memory, whatever the
        number of certificates."""
        marks = self.marks = DraftMarks(self.out, self.id.where)
        for job in plan_documents(self.records, self.unmarked, self.cov):
            self.planned(*marks.planned(job, lambda each: render_key(each, self.id.engine)))
        self.report.marked, self.report.draft_of = len(marks.marked), marks.compared_with
        self.report.marks = marks.line(len(self.keys))

    def planned(self, job: Job, key: str) -> None:
        self.keys[job.output], self.inputs[job.output] = key, job.inputs

    @property
    def unmarked(self) -> BuildInfo:
        """Documents are planned as the commit would make them; :class:`DraftMarks` marks them."""
        return replace(self.id.info, draft=False)

    def reuse(self, stage: Staging) -> set[str]:
        """Copy each document whose key an earlier version holds; the outputs left to render."""
        reusable = reusable_outputs(self.out.path, self.out.versions())
        to_render = set()
        for output, key in self.keys.items():
            previous = reusable.get((output, key))
            if previous is not None and stage.copy(output, previous.path, previous.sha256):
                self.report.reused += 1
            else:
                to_render.add(output)
        return to_render

    def render(self, stage: Staging, pool: WorkerPool, to_render: set[str]) -> None:
        tick = self.progress(len(to_render))
        try:
            for output, data in pool.render(self.jobs(to_render), len(to_render), self.setting):
                stage.write(output, data)
                self.report.rendered += 1
                tick()
        except RenderError as exc:
            raise UserError(str(exc)) from exc

    def jobs(self, to_render: set[str]) -> Iterator[Job]:
        """The documents to render, planned again (see :meth:`plan`) and marked as planned."""
        planned = plan_documents(self.records, self.unmarked, self.cov)
        return (self.marks.again(job) for job in planned if job.output in to_render)

    def write_pages(self, stage: Staging) -> None:
        """The evidence index, session pages, verification page, literacy matrix and, for a
        provider, each client's folder: they list the documents with their hashes. The report
        learns what the version changed in what the versions it follows issued."""
        records, info, where, cov = self.records, self.id.info, self.id.where, self.cov
        layouts = page_layouts(self.root, self.id.engine)
        prov = BuildStamp.of(where, self.id.as_of)
        hashes = dict(stage.hashes)
        history = read_history(self.out.path, lineage(self.root, where, self.out.versions()),
                               {s.path: s.sha256 for s in records.sources})
        verify_page, verify_json, self.report.issuance = verification_outputs(
            records, info, prov, hashes, history, self.marks.marked)
        pages = [*plan_pages(records, info, prov, cov, retention(records, self.id.as_of), hashes), verify_page]
        folders = plan_client_folders(records, info, prov, cov, hashes)
        pages += [page for folder in folders for page in folder.pages]
        self.report.pages = write_pages(stage, layouts, pages)
        stage.write(VERIFY_JSON, verify_json)
        stage.write("assets/web.css", layouts.read(WEB_STYLESHEET))
        stage.write("literacy.json", dumps(literacy_json(cov, slug_by_person(provider_clients(records)))))
        write_client_files(stage, folders, where.version, where.commit_time or 0)

    def copy_sources(self, stage: Staging) -> None:
        """The records travel with the documents: evidence beside its session, the rest under
        ``sources/``, so the archive is a complete, self-checking evidence file."""
        by_session = {ev.path: s for s in self.records.sessions for ev in s.evidence}
        for source in self.records.sources:
            session = by_session.get(source.path)
            rel = (f"sessions/{session.id}/{source.path[len(session.folder) + 1:]}" if session is not None
                   else f"sources/{source.path}")
            if stage.copy(rel, self.records.root / source.path, source.sha256) is None:
                raise UserError(f"{source.path} changed while the build was running: build again")

    def write_manifest(self, stage: Staging) -> None:
        ident = self.id
        manifest = version_manifest(ident.where, ident.as_of, ident.build_key, ident.engine, ident.engine_parts,
                                    ident.signer, self.records.sources, stage.hashes, self.keys, self.inputs,
                                    retention(self.records, ident.as_of), self.marks.marked)
        stage.write(MANIFEST, dumps(manifest))
        stage.write(SUMS, sha256sums(stage.hashes))

    def archive(self, stage: Staging) -> None:
        where = self.id.where
        with self.out.beside(f"{where.version}.zip") as handle:
            zip_folder(stage.path, where.version, where.commit_time or 0, handle)

    def point_links(self) -> None:
        """Make sure the archive exists (a killed build may have published without it); ``draft``
        links to this draft, ``latest`` to this committed version."""
        out, where = self.out, self.id.where
        archive = out.path / f"{where.version}.zip"
        if not archive.is_file():
            with out.beside(archive.name) as handle:
                zip_folder(out.path / where.version, where.version, where.commit_time or 0, handle)
        if where.draft:
            out.point("draft", where.version)
        else:
            out.point_latest(where.version)


def differences(manifest: dict[str, Any], ident: Identity) -> list[str]:
    """What differs between an existing version's manifest (or a shard's) and this build, in a
    user's words."""
    found = (changed_parts(manifest.get("engine_parts") or {}, ident.engine_parts) if "engine_parts" in manifest
             else [f"engine (built by preuve {manifest.get('preuve_version', '?')}, now {__version__}; that "
                   "version does not record which part)"])
    if manifest.get("signer") != ident.signer:
        found.append("signing key" if ident.signer else "signing key (none now)")
    if manifest.get("as_of") != ident.as_of.isoformat():
        found.append(f"as-of date {manifest.get('as_of')} → {ident.as_of.isoformat()}")
    recorded = manifest.get("sources_digest") or batch_digest({s["path"]: s["sha256"]
                                                                for s in manifest.get("sources", [])})
    if recorded != ident.sources_digest:
        found.append("set of record files")
    return found or ["build key"]


@lru_cache(maxsize=1)
def page_layouts(root: Path, engine: str) -> Layouts:
    """The pages' templates, compiled once for as long as the engine (layouts included) stays
    the same: under ``serve``, compiling them again took a third of a one-session rebuild."""
    return Layouts(root)


def write_pages(stage: Staging, layouts: Layouts, pages: list[Job]) -> int:
    for page in pages:
        try:  # streamed: the literacy matrix of a large staff is megabytes of HTML
            stage.write_chunks(page.output, (piece.encode() for piece in
                                             layouts.template(page.template).generate(page.context)))
        except OSError:
            raise  # a full disk is not a layout's fault: "cannot write the output" (cli.py)
        except Exception as exc:  # a broken layout override names itself, no traceback
            where, message = layouts.explain(exc)
            raise UserError(str(RenderError(page.output, message, where))) from exc
    return len(pages)
