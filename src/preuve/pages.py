"""Plan the pages of the evidence index (pure): contexts for index, session pages, literacy.
(The verification page is planned with ``verify.json`` in ``verify/registry.py``.)

(The pages of each client's folder, in mode provider, are planned in ``client_folders.py``.)

Pages list documents with their SHA-256, so they are planned after the PDFs exist; they are cheap
and always rendered. Paths in contexts are relative to the page that shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote  # evidence links: '#', '?', '%' in a name would end or change a URL's path

from . import __version__
from .dossier import Scope, clients_table, matrix_context
from .facts import CERTIFICATE, REALISATION, document_facts, funding_context
from .model import EVIDENCE_KINDS
from .plan import BuildInfo, Job, provider_context, slot_context
from .provenance import Origin
from .records import Presence, Records, SessionRecord
from .report.completeness import Completeness, session_completeness
from .report.literacy import Coverage
from .report.retention import RetentionDate, session_keep_until


@dataclass(frozen=True, slots=True)
class BuildStamp:
    """Where the build came from (its :class:`~preuve.provenance.Origin` and as-of date), as the
    index and the pages show it; never on documents, so an unchanged document keeps its bytes."""

    version: str
    commit: str | None
    commit_date: str | None
    draft: bool
    as_of: str

    @classmethod
    def of(cls, where: Origin, as_of: date) -> BuildStamp:
        return cls(where.version, where.commit, where.commit_iso, where.draft, as_of.isoformat())

    def as_dict(self) -> dict[str, Any]:
        return {"version": self.version, "commit": self.commit, "commit_short": (self.commit or "")[:10],
                "commit_date": self.commit_date, "draft": self.draft, "as_of": self.as_of,
                "preuve_version": __version__}


def _completeness_dict(c: Completeness) -> dict[str, Any]:
    return {"status": c.status, "enrolled": c.enrolled, "present": c.present, "absent": c.absent,
            "certificates": c.certificates, "gaps": len(c.gaps),
            "checks": [{"name": k.name, "state": k.state, "detail": k.detail, "wording": k.wording, "files": list(k.files)}
                       for k in c.checks]}


def page_base(records: Records, build: BuildInfo, prov: BuildStamp, root: str) -> dict[str, Any]:
    return {"locale": records.settings.locale, "mode": records.settings.mode, "draft": build.draft,
            "title": records.settings.title, "build": prov.as_dict(), "root": root,
            "provider": provider_context(records), "signature": build.signature_context()}


def _person_label(records: Records, person_id: str) -> dict[str, str]:
    person = records.people[person_id]
    return {"id": person_id, "name": person.full_name, "first_name": person.first_name,
            "last_name": person.last_name, "civility": person.civility or "", "role": records.roles[person.role].label}


def _certificate_entry(records: Records, s: SessionRecord, presence: Presence, person: dict[str, Any],
                       hashes: dict[str, str], signed: bool) -> dict[str, Any]:
    """A row of the session page's certificates table: the certificate and, when someone funds
    this trainee, their certificat de réalisation with its funder."""
    folder = f"sessions/{s.id}"
    facts = document_facts(records, s, presence, CERTIFICATE)
    rel = f"certificates/{person['id']}.pdf"
    entry = {**person, "hours": facts["attendance"]["hours_attended"], "assessment": facts["assessment"],
             "code": facts["code"], "href": rel, "sha256": hashes[f"{folder}/{rel}"], "signed": signed}
    if (funding := s.funding_of(presence.participant)) is not None:
        real = f"certificat-de-realisation/{person['id']}.pdf"
        entry["realisation"] = {"href": real, "sha256": hashes[f"{folder}/{real}"], "signed": signed,
                                "code": document_facts(records, s, presence, REALISATION)["code"],
                                "funding": funding_context(funding)}
    return entry


def plan_pages(records: Records, build: BuildInfo, prov: BuildStamp, coverage: Coverage,
               retention: tuple[RetentionDate, ...], hashes: dict[str, str]) -> list[Job]:
    """HTML pages; ``hashes`` maps every document already produced to its SHA-256."""
    jobs: list[Job] = []
    sessions = []
    signed = build.signature is not None
    for s in records.sessions:
        folder = f"sessions/{s.id}"
        completeness = session_completeness(records, s)
        certificates = []
        not_certified = []
        for presence in s.presences():
            person = {**_person_label(records, presence.participant.person_id),
                      **records.situation_in(presence.participant)}
            if not presence.present or not s.ended:
                reason = "under-way" if presence.present else presence.absence or "not-recorded"
                not_certified.append({**person, "reason": reason})
                continue
            certificates.append(_certificate_entry(records, s, presence, person, hashes, signed))
        certificates.sort(key=lambda c: records.people[c["id"]].sort_key)
        documents = [{"kind": kind, "href": f"{kind}.pdf", "sha256": hashes[f"{folder}/{kind}.pdf"]}
                     for kind in ("programme", "attendance")]
        unlisted = set(s.unlisted_evidence)
        evidence = [{"href": quote(s.evidence_name(ev)), "name": s.evidence_name(ev)[len("evidence/"):],
                     "kinds": [k for k in EVIDENCE_KINDS if s.evidence_name(ev) in s.evidence_for(k)],
                     "unlisted": s.evidence_name(ev) in unlisted, "sha256": ev.sha256, "size": ev.size}
                    for ev in s.evidence]
        summary = {"id": s.id, "title": s.session.title, "start": s.start.isoformat(), "end": s.end.isoformat(),
                   "format": s.session.format, "href": f"{folder}/index.html",
                   "keep_until": session_keep_until(records, s.id).isoformat(),
                   "planned_hours": s.planned_hours, "funded": s.funded, "under_way": s.under_way,
                   "evidence": len(evidence), "completeness": _completeness_dict(completeness)}
        sessions.append(summary)
        context = {**page_base(records, build, prov, "../../"), "session": {
            **summary, "nature": s.session.nature.value, "location": s.session.location,
            "funding": funding_context(s.session.funding),
            "objectives": list(s.session.objectives),
            "trainers": [records.trainers[t].name for t in s.session.trainers],
            "excused": sum(1 for p in s.presences() if p.absence == "excused"),
            "schedule": [slot_context(x, records.trainers) for x in s.session.schedule]},
            "documents": documents, "certificates": certificates, "not_certified": not_certified,
            "evidence": evidence}
        jobs.append(Job(f"{folder}/index.html", "session.html.j2", context, ()))

    base = page_base(records, build, prov, "")
    counts = coverage.counts()
    index = {**base, "sessions": sessions, "literacy": counts, "clients": clients_table(records, coverage),
             "retention": [{"kind": r.kind, "id": r.id, "label": r.label, "keep_until": r.keep_until.isoformat(),
                            "due": r.due, "note": r.note} for r in retention]}
    jobs.append(Job("index.html", "index.html.j2", index, ()))
    jobs.append(Job("literacy.html", "literacy.html.j2", {**base, **matrix_context(records, coverage, Scope())}, ()))
    return jobs
