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
from .pdf import PDF_OPTIONS, harfbuzz_subsetting
from .templates import BUILTIN_LAYOUTS


@lru_cache(maxsize=1)
def _fonts() -> str:
    try:
        listing = subprocess.run(["fc-list", "--format", "%{file}|%{fontversion}\n"],
                                 capture_output=True, text=True, check=False).stdout
    except OSError:
        listing = "fc-list unavailable"
    return hashlib.sha256("\n".join(sorted(listing.splitlines())).encode()).hexdigest()


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
    return hashlib.sha256("\n".join(_hashed(package, sorted(package.rglob("*.py")))).encode()).hexdigest()


def engine_fingerprint(project_root: Path) -> str:
    parts = [
        f"preuve={__version__}", f"code={_code()}",
        f"weasyprint={version('weasyprint')}", f"pydyf={version('pydyf')}",
        f"harfbuzz-subset={harfbuzz_subsetting()}", f"options={sorted(PDF_OPTIONS.items())}",
        f"fonts={_fonts()}",
        *(f"builtin:{x}" for x in _folder(Boundary(BUILTIN_LAYOUTS), BUILTIN_LAYOUTS)),
        *(f"project:{x}" for x in _folder(Boundary(project_root), project_root / "layouts")),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
