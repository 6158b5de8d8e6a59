"""AI-literacy coverage (AI Act Art. 4): who needs which topics, and which measures covered them.

A person needs the topics of their role plus those of every AI system they use. Whether a
session covered a topic for a person follows the rules of ``exposure.py`` (attendance of the
part that covered it, no failed assessment); the state of each topic is then judged at the
as-of date of the build — the records' commit date unless given — so the result never depends
on the wall clock. The rules and their legal basis: docs/literacy.md. The wording everywhere
speaks of measures taken, not of a level guaranteed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..records import Records, SessionRecord
from .exposure import DUE_SOON, DUE_SOON_MONTHS, GAP_STATES, Exposure, decide, exposures

PERSON_STATUSES = ("covered", "gaps", "not-exposed")


@dataclass(frozen=True, slots=True)
class TopicCoverage:
    topic: str
    state: str                         # one of exposure.STATES
    deciding: Exposure | None          # the session that decides the state
    valid_until: date | None           # for covered, due-soon and expired topics
    exposures: tuple[Exposure, ...]    # every recorded session that touched the topic, oldest first
    closing: tuple[str, ...]           # planned sessions that would close (or refresh) it

    @property
    def trained_on(self) -> date | None:
        return self.deciding.day if self.deciding else None

    @property
    def result(self) -> str | None:
        return self.deciding.result if self.deciding else None


@dataclass(frozen=True, slots=True)
class PlannedStep:
    """A planned session in one person's plan: the gaps it closes, those still open after it."""

    session: str
    enrolled: bool        # the person is enrolled; otherwise the session is open to their role
    closes: tuple[str, ...]
    open_after: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PersonCoverage:
    person_id: str
    status: str  # covered | gaps | not-exposed
    required: tuple[str, ...]
    covered: tuple[str, ...]   # covered or due for refresh
    gaps: tuple[str, ...]      # missing, expired, partly attended or not acquired
    due_soon: tuple[str, ...]
    topics: tuple[TopicCoverage, ...]
    plan: tuple[PlannedStep, ...]

    def in_state(self, *states: str) -> tuple[str, ...]:
        return tuple(t.topic for t in self.topics if t.state in states)


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
    min_attendance: float
    people: tuple[PersonCoverage, ...]
    systems: tuple[SystemCoverage, ...]
    topics: tuple[str, ...]  # every topic required by someone, sorted

    def counts(self, people: tuple[PersonCoverage, ...] | None = None) -> dict[str, int]:
        """How many of ``people`` (default: everyone current) are covered, have gaps, are not
        exposed; and, for each kind of gap, for due-soon and for a partially-acquired result
        counted, how many people have at least one topic in it (a person with two kinds of gap is
        counted under both). The single count every view shows."""
        group = self.people if people is None else people
        counts = {status: sum(1 for p in group if p.status == status) for status in PERSON_STATUSES}
        for state in (*GAP_STATES, DUE_SOON):
            counts[state] = sum(1 for p in group if p.in_state(state))
        counts["partially-acquired"] = sum(
            1 for p in group if any(t.result == "partially-acquired" and t.state in ("covered", DUE_SOON)
                                    for t in p.topics))
        return counts

    def person(self, person_id: str) -> PersonCoverage:
        return next(p for p in self.people if p.person_id == person_id)

    def subset(self, person_ids: tuple[str, ...] | set[str], records: Records) -> Coverage:
        """The same coverage restricted to some people (one client's staff)."""
        wanted = set(person_ids)
        people = tuple(p for p in self.people if p.person_id in wanted)
        return Coverage(self.as_of, self.refresh_months, self.min_attendance, people,
                        _systems(records, people), tuple(sorted({t for p in people for t in p.required})))


def _upcoming(records: Records, as_of: date) -> list[tuple[SessionRecord, frozenset[str]]]:
    """The planned sessions still to come, each with those enrolled: a participant excused ahead
    from every slot is not coming."""
    return [(s, frozenset(p.person_id for p in s.participants if not p.slots or set(p.slots) != {"excused"}))
            for s in sorted(records.sessions, key=lambda s: (s.start, s.id)) if s.to_come(as_of)]


def _plan(person_id: str, role: str, gaps: tuple[str, ...],
          upcoming: list[tuple[SessionRecord, frozenset[str]]]) -> tuple[PlannedStep, ...]:
    """The planned sessions (with the ids of those enrolled) that close some of ``gaps``: those the
    person is enrolled in first, then those open to their role, each in date order; each closes
    what is still open."""
    enrolled = [s for s, ids in upcoming if person_id in ids]
    open_to_role = [s for s, ids in upcoming if person_id not in ids and role in s.session.audience.roles]
    still = list(gaps)
    steps = []
    for s, is_enrolled in [(s, True) for s in enrolled] + [(s, False) for s in open_to_role]:
        closes = tuple(t for t in still if t in s.session.topics)
        if closes:
            still = [t for t in still if t not in closes]
            steps.append(PlannedStep(s.id, is_enrolled, closes, tuple(still)))
    return tuple(steps)


