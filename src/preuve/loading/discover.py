"""The only place that lists folders of the records repository.

Listings are sorted and skip hidden files, editor leftovers and READMEs, so that two checkouts
of one commit see exactly the same files in the same order.
"""

from __future__ import annotations

from pathlib import Path

IGNORED_NAMES = {"README.md", "README", ".DS_Store", "Thumbs.db", "desktop.ini"}


def is_ignored(name: str) -> bool:
    return (
        name.startswith(".")
        or name.startswith("~$")
        or name.endswith("~")
        or name.endswith((".swp", ".swx", ".tmp"))
        or name in IGNORED_NAMES
    )


def list_dirs(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not is_ignored(p.name))


def list_files(folder: Path) -> list[Path]:
    """Every regular file below ``folder``, recursively, sorted by relative path."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.rglob("*"):
        rel = path.relative_to(folder)
        if any(is_ignored(part) for part in rel.parts):
            continue
        if path.is_file() and not path.is_symlink():
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def find_root(start: Path) -> Path | None:
    """The nearest folder from ``start`` upwards that holds a ``preuve.yml``, as git finds its repository."""
    for folder in (start, *start.parents):
        if (folder / "preuve.yml").is_file():
            return folder
    return None
