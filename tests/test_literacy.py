"""AI-literacy coverage, retention and status, checked against a hand computation on the sample."""

from __future__ import annotations

import json
from datetime import date

from click.testing import CliRunner

from preuve.cli import main
from preuve.pipeline import read_records
from preuve.report.literacy import coverage, literacy_json
from preuve.report.retention import retention
import sample
from sample import PEOPLE_YML, REMOTE_SESSION_MD, built, text

AS_OF = date(2026, 11, 2)

OLD_SESSION = """\
---
title: Sensibilisation IA (ancienne)
nature: action-de-formation
format: remote
trainers: [nadia]
objectives: [Citer deux limites de l'IA]
audience: {roles: [analyst]}
topics: [ai-basics]
schedule:
  - {date: %s, start: "09:00", end: "12:00"}
---
Programme.
"""


def records_of(make_project, changes=None):
    records, diag = read_records(make_project(changes))
    assert records is not None, [str(d) for d in diag]
    return records


def test_coverage_matches_a_hand_computation(make_project):
    cov = literacy_json(coverage(records_of(make_project), AS_OF))["people"]
    brief = {pid: {k: p[k] for k in ("required", "covered", "gaps", "status", "due_soon")} for pid, p in cov.items()}
    # jean-noel: manager (ai-basics, ai-act) + chatgpt (hallucinations); attended the whole funded session.
    assert brief["jean-noel-daubigne"] == {"required": ["ai-act", "ai-basics", "hallucinations"],
                                           "covered": ["ai-basics", "hallucinations"], "gaps": ["ai-act"],
                                           "status": "gaps", "due_soon": []}
    # zoé: analyst + chatgpt + copilot; present 7 h of the funded session's 13.5 h (52 %, below the
    # default 80 %), so neither of its topics counts; the remote session, attended, covers code-security.
    assert brief["zoe-ndiaye"] == {"required": ["ai-basics", "code-security", "hallucinations"],
                                   "covered": ["code-security"], "gaps": ["ai-basics", "hallucinations"],
                                   "status": "gaps", "due_soon": []}
    assert cov["zoe-ndiaye"]["topics"]["ai-basics"]["state"] == "partly-attended"
    assert cov["zoe-ndiaye"]["topics"]["ai-basics"]["sessions"] == [
        {"session": "2026-03-ia-fondamentaux", "day": "2026-03-13", "outcome": "partly-attended", "basis": "share",
         "hours": 7.0, "planned_hours": 13.5, "result": "partially-acquired"}]
    # aurélien: enrolled in the funded session but absent from every slot: nothing covered.
    assert brief["aurelien-long"] == {"required": ["ai-basics"], "covered": [], "gaps": ["ai-basics"],
                                      "status": "gaps", "due_soon": []}
    assert cov["aurelien-long"]["topics"]["ai-basics"]["state"] == "missing"
    # benoît: workshop role without topics, no AI system: not exposed, not a gap.
    assert brief["benoit-workshop"] == {"required": [], "covered": [], "gaps": [], "status": "not-exposed",
                                        "due_soon": []}


def test_the_planned_session_that_closes_a_gap_is_named(make_project):
    cov = coverage(records_of(make_project), AS_OF)
    [topic] = [t for t in cov.person("jean-noel-daubigne").topics if t.topic == "ai-act"]
    assert topic.state == "missing"
    assert topic.closing == ("2027-01-ai-act",)
    [basics] = [t for t in cov.person("aurelien-long").topics if t.topic == "ai-basics"]
    assert basics.closing == ()


