"""The first two stages, shared by every command: load the files, then validate them.

Every command reads the records through :func:`read_records`; a build does so in a child process
(``processes.py``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .diagnostics import Diagnostics
from .fonts import installed_charset
from .loading.project import load_project
from .provenance import GitState, git_state, records_date
from .records import Records
from .render.templates import Layouts
from .validate import validate
from .validate.completeness import completeness_warnings


def read_records(root: Path, state: GitState | str | None = None) -> tuple[Records | None, Diagnostics]:
    """Load and validate the repository at ``root``; ``None`` records when any error was found.

    ``state``: git's, when the caller has looked already (a build); else looked up here. It dates
    the records for validation, so ``check``, ``build`` and ``status`` give the same verdict: a
    commit's date, or today for a draft (:func:`~preuve.provenance.records_date`)."""
    diag = Diagnostics()
    if not (root / "preuve.yml").is_file():
        diag.error(str(root), 0, "", "no preuve.yml here: not a preuve records repository "
                   "(run from its folder or pass --project DIR)")
        return None, diag
    state = git_state(root) if state is None else state
    when = records_date(state, date.today())
    raw = load_project(root, diag)
    records = validate(raw, diag, when, installed_charset())
    if isinstance(state, GitState) and state.output_files:
        diag.warning("output", 0, "", f"{state.output_files} file(s) here are committed to git: a build reuses "
                     "what output/ holds, and a commit (a pull request) could change a version's documents and "
                     "manifests there; remove them from git (git rm -r --cached output) and add output/ to "
                     ".gitignore")
    if records is not None:
        completeness_warnings(records, raw, Layouts(root).catalogs["en"], diag)
    return records, diag
