"""Plan stage (pure): which documents to make, from which inputs, with which data.

Every document becomes a :class:`Job` whose ``context`` is plain JSON data. The context holds
everything the template shows, so hashing it together with the templates and the engine gives a
key that changes exactly when the document would: that key drives incremental builds.
Documents never show the commit or the version, so an unchanged certificate keeps its bytes
from one commit to the next.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .facts import CERTIFICATE, REALISATION, document_facts
from .model import Person
from .records import Presence, Records, SessionRecord
from .report.literacy import Coverage
from .sign.info import SignatureInfo


LITERACY_PDF = "literacy.pdf"


@dataclass(frozen=True, slots=True)
class BuildInfo:
    """Facts about this build that documents may show."""

    draft: bool
    as_of: date
    signature: SignatureInfo | None = None  # who signs certificates and the dossier, if anyone

    def signature_context(self) -> dict[str, Any] | None:
        """What a signed document shows of its signature (never the signing time: a document
        that did not change keeps the signature it was first given, see docs/certificates.md)."""
        return self.signature.shown() if self.signature else None


@dataclass(frozen=True, slots=True)
class Job:
    """One document to render: ``template`` × ``context`` → ``output`` (relative path)."""

    output: str
    template: str
    context: dict[str, Any]
    inputs: tuple[str, ...]
    title: str = field(default="", compare=False)
    signature: SignatureInfo | None = None  # sign the PDF; what it shows of it is in ``context``


def canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def provider_context(records: Records) -> dict[str, Any]:
    """The provider as every document and page shows it."""
    p = records.provider
    assets = records.assets
    return {
        "legal_name": p.legal_name, "siret": p.siret, "address": p.address, "city": p.city,
        "email": p.email, "phone": p.phone, "website": p.website, "nda": p.nda,
        "nda_region": p.nda_region,
        "representative": {"name": p.representative.name, "title": p.representative.title},
        # Assets are referenced by path and their hash is part of the context: a new logo
        # re-renders every document that shows it.
        "logo": {"path": assets["logo"].path, "sha256": assets["logo"].sha256} if "logo" in assets else None,
        "signature_image": ({"path": assets["signature_image"].path,
                             "sha256": assets["signature_image"].sha256}
                            if "signature_image" in assets else None),
        "qualiopi": ({"certifier": p.qualiopi.certifier, "certificate": p.qualiopi.certificate,
                      "valid_until": p.qualiopi.valid_until.isoformat(),
                      "categories": list(p.qualiopi.categories)} if p.qualiopi else None),
    }


def _slot(slot) -> dict[str, Any]:
    return {"date": slot.date.isoformat(), "start": f"{slot.start:%H:%M}", "end": f"{slot.end:%H:%M}",
            "hours": slot.hours}


def _person(person: Person) -> dict[str, Any]:
    return {"id": person.id, "civility": person.civility or "", "first_name": person.first_name,
            "last_name": person.last_name, "employer": person.employer, "role": person.role}


def _session(records: Records, s: SessionRecord) -> dict[str, Any]:
    session = s.session
    return {
        "id": s.id,
        "title": session.title,
        "nature": session.nature.value,
        "format": session.format,
        "location": session.location,
        "objectives": list(session.objectives),
        "trainers": [{"id": t, "name": records.trainers[t].name, "title": records.trainers[t].title}
                     for t in session.trainers],
        "audience": [{"id": r, "label": records.roles[r].label} for r in session.audience.roles],
        "topics": [{"id": t, "label": records.topic_label(t)} for t in session.topics],
        "ai_systems": [{"id": a, "label": records.ai_systems[a].label} for a in session.ai_systems],
        "schedule": [_slot(slot) for slot in session.schedule],
        "start": s.start.isoformat(),
        "end": s.end.isoformat(),
        "planned_hours": s.planned_hours,
        "assessment": ({"method": session.assessment.method, "pass_mark": session.assessment.pass_mark,
                        "max_score": session.assessment.max_score} if session.assessment else None),
        "funding": ({"opco": session.funding.opco, "agreement": session.funding.agreement}
                    if session.funding else None),
        "issued_on": s.issued_on.isoformat(),
        "issued_at": session.issued_at or records.provider.city,
        "planned": s.planned,
    }


def _base(records: Records, build: BuildInfo) -> dict[str, Any]:
    return {"locale": records.settings.locale, "mode": records.settings.mode, "draft": build.draft,
            "provider": provider_context(records)}


def _inputs(records: Records, s: SessionRecord, *extra: str) -> tuple[str, ...]:
    paths = {"preuve.yml", s.source, *extra}
    for source in records.sources:
        if source.path.startswith("data/"):
            paths.add(source.path)
    if s.attendance_source:
        paths.add(s.attendance_source)
    return tuple(sorted(paths))


def _document_context(records: Records, s: SessionRecord, presence: Presence, kind: str,
                      base: dict[str, Any], session_ctx: dict[str, Any], build: BuildInfo) -> dict[str, Any]:
    """A certificate's or certificat de réalisation's context; its ``facts`` are embedded in the
    PDF and give its own verification code. Only what the document shows, so that a change it
    does not show (a score, for a certificat de réalisation) leaves it, and its signature, as is."""
    person = records.people[presence.participant.person]
    facts = document_facts(records, s, presence, kind)
    return {
        **base,
        "session": session_ctx,
        "trainee": _person(person),
        "presence": {
            "hours": presence.hours,
            "first_date": facts["attendance"]["start"],
            "last_date": facts["attendance"]["end"],
        },
        "code": facts["code"],
        "verify_url": facts["verify_url"],
        "facts": facts,
        "signature": build.signature_context(),
    }


def attendance_context(records: Records, s: SessionRecord, base: dict[str, Any],
                       session_ctx: dict[str, Any]) -> dict[str, Any]:
    rows = []
    for participant in sorted(s.participants, key=lambda p: records.people[p.person].sort_key):
        person = records.people[participant.person]
        rows.append({**_person(person), "marks": list(participant.slots or []),
                     "hours": s.presence(participant).hours})
    signed = s.attendance.trainer_signed if s.attendance and s.attendance.trainer_signed else None
    evidence = {kind: list(s.evidence_for(kind)) for kind in ("signatures", "connection_logs")}
    return {**base, "session": session_ctx, "rows": rows,
            "trainer_signed": list(signed) if signed is not None else None, "evidence": evidence}


def _programmes(records: Records) -> list[dict[str, Any]]:
    """The measures taken, one row per programme run: sessions with the same title, format,
    duration, topics, AI systems and audience are counted together, with their first and last
    dates. The dossier then grows with the catalogue, not with the number of sessions held; each
    session stays listed, with its documents, in the evidence index."""
    label = records.topic_label
    groups: dict[str, dict[str, Any]] = {}
    for s in sorted((s for s in records.sessions if not s.planned), key=lambda s: (s.start, s.id)):
        row = {"title": s.session.title, "format": s.session.format, "hours": s.planned_hours,
               "topics": [label(t) for t in s.session.topics],
               "ai_systems": [records.ai_systems[a].label for a in s.session.ai_systems],
               "audience": [records.roles[r].label for r in s.session.audience.roles]}
        group = groups.setdefault(canonical(row), {**row, "sessions": 0, "first": s.start.isoformat(),
                                                   "last": s.end.isoformat(), "present": 0})
        group["sessions"] += 1
        group["last"] = max(group["last"], s.end.isoformat())
        group["present"] += sum(1 for p in s.presences() if p.present)
    return list(groups.values())


def _gap_groups(records: Records, cov: Coverage) -> list[dict[str, Any]]:
    """People with gaps, grouped by role, missing topics and the planned sessions that would close
    them, so a manager reads one line per action to take; within a group, names in French order
    with the expiry dates of their lapsed topics. A large staff yields a few dense paragraphs, not
    thousands of lines."""
    label = records.topic_label
    people = records.people
    planned = {s.id: {"title": s.session.title, "start": s.start.isoformat()}
               for s in records.sessions if s.planned}
    groups: dict[tuple, dict[str, Any]] = {}
    for person in (c for c in cov.people if c.status == "gaps"):  # already in French order
        record = people[person.person]
        topics = [t for t in person.topics if t.state in ("missing", "expired")]
        closing = sorted({sid for t in topics for sid in t.closing}, key=lambda sid: (planned[sid]["start"], sid))
        role = records.roles[record.role].label
        missing = tuple((label(t.topic), t.state) for t in topics)
        group = groups.setdefault((role.casefold(), missing, tuple(closing)), {
            "role": role, "missing": [{"label": name, "state": state} for name, state in missing],
            "closing": [planned[sid] for sid in closing], "people": []})
        expired = sorted({t.valid_until.isoformat() for t in topics if t.state == "expired" and t.valid_until})
        group["people"].append({"name": record.full_name, "expired": expired})
    return [groups[key] for key in sorted(groups, key=lambda k: (k[0], -len(k[1]), k[1], k[2]))]


def literacy_document(records: Records, build: BuildInfo, cov: Coverage) -> Job:
    """The printable AI-literacy dossier: the situation at the as-of date, measures taken per role
    and AI system, and the people with gaps. Its size grows with the catalogue and the kinds of
    gaps, not with the staff or the sessions held: the full people × topics matrix is in
    ``literacy.html`` and ``literacy.json``, which cost little to re-render at every commit."""
    label = records.topic_label
    people = records.people
    roles = []
    for role_id, role in sorted(records.roles.items(), key=lambda item: item[1].label.casefold()):
        members = tuple(c for c in cov.people if people[c.person].role == role_id)
        if members:
            roles.append({"label": role.label, "topics": [label(t) for t in role.topics], "people": len(members),
                          **cov.counts(members)})
    context = {
        **_base(records, build),
        "as_of": cov.as_of.isoformat(),
        "refresh_months": cov.refresh_months,
        "counts": cov.counts(),
        "measures": _programmes(records),
        "roles": roles,
        "systems": [{"label": records.ai_systems[x.system].label, "vendor": records.ai_systems[x.system].vendor,
                     "use": records.ai_systems[x.system].use, "users": len(x.users), "trained": len(x.trained),
                     "untrained": [people[u].full_name for u in sorted(x.untrained, key=lambda u: people[u].sort_key)]}
                    for x in cov.systems],
        "gaps": _gap_groups(records, cov),
        "planned": [{"title": s.session.title, "start": s.start.isoformat(),
                     "topics": [label(t) for t in s.session.topics], "enrolled": len(s.participants)}
                    for s in sorted(records.sessions, key=lambda s: (s.start, s.id)) if s.planned],
    }
    context["signature"] = build.signature_context()
    inputs = tuple(s.path for s in records.sources
                   if not s.path.startswith("layouts/") and "/evidence/" not in s.path)
    return Job(LITERACY_PDF, "literacy-print.html.j2", context, inputs, signature=build.signature)


def plan_documents(records: Records, build: BuildInfo, cov: Coverage) -> Iterator[Job]:
    """Every PDF of the build, in a stable order; the literacy dossier, the longest, first, so a
    worker starts on it while the others share the rest. A generator: a build of thousands of
    certificates holds a context only while it needs it."""
    base = _base(records, build)
    yield literacy_document(records, build, cov)
    for s in records.sessions:
        session_ctx = _session(records, s)
        folder = f"sessions/{s.id}"
        inputs = _inputs(records, s)
        yield Job(f"{folder}/programme.pdf", "programme.html.j2", {**base, "session": session_ctx, "body": s.body},
                  inputs)
        yield Job(f"{folder}/attendance.pdf", "attendance.html.j2",
                  attendance_context(records, s, base, session_ctx), inputs)
        for presence in s.presences():
            if not presence.present:
                continue
            person_id = presence.participant.person
            context = _document_context(records, s, presence, CERTIFICATE, base, session_ctx, build)
            yield Job(f"{folder}/certificates/{person_id}.pdf", "certificate.html.j2", context, inputs,
                      signature=build.signature)
            if s.session.funding is not None:
                context = _document_context(records, s, presence, REALISATION, base, session_ctx, build)
                yield Job(f"{folder}/certificat-de-realisation/{person_id}.pdf", "realisation.html.j2", context,
                          inputs, signature=build.signature)
