"""What the attendance records say has happened, dated after the records' date: the training has
not taken place yet, and a certificate, a certificat de réalisation or literacy coverage would
attest it (docs/rules.md). The records' date is the commit's, or today for a draft
(``provenance.py``).

Refused: a ``present`` mark (the one mark that counts hours, :meth:`SessionRecord.presence`) or a
trainer's signature on a slot after that date, an assessment result for a session whose first
slot is after it, and an ``issued_on`` after it for a session whose documents are made (someone
present): they would say "Fait le …" of a day to come. An absence (``absent``, ``excused``) may be known ahead of time, and a session
with no marks yet is a planned one, whatever its dates.

The reverse is a warning: a session still planned once its last half-day is before the records'
date. The evidence index would list it as training to come, and whoever attended would have no
certificate: its attendance was not recorded, or it did not take place."""

from __future__ import annotations

from ..diagnostics import Diagnostics
from ..loading.located import Source
from ..loading.project import RawSession
from ..model import Attendance, Session
from ..provenance import RecordsDate
from ..records import SessionRecord
from .schema import field_name


def check_records_happened(sessions: list[tuple[RawSession, Session, Attendance]], when: RecordsDate,
                           diag: Diagnostics) -> None:
    """Report each presence, trainer's signature and assessment result dated after ``when``, at
    the record that states it."""
    after = f"after the records' date {when.day} ({when.source})"
    for raw, session, attendance in sessions:
        src = raw.attendance
        assert src is not None
        began = session.first_day
        for index, participant in enumerate(attendance.participants):
            for j, (slot, mark) in enumerate(zip(session.schedule, participant.slots or ())):
                if mark == "present" and slot.date > when.day:
                    _error(diag, src, ("participants", index, "slots", j),
                           f"present on {slot.date}, {after}: presence is recorded once it has happened")
            if participant.assessment is not None and began > when.day:
                _error(diag, src, ("participants", index, "assessment"),
                       f"a result for a session that begins on {began}, {after}: "
                       "a result is recorded once the assessment has taken place")
        issued = raw.session
        ended = session.last_day <= when.day  # else no certificate yet
        if session.issued_on is not None and session.issued_on > when.day and issued is not None and ended and any(
                "present" in (p.slots or ()) for p in attendance.participants):
            diag.error(issued.path, issued.line("issued_on"), "issued_on",
                       f"{session.issued_on} is {after}: the certificates would be dated a day to come; "
                       "date them the day they are handed over")
        for j, (slot, signed) in enumerate(zip(session.schedule, attendance.trainer_signed or ())):
            if signed and slot.date > when.day:
                _error(diag, src, ("trainer_signed", j),
                       f"signed for {slot.date}, {after}: the trainer signs once the half-day has happened")


def _error(diag: Diagnostics, src: Source, loc: tuple[str | int, ...], message: str) -> None:
    diag.error(src.path, src.line(*loc), field_name(loc), message)


def check_nothing_recorded(sessions: list[tuple[Source, SessionRecord]], when: RecordsDate,
                           diag: Diagnostics) -> None:
    """Warn, at its schedule, of each session whose dates have passed with no attendance recorded."""
    for src, s in sessions:
        if s.planned and not s.to_come(when.day):
            diag.warning(src.path, src.line("schedule"), "schedule",
                         f"its last half-day was on {s.session.last_day}, before the records' date {when.day} "
                         f"({when.source}), and no one is marked present or absent: it is still listed as "
                         "training to come; record who attended, or remove the session if it did not take place")
