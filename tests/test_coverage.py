"""The AI-literacy coverage rules (docs/literacy.md), each case computed by hand and read back from
the ``literacy.json``, the dossier PDF, the matrix page and ``preuve status`` of a real build."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from click.testing import CliRunner

import sample
from preuve.cli import main
from preuve.report.exposure import Exposure, decide
from sample import FUNDED, PLANNED, built, text
from test_check import diagnostic_lines, edit, run_check

ANALYST = "  employer: Client Industrie SA\n  role: analyst\n  ai_systems: [chatgpt]\n"
PEOPLE = sample.PEOPLE_YML + "".join(
    f"- id: {pid}\n  first_name: {first}\n  last_name: {last}\n" + ANALYST
    for pid, first, last in (("anne", "Anne", "Plein"), ("bruno", "Bruno", "Partiel"), ("carla", "Carla", "Presque"),
                             ("denis", "Denis", "Échec"), ("eva", "Eva", "Moyenne"), ("fanny", "Fanny", "Ancienne"),
                             ("gilles", "Gilles", "Demi"))
) + "- id: hugo\n  first_name: Hugo\n  last_name: Cadre\n  employer: Client Industrie SA\n  role: manager\n  ai_systems: [chatgpt]\n"

# The funded session: 4 slots of 3.5, 3.5, 3.5 and 3 hours (13.5 h), topics ai-basics and
# hallucinations, no slot topics, assessment out of 20.
FUNDED_ATTENDANCE = sample.FUNDED_ATTENDANCE_YML + """\
  - {person: anne, slots: [present, present, present, present], assessment: {score: 17, result: acquired}}
  - {person: bruno, slots: [present, present, absent, absent], assessment: {score: 15, result: acquired}}
  - {person: carla, slots: [present, present, present, absent], assessment: {score: 15, result: acquired}}
  - {person: denis, slots: [present, present, present, present], assessment: {score: 8, result: not-acquired}}
  - {person: eva, slots: [present, present, present, present], assessment: {score: 12, result: partially-acquired}}
