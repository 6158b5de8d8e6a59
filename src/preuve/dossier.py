"""The AI-literacy dossier's views (pure): the printable dossier and the people × topics page.

Each view is made for a :class:`Scope`: everyone in the records, or one client's staff (mode
``provider``). A client's views are built only from that client's people: the sessions they
attended, counted by their presence; the AI systems they use; the planned sessions they are
enrolled in or that would close their gaps. Nothing in them comes from another client.
The voice of the wording follows the scope: a company's measures for its own staff (in-house),
training delivered to clients' staff (provider-wide, an internal document), or training delivered
to one client's staff (what a provider sends that client). Rules: docs/literacy.md.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from .model import NOT_EMPLOYEES
from .naming import collate
from .records import Records, SessionRecord
from .report.clients import ClientGroup, provider_clients
from .report.exposure import DUE_SOON_MONTHS, GAP_STATES
from .report.literacy import Coverage, PersonCoverage, TopicCoverage


@dataclass(frozen=True, slots=True)
class Scope:
    """Whose coverage a view shows: everyone (``client`` None) or one client's staff."""

    client: ClientGroup | None = None

    @property
    def folder(self) -> str:
        """Where the scope's files go in the version: ``""`` or ``clients/<slug>/``."""
        return f"clients/{self.client.slug}/" if self.client else ""

    @property
    def people(self) -> set[str] | None:
        """The ids of the people in scope; ``None`` for everyone."""
        return set(self.client.people) if self.client else None

    def coverage(self, cov: Coverage, records: Records) -> Coverage:
        return cov.subset(self.client.people, records) if self.client else cov


def client_context(group: ClientGroup) -> dict[str, Any]:
    return {"slug": group.slug, "legal_name": group.legal_name, "siret": group.siret, "contact": group.contact}


def voice(records: Records, scope: Scope) -> str:
    if scope.client is not None:
        return "client"
    return "provider" if records.settings.mode == "provider" else "in-house"


def common_context(records: Records, cov: Coverage, scope: Scope) -> dict[str, Any]:
    """What the PDF and the page both show: the voice, the rules applied, the counts."""
    return {
        "voice": voice(records, scope),
        "client": client_context(scope.client) if scope.client else None,
        "as_of": cov.as_of.isoformat(),
        "rules": {"refresh_months": cov.refresh_months, "min_attendance": round(cov.min_attendance * 100, 2),
                  "due_soon_months": DUE_SOON_MONTHS},
        "counts": cov.counts(),
    }


def measures(records: Records, people: set[str] | None, as_of: date) -> list[dict[str, Any]]:
    """The measures taken, one row per programme run: sessions with the same title, format,
    duration, topics, AI systems and audience are counted together, with their first and last
    dates. The dossier then grows with the catalogue, not with the number of sessions held; each
    session stays listed, with its documents, in the evidence index. For a client, only the
    sessions its staff attended, and only its staff counted. Only sessions begun by the as-of date,
    and only presences by then, as the coverage counts them (``exposures``): a dossier "as of
    1 March" built with ``--as-of`` lists no training held after it."""
    label = records.topic_label
    groups: dict[str, dict[str, Any]] = {}
    for s in sorted((s for s in records.sessions if not s.planned and s.start <= as_of), key=lambda s: (s.start, s.id)):
        present = sum(1 for p in s.presences()
                      if p.present and p.last_date is not None and p.last_date <= as_of
                      and (people is None or p.participant.person_id in people))
        if people is not None and not present:
            continue
        row = {"title": s.session.title, "format": s.session.format, "hours": s.planned_hours,
               "topics": [label(t) for t in s.session.topics],
               "ai_systems": [records.ai_systems[a].label for a in s.session.ai_systems],
               "audience": [records.roles[r].label for r in s.session.audience.roles]}
        key = json.dumps(row, sort_keys=True, ensure_ascii=False)
        group = groups.setdefault(key, {**row, "sessions": 0, "first": s.start.isoformat(),
                                        "last": s.end.isoformat(), "present": 0})
        group["sessions"] += 1
        group["last"] = max(group["last"], s.end.isoformat())
        group["present"] += present
    return list(groups.values())


