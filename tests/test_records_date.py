"""Presence is recorded once it has happened: no one is marked present on a slot after the records'
date, the commit's for a commit and today's for a draft (docs/rules.md). The one-fixture-per-rule
cases, outside git, are in ``test_check.py``."""

from __future__ import annotations

import json
import os
from datetime import date, timedelta

from click.testing import CliRunner

import sample
from preuve.cli import main
from test_check import diagnostic_lines, run_check

REMOTE, PLANNED = sample.REMOTE, sample.PLANNED
COMMIT_DAY = "2026-11-02"  # sample.commit_all's date
AFTER_THE_COMMIT = "2026-11-20"  # after the commit, before the day this test was written (a Friday)


def remote_on(day: str) -> dict[str, str]:
    return {f"{REMOTE}/session.md": sample.REMOTE_SESSION_MD.replace("2026-05-19", day)}


def planned_on(day: date, marks: str) -> dict[str, str]:
    """The planned session moved to ``day``, Jean-Noël marked ``marks`` at both slots."""
    return {f"{PLANNED}/session.md": sample.PLANNED_SESSION_MD.replace("2027-01-14", day.isoformat()),
            f"{PLANNED}/attendance.yml": f"participants:\n  - person: jean-noel-daubigne\n    slots: {marks}\n"}


def remote_errors(day: str, records_day: str, source: str) -> list[str]:
    return [f"{REMOTE}/attendance.csv:{row}: participants[{row - 1}].slots[1]: present on {day}, after the records' "
            f"date {records_day} ({source}): presence is recorded once it has happened" for row in (2, 3)]


def build(root):
    return CliRunner().invoke(main, ["build", "--project", str(root)])


def outputs(root) -> list[str]:
    return sorted(os.listdir(root / "output")) if (root / "output").exists() else []


def test_a_commit_is_judged_at_its_own_date_by_check_status_and_build(make_project):
    root = make_project(commit=True)
    earlier = sample.built(root)
    sample.write_files(root, remote_on(AFTER_THE_COMMIT))
    sample.commit_all(root, "presence after the commit")  # dated 2026-11-02 too
    expected = remote_errors(AFTER_THE_COMMIT, COMMIT_DAY, "the commit's")
    result = run_check(root)
    assert result.exit_code == 1
    assert diagnostic_lines(result.output)[0] == expected
    status = CliRunner().invoke(main, ["status", "--project", str(root)])
    assert status.exit_code == 1
    assert diagnostic_lines(status.output)[0] == expected
    before = outputs(root)
    built = build(root)
    assert built.exit_code == 1
    assert diagnostic_lines(built.output)[0][:2] == expected
    assert "nothing was built" in built.output
    assert outputs(root) == before  # no version written, the earlier one kept and still the latest
    assert (root / "output" / "latest").resolve() == earlier


def test_the_same_records_as_a_draft_are_judged_at_today(make_project):
    """Uncommitted, the presence of 2026-11-20 is plausible: it is before today."""
    root = make_project(remote_on(AFTER_THE_COMMIT), commit=True)
    assert run_check(root).exit_code == 1  # committed on 2026-11-02
    sample.write_files(root, {"data/roles.yml": sample.ROLES_YML + "# edited\n"})
    assert date.today() >= date.fromisoformat(AFTER_THE_COMMIT)
    result = run_check(root)
    assert result.exit_code == 0, result.output


def test_a_draft_may_record_presence_on_today_not_tomorrow(make_project):
    root = make_project(commit=True)
    today = date.today()
    sample.write_files(root, planned_on(today, "[present, present]"))
    result = build(root)
    assert result.exit_code == 0, result.output
    [version] = [root / "output" / name for name in outputs(root) if name.endswith("-draft")]
    certificate = version / "sessions" / "2027-01-ai-act" / "certificates" / "jean-noel-daubigne.pdf"
    assert "AI Act pour l'encadrement" in sample.text(certificate)
    tomorrow = today + timedelta(days=1)
    sample.write_files(root, planned_on(tomorrow, "[present, present]"))
    before = outputs(root)
    result = build(root)
    assert result.exit_code == 1
    errors, _ = diagnostic_lines(result.output)
    assert errors[:2] == [
        f"{PLANNED}/attendance.yml:3: participants[1].slots[{n}]: present on {tomorrow}, after the records' date "
        f"{today} (today's: the records have uncommitted changes): presence is recorded once it has happened"
        for n in (1, 2)]
    assert outputs(root) == before


