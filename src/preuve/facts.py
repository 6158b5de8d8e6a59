"""What a certificate or a certificat de réalisation states, as data.

The same dictionary is shown by the template, embedded in the PDF as ``certificate-facts.json``
(a PDF/A-3 associated file, relationship ``Data``, as Factur-X invoices carry their XML), listed
on the verification page and read back by ``preuve verify``. Its shape is the JSON Schema
``schemas/certificate-facts.schema.json``, explained in ``docs/certificate-facts.md``.

The verification code is a hash of these facts: any change of a fact the document states gives
another code, so a corrected document *supersedes* the earlier one instead of silently replacing
it (see ``docs/certificates.md``).
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from .naming import person_name
from .model import Funding
from .records import Presence, Records, SessionRecord

SCHEMA = "preuve/certificate-facts/1"
FACTS_FILE = "certificate-facts.json"
CERTIFICATE = "certificate"
REALISATION = "certificat-de-realisation"
# Folder of each kind of coded document inside sessions/<id>/.
FOLDERS = {CERTIFICATE: "certificates", REALISATION: "certificat-de-realisation"}

_UNCODED = ("code", "verify_url")


def _canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def verification_code(facts: dict[str, Any]) -> str:
    """``XXXX-XXXX-XXXX`` (base32, 60 bits) from the facts, without the code and the URL."""
    stated = {k: v for k, v in facts.items() if k not in _UNCODED}
    digest = hashlib.sha256(_canonical(stated).encode()).digest()
    text = base64.b32encode(digest).decode()[:12]
    return "-".join(text[i:i + 4] for i in range(0, 12, 4))


def code_matches(facts: dict[str, Any]) -> bool:
    """Whether the facts still give the code they carry (an edited fact does not)."""
    return facts.get("code") == verification_code(facts)


def _issuer(records: Records) -> dict[str, Any]:
    p = records.provider
    provider_mode = records.settings.mode == "provider"
    return {
        # In mode in-house the employer trains its own staff: it is not a training provider and
        # its certificates carry no activity declaration number, whatever provider.yml holds.
        "kind": "training-provider" if provider_mode else "employer",
        "legal_name": p.legal_name,
        "siret": p.siret,
        "nda": p.nda if provider_mode else None,
        "nda_region": p.nda_region if provider_mode else None,
        "representative": {"name": p.representative.name, "title": p.representative.title},
    }


def _trainee(records: Records, presence: Presence) -> dict[str, Any]:
    """The trainee as the document names them. ``status`` (and a self-employed trainee's own
    ``business``) only for a trainee who is not an employee: an employee's facts, and so the
    codes of every certificate issued before statuses existed, stay as they were."""
    person = records.people[presence.participant.person_id]
    situation = records.situation_in(presence.participant)
    trainee = {"id": person.id, "civility": person.civility or None, "first_name": person.first_name,
               "last_name": person.last_name, "employer": situation["employer"]}
    if situation["status"] != "employee":
        trainee["status"] = situation["status"]
        if situation["business"] is not None:
            trainee["business"] = situation["business"]
    return trainee


def document_facts(records: Records, s: SessionRecord, presence: Presence, kind: str) -> dict[str, Any]:
    """The facts of one trainee's certificate (``kind`` CERTIFICATE) or certificat de
    réalisation (REALISATION): exactly what that document prints, no more."""
    session = s.session
    facts: dict[str, Any] = {
        "schema": SCHEMA,
        "document": kind,
        "issuer": _issuer(records),
        "trainee": _trainee(records, presence),
        "session": {"id": s.id, "title": session.title, "nature": session.nature.value,
                    "format": session.format},
        "attendance": {
            "start": presence.first_date.isoformat() if presence.first_date else None,
            "end": presence.last_date.isoformat() if presence.last_date else None,
            "hours_attended": presence.hours,
            "hours_planned": s.planned_hours,
        },
        "issued": {"on": s.issued_on.isoformat(), "at": session.issued_at or records.provider.city},
    }
    by_format = presence.hours_by_format(session.format)
    if by_format is not None:  # a blended session's hours by modality (absent otherwise: codes unchanged)
        facts["attendance"]["hours_by_format"] = by_format
    if kind == CERTIFICATE:
        facts["objectives"] = list(session.objectives)
        facts["assessment"] = _assessment(s, presence)
    elif (funding := s.funding_of(presence.participant)) is not None:
        facts["funding"] = funding_context(funding)
    facts["code"] = verification_code(facts)
    facts["verify_url"] = records.settings.verify.url(facts["code"])
    return facts


def _assessment(s: SessionRecord, presence: Presence) -> dict[str, Any] | None:
    """The result with its scale; ``None`` when the programme planned no assessment (the
    certificate then attests attendance only)."""
    planned = s.session.assessment
    if planned is None:
        return None
    score = presence.participant.assessment
    return {"method": planned.method, "result": score.result if score else None,
            "score": score.score if score else None, "max_score": planned.max_score,
            "pass_mark": planned.pass_mark}


def summary(facts: dict[str, Any]) -> dict[str, Any]:
    """The few facts the verification page and ``verify.json`` list for each document."""
    trainee = facts["trainee"]
    assessment = facts.get("assessment")
    return {"code": facts["code"], "kind": facts["document"], "session": facts["session"]["id"],
            "person": trainee["id"], "name": person_name(trainee["first_name"], trainee["last_name"]),
            "title": facts["session"]["title"], "start": facts["attendance"]["start"],
            "end": facts["attendance"]["end"], "hours": facts["attendance"]["hours_attended"],
            "result": assessment["result"] if assessment else None, "assessed": assessment is not None,
            "issued_on": facts["issued"]["on"]}


def funding_context(funding: Funding | None) -> dict[str, str] | None:
    """A funder and its agreement, as every document, page and facts file shows it."""
    return {"opco": funding.opco, "agreement": funding.agreement} if funding is not None else None
