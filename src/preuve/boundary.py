"""The records repository is a boundary: preuve reads and writes only inside it.

Records come from anyone who can open a pull request, and builds run on CI machines that hold
secrets; a symbolic link in the records must not carry a file from outside the repository into a
published archive. Every file preuve reads goes through :meth:`Boundary.read`, every folder it
lists through :meth:`Boundary.files` or :meth:`Boundary.dirs`: paths are resolved, links that
stay inside the repository are followed, and a link that leads out is refused with an error
naming the link. Only regular files are read (never a FIFO or a device), opened without
following a last-moment link. The rules and limits are described in ``docs/security.md``.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .diagnostics import shorten


MAX_FOLDER_DEPTH = 32  # folders inside an evidence/ or layouts/ folder


class Refused(Exception):
    """A path preuve will not read: ``rel`` is the path (relative to the repository) to name."""

    def __init__(self, rel: str, message: str):
        super().__init__(f"{rel}: {message}")
        self.rel = rel
        self.message = message


class TooLarge(Refused):
    """A file over the size preuve reads for its kind."""


def is_ignored(name: str) -> bool:
    """Hidden files, editor leftovers and READMEs: never records."""
    return (
        name.startswith(".")
        or name.startswith("~$")
        or name.endswith("~")
        or name.endswith((".swp", ".swx", ".tmp"))
        or name in {"README.md", "README", ".DS_Store", "Thumbs.db", "desktop.ini"}
    )


NOT_UTF8_NAME = ("its name is not UTF-8 (as an older Windows system or archive writes accented letters): "
                 "rename it; names are copied into the archive, its manifest and its pages")


def is_utf8(name: str) -> bool:
    """Whether a name read from the file system was valid UTF-8 (Python keeps the bytes that were
    not as surrogates, which no archive, JSON file or page can hold)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class Boundary:
    """Paths inside ``root`` (resolved once); every method takes lexical paths below it."""

    def __init__(self, root: Path):
        self.root = root.resolve()

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def contains(self, real: Path) -> bool:
        return real == self.root or real.is_relative_to(self.root)

    def resolve(self, path: Path) -> Path:
        """``path`` with its links followed; :class:`Refused`, naming the link, if it leads out."""
        try:
            real = path.resolve()
        except (OSError, RuntimeError):  # a loop of links (RuntimeError before Python 3.13)
            raise Refused(self.rel(path), "is a symbolic link that loops back on itself") from None
        if self.contains(real):
            return real
        current = self.root
        for part in Path(self.rel(path)).parts:
            current = current / part
            if current.is_symlink() and not self.contains(current.resolve()):
                raise Refused(self.rel(current), f"is a symbolic link to '{shorten(os.readlink(current), 300)}', outside "
                              "the repository: preuve reads and writes only inside it (docs/security.md)")
        raise Refused(self.rel(path), "leads outside the repository (docs/security.md)")

    def lexists(self, path: Path) -> bool:
        """Whether anything (a file, a folder or a link, even a broken one) is at ``path``."""
        return os.path.lexists(path)

    def is_dir(self, path: Path) -> bool:
        """A folder inside the repository is at ``path``; :class:`Refused` for a link that leads out."""
        return self.lexists(path) and self.resolve(path).is_dir()

    def read(self, path: Path, limit: int | None = None, what: str = "a file") -> bytes:
        """The bytes of the regular file at ``path``; :class:`Refused` for anything else.

        ``limit``: the largest size accepted, in bytes (records are parsed whole in memory)."""
        real = self.resolve(path)
        try:
            fd = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError as exc:
            raise Refused(self.rel(path), f"cannot be read: {exc.strerror}") from None
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # checked before fdopen, which refuses a folder itself
            os.close(fd)
            raise Refused(self.rel(path), f"is not a regular file: expected {what}")
        with os.fdopen(fd, "rb") as handle:
            if limit is not None and info.st_size > limit:
                raise TooLarge(self.rel(path), f"is {info.st_size / 1e6:.1f} MB: preuve reads files of "
                              f"this kind up to {limit / 1e6:g} MB (docs/security.md)")
            return handle.read()

    def dirs(self, folder: Path, refused: list[Refused]) -> list[Path]:
        """The folders directly in ``folder``, sorted by name (links out go to ``refused``)."""
        found = []
        for child, real in self._entries(folder, refused):
            if real.is_dir():
                found.append(child)
        return found

    def ignored_dirs(self, folder: Path) -> list[Path]:
        """The folders directly in ``folder`` that :meth:`dirs` leaves out by name (hidden, editor
        leftovers), sorted; links are not followed."""
        try:
            real = self.resolve(folder)
            with os.scandir(real) as entries:
                return sorted(folder / e.name for e in entries if is_ignored(e.name) and e.is_dir(follow_symlinks=False))
        except (Refused, OSError):
            return []

    def files(self, folder: Path, refused: list[Refused]) -> list[Path]:
        """Every regular file below ``folder``, sorted by relative path; links that stay inside are
        followed (a link to one of its own parents is refused), links out are refused, and so are
        folders nested deeper than :data:`MAX_FOLDER_DEPTH` (walked without recursion)."""
        found: list[Path] = []
        try:
            start = self.resolve(folder)
        except Refused as exc:
            refused.append(exc)
            return found
        todo: list[tuple[Path, Path, frozenset[Path]]] = [(folder, start, frozenset())]
        while todo:
            current, real, parents = todo.pop()
            if len(parents) >= MAX_FOLDER_DEPTH:
                refused.append(Refused(self.rel(current), f"is nested more than {MAX_FOLDER_DEPTH} folders deep"))
                continue
            for child, child_real in self._entries(current, refused):
                if not child_real.is_dir():
                    if child_real.is_file():
                        found.append(child)
                elif real.is_relative_to(child_real) or child_real in parents:
                    refused.append(Refused(self.rel(child), "is a symbolic link to one of its own parent folders"))
                else:
                    todo.append((child, child_real, parents | {real}))
        return sorted(found, key=lambda p: p.relative_to(folder).as_posix())

    def _entries(self, folder: Path, refused: list[Refused]) -> list[tuple[Path, Path]]:
        """``(lexical path, resolved path)`` of each entry of ``folder`` that is not ignored."""
        if not self.lexists(folder):
            return []
        try:
            real = self.resolve(folder)
            names = sorted(os.listdir(real)) if real.is_dir() else []
        except Refused as exc:
            refused.append(exc)
            return []
        except OSError:
            return []
        entries = []
        for name in names:
            if is_ignored(name):
                continue
            child = folder / name
            if not is_utf8(name):
                refused.append(Refused(os.fsencode(self.rel(child)).decode("utf-8", "backslashreplace"), NOT_UTF8_NAME))
                continue
            try:
                entries.append((child, self.resolve(child)))
            except Refused as exc:
                refused.append(exc)
        return entries


def find_root(start: Path) -> Path | None:
    """The records repository holding ``start``: the nearest folder upwards with a ``preuve.yml``,
    as git finds its repository."""
    for folder in (start, *start.parents):
        if (folder / "preuve.yml").is_file():
            return folder
    return None
