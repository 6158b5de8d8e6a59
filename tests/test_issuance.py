"""A build says what it changed in what was issued (docs/outputs.md): against the version it
follows, the certificates it newly issued, superseded, withdrew and reissued, in the summary and in
``build --json``; nothing when nothing changed."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from preuve.cli import main
from preuve.verify.changes import issue_changes
from sample import FUNDED, commit_all, git

RENAMED = "content/sessions/2026-03-ia-bases"
NDA = 'nda: "84691234569"'


def build(root: Path) -> tuple[list[str], dict]:
    """The summary's lines (warnings left out) and the JSON report of ``preuve build --json``."""
    result = CliRunner().invoke(main, ["build", "--project", str(root), "--json"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if "warning" not in line]
    return lines, json.loads(result.stdout)


def paths(session: str, kinds: tuple[str, ...], people: tuple[str, ...]) -> list[str]:
    return [f"sessions/{session}/{kind}/{person}.pdf" for kind in kinds for person in people]


FUNDED_DOCS = ("certificat-de-realisation", "certificates")
TRAINEES = ("dmitri", "jean-noel-daubigne", "zoe-ndiaye")


def test_renaming_a_session_withdraws_its_certificates_and_a_new_nda_supersedes_them_all(make_project):
    root = make_project(commit=True)
    lines, report = build(root)
    first = report["version"]
    assert lines == [lines[0]] and lines[0].startswith(f"built output/{first}: 16 document(s) rendered")
    assert report["issuance"] == {"follows": [], "new": 8, "superseded": 0, "withdrawn": 0, "reissued": 0,
                                  "superseded_paths": [], "withdrawn_paths": [], "summary": ""}

    git(root, "mv", FUNDED, RENAMED)
    commit_all(root, "session folder renamed", date="2026-11-03T10:00:00+00:00")
    lines, report = build(root)
    renamed = report["version"]
    withdrawn = paths("2026-03-ia-fondamentaux", FUNDED_DOCS, TRAINEES)
    assert lines[1:] == [
        f"certificates against output/{first}: 6 newly issued, 6 withdrawn (no longer issued)",
        f"  withdrawn: {withdrawn[0]}",
        f"  withdrawn: {withdrawn[1]}",
        f"  withdrawn: {withdrawn[2]}",
        "  … and 3 more withdrawn"]
    assert {k: v for k, v in report["issuance"].items() if k != "summary"} == {
        "follows": [first], "new": 6, "superseded": 0, "withdrawn": 6, "reissued": 0,
        "superseded_paths": [], "withdrawn_paths": withdrawn}
    assert report["issuance"]["summary"] == "\n".join(lines[1:])

    provider = root / "data/provider.yml"
    provider.write_text(provider.read_text().replace(NDA, 'nda: "84691234570"'))
    commit_all(root, "the provider registered again", date="2026-11-04T10:00:00+00:00")
    lines, report = build(root)
    superseded = paths("2026-03-ia-bases", FUNDED_DOCS, TRAINEES) + paths(
        "2026-05-copilot", ("certificates",), ("dmitri", "zoe-ndiaye"))
    assert lines[1:] == [
        f"certificates against output/{renamed}: 8 superseded (a fact they state changed: new codes)",
        f"  superseded: {superseded[0]}",
        f"  superseded: {superseded[1]}",
        f"  superseded: {superseded[2]}",
        "  … and 5 more superseded"]
    assert report["issuance"]["follows"] == [renamed]
    assert report["issuance"]["superseded_paths"] == superseded
    assert (report["issuance"]["new"], report["issuance"]["withdrawn"], report["issuance"]["reissued"]) == (0, 0, 0)

    lines, report = build(root)  # already built: nothing was issued
    assert report["skipped"] and report["issuance"] is None and len(lines) == 1


def test_a_draft_that_changes_no_certificate_says_nothing_more(make_project):
    root = make_project(commit=True)
    build(root)
    session = root / FUNDED / "session.md"
    session.write_text(session.read_text() + "\nUne phrase de plus au programme.\n")
    lines, report = build(root)
    assert report["draft"] and report["issuance"]["summary"] == ""
    assert not any(line.startswith("certificates against") for line in lines)


def doc(path: str, code: str, sha: str) -> dict:
    return {"path": path, "code": code, "sha256": sha}


def test_reissued_is_same_code_other_bytes_except_a_drafts_mark():
    before = [doc("a.pdf", "A", "1"), doc("b.pdf", "B", "2"), doc("c.pdf", "C", "3")]
    now = [doc("a.pdf", "A", "9"), doc("b.pdf", "B", "8"), doc("c.pdf", "C", "3"), doc("d.pdf", "D", "4")]
    changes = issue_changes(["v1"], now, before, marked={"b.pdf"})
    assert (changes.new, changes.reissued, changes.superseded, changes.withdrawn) == (("d.pdf",), ("a.pdf",), (), ())
    assert changes.lines() == ["certificates against output/v1: 1 newly issued, 1 reissued (same codes, other bytes)"]
    assert issue_changes(["v1"], before, before, set()).lines() == []


def test_after_a_merge_it_is_against_both_branches():
    """A path superseded on one branch and unchanged on the other is superseded."""
    mine, theirs = [doc("a.pdf", "A2", "2")], [doc("a.pdf", "A1", "1")]
    changes = issue_changes(["v2", "v1"], mine, mine + theirs, set())
    assert changes.superseded == ("a.pdf",)
    assert changes.lines()[0] == ("certificates against output/v2 and output/v1: "
                                  "1 superseded (a fact they state changed: new codes)")
