"""The whole validated records repository, and the facts every document derives from it.

Hours, dates and statuses are computed here once, so that the certificate, the attendance sheet,
the certificat de réalisation and the index can never disagree about them.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .loading.project import FileRef
from .model import (EVIDENCE_KINDS, AISystem, Attendance, Client, Funding, Participant, Person, Provider, Role,
                    Session, Settings, Slot, Topic, Trainer, funds_anyone, total_hours)


# Short words an id spells in lowercase that a label writes in capitals ("ai-act" → "AI act").
ACRONYMS = {"ai", "ia", "ml", "llm", "llms", "rgpd", "gdpr", "rh", "hr", "it", "api", "ue", "eu", "seo", "ocr", "ssi"}


def readable_id(topic_id: str) -> str:
    """An id as a label, when no label is recorded: words apart, the first capitalised, known
    acronyms in capitals ("ai-basics" → "AI basics", "data-protection" → "Data protection")."""
    words = [w.upper() if w in ACRONYMS else w for w in topic_id.replace("_", "-").split("-") if w]
    text = " ".join(words)
    return text[:1].upper() + text[1:] if text else topic_id


@dataclass(frozen=True, slots=True)
class Presence:
    """What one participant actually did in one session."""

    participant: Participant
    attended: tuple[Slot, ...]

    @property
    def hours(self) -> float:
        return total_hours(self.attended)

    @property
    def present(self) -> bool:
        return bool(self.attended)

    @property
    def absence(self) -> str | None:
        """Why someone with marks attended no slot: ``excused`` at every slot, ``absent`` at every
        slot, or ``absent-excused``; ``None`` when present or not yet recorded."""
        marks = set(self.participant.slots or ())
        if self.attended or not marks:
            return None
        return "excused" if marks == {"excused"} else "absent" if marks == {"absent"} else "absent-excused"

    def hours_by_format(self, session_format: str) -> dict[str, float] | None:
        """Hours attended in person and remotely, for a blended session whose slots say which
        (``schedule[].format``); ``None`` otherwise (the session's format says it all)."""
        return hours_by_format(self.attended, session_format)

    @property
    def first_date(self) -> date | None:
        return min((s.date for s in self.attended), default=None)

    @property
    def last_date(self) -> date | None:
        return max((s.date for s in self.attended), default=None)


def hours_by_format(slots: tuple[Slot, ...], session_format: str) -> dict[str, float] | None:
    """``{"in-person": h, "remote": h}`` over ``slots`` of a blended session with slot formats."""
    if session_format != "blended" or any(slot.format is None for slot in slots) or not slots:
        return None
    return {kind: total_hours(slot for slot in slots if slot.format == kind) for kind in ("in-person", "remote")}


@dataclass(frozen=True, slots=True)
class SessionRecord:
    id: str
    folder: str
    source: str
    attendance_source: str | None
    session: Session
    body: str
    body_line: int
    attendance: Attendance | None
    evidence: tuple[FileRef, ...]
    # The records' date (the commit's; today's for a draft): a session whose last slot is after
    # it is under way, and gets its certificates once it has ended (docs/rules.md).
    records_day: date = date.max

    @property
    def participants(self) -> tuple[Participant, ...]:
        return tuple(self.attendance.participants) if self.attendance else ()

    @property
    def planned(self) -> bool:
        """No one is marked present or absent yet: the attendance sheet is a blank sheet to sign.
        An excused absence may be known ahead (docs/rules.md), and does not make a session held."""
        return not any(mark != "excused" for p in self.participants for mark in p.slots or ())

    def to_come(self, day: date) -> bool:
        """Planned and not over by ``day``: offered in the literacy plans and the dossier's sessions
        to come. A planned session over by the records' date is a warning (``validate/happened.py``)."""
        return self.planned and self.end >= day

    @property
    def start(self) -> date:
        return self.session.first_day

    @property
    def end(self) -> date:
        return self.session.last_day

    @property
    def planned_hours(self) -> float:
        return total_hours(self.session.schedule)

    @property
    def hours_by_format(self) -> dict[str, float] | None:
        """Planned hours in person and remotely (a blended session whose slots say which)."""
        return hours_by_format(tuple(self.session.schedule), self.session.format)

    @property
    def slot_topics(self) -> bool:
        """The schedule says which slots cover which topics (``schedule[].topics``)."""
        return any(slot.topics is not None for slot in self.session.schedule)

    def slots_covering(self, topic: str) -> tuple[int, ...]:
        """Indexes of the slots that list ``topic`` (only meaningful when :attr:`slot_topics`)."""
        return tuple(i for i, slot in enumerate(self.session.schedule) if topic in (slot.topics or ()))

    def presence(self, participant: Participant) -> Presence:
        marks = participant.slots or []
        attended = tuple(s for s, m in zip(self.session.schedule, marks) if m == "present")
        return Presence(participant, attended)

    def presences(self) -> tuple[Presence, ...]:
        return tuple(self.presence(p) for p in self.participants)

    @property
    def ended(self) -> bool:
        """Its last slot is on or before the records' date."""
        return self.end <= self.records_day

    @property
    def held_slots(self) -> int:
        """The slots on or before the records' date: those a trainer can have signed."""
        return sum(1 for slot in self.session.schedule if slot.date <= self.records_day)

    @property
    def under_way(self) -> bool:
        """Held (someone marked) but not ended at the records' date."""
        return not self.ended and not self.planned

    def funding_of(self, participant: Participant) -> Funding | None:
        """Who funds this trainee's training at this session (:meth:`Participant.funder`)."""
        return participant.funder(self.session.funding)

    @property
    def funded(self) -> bool:
        """The session funds someone (:func:`model.funds_anyone`): its certificates table has a
        certificat de réalisation column, and its evidence is kept at least as long as the
        certificat de réalisation commits to (``report/retention.py``)."""
        return funds_anyone(self.session.funding, self.participants)

    def certified(self) -> tuple[Presence, ...]:
        """The presences that get a certificate (and, if funded, a certificat de réalisation):
        everyone present, once the session has ended; an "attestation de fin de formation"
        dated a half-day still to come would state what has not happened."""
        return tuple(p for p in self.presences() if p.present) if self.ended else ()

    def evidence_for(self, kind: str) -> tuple[str, ...]:
        if self.attendance is None:
            return ()
        return tuple(getattr(self.attendance.evidence, kind))

    def evidence_name(self, ref: FileRef) -> str:
        """``evidence/scan.pdf``: a file of the session's evidence/, as attendance.yml lists it."""
        return ref.path[len(self.folder) + 1:]

    @property
    def unlisted_evidence(self) -> tuple[str, ...]:
        """Files in the session's evidence/ that attendance.yml's ``evidence:`` does not list: no
        document says what they prove, and none may say that nothing is there."""
        listed = {posixpath.normpath(rel) for kind in EVIDENCE_KINDS for rel in self.evidence_for(kind)}
        return tuple(name for name in map(self.evidence_name, self.evidence) if name not in listed)

    @property
    def issued_on(self) -> date:
        return self.session.issued_on or self.end


@dataclass(frozen=True, slots=True)
class Records:
    """Everything read from one records repository, valid and cross-checked."""

    root: Path
    settings: Settings
    provider: Provider
    people: dict[str, Person]
    roles: dict[str, Role]
    ai_systems: dict[str, AISystem]
    trainers: dict[str, Trainer]
    topics: dict[str, Topic]
    sessions: tuple[SessionRecord, ...]
    sources: tuple[FileRef, ...]
    layouts: tuple[FileRef, ...]
    assets: dict[str, FileRef]
    clients: dict[str, Client] = field(default_factory=dict)

    def session(self, session_id: str) -> SessionRecord:
        return next(s for s in self.sessions if s.id == session_id)

    def topic_label(self, topic_id: str) -> str:
        """The topic's label from ``data/topics.yml``; without one, its id made readable
        ("data-protection" → "Data protection", see :func:`readable_id`)."""
        topic = self.topics.get(topic_id)
        return topic.label if topic else readable_id(topic_id)

    def status_in(self, participant: Participant) -> str:
        """The trainee's status at one session: the participant's own ``status`` in attendance.yml
        (it changed since, a job seeker hired), else their ``status`` in people.yml."""
        return participant.status or self.people[participant.person_id].status

    def employer_in(self, participant: Participant) -> str | None:
        """The trainee's employer for one session, as written: the participant's own ``employer``
        in attendance.yml (they changed employer since), else their ``employer`` in people.yml,
        unless the participant states their status at the session (then only their own counts:
        a job seeker then, employed now, had no employer then). For a self-employed trainee it
        is their own business, never an employer (:meth:`client_employer_in`)."""
        if participant.status is not None:
            return participant.employer
        return participant.employer or self.people[participant.person_id].employer

    def client_employer_in(self, participant: Participant) -> str | None:
        """The employer company whose client folder receives the trainee's documents of one
        session: their employer at it when they were an employee, else none."""
        return self.employer_in(participant) if self.status_in(participant) == "employee" else None

    def situation_in(self, participant: Participant) -> dict[str, str | None]:
        """What a session's documents state of the trainee's situation at it: their ``status``,
        an employee's ``employer`` and a self-employed trainee's own ``business`` (as printed)."""
        status = self.status_in(participant)
        named = self.employer_name(self.employer_in(participant))
        return {"status": status, "employer": named if status == "employee" else None,
                "business": named if status == "self-employed" else None}

    def employer_name(self, employer: str | None) -> str | None:
        """An employer as documents print it: a client's legal name when ``employer`` is the id
        of a client of ``data/clients.yml``, else the text as written."""
        client = self.clients.get(employer or "")
        return client.legal_name if client is not None else employer

    def required_topics(self, person: Person) -> set[str]:
        """The topics a person needs: their role's, plus those of each AI system they use."""
        needed = set(self.roles[person.role].topics) if person.role in self.roles else set()
        for system_id in person.ai_systems:
            if system_id in self.ai_systems:
                needed.update(self.ai_systems[system_id].topics)
        return needed
