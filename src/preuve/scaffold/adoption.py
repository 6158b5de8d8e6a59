"""``preuve init`` in a team's existing repository: its own files are never overwritten, and never
silently left to do preuve's job either.

A ``Makefile``, ``README.md`` or ``.github/workflows/evidence.yml`` of the team's (one that does not
run preuve already) is kept, and preuve's version is written beside it under a name that cannot
collide: ``preuve.mk`` (targets ``preuve-build``, ``preuve-check``… that the team's Makefile
``include``\\ s without its own ``build`` or default goal changing), ``PREUVE.md``, and
``.github/workflows/preuve-evidence.yml``. A team's ``.pre-commit-config.yaml`` cannot have a
second beside it: init gives the item to add to it. The closing lines say what was kept, what was
written instead, and the one line to add.
"""

from __future__ import annotations

import re
from pathlib import Path

from .. import SOURCE_REPOSITORY, __version__

WORKFLOW = ".github/workflows/evidence.yml"
PRE_COMMIT = ".pre-commit-config.yaml"
BESIDE = {"Makefile": "preuve.mk", "README.md": "PREUVE.md", WORKFLOW: ".github/workflows/preuve-evidence.yml"}
README_LINK = {"fr": "Registres de formation et leurs preuves : voir [PREUVE.md](PREUVE.md).",
               "en": "Training records and their evidence: see [PREUVE.md](PREUVE.md)."}
INDENT = "    "

# A file that runs preuve, or names preuve's repository, is the team's own way of using preuve:
# kept, with nothing written beside it.
_RUNS_PREUVE = re.compile(rf"{re.escape(SOURCE_REPOSITORY)}|\$\(PREUVE\)"
                          r"|\bpreuve (?:build|check|ci|init|merge|new|serve|status|watch)\b")
_INCLUDES = re.compile(r"^\s*-?include\s+(?:.*\s)?preuve\.mk\s*$", re.M)


def text_of(path: Path) -> str:
    """The file's text; empty when it cannot be read."""
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def beside(root: Path) -> dict[str, str]:
    """The team's own files at ``root`` → where preuve's version of each is written instead."""
    return {own: other for own, other in BESIDE.items()
            if (root / own).is_file() and not _RUNS_PREUVE.search(text_of(root / own))}


def template_values(placed: dict[str, str]) -> dict[str, str]:
    """What the files init writes say of one another: the makefile and its targets' names (the
    README tells the team to run them), the workflow's file and name, where ``make`` installs
preuve (:func:`venv_of`); the records folder is the
    top of the repository (:mod:`.folder` says otherwise for a folder of a larger one)."""
    return {"makefile": placed.get("Makefile", "Makefile"),
            "target": "preuve-" if "Makefile" in placed else "",
            "workflow": placed.get(WORKFLOW, WORKFLOW),
            "workflow_name": "preuve-evidence" if WORKFLOW in placed else "evidence",
            "directory": ".", "venv": venv_of(placed)}


def venv_of(placed: dict[str, str]) -> str:
    """Where ``make`` installs preuve: ``.venv``, or ``.venv-preuve`` beside a team's Makefile,
    whose project may keep its own environment in ``.venv`` (preuve's packages would then be
    installed over its pins, or the team's over preuve's)."""
    return ".venv-preuve" if "Makefile" in placed else ".venv"


def adoption_lines(root: Path, placed: dict[str, str], kept: list[str], locale: str) -> list[str]:
    """What init kept of the team's, what it wrote instead, and the line each kept file needs
    (none once the team added it: a second init says only what is still to do)."""
    lines = []
    if "Makefile" in placed:
        lines.append("Your Makefile is kept; preuve's targets are in preuve.mk: make preuve-build, preuve-check, "
                     "preuve-serve, preuve-watch, preuve-status, preuve-doctor.")
        if not _INCLUDES.search(text_of(root / "Makefile")):
            lines += ["Add this line to your Makefile (meanwhile: make -f preuve.mk preuve-build):",
                      INDENT + "include preuve.mk"]
    if "README.md" in placed:
        lines.append("Your README.md is kept; preuve's part for the team is PREUVE.md.")
        if "PREUVE.md" not in text_of(root / "README.md"):
            lines += ["Add this line to your README.md:", INDENT + README_LINK[locale]]
    if WORKFLOW in placed:
        lines.append(f"Your {WORKFLOW} is kept; CI builds the evidence with {placed[WORKFLOW]} "
                     "(GitHub runs both: nothing to add).")
    if PRE_COMMIT in kept and SOURCE_REPOSITORY not in text_of(root / PRE_COMMIT):
        lines += [f"Your {PRE_COMMIT} is kept; add this item under its repos: (preuve's hook, "
                  "the strict check CI runs, on the staged records):",
                  INDENT + f"- {{repo: https://github.com/{SOURCE_REPOSITORY}, rev: v{__version__}, "
                  "hooks: [{id: preuve-check}]}"]
    return lines
