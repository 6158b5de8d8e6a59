"""How long evidence and personal data are kept (``docs/rules.md``, Retention).

Session evidence is kept ``retention.evidence_years`` after the end of the year the session
ended; a funded session (its own funding, or a trainee's) keeps it at least 3 years after the end
of that year (the certificat de réalisation's commitment). A person who left may have their personal data purged
``retention.personal_data_years`` after ``left_on``, unless a session they attended must still be
kept, which wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..records import Records
from .dates import add_years

FUNDED_MINIMUM_YEARS = 3


@dataclass(frozen=True, slots=True)
class RetentionDate:
    kind: str  # session | person
    id: str
    label: str
    keep_until: date
    due: bool  # the date has passed at the build's as-of date
    note: str = ""


def session_keep_until(records: Records, session_id: str) -> date:
    s = records.session(session_id)
    years = records.settings.retention.evidence_years
    if s.funded:  # the session's funding, or a trainee's own
        years = max(years, FUNDED_MINIMUM_YEARS)
    return add_years(date(s.end.year, 12, 31), years)


def retention(records: Records, as_of: date) -> tuple[RetentionDate, ...]:
    """Every retention date, those already past first, then by date."""
    items = []
    for s in records.sessions:
        until = session_keep_until(records, s.id)
        items.append(RetentionDate("session", s.id, s.session.title, until, until < as_of))
    years = records.settings.retention.personal_data_years
    for person in records.people.values():
        if person.left_on is None:
            continue
        until = add_years(person.left_on, years)
        attended = [s for s in records.sessions if any(p.person_id == person.id for p in s.participants)]
        held = max((session_keep_until(records, s.id) for s in attended), default=None)
        note = ""
        if held is not None and held > until:
            note = held.isoformat()
        items.append(RetentionDate("person", person.id, person.full_name, until, until < as_of, note))
    return tuple(sorted(items, key=lambda r: (not r.due, r.keep_until, r.kind, r.id)))
