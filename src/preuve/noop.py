"""A build with nothing to do, recognised in a fraction of a second: the commit is built already.

Before the records are read, the PDF engine is loaded or any heavy module imported,
``preuve build`` compares what it would build with what the commit's version holds: the record
files on disk (exactly the paths its manifest lists, each with the same SHA-256), the engine's
description and the signing key, that is the build key. Equal: there is nothing to do. Anything
else — a file added or changed, another engine, a draft, a version never built — goes the
ordinary way (``build.py``), which reads and checks the records and says what differs.
"""

from __future__ import annotations

import hashlib
import time
from datetime import date
from pathlib import Path
from typing import Any

from .boundary import Boundary, Refused
from .build_report import BuildReport
from .outputs.manifest import batch_digest, canonical
from .outputs.writer import OutputRoot
from .provenance import NOTHING_HELD, RECORD_PATHS, GitState, choose_as_of, origin
from .render.fingerprint import engine_fingerprint, engine_parts
from .sign.key import build_signature


def build_key(engine: str, sources_digest: str, as_of: date, version: str, signer: dict[str, Any] | None) -> str:
    """What a version is built from, in one hash: a version with this key needs no rebuild."""
    return hashlib.sha256(canonical({"engine": engine, "sources": sources_digest, "as_of": as_of,
                                     "version": version, "signer": signer}).encode()).hexdigest()


def sources_digest(root: Path, manifest: dict[str, Any]) -> str | None:
    """The digest of the record files, when those on disk are exactly the ones ``manifest``
    lists, with the same bytes; ``None`` otherwise (then only reading the records can tell)."""
    listed = {item.get("path"): item.get("sha256") for item in manifest.get("sources") or []
              if isinstance(item, dict)}
    boundary, refused = Boundary(root), []
    on_disk = {boundary.rel(path) for name in RECORD_PATHS
               for path in ([root / name] if (root / name).is_file() else boundary.files(root / name, refused))}
    if refused or on_disk != set(listed):
        return None
    for rel, digest in listed.items():
        try:
            if hashlib.sha256(boundary.read(root / rel)).hexdigest() != digest:
                return None
        except Refused:
            return None
    return batch_digest(listed)


def already_built(root: Path, state: GitState | str, as_of: date | None) -> BuildReport | None:
    """The report of a build of ``root`` that has nothing to do, or ``None`` when it has to look
    closer (read the records)."""
    started = time.perf_counter()
    if isinstance(state, str) or not state.clean:
        return None
    where, out = origin(state, ""), OutputRoot(root / "output")
    if not (out.path / f"{where.version}.zip").is_file():
        return None  # the ordinary way makes the archive a killed build left out
    manifest = out.manifest(where.version)
    digest = sources_digest(root, manifest) if manifest is not None else None
    if digest is None or manifest is None:
        return None
    day = choose_as_of(NOTHING_HELD, where, as_of)  # a commit's date is always known
    signature, signing = build_signature(root, where.commit_time, draft=False)
    key = build_key(engine_fingerprint(engine_parts(root)), digest, day, where.version,
                    signature.shown() if signature else None)
    if manifest.get("build_key") != key:
        return None
    with out.locked():
        out.point_latest(where.version)
    return BuildReport(where.version, out.path / where.version, None, skipped=True, signing=signing,
                       seconds=time.perf_counter() - started)
