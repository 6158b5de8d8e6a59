"""The first two stages, shared by every command: load the files, then validate them."""

from __future__ import annotations

from pathlib import Path

from .diagnostics import Diagnostics
from .loading.project import load_project
from .records import Records
from .validate import validate


def read_records(root: Path) -> tuple[Records | None, Diagnostics]:
    """Load and validate the repository at ``root``; ``None`` records when any error was found."""
    diag = Diagnostics()
    if not (root / "preuve.yml").is_file():
        diag.error(str(root), 0, "", "no preuve.yml here: not a preuve records repository "
                   "(run from its folder or pass --project DIR)")
        return None, diag
    raw = load_project(root, diag)
    records = validate(raw, diag)
    return records, diag
