"""Compiled layouts kept between runs, as Python keeps ``__pycache__``: a build started from
nothing spent a third of its pages' time, and each worker part of its first document's, compiling
the same templates again.

The cache is Jinja's (``FileSystemBytecodeCache``): one file per layout, used only while the
layout's source has the checksum it was compiled from, written to a temporary name and renamed.
Its folder is the user's (``$XDG_CACHE_HOME/preuve`` or ``~/.cache/preuve``), private (0700,
owned by the user, else unused), and named after everything that shapes compiled code besides
the source: Python's and Jinja's versions and this package's template environment. No folder
can be made (a read-only home): layouts are compiled each time, as before.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from functools import cache
from importlib.metadata import version
from pathlib import Path

from jinja2 import FileSystemBytecodeCache


def _folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    shaping = f"{sys.version_info[:2]} jinja2 {version('jinja2')} {(Path(__file__).parent / 'templates.py').read_bytes()!r}"
    return Path(base) / "preuve" / f"layouts-{hashlib.sha256(shaping.encode()).hexdigest()[:16]}"


def _private(folder: Path) -> bool:
    """``folder`` and its parent exist (made private if new), are this user's, and nobody else
    can write in them."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        for each in (folder, folder.parent):
            info = os.lstat(each)
            if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o022:
                return False
    except OSError:
        return False
    return True


@cache
def compiled_cache() -> FileSystemBytecodeCache | None:
    """The cache for this process, or ``None`` when there can be none here."""
    folder = _folder()
    return FileSystemBytecodeCache(str(folder)) if _private(folder) else None
