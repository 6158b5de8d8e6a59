"""Versions of a repository over its life: ``output/latest`` is the version of the commit just
built, and a version's history (``verify.json``'s earlier documents) comes from the versions of
its commit's ancestors, not from whichever version has the latest commit date (docs/outputs.md)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner

from preuve.cli import main
from sample import FUNDED, built, commit_all, git
from test_incremental import edit
from test_verification import CERT, facts_of, verify

ZOE_SCORE = "score: 12, result: partially-acquired"
DMITRI_SCORE = "score: 18, result: acquired"
DMITRI = CERT.replace("zoe-ndiaye", "dmitri")


def latest(root: Path) -> str:
    return os.readlink(root / "output" / "latest")


def build(root: Path) -> str:
    result = CliRunner().invoke(main, ["build", "--project", str(root), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["version"]


def earlier(version: Path) -> dict[str, str]:
    """Each earlier code of Zoé's certificate in ``version``'s registry, with its status."""
    registry = json.loads((version / "verify.json").read_text())
    return {e["code"]: e["status"] for e in registry["earlier"] if e["path"] == CERT}


def test_a_commit_dated_before_its_parent_still_follows_it(make_project):
    """A committer's clock behind the parent's: the child's version sorts before the parent's, yet
    it is the version just built (latest) and its history holds the parent's certificates."""
    root = make_project(commit=True)  # 2026-11-02 10:00 UTC
    parent = built(root)
    edit(root / FUNDED / "attendance.yml", ZOE_SCORE, "score: 15, result: acquired")
    commit_all(root, "score corrected on a machine whose clock is a day behind", date="2026-11-01T09:00:00+00:00")
    child = build(root)
    assert child < parent.name
    assert latest(root) == child
    code, output = verify(str(parent / CERT), "--project", str(root))
    assert code == 1 and output.startswith(f"SUPERSEDED: byte-identical to a document issued as {CERT} in version "
                                           f"{parent.name}"), output
    assert f"in version {child}: a fact it states changed" in output


def test_a_branch_built_into_the_same_output_is_not_in_mains_history(make_project):
    """feature corrects Zoé's score and is built; main moves on, later, without it: main's version
    neither says that feature's certificate was superseded nor counts it as issued, and building
    each branch makes latest its version."""
    root = make_project(commit=True)
    first = built(root)
    git(root, "checkout", "-q", "-b", "feature")
    edit(root / FUNDED / "attendance.yml", ZOE_SCORE, "score: 15, result: acquired")
    commit_all(root, "feature: score", date="2026-11-03T08:00:00+00:00")
    feature = build(root)
    git(root, "checkout", "-q", "main")
    edit(root / FUNDED / "attendance.yml", ZOE_SCORE, "score: 14, result: acquired")
    commit_all(root, "main: another score", date="2026-11-04T08:00:00+00:00")
    main_version = build(root)
    assert latest(root) == main_version
    feature_code = facts_of(root / "output" / feature / CERT)["code"]
    assert earlier(root / "output" / main_version) == {facts_of(first / CERT)["code"]: "superseded"}
    code, output = verify(str(root / "output" / feature / CERT), "--project", str(root))
    assert code == 1 and output.startswith(f"NOT GENUINE: no document issued by version {main_version}"), output
    git(root, "checkout", "-q", "feature")
    assert build(root) == feature and latest(root) == feature  # already built: latest is the branch's
    assert verify(str(root / "output" / feature / CERT), "--project", str(root))[0] == 0
    assert feature_code not in earlier(root / "output" / main_version)


def test_a_merge_follows_both_branches(make_project):
    """A merge that settles both scores again: the certificates issued on either branch are known
    to the merge's version as superseded, not unknown."""
    root = make_project(commit=True)
    built(root)
    git(root, "checkout", "-q", "-b", "feature")
    edit(root / FUNDED / "attendance.yml", ZOE_SCORE, "score: 15, result: acquired")
    commit_all(root, "feature: Zoé's score", date="2026-11-04T08:00:00+00:00")
    feature = build(root)
    git(root, "checkout", "-q", "main")
    edit(root / FUNDED / "attendance.yml", DMITRI_SCORE, "score: 19, result: acquired")
    commit_all(root, "main: Dmitri's score", date="2026-11-03T08:00:00+00:00")  # built after, dated before
    main_version = build(root)
    git(root, "merge", "-q", "--no-commit", "feature")
    edit(root / FUNDED / "attendance.yml", "score: 15, result: acquired", "score: 16, result: acquired")
    edit(root / FUNDED / "attendance.yml", "score: 19, result: acquired", "score: 20, result: acquired")
    commit_all(root, "merge feature, both scores checked again", date="2026-11-05T08:00:00+00:00")
    merged = root / "output" / build(root)
    for version, path in ((feature, CERT), (main_version, DMITRI)):
        code, output = verify(str(root / "output" / version / path), "--in", str(merged))
        assert code == 1 and output.startswith(f"SUPERSEDED: byte-identical to a document issued as {path} in "
                                               f"version {version}"), output


