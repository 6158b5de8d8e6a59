"""The steps of preuve's reusable GitHub Actions workflow, as shell scripts shipped in the package.

The workflow (``.github/workflows/records.yml`` in preuve's repository) runs
``preuve ci system-packages`` and ``preuve ci evidence``, and for a build split across runners
``preuve ci plan``, ``preuve ci shard`` and ``preuve ci evidence DIST SHARD…`` (the merge); the
same scripts run here, on any machine, and in the tests, so what CI does is what was tested.
``common.sh`` holds what they share. ``preuve ci pre-commit`` is the pre-commit hook (the same
strict check as CI, on what is being committed). ``docs/ci.md`` and ``docs/sharding.md`` describe them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent


def run_step(step: str, args: list[str]) -> int:
    """Run ``<step>.sh`` with ``args`` by the shell its first line names (the workflow's steps are
    bash, the pre-commit hook POSIX ``sh``, as a git hook runs it): a wheel does not keep the
    scripts executable. The scripts call this very preuve through ``PREUVE_PYTHON``, in the records
    folder: ``PYTHONSAFEPATH`` keeps Python from importing from there first (``python -m preuve``
    and ``-c`` put the current folder ahead of everything, and a ``preuve.py`` or ``json.py``
    committed beside the records ran instead of preuve, in CI and in a maintainer's hook)."""
    script = SCRIPTS / f"{step}.sh"
    shell = script.read_text(encoding="utf-8").partition("\n")[0].split()[-1].rsplit("/", 1)[-1]
    env = {**os.environ, "PREUVE_PYTHON": sys.executable, "PYTHONSAFEPATH": "1"}
    return subprocess.call([shell, str(script), *args], env=env)
