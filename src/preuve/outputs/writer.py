"""The single writer: a staging folder swapped into ``output/<version>`` only when complete.

* Every build holds an exclusive lock on ``output/.lock``, so two builds started at once run one
  after the other instead of interleaving their files.
* Files are written to ``output/.staging-<version>-<pid>/``; a crash, a kill or a bad record
  leaves at most that hidden folder, which the next build removes. A version folder therefore
  exists complete or not at all (``rename`` is atomic on one file system).
* A committed version is never replaced; a draft replaces the previous draft of its commit.
* ``output/`` is part of the repository's boundary (docs/security.md): it may not be a link out
  of the repository, files are created without following links (``O_NOFOLLOW``), and a link
  named like a version is never read as one; files of earlier versions are read through the
  boundary like records.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import posixpath
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from ..boundary import Boundary, Refused
from ..diagnostics import UserError
from .manifest import MANIFEST, parse_manifest

STAGING_PREFIX = ".staging-"
RETIRED_PREFIX = ".retired-"


def safe_relative(rel: str) -> str:
    """Refuse any output path that could leave the version folder."""
    norm = posixpath.normpath(rel)
    if rel != norm or norm.startswith(("/", "../")) or norm in (".", "..") or "\\" in rel or "\0" in rel:
        raise ValueError(f"unsafe output path {rel!r}")
    return norm


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC


def _refuse_link(path: Path, boundary: Boundary) -> None:
    if path.is_symlink():
        raise UserError(f"{boundary.rel(path)}: is a symbolic link: remove it (preuve never writes "
                        "through a link, nor reads one as a version; docs/security.md)")


class Staging:
    """A version being written. Records the SHA-256 of every file as it is written."""

    def __init__(self, path: Path, boundary: Boundary):
        self.path = path
        self.boundary = boundary
        self.hashes: dict[str, str] = {}
        path.mkdir()  # fails on anything already there, a link included

    def write(self, rel: str, data: bytes) -> str:
        return self.write_chunks(rel, (data,))

    def write_chunks(self, rel: str, chunks: Iterable[bytes]) -> str:
        """Write ``chunks`` as they come, so a page of thousands of rows is never whole in memory."""
        rel = safe_relative(rel)
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with open(os.open(target, _CREATE | os.O_TRUNC, 0o644), "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
                digest.update(chunk)
        self.hashes[rel] = digest.hexdigest()
        return self.hashes[rel]

    def copy(self, rel: str, source: Path, expected_sha256: str | None = None) -> str | None:
        """Copy ``source`` in; with ``expected_sha256``, only if its bytes still have that hash.
        ``None`` when they do not, or when ``source`` is not a file inside the repository."""
        try:
            data = self.boundary.read(source)
        except Refused:
            return None
        if expected_sha256 is not None and hashlib.sha256(data).hexdigest() != expected_sha256:
            return None
        return self.write(rel, data)

    @contextmanager
    def open(self, rel: str) -> Iterator[BinaryIO]:
        """A file for a library that writes to a handle (an archive); hashed once complete."""
        rel = safe_relative(rel)
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as handle:
            yield handle
        digest = hashlib.sha256()
        with target.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
        self.hashes[rel] = digest.hexdigest()


def not_a_folder(path: Path) -> str | None:
    """Why ``output/`` at ``path`` cannot hold versions, when something that is no folder is there
    (a file, a link to nothing): ``mkdir`` would only say "File exists". ``doctor`` says it too."""
    if path.is_dir() or not os.path.lexists(path):
        return None
    kind = ("a symbolic link to nothing" if not path.exists() else "a file" if path.is_file()
            else "a special file")
    return f"is {kind}, not a folder: preuve writes each version in the folder output/ (rename or remove it)"


class OutputRoot:
    """``output/`` of the repository at ``path.parent``."""

    def __init__(self, path: Path):
        self.path = path
        self.boundary = Boundary(path.parent)

    @contextmanager
    def locked(self) -> Iterator[None]:
        try:
            self.boundary.resolve(self.path)
        except Refused as exc:
            raise UserError(str(exc)) from None
        if (problem := not_a_folder(self.path)) is not None:
            raise UserError(f"{self.boundary.rel(self.path)}: {problem}")
        self.path.mkdir(exist_ok=True)
        lock = self.path / ".lock"
        _refuse_link(lock, self.boundary)
        with open(os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644), "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                self._remove_leftovers()
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _remove_leftovers(self) -> None:
        """Staging folders of builds that were killed: safe to remove while we hold the lock."""
        for child in self.path.iterdir():
            if child.name.startswith((STAGING_PREFIX, RETIRED_PREFIX)) and not child.is_symlink():
                shutil.rmtree(child, ignore_errors=True)
            elif child.name.startswith((STAGING_PREFIX, RETIRED_PREFIX)):
                child.unlink(missing_ok=True)
            elif child.name.startswith(".") and child.name.endswith((".zip.tmp", ".link")):
                child.unlink(missing_ok=True)

    def versions(self) -> list[str]:
        """Complete version folders (they have a manifest), newest first."""
        names = [p.name for p in self.path.iterdir()
                 if p.is_dir() and not p.is_symlink() and not p.name.startswith(".")
                 and (p / MANIFEST).is_file() and not (p / MANIFEST).is_symlink()] if self.path.is_dir() else []
        return sorted(names, reverse=True)

    def manifest(self, version: str) -> dict[str, Any] | None:
        """The manifest of ``output/<version>`` if it was built; a link there is an error."""
        folder = self.path / version
        _refuse_link(folder, self.boundary)
        try:
            return parse_manifest(self.boundary.read(folder / MANIFEST))
        except Refused:
            return None

    @contextmanager
    def staging(self, version: str) -> Iterator[Staging]:
        stage = Staging(self.path / f"{STAGING_PREFIX}{version}-{os.getpid()}", self.boundary)
        try:
            yield stage
        except BaseException:
            shutil.rmtree(stage.path, ignore_errors=True)
            raise

    def publish(self, stage: Staging, version: str, replace: bool) -> Path:
        final = self.path / version
        _refuse_link(final, self.boundary)
        if final.exists():
            if not replace:
                shutil.rmtree(stage.path, ignore_errors=True)
                raise FileExistsError(final)
            retired = self.path / f"{RETIRED_PREFIX}{version}-{os.getpid()}"
            os.rename(final, retired)
            os.rename(stage.path, final)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.rename(stage.path, final)
        return final

    @contextmanager
    def beside(self, name: str) -> Iterator[BinaryIO]:
        """A file next to the versions (the archive), written to a temporary name and renamed into
        place only when complete."""
        target = self.path / safe_relative(name)
        temp = self.path / f".{name}.{os.getpid()}.zip.tmp"
        try:
            with open(os.open(temp, _CREATE | os.O_EXCL, 0o644), "wb") as handle:
                yield handle
            os.replace(temp, target)
        finally:
            temp.unlink(missing_ok=True)

    def point_latest(self, version: str) -> None:
        """``latest`` → the committed version just built or found built: the records checked out,
        not the newest commit date (another branch's, or a parent dated later by a skewed clock)."""
        self.point("latest", version)

    def point(self, link: str, version: str) -> None:
        """Make ``output/<link>`` a relative symlink to ``<version>``, atomically; anything else
        there (a copied folder, a file) is the user's, named and kept."""
        current = self.path / link
        if current.exists() and not current.is_symlink():
            kind = "folder" if current.is_dir() else "file"
            raise UserError(f"{self.boundary.rel(current)}: is a {kind}, not the link to the newest version that "
                            "preuve keeps there: move it away (preuve never deletes it)")
        temp = self.path / f".{link}.{os.getpid()}.link"
        temp.unlink(missing_ok=True)
        temp.symlink_to(version)
        os.replace(temp, self.path / link)
