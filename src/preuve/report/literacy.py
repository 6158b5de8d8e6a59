"""AI-literacy coverage (AI Act Art. 4): who needs which topics, and which measures covered them.

A person needs the topics of their role plus those of every AI system they use. A topic counts
as covered by a session the person attended (present at least one slot) whose last attended day
is within ``literacy.refresh_months`` before the as-of date of the build — the records' commit
date unless given — so the result never depends on the wall clock. The wording everywhere speaks
of measures taken, not of a level guaranteed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..records import Records
from .dates import add_months

DUE_SOON_MONTHS = 3
PERSON_STATUSES = ("covered", "gaps", "not-exposed")


@dataclass(frozen=True, slots=True)
class TopicCoverage:
    topic: str
    state: str  # covered | due-soon | expired | missing
    trained_on: date | None
    valid_until: date | None
    sessions: tuple[str, ...]
    closing: tuple[str, ...]  # planned sessions covering the topic: enrolled first, then open to the role


@dataclass(frozen=True, slots=True)
class PersonCoverage:
    person: str
    status: str  # covered | gaps | not-exposed
    required: tuple[str, ...]
    covered: tuple[str, ...]
    missing: tuple[str, ...]
    due_soon: tuple[str, ...]
    topics: tuple[TopicCoverage, ...]


@dataclass(frozen=True, slots=True)
class SystemCoverage:
    system: str
    users: tuple[str, ...]
    trained: tuple[str, ...]
    untrained: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Coverage:
    as_of: date
    refresh_months: int
    people: tuple[PersonCoverage, ...]
    systems: tuple[SystemCoverage, ...]
    topics: tuple[str, ...]  # every topic required by someone, sorted

    def counts(self, people: tuple[PersonCoverage, ...] | None = None) -> dict[str, int]:
        """How many of ``people`` (default: everyone current) are covered, have gaps, are not exposed."""
        group = self.people if people is None else people
        return {status: sum(1 for p in group if p.status == status) for status in PERSON_STATUSES}

    def person(self, person_id: str) -> PersonCoverage:
        return next(p for p in self.people if p.person == person_id)


def _planned_sessions(records: Records, as_of: date) -> list:
    return [s for s in records.sessions if s.planned and s.end >= as_of]


def coverage(records: Records, as_of: date) -> Coverage:
    months = records.settings.literacy.refresh_months
    # topic -> person -> (last day trained, session ids)
    trained: dict[tuple[str, str], tuple[date, list[str]]] = {}
    for s in records.sessions:
        for presence in s.presences():
            last = presence.last_date
            if last is None or last > as_of:
                continue
            for topic in s.session.topics:
                key = (presence.participant.person, topic)
                previous = trained.get(key)
                if previous is None:
                    trained[key] = (last, [s.id])
                else:
                    trained[key] = (max(previous[0], last), previous[1] + [s.id])
    planned = _planned_sessions(records, as_of)

    people = []
    for person in sorted(records.people.values(), key=lambda p: p.sort_key):
        if not person.is_current(as_of):
            continue
        required = sorted(records.required_topics(person))
        topics = []
        for topic in required:
            last, sessions = trained.get((person.id, topic), (None, []))
            until = add_months(last, months) if last else None
            if until is None:
                state = "missing"
            elif until <= as_of:
                state = "expired"
            elif until <= add_months(as_of, DUE_SOON_MONTHS):
                state = "due-soon"
            else:
                state = "covered"
            closing: list[str] = []
            if state != "covered":
                closing = [s.id for s in planned if topic in s.session.topics
                           and any(p.person == person.id for p in s.participants)]
                closing += [s.id for s in planned if topic in s.session.topics and s.id not in closing
                            and person.role in s.session.audience.roles]
            topics.append(TopicCoverage(topic, state, last, until, tuple(sorted(sessions)), tuple(closing)))
        covered = tuple(t.topic for t in topics if t.state in ("covered", "due-soon"))
        missing = tuple(t.topic for t in topics if t.state in ("missing", "expired"))
        status = "not-exposed" if not required else ("gaps" if missing else "covered")
        people.append(PersonCoverage(person.id, status, tuple(required), covered, missing,
                                     tuple(t.topic for t in topics if t.state == "due-soon"), tuple(topics)))

    by_person = {p.person: p for p in people}
    systems = []
    for system_id in sorted(records.ai_systems):
        system = records.ai_systems[system_id]
        users = sorted(p for p, c in by_person.items() if system_id in records.people[p].ai_systems)
        ok = tuple(u for u in users if not set(system.topics) & set(by_person[u].missing))
        systems.append(SystemCoverage(system_id, tuple(users), ok, tuple(u for u in users if u not in ok)))
    all_topics = sorted({t for p in people for t in p.required})
    return Coverage(as_of, months, tuple(people), tuple(systems), tuple(all_topics))


def literacy_json(cov: Coverage) -> dict:
    """The machine-readable coverage: per person id, required/covered/missing topics and status."""
    return {
        "as_of": cov.as_of.isoformat(),
        "refresh_months": cov.refresh_months,
        "people": {
            p.person: {"required": list(p.required), "covered": sorted(p.covered),
                       "missing": sorted(p.missing), "status": p.status,
                       "due_soon": sorted(p.due_soon)}
            for p in cov.people
        },
        "ai_systems": {
            s.system: {"users": list(s.users), "trained": list(s.trained), "untrained": list(s.untrained)}
            for s in cov.systems
        },
    }