def test_absences_may_be_known_ahead_and_unmarked_sessions_stay_planned(make_project):
    """An excused or absent mark on a future slot records nothing that has not happened; the
    sample's session of 2027, after its commit and with no marks, is a planned one."""
    root = make_project(commit=True)
    assert run_check(root).exit_code == 0
    status = CliRunner().invoke(main, ["status", "--project", str(root), "--json"])
    people = {p["id"]: p for p in json.loads(status.stdout)["people"]}
    assert [step["session"] for step in people["jean-noel-daubigne"]["planned"]] == ["2027-01-ai-act"]
    sample.write_files(root, planned_on(date(2099, 1, 14), "[excused, absent]"))
    sample.commit_all(root, "absence known ahead")
    result = run_check(root)
    assert result.exit_code == 0, result.output


def test_a_session_with_only_excused_absences_known_ahead_is_still_planned(make_project):
    """Excused ahead from both slots, Jean-Noël is not coming: the session stays planned (a blank
    sheet, no certificate, not held) and is no longer his enrolled step, only one open to his role."""
    root = make_project(commit=True)
    sample.write_files(root, {f"{PLANNED}/attendance.yml": "participants:\n  - person: jean-noel-daubigne\n"
                              "    slots: [excused, excused]\n"})
    sample.commit_all(root, "excused ahead")
    status = CliRunner().invoke(main, ["status", "--project", str(root), "--json"])
    assert status.exit_code == 0, status.output
    people = {p["id"]: p for p in json.loads(status.stdout)["people"]}
    assert [(s["session"], s["enrolled"]) for s in people["jean-noel-daubigne"]["planned"]] == \
        [("2027-01-ai-act", False)]


def test_a_commit_is_dated_where_it_was_made(make_project):
    """Nouméa (UTC+11), 08:00 on the 20th: still the 19th in UTC; the session of the 20th, marked
    present and committed that morning, is accepted."""
    root = make_project()
    sample.write_files(root, remote_on(AFTER_THE_COMMIT))
    sample.commit_all(root, "the morning's presence", date="2026-11-20T08:00:00+11:00")
    assert run_check(root).exit_code == 0
    sample.git(root, "commit", "--amend", "-q", "-m", "the same, committed from Paris the evening before",
               date="2026-11-19T22:00:00+01:00")
    result = run_check(root)
    assert result.exit_code == 1
    assert diagnostic_lines(result.output)[0] == remote_errors(AFTER_THE_COMMIT, "2026-11-19", "the commit's")


def test_a_commit_made_in_noumea_that_morning_counts_the_session_it_records(make_project):
    """The same morning's commit in Nouméa: its reports are as of the 20th, where it was made, not
    the 19th in UTC; the session it records counts for Zoé's literacy, as her certificate says."""
    root = make_project()
    sample.write_files(root, remote_on(AFTER_THE_COMMIT))
    sample.commit_all(root, "the morning's presence", date="2026-11-20T08:00:00+11:00")
    version = sample.built(root)
    assert version.name.startswith("20261119-210000-")  # versions still sort by the UTC time
    literacy = json.loads((version / "literacy.json").read_text())
    assert literacy["as_of"] == AFTER_THE_COMMIT
    topic = literacy["people"]["zoe-ndiaye"]["topics"]["code-security"]
    assert (topic["state"], topic["trained_on"]) == ("covered", AFTER_THE_COMMIT)
    manifest = json.loads((version / "manifest.json").read_text())
    assert manifest["commit_date"] == "2026-11-20T08:00:00+11:00"
    status = CliRunner().invoke(main, ["status", "--project", str(root), "--json"])
    assert json.loads(status.stdout)["as_of"] == AFTER_THE_COMMIT