def _sessions(records: Records) -> dict[str, SessionRecord]:
    return {s.id: s for s in records.sessions}


def _plan_steps(records: Records, sessions: dict[str, SessionRecord], p: PersonCoverage) -> list[dict[str, Any]]:
    label = records.topic_label
    return [{"title": sessions[step.session].session.title, "start": sessions[step.session].start.isoformat(),
             "enrolled": step.enrolled, "closes": [label(t) for t in step.closes],
             "open_after": [label(t) for t in step.open_after]}
            for step in p.plan]


def listed_names(records: Records) -> dict[str, str]:
    """Each person's name as the dossier lists them: two people of one name (two Marie Martin in
    one role) are told apart by their id, "Marie Martin (marie-martin-2)", or the dossier would
    say one is trained and the other not without saying which."""
    spelt = {pid: collate(person.full_name)[1] for pid, person in records.people.items()}  # case and spaces aside
    count = Counter(spelt.values())
    return {pid: person.full_name if count[spelt[pid]] == 1 else f"{person.full_name} ({pid})"
            for pid, person in records.people.items()}


def gap_groups(records: Records, cov: Coverage, by_client: bool) -> list[dict[str, Any]]:
    """People with gaps, grouped by (client,) role, gaps and plan, so a manager reads one line per
    action to take: each gap with its kind, then each planned session with the gaps it closes and
    those still open after it; within a group, names in French order with the expiry dates of
    their lapsed topics. A large staff yields a few dense paragraphs, not thousands of lines."""
    label = records.topic_label
    clients = {pid: g.legal_name for g in provider_clients(records) for pid in g.people} if by_client else {}
    groups: dict[str, dict[str, Any]] = {}
    sessions, names = _sessions(records), listed_names(records)
    for person in (c for c in cov.people if c.status == "gaps"):  # already in French order
        record = records.people[person.person_id]
        gaps = [{"label": label(t.topic), "state": t.state} for t in person.topics if t.state in GAP_STATES]
        head = {"client": clients.get(person.person_id), "role": records.roles[record.role].label,
                "without_client": record.status if by_client and record.status != "employee" else None,
                "gaps": gaps, "plan": _plan_steps(records, sessions, person)}
        group = groups.setdefault(json.dumps(head, sort_keys=True, ensure_ascii=False), {**head, "people": []})
        expired = sorted({t.valid_until.isoformat() for t in person.topics if t.state == "expired" and t.valid_until})
        group["people"].append({"name": names[person.person_id], "expired": expired})
    order = sorted(groups.values(), key=lambda g: (collate(g["client"] or ""), collate(g["role"]),
                                                   -len(g["gaps"]), json.dumps(g["gaps"]), json.dumps(g["plan"])))
    return order


def planned_sessions(records: Records, cov: Coverage, scope: Scope) -> list[dict[str, Any]]:
    """Planned sessions still to come (as the literacy plan counts them, ``report/literacy.py``):
    one whose dates have passed with nothing recorded is offered to no one (``check`` warns of
    it). For a client, those its staff is enrolled in or that close its gaps, with only its staff
    counted as enrolled."""
    people = scope.people
    in_plans = {step.session for p in cov.people for step in p.plan}
    out = []
    for s in sorted((s for s in records.sessions if s.to_come(cov.as_of)), key=lambda s: (s.start, s.id)):
        enrolled = sum(1 for p in s.participants if people is None or p.person_id in people)
        if people is not None and not enrolled and s.id not in in_plans:
            continue
        out.append({"id": s.id, "title": s.session.title, "start": s.start.isoformat(),
                    "topics": [{"id": t, "label": records.topic_label(t)} for t in s.session.topics],
                    "enrolled": enrolled, "href": None if scope.client else f"sessions/{s.id}/index.html"})
    return out


def systems(records: Records, cov: Coverage, scope: Scope) -> list[dict[str, Any]]:
    """AI systems with their users and those without up-to-date training; a client sees only the
    systems its staff uses (the inventory's description of use may concern another client)."""
    out = []
    for x in sorted(cov.systems, key=lambda x: (collate(records.ai_systems[x.system].label), x.system)):
        if scope.client is not None and not x.users:
            continue
        system = records.ai_systems[x.system]
        out.append({"id": x.system, "label": system.label, "vendor": system.vendor, "use": system.use,
                    "users": [records.people[u].full_name for u in x.users], "trained": len(x.trained),
                    "untrained": [records.people[u].full_name for u in x.untrained]})
    return out


