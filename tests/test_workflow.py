"""The GitHub Actions workflows: valid (actionlint), pinned, and running shell that the tests run.

The reusable workflow's steps are ``preuve ci system-packages`` and ``preuve ci evidence`` (and
for a sharded run ``preuve ci plan``, ``preuve ci shard`` and ``preuve ci evidence DIST SHARD…``);
here they run on a temporary records repository, twice, the second time with the first run's
``output/`` restored as the Actions cache restores it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from preuve.diagnostics import shorten
from preuve.doctor import DEBIAN_PACKAGES
from preuve.scaffold import init_repository
from sample import FUNDED, commit_all, git, write_files

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


def at(workflow: dict, value: str, directory: str = ".") -> str:
    """``value`` of the reusable workflow as GitHub reads it for a caller's ``directory`` input: its
    ``${{ }}`` expressions on ``inputs.directory`` and the workflow's ``env`` evaluated (the
    operators they use mean in Python what they mean in GitHub's expressions), the others kept."""
    def evaluate(text: str, env: dict[str, str]) -> str:
        names = {"inputs": SimpleNamespace(directory=directory), "env": SimpleNamespace(**env),
                 "format": lambda pattern, *args: pattern.format(*args)}

        def one(match: re.Match) -> str:
            try:
                return str(eval(match[1].replace("&&", " and ").replace("||", " or "), {"__builtins__": {}}, names))
            except (NameError, AttributeError):
                return match[0]  # github.sha, needs.…: not the directory's business
        return re.sub(r"\$\{\{\s*(.*?)\s*\}\}", one, text)

    env = {name: evaluate(text, {}) for name, text in workflow.get("env", {}).items()}
    return evaluate(value, env)