def test_a_draft_counts_the_session_recorded_since_its_commit(make_project):
    """Committed on the 2nd, the remote session held and recorded on the 20th, not yet committed:
    the draft and `status` are as of the 20th, the last day held, so that the session counts as
    it will once committed (as of the commit's date, they left it out)."""
    root = make_project(commit=True)
    sample.write_files(root, remote_on(AFTER_THE_COMMIT))
    status = CliRunner().invoke(main, ["status", "--project", str(root), "--json"])
    data = json.loads(status.stdout)
    assert data["as_of"] == AFTER_THE_COMMIT
    assert "code-security" not in next(p for p in data["people"] if p["id"] == "zoe-ndiaye")["gaps"]
    draft = sample.built(root).parent / "draft"
    literacy = json.loads((draft / "literacy.json").read_text())
    topic = literacy["people"]["zoe-ndiaye"]["topics"]["code-security"]
    assert (literacy["as_of"], topic["state"], topic["trained_on"]) == (AFTER_THE_COMMIT, "covered", AFTER_THE_COMMIT)


def test_a_trainer_signature_or_a_result_before_the_training_is_refused(make_project):
    """The planned session of 2027, committed on 2026-11-02: a trainer's signature for its first
    half-day and a result for Jean-Noël are records of what has not happened (docs/rules.md); his
    excused absence, known ahead, is not."""
    root = make_project(commit=True)
    sample.write_files(root, {
        f"{PLANNED}/session.md": sample.PLANNED_SESSION_MD.replace(
            "schedule:", "assessment:\n  method: Quiz\nschedule:"),
        f"{PLANNED}/attendance.yml": "participants:\n  - person: jean-noel-daubigne\n    slots: [excused, absent]\n"
                                     "    assessment: {result: acquired}\ntrainer_signed: [true, false]\n"})
    sample.commit_all(root, "signed and assessed ahead")
    result = run_check(root)
    assert result.exit_code == 1
    assert diagnostic_lines(result.output)[0] == [
        f"{PLANNED}/attendance.yml:4: participants[1].assessment: a result for a session that begins on "
        f"2027-01-14, after the records' date {COMMIT_DAY} (the commit's): a result is recorded once the "
        "assessment has taken place",
        f"{PLANNED}/attendance.yml:5: trainer_signed[1]: signed for 2027-01-14, after the records' date "
        f"{COMMIT_DAY} (the commit's): the trainer signs once the half-day has happened"]
    sample.write_files(root, {f"{PLANNED}/attendance.yml": "participants:\n  - person: jean-noel-daubigne\n"
                              "    slots: [excused, absent]\ntrainer_signed: [false, false]\n"})
    sample.commit_all(root, "nothing recorded ahead but the absences")
    assert run_check(root).exit_code == 0


def test_certificates_are_not_dated_after_the_records_date(make_project):
    """``issued_on: 2099-01-01`` on a held session, committed on 2026-11-02: every certificate
    would read "Fait à Lyon, le 1er janvier 2099" (docs/rules.md); a planned session, which makes
    no certificate, may name its day of issue ahead."""
    root = make_project(commit=True)
    held = sample.FUNDED_SESSION_MD.replace("funding:", "issued_on: 2099-01-01\nfunding:")
    sample.write_files(root, {f"{sample.FUNDED}/session.md": held})
    sample.commit_all(root, "issued ahead")
    result = run_check(root)
    assert result.exit_code == 1
    assert diagnostic_lines(result.output)[0] == [
        f"{sample.FUNDED}/session.md:23: issued_on: 2099-01-01 is after the records' date {COMMIT_DAY} "
        "(the commit's): the certificates would be dated a day to come; date them the day they are handed over"]
    planned = sample.PLANNED_SESSION_MD.replace("schedule:", "issued_on: 2099-01-01\nschedule:")
    sample.write_files(root, {f"{sample.FUNDED}/session.md": sample.FUNDED_SESSION_MD,
                              f"{PLANNED}/session.md": planned})
    sample.commit_all(root, "a planned session's day of issue")
    assert run_check(root).exit_code == 0


def under_way(marks: str) -> dict[str, str]:
    """The planned session held on 2026-10-30 and 2026-11-20, around the commit of 2026-11-02."""
    session = sample.PLANNED_SESSION_MD.replace('  - {date: 2027-01-14, start: "09:00", end: "12:30"}',
                                                '  - {date: 2026-10-30, start: "09:00", end: "12:30"}')
    return {f"{PLANNED}/session.md": session.replace("2027-01-14", "2026-11-20"),
            f"{PLANNED}/attendance.yml": f"participants:\n  - person: jean-noel-daubigne\n    slots: {marks}\n"}


