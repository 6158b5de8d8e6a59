"""What the PDF engine is, known without starting it: the PDF options, the built-in layouts'
folder and the stylesheet's name, whether fonts are subset with HarfBuzz, and the error a
document that cannot be made raises.

Nothing here imports WeasyPrint (0.4 s and 60 MB): a build of a commit that is already built
computes its build key from these and stops before the engine is loaded or a worker forked.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

BUILTIN_LAYOUTS = Path(__file__).resolve().parent.parent / "layouts"
PDF_STYLESHEET = "print.css"
PDF_OPTIONS = {"pdf_variant": "pdf/a-3b", "pdf_identifier": True}

# The names WeasyPrint tries (``weasyprint/text/ffi.py``), file names first: opening one directly
# costs nothing, while ``find_library`` runs ``ldconfig`` (and a compiler when it finds nothing).
_HARFBUZZ = ("libharfbuzz.so.0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll", "libharfbuzz-0", "harfbuzz",
             "harfbuzz-0.0")
_HARFBUZZ_SUBSET = ("libharfbuzz-subset.so.0", "libharfbuzz-subset.0.dylib", "libharfbuzz-subset-0.dll",
                    "libharfbuzz-subset-0", "harfbuzz-subset", "harfbuzz-subset-0.0")


def _open(names: tuple[str, ...]) -> ctypes.CDLL | None:
    """The first library of ``names`` that loads, as cffi's ``dlopen`` looks a name up."""
    for name in names:
        path = name if "." in name or "/" in name else ctypes.util.find_library(name)
        if path is None:
            continue
        try:
            return ctypes.CDLL(path)
        except OSError:
            continue
    return None


@cache
def _libraries_subset() -> bool:
    harfbuzz, subset = _open(_HARFBUZZ), _open(_HARFBUZZ_SUBSET)
    if harfbuzz is None or subset is None:
        return False
    at_least = harfbuzz.hb_version_atleast
    at_least.argtypes = [ctypes.c_uint, ctypes.c_uint, ctypes.c_uint]
    return bool(at_least(4, 1, 0))


def harfbuzz_subsetting() -> bool:
    """Whether WeasyPrint subsets fonts with HarfBuzz: the subset library loads and HarfBuzz is
    4.1 or later (WeasyPrint's own test, ``weasyprint/pdf/fonts.py``), else it falls back to
    fontTools. When WeasyPrint is already loaded, its own judgement is taken as it stands (a
    program may have turned the subsetter off)."""
    fonts = sys.modules.get("weasyprint.pdf.fonts")
    if fonts is not None:
        return bool(fonts.harfbuzz_subset) and bool(fonts.harfbuzz.hb_version_atleast(4, 1, 0))
    return _libraries_subset()


def load_engine() -> None:
    """Import WeasyPrint, its shared libraries looked up the quick way: a process imports it
    once, before forking the workers that share it.

    WeasyPrint tries each library under several names, Windows's first (``libpango-1.0-0``);
    cffi hands every name without a dot to ``ctypes.util.find_library``, which on Linux runs
    ``ldconfig`` and, when that finds nothing, ``gcc`` and ``ld``: a dozen failed look-ups, 0.15 s
    of a 0.45 s import (``docs/performance.md``). During the import a name is looked up in
    ``ldconfig``'s cache only; a library it does not list is still loaded by its file name
    (``libpango-1.0.so.0``), which WeasyPrint tries next, through the system's loader: the very
    name ``gcc`` or ``ld`` would have given, opened by the same loader. The same libraries load,
    so the same bytes come out.

    Then every object the process holds so far, its imported code above all, is frozen
    (``gc.freeze``): kept for the process's life anyway, it is left out of the collector's passes
    during the build, of the sweep at exit, and so of the pages the forked workers share
    (copy-on-write). A first draft took 0.2 s less (``docs/performance.md``)."""
    if "weasyprint" in sys.modules:
        return
    with _cached_library_lookup():
        import weasyprint  # noqa: F401
    gc.freeze()


@contextmanager
def _cached_library_lookup() -> Iterator[None]:
    ldconfig = getattr(ctypes.util, "_findSoname_ldconfig", None)  # the first step of find_library on Linux
    if not sys.platform.startswith("linux") or ldconfig is None:
        yield
        return
    original, ctypes.util.find_library = ctypes.util.find_library, ldconfig
    try:
        yield
    finally:
        ctypes.util.find_library = original


class RenderError(Exception):
    """A document that could not be made; picklable, as it crosses from worker processes.

    ``where`` is the layout line to blame (``layouts/certificate.html.j2:12``), named first: the
    fix is there, not in the document."""

    def __init__(self, output: str, message: str, where: str | None = None):
        super().__init__(output, message, where)
        self.output = output
        self.message = message
        self.where = where

    def __str__(self) -> str:
        if self.where:
            return f"{self.where}: {self.message} (while making {self.output})"
        return f"cannot render {self.output}: {self.message}"