"""
OLD_SESSION = """\
---
title: Sensibilisation IA (2024)
nature: action-de-formation
format: remote
trainers: [nadia]
objectives: [Citer deux limites de l'IA]
audience: {roles: [analyst]}
topics: [ai-basics]
schedule:
  - {date: 2024-01-15, start: "09:00", end: "12:00"}
---
Programme.
"""
SLOTS_SESSION = """\
---
title: IA générative en deux demi-journées
nature: action-de-formation
format: in-person
location: Lyon
trainers: [nadia]
objectives: [Vérifier une réponse générée]
audience: {roles: [analyst]}
topics: [ai-basics, hallucinations]
schedule:
  - {date: 2026-06-09, start: "09:00", end: "12:30", topics: [ai-basics]}
  - {date: 2026-06-09, start: "14:00", end: "17:30", topics: [hallucinations]}
---
Matin : comprendre l'IA. Après-midi : hallucinations.
"""
BASICS_PLANNED = """\
---
title: Les bases de l'IA
nature: action-de-formation
format: remote
trainers: [nadia]
objectives: [Expliquer ce qu'est un modèle de langage]
audience: {roles: [manager, analyst]}
topics: [ai-basics]
schedule:
  - {date: 2027-02-02, start: "09:00", end: "12:00"}
---
Programme.
"""
SCENARIO = {
    "preuve.yml": sample.PREUVE_YML + "  min_attendance: 0.75\n",
    "data/people.yml": PEOPLE,
    f"{FUNDED}/attendance.yml": FUNDED_ATTENDANCE,
    "content/sessions/2024-01-old/session.md": OLD_SESSION,
    "content/sessions/2024-01-old/attendance.yml": "participants:\n  - {person: fanny, slots: [present]}\n",
    "content/sessions/2026-06-slots/session.md": SLOTS_SESSION,
    "content/sessions/2026-06-slots/attendance.yml": "participants:\n  - {person: gilles, slots: [present, absent]}\n",
    f"{PLANNED}/attendance.yml": "participants:\n  - person: jean-noel-daubigne\n  - person: hugo\n",
    "content/sessions/2027-02-basics/session.md": BASICS_PLANNED,
}

# Hand computation, as of the commit date 2026-11-02, refresh 24 months, min_attendance 0.75.
# Analysts using ChatGPT need ai-basics and hallucinations; Hugo (manager) also ai-act.
EXPECTED = {
    "anne": {"ai-basics": "covered", "hallucinations": "covered"},                 # all 13.5 h, acquired
    "bruno": {"ai-basics": "partly-attended", "hallucinations": "partly-attended"},  # 7 h = 52 % < 75 %
    "carla": {"ai-basics": "covered", "hallucinations": "covered"},                # 10.5 h = 77.8 % >= 75 %
    "denis": {"ai-basics": "not-acquired", "hallucinations": "not-acquired"},      # all hours, 8/20
    "eva": {"ai-basics": "covered", "hallucinations": "covered"},                  # partially acquired counts
    "fanny": {"ai-basics": "expired", "hallucinations": "missing"},                # 2024-01-15 + 24 months
    "gilles": {"ai-basics": "covered", "hallucinations": "partly-attended"},       # missed the afternoon slot
    "hugo": {"ai-act": "missing", "ai-basics": "missing", "hallucinations": "missing"},
}


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    root = tmp_path_factory.mktemp("coverage") / "records"
    return sample.committed_build(root, {**sample.sample_files(), **SCENARIO})


def test_each_topic_state_agrees_with_the_hand_computation(scenario):
    people = json.loads((scenario / "literacy.json").read_text())["people"]
    assert {pid: {t: v["state"] for t, v in people[pid]["topics"].items()} for pid in EXPECTED} == EXPECTED
    assert people["anne"]["topics"]["ai-basics"]["valid_until"] == "2028-03-13"
    assert people["fanny"]["topics"]["ai-basics"]["valid_until"] == "2026-01-15"
    assert people["eva"]["topics"]["ai-basics"]["result"] == "partially-acquired"
    assert people["carla"]["topics"]["ai-basics"]["sessions"] == [
        {"session": "2026-03-ia-fondamentaux", "day": "2026-03-13", "outcome": "covered", "basis": "share",
         "hours": 10.5, "planned_hours": 13.5, "result": "acquired"}]
    assert people["gilles"]["topics"]["hallucinations"]["sessions"] == [
        {"session": "2026-06-slots", "day": "2026-06-09", "outcome": "partly-attended", "basis": "slots",
         "hours": 0, "planned_hours": 3.5, "result": None}]
    statuses = {pid: people[pid]["status"] for pid in EXPECTED}
    assert statuses == {pid: "covered" if pid in ("anne", "carla", "eva") else "gaps" for pid in EXPECTED}
    counts = json.loads((scenario / "literacy.json").read_text())["counts"]
    # Sample people: dmitri covered; jean-noel (ai-act), zoé (7 h, partly), aurélien (absent) with gaps.
    assert counts == {"covered": 4, "gaps": 8, "not-exposed": 1, "missing": 4, "expired": 1,
                      "partly-attended": 3, "not-acquired": 1, "due-soon": 0, "partially-acquired": 1}


def test_the_default_share_is_80_percent(make_project):
    root = make_project({**SCENARIO, "preuve.yml": sample.PREUVE_YML}, commit=True)
    people = json.loads((built(root) / "literacy.json").read_text())["people"]
    assert people["carla"]["topics"]["ai-basics"]["state"] == "partly-attended"  # 77.8 % < 80 %
    assert people["anne"]["topics"]["ai-basics"]["state"] == "covered"


def test_each_planned_session_closes_part_of_the_gaps_and_says_what_stays_open(scenario):
    people = json.loads((scenario / "literacy.json").read_text())["people"]
    assert people["hugo"]["planned"] == [
        {"session": "2027-01-ai-act", "enrolled": True, "closes": ["ai-act"], "open_after": ["ai-basics", "hallucinations"]},
        {"session": "2027-02-basics", "enrolled": False, "closes": ["ai-basics"], "open_after": ["hallucinations"]}]
    assert people["gilles"]["planned"] == []  # the planned session covers ai-basics only
    assert people["hugo"]["topics"]["hallucinations"]["closing"] == []
    dossier = text(scenario / "literacy.pdf")
    assert ("Client Industrie SA · Encadrement — à compléter : Obligations de l'AI Act · Comprendre l'IA · "
            "Hallucinations de l'IA générative — 1 personne "
            "→ AI Act pour l'encadrement (14 janvier 2027, inscription faite) comblerait : Obligations de l'AI Act ; "
            "resteraient à couvrir : Comprendre l'IA · Hallucinations de l'IA générative "
            "→ Les bases de l'IA (2 février 2027, ouverte à leur rôle, sans inscription) comblerait : "
            "Comprendre l'IA ; resteraient à couvrir : Hallucinations de l'IA générative Hugo Cadre") in dossier
    assert ("Client Industrie SA · Analyste — à compléter : Comprendre l'IA (non acquis, à reformer) · "
            "Hallucinations de l'IA générative (non acquis, à reformer) — 1 personne") in dossier
    assert "Personnes par nature d'écart (une personne peut en avoir plusieurs) : Manquant 4 · Expiré 1 · " \
           "Présence partielle 3 · Non acquis, à reformer 1" in dossier
    assert "les personnes présentes au moins 75 % des heures prévues" in dossier


def test_the_matrix_and_status_show_the_same_states(scenario):
    page = (scenario / "literacy.html").read_text()
    row = re.search(r'<tr class="person-gaps">\s*<th scope="row" class="person-col">Gilles Demi.*?</tr>', page, re.S)
    assert row is not None
    cells = [c for c in re.findall(r'class="cell (lit-[a-z-]+)"', row.group(0)) if c != "lit-none"]
    assert cells == ["lit-covered", "lit-partly-attended"]
    # The cell's details, opened by a click, a tap or the keyboard; epicene wording (no civility).
    assert ("<li>Présence partielle</li><li>Hallucinations de l’IA générative</li><li>session\u202f: IA générative "
            "en deux demi-journées</li><li>présence\u202f: 0\u00a0heure sur 3,5\u00a0heures</li>") in page
    eva = re.search(r'<th scope="row" class="person-col">Eva Moyenne.*?</tr>', page, re.S).group(0)
    assert eva.count('<sup class="partial">*</sup>') == 2
    root = scenario.parent.parent
    status = json.loads(CliRunner().invoke(main, ["status", "--project", str(root), "--json"]).stdout)
    assert {p["id"]: p["gaps"] for p in status["people"] if p["id"] in EXPECTED} == {
        pid: {t: s for t, s in topics.items() if s not in ("covered", "due-soon")} for pid, topics in EXPECTED.items()}
    lines = CliRunner().invoke(main, ["status", "--project", str(root)]).output
    assert "AI literacy: 4 covered, 8 with gaps (4 missing, 1 expired, 3 partly attended, " \
           "1 not acquired (to retrain)), 1 not exposed" in lines
    assert ("✗ hugo: missing: ai-act, ai-basics, hallucinations → 2027-01-ai-act closes ai-act, still open: "
            "ai-basics, hallucinations; 2027-02-basics closes ai-basics (not enrolled), still open: hallucinations"
            ) in lines
    assert "✗ gilles: partly attended: hallucinations → no planned session" in lines


# --- the decision between several sessions, in isolation ------------------------------------------

def exposure(day: str, outcome: str, session: str = "s") -> Exposure:
    return Exposure(session + day, date.fromisoformat(day), outcome, "share", 3, 3, None)


@pytest.mark.parametrize(("found", "state"), [
    ([exposure("2026-01-10", "covered"), exposure("2026-05-10", "not-acquired")], "not-acquired"),
    ([exposure("2026-01-10", "not-acquired"), exposure("2026-05-10", "covered")], "covered"),
    ([exposure("2026-01-10", "covered"), exposure("2026-05-10", "partly-attended")], "covered"),
    ([exposure("2023-01-10", "covered"), exposure("2026-05-10", "partly-attended")], "partly-attended"),
    ([exposure("2023-01-10", "covered"), exposure("2022-05-10", "partly-attended")], "expired"),
    ([exposure("2026-01-10", "partly-attended"), exposure("2026-05-10", "not-acquired")], "not-acquired"),
    ([exposure("2025-09-10", "covered")], "due-soon"),
    ([], "missing"),
], ids=["later-failure-wins", "retrained-after-failure", "later-partial-keeps-earlier-full",
        "partial-after-expiry", "partial-before-expired-training", "failure-outranks-partial", "due-soon", "none"])
def test_which_session_decides_a_topic(found, state):
    assert decide(found, date(2026, 11, 2), 14)[0] == state


@pytest.mark.parametrize(("as_of", "state"), [
    ("2028-03-29", "due-soon"), ("2028-03-30", "due-soon"), ("2028-03-31", "expired")])
def test_a_training_counts_up_to_and_including_its_valid_until_day(as_of, state):
    """Trained on 2026-03-30 for 24 months: the matrix says "valid until 30 March 2028", as retention
    says "keep until": that day it still counts, the day after it has expired."""
    found = [exposure("2026-03-30", "covered")]
    assert decide(found, date.fromisoformat(as_of), 24) == (state, found[0], date(2028, 3, 30))


# --- records that use the rules wrongly --------------------------------------------------------------

SLOTTED = sample.FUNDED_SESSION_MD.replace('end: "12:30"}\n  - {date: 2026-03-12', 'end: "12:30", topics: [ai-basics]}\n  - {date: 2026-03-12', 1)


@pytest.mark.parametrize(("changes", "expected"), [
    pytest.param({f"{FUNDED}/session.md": SLOTTED.replace("topics: [ai-basics]}", "topics: [ai-act]}")},
                 [f"{FUNDED}/session.md:15: schedule[1].topics[1]: 'ai-act' is not one of this session's topics: "
                  "add it to topics, or remove it from this slot",
                  f"{FUNDED}/session.md:12: topics[1]: 'ai-basics' is covered by no slot: since the schedule says "
                  "which topics each slot covers, add it to the slots that cover it",
                  f"{FUNDED}/session.md:12: topics[2]: 'hallucinations' is covered by no slot: since the schedule "
                  "says which topics each slot covers, add it to the slots that cover it"],
                 id="slot-topic-not-in-session"),
    pytest.param({f"{FUNDED}/session.md": SLOTTED},
                 [f"{FUNDED}/session.md:12: topics[2]: 'hallucinations' is covered by no slot: since the schedule "
                  "says which topics each slot covers, add it to the slots that cover it"],
                 id="session-topic-in-no-slot"),
    pytest.param(edit("preuve.yml", ("refresh_months: 24", "refresh_months: 24\n  min_attendance: 80")),
                 ["preuve.yml:9: literacy.min_attendance: expected a share of the session's hours between 0 and 1 "
                  "(0.8 = 80 %), got 80"], id="min-attendance-as-percent"),
    pytest.param(edit("preuve.yml", ("refresh_months: 24", "refresh_months: 24\n  min_attendance: 0")),
                 ["preuve.yml:9: literacy.min_attendance: expected a share of the session's hours between 0 and 1 "
                  "(0.8 = 80 %), got 0"], id="min-attendance-zero"),
])
def test_coverage_settings_are_checked(make_project, changes, expected):
    result = run_check(make_project(changes))
    assert result.exit_code == 1, result.output
    errors, _ = diagnostic_lines(result.output)
    assert sorted(errors) == sorted(expected)


def test_slot_topics_that_name_every_topic_are_valid(make_project):
    slotted = sample.FUNDED_SESSION_MD.replace('"12:30"}\n  - {date: 2026-03-12', '"12:30", topics: [ai-basics]}\n'
                                               '  - {date: 2026-03-12', 1).replace(
        'end: "17:00"}', 'end: "17:00", topics: [hallucinations, ai-basics]}')
    assert run_check(make_project({f"{FUNDED}/session.md": slotted})).exit_code == 0
