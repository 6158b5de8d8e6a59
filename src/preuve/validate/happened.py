"""A presence recorded for a slot after the records' date: the training has not happened yet, and
a certificate, a certificat de réalisation or literacy coverage would attest it
(docs/rules.md). The records' date is the commit's, or today for a draft (``provenance.py``).

Only ``present`` is refused: it is the one mark that counts hours (:meth:`SessionRecord.presence`).
An absence (``absent``, ``excused``) may be known ahead of time, and a session with no marks yet
is a planned one, whatever its dates."""

from __future__ import annotations

from ..diagnostics import Diagnostics
from ..loading.project import RawSession
from ..model import Attendance, Session
from ..provenance import RecordsDate
from .schema import field_name


def check_presence_happened(sessions: list[tuple[RawSession, Session, Attendance]], when: RecordsDate,
                            diag: Diagnostics) -> None:
    """Report each ``present`` mark on a slot dated after ``when``, at the mark."""
    for raw, session, attendance in sessions:
        src = raw.attendance
        assert src is not None
        for index, participant in enumerate(attendance.participants):
            for j, (slot, mark) in enumerate(zip(session.schedule, participant.slots or ())):
                if mark == "present" and slot.date > when.day:
                    loc = ("participants", index, "slots", j)
                    diag.error(src.path, src.line(*loc), field_name(loc),
                               f"present on {slot.date}, after the records' date {when.day} ({when.source}): "
                               "presence is recorded once it has happened")
