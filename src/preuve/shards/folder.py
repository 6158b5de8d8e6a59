"""A shard folder: what one runner rendered, with its partial manifest and the plan it followed.

::

    shard.json      the build it belongs to (version, commit, build key and what the key is made
                    of), the plan's SHA-256, its number I of N, each document with its render key
                    and SHA-256
    plan.json       the plan, the same bytes in every shard of the build
    documents/      the PDFs, at their paths in the version

A folder is written beside its final place and renamed into it only when complete, so a runner
that fails leaves no half shard to upload. Shards travel as CI artifacts: the merge reads them as
it reads anything from outside, field by field, without following a link out of the folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from .. import __version__
from ..boundary import Boundary, Refused
from ..diagnostics import UserError
from ..outputs.manifest import dumps
from ..outputs.writer import Staging, safe_relative
from . import MAX_SHARDS
from .plan import IDENTITY

SHARD_FORMAT = "preuve-shard/1"
SHARD_JSON = "shard.json"
PLAN_JSON = "plan.json"
DOCUMENTS = "documents"
SHA256 = re.compile(r"[0-9a-f]{64}")
MAX_JSON = 64 << 20  # a shard.json of 100,000 documents is about 20 MB


class NotAShard(Exception):
    """``folder``: why it is not a shard preuve can merge."""

    def __init__(self, folder: Path, message: str):
        super().__init__(f"{folder}: {message}")
        self.folder = folder
        self.message = message


class ShardFolder:
    """``with ShardFolder(target) as folder:`` render into ``folder.documents``, then
    :meth:`finish`; the folder appears at ``target`` only then (replacing an earlier shard there)."""

    def __init__(self, target: Path):
        self.target = target
        self.temp = target.parent / f".{target.name}.partial-{os.getpid()}"

    def __enter__(self) -> ShardFolder:
        if self.target.is_symlink() or (self.target.exists() and not _replaceable(self.target)):
            raise UserError(f"{self.target}: exists and is not a shard folder: preuve does not replace it "
                            "(remove it, or choose another --out)")
        self.target.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(self.temp, ignore_errors=True)
        self.meta = Staging(self.temp, Boundary(self.temp.parent))
        self.documents = Staging(self.temp / DOCUMENTS, Boundary(self.temp))
        return self

    def finish(self, manifest: dict[str, Any], plan: bytes) -> None:
        self.meta.write(PLAN_JSON, plan)
        self.meta.write(SHARD_JSON, dumps(manifest))
        if self.target.exists():
            old = self.target.parent / f".{self.target.name}.old-{os.getpid()}"
            os.rename(self.target, old)
            os.rename(self.temp, self.target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(self.temp, self.target)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        shutil.rmtree(self.temp, ignore_errors=True)


def _replaceable(target: Path) -> bool:
    """An earlier shard, or an empty folder."""
    return target.is_dir() and ((target / SHARD_JSON).is_file() or not any(target.iterdir()))


def shard_manifest(identity: dict[str, Any], plan_digest: str, index: int, shards: int,
                   hashes: dict[str, str], keys: dict[str, str]) -> dict[str, Any]:
    return {"format": SHARD_FORMAT, "preuve_version": __version__, **identity, "plan": plan_digest,
            "shard": index, "shards": shards,
            "documents": [{"path": rel, "render_key": keys[rel], "sha256": hashes[rel]} for rel in sorted(hashes)]}


@dataclass(frozen=True)
class Shard:
    """A shard folder read back: its manifest's fields, checked, and its plan's bytes."""

    folder: Path
    manifest: dict[str, Any]
    plan: bytes
    documents: dict[str, tuple[str, str]]  # path → (render key, sha256)

    @property
    def index(self) -> int:
        return self.manifest["shard"]

    @property
    def shards(self) -> int:
        return self.manifest["shards"]

    @property
    def name(self) -> str:
        return f"shard {self.index}/{self.shards}"

    def read(self, path: str) -> bytes:
        """A document's bytes, if they are the ones ``shard.json`` gives."""
        key, digest = self.documents[path]
        try:
            data = Boundary(self.folder).read(self.folder / DOCUMENTS / path)
        except Refused as exc:
            raise NotAShard(self.folder, f"{DOCUMENTS}/{path}: {exc.message}") from None
        if hashlib.sha256(data).hexdigest() != digest:
            raise NotAShard(self.folder, f"{DOCUMENTS}/{path}: does not have the SHA-256 shard.json gives "
                                         "(damaged on the way?)")
        return data


def read_shard(folder: Path) -> Shard:
    """The shard in ``folder``; :class:`NotAShard` saying why it is not one preuve can merge."""
    boundary = Boundary(folder)
    try:
        raw = boundary.read(folder / SHARD_JSON, MAX_JSON, "a shard's shard.json")
        plan = boundary.read(folder / PLAN_JSON, MAX_JSON, "a shard's plan.json")
    except Refused as exc:
        message = "is not a shard folder (no shard.json)" if not (folder / SHARD_JSON).exists() else str(exc)
        raise NotAShard(folder, message) from None
    try:
        manifest = json.loads(raw)
        documents = _fields(manifest)
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        raise NotAShard(folder, f"{SHARD_JSON}: is not a shard manifest of this preuve ({exc})") from None
    if hashlib.sha256(plan).hexdigest() != manifest["plan"]:
        raise NotAShard(folder, f"{PLAN_JSON}: is not the plan {SHARD_JSON} names (damaged on the way?)")
    return Shard(folder, manifest, plan, documents)


def _fields(manifest: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """The documents of a shard manifest, after its fields were checked."""
    if manifest.get("format") != SHARD_FORMAT:
        raise ValueError(f"format {manifest.get('format')!r}, expected {SHARD_FORMAT}")
    missing = [key for key in (*IDENTITY, "plan", "shard", "shards", "documents") if key not in manifest]
    if missing:
        raise ValueError(f"no {', '.join(missing)}")
    shards, index = manifest["shards"], manifest["shard"]
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in (shards, index)) \
            or not 1 <= index <= shards <= MAX_SHARDS:
        raise ValueError(f"shard {index!r} of {shards!r} is not a shard number")
    documents = {}
    for item in manifest["documents"]:
        path, key, digest = (item[k] for k in ("path", "render_key", "sha256"))
        if not (isinstance(key, str) and isinstance(digest, str) and SHA256.fullmatch(digest)):
            raise ValueError(f"{path}: render key or SHA-256 is not one")
        documents[safe_relative(path)] = (key, digest)
    return documents
