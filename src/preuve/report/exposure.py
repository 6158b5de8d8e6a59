"""What one recorded session did for one person and one AI-literacy topic.

The rules, their legal basis and the default share of hours are explained in docs/literacy.md;
in short, a session's topic counts for a person only if

* the person attended the part of the session that covered it: every slot that lists the topic
  when the schedule says which slots cover which topics (``schedule[].topics``), otherwise at
  least ``literacy.min_attendance`` of the session's planned hours, since nothing then tells
  which topics an absence skipped; and
* the person's assessment, when the session has one, is not ``not-acquired``. A
  ``partially-acquired`` result counts (Article 4 asks for measures, not a tested level) and is
  carried along so that every view can show it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..model import total_hours
from ..records import Presence, SessionRecord
from .dates import add_months

# Outcomes of one session for one topic; the state of a topic is decided from all of them.
COVERED = "covered"
PARTLY_ATTENDED = "partly-attended"
NOT_ACQUIRED = "not-acquired"
# The other states of a topic for a person.
DUE_SOON = "due-soon"
EXPIRED = "expired"
MISSING = "missing"
STATES = (COVERED, DUE_SOON, EXPIRED, MISSING, PARTLY_ATTENDED, NOT_ACQUIRED)
GAP_STATES = (MISSING, EXPIRED, PARTLY_ATTENDED, NOT_ACQUIRED)
DUE_SOON_MONTHS = 3  # a covered topic is flagged for refresh in its last three months

# Hours are sums of slot durations in minutes / 60: compare shares with a margin for rounding.
EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class Exposure:
    session: str
    day: date             # the last day the person attended the part of the session that counts
    outcome: str          # covered | partly-attended | not-acquired
    basis: str            # slots (schedule[].topics) | share (literacy.min_attendance)
    hours: float          # hours attended of that part
    planned_hours: float  # hours of that part
    result: str | None    # the assessment result, when the session has an assessment and one is recorded


def _attended_part(s: SessionRecord, presence: Presence, topic: str,
                   min_attendance: float) -> tuple[bool, str, float, float, date | None]:
    """(attended enough, basis, hours attended, hours planned, last day attended) for ``topic``."""
    marks = presence.participant.slots or []
    schedule = s.session.schedule
    if s.slot_topics:
        part = s.slots_covering(topic)
        attended = [i for i in part if i < len(marks) and marks[i] == "present"]
        hours = total_hours(schedule[i] for i in attended)
        planned = total_hours(schedule[i] for i in part)
        last = max((schedule[i].date for i in attended), default=None)
        return bool(part) and len(attended) == len(part), "slots", hours, planned, last
    planned = s.planned_hours
    enough = planned > 0 and presence.hours + EPSILON >= min_attendance * planned
    return enough, "share", presence.hours, planned, presence.last_date


def exposures(s: SessionRecord, presence: Presence, as_of: date, min_attendance: float) -> dict[str, Exposure]:
    """Topic → what this presence at ``s`` did for it; nothing for someone absent throughout or
    for days after ``as_of``."""
    if not presence.present or presence.last_date is None or presence.last_date > as_of:
        return {}
    score = presence.participant.assessment if s.session.assessment is not None else None
    result = score.result if score is not None else None
    out = {}
    for topic in s.session.topics:
        enough, basis, hours, planned, last = _attended_part(s, presence, topic, min_attendance)
        if not enough:
            outcome = PARTLY_ATTENDED
        elif result == NOT_ACQUIRED:
            outcome = NOT_ACQUIRED
        else:
            outcome = COVERED
        out[topic] = Exposure(s.id, last or presence.last_date, outcome, basis, hours, planned, result)
    return out


def decide(found: list[Exposure], as_of: date, refresh_months: int) -> tuple[str, Exposure | None, date | None]:
    """The state of a topic from every session that touched it: ``(state, the exposure that
    decides it, end of validity)``; state is one of :data:`STATES`.

    The latest covering session counts for ``refresh_months``, unless a later (or same-day) failed
    assessment shows the knowledge is not there; a later partial attendance does not undo an
    earlier full one, but once that has expired, it is the latest fact. A failed assessment
    outranks a partial attendance."""
    ordered = sorted(found, key=lambda e: (e.day, e.session))
    covering = [e for e in ordered if e.outcome == COVERED]
    best = covering[-1] if covering else None
    later = [e for e in ordered if e is not best and (best is None or e.day >= best.day)]
    failed = [e for e in later if e.outcome == NOT_ACQUIRED]
    if failed:
        return NOT_ACQUIRED, failed[-1], None
    until = add_months(best.day, refresh_months) if best is not None else None
    # ``until`` is the last day the training counts ("valid until", inclusive, as retention's
    # "keep until" and Qualiopi's valid_until): the day after, it has expired.
    if best is not None and until is not None and until >= as_of:
        return (DUE_SOON if until <= add_months(as_of, DUE_SOON_MONTHS) else COVERED), best, until
    partly = [e for e in later if e.outcome == PARTLY_ATTENDED]
    if partly:
        return PARTLY_ATTENDED, partly[-1], None
    if best is not None:
        return EXPIRED, best, until
    return MISSING, None, None
