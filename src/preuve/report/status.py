"""``preuve status``: the compliance picture in a form a person reads in ten seconds.

Built from the same analyses as the evidence index (completeness, coverage, retention), so the
terminal and the index never disagree.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..records import Records
from .clients import provider_clients, slug_by_person
from .completeness import session_completeness
from .exposure import GAP_STATES
from .literacy import coverage, plan_json
from .retention import retention


def status(records: Records, as_of: date) -> dict[str, Any]:
    sessions = []
    for s in records.sessions:
        c = session_completeness(records, s)
        sessions.append({
            "id": s.id, "title": s.session.title, "start": s.start.isoformat(), "end": s.end.isoformat(),
            "status": c.status, "present": c.present, "certificates": c.certificates,
            "gaps": [{"check": g.name, "detail": g.detail} for g in c.gaps],
            "warnings": [{"check": w.name, "detail": w.detail} for w in c.checks if w.state == "warn"],
        })
    cov = coverage(records, as_of)
    clients = slug_by_person(provider_clients(records))
    people = []
    for p in cov.people:
        entry = {"id": p.person_id, "name": records.people[p.person_id].full_name, "status": p.status,
                 "gaps": {t.topic: t.state for t in p.topics if t.topic in p.gaps}, "due_soon": sorted(p.due_soon),
                 "planned": plan_json(p)}
        if records.settings.mode == "provider":
            # No client for a trainee who is not an employee: their status says why.
            entry["client"] = clients.get(p.person_id)
            entry["trainee_status"] = records.people[p.person_id].status
        people.append(entry)
    kept = [{"kind": r.kind, "id": r.id, "label": r.label, "keep_until": r.keep_until.isoformat(),
             "due": r.due, "note": r.note} for r in retention(records, as_of)]
    return {"as_of": as_of.isoformat(), "sessions": sessions, "people": people, "literacy": cov.counts(),
            "retention": kept}


def has_gaps(data: dict[str, Any]) -> bool:
    """For ``--fail-on-gaps``: a session misses a piece of evidence, or someone lacks a topic."""
    return any(s["gaps"] for s in data["sessions"]) or any(p["status"] == "gaps" for p in data["people"])


def format_status(data: dict[str, Any], retention_only: bool = False) -> str:
    """Plain text: what needs attention first, then a one-line count of what is fine."""
    lines = [f"as of {data['as_of']}"]
    if not retention_only:
        gaps = [s for s in data["sessions"] if s["gaps"]]
        lines.append(f"\nSessions: {len(data['sessions'])}, {len(gaps)} with gaps")
        for s in gaps:
            what = ", ".join(f"{g['check']}" + (f" ({g['detail']})" if g["detail"] else "") for g in s["gaps"])
            lines.append(f"  ✗ {s['id']} [{s['status']}]: {what}")
        for s in data["sessions"]:
            for w in s["warnings"]:
                lines.append(f"  ! {s['id']}: {w['check']}: {w['detail']}")
        lines.extend(_literacy_lines(data))
    lines.append("\nRetention (past dates first):")
    for r in data["retention"]:
        mark = "✗ past" if r["due"] else "  keep"
        what = "evidence of session" if r["kind"] == "session" else "personal data of"
        extra = f" (still in session evidence kept until {r['note']})" if r["note"] else ""
        lines.append(f"  {mark} {r['keep_until']}  {what} {r['id']}{extra}")
    return "\n".join(lines)


STATE_WORDS = {"missing": "missing", "expired": "expired", "partly-attended": "partly attended",
               "not-acquired": "not acquired, to retrain"}


def _literacy_lines(data: dict[str, Any]) -> list[str]:
    """People with gaps, each gap by kind, and what each planned session would close."""
    counts = data["literacy"]
    kinds = ", ".join(f"{counts[s]} {STATE_WORDS[s].replace(', to retrain', ' (to retrain)')}"
                      for s in GAP_STATES if counts[s])
    lines = [f"\nAI literacy: {counts['covered']} covered, {counts['gaps']} with gaps"
             + (f" ({kinds})" if kinds else "") + f", {counts['not-exposed']} not exposed"]
    for p in data["people"]:
        if p["status"] != "gaps":
            continue
        by_state = "; ".join(f"{STATE_WORDS[state]}: " + ", ".join(t for t, s in sorted(p["gaps"].items()) if s == state)
                             for state in GAP_STATES if state in p["gaps"].values())
        steps = [f"{step['session']} closes {', '.join(step['closes'])}"
                 + ("" if step["enrolled"] else " (not enrolled)")
                 + (f", still open: {', '.join(step['open_after'])}" if step["open_after"] else "")
                 for step in p["planned"]]
        plan = " → " + "; ".join(steps) if steps else " → no planned session"
        lines.append(f"  ✗ {p['id']}: {by_state}{plan}")
    for p in data["people"]:
        if p["due_soon"]:
            lines.append(f"  ! {p['id']}: refresh due soon for {', '.join(p['due_soon'])}")
    return lines
