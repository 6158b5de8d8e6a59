"""Everything besides a document's own data that can change its bytes, hashed into one string.

A document is reused from an earlier version only when its data *and* this fingerprint match:
preuve's version and code, WeasyPrint's and pydyf's versions, the font subsetter in use, the PDF
options, every layout file (built-in and the project's overrides) and the installed fonts. Any
doubt means re-render.
"""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Iterable
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from .. import __version__
from ..boundary import Boundary
from .engine import BUILTIN_LAYOUTS, PDF_OPTIONS, harfbuzz_subsetting


@lru_cache(maxsize=1)
def _fonts() -> str:
    try:
        listing = subprocess.run(["fc-list", "--format", "%{file}|%{fontversion}\n"],
                                 capture_output=True, text=True, check=False).stdout
    except OSError:
        listing = "fc-list unavailable"
    return _digest(sorted(listing.splitlines()))


def _hashed(folder: Path, files: Iterable[Path], read=lambda p: p.read_bytes()) -> list[str]:
    return [f"{p.relative_to(folder).as_posix()}={hashlib.sha256(read(p)).hexdigest()}" for p in files]


def _folder(boundary: Boundary, folder: Path) -> list[str]:
    """Hashes of the files of ``folder``; the load stage has refused links out of the repository,
    and none is read here either (one found is left out: the build stops on it anyway)."""
    return _hashed(folder, boundary.files(folder, []), boundary.read)


@lru_cache(maxsize=1)
def _code() -> str:
    """preuve's own Python files: a filter or a renderer changed between two builds of the same
    version number (a development install, a patched copy) must not reuse older documents."""
    package = Path(__file__).resolve().parent.parent
    return _digest(_hashed(package, sorted(package.rglob("*.py"))))


def engine_parts(project_root: Path) -> dict[str, str]:
    """Each thing besides the records that shapes a document's bytes, by name: the manifest keeps
    them, so a later build of the same commit can say which one changed."""
    return {
        "preuve": __version__, "preuve code": _code(),
        "WeasyPrint": version("weasyprint"), "pydyf": version("pydyf"),
        "HarfBuzz subsetting": "yes" if harfbuzz_subsetting() else "no",
        "PDF options": str(sorted(PDF_OPTIONS.items())),
        "fonts": _fonts(),
        "built-in layouts": _digest(_folder(Boundary(BUILTIN_LAYOUTS), BUILTIN_LAYOUTS)),
        "project layouts": _digest(_folder(Boundary(project_root), project_root / "layouts")),
    }


def engine_fingerprint(parts: dict[str, str]) -> str:
    return _digest(f"{name}={value}" for name, value in sorted(parts.items()))


def changed_parts(before: dict[str, str], now: dict[str, str]) -> list[str]:
    """``["WeasyPrint 70.0 → 71.0", "fonts"]``: versions are shown, hashes only named."""
    changed = []
    for name in sorted(set(before) | set(now)):
        old, new = before.get(name), now.get(name)
        if old != new:
            shown = old is not None and new is not None and len(new) < 20 and len(old) < 20
            changed.append(f"{name} {old} → {new}" if shown else name)
    return changed


def _digest(lines: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()