def test_a_session_under_way_gets_its_certificates_once_it_has_ended(make_project):
    """Present on the 30th, marked absent ahead for the 20th: no "attestation de fin de formation"
    dated the 20th while the training goes on; the session's page says when it will come. A
    commit after the 20th issues it (docs/rules.md)."""
    root = make_project(under_way("[present, absent]"), commit=True)
    assert run_check(root).exit_code == 0
    version = sample.built(root)
    folder = version / "sessions" / "2027-01-ai-act"
    assert not (folder / "certificates").exists()
    assert (folder / "attendance.pdf").is_file()
    page = " ".join((folder / "index.html").read_text(encoding="utf-8").split())
    assert ("Formation en cours jusqu’au 20 novembre 2026 : les attestations sont délivrées une fois la dernière "
            "demi-journée passée") in page
    assert "Formation en cours : attestation après la dernière demi-journée" in page
    assert '<span class="status status-under-way">En cours</span>' in page
    index = (version / "index.html").read_text(encoding="utf-8")  # not "0 / 1": none is missing
    assert '<span class="muted">après la fin</span>' in index and "0 / 1" not in index
    assert "2027-01-ai-act" not in json.dumps(json.loads((version / "verify.json").read_text())["documents"])
    sample.write_files(root, under_way("[present, present]"))
    sample.commit_all(root, "the last half-day held", date="2026-11-20T18:00:00+01:00")
    certificate = sample.built(root) / "sessions" / "2027-01-ai-act" / "certificates" / "jean-noel-daubigne.pdf"
    assert "Fait à Lyon, le 20 novembre 2026" in sample.text(certificate)


def test_a_session_under_way_lacks_nothing_that_comes_later(make_project):
    """Before its last half-day, the trainer cannot have signed the half-days to come (an error),
    and results and the satisfaction survey come at the end: none of them is a gap of a session
    under way, so `check --strict` (CI) does not refuse correct records of a training in progress.
    The signed sheets of the half-days held are due."""
    files = under_way("[present, absent]")
    files[f"{PLANNED}/session.md"] = files[f"{PLANNED}/session.md"].replace(
        "schedule:", "assessment: {method: Quiz, pass_mark: 10, max_score: 20}\nschedule:")
    files[f"{PLANNED}/attendance.yml"] += "trainer_signed: [true, false]\n"
    root = make_project(files, commit=True)
    warnings = [w for w in diagnostic_lines(run_check(root).output)[1] if w.startswith(PLANNED)]
    assert warnings == [f"{PLANNED}/attendance.yml:1: warning: evidence.signatures: Attendance proof — "
                        "Missing: signed attendance sheets"]
    page = " ".join((sample.built(root) / "sessions" / "2027-01-ai-act" / "index.html")
                    .read_text(encoding="utf-8").split())
    assert "1/1 créneaux passés signés par le formateur" in page
    assert "Formation en cours : résultats après l’évaluation" in page
    assert "Formation en cours : questionnaire de satisfaction en fin de formation" in page


def test_a_session_whose_dates_have_passed_with_nothing_recorded_is_warned_of_and_offered_to_no_one(make_project):
    """The planned session moved to a day before the commit, still without marks: its attendance
    was not recorded (or it did not take place). check warns at its schedule; the literacy
    dossier no longer offers it as a session to come, and no one's plan points to it."""
    root = make_project(commit=True)
    sample.write_files(root, {f"{PLANNED}/session.md": sample.PLANNED_SESSION_MD.replace("2027-01-14", "2026-10-15")})
    sample.commit_all(root, "the planned session, held in October, never recorded")
    result = run_check(root)
    assert result.exit_code == 0, result.output
    assert [line for line in diagnostic_lines(result.output)[1] if line.startswith(PLANNED) and "schedule" in line] == [
        f"{PLANNED}/session.md:12: warning: schedule: its last half-day was on 2026-10-15, before the records' "
        "date 2026-11-02 (the commit's), and no one is marked present or absent: it is still listed as training to come; "
        "record who attended, or remove the session if it did not take place"]
    status = CliRunner().invoke(main, ["status", "--project", str(root), "--json"])
    people = {p["id"]: p for p in json.loads(status.stdout)["people"]}
    assert people["jean-noel-daubigne"]["planned"] == []
    assert build(root).exit_code == 0
    dossier = sample.text(root / "output" / "latest" / "literacy.pdf")
    assert "AI Act pour l'encadrement" not in dossier