def test_expired_due_soon_and_left_people(make_project):
    changes = {
        "content/sessions/2024-01-old/session.md": OLD_SESSION % "2024-01-15",
        "content/sessions/2024-01-old/attendance.yml": "participants:\n  - {person: aurelien-long, slots: [present]}\n",
        "content/sessions/2025-01-refresh/session.md": OLD_SESSION % "2025-01-20",
        "content/sessions/2025-01-refresh/attendance.yml":
            "participants:\n  - {person: benoit-workshop, slots: [present]}\n  - {person: dmitri, slots: [present]}\n",
    }
    records = records_of(make_project, changes)
    cov = coverage(records, AS_OF)
    # Trained on 2024-01-15, valid 24 months: valid until 2026-01-15, expired since the day after.
    [old] = cov.person("aurelien-long").topics
    assert (old.state, old.valid_until) == ("expired", date(2026, 1, 15))
    assert cov.person("aurelien-long").gaps == ("ai-basics",)
    # dmitri's later training (March 2026) wins over the January 2025 one.
    [basics] = [t for t in cov.person("dmitri").topics if t.topic == "ai-basics"]
    assert (basics.state, basics.trained_on) == ("covered", date(2026, 3, 13))
    # Three months before expiry, a topic is still covered but due soon.
    soon = coverage(records, date(2026, 12, 1))
    assert soon.person("aurelien-long").status == "gaps"
    # A person who left before the as-of date is not in the coverage.
    left = PEOPLE_YML.replace("  ai_systems: [copilot]\n", "  ai_systems: [copilot]\n  left_on: 2026-06-30\n")
    people = records_of(make_project, {**changes, "data/people.yml": left})
    assert "dmitri" not in literacy_json(coverage(people, AS_OF))["people"]
    assert "dmitri" in literacy_json(coverage(people, date(2026, 6, 30)))["people"]


def test_dossier_counts_a_programme_once_and_groups_people_by_gap(make_project):
    changes = {
        # The remote programme run a second time, and an old session whose training has lapsed.
        "content/sessions/2026-06-copilot-bis/session.md": REMOTE_SESSION_MD.replace("2026-05-19", "2026-06-02"),
        "content/sessions/2026-06-copilot-bis/attendance.yml": "participants:\n  - {person: zoe-ndiaye, slots: [present]}\n",
        "content/sessions/2024-01-old/session.md": OLD_SESSION % "2024-01-15",
        "content/sessions/2024-01-old/attendance.yml": "participants:\n  - {person: aurelien-long, slots: [present]}\n",
    }
    dossier = text(built(make_project(changes, commit=True)) / "literacy.pdf")
    # One row per programme: both runs of the remote one, with their dates and everyone present.
    assert "2 sessions, du 19 mai au 2 juin 2026 Copilot en sécurité à distance · GitHub Copilot 3 heures chacune" in dossier
    assert "Sécurité du code généré Analyste 3 " in dossier  # 2 present on 19 May, 1 on 2 June
    assert "15 janvier 2024 Sensibilisation IA (ancienne)" in dossier
    # Each person with gaps under the group of their client, role, gaps and plan.
    assert ("Client Industrie SA · Analyste — à compléter : Comprendre l'IA (expiré) — 1 personne "
            "→ aucune session planifiée Aurélien-Marie Dupont-Moreau de la Tour-Vaillant (expiré, valable jusqu'au 15 janv. 2026)"
            ) in dossier
    assert ("Client Industrie SA · Analyste — à compléter : Comprendre l'IA (présence partielle) · "
            "Hallucinations de l'IA générative (présence partielle) — 1 personne → aucune session planifiée "
            "Zoé N'Diaye") in dossier
    assert ("Client Industrie SA · Encadrement — à compléter : Obligations de l'AI Act — 1 personne "
            "→ AI Act pour l'encadrement (14 janvier 2027, inscription faite) comblerait : Obligations de "
            "l'AI Act ; plus aucun thème à couvrir Jean-Noël D'Aubigné") in dossier
    assert dossier.count("Jean-Noël D'Aubigné") == 1