def _trained(records: Records, as_of: date, min_attendance: float) -> dict[tuple[str, str], list[Exposure]]:
    found: dict[tuple[str, str], list[Exposure]] = {}
    for s in records.sessions:
        for presence in s.presences():
            for topic, exposure in exposures(s, presence, as_of, min_attendance).items():
                found.setdefault((presence.participant.person_id, topic), []).append(exposure)
    return found


def _systems(records: Records, people: tuple[PersonCoverage, ...]) -> tuple[SystemCoverage, ...]:
    by_person = {p.person_id: p for p in people}
    systems = []
    for system_id in sorted(records.ai_systems):
        system = records.ai_systems[system_id]
        users = sorted(p for p in by_person if system_id in records.people[p].ai_systems)
        # A system whose users need no topic has no training to count: none of them is shown trained.
        ok = tuple(u for u in users if system.topics and not set(system.topics) & set(by_person[u].gaps))
        systems.append(SystemCoverage(system_id, tuple(users), ok, tuple(u for u in users if u not in ok)))
    return tuple(systems)


def coverage(records: Records, as_of: date) -> Coverage:
    settings = records.settings.literacy
    months, share = settings.refresh_months, settings.min_attendance
    trained = _trained(records, as_of, share)
    upcoming = _upcoming(records, as_of)
    people = []
    for person in sorted(records.people.values(), key=lambda p: p.sort_key):
        if not person.is_current(as_of):
            continue
        required = tuple(sorted(records.required_topics(person)))
        decided = {}
        for topic in required:
            found = sorted(trained.get((person.id, topic), []), key=lambda e: (e.day, e.session))
            decided[topic] = (decide(found, as_of, months), tuple(found))
        gaps = tuple(t for t in required if decided[t][0][0] in GAP_STATES)
        plan = _plan(person.id, person.role, gaps, upcoming)
        topics = []
        for topic in required:
            (state, deciding, until), found = decided[topic]
            refresh = _plan(person.id, person.role, (topic,), upcoming) if state == DUE_SOON else ()
            closing = tuple(step.session for step in (*plan, *refresh) if topic in step.closes)
            topics.append(TopicCoverage(topic, state, deciding, until, found, closing))
        status = "not-exposed" if not required else ("gaps" if gaps else "covered")
        people.append(PersonCoverage(person.id, status, required,
                                     tuple(t.topic for t in topics if t.state in ("covered", DUE_SOON)),
                                     gaps, tuple(t.topic for t in topics if t.state == DUE_SOON),
                                     tuple(topics), plan))
    people_t = tuple(people)
    all_topics = tuple(sorted({t for p in people_t for t in p.required}))
    return Coverage(as_of, months, share, people_t, _systems(records, people_t), all_topics)


def _topic_json(t: TopicCoverage) -> dict:
    return {"state": t.state, "trained_on": t.trained_on.isoformat() if t.trained_on else None,
            "valid_until": t.valid_until.isoformat() if t.valid_until else None, "result": t.result,
            "decided_by": t.deciding.session if t.deciding else None, "closing": list(t.closing),
            "sessions": [{"session": e.session, "day": e.day.isoformat(), "outcome": e.outcome, "basis": e.basis,
                          "hours": e.hours, "planned_hours": e.planned_hours, "result": e.result}
                         for e in t.exposures]}


def plan_json(p: PersonCoverage) -> list[dict]:
    return [{"session": step.session, "enrolled": step.enrolled, "closes": list(step.closes),
             "open_after": list(step.open_after)} for step in p.plan]


def literacy_json(cov: Coverage, clients: dict[str, str] | None = None) -> dict:
    """The machine-readable coverage: the rules applied, then per person id their status, topics
    by state, the sessions behind each topic, and the planned sessions with what each closes.
    ``clients`` (mode provider): person id → the slug of their client's folder."""
    people = {}
    for p in cov.people:
        entry = {"status": p.status, "required": list(p.required), "covered": sorted(p.covered),
                 "gaps": sorted(p.gaps), "due_soon": sorted(p.due_soon),
                 "topics": {t.topic: _topic_json(t) for t in p.topics},
                 "planned": plan_json(p)}
        if clients:
            entry["client"] = clients.get(p.person_id)
        people[p.person_id] = entry
    return {
        "as_of": cov.as_of.isoformat(),
        "rules": {"refresh_months": cov.refresh_months, "min_attendance": cov.min_attendance,
                  "due_soon_months": DUE_SOON_MONTHS},
        "counts": cov.counts(),
        "people": people,
        "ai_systems": {
            s.system: {"users": list(s.users), "trained": list(s.trained), "untrained": list(s.untrained)}
            for s in cov.systems
        },
    }
