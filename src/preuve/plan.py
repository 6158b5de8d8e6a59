"""Plan stage (pure): which documents to make, from which inputs, with which data.

Every document becomes a :class:`Job` whose ``context`` is plain JSON data. The context holds
everything the template shows, so hashing it together with the templates and the engine gives a
key that changes exactly when the document would: that key drives incremental builds.
Documents never show the commit or the version, so an unchanged certificate keeps its bytes
from one commit to the next.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from .dossier import Scope, dossier_context
from .facts import CERTIFICATE, REALISATION, document_facts, funding_context
from .model import Participant, Slot, Trainer
from .records import Presence, Records, SessionRecord
from .report.clients import provider_clients
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


def as_draft(job: Job) -> Job:
    """``job`` marked as a draft: every page says BROUILLON / DRAFT (``draft`` is in every
    document's context, from :func:`_base`), it is never signed, and its context, hence its
    render key, differs from any committed document's."""
    return replace(job, context={**job.context, "draft": True}, signature=None)


def provider_context(records: Records) -> dict[str, Any]:
    """The provider as every document and page shows it."""
    p = records.provider
    assets = records.assets
    return {
        "legal_name": p.legal_name, "siret": p.siret, "address": p.address, "city": p.city,
        "email": p.email, "phone": p.phone, "website": p.website, "nda": p.nda,
        "nda_region": p.nda_region,
        "representative": {"name": p.representative.name, "title": p.representative.title,
                           "civility": p.representative.civility or ""},
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


def slot_context(slot: Slot, trainers: Mapping[str, Trainer]) -> dict[str, Any]:
    return {"date": slot.date.isoformat(), "start": f"{slot.start:%H:%M}", "end": f"{slot.end:%H:%M}",
            "hours": slot.hours, "format": slot.format,
            "trainers": ([{"id": t, "name": trainers[t].name} for t in slot.trainers]
                         if slot.trainers is not None else None)}


def _trainee(records: Records, participant: Participant) -> dict[str, Any]:
    """A trainee as a session's documents name them, with their situation at that session
    (status, employer or own business: :meth:`Records.situation_in`)."""
    person = records.people[participant.person_id]
    return {"id": person.id, "civility": person.civility or "", "first_name": person.first_name,
            "last_name": person.last_name, **records.situation_in(participant), "role": person.role}


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
        "schedule": [slot_context(slot, records.trainers) for slot in session.schedule],
        "hours_by_format": s.hours_by_format,
        "start": s.start.isoformat(),
        "end": s.end.isoformat(),
        "planned_hours": s.planned_hours,
        "assessment": ({"method": session.assessment.method, "pass_mark": session.assessment.pass_mark,
                        "max_score": session.assessment.max_score} if session.assessment else None),
        "funding": funding_context(session.funding),
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
    facts = document_facts(records, s, presence, kind)
    return {
        **base,
        "session": session_ctx,
        "trainee": _trainee(records, presence.participant),
        "presence": {
            "hours": presence.hours,
            "first_date": facts["attendance"]["start"],
            "last_date": facts["attendance"]["end"],
            "hours_by_format": facts["attendance"].get("hours_by_format"),
        },
        "code": facts["code"],
        "verify_url": facts["verify_url"],
        "facts": facts,
        "signature": build.signature_context(),
    }


def attendance_context(records: Records, s: SessionRecord, base: dict[str, Any],
                       session_ctx: dict[str, Any]) -> dict[str, Any]:
    rows = []
    for participant in sorted(s.participants, key=lambda p: records.people[p.person_id].sort_key):
        rows.append({**_trainee(records, participant), "marks": list(participant.slots or []),
                     "hours": s.presence(participant).hours})
    signed = s.attendance.trainer_signed if s.attendance and s.attendance.trainer_signed else None
    evidence = {kind: list(s.evidence_for(kind)) for kind in ("signatures", "connection_logs")}
    evidence["unlisted"] = list(s.unlisted_evidence)
    return {**base, "session": session_ctx, "rows": rows,
            "trainer_signed": list(signed) if signed is not None else None, "evidence": evidence}


def literacy_document(records: Records, build: BuildInfo, cov: Coverage, scope: Scope = Scope()) -> Job:
    """The printable AI-literacy dossier of ``scope`` (everyone, or one client's staff): see
    :func:`preuve.dossier.dossier_context`; signed like the certificates when a key is configured."""
    context = {**_base(records, build), **dossier_context(records, cov, scope),
               "signature": build.signature_context()}
    inputs = tuple(s.path for s in records.sources
                   if not s.path.startswith("layouts/") and "/evidence/" not in s.path)
    return Job(f"{scope.folder}{LITERACY_PDF}", "literacy-print.html.j2", context, inputs, signature=build.signature)


def plan_documents(records: Records, build: BuildInfo, cov: Coverage) -> Iterator[Job]:
    """Every PDF of the build, in a stable order; the literacy dossier, the longest, first, so a
    worker starts on it while the others share the rest. A generator: a build of thousands of
    certificates holds a context only while it needs it."""
    base = _base(records, build)
    yield literacy_document(records, build, cov)
    for client in provider_clients(records):  # the dossier each client receives
        yield literacy_document(records, build, cov, Scope(client))
    for s in records.sessions:
        session_ctx = _session(records, s)
        folder = f"sessions/{s.id}"
        inputs = _inputs(records, s)
        yield Job(f"{folder}/programme.pdf", "programme.html.j2", {**base, "session": session_ctx, "body": s.body},
                  inputs)
        yield Job(f"{folder}/attendance.pdf", "attendance.html.j2",
                  attendance_context(records, s, base, session_ctx), inputs)
        for presence in s.certified():
            person_id = presence.participant.person_id
            context = _document_context(records, s, presence, CERTIFICATE, base, session_ctx, build)
            yield Job(f"{folder}/certificates/{person_id}.pdf", "certificate.html.j2", context, inputs,
                      signature=build.signature)
            if s.funding_of(presence.participant) is not None:
                context = _document_context(records, s, presence, REALISATION, base, session_ctx, build)
                yield Job(f"{folder}/certificat-de-realisation/{person_id}.pdf", "realisation.html.j2", context,
                          inputs, signature=build.signature)