def test_a_shallow_clone_follows_the_versions_of_commits_it_does_not_have_by_date(make_project, tmp_path):
    """CI with `git clone --depth 1` and output/ restored from a cache: git does not know the parent
    commit, so its version is followed by date, as the nearest earlier one."""
    root = make_project(commit=True)
    parent = built(root)
    edit(root / FUNDED / "attendance.yml", ZOE_SCORE, "score: 15, result: acquired")
    commit_all(root, "score", date="2026-11-03T08:00:00+00:00")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{root}", str(clone))
    assert git(clone, "rev-parse", "--is-shallow-repository") == "true"
    (clone / "output").mkdir()
    os.rename(parent, clone / "output" / parent.name)
    child = build(clone)
    assert earlier(clone / "output" / child) == {facts_of(clone / "output" / parent.name / CERT)["code"]: "superseded"}


def test_the_providers_new_details_leave_earlier_versions_as_they_were(make_project):
    """The provider moved (new SIRET) and registered again (new NDA): earlier versions keep their
    bytes, and an earlier certificate is superseded by one that states the new details; verify
    names which facts changed rather than calling the earlier one corrected."""
    root = make_project(commit=True)
    first = built(root)
    archive = (root / "output" / f"{first.name}.zip").read_bytes()
    sums = (first / "SHA256SUMS").read_text()
    provider = root / "data" / "provider.yml"
    edit(provider, '"90123456700005"', '"73282932000074"')
    edit(provider, '"84691234569"', '"11759999995"')
    commit_all(root, "moved to Paris", date="2026-11-03T08:00:00+00:00")
    second = root / "output" / build(root)
    assert (root / "output" / f"{first.name}.zip").read_bytes() == archive
    assert (first / "SHA256SUMS").read_text() == sums
    code, output = verify(str(first / CERT), "--in", str(root / "output" / f"{second.name}.zip"))
    assert code == 1 and output.startswith(f"SUPERSEDED: byte-identical to a document issued as {CERT} in version "
                                           f"{first.name}"), output
    assert output.splitlines()[0].endswith(f"in version {second.name}: a fact it states changed")
    assert "\nchanged:   issuer.nda, issuer.siret\n" in output


def test_verify_says_that_latest_points_to_a_version_moved_away(make_project, tmp_path):
    root = make_project(commit=True)
    version = built(root)
    os.rename(version, tmp_path / version.name)
    result = CliRunner().invoke(main, ["verify", str(tmp_path / version.name / CERT), "--project", str(root)])
    assert result.exit_code == 2
    assert result.output.endswith(f"Error: {root}/output/latest points to {version.name}, which is not there (moved or "
                                  "deleted): build again, or give the version with --in\n"), result.output


def test_an_amended_commit_follows_the_version_of_the_commit_it_replaced(make_project):
    """A commit built (its certificates handed out), then amended: the commit is no longer in any
    branch's history, yet git still has it (the reflog). Its certificate is known to the amended
    commit's version as superseded, as in CI after a force-push (where git has not the commit),
    not NOT GENUINE."""
    root = make_project(commit=True)
    built(root)
    edit(root / FUNDED / "attendance.yml", ZOE_SCORE, "score: 15, result: acquired")
    commit_all(root, "score", date="2026-11-03T08:00:00+00:00")
    handed_out = built(root)
    edit(root / FUNDED / "attendance.yml", "score: 15, result: acquired", "score: 16, result: acquired")
    git(root, "add", "-A")
    git(root, "commit", "-q", "--amend", "--no-edit", date="2026-11-03T09:00:00+00:00")
    amended = root / "output" / build(root)
    code, output = verify(str(handed_out / CERT), "--project", str(root))
    assert code == 1 and output.startswith(f"SUPERSEDED: byte-identical to a document issued as {CERT} in version "
                                           f"{handed_out.name}, code {facts_of(handed_out / CERT)['code']}, "
                                           f"superseded by code {facts_of(amended / CERT)['code']}"), output
    assert earlier(amended)[facts_of(handed_out / CERT)["code"]] == "superseded"