def test_a_dossier_as_of_an_earlier_date_lists_only_the_training_held_by_then(make_project):
    """``build --as-of`` before a session: its coverage ignores that session, and so does the
    list of training delivered (it listed it, with its trainees, in a dossier dated before it)."""
    root = make_project(commit=True)
    result = CliRunner().invoke(main, ["build", "--as-of", "2026-04-01", "--project", str(root)])
    assert result.exit_code == 0, result.output
    dossier = text(root / "output" / "latest" / "literacy.pdf")
    assert "Situation au 1er avril 2026" in dossier
    assert "Du 12 au 13 mars 2026 IA générative : fondamentaux et vigilance" in dossier
    assert "Copilot en sécurité à distance" not in dossier  # held on 19 May 2026


def test_a_version_is_never_built_as_of_a_day_to_come(make_project):
    """A dossier "situation au 1er juin 2027", done that day, would state a coverage no record shows
    yet: build refuses, and says that status may look ahead; nothing is built."""
    root = make_project(commit=True)
    result = CliRunner().invoke(main, ["build", "--as-of", "2027-06-01", "--project", str(root)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output.splitlines()[-1] == (
        "Error: --as-of 2027-06-01: is after the records' date 2026-11-02 (the commit's): a version states what the "
        "records show on a day that has come; `preuve status --as-of 2027-06-01` shows who would need training by then")
    assert not (root / "output").exists()
    ahead = CliRunner().invoke(main, ["status", "--json", "--as-of", "2027-06-01", "--project", str(root)])
    assert ahead.exit_code == 0, ahead.output
    assert json.loads(ahead.stdout)["as_of"] == "2027-06-01"


def test_due_soon(make_project):
    changes = {
        "content/sessions/2024-12-refresh/session.md": OLD_SESSION % "2024-12-20",
        "content/sessions/2024-12-refresh/attendance.yml": "participants:\n  - {person: aurelien-long, slots: [present]}\n",
    }
    cov = coverage(records_of(make_project, changes), AS_OF)
    [topic] = cov.person("aurelien-long").topics
    assert (topic.state, topic.valid_until) == ("due-soon", date(2026, 12, 20))
    assert cov.person("aurelien-long").status == "covered"
    assert cov.person("aurelien-long").due_soon == ("ai-basics",)


def test_per_ai_system_users_and_trained(make_project):
    cov = coverage(records_of(make_project), AS_OF)
    systems = {s.system: s for s in cov.systems}
    assert systems["chatgpt"].users == ("jean-noel-daubigne", "zoe-ndiaye")
    assert systems["chatgpt"].trained == ("jean-noel-daubigne",)
    assert systems["chatgpt"].untrained == ("zoe-ndiaye",)  # hallucinations: partly attended
    assert systems["copilot"].users == ("dmitri", "zoe-ndiaye")
    assert systems["copilot"].untrained == ()


def test_users_of_an_ai_system_that_needs_no_topic_are_not_shown_trained_for_it(make_project):
    # Nothing about copilot is required, so nothing can show its users trained for it: "2 / 2
    # trained" would claim a measure no record shows (dmitri's only session is about copilot).
    systems_yml = sample.AI_SYSTEMS_YML.replace("  topics: [code-security]\n", "")
    root = make_project({"data/ai-systems.yml": systems_yml}, commit=True)
    cov = coverage(records_of(make_project, {"data/ai-systems.yml": systems_yml}), AS_OF)
    copilot = {s.system: s for s in cov.systems}["copilot"]
    assert (copilot.users, copilot.trained, copilot.untrained) == (
        ("dmitri", "zoe-ndiaye"), (), ("dmitri", "zoe-ndiaye"))
    dossier = text(built(root) / "literacy.pdf")
    assert "GitHub Copilot GitHub Assistance à l'écriture de code. 2 0 / 2 2" in dossier


def test_retention_dates(make_project):
    people = (PEOPLE_YML.replace("  role: workshop\n", "  role: workshop\n  left_on: 2022-06-30\n")
              .replace("  ai_systems: [copilot]\n", "  ai_systems: [copilot]\n  left_on: 2026-06-30\n"))
    records = records_of(make_project, {"data/people.yml": people,
                                        "preuve.yml": "title: T\nmode: provider\nretention: {evidence_years: 2}\n"})
    items = {(r.kind, r.id): r for r in retention(records, AS_OF)}
    # Funded session: at least 3 years after the end of 2026, though evidence_years is 2.
    assert items[("session", "2026-03-ia-fondamentaux")].keep_until == date(2029, 12, 31)
    assert items[("session", "2026-05-copilot")].keep_until == date(2028, 12, 31)
    person = items[("person", "benoit-workshop")]
    assert (person.keep_until, person.due, person.note) == (date(2025, 6, 30), True, "")
    assert retention(records, AS_OF)[0] == person  # past dates first
    # Purge due 2029-06-30, but the funded session's evidence naming dmitri is kept until 2029-12-31.
    dmitri = items[("person", "dmitri")]
    assert (dmitri.keep_until, dmitri.due, dmitri.note) == (date(2029, 6, 30), False, "2029-12-31")


def test_status_command_and_json(make_project):
    root = make_project(commit=True)
    result = CliRunner().invoke(main, ["status", "--project", str(root), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["as_of"] == "2026-11-02"
    by_id = {p["id"]: p for p in data["people"]}
    assert by_id["jean-noel-daubigne"]["gaps"] == {"ai-act": "missing"}
    assert by_id["jean-noel-daubigne"]["planned"] == [
        {"session": "2027-01-ai-act", "enrolled": True, "closes": ["ai-act"], "open_after": []}]
    assert by_id["zoe-ndiaye"]["gaps"] == {"ai-basics": "partly-attended", "hallucinations": "partly-attended"}
    assert by_id["zoe-ndiaye"]["client"] == "client-industrie-sa"
    assert data["literacy"]["partly-attended"] == 1 and data["literacy"]["gaps"] == 3
    remote = next(s for s in data["sessions"] if s["id"] == "2026-05-copilot")
    assert {g["check"] for g in remote["gaps"]} == {"attendance_proof", "trainer_signatures", "satisfaction"}
    text = CliRunner().invoke(main, ["status", "--project", str(root)]).output
    assert "AI literacy: 1 covered, 3 with gaps (2 missing, 1 partly attended), 1 not exposed" in text
    assert "jean-noel-daubigne: missing: ai-act → 2027-01-ai-act closes ai-act\n" in text
    assert "zoe-ndiaye: partly attended: ai-basics, hallucinations → no planned session" in text
    retention_only = CliRunner().invoke(main, ["status", "--project", str(root), "--retention"]).output
    assert "keep 2032-12-31  evidence of session 2026-03-ia-fondamentaux" in retention_only
    assert "AI literacy" not in retention_only


def test_two_people_of_one_name_are_told_apart_by_their_id(make_project):
    """Two Zoé N'Diaye in one role, one trained and one not: the dossier and its page said "Zoé
    N'Diaye" in both lists, without saying which one still needs training."""
    namesake = ("- id: zoe-ndiaye-2\n  first_name: Zoé\n  last_name: N'DIAYE\n  employer: Client Industrie SA\n"
                "  role: analyst\n  ai_systems: [chatgpt]\n")
    out = built(make_project({"data/people.yml": PEOPLE_YML + namesake}, commit=True))
    dossier = text(out / "literacy.pdf")
    assert "Zoé N'Diaye (zoe-ndiaye)" in dossier and "Zoé N'DIAYE (zoe-ndiaye-2)" in dossier
    assert "Jean-Noël D'Aubigné (" not in dossier  # a name borne once is printed as it is
    matrix = (out / "literacy.html").read_text()
    assert "Zoé N’Diaye (zoe-ndiaye)" in matrix and "Zoé N’DIAYE (zoe-ndiaye-2)" in matrix