def test_every_workflow_and_the_one_init_writes_pass_actionlint(tmp_path):
    init_repository(tmp_path, "provider", "fr")
    team = tmp_path / "team"  # a repository with its own evidence.yml: preuve's goes beside it
    (team / ".github/workflows").mkdir(parents=True)
    (team / ".github/workflows/evidence.yml").write_text("name: evidence\n")
    init_repository(team, "in-house", "en")
    files = [*sorted(WORKFLOWS.glob("*.yml")), tmp_path / ".github/workflows/evidence.yml",
             team / ".github/workflows/preuve-evidence.yml"]
    assert {f.name for f in files} == {"evidence.yml", "records.yml", "release.yml", "tests.yml", "preuve-evidence.yml"}
    done = subprocess.run([actionlint(), "-no-color", *map(str, files)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_workflow_init_writes_for_records_in_a_folder_is_at_the_top_and_passes_actionlint(tmp_path):
    """GitHub runs only the workflows at the top of the repository: init writes there one that
    calls preuve's with the folder as its directory, on the changes of that folder (and its own)."""
    mono = tmp_path / "mono"
    mono.mkdir()
    git(mono, "init", "-q")
    init_repository(mono / "records/training", "in-house", "en")
    [written] = (mono / ".github/workflows").iterdir()
    assert written.name == "preuve-records-training.yml"
    done = subprocess.run([actionlint(), "-no-color", str(written)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    workflow = load(written)
    assert workflow["jobs"]["evidence"]["with"] == {"preuve-version": "0.2.0", "directory": "records/training",
                                                    "retention-days": 90, "release": False}
    assert workflow["on"]["push"] == {"branches": ["main"], "paths": ["records/training/**",
                                                                      ".github/workflows/preuve-records-training.yml"]}
    assert workflow["on"]["pull_request"] == {"paths": workflow["on"]["push"]["paths"]}


@pytest.mark.parametrize("name", ["records #1", "c++ training", "null", "2024", "a: b", "x [old]", "-dash"])
def test_the_workflow_for_a_folder_with_an_odd_name_passes_that_folder_and_its_changes(tmp_path, name):
    """A folder name is a value of YAML and a GitHub filter pattern: ``directory: records #1`` read
    ``records`` (the rest a comment), ``null`` none, and ``c++ training/**`` was an invalid pattern."""
    git(tmp_path, "init", "-q")
    init_repository(tmp_path / name, "provider", "fr")
    [written] = (tmp_path / ".github/workflows").iterdir()
    done = subprocess.run([actionlint(), "-no-color", str(written)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    workflow = load(written)
    assert workflow["jobs"]["evidence"]["with"]["directory"] == name
    [pattern, _itself] = workflow["on"]["push"]["paths"]
    assert pattern.endswith("/**") and github_filter(pattern[:-3]).fullmatch(name)
    if name != (other := name.replace("++", "+").replace("[old]", "o")):
        assert not github_filter(pattern[:-3]).fullmatch(other)


def github_filter(pattern: str) -> re.Pattern:
    """A GitHub filter pattern without ``*`` as a regular expression: ``\\`` escapes the next
    character, ``+`` repeats the one before, ``[…]`` is a class (enough for the names above)."""
    return re.compile(re.sub(r"\\(.)|([+\[\]])|(.)", lambda m: re.escape(m[1]) if m[1] else m[2] or re.escape(m[3]),
                             pattern))


def test_actions_are_pinned_to_commits_and_workflows_to_preuves_version(tmp_path):
    init_repository(tmp_path, "in-house", "en")
    for path in [*WORKFLOWS.glob("*.yml"), tmp_path / ".github/workflows/evidence.yml"]:
        for uses in re.findall(r"^\s*(?:- )?uses:\s*(\S+)", path.read_text(), re.M):
            pinned = re.fullmatch(r"[\w.-]+/[\w.-]+(/[\w.-]+)*@[0-9a-f]{40}", uses)
            local = uses == "./.github/workflows/records.yml"
            assert pinned or local or uses == "preuve/preuve/.github/workflows/records.yml@v0.2.0", (path, uses)


def test_no_checkout_leaves_the_token_in_the_repository():
    """Every job checks out with persist-credentials: false: no step pushes, and the token left in
    .git/config sat beside records that anyone may have written while preuve built them."""
    checkouts = [(path.name, step.get("with", {})) for path in WORKFLOWS.glob("*.yml")
                 for job in load(path)["jobs"].values() for step in job.get("steps", [])
                 if step.get("uses", "").startswith("actions/checkout@")]
    assert len(checkouts) == 6 and all(w.get("persist-credentials") is False for _, w in checkouts), checkouts


def test_the_reusable_workflow_runs_the_tested_steps_and_keeps_output_in_the_cache():
    workflow = load(WORKFLOWS / "records.yml")
    inputs = workflow["on"]["workflow_call"]["inputs"]
    assert {"preuve-version", "preuve-spec", "strict", "retention-days", "release", "shards"} <= set(inputs)
    assert inputs["shards"]["default"] == 1 and workflow["jobs"]["evidence"]["if"] == "inputs.shards <= 1"
    runs = [s["run"] for s in steps(workflow, "evidence") if "run" in s]
    assert runs == ['python -m pip install "$SPEC"', "preuve ci system-packages --cache ~/.cache/preuve-debs",
                    "preuve ci evidence dist"]
    caches = {at(workflow, s["with"]["path"]): s["with"] for s in steps(workflow, "evidence")
              if s.get("uses", "").startswith("actions/cache@")}
    assert set(caches) == {"~/.cache/pip", "~/.cache/preuve-debs", "output"}
    # records at the top (directory: ., the default): the cache paths and keys of earlier runs
    assert at(workflow, caches["output"]["key"]) == "preuve-output-${{ github.ref_name }}-${{ github.sha }}"
    assert at(workflow, caches["output"]["restore-keys"]) == \
        "preuve-output-${{ github.ref_name }}-\npreuve-output-\n"
    upload = next(s for s in steps(workflow, "evidence") if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["retention-days"] == "${{ inputs.retention-days }}"
    # a run's artifact names are unique: without overwrite, "Re-run all jobs" failed at this upload
    assert all(s["with"].get("overwrite") is True for job in workflow["jobs"] for s in steps(workflow, job)
               if s.get("uses", "").startswith("actions/upload-artifact@"))
    release = workflow["jobs"]["release"]
    assert release["needs"] == ["evidence", "merge"]  # whichever ran; the other was skipped
    assert release["if"] == "${{ !cancelled() && !failure() && inputs.release && startsWith(github.ref, 'refs/tags/v') }}"
    assert "gh release create" in steps(workflow, "release")[-1]["run"]
    assert steps(workflow, "release")[0]["with"]["name"] == \
        "evidence-${{ needs.evidence.outputs.version || needs.merge.outputs.version }}"


def test_a_sharded_run_plans_renders_each_shard_and_merges_with_the_plans_cache():
    workflow = load(WORKFLOWS / "records.yml")
    jobs = workflow["jobs"]
    setup = steps(workflow, "evidence")[:6]  # checkout, Python, pip, preuve, system packages
    for job in ("plan", "render", "merge"):
        assert steps(workflow, job)[:6] == setup, job  # the same engine everywhere, or the merge refuses
    assert jobs["plan"]["if"] == "inputs.shards > 1"
    assert [s["run"] for s in steps(workflow, "plan") if "run" in s][-1] == 'preuve ci plan "$SHARDS" plan'
    restore = next(s for s in steps(workflow, "plan") if s.get("id") == "output")
    assert restore["uses"].startswith("actions/cache/restore@")
    assert jobs["plan"]["outputs"]["output-cache"] == "${{ steps.output.outputs.cache-matched-key }}"
    assert jobs["render"]["strategy"]["matrix"]["shard"] == "${{ fromJSON(needs.plan.outputs.matrix) }}"
    assert [s["run"] for s in steps(workflow, "render") if "run" in s][-1] == \
        'preuve ci shard "$SHARD" plan/plan.json shard'
    assert not any("output" == at(workflow, s.get("with", {}).get("path", "")) for s in steps(workflow, "render"))
    merge = steps(workflow, "merge")
    assert jobs["merge"]["needs"] == ["plan", "render"]
    cached = next(s for s in merge if s.get("uses", "").startswith("actions/cache/restore@"))
    assert {**cached["with"], "path": at(workflow, cached["with"]["path"])} == \
        {"path": "output", "key": "${{ needs.plan.outputs.output-cache }}", "fail-on-cache-miss": True}
    assert [s["run"] for s in merge if "run" in s][-1] == "preuve ci evidence dist shards/*"
    saved = next(s for s in merge if s.get("uses", "").startswith("actions/cache/save@"))
    assert at(workflow, saved["with"]["key"]) == "preuve-output-${{ github.ref_name }}-${{ github.sha }}"
    uploaded = [s["with"]["name"] for job in ("plan", "render") for s in steps(workflow, job)
                if s.get("uses", "").startswith("actions/upload-artifact@")]
    downloaded = [s["with"].get("name") or s["with"]["pattern"] for job in ("render", "merge")
                  for s in steps(workflow, job) if s.get("uses", "").startswith("actions/download-artifact@")]
    assert uploaded == ["preuve-plan-${{ steps.plan.outputs.version }}",
                        "preuve-shard-${{ needs.plan.outputs.version }}-${{ matrix.shard }}"]
    assert downloaded == ["preuve-plan-${{ needs.plan.outputs.version }}",
                          "preuve-shard-${{ needs.plan.outputs.version }}-*"]


def test_the_reusable_workflow_runs_in_the_directory_input_and_keeps_that_folders_files():
    """Records in a folder of a larger repository (directory: records/training): every job that
    checks out runs its shell there, and its caches, artifacts, plan and shards are that folder's,
    at the same places under it as at the top (the default); two folders never share a cache."""
    workflow = load(WORKFLOWS / "records.yml")
    directory = workflow["on"]["workflow_call"]["inputs"]["directory"]
    assert directory["type"] == "string" and directory["default"] == "."
    kept = {}
    for job in ("evidence", "plan", "render", "merge"):
        assert workflow["jobs"][job]["defaults"] == {"run": {"working-directory": "${{ inputs.directory }}"}}
        install = next(s for s in steps(workflow, job) if s.get("name") == "Install preuve")
        assert install["working-directory"] == "."  # a preuve-spec path is from the top of the checkout
        for step in steps(workflow, job):
            path = step.get("with", {}).get("path", "~")
            if not path.startswith("~"):
                kept[(job, step["name"])] = (at(workflow, path), at(workflow, path, "records/training"))
    assert "defaults" not in workflow["jobs"]["release"]  # no checkout: it publishes the dist/ it downloads
    assert len(kept) == 10  # output twice per job that restores or saves it, dist, plan and shards
    for top, folder in kept.values():
        assert os.path.normpath(folder) == os.path.normpath(f"records/training/{top}"), (top, folder)
    assert {os.path.normpath(top) for top, _ in kept.values()} == {"output", "dist", "plan", "shard", "shards"}
    cache = next(s["with"] for s in steps(workflow, "evidence") if s.get("uses", "").startswith("actions/cache@")
                 and at(workflow, s["with"]["path"]) == "output")
    key, restore = (at(workflow, cache["key"], "records/training"), at(workflow, cache["restore-keys"], "records/training"))
    assert key == "preuve-output-records/training/-${{ github.ref_name }}-${{ github.sha }}"
    sibling = at(workflow, cache["key"], "records/training-2")
    for prefix in restore.splitlines():
        assert key.startswith(prefix) and not sibling.startswith(prefix), prefix


def test_evidence_and_plan_steps_in_a_folder_of_a_larger_repository(make_project, tmp_path):
    """The steps run where the workflow's ``directory`` puts them, in a monorepo whose records are
    in records/training: a committed version (an edit elsewhere in the repository is not the
    records'), its archive in the folder's dist/, its output/ where the cache keeps it; run at
    the top, a step says which input names the records folder."""
    mono = tmp_path / "mono"
    make_project(name="mono/records/training")
    write_files(mono, {"app/main.py": "print('our product')\n"})
    commit = commit_all(mono)
    (mono / "app/main.py").write_text("print('edited, not committed')\n")
    workflow = load(WORKFLOWS / "records.yml")
    job = workflow["jobs"]["evidence"]
    cwd = mono / at(workflow, job["defaults"]["run"]["working-directory"], "records/training")
    outputs = tmp_path / "github_output"
    env = {"PREUVE_STRICT": "false", "GITHUB_OUTPUT": str(outputs)}
    done = ci("evidence", "dist", cwd=cwd, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    [version] = re.findall(r"^version=(\S+)$", outputs.read_text(), re.M)
    assert version == f"20261102-100000-{commit[:10]}"  # not a draft
    upload = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    dist = mono / at(workflow, upload["with"]["path"], "records/training")
    assert sorted(p.name for p in dist.iterdir()) == sorted([f"{version}.zip", f"{version}.zip.sha256", "SHA256SUMS"])
    verified = subprocess.run(["sha256sum", "-c", f"{version}.zip.sha256"], cwd=dist, capture_output=True, text=True)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert (mono / at(workflow, "${{ env.PREUVE_OUTPUT }}", "records/training") / version / "SHA256SUMS").is_file()
    planned = ci("plan", "2", "plan", cwd=cwd, env=env)
    assert planned.returncode == 0, planned.stdout + planned.stderr
    upload = next(s for s in steps(workflow, "plan") if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert (mono / at(workflow, upload["with"]["path"], "records/training") / "plan.json").is_file()

    at_top = ci("evidence", "dist", cwd=mono, env=env)
    assert at_top.returncode == 1 and not (mono / "dist").exists()
    assert at_top.stderr == (f"error: no preuve.yml in {mono}: the steps run in the records folder (the workflow's "
                             "directory input, relative to the top of the repository, names it)\n")


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
    changed = (f"certificates against output/{version}: 2 superseded (a fact they state changed: new codes)\n"
               f"  superseded: sessions/2026-03-ia-fondamentaux/certificat-de-realisation/zoe-ndiaye.pdf\n"
               f"  superseded: sessions/2026-03-ia-fondamentaux/certificates/zoe-ndiaye.pdf\n")
    assert changed in second.stderr  # the build's log
    assert summary.read_text().endswith(f"\n```\n{changed}```\n")  # the step's summary
    assert "certificates against" not in first.stderr
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


@pytest.mark.parametrize("committed", ["file", "link"])
def test_evidence_step_refuses_a_dist_that_came_with_the_checkout(make_project, tmp_path, committed):
    """The workflow uploads all dist/ holds and a v* tag publishes its archives: a forged archive
    committed there went out beside the version's, and a link to a runner's folder uploaded it."""
    root = make_project()
    if committed == "file":
        write_files(root, {"dist/20250101-000000-deadbeef00.zip": b"forged", "dist/SHA256SUMS": "forged\n"})
    else:
        (tmp_path / "runner").mkdir()
        (root / "dist").symlink_to(tmp_path / "runner")
    commit_all(root)
    before = sorted(p.name for p in (root / "dist").iterdir())
    done = ci("evidence", "dist", cwd=root, env={"PREUVE_STRICT": "false"})
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == ("error: dist: exists and is not an empty folder: the step puts the version's archive and "
                           "checksums alone into it, and the workflow uploads and publishes all it holds (remove it, "
                           "or name another folder)\n")
    assert sorted(p.name for p in (root / "dist").iterdir()) == before and not (root / "output").exists()


@pytest.mark.parametrize("listed, field, value", [
    ("documents", "path", "sessions/x/certificates/a.pdf\n::error title=Evidence::signed and genuine"),
    ("documents", "path", "sessions/x/certificates/a.pdf\n```\n[Download the signed archive](https://example.com)"),
    ("earlier", "code", "ZZZZ"), ("earlier", "sha256", None)], ids=["command", "markdown", "code", "sha256"])
def test_evidence_step_refuses_an_earlier_version_whose_verify_json_was_changed(make_project, tmp_path, listed,
                                                                                field, value):
    """output/ comes from the Actions cache (or a commit): an earlier version's verify.json went
    into the next one's, and a path in it, printed by the build, wrote a line of its own into CI's
    log (a workflow command) and Markdown into the step's summary."""
    root = make_project(commit=True)
    env = {"PREUVE_STRICT": "false", "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")}
    assert ci("evidence", "dist", cwd=root, env=env).returncode == 0
    [earlier] = [p for p in (root / "output").iterdir() if p.is_dir() and not p.is_symlink()]
    registry = json.loads((earlier / "verify.json").read_text())
    entry = {**registry["documents"][0], field: value}
    registry[listed] = [*registry.get(listed, []), entry]
    (earlier / "verify.json").write_text(json.dumps(registry))
    shutil.rmtree(root / "dist")
    (tmp_path / "summary.md").unlink()
    write_files(root, {"NOTES.md": "a later commit\n"})
    commit_all(root, "later", date="2026-11-03T09:00:00+00:00")
    done = ci("evidence", "dist", cwd=root, env=env)
    assert done.returncode == 1 and not (tmp_path / "summary.md").exists() and not (root / "dist").exists()
    shown = repr(shorten(value))
    assert done.stderr.endswith(f"Error: output/{earlier.name}/verify.json: a document's {field} {shown} is not one "
                                "preuve writes: this earlier version was changed after its build; remove it from "
                                "output/ (or restore it from its archive)\n"), done.stderr
    assert not [line for line in done.stderr.splitlines() if line.lstrip().startswith(("::", "```", "["))]
    assert {p.name for p in (root / "output").iterdir()} - {".lock"} == {earlier.name, f"{earlier.name}.zip", "latest"}


def test_sharded_steps_on_separate_runners_publish_what_the_single_job_publishes(make_project, tmp_path):
    root = make_project(commit=True)
    env = {"PREUVE_STRICT": "false"}
    single = tmp_path / "single"
    subprocess.run(["git", "clone", "-q", str(root), str(single)], check=True)
    assert ci("evidence", "dist", cwd=single, env=env).returncode == 0

    def sharded_run(run: int, cache: Path | None) -> tuple[str, list[str], Path]:
        """The plan, render and merge jobs, each on its own clone, the shards passed as artifacts;
        the plan and merge jobs restore ``cache`` as output/. What the merge and the shards said,
        and the merge job's output/ (cached for the next run)."""
        runner = {name: tmp_path / f"{name}-{run}" for name in ("plan", "merge")}
        for where in runner.values():
            subprocess.run(["git", "clone", "-q", str(root), str(where)], check=True)
            if cache is not None:
                shutil.copytree(cache, where / "output", symlinks=True)
        outputs = tmp_path / "github_output"
        outputs.unlink(missing_ok=True)
        planned = ci("plan", "3", "plan", cwd=runner["plan"], env={**env, "GITHUB_OUTPUT": str(outputs)})
        assert planned.returncode == 0, planned.stdout + planned.stderr
        assert "matrix=[1, 2, 3]\n" in outputs.read_text()
        said = []
        for index in (1, 2, 3):
            render = tmp_path / f"render-{index}"
            shutil.rmtree(render, ignore_errors=True)
            subprocess.run(["git", "clone", "-q", str(root), str(render)], check=True)
            done = ci("shard", f"{index}/3", str(runner["plan"] / "plan/plan.json"), "shard", cwd=render)
            assert done.returncode == 0, done.stdout + done.stderr
            shutil.copytree(render / "shard", runner["merge"] / "shards" / f"preuve-shard-{index}")
            said.append(done.stdout)
        merged = subprocess.run(f"{sys.executable} -m preuve ci evidence dist shards/*", shell=True,
                                cwd=runner["merge"], capture_output=True, text=True)
        assert merged.returncode == 0, merged.stdout + merged.stderr
        assert merged.stdout.endswith(", merged from 3 shard(s)\n")
        for name in ("SHA256SUMS", *(p.name for p in (single / "dist").glob("*.zip*"))):
            assert (runner["merge"] / "dist" / name).read_bytes() == (single / "dist" / name).read_bytes(), name
        return merged.stdout, said, runner["merge"] / "output"

    first, _, cache = sharded_run(1, None)
    assert " 0 reused" in first
    # The next run: a new commit, the merge job's output/ in the cache.
    attendance = root / FUNDED / "attendance.yml"
    attendance.write_text(attendance.read_text().replace("[present, absent, present, excused]",
                                                         "[present, present, present, excused]"))
    commit_all(root, "zoé came back", date="2026-11-03T09:00:00+00:00")
    shutil.rmtree(single)
    subprocess.run(["git", "clone", "-q", str(root), str(single)], check=True)
    shutil.copytree(cache, single / "output", symlinks=True)
    assert ci("evidence", "dist", cwd=single, env=env).returncode == 0
    second, said, _ = sharded_run(2, cache)
    rendered = sum(int(re.search(r": (\d+) document\(s\) rendered", line).group(1)) for line in said)
    assert 0 < rendered < 10 and re.search(rf"{rendered} document\(s\) rendered, [1-9]\d* reused", second)


def test_plan_step_refuses_strict_warnings_and_drafts(make_project):
    root = make_project(commit=True)
    strict = ci("plan", "2", "plan", cwd=root)
    assert strict.returncode == 1 and "warning: assessment: no assessment" in strict.stderr
    (root / "data/people.yml").write_text((root / "data/people.yml").read_text() + "\n")
    draft = ci("plan", "2", "plan", cwd=root, env={"PREUVE_STRICT": "false"})
    assert draft.returncode == 1
    assert "error: the build is a draft (uncommitted changes in data/people.yml" in draft.stderr


def test_plan_step_refuses_a_plan_folder_that_is_a_link(make_project, tmp_path):
    """The planning job uploads all plan/ holds: a link committed there, to a folder of the runner,
    had the plan written into that folder and the whole folder uploaded as the artifact."""
    root = make_project()
    (tmp_path / "runner").mkdir()
    (root / "plan").symlink_to(tmp_path / "runner")
    commit_all(root)
    done = ci("plan", "2", "plan", cwd=root, env={"PREUVE_STRICT": "false"})
    assert done.returncode == 1 and not any((tmp_path / "runner").iterdir())
    assert done.stderr.endswith("Error: plan: is a symbolic link: preuve writes the plan into a folder, never through "
                                "a link (remove it, or choose another --out)\n"), done.stderr


@pytest.mark.parametrize("step, args, usage", [
    ("plan", [], "preuve ci plan N [DIR]"), ("shard", ["1/2"], "preuve ci shard I/N PLAN [DIR]"),
    ("system-packages", ["--cache"], "preuve ci system-packages [--cache DIR] [EXTRA-PACKAGE...]")])
def test_a_step_missing_its_arguments_says_how_to_call_it(make_project, step, args, usage):
    """Not bash's 'line 10: $1: unbound variable', naming a file inside the installed package."""
    done = ci(step, *args, cwd=make_project())
    assert (done.returncode, done.stdout, done.stderr) == (2, "", f"usage: {usage}\n")


def test_the_steps_run_preuve_not_a_python_file_committed_beside_the_records(make_project, tmp_path):
    """``python -m preuve`` and ``python -c`` import from the folder they run in first: a preuve.py
    or json.py committed in the records repository ran instead of preuve in CI's steps and in the
    pre-commit hook (on a maintainer's machine); ``python -m pip`` in the workflow likewise."""
    marker = tmp_path / "ran"
    hostile = f"import pathlib\npathlib.Path({str(marker)!r}).write_text('ran')\nraise SystemExit(0)\n"
    root = make_project({"preuve.py": hostile, "json.py": hostile, "pip.py": hostile}, commit=True)
    preuve = Path(sys.executable).parent / "preuve"  # as the workflow and the hook run it (not python -m)
    env = {**os.environ, "PREUVE_STRICT": "false"}
    built = subprocess.run([preuve, "ci", "evidence", "dist"], cwd=root, capture_output=True, text=True, env=env)
    assert built.returncode == 0 and re.match(r"output/\d{8}-\d{6}-[0-9a-f]{10}: ", built.stdout), built.stderr
    checked = subprocess.run([preuve, "ci", "pre-commit"], cwd=root, capture_output=True, text=True, env=env)
    assert checked.returncode == 0 and "ok: 3 session(s)" in checked.stderr, checked.stderr
    assert not marker.exists()
    assert load(WORKFLOWS / "records.yml")["env"]["PYTHONSAFEPATH"] == "1"  # its `python -m pip install`


def test_an_earlier_verify_json_that_is_not_an_object_is_read_as_an_unreadable_one(make_project):
    """As a verify.json that is not JSON: no history from it, not a traceback ('list' has no 'get')."""
    root = make_project(commit=True)
    assert ci("evidence", "dist", cwd=root, env={"PREUVE_STRICT": "false"}).returncode == 0
    [earlier] = [p for p in (root / "output").iterdir() if p.is_dir() and not p.is_symlink()]
    (earlier / "verify.json").write_text("[]")
    shutil.rmtree(root / "dist")
    write_files(root, {"NOTES.md": "a later commit\n"})
    commit_all(root, "later", date="2026-11-03T09:00:00+00:00")
    done = ci("evidence", "dist", cwd=root, env={"PREUVE_STRICT": "false"})
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
