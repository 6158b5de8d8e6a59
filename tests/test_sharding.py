"""Sharded builds: N shards merged give the version a single build gives, byte for byte; a merge
with a shard missing, twice, from another commit or another build publishes nothing; sharding
after an earlier version renders only what changed."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from preuve.cli import main
from preuve.plan import Job
from preuve.shards.plan import expected_cost, partition
from sample import FUNDED, commit_all


def run(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def ok(*args: object) -> Result:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def published(root: Path) -> dict[str, str]:
    """What a build publishes under output/: versions, archives and links (not the shards' scratch)."""
    out = root / "output"
    found = {p.name: (f"-> {p.readlink()}" if p.is_symlink() else "dir" if p.is_dir() else
                      hashlib.sha256(p.read_bytes()).hexdigest()) for p in out.iterdir()
             if not p.name.startswith(".")} if out.is_dir() else {}
    return dict(sorted(found.items()))


def clone(root: Path, where: Path) -> Path:
    subprocess.run(["git", "clone", "-q", str(root), str(where)], check=True)
    return where


def single_build(root: Path, where: Path) -> Path:
    """The version a single ``preuve build`` makes of ``root``'s commit, in a clone."""
    copy = clone(root, where)
    ok("build", "--project", copy, "--jobs", "2")
    return (copy / "output" / "latest").resolve()


def plan(root: Path, shards: int, *extra: object) -> dict:
    return json.loads(ok("build", "--project", root, "--plan-shards", shards, "--json", *extra).stdout)


def shard(root: Path, index: int, shards: int, *extra: object) -> dict:
    return json.loads(ok("build", "--project", root, "--shard", f"{index}/{shards}", "--jobs", "2", "--json",
                         *extra).stdout)


@pytest.mark.parametrize("shards", [1, 2, 3, 5])
def test_shards_merged_give_the_version_a_single_build_gives(make_project, tmp_path, shards):
    root = make_project(commit=True)
    single = single_build(root, tmp_path / "single")
    planned = plan(root, shards)
    assert planned["matrix"] == list(range(1, shards + 1)) and planned["reused"] == 0
    folders, rendered = [], 0
    for index in range(1, shards + 1):
        # Each render job runs on its own runner: a fresh clone, no output/, the plan as an artifact.
        runner = clone(root, tmp_path / f"runner-{index}")
        done = shard(runner, index, shards, "--plan", planned["plan"], "--out", tmp_path / f"shard-{index}")
        assert done["shard"] == index and not (runner / "output").exists()
        folders.append(done["folder"])
        rendered += done["rendered"]
    assert rendered == planned["to_render"] > 0
    merged = json.loads(ok("merge", "--project", root, "--json", *reversed(folders)).stdout)
    assert merged["rendered"] == rendered and merged["reused"] == 0 and merged["shards"] == shards
    version = root / "output" / merged["version"]
    assert version.name == single.name
    assert tree(version) == tree(single)  # the manifest, every PDF, the pages, the sums, the client folders
    assert (version.parent / f"{version.name}.zip").read_bytes() == (single.parent / f"{single.name}.zip").read_bytes()
    assert (root / "output" / "latest").resolve() == version


def test_shards_made_here_without_a_plan_file_merge_too(make_project, tmp_path):
    root = make_project(commit=True)
    first, second = shard(root, 1, 2), shard(root, 2, 2)
    version = first["version"]
    assert Path(first["folder"]) == root / "output/.shards" / version / "1-of-2"
    assert first["plan_digest"] == second["plan_digest"]
    result = ok("merge", "--project", root, first["folder"], second["folder"])
    assert f"merged 2 shard(s) into output/{version}: " in result.output
    assert not (root / "output/.shards" / version).exists()  # the scratch of a merged version goes
    assert tree(root / "output" / version) == tree(single_build(root, tmp_path / "single"))


@pytest.fixture
def three_shards(make_project, tmp_path) -> tuple[Path, list[Path]]:
    root = make_project(commit=True)
    planned = plan(root, 3, "--out", tmp_path / "plan")
    return root, [Path(shard(root, i, 3, "--plan", planned["plan"], "--out", tmp_path / f"s{i}")["folder"])
                  for i in (1, 2, 3)]


def refused(root: Path, *folders: Path) -> list[str]:
    """Merge ``folders``: it must fail and publish nothing; the lines of its error."""
    before = published(root)
    result = run("merge", "--project", root, *folders)
    assert result.exit_code == 1, result.output
    assert published(root) == before
    assert not list((root / "output").glob(".staging-*"))
    return result.output.splitlines()


def test_a_missing_shard_is_refused_and_nothing_is_written(three_shards):
    root, (one, two, three) = three_shards
    assert refused(root, one, three)[-3:] == [
        "shard 2/3: is missing: no folder given holds it",
        "1 error(s), 0 warning(s)",
        "Error: the shards cannot be merged: nothing was written"]


def test_a_shard_given_twice_is_refused(three_shards, tmp_path):
    root, (one, two, three) = three_shards
    again = tmp_path / "again"
    shutil.copytree(two, again)
    assert f"{again}: shard 2/3 is given twice (also {two})" in refused(root, one, two, three, again)
    assert f"{one}: shard 1/3 is given twice (also {one})" in refused(root, one, two, three, one)


def test_a_shard_of_another_commit_is_refused(three_shards, tmp_path):
    root, (one, two, three) = three_shards
    other = clone(root, tmp_path / "other")
    (other / FUNDED / "attendance.yml").write_text((other / FUNDED / "attendance.yml").read_text() + "\n")
    commit = commit_all(other, "another commit", date="2026-11-03T08:00:00+00:00")
    foreign = Path(shard(other, 2, 3, "--out", tmp_path / "foreign")["folder"])
    lines = refused(root, one, foreign, three)
    here = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    [line] = [line for line in lines if line.startswith(f"{foreign}: ")]
    assert line.startswith(f"{foreign}: made from commit {commit[:10]} (version 20261103-080000-{commit[:10]}), not "
                           f"from this commit {here[:10]}")
    assert "shard 2/3: is missing: no folder given holds it" in lines


def test_a_shard_of_another_build_of_the_commit_is_refused_saying_what_differs(three_shards, tmp_path):
    root, (one, two, three) = three_shards
    other = Path(shard(root, 2, 3, "--as-of", "2026-06-01", "--out", tmp_path / "other")["folder"])
    [line] = [line for line in refused(root, one, other, three) if line.startswith(f"{other}: ")]
    assert "made by another build of this commit, with another as-of date 2026-06-01 → 2026-11-02" in line


def test_a_damaged_document_or_a_folder_that_is_no_shard_is_refused(three_shards, tmp_path):
    root, (one, two, three) = three_shards
    document = next((two / "documents").rglob("*.pdf"))
    document.write_bytes(document.read_bytes() + b"%")
    rel = document.relative_to(two).as_posix()
    assert f"{two}: {rel}: does not have the SHA-256 shard.json gives (damaged on the way?)" in refused(
        root, one, two, three)
    assert f"{tmp_path}: is not a shard folder (no shard.json)" in refused(root, one, tmp_path, three)


def test_shards_following_different_plans_are_refused(three_shards, tmp_path):
    root, (one, two, three) = three_shards
    own = Path(shard(root, 2, 3, "--out", tmp_path / "own-plan")["folder"])  # planned here, from output/
    assert (json.loads((own / "plan.json").read_bytes()) == json.loads((two / "plan.json").read_bytes()))
    four = Path(shard(root, 2, 4, "--out", tmp_path / "four")["folder"])
    lines = refused(root, one, four, three)
    assert f"{four}: follows another plan than {one}: every shard must follow the same plan (the same --plan " \
           "file, or the same output/)" in lines


def test_sharding_after_an_earlier_version_renders_only_what_changed(make_project, tmp_path):
    root = make_project(commit=True)
    ok("build", "--project", root, "--jobs", "2")
    edit = root / FUNDED / "attendance.yml"
    edit.write_text(edit.read_text().replace("score: 12, result: partially-acquired", "score: 15, result: acquired"))
    commit_all(root, "a result changed", date="2026-11-03T08:00:00+00:00")
    earlier = sorted(p for p in (root / "output").iterdir() if p.suffix == ".zip")
    # The single build of the same commit, with the same output/ beside it.
    single = clone(root, tmp_path / "single")
    shutil.copytree(root / "output", single / "output", symlinks=True)
    ok("build", "--project", single, "--jobs", "2")

    planned = plan(root, 5)
    # Zoé's certificate and the two literacy dossiers (see test_incremental.py): three shards of
    # five have something to render, the others need no runner.
    assert planned["to_render"] == 3 and planned["reused"] > 3 and planned["matrix"] == [1, 2, 3]
    done = [shard(root, i, 5, "--plan", planned["plan"]) for i in planned["matrix"]]
    assert [d["rendered"] for d in done] == [1, 1, 1]
    merged = json.loads(ok("merge", "--project", root, "--json", *(d["folder"] for d in done)).stdout)
    assert (merged["rendered"], merged["reused"]) == (3, planned["reused"])
    version = merged["version"]
    assert tree(root / "output" / version) == tree(single / "output" / version)
    assert (root / "output" / f"{version}.zip").read_bytes() == (single / "output" / f"{version}.zip").read_bytes()
    assert sorted(p for p in (root / "output").iterdir() if p.suffix == ".zip") == sorted(
        [*earlier, root / "output" / f"{version}.zip"])


def test_the_merge_refuses_when_a_reused_document_is_not_in_its_output(make_project, tmp_path):
    root = make_project(commit=True)
    ok("build", "--project", root, "--jobs", "2")
    earlier = (root / "output" / "latest").resolve().name
    (root / "preuve.yml").write_text((root / "preuve.yml").read_text() + "\n")
    commit_all(root, "nothing the documents show", date="2026-11-03T08:00:00+00:00")
    planned = plan(root, 2)
    folders = [shard(root, i, 2, "--plan", planned["plan"])["folder"] for i in (1, 2)]
    certificate = next((root / "output" / earlier / "sessions").rglob("certificates/*.pdf"))
    certificate.write_bytes(b"not the certificate")  # the cache the merge job restored is not the plan's
    lines = refused(root, *folders)
    rel = certificate.relative_to(root / "output").as_posix()
    assert (f"output/: {rel}: is reused by the plan, but missing or changed here: the merge needs the output/ the "
            "plan was made with (restore the same cache)") in lines
    assert lines[-1] == "Error: the shards cannot be merged: nothing was published"


def test_a_plan_of_another_commit_or_shard_count_is_refused_by_the_shard(make_project, tmp_path):
    root = make_project(commit=True)
    planned = plan(root, 3, "--out", tmp_path / "plan")
    wrong = run("build", "--project", root, "--shard", "1/2", "--plan", planned["plan"])
    assert wrong.exit_code == 1 and f"Error: {planned['plan']}: is a plan for 3 shard(s), not 2" in wrong.output
    (root / "preuve.yml").write_text((root / "preuve.yml").read_text() + "\n")
    commit_all(root, "next", date="2026-11-03T08:00:00+00:00")
    old = run("build", "--project", root, "--shard", "1/3", "--plan", planned["plan"])
    assert old.exit_code == 1 and "it belongs to another build" in old.output
    assert not (root / "output" / ".shards").exists() or not any((root / "output" / ".shards").rglob("shard.json"))


@pytest.mark.parametrize("args, message", [
    (["--shard", "0/3"], "'0/3' is not I/N, a shard number I from 1 to N, N at most 256"),
    (["--shard", "4/3"], "'4/3' is not I/N"),
    (["--shard", "two"], "'two' is not I/N"),
    (["--shard", "1/2", "--plan-shards", "2"], "--shard and --plan-shards do not go together"),
    (["--out", "somewhere"], "--plan and --out go with --shard"),
])
def test_shard_options_misused_are_usage_errors(make_project, args, message):
    result = run("build", "--project", make_project(commit=True), *args)
    assert result.exit_code == 2 and message in result.output


def _job(template: str, **context: object) -> Job:
    return Job(f"{template}.pdf", template, dict(context), ())


def test_costs_follow_the_measured_ratios():
    certificate = expected_cost(_job("certificate.html.j2"))
    sheet = expected_cost(_job("attendance.html.j2", rows=[{}] * 20))
    assert expected_cost(_job("realisation.html.j2")) < certificate < sheet < 2 * certificate
    assert expected_cost(_job("attendance.html.j2", rows=[{}] * 60)) > 4 * certificate
    dossier = expected_cost(_job("literacy-print.html.j2", table="x" * 330_000))
    assert 12 * certificate < dossier < 16 * certificate


def test_partition_balances_by_cost_and_is_deterministic():
    costs = {f"sessions/s{i:03}/certificates/p.pdf": 105 for i in range(400)}
    costs |= {f"sessions/s{i:03}/attendance.pdf": 45 + 7 * (i % 40) for i in range(40)}
    costs["literacy.pdf"] = 1500
    for shards in (1, 2, 3, 4, 7):
        share = partition(costs, shards)
        loads = [sum(c for p, c in costs.items() if share[p] == i) for i in range(1, shards + 1)]
        assert set(share) == set(costs) and sorted(set(share.values())) == list(range(1, shards + 1))
        assert max(loads) - min(loads) <= max(costs.values())  # within one document of each other
        assert partition(dict(reversed(list(costs.items()))), shards) == share


def test_sharding_a_commit_already_built_renders_nothing(make_project):
    root = make_project(commit=True)
    ok("build", "--project", root, "--jobs", "2")
    before = published(root)
    planned = plan(root, 3)
    assert planned["skipped"] and planned["to_render"] == 0 and planned["matrix"] == [1]  # one runner, to carry the plan
    folder = shard(root, 1, 3, "--plan", planned["plan"])
    assert folder["rendered"] == 0
    result = ok("merge", "--project", root, folder["folder"])
    assert f"output/{planned['version']} is already built from this commit: nothing to do" in result.output
    assert published(root) == before


def test_signed_shards_merge_into_the_signed_single_build(make_project, signing, tmp_path):
    root = make_project(commit=True)
    single = single_build(root, tmp_path / "single")
    planned = plan(root, 2)
    folders = [shard(root, i, 2, "--plan", planned["plan"])["folder"] for i in (1, 2)]
    merged = json.loads(ok("merge", "--project", root, "--json", *folders).stdout)
    assert merged["signing"].startswith("signed") and tree(root / "output" / merged["version"]) == tree(single)


def test_a_shard_manifest_naming_a_path_outside_its_folder_is_refused(three_shards):
    root, (one, two, three) = three_shards
    manifest = json.loads((two / "shard.json").read_text())
    manifest["documents"][0]["path"] = "../../escape.pdf"
    (two / "shard.json").write_text(json.dumps(manifest))
    [line] = [line for line in refused(root, one, two, three) if line.startswith(f"{two}: ")]
    assert line == f"{two}: shard.json: is not a shard manifest of this preuve (unsafe output path '../../escape.pdf')"


def test_the_plan_costs_each_kind_of_document_by_its_rule(make_project, tmp_path):
    root = make_project(commit=True)
    plan(root, 2, "--out", tmp_path)
    costs = {d["path"]: d["cost"] for d in json.loads((tmp_path / "plan.json").read_text())["documents"]}
    session = f"sessions/{FUNDED.rsplit('/', 1)[1]}"
    assert costs[f"{session}/certificates/zoe-ndiaye.pdf"] == 105
    assert costs[f"{session}/certificat-de-realisation/zoe-ndiaye.pdf"] == 55
    assert costs[f"{session}/attendance.pdf"] == 45 + 7 * 4  # a row for each of the four participants
    assert 100 < costs[f"{session}/programme.pdf"] < 200 and costs["literacy.pdf"] > 150
