"""The whole validated records repository, and the facts every document derives from it.

Hours, dates and statuses are computed here once, so that the certificate, the attendance sheet,
the certificat de réalisation and the index can never disagree about them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .loading.project import FileRef
from .model import (AISystem, Attendance, Client, Participant, Person, Provider, Role, Session,
                    Settings, Slot, Topic, Trainer)


@dataclass(frozen=True, slots=True)
class Presence:
    """What one participant actually did in one session."""

    participant: Participant
    attended: tuple[Slot, ...]

    @property
    def hours(self) -> float:
        return sum(slot.hours for slot in self.attended)

    @property
    def present(self) -> bool:
        return bool(self.attended)

    @property
    def first_date(self) -> date | None:
        return min((s.date for s in self.attended), default=None)

    @property
    def last_date(self) -> date | None:
        return max((s.date for s in self.attended), default=None)


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

    @property
    def participants(self) -> tuple[Participant, ...]:
        return tuple(self.attendance.participants) if self.attendance else ()

    @property
    def planned(self) -> bool:
        """No participant has marks yet: the attendance sheet is a blank sheet to sign."""
        return not any(p.slots for p in self.participants)

    @property
    def start(self) -> date:
        return min(s.date for s in self.session.schedule)

    @property
    def end(self) -> date:
        return max(s.date for s in self.session.schedule)

    @property
    def planned_hours(self) -> float:
        return sum(slot.hours for slot in self.session.schedule)

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

    def evidence_for(self, kind: str) -> tuple[str, ...]:
        if self.attendance is None:
            return ()
        return tuple(getattr(self.attendance.evidence, kind))

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
        topic = self.topics.get(topic_id)
        return topic.label if topic else topic_id

    def employer_name(self, person: Person) -> str | None:
        """The employer as documents print it: a client's legal name when ``employer`` is the id
        of a client of ``data/clients.yml``, else the text as written."""
        client = self.clients.get(person.employer or "")
        return client.legal_name if client is not None else person.employer

    def required_topics(self, person: Person) -> set[str]:
        """The topics a person needs: their role's, plus those of each AI system they use."""
        needed = set(self.roles[person.role].topics) if person.role in self.roles else set()
        for system_id in person.ai_systems:
            if system_id in self.ai_systems:
                needed.update(self.ai_systems[system_id].topics)
        return needed
