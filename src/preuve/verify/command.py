"""``preuve verify FILE|CODE``: which form was given, against which version, and the usage errors
(exit 2) of both forms. An existing file is always a file; anything else must read as a
verification code (``code.py``)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from .check import Verdict, VersionNotFound, verify_file
from .code import read_code, verify_code
from .pdf import UnreadableAnchor


def target_of(words: tuple[str, ...]) -> tuple[str, Path | str]:
    """``(what was typed, the file or the verification code it names)``. A code typed with spaces
    and no quotes is several words."""
    given = " ".join(words)
    if Path(given).is_file():
        return given, Path(given)
    code = read_code(given)
    if code is None:
        what = "a folder" if Path(given).is_dir() else "no such file"
        raise click.UsageError(f"{given!r}: {what}, and not a verification code (XXXX-XXXX-XXXX, letters A-Z and "
                               "figures 2-7): give a document's PDF (preuve verify FILE.pdf) or the code printed on "
                               "it (preuve verify CODE)")
    return given, code


def run_verify(given: str, target: Path | str, version: Path, trust: list[Path]) -> Verdict:
    """The verdict on ``target`` (from :func:`target_of`) against ``version``."""
    if version.is_symlink() and not version.exists():
        raise click.UsageError(f"{version} points to {os.readlink(version)}, which is not there (moved or deleted): "
                               "build again, or give the version with --in")
    if not version.exists():
        raise click.UsageError(f"no {version}: build first, or give the version with --in")
    try:
        if isinstance(target, Path):
            return verify_file(target, version, trust)
        if trust:
            raise click.UsageError("--trust checks a file's signature: give the file, not its code")
        verdict = verify_code(target, version)
    except (VersionNotFound, UnreadableAnchor) as exc:
        raise click.UsageError(str(exc)) from None
    if given.strip() != target:
        verdict.lines.insert(1, f"typed:     {given!r}, read as {target}")
    return verdict
