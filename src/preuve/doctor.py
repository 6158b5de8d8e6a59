"""``preuve doctor`` and ``preuve --version``: what this machine brings to a build, and what to fix.

In the spirit of ``weasyprint --info``, ``hugo env`` and ``jekyll doctor``. Each probe returns a
:class:`Finding`; a problem carries the command that fixes it on Debian/Ubuntu and on macOS. A
build cannot work without WeasyPrint and Pango, or without a writable ``output/``; without
HarfBuzz subsetting or with other fonts it works, but slower or with other bytes than CI's
(``docs/performance.md``, reproducibility).
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from . import __version__
from .outputs.writer import not_a_folder

# What a build needs on Debian and Ubuntu: Pango (WeasyPrint's text layout), HarfBuzz subsetting
# (fast, byte-reproducible font subsets), the fonts the built-in layouts name, and git (versions
# are named after commits). Fonts are part of the output bytes: these exact packages. Liberation
# and DejaVu set the documents' look; Noto covers the scripts staff write their names in (core:
# Greek, Cyrillic, Arabic, Hebrew, Devanagari and more; cjk: Chinese, Japanese, Korean;
# color-emoji: emoji and their ZWJ sequences), so no name prints as empty boxes.
DEBIAN_PACKAGES = ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fontconfig",
                   "fonts-liberation2", "fonts-dejavu-core", "fonts-noto-core", "fonts-noto-cjk",
                   "fonts-noto-color-emoji", "git")
HOMEBREW_PACKAGES = ("pango", "harfbuzz", "fontconfig", "git")
HOMEBREW_FONTS = ("font-liberation", "font-dejavu", "font-noto-sans", "font-noto-sans-cjk", "font-noto-color-emoji")

# The Debian package that holds each font family the built-in layouts use.
FONT_PACKAGES = {"Liberation Sans": "fonts-liberation2", "Liberation Serif": "fonts-liberation2",
                 "Liberation Mono": "fonts-liberation2", "DejaVu Sans": "fonts-dejavu-core",
                 "DejaVu Serif": "fonts-dejavu-core", "DejaVu Sans Mono": "fonts-dejavu-core"}
GENERIC_FAMILIES = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "emoji", "math"}
MIN_PANGO = (1, 44)


@dataclass(frozen=True, slots=True)
class Fix:
    debian: str
    macos: str


@dataclass(frozen=True, slots=True)
class Finding:
    name: str
    state: str  # ok | warn (builds work, but slower or other bytes) | fail (builds cannot work)
    detail: str
    fix: Fix | None = None


def _apt(*packages: str) -> str:
    return "sudo apt-get install -y " + " ".join(packages)


def _brew(*packages: str, cask: bool = False) -> str:
    return "brew install " + ("--cask " if cask else "") + " ".join(packages)


def _run(*command: str) -> str | None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def python_finding() -> Finding:
    ok = sys.version_info >= (3, 11)
    return Finding("Python", "ok" if ok else "fail", f"{platform.python_version()} ({sys.executable})",
                   None if ok else Fix(_apt("python3.11"), _brew("python@3.12")))


def engine() -> dict[str, str | bool | None]:
    """WeasyPrint, Pango and HarfBuzz as this process loads them; ``error`` when they cannot load."""
    try:
        import weasyprint
        from weasyprint.text import ffi

        from .render.engine import harfbuzz_subsetting
    except (OSError, ImportError) as exc:
        return {"error": f"{type(exc).__name__}: {exc}"}
    pango = ffi.pango.pango_version()
    return {"weasyprint": weasyprint.__version__, "pydyf": version("pydyf"),
            "pango": f"{pango // 10000}.{pango // 100 % 100}.{pango % 100}",
            "harfbuzz": _harfbuzz_version(), "harfbuzz_subset": harfbuzz_subsetting()}


def _harfbuzz_version() -> str | None:
    from cffi import FFI

    lib_ffi = FFI()
    lib_ffi.cdef("const char *hb_version_string (void);")
    for name in ("libharfbuzz.so.0", "libharfbuzz.0.dylib", "harfbuzz"):
        try:
            return lib_ffi.string(lib_ffi.dlopen(name).hb_version_string()).decode()
        except (OSError, AttributeError):
            continue
    return None


def engine_findings(facts: dict[str, str | bool | None]) -> list[Finding]:
    if "error" in facts:
        return [Finding("WeasyPrint and Pango", "fail", f"cannot be loaded: {facts['error']}",
                        Fix(_apt("libpango-1.0-0", "libpangoft2-1.0-0"), _brew("pango")))]
    pango = str(facts["pango"])
    recent = tuple(int(p) for p in pango.split(".")[:2]) >= MIN_PANGO
    found = [Finding("WeasyPrint", "ok", f"{facts['weasyprint']} (pydyf {facts['pydyf']})"),
             Finding("Pango", "ok" if recent else "fail",
                     pango if recent else f"{pango}: WeasyPrint needs Pango 1.44 or later",
                     None if recent else Fix(_apt("libpango-1.0-0"), _brew("pango")))]
    if facts["harfbuzz_subset"]:
        found.append(Finding("HarfBuzz subsetting", "ok", f"HarfBuzz {facts['harfbuzz']}: fast, byte-reproducible PDFs"))
    else:
        found.append(Finding("HarfBuzz subsetting", "warn",
                             "missing: WeasyPrint falls back to fontTools, builds are several times slower "
                             "and PDFs are not byte-reproducible", Fix(_apt("libharfbuzz-subset0"), _brew("harfbuzz"))))
    return found


def layout_fonts(stylesheet: Path) -> list[str]:
    """The font families a stylesheet names, in order of first use, generic families left out."""
    families: list[str] = []
    for declaration in re.findall(r"font-family\s*:\s*([^;}]+)", stylesheet.read_text(encoding="utf-8")):
        for name in declaration.split(","):
            name = name.strip().strip("\"'")
            if name and name.casefold() not in GENERIC_FAMILIES and name not in families:
                families.append(name)
    return families


def font_finding(family: str) -> Finding:
    """Which file fontconfig gives for ``family``, and whether it is the Debian package CI uses."""
    package = FONT_PACKAGES.get(family)
    fix = Fix(_apt(package), _brew(*HOMEBREW_FONTS, cask=True)) if package else None
    matched = _run("fc-match", "-f", "%{family}|%{file}", family)
    if matched is None:
        return Finding(f"font {family}", "warn", "fontconfig (fc-match) is not available",
                       Fix(_apt("fontconfig"), _brew("fontconfig")))
    got_family, _, file = matched.partition("|")
    if family.casefold() not in (f.strip().casefold() for f in got_family.split(",")):
        return Finding(f"font {family}", "warn", f"not installed: {got_family} ({file}) is used instead, "
                       "so documents look different and their bytes differ from CI's", fix)
    owner = _run("dpkg-query", "-S", file) if shutil.which("dpkg-query") else None
    owner_package = owner.split(":")[0] if owner else None
    if package is None or owner_package == package:
        packaged = f" (Debian {owner_package} {_run('dpkg-query', '-W', '-f', '${Version}', owner_package)})" \
            if owner_package else ""
        return Finding(f"font {family}", "ok", f"{file}{packaged}")
    return Finding(f"font {family}", "warn", f"{file} is not from the Debian package {package}: documents "
                   "render, but their bytes differ from builds on Debian or Ubuntu (CI)", fix)


def git_finding() -> Finding:
    found = _run("git", "--version")
    if found is None:
        return Finding("git", "warn", "not found: every build is a draft, named after the records' content",
                       Fix(_apt("git"), _brew("git")))
    return Finding("git", "ok", found.removeprefix("git version "))


def output_finding(project: Path | None) -> Finding:
    if project is None:
        return Finding("records", "ok", "not inside a records repository (no preuve.yml here or above)")
    output = project / "output"
    if (problem := not_a_folder(output)) is not None:
        return Finding("output/", "fail", f"{output} {problem}")
    folder = output if output.exists() else project
    writable = folder.is_dir() and _writable(folder)
    return Finding("output/", "ok" if writable else "fail",
                   f"{output} is writable" if writable else f"{folder} is not a writable folder: builds cannot be written",
                   None if writable else Fix(f"sudo chown -R \"$USER\" {folder}", f"sudo chown -R \"$USER\" {folder}"))


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


def findings(project: Path | None, stylesheet: Path) -> list[Finding]:
    facts = engine()
    found = [python_finding(), Finding("preuve", "ok", f"{__version__} ({Path(__file__).parent})"),
             *engine_findings(facts)]
    found += [font_finding(family) for family in layout_fonts(stylesheet)]
    found += [git_finding(), output_finding(project)]
    return found


def version_report() -> str:
    """``preuve --version``: preuve, WeasyPrint, Pango and HarfBuzz subsetting, in three lines."""
    facts = engine()
    lines = [f"preuve {__version__} (Python {platform.python_version()})"]
    if "error" in facts:
        lines.append(f"WeasyPrint cannot be loaded ({facts['error']}): run `preuve doctor`")
        return "\n".join(lines)
    lines.append(f"WeasyPrint {facts['weasyprint']}, Pango {facts['pango']}, HarfBuzz {facts['harfbuzz'] or '?'}")
    lines.append("HarfBuzz font subsetting: " + ("available" if facts["harfbuzz_subset"]
                                               else "missing (slow builds, PDFs not byte-reproducible)"))
    return "\n".join(lines)
