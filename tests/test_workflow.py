"""The GitHub Actions workflows: valid (actionlint), pinned, and running shell that the tests run.

The reusable workflow's steps are ``preuve ci system-packages`` and ``preuve ci evidence``; here
they run on a temporary records repository, twice, the second time with the first run's
``output/`` restored as the Actions cache restores it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from preuve.doctor import DEBIAN_PACKAGES
from preuve.scaffold import init_repository
from sample import FUNDED, commit_all

SOURCE = Path(__file__).resolve().parent.parent
WORKFLOWS = SOURCE / ".github" / "workflows"


def actionlint() -> str:
    found = shutil.which("actionlint") or str(Path(sys.executable).parent / "actionlint")
    assert Path(found).exists(), "actionlint is installed with the test extras (pip install -e '.[test]')"
    return found


def load(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text())
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as true
    return workflow


def steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def test_every_workflow_and_the_one_init_writes_pass_actionlint(tmp_path):
    init_repository(tmp_path, "provider", "fr")
    files = [*sorted(WORKFLOWS.glob("*.yml")), tmp_path / ".github/workflows/evidence.yml"]
    assert {f.name for f in files} == {"evidence.yml", "records.yml", "release.yml", "tests.yml"}
    done = subprocess.run([actionlint(), "-no-color", *map(str, files)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actions_are_pinned_to_commits_and_workflows_to_preuves_version(tmp_path):
    init_repository(tmp_path, "in-house", "en")
    for path in [*WORKFLOWS.glob("*.yml"), tmp_path / ".github/workflows/evidence.yml"]:
        for uses in re.findall(r"^\s*(?:- )?uses:\s*(\S+)", path.read_text(), re.M):
            pinned = re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", uses)
            local = uses == "./.github/workflows/records.yml"
            assert pinned or local or uses == "preuve/preuve/.github/workflows/records.yml@v0.2.0", (path, uses)


def test_the_reusable_workflow_runs_the_tested_steps_and_keeps_output_in_the_cache():
    workflow = load(WORKFLOWS / "records.yml")
    inputs = workflow["on"]["workflow_call"]["inputs"]
    assert {"preuve-version", "preuve-spec", "strict", "retention-days", "release"} <= set(inputs)
    runs = [s["run"] for s in steps(workflow, "evidence") if "run" in s]
    assert runs == ['python -m pip install "$SPEC"', "preuve ci system-packages --cache ~/.cache/preuve-debs",
                    "preuve ci evidence dist"]
    caches = {s["with"]["path"]: s["with"] for s in steps(workflow, "evidence")
              if s.get("uses", "").startswith("actions/cache@")}
    assert set(caches) == {"~/.cache/pip", "~/.cache/preuve-debs", "output"}
    assert caches["output"]["key"] == "preuve-output-${{ github.ref_name }}-${{ github.sha }}"
    upload = next(s for s in steps(workflow, "evidence") if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["retention-days"] == "${{ inputs.retention-days }}"
    release = workflow["jobs"]["release"]
    assert release["if"] == "inputs.release && startsWith(github.ref, 'refs/tags/v')"
    assert "gh release create" in steps(workflow, "release")[-1]["run"]


def test_preuves_own_ci_runs_the_tests_the_demo_and_the_release_separately():
    assert [s.get("run") for s in steps(load(WORKFLOWS / "tests.yml"), "test")][-1] == ".ci/run"
    demo = load(WORKFLOWS / "evidence.yml")["jobs"]["demo"]
    assert demo["uses"] == "./.github/workflows/records.yml"
    assert demo["with"]["preuve-spec"] == "." and demo["with"]["release"] is False
    release = load(WORKFLOWS / "release.yml")
    assert release["on"] == {"push": {"tags": ["v*"]}}
    assert release["jobs"]["pypi"]["permissions"] == {"id-token": "write"}
    assert steps(release, "pypi")[-1]["uses"].startswith("pypa/gh-action-pypi-publish@")
    assert 'run: .ci/dist "$TAG"' in (WORKFLOWS / "release.yml").read_text()


def test_a_release_tag_that_does_not_name_the_version_is_refused():
    done = subprocess.run([str(SOURCE / ".ci/dist"), "v9.9.9"], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr == "error: tag v9.9.9 does not name preuve's version 0.2.0 (src/preuve/__init__.py)\n"


def ci(step: str, *args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "preuve", "ci", step, *args], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, **(env or {})})


def test_system_packages_step_finds_every_package_present_here(tmp_path):
    done = ci("system-packages", "--cache", str(tmp_path / "debs"), cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == f"system packages: all {len(DEBIAN_PACKAGES)} present\n"


def test_evidence_step_twice_with_output_restored_builds_incrementally(make_project, tmp_path):
    root = make_project(commit=True)
    outputs, summary = tmp_path / "github_output", tmp_path / "summary.md"
    env = {"GITHUB_OUTPUT": str(outputs), "GITHUB_STEP_SUMMARY": str(summary), "PREUVE_STRICT": "false"}
    first = ci("evidence", "dist", cwd=root, env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    [version] = re.findall(r"^version=(\S+)$", outputs.read_text(), re.M)
    assert first.stdout.startswith(f"output/{version}: ") and " 0 reused" in first.stdout
    dist = root / "dist"
    assert sorted(p.name for p in dist.iterdir()) == sorted([f"{version}.zip", f"{version}.zip.sha256", "SHA256SUMS"])
    verified = subprocess.run(["sha256sum", "-c", f"{version}.zip.sha256"], cwd=dist, capture_output=True, text=True)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert f"### Evidence {version}" in summary.read_text()

    # The next run of the workflow: a new commit, output/ restored from the cache.
    cache = tmp_path / "cache"
    shutil.move(root / "output", cache)
    shutil.rmtree(dist)
    attendance = root / FUNDED / "attendance.yml"
    attendance.write_text(attendance.read_text().replace("[present, absent, present, excused]",
                                                         "[present, present, present, excused]"))
    commit_all(root, "zoé came back", date="2026-11-03T09:00:00+00:00")
    shutil.move(cache, root / "output")
    second = ci("evidence", "dist", cwd=root, env=env)
    assert second.returncode == 0, second.stdout + second.stderr
    rendered, reused = map(int, re.search(r"(\d+) document\(s\) rendered, (\d+) reused", second.stdout).groups())
    assert reused > rendered > 0  # only the session that changed (and the literacy dossier) is rendered
    assert len(re.findall(r"^version=", outputs.read_text(), re.M)) == 2
    assert len([p for p in (root / "output").iterdir() if p.suffix == ".zip"]) == 2  # versions accumulate


def test_evidence_step_refuses_strict_warnings_and_drafts(make_project):
    root = make_project(commit=True)
    strict = ci("evidence", "dist", cwd=root)
    assert strict.returncode == 1 and "warning: assessment: no assessment" in strict.stderr
    (root / "data/people.yml").write_text((root / "data/people.yml").read_text() + "\n")
    draft = ci("evidence", "dist", cwd=root, env={"PREUVE_STRICT": "false"})
    assert draft.returncode == 1
    assert ("error: the build is a draft (uncommitted changes in data/people.yml (commit them to build a "
            "version)); CI publishes committed versions only") in draft.stderr
    assert not (root / "dist").exists()
