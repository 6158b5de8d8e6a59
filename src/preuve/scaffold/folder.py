"""``preuve init`` in a folder of a larger git repository (a team's monorepo or compliance
repository: ``records/training/preuve.yml``, the git top two levels up).

GitHub reads workflows only in the top's ``.github/workflows/`` and pre-commit only the top's
``.pre-commit-config.yaml``: written in the records folder they would never run, and nothing would
say so. There, init writes them at the top instead: the workflow as a new file named after the
folder (``preuve-records-training.yml``: never a team's, and two records folders get two
workflows) calling preuve's workflow with ``directory: records/training``, and the hook's item
with the folder as its argument. A team's own ``.pre-commit-config.yaml`` is kept, and init gives
the item to add, as for the team's files beside the records (:mod:`.adoption`).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .. import SOURCE_REPOSITORY, __version__
from ..provenance import run_git
from .adoption import INDENT, PRE_COMMIT, WORKFLOW, text_of

# What the hook checks in the records folder: the hook's own `files:` (.pre-commit-hooks.yaml),
# under the folder.
HOOK_FILES = r"(preuve\.yml|data/|content/|layouts/)"


@dataclass(frozen=True)
class Folder:
    """Records at ``top / directory``, a folder of the git repository whose top is ``top``."""

    top: Path
    directory: str

    @property
    def workflow(self) -> str:
        """The workflow init writes, from the top: named after the folder, so it is never a team's
        file and each records folder of the repository has its own."""
        slug = re.sub(r"[^a-z0-9_.]+", "-", self.directory.lower()).strip("-.")
        return f".github/workflows/preuve-{slug}.yml"

    def targets(self, root: Path) -> dict[str, str]:
        """Files init writes at the top instead of in the records folder ``root``: template target
        → path from ``root`` (as init lists what it wrote)."""
        return {WORKFLOW: self.shown(root, self.workflow), PRE_COMMIT: self.shown(root, PRE_COMMIT)}

    def shown(self, root: Path, rel: str) -> str:
        return Path(os.path.relpath(self.top / rel, root)).as_posix()

    def hook_args(self) -> str:
        return _flow([self.directory])

    def hook_files(self) -> str:
        return _flow([f"^{re.escape(self.directory)}/{HOOK_FILES}"])[1:-1]

    def template_values(self, root: Path, makefile: str) -> dict[str, str]:
        """What the files init writes say of one another, from where each is: the Makefile names
        the workflow from the records folder, the workflow names the Makefile from the top."""
        return {"directory": self.directory, "directory_value": _flow([self.directory])[1:-1],
                "workflow": self.shown(root, self.workflow),
                "workflow_name": Path(self.workflow).stem, "makefile": f"{self.directory}/{makefile}",
                "paths": _flow([f"{_filter_pattern(self.directory)}/**", self.workflow]),
                "hook_args": self.hook_args(), "hook_files": self.hook_files()}


def records_folder(root: Path) -> Folder | None:
    """The git repository ``root`` (which may not exist yet) is a folder of; ``None`` when
    ``root`` is the top of its repository, or in none."""
    existing = next((p for p in (root, *root.parents) if p.is_dir()), None)
    top = run_git(existing, "rev-parse", "--show-toplevel") if existing else None
    if not top:
        return None
    top_path = Path(top).resolve()
    if top_path == root or not root.is_relative_to(top_path):
        return None
    return Folder(top_path, root.relative_to(top_path).as_posix())


def folder_lines(folder: Folder, root: Path, kept: list[str]) -> list[str]:
    """What init says of the files it wrote at the top (or kept there): the workflow and the hook
    that run on these records, the item a team's own ``.pre-commit-config.yaml`` needs, and the
    files of an earlier init in the records folder that GitHub and pre-commit never read."""
    where = folder.directory
    lines = [f"These records are in {where}, a folder of the git repository {folder.top}: GitHub and "
             "pre-commit read their files only at its top."]
    if folder.shown(root, folder.workflow) not in kept or _names(text_of(folder.top / folder.workflow), where):
        lines.append(f"CI builds them with {folder.workflow} there (directory: {where}; GitHub runs it beside "
                     "your own workflows: nothing to add).")
    else:
        lines.append(f"Your {folder.workflow} there is kept and does not call preuve's workflow with directory: "
                     f"{where}: CI does not build these records until it does.")
    if folder.shown(root, PRE_COMMIT) not in kept or _names(text_of(folder.top / PRE_COMMIT), where):
        lines.append(f"pre-commit runs preuve's hook on them from {PRE_COMMIT} there (args: {folder.hook_args()}); "
                     "run pre-commit install once.")
    else:
        lines += [f"Your {PRE_COMMIT} there is kept; add this item under its repos: (preuve's hook, the strict "
                  f"check CI runs, on the staged records of {where}):", INDENT + hook_item(folder)]
    for unread, reader in ((WORKFLOW, "GitHub runs only the workflows"), (PRE_COMMIT, "pre-commit reads only the one")):
        if (root / unread).is_file():
            lines.append(f"warning: {where}/{unread} is never run: {reader} at the top of the repository")
    return lines


def hook_item(folder: Folder) -> str:
    """The item of ``.pre-commit-config.yaml`` running preuve's hook on the folder's records."""
    return (f"- {{repo: https://github.com/{SOURCE_REPOSITORY}, rev: v{__version__}, hooks: [{{id: preuve-check, "
            f"args: {folder.hook_args()}, files: {folder.hook_files()}}}]}}")


def _names(text: str, directory: str) -> bool:
    """Whether a workflow or a pre-commit configuration runs preuve's on ``directory`` already: a
    value of it is the folder, not merely holds its name (``rec`` is in ``records/training``)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return False
    return SOURCE_REPOSITORY in text and directory in _scalars(data)


def _scalars(data: object) -> set[str]:
    """Every string value of a parsed YAML document, lists' items included."""
    if isinstance(data, dict):
        return set().union(*map(_scalars, data.values()))
    if isinstance(data, list):
        return set().union(*map(_scalars, data))
    return {data} if isinstance(data, str) else set()


def _filter_pattern(directory: str) -> str:
    """``directory`` as a GitHub filter pattern matching that folder only: ``*?+[]!`` and ``\\``
    escaped (``c++ training`` was an invalid pattern, ``records [old]`` matched ``records o``)."""
    return re.sub(r"([*?+\[\]!\\])", r"\\\1", directory)


def _flow(value: list[str]) -> str:
    """``value`` as a YAML flow sequence (quoted only where YAML needs it)."""
    return yaml.safe_dump(value, default_flow_style=True, width=10_000, allow_unicode=True).strip()

