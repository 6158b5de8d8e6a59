"""``preuve check``: each kind of mistake, made once in the valid sample, is reported exactly.

Every case changes one file of ``tests/sample.py`` and lists the full lines the user must read
(``path:line: field: message``). The error lines of the output must be exactly those: the mistake
is named where it was made and does not drag unrelated errors along.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import sample
from preuve.cli import main

FUNDED = sample.FUNDED
REMOTE = sample.REMOTE
PLANNED = sample.PLANNED
SAMPLE_WARNINGS = sample.SAMPLE_WARNINGS
FUNDED_MD = f"{FUNDED}/session.md"
FUNDED_ATT = f"{FUNDED}/attendance.yml"
REPO = Path(__file__).resolve().parents[1]

SUMMARY = re.compile(r"^\d+ error\(s\), \d+ warning\(s\)$")


def edit(path: str, *pairs: tuple[str, str]) -> dict[str, str]:
    """The sample's ``path`` with each ``(old, new)`` replaced once; ``old`` must be there."""
    text = sample.sample_files()[path]
    assert isinstance(text, str)
    for old, new in pairs:
        assert text.count(old) >= 1, f"{old!r} not in {path}"
        text = text.replace(old, new, 1)
    return {path: text}


def run_check(root: Path, *args: str):
    result = CliRunner().invoke(main, ["check", "--project", str(root), *args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def diagnostic_lines(output: str) -> tuple[list[str], list[str]]:
    """(error lines, warning lines) of ``check``'s output, without the summary lines."""
    errors, warnings = [], []
    for line in output.splitlines():
        if not line.strip() or SUMMARY.match(line) or line.startswith("ok: "):
            continue
        (warnings if ": warning: " in line else errors).append(line)
    return errors, warnings


# --- valid records ------------------------------------------------------------------------------


def test_sample_is_valid_with_exactly_its_known_warnings(make_project):
    result = run_check(make_project())
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        *SAMPLE_WARNINGS,
        "0 error(s), 5 warning(s)",
        "ok: 3 session(s), 5 people",
    ]


def test_sample_fails_under_strict_because_of_its_warnings(make_project):
    result = run_check(make_project(), "--strict")
    assert result.exit_code == 1
    errors, warnings = diagnostic_lines(result.output)
    assert errors == []
    assert warnings == SAMPLE_WARNINGS


def test_check_defaults_to_the_current_folder(make_project, monkeypatch):
    monkeypatch.chdir(make_project())
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    assert "ok: 3 session(s), 5 people" in result.output


def test_bundled_demo_is_valid():
    result = run_check(REPO)
    assert result.exit_code == 0, result.output
    errors, _ = diagnostic_lines(result.output)
    assert errors == []
    assert re.search(r"^ok: \d+ session\(s\), \d+ people$", result.output, re.M)


def test_unquoted_times_are_read_as_times_not_base_60_numbers(make_project):
    # YAML 1.1 reads 10:30 as 630; the loader must keep it as the time the user wrote.
    text = sample.FUNDED_SESSION_MD
    for quoted in ('"09:00"', '"12:30"', '"14:00"', '"17:30"', '"17:00"'):
        text = text.replace(quoted, quoted.strip('"'))
    assert "start: 09:00, end: 12:30" in text
    result = run_check(make_project({FUNDED_MD: text}), "--strict")
    assert diagnostic_lines(result.output) == ([], SAMPLE_WARNINGS)


def test_every_mistake_is_reported_in_one_run(make_project):
    root = make_project({
        **edit("preuve.yml", ("locale: fr", "locale: de")),
        **edit("data/provider.yml", ('"90123456700005"', '"90123456700006"')),
        **edit(FUNDED_MD, ('start: "14:00", end: "17:00"', 'start: "14:00", end: "13:00"')),
    })
    result = run_check(root)
    assert result.exit_code == 1
    errors, _ = diagnostic_lines(result.output)
    assert errors == [
        f"{FUNDED_MD}:18: schedule[4].end: ends at 13:00, not after its start 14:00",
        "data/provider.yml:2: siret: '90123456700006' is not a valid SIRET: its check digit is wrong (Luhn)",
        "preuve.yml:2: locale: 'de' is not allowed: expected 'fr' or 'en'",
    ]
    assert "3 error(s), 2 warning(s)" in result.output


# --- one case per rule ---------------------------------------------------------------------------

PEOPLE_MAPPING = "people:\n" + "".join(f"  {line}\n" for line in sample.PEOPLE_YML.splitlines())
EXTRA_ZOE = """\
- id: zoe-ndiaye
  first_name: Zoé
  last_name: Ndiaye
  employer: Autre SA
  role: analyst
"""
TWICE = """\
  - person: zoe-ndiaye
    slots: [present, present, present, present]
    assessment: {score: 15, result: acquired}
"""

ERROR_CASES = [
    # missing files
    pytest.param({"data/provider.yml": None},
                 ["data/provider.yml: missing: data/provider.yml (who delivers the training) is required"],
                 id="missing-provider"),
    pytest.param({"data/roles.yml": None},
                 ["data/roles.yml: missing: data/roles.yml is required"], id="missing-roles"),
    pytest.param({"data/trainers.yml": None},
                 ["data/trainers.yml: missing: data/trainers.yml is required"], id="missing-trainers"),
    pytest.param({"data/people.yml": None},
                 ["data/people.yml: missing: data/people.yml or data/people.csv is required"],
                 id="missing-people"),
    pytest.param({f"{PLANNED}/session.md": None},
                 [f"{PLANNED}/session.md: missing: every session folder needs a session.md"],
                 id="missing-session-md"),
    # file syntax
    pytest.param(edit("data/roles.yml", ("analyst:\n", "analyst\n")),
                 ["data/roles.yml:4: invalid YAML: could not find expected ':'"], id="yaml-missing-colon"),
    pytest.param(edit("data/provider.yml", ("city: Lyon", "city: [Lyon")),
                 ["data/provider.yml:5: invalid YAML: expected ',' or ']', but got ':' "
                  "(while parsing a flow sequence that starts on line 4)"], id="yaml-unclosed-bracket"),
    pytest.param(edit(FUNDED_MD, ('title: "IA générative : fondamentaux et vigilance"',
                                  "title: IA générative : fondamentaux et vigilance")),
                 [f"{FUNDED_MD}:2: invalid YAML: mapping values are not allowed here "
                  "(put the value in quotes if it contains ': ')"], id="yaml-unquoted-colon-in-front-matter"),
    pytest.param({"data/provider.yml": sample.PROVIDER_YML + "city: Paris\n"},
                 ["data/provider.yml:12: invalid YAML: duplicate key 'city' (already set on line 4)"],
                 id="yaml-duplicate-key"),
    pytest.param(edit(FUNDED_MD, ("trainers: [nadia]\n", "trainers: [nadia]\ntitle: Autre titre\n")),
                 [f"{FUNDED_MD}:7: invalid YAML: duplicate key 'title' (already set on line 2)"],
                 id="yaml-duplicate-key-front-matter"),
    pytest.param({"data/provider.yml": sample.PROVIDER_YML.encode("cp1252")},
                 ["data/provider.yml:3: is not UTF-8 text (save it as UTF-8)"], id="yaml-not-utf8"),
    pytest.param({FUNDED_MD: sample.FUNDED_SESSION_MD.removeprefix("---\n")},
                 [f"{FUNDED_MD}:1: the file must start with a '---' line opening the front matter"],
                 id="front-matter-not-opened"),
    pytest.param(edit(FUNDED_MD, ("---\n## Déroulé", "## Déroulé")),
                 [f"{FUNDED_MD}:1: the front matter opened on line 1 is never closed by a '---' line"],
                 id="front-matter-not-closed"),
    # required fields and shapes
    pytest.param(edit("data/provider.yml", ("legal_name: Forma'IA Conseil SARL\n", "")),
                 ["data/provider.yml:1: legal_name: required field is missing"], id="provider-legal-name-missing"),
    pytest.param(edit("data/provider.yml", ("  name: Sophie Marchal\n", "")),
                 ["data/provider.yml:9: representative.name: required field is missing"],
                 id="provider-representative-name-missing"),
    pytest.param(edit(FUNDED_MD, ('title: "IA générative : fondamentaux et vigilance"\n', "")),
                 [f"{FUNDED_MD}:2: title: required field is missing"], id="session-title-missing"),
    pytest.param(edit(f"{REMOTE}/session.md", ("objectives:\n  - Repérer une suggestion de code non sûre\n",
                                               "objectives: []\n")),
                 [f"{REMOTE}/session.md:6: objectives: needs at least 1 item(s)"], id="session-no-objective"),
    pytest.param(edit("data/people.yml", ("  last_name: Maréchal\n", "")),
                 ["data/people.yml:31: last_name: required field is missing"], id="person-last-name-missing"),
    pytest.param(edit(FUNDED_MD, ('title: "IA générative : fondamentaux et vigilance"', "title:")),
                 [f"{FUNDED_MD}:2: title: must not be empty"], id="session-title-empty"),
    pytest.param(edit("data/provider.yml", ('siret: "90123456700005"', "siret:")),
                 ["data/provider.yml:2: siret: must not be empty"], id="provider-siret-empty"),
    pytest.param(edit("data/provider.yml", ("representative:\n  name: Sophie Marchal\n  title: Gérante\n",
                                            "representative:\n")),
                 ["data/provider.yml:9: representative: must not be empty"], id="provider-representative-empty"),
    pytest.param(edit("data/people.yml", ("id: benoit-workshop", "id: [benoit]")),
                 ["data/people.yml:31: id: a list is not a valid id: use lowercase letters, digits, '-' and '_' "
                  "(it is used in file names)"], id="person-id-is-a-list"),
    pytest.param({"data/people.yml": sample.PEOPLE_YML + "- Jean Dupont\n"},
                 ["data/people.yml:37: expected a mapping of fields (key: value), got 'Jean Dupont'"],
                 id="person-is-a-name-only"),
    pytest.param({FUNDED_ATT: "- person: dmitri\n  slots: [present, present, present, present]\n"},
                 [f"{FUNDED_ATT}:1: expected a mapping of fields (key: value), got a list"],
                 id="attendance-is-a-list"),
    pytest.param(edit(FUNDED_MD, ("trainers: [nadia]", "trainers: nadia")),
                 [f"{FUNDED_MD}:6: trainers: expected a list, got 'nadia'"], id="trainers-not-a-list"),
    pytest.param(edit(FUNDED_MD, ("pass_mark: 14", "pass_mark: quatorze")),
                 [f"{FUNDED_MD}:21: assessment.pass_mark: expected a number, got 'quatorze'"],
                 id="pass-mark-not-a-number"),
    pytest.param(edit(FUNDED_ATT, ("[true, true, true, true]", "[true, oui, true, true]")),
                 [f"{FUNDED_ATT}:1: trainer_signed[2]: expected true or false, got 'oui'"],
                 id="trainer-signed-not-a-boolean"),
    pytest.param(edit("preuve.yml", ("locale: fr", "locale:")),
                 ["preuve.yml:2: locale: an empty value is not allowed: expected 'fr' or 'en'"], id="locale-empty"),
    pytest.param({"data/people.yml": PEOPLE_MAPPING},
                 ["data/people.yml:1: people: the file must be a list of people, not a mapping with a 'people' key"],
                 id="people-as-mapping-with-people-key"),
    pytest.param({"data/people.yml": "jean:\n  first_name: Jean\n"},
                 ["data/people.yml:1: expected a list of people"], id="people-as-mapping"),
    pytest.param(edit("data/roles.yml", ("  label: Encadrement\n", "")),
                 ["data/roles.yml:1: manager.label: required field is missing"],
                 id="role-without-label-is-not-also-unknown"),
    pytest.param({"data/roles.yml": sample.ROLES_YML + "Chef Atelier:\n  label: Chef d'atelier\n"},
                 ["data/roles.yml:10: Chef Atelier: is not a valid id: use lowercase letters, digits, '-' and '_'"],
                 id="role-unsafe-id"),
    # enums
    pytest.param(edit("preuve.yml", ("locale: fr", "locale: de")),
                 ["preuve.yml:2: locale: 'de' is not allowed: expected 'fr' or 'en'"], id="enum-locale"),
    pytest.param(edit("preuve.yml", ("mode: provider", "mode: freelance")),
                 ["preuve.yml:3: mode: 'freelance' is not allowed: expected 'in-house' or 'provider'"],
                 id="enum-mode"),
    pytest.param(edit(FUNDED_MD, ("nature: action-de-formation", "nature: formation")),
                 [f"{FUNDED_MD}:3: nature: 'formation' is not allowed: expected 'action-de-formation', "
                  "'bilan-de-competences', 'vae' or 'apprentissage'"], id="enum-nature"),
    pytest.param(edit(FUNDED_MD, ("format: in-person", "format: online")),
                 [f"{FUNDED_MD}:4: format: 'online' is not allowed: expected 'in-person', 'remote' or 'blended'"],
                 id="enum-format"),
    pytest.param(edit(FUNDED_ATT, ("[present, absent, present, excused]", "[present, late, present, excused]")),
                 [f"{FUNDED_ATT}:10: participants[2].slots[2]: 'late' is not allowed: "
                  "expected 'present', 'absent' or 'excused'"], id="enum-mark"),
    pytest.param(edit(FUNDED_ATT, ("{score: 18, result: acquired}", "{score: 18, result: passed}")),
                 [f"{FUNDED_ATT}:16: participants[4].assessment.result: 'passed' is not allowed: "
                  "expected 'acquired', 'partially-acquired' or 'not-acquired'"], id="enum-result"),
    pytest.param(edit("data/people.yml", ("civility: Mme", "civility: Mlle")),
                 ["data/people.yml:13: civility: 'Mlle' is not allowed: expected 'M.', 'Mme' or ''"],
                 id="enum-civility"),
    # dates and times
    pytest.param(edit(FUNDED_MD, ('date: 2026-03-13, start: "09:00"', 'date: 2026-02-30, start: "09:00"')),
                 [f"{FUNDED_MD}:17: schedule[3].date: '2026-02-30' is not a real date"], id="date-not-real"),
    pytest.param(edit(FUNDED_MD, ('date: 2026-03-13, start: "09:00"', 'date: 12/03/2026, start: "09:00"')),
                 [f"{FUNDED_MD}:17: schedule[3].date: expected a date as YYYY-MM-DD, got '12/03/2026'"],
                 id="date-french-format"),
    pytest.param(edit("data/people.yml", ("joined_on: 2020-01-06", "joined_on: 6 janvier 2020")),
                 ["data/people.yml:9: joined_on: expected a date as YYYY-MM-DD, got '6 janvier 2020'"],
                 id="date-in-words"),
    pytest.param(edit(FUNDED_MD, ('start: "09:00", end: "12:30"', 'start: "9h", end: "12:30"')),
                 [f"{FUNDED_MD}:15: schedule[1].start: expected a time as HH:MM (quoted, e.g. \"09:00\"), got '9h'"],
                 id="time-9h"),
    pytest.param(edit(FUNDED_MD, ('start: "14:00", end: "17:00"', 'start: "14:00", end: "25:00"')),
                 [f"{FUNDED_MD}:18: schedule[4].end: '25:00' is not a real time of day"], id="time-25h"),
    # schedule
    pytest.param(edit(FUNDED_MD, ('start: "14:00", end: "17:00"', 'start: "14:00", end: "13:00"')),
                 [f"{FUNDED_MD}:18: schedule[4].end: ends at 13:00, not after its start 14:00"],
                 id="slot-ends-before-start"),
    pytest.param(edit(FUNDED_MD, ('start: "14:00", end: "17:00"', 'start: "14:00", end: "14:00"')),
                 [f"{FUNDED_MD}:18: schedule[4].end: ends at 14:00, not after its start 14:00"],
                 id="slot-of-no-time"),
    pytest.param(edit(FUNDED_MD, ('2026-03-12, start: "14:00", end: "17:30"',
                                  '2026-03-12, start: "12:00", end: "15:00"')),
                 [f"{FUNDED_MD}:14: schedule: slots overlap on 2026-03-12: 09:00-12:30 and 12:00-15:00"],
                 id="slots-overlap"),
    pytest.param(edit(FUNDED_MD, ('2026-03-13, start: "09:00"', '2026-03-11, start: "09:00"')),
                 [f"{FUNDED_MD}:14: schedule: slots must be listed in chronological order"],
                 id="slots-not-chronological"),
    pytest.param(edit(FUNDED_MD, ("funding:", "issued_on: 2026-03-12\nfunding:")),
                 [f"{FUNDED_MD}:23: issued_on: 2026-03-12 is before the last slot (2026-03-13): "
                  "a certificate cannot precede the training"], id="issued-before-last-slot"),
    # references
    pytest.param(edit("data/people.yml", ("role: workshop", "role: atelier")),
                 ["data/people.yml:36: role: unknown role 'atelier' (not in data/roles.yml)"],
                 id="unknown-person-role"),
    pytest.param(edit("data/people.yml", ("[chatgpt, copilot]", "[chatgpt, gemini]")),
                 ["data/people.yml:16: ai_systems[2]: unknown AI system 'gemini' (not in data/ai-systems.yml)"],
                 id="unknown-person-ai-system"),
    pytest.param(edit(FUNDED_MD, ("trainers: [nadia]", "trainers: [nadia, paul]")),
                 [f"{FUNDED_MD}:6: trainers[2]: unknown trainer 'paul' (not in data/trainers.yml)"],
                 id="unknown-trainer"),
    pytest.param(edit(f"{PLANNED}/session.md", ("roles: [manager]", "roles: [manager, direction]")),
                 [f"{PLANNED}/session.md:10: audience.roles[2]: unknown role 'direction' (not in data/roles.yml)"],
                 id="unknown-audience-role"),
    pytest.param(edit(FUNDED_MD, ("topics: [ai-basics, hallucinations]", "topics: [ai-basics, prompt-craft]")),
                 [f"{FUNDED_MD}:12: topics[2]: unknown topic 'prompt-craft' (not in data/topics.yml)"],
                 id="unknown-session-topic"),
    pytest.param(edit("data/roles.yml", ("topics: [ai-basics, ai-act]", "topics: [ai-basics, rgpd]")),
                 ["data/roles.yml:3: manager.topics[2]: unknown topic 'rgpd' (not in data/topics.yml)"],
                 id="unknown-role-topic"),
    pytest.param(edit(FUNDED_MD, ("ai_systems: [chatgpt]", "ai_systems: [chatgpt, mistral]")),
                 [f"{FUNDED_MD}:13: ai_systems[2]: unknown AI system 'mistral' (not in data/ai-systems.yml)"],
                 id="unknown-session-ai-system"),
    pytest.param(edit(FUNDED_ATT, ("person: dmitri", "person: dimitri")),
                 [f"{FUNDED_ATT}:14: participants[4].person: unknown person 'dimitri' (not in data/people.yml)"],
                 id="unknown-participant"),
    pytest.param({f"{REMOTE}/attendance.csv": sample.REMOTE_ATTENDANCE_CSV.replace("dmitri", "dimitri")},
                 [f"{REMOTE}/attendance.csv:3: participants[2].person: unknown person 'dimitri' "
                  "(not in data/people.yml)"], id="unknown-participant-csv"),
    # ids
    pytest.param({"data/people.yml": sample.PEOPLE_YML + EXTRA_ZOE},
                 ["data/people.yml:37: id: 'zoe-ndiaye' is used by two people: ids must be unique"],
                 id="duplicate-person-id"),
    pytest.param(edit("data/people.yml", ("id: benoit-workshop", "id: ../etc")),
                 ["data/people.yml:31: id: '../etc' is not a valid id: use lowercase letters, digits, '-' and '_' "
                  "(it is used in file names)"], id="unsafe-person-id-path"),
    pytest.param(edit("data/people.yml", ("id: benoit-workshop", "id: Jean Dupont")),
                 ["data/people.yml:31: id: 'Jean Dupont' is not a valid id: use lowercase letters, digits, '-' "
                  "and '_' (it is used in file names)"], id="unsafe-person-id-spaces"),
    pytest.param({"content/sessions/Mars 2026/session.md": sample.PLANNED_SESSION_MD},
                 ["content/sessions/Mars 2026: the folder name 'Mars 2026' is the session id: use lowercase "
                  "letters, digits, '-' and '_'"], id="unsafe-session-folder"),
    # attendance
    pytest.param(edit(FUNDED_ATT, ("[present, absent, present, excused]", "[present, absent, present]")),
                 [f"{FUNDED_ATT}:10: participants[2].slots: has 3 mark(s) but the schedule has 4 slot(s)"],
                 id="marks-fewer-than-slots"),
    pytest.param(edit(FUNDED_ATT, ("[absent, absent, absent, absent]", "[absent, absent, absent, absent, absent]")),
                 [f"{FUNDED_ATT}:13: participants[3].slots: has 5 mark(s) but the schedule has 4 slot(s)"],
                 id="marks-more-than-slots"),
    pytest.param(edit(FUNDED_ATT, ("[true, true, true, true]", "[true, true, true]")),
                 [f"{FUNDED_ATT}:1: trainer_signed: has 3 mark(s) but the schedule has 4 slot(s)"],
                 id="trainer-signed-length"),
    pytest.param({FUNDED_ATT: sample.FUNDED_ATTENDANCE_YML + TWICE},
                 [f"{FUNDED_ATT}:17: participants[5].person: 'zoe-ndiaye' is listed twice in this session"],
                 id="participant-twice"),
    pytest.param({"content/sessions/2026-03-doublon/session.md": sample.FUNDED_SESSION_MD,
                  "content/sessions/2026-03-doublon/attendance.yml": "participants:\n  - person: dmitri\n"
                  "    slots: [absent, absent, absent, present]\n    assessment: {score: 15, result: acquired}\n"},
                 [f"{FUNDED_ATT}:15: participants[4].slots[4]: 'dmitri' is also marked present in session "
                  "2026-03-doublon on 2026-03-13 at 14:00-17:00: one person cannot attend two sessions at once, so "
                  "one of the two records is wrong"], id="present-in-two-sessions-at-once"),
    pytest.param({**edit(f"{PLANNED}/session.md", ("2027-01-14", "2099-01-14"), ("2027-01-14", "2099-01-14")),
                  f"{PLANNED}/attendance.yml": "participants:\n  - person: jean-noel-daubigne\n"
                  "    slots: [excused, present]\n"},
                 [f"{PLANNED}/attendance.yml:3: participants[1].slots[2]: present on 2099-01-14, after the records' "
                  "date {today} (today's: the records are not committed): presence is recorded once it has happened"],
                 id="present-after-the-records-date"),
    pytest.param(edit(f"{REMOTE}/session.md", ("2026-05-19", "2099-05-19")),
                 [f"{REMOTE}/attendance.csv:{row}: participants[{row - 1}].slots[1]: present on 2099-05-19, after the "
                  "records' date {today} (today's: the records are not committed): presence is recorded once it has "
                  "happened" for row in (2, 3)], id="present-after-the-records-date-csv"),
    pytest.param({**edit(f"{PLANNED}/session.md", ("2027-01-14", "2099-01-14"), ("2027-01-14", "2099-01-14")),
                  f"{PLANNED}/attendance.yml": "participants:\n  - person: jean-noel-daubigne\n"
                  "trainer_signed: [false, true]\n"},
                 [f"{PLANNED}/attendance.yml:3: trainer_signed[2]: signed for 2099-01-14, after the records' "
                  "date {today} (today's: the records are not committed): the trainer signs once the half-day has "
                  "happened"], id="trainer-signed-after-the-records-date"),
    pytest.param({**edit(f"{PLANNED}/session.md", ("2027-01-14", "2099-01-14"), ("2027-01-14", "2099-01-14"),
                         ("schedule:", "assessment: {method: Quiz}\nschedule:")),
                  f"{PLANNED}/attendance.yml": "participants:\n  - person: jean-noel-daubigne\n"
                  "    assessment: {result: not-acquired}\n"},
                 [f"{PLANNED}/attendance.yml:3: participants[1].assessment: a result for a session that begins on "
                  "2099-01-14, after the records' date {today} (today's: the records are not committed): a result "
                  "is recorded once the assessment has taken place"], id="result-before-the-session"),
    pytest.param(edit(FUNDED_ATT, ("evidence/satisfaction.csv", "evidence/enquete.csv")),
                 [f"{FUNDED_ATT}:4: evidence.satisfaction[1]: 'evidence/enquete.csv' does not exist in "
                  f"{FUNDED}/evidence/"], id="evidence-missing"),
    pytest.param(edit(FUNDED_ATT, ("evidence/satisfaction.csv", "evidence/Satisfaction.CSV")),
                 [f"{FUNDED_ATT}:4: evidence.satisfaction[1]: 'evidence/Satisfaction.CSV' does not exist in "
                  f"{FUNDED}/evidence/: did you mean 'evidence/satisfaction.csv'? (names are case-sensitive)"],
                 id="evidence-other-case"),
    pytest.param({**edit(FUNDED_ATT, ("evidence/satisfaction.csv", "evidence/satisfaction.csv, evidence/e\u0301val.csv")),
                  f"{FUNDED}/evidence/\u00e9val.csv": "a;b\n"},
                 [f"{FUNDED_ATT}:4: evidence.satisfaction[2]: 'evidence/e\u0301val.csv' does not exist in {FUNDED}/"
                  "evidence/: a file there has this name with its accented letters encoded otherwise (Unicode "
                  "NFC/NFD, as some systems and archives write them): type the name here again, or rename the file"],
                 id="evidence-other-unicode-form"),
    pytest.param(edit(FUNDED_ATT, ("evidence/satisfaction.csv", "../../secret")),
                 [f"{FUNDED_ATT}:4: evidence.satisfaction[1]: '../../secret' must be a path inside this "
                  "session's evidence/ folder"], id="evidence-escapes"),
    pytest.param(edit(FUNDED_ATT, ("evidence/emargement-signe.pdf", "evidence/../../../etc/passwd")),
                 [f"{FUNDED_ATT}:3: evidence.signatures[1]: 'evidence/../../../etc/passwd' must be a path "
                  "inside this session's evidence/ folder"], id="evidence-escapes-through-evidence"),
    pytest.param(edit(FUNDED_ATT, ("score: 18", "score: 21")),
                 [f"{FUNDED_ATT}:16: participants[4].assessment.score: 21 is outside 0-20 (assessment.max_score)"],
                 id="score-above-max"),
    pytest.param(edit(FUNDED_ATT, ("{score: 18, result: acquired}", "{score: 13.999, result: not-acquired}")),
                 [f"{FUNDED_ATT}:16: participants[4].assessment.score: 13.999 has more than two decimals: "
                  "certificates print a score to two decimals, beside the pass mark and the result; write it as "
                  "it is to be printed"], id="score-with-three-decimals"),
    pytest.param(edit(FUNDED_ATT, ("score: 18", "score: -1")),
                 [f"{FUNDED_ATT}:16: participants[4].assessment.score: must be at least 0, got -1"],
                 id="score-negative"),
    pytest.param(edit(FUNDED_ATT, ("{score: 18, result: acquired}", "{score: 13, result: acquired}")),
                 [f"{FUNDED_ATT}:16: participants[4].assessment.result: 'acquired', but the score 13 is below the "
                  "pass mark 14 that the certificate states: correct the score or the result"],
                 id="acquired-below-pass-mark"),
    pytest.param(edit(FUNDED_ATT, ("{score: 18, result: acquired}", "{score: 14, result: not-acquired}")),
                 [f"{FUNDED_ATT}:16: participants[4].assessment.result: 'not-acquired', but the score 14 reaches "
                  "the pass mark 14 that the certificate states: correct the score or the result"],
                 id="not-acquired-at-pass-mark"),
    pytest.param(edit(FUNDED_MD, ("pass_mark: 14", "pass_mark: 24")),
                 [f"{FUNDED_MD}:21: assessment.pass_mark: 24 is above max_score 20"], id="pass-mark-above-max"),
    # mode provider and formats
    pytest.param(edit("data/provider.yml", ('nda: "84691234569"\n', "")),
                 ["data/provider.yml:1: nda: required in mode 'provider': the activity registration number (11 digits)"],
                 id="provider-without-nda"),
    pytest.param(edit("data/provider.yml", ("nda_region: Auvergne-Rhône-Alpes\n", "")),
                 ["data/provider.yml:1: nda_region: required in mode 'provider': the region whose prefect "
                  "registered the NDA"], id="provider-without-nda-region"),
    pytest.param(edit("data/people.yml", ("  employer: Client Industrie SA\n  role: workshop", "  role: workshop")),
                 ["data/people.yml:31: employer: required in mode 'provider': the trainee's employer company"],
                 id="provider-person-without-employer"),
    pytest.param(edit(FUNDED_MD, ("location: 12 rue de la République, 69002 Lyon\n", "")),
                 [f"{FUNDED_MD}:2: location: required for a session whose format is 'in-person'"],
                 id="in-person-without-location"),
    pytest.param(edit(f"{REMOTE}/session.md", ("format: remote", "format: blended")),
                 [f"{REMOTE}/session.md:2: location: required for a session whose format is 'blended'"],
                 id="blended-without-location"),
    pytest.param(edit("data/provider.yml", ('"90123456700005"', '"90123456700006"')),
                 ["data/provider.yml:2: siret: '90123456700006' is not a valid SIRET: its check digit is wrong (Luhn)"],
                 id="siret-bad-luhn"),
    pytest.param(edit("data/provider.yml", ('"90123456700005"', '"9012345670000"')),
                 ["data/provider.yml:2: siret: '9012345670000' is not a SIRET: expected 14 digits (SIREN + 5-digit NIC)"],
                 id="siret-13-digits"),
    pytest.param(edit("data/provider.yml", ('"84691234569"', '"8469123456"')),
                 ["data/provider.yml:7: nda: '8469123456' is not an activity registration number (NDA): "
                  "expected 11 digits"], id="nda-10-digits"),
    pytest.param(edit("data/provider.yml", ("contact@formaia.example", "contact.formaia.example")),
                 ["data/provider.yml:5: email: 'contact.formaia.example' is not an email address"],
                 id="provider-email"),
    pytest.param(edit("data/people.yml", ("jn.daubigne@client.example", "jn.daubigne@client")),
                 ["data/people.yml:5: email: 'jn.daubigne@client' is not an email address"], id="person-email"),
    pytest.param(edit("data/people.yml", ("  role: workshop", "  role: workshop\n  joined_on: 2024-01-08\n"
                                          "  left_on: 2023-06-30")),
                 ["data/people.yml:38: left_on: 2023-06-30 is before joined_on 2024-01-08"],
                 id="left-before-joining"),
    pytest.param(edit("data/people.yml", ("  ai_systems: []", "  ai_systems: []\n  left_on: 2026-03-01")),
                 [f"{FUNDED_ATT}:12: participants[3].person: 'aurelien-long' left on 2026-03-01, before the "
                  "session started (2026-03-12)"], id="participant-left-before-session"),
    pytest.param(edit("data/people.yml", ("joined_on: 2020-01-06", "joined_on: 2026-03-16")),
                 [f"{FUNDED_ATT}:6: participants[1].person: 'jean-noel-daubigne' joined on 2026-03-16, after the "
                  "session ended (2026-03-13)"], id="participant-joined-after-session"),
    pytest.param(edit("data/people.yml", ("joined_on: 2020-01-06", "joined_on: 2026-03-13")),
                 [f"{FUNDED_ATT}:7: participants[1].slots[1]: present on 2026-03-12, but 'jean-noel-daubigne' "
                  "joined on 2026-03-13: correct the mark or the date"], id="participant-present-before-joining"),
    pytest.param(edit("data/people.yml", ("ai_systems: [chatgpt, copilot]", "ai_systems: [chatgpt, copilot]\n"
                                          "  left_on: 2026-03-12")),
                 [f"{FUNDED_ATT}:10: participants[2].slots[3]: present on 2026-03-13, but 'zoe-ndiaye' left on "
                  "2026-03-12: correct the mark or the date",
                  f"{sample.REMOTE}/attendance.csv:2: participants[1].person: 'zoe-ndiaye' left on 2026-03-12, before the session "
                  "started (2026-05-19)"], id="participant-present-after-leaving"),
    pytest.param({"data/people.csv": "id;first_name;last_name;employer;role\nx;A;B;C;analyst\n"},
                 ["data/people.csv: both people.yml and people.csv exist: keep only one"],
                 id="people-yml-and-csv"),
    pytest.param({"data/provider.yml": sample.PROVIDER_YML + "logo: ../../etc/passwd\n"},
                 ["data/provider.yml:12: logo: '../../etc/passwd' is not a file inside data/ (give the path relative to data/)"],
                 id="logo-outside-data"),
    pytest.param({"data/provider.yml": sample.PROVIDER_YML + "signature_image: signature.png\n"},
                 ["data/provider.yml:12: signature_image: 'signature.png' is not a file inside data/ (give the path relative to data/)"],
                 id="signature-image-missing"),
    pytest.param({**edit(FUNDED_MD, ('"12:30"}', '"12:30", trainers: [nadia, paul]}'), ('"17:30"}', '"17:30", trainers: []}')),
                  "data/trainers.yml": sample.TRAINERS_YML + "paul: {name: Paul Ferrand, title: Formateur}\n"},
                 [f"{FUNDED_MD}:15: schedule[1].trainers[2]: 'paul' is not one of this session's trainers: add them "
                  "to trainers, or remove them from this slot",
                  f"{FUNDED_MD}:16: schedule[2].trainers: is empty: name who held this slot",
                  f"{FUNDED_MD}:17: schedule[3]: says no trainers while other slots do: say who held every slot",
                  f"{FUNDED_MD}:18: schedule[4]: says no trainers while other slots do: say who held every slot"],
                 id="slot-trainers-not-the-session-s-or-not-every-slot"),
    pytest.param({**edit(FUNDED_MD, ("trainers: [nadia]", "trainers: [nadia, paul]"),
                         *[(f'end: "{end}"}}', f'end: "{end}", trainers: [nadia]}}') for end in ("12:30", "17:30", "12:30", "17:00")]),
                  "data/trainers.yml": sample.TRAINERS_YML + "paul: {name: Paul Ferrand, title: Formateur}\n"},
                 [f"{FUNDED_MD}:6: trainers[2]: 'paul' holds no slot: since the schedule says who held each slot, "
                  "add them to the slots they held, or remove them from trainers"],
                 id="session-trainer-holding-no-slot"),
    # Programmes print the Qualiopi mention with its categories: without them it read "au titre de
    # la ou des catégories d'actions suivantes : (certificat n° …)".
    pytest.param({"data/provider.yml": sample.PROVIDER_YML + "qualiopi:\n  certifier: AFNOR\n  certificate: Q-1\n"
                  "  valid_until: 2027-12-31\n"},
                 ["data/provider.yml:12: qualiopi.categories: list the certified categories of actions "
                  "(actions-de-formation, bilans-de-competences, vae, apprentissage): programmes print them in "
                  "the Qualiopi mention"], id="qualiopi-without-categories"),
    # An id listed twice in one list is printed twice (the sheet's trainers) and counted once.
    pytest.param(edit(FUNDED_MD, ("trainers: [nadia]", "trainers: [nadia, nadia]"),
                      ("ai_systems: [chatgpt]", "ai_systems: [chatgpt, chatgpt]")),
                 [f"{FUNDED_MD}:6: trainers: 'nadia' is listed twice",
                  f"{FUNDED_MD}:13: ai_systems: 'chatgpt' is listed twice"], id="id-listed-twice"),
    pytest.param(edit("preuve.yml", ("evidence_years: 6", "evidence_years: six")),
                 ["preuve.yml:5: retention.evidence_years: expected a whole number, got 'six'"],
                 id="retention-not-a-number"),
]


@pytest.mark.parametrize(("changes", "expected"), ERROR_CASES)
def test_each_mistake_gives_exit_1_and_names_file_line_and_field(make_project, changes, expected):
    root = make_project(changes)
    result = run_check(root)
    assert result.exit_code == 1, result.output
    expected = [line.format(root=root, today=date.today()) for line in expected]  # records outside git: today's
    errors, _ = diagnostic_lines(result.output)
    assert errors == expected
    assert f"{len(expected)} error(s), " in result.output
    assert "ok: " not in result.output


def test_optional_ai_systems_file_absent_still_checks_references(make_project):
    # data/ai-systems.yml is optional, but the ids that records use must then be defined somewhere.
    result = run_check(make_project({"data/ai-systems.yml": None}))
    assert result.exit_code == 1
    errors, _ = diagnostic_lines(result.output)
    unknown = "unknown AI system '{}' (not in data/ai-systems.yml)"
    assert errors == [
        f"{FUNDED_MD}:13: ai_systems[1]: " + unknown.format("chatgpt"),
        f"{REMOTE}/session.md:11: ai_systems[1]: " + unknown.format("copilot"),
        "data/people.yml:8: ai_systems[1]: " + unknown.format("chatgpt"),
        "data/people.yml:16: ai_systems[1]: " + unknown.format("chatgpt"),
        "data/people.yml:16: ai_systems[2]: " + unknown.format("copilot"),
        "data/people.yml:30: ai_systems[1]: " + unknown.format("copilot"),
    ]


# --- warnings: exit 0, but 1 under --strict -------------------------------------------------------

NO_ASSESSMENT_MD = sample.FUNDED_SESSION_MD.replace(
    "assessment:\n  method: Questionnaire à choix multiples de 20 questions\n  pass_mark: 14\n  max_score: 20\n", "")
NO_RESULTS_ATT = re.sub(r"\n    assessment: \{[^}]*\}", "", sample.FUNDED_ATTENDANCE_YML)

WARNING_CASES = [
    pytest.param({FUNDED_MD: NO_ASSESSMENT_MD, FUNDED_ATT: NO_RESULTS_ATT},
                 [f"{FUNDED_MD}:1: warning: assessment: no assessment: the certificates will prove attendance only"],
                 id="no-assessment"),
    pytest.param({FUNDED_MD: NO_ASSESSMENT_MD},
                 [f"{FUNDED_ATT}:{line}: warning: participants[{n}].assessment: the session defines no "
                  "assessment, so this result is not shown" for n, line in ((1, 8), (2, 11), (4, 16))]
                 + [f"{FUNDED_MD}:1: warning: assessment: no assessment: the certificates will prove attendance only"],
                 id="result-without-assessment"),
    pytest.param(edit(FUNDED_MD, ("roles: [manager, analyst]", "roles: [analyst]")),
                 [f"{FUNDED_ATT}:6: warning: participants[1].person: role 'manager' is not in the session's "
                  "audience.roles"], id="role-not-in-audience"),
    pytest.param(edit(FUNDED_MD, ("nature:", "titel: Autre\nnature:")),
                 [f"{FUNDED_MD}:3: warning: titel: unknown field, ignored (check its spelling against the record "
                  "format)"], id="unknown-field"),
    pytest.param(edit("data/people.yml", ("  role: workshop", "  role: workshop\n  emial: b@x.example")),
                 ["data/people.yml:37: warning: emial: unknown field, ignored (check its spelling against the record "
                  "format)"], id="unknown-person-field"),
    pytest.param(edit("data/provider.yml", ('"84691234569"', '"84691234568"')),
                 ["data/provider.yml:7: warning: nda: '84691234568': the department in positions 3-4 (69) usually "
                  "repeats in the last two digits (68); check the number on your registration receipt"],
                 id="nda-layout"),
    pytest.param(edit(FUNDED_MD, ('start: "14:00", end: "17:00"', 'start: "13:00", end: "18:00"')),
                 [f"{FUNDED_MD}:18: warning: schedule[4]: lasts 5 h: trainees must sign every half-day, so use one "
                  "slot per half-day"], id="slot-longer-than-half-day"),
    pytest.param(edit(FUNDED_ATT, ("    slots: [absent, absent, absent, absent]\n", "")),
                 [f"{FUNDED_ATT}:12: warning: participants[3]: 'aurelien-long' has no attendance marks while others "
                  "do: no certificate will be issued until they are recorded"], id="partially-recorded"),
    pytest.param(edit(FUNDED_ATT, ("\n    assessment: {score: 18, result: acquired}", "")),
                 [f"{FUNDED_ATT}:14: warning: participants[4].assessment: no assessment result for a trainee who "
                  "was present (Qualiopi indicator 11)"], id="present-without-result"),
    pytest.param(edit(FUNDED_ATT, ("    slots: [absent, absent, absent, absent]\n",
                                   "    slots: [absent, absent, absent, absent]\n"
                                   "    assessment: {score: 3, result: not-acquired}\n")),
                 [f"{FUNDED_ATT}:14: warning: participants[3].assessment: an assessment result for someone absent "
                  "from every slot"], id="result-for-absent"),
    pytest.param({f"{PLANNED}/session.md": sample.PLANNED_SESSION_MD.replace("2027-01-14", "2027-01-17")},
                 [f"{PLANNED}/session.md:{line}: warning: schedule[{n}].date: 2027-01-17 is a Sunday: check the date "
                  "(signatures on such a day have been rejected in court, docs/rules.md)"
                  for n, line in ((1, 13), (2, 14))], id="sunday"),
    pytest.param({f"{PLANNED}/session.md": sample.PLANNED_SESSION_MD.replace("2027-01-14", "2027-07-14")},
                 [f"{PLANNED}/session.md:{line}: warning: schedule[{n}].date: 2027-07-14 is a public holiday in France "
                  "(National Day): check the date (signatures on such a day have been rejected in court, docs/rules.md)"
                  for n, line in ((1, 13), (2, 14))], id="public-holiday"),
    pytest.param({f"{PLANNED}/session.md": sample.PLANNED_SESSION_MD.replace("2027-01-14", "2027-05-17")},
                 [f"{PLANNED}/session.md:{line}: warning: schedule[{n}].date: 2027-05-17 is a public holiday in France "
                  "(Pentecost Monday): check the date (signatures on such a day have been rejected in court, "
                  "docs/rules.md)" for n, line in ((1, 13), (2, 14))], id="whit-monday"),
    pytest.param({"data/provider.yml": sample.PROVIDER_YML + "qualiopi:\n  certifier: AFNOR\n  certificate: Q-1\n"
                  "  valid_until: 2026-12-31\n  categories: [actions-de-formation]\n"},
                 [f"{PLANNED}/session.md:12: warning: schedule: the session ends on 2027-01-14, after the Qualiopi "
                  "certificate's validity (2026-12-31, data/provider.yml)"], id="qualiopi-expired"),
    pytest.param({f"{REMOTE}/attendance.csv": "person;slot1;score;result\r\n"},
                 [f"{REMOTE}/attendance.csv:1: warning: lists nobody: the session stays planned (a blank attendance "
                  "sheet, no certificate); add one row per participant under the header",
                  f"{REMOTE}/session.md:12: warning: schedule: its last half-day was on 2026-05-19, before the "
                  f"records' date {date.today()} (today's: the records are not committed), and no one is "
                  "marked present or absent: it is still listed as training to come; record who attended, or remove the session if "
                  "it did not take place"],
                 id="attendance-csv-header-only"),
    # A funded bilan de compétences from a provider certified for training actions only.
    pytest.param({"data/provider.yml": sample.PROVIDER_YML + "qualiopi:\n  certifier: AFNOR\n  certificate: Q-1\n"
                  "  valid_until: 2027-12-31\n  categories: [actions-de-formation]\n",
                  **edit(FUNDED_MD, ("nature: action-de-formation", "nature: bilan-de-competences"))},
                 [f"{FUNDED_MD}:3: warning: nature: 'bilan-de-competences' is not among the categories of the "
                  "Qualiopi certificate (actions-de-formation, data/provider.yml), yet the session is funded: "
                  "public and mutualised funds pay only for actions of a certified category"],
                 id="funded-outside-qualiopi-categories"),
    # An AI system in use whose users need no topic: no training can be shown for it.
    pytest.param(edit("data/ai-systems.yml", ("  topics: [code-security]\n", "")),
                 ["data/ai-systems.yml:6: warning: copilot.topics: lists no topic, yet 2 person(s) use this "
                  "system: its risks are covered by no training, and the literacy dossier shows none of its "
                  "users trained for it; list the topics its users need (AI Act, art. 4)"],
                 id="ai-system-without-topics"),
    # `funding:` left empty (its lines commented out): no certificat de réalisation, said so.
    pytest.param(edit(FUNDED_MD, ("funding:\n  opco: OPCO Atlas\n  agreement: CONV-2026-0042\n",
                                  "funding:\n#  opco: OPCO Atlas\n")),
                 [f"{FUNDED_MD}:23: warning: funding: is empty: the session is not funded and gets no certificat "
                  "de réalisation; give its opco and agreement, or remove the key"], id="funding-empty"),
    pytest.param({"content/sessions/.2026-06-copie/session.md": sample.REMOTE_SESSION_MD,
                  "content/sessions/2026-06-copie~/session.md": sample.REMOTE_SESSION_MD,
                  "content/sessions/.git-like/notes.txt": "not a session\n"},
                 [f"content/sessions/{name}: warning: holds a session.md but is not read: hidden folders and editor "
                  "leftovers are skipped; rename it for its session to be built"
                  for name in (".2026-06-copie", "2026-06-copie~")], id="session-folder-hidden"),
]


@pytest.mark.parametrize(("changes", "expected"), WARNING_CASES)
def test_each_warning_passes_but_fails_under_strict(make_project, changes, expected):
    root = make_project(changes)
    relaxed = run_check(root)
    assert relaxed.exit_code == 0, relaxed.output
    errors, warnings = diagnostic_lines(relaxed.output)
    assert errors == []
    assert sorted(set(warnings) - set(SAMPLE_WARNINGS)) == sorted(expected)
    assert "ok: 3 session(s), 5 people" in relaxed.output

    strict = run_check(root, "--strict")
    assert strict.exit_code == 1
    assert diagnostic_lines(strict.output) == diagnostic_lines(relaxed.output)
    assert "ok: " not in strict.output


@pytest.mark.parametrize(("changes", "expected"), [
    ({"data/people.yml": None, "data/people.csv": "id;first_name;last_name;employer;role\r\n"},
     "data/people.csv:1: warning: lists nobody: add one row per person under the header (every participant "
     "of a session must be listed here)"),
    ({"data/people.yml": "[]\n"},
     "data/people.yml:1: warning: lists nobody: add one entry per person (every participant of a session "
     "must be listed here)"),
], ids=["csv-header-only", "yaml-empty-list"])
def test_a_people_registry_that_lists_nobody_says_so_at_line_1(make_project, changes, expected):
    # An empty people.yml is no list (an error); a list of nobody is well-formed, and the sessions'
    # participants are then unknown people, each an error where it is named.
    result = run_check(make_project(changes))
    errors, warnings = diagnostic_lines(result.output)
    assert expected in warnings
    assert len(errors) == 7 and all("unknown person" in line for line in errors), errors


def test_evidence_file_with_an_unportable_name_is_refused(make_project):
    from sample import FUNDED

    root = make_project({f"{FUNDED}/evidence/scan\\mars.pdf": b"%PDF-1.4\n"})
    result = CliRunner().invoke(main, ["check", "--project", str(root)])
    assert result.exit_code == 1
    assert (f"{FUNDED}/evidence/scan\\mars.pdf: the file name holds a backslash or a control character: "
            "rename it (it is copied into the evidence archive)") in result.output