def clients_table(records: Records, cov: Coverage) -> list[dict[str, Any]]:
    """Provider-wide: one row per client, with the coverage counts of its current staff, then one
    row per status of the current trainees who are not employees (``without_client``): they have
    no client folder, and are counted here rather than left out (docs/literacy.md)."""
    rows = []
    for group in provider_clients(records):
        staff = set(group.people)
        members = tuple(p for p in cov.people if p.person_id in staff)
        rows.append({**client_context(group), "people": len(members), **cov.counts(members),
                     "href": f"clients/{group.slug}/index.html", "without_client": None})
    for status in NOT_EMPLOYEES if records.settings.mode == "provider" else ():
        members = tuple(p for p in cov.people if records.people[p.person_id].status == status)
        if members:
            rows.append({"legal_name": None, "siret": None, "contact": None, "slug": None, "people": len(members),
                         **cov.counts(members), "href": None, "without_client": status})
    return rows


def roles_table(records: Records, cov: Coverage) -> list[dict[str, Any]]:
    rows = []
    for role_id, role in sorted(records.roles.items(), key=lambda item: (collate(item[1].label), item[0])):
        members = tuple(c for c in cov.people if records.people[c.person_id].role == role_id)
        if members:
            rows.append({"label": role.label, "topics": [records.topic_label(t) for t in role.topics],
                         "people": len(members), **cov.counts(members)})
    return rows


def dossier_context(records: Records, cov: Coverage, scope: Scope) -> dict[str, Any]:
    """The printable dossier (``literacy.pdf``): its size grows with the catalogue and the kinds
    of gaps, not with the staff or the sessions held; the full people × topics matrix is in
    ``literacy.html`` and ``literacy.json``."""
    cov = scope.coverage(cov, records)
    provider_wide = voice(records, scope) == "provider"
    return {**common_context(records, cov, scope),
            "measures": measures(records, scope.people, cov.as_of),
            "roles": roles_table(records, cov),
            "systems": systems(records, cov, scope),
            "gaps": gap_groups(records, cov, by_client=provider_wide),
            "planned": planned_sessions(records, cov, scope),
            "clients": clients_table(records, cov) if provider_wide else []}


def _cell(sessions: dict[str, SessionRecord], t: TopicCoverage) -> dict[str, Any]:
    deciding = t.deciding
    return {"state": t.state, "trained_on": t.trained_on.isoformat() if t.trained_on else None,
            "valid_until": t.valid_until.isoformat() if t.valid_until else None, "result": t.result,
            "hours": deciding.hours if deciding else None, "planned_hours": deciding.planned_hours if deciding else None,
            "session": sessions[deciding.session].session.title if deciding else None,
            "closing": list(t.closing)}


def matrix_context(records: Records, cov: Coverage, scope: Scope) -> dict[str, Any]:
    """The people × topics page (``literacy.html``)."""
    cov = scope.coverage(cov, records)
    clients = ({pid: g.legal_name for g in provider_clients(records) for pid in g.people}
               if voice(records, scope) == "provider" else {})
    people = []
    sessions, names = _sessions(records), listed_names(records)
    for p in cov.people:
        person = records.people[p.person_id]
        people.append({"id": p.person_id, "name": names[p.person_id], "civility": person.civility or "",
                       "role": records.roles[person.role].label,
                       "client": clients.get(p.person_id),
                       "without_client": (person.status if voice(records, scope) == "provider"
                                          and person.status != "employee" else None),
                       "ai_systems": [records.ai_systems[a].label for a in person.ai_systems],
                       "status": p.status, "cells": {t.topic: _cell(sessions, t) for t in p.topics}})
    topics = sorted(({"id": t, "label": records.topic_label(t)} for t in cov.topics),
                    key=lambda t: (collate(t["label"]), t["id"]))
    return {**common_context(records, cov, scope),
            "topics": topics,
            "people": people, "planned": planned_sessions(records, cov, scope),
            "systems": systems(records, cov, scope)}
