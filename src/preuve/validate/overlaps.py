"""One person marked present in two sessions at the same time: at most one of the two attendance
records can be true, and an attendance sheet that cannot be true proves nothing
(docs/rules.md). Each session is checked on its own elsewhere; this check spans sessions."""

from __future__ import annotations

from datetime import date, time

from ..diagnostics import Diagnostics
from ..loading.project import RawSession
from ..model import Attendance, Session
from .schema import field_name


def check_double_presence(sessions: list[tuple[RawSession, Session, Attendance]], diag: Diagnostics) -> None:
    """Report, on the later session (by id), each slot where a person is present in two sessions."""
    held: dict[tuple[str, date], list[tuple[time, time, str]]] = {}  # (person, day) → (start, end, session)
    for raw, session, attendance in sorted(sessions, key=lambda s: s[0].id):
        src = raw.attendance
        assert src is not None
        for index, participant in enumerate(attendance.participants):
            for j, (slot, mark) in enumerate(zip(session.schedule, participant.slots or ())):
                if mark != "present":
                    continue
                key = (participant.person_id, slot.date)
                clash = next((h for h in held.get(key, ()) if h[2] != raw.id and slot.start < h[1]
                              and h[0] < slot.end), None)
                if clash is not None:
                    loc = ("participants", index, "slots", j)
                    diag.error(src.path, src.line(*loc), field_name(loc),
                               f"'{participant.person_id}' is also marked present in session {clash[2]} on "
                               f"{slot.date} at {clash[0]:%H:%M}-{clash[1]:%H:%M}: one person cannot attend two "
                               "sessions at once, so one of the two records is wrong")
                held.setdefault(key, []).append((slot.start, slot.end, raw.id))
