"""Completeness gaps as ``check`` warnings, in the evidence index's words.

A session that lacks its signed sheets, its trainer signatures, its programme or (for a provider)
its satisfaction survey is still valid input, so these are warnings: ``preuve check --strict``
(what CI runs) fails on them, and the team sees them before an auditor does. Attendance marks and
assessment results are already reported per trainee by the validate stage, so they are not
repeated here.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..diagnostics import Diagnostics
from ..loading.project import RawProject
from ..records import Records
from ..report.completeness import session_completeness

# Check → the field of the records that would close the gap ({detail}: the kind of proof missing).
FIELDS = {"programme": "programme", "attendance_proof": "evidence.{detail}", "trainer_signatures": "trainer_signed",
          "satisfaction": "evidence.satisfaction"}


def completeness_warnings(records: Records, raw: RawProject, wording: Mapping[str, str], diag: Diagnostics) -> None:
    """One warning per completeness gap; ``wording`` is the English catalog of the layouts."""
    attendance = {s.id: s.attendance for s in raw.sessions}
    for s in records.sessions:
        for check in session_completeness(records, s).gaps:
            field = FIELDS.get(check.name)
            if field is None:
                continue
            field = field.replace("{detail}", check.detail)
            source = attendance.get(s.id) if field != "programme" else None
            where = (source.path, source.line(field.split(".")[0])) if source is not None else (s.source, s.body_line)
            label = wording.get(f"check.{check.name}", check.name)
            sentence = (wording.get(f"check_detail.{check.wording}", check.wording).replace("{detail}", check.detail)
                        .replace("{files}", ", ".join(check.files)))
            diag.warning(*where, field, f"{label} — {sentence}")
