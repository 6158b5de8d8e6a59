"""The GitHub Actions workflow stays valid and pinned (linted with actionlint)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

WORKFLOWS = Path(__file__).resolve().parent.parent / ".github" / "workflows"


def actionlint() -> str:
    found = shutil.which("actionlint") or str(Path(sys.executable).parent / "actionlint")
    assert Path(found).exists(), "actionlint is installed with the test extras (pip install -e '.[test]')"
    return found


def test_workflows_pass_actionlint():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert files
    done = subprocess.run([actionlint(), "-no-color", *map(str, files)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n"
                      "      - run: echo ${{ github.evnt.name }}\n")
    done = subprocess.run([actionlint(), "-no-color", str(broken)], capture_output=True, text=True)
    assert done.returncode != 0 and "evnt" in done.stdout


def test_actions_are_pinned_to_commits_and_the_workflow_does_what_it_must():
    text = (WORKFLOWS / "evidence.yml").read_text()
    uses = re.findall(r"uses:\s*(\S+)", text)
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u) for u in uses), uses
    workflow = yaml.safe_load(text)
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads "on" as true
    assert {"push", "pull_request"} <= set(triggers)
    steps = " ".join(str(s.get("run", "")) for s in workflow["jobs"]["build"]["steps"])
    for command in ("make check", "make test", "make build"):
        assert command in steps
    assert "gh release create" in str(workflow["jobs"]["release"]["steps"])
    assert workflow["jobs"]["release"]["if"].startswith("startsWith(github.ref, 'refs/tags/")
