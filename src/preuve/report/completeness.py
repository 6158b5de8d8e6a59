"""Session completeness as a Qualiopi auditor or an OPCO reviewer checks it.

Each check has a state (``ok``: found, ``gap``: missing, ``warn``: weakens the evidence or is
advised, ``n/a``) and a short detail; a session's gaps are the checks in state ``gap``. The states
say what was found, never that a session "complies". A planned session is only checked for what
can exist before it runs, a session under way for what can exist before it ends.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..records import Records, SessionRecord


@dataclass(frozen=True, slots=True)
class Check:
    name: str   # programme | attendance | attendance_proof | trainer_signatures | assessments | certificates | satisfaction | audience
    state: str  # ok | gap | warn (weakens the evidence) | n/a
    detail: str = ""
    # The sentence that says it, ``check_detail.<wording>`` in layouts/i18n (filled with
    # ``detail``): the index, the session pages and ``preuve check`` use the same words.
    wording: str = ""
    files: tuple[str, ...] = ()  # evidence files the wording names ({files})


@dataclass(frozen=True, slots=True)
class Completeness:
    session: str
    status: str  # planned | under-way | partial | recorded
    enrolled: int
    present: int
    absent: int  # marked, present at no slot (excused ones included)
    certificates: int
    checks: tuple[Check, ...]

    @property
    def gaps(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.state == "gap")


def session_completeness(records: Records, s: SessionRecord) -> Completeness:
    presences = s.presences()
    marked = [p for p in presences if p.participant.slots]
    present = [p for p in presences if p.present]
    everyone = len(marked) == len(presences)
    status = ("planned" if s.planned else "under-way" if s.under_way else "recorded" if everyone else "partial")
    written = bool(s.body.strip())
    checks = [Check("programme", "ok" if written else "gap", str(len(s.session.objectives)) if written else "",
                    "programme_ok" if written else "programme_gap")]
    if status == "planned":
        checks.append(Check("attendance", "n/a", "planned", "attendance_planned"))
    else:
        checks.append(Check("attendance", "ok" if everyone else "gap",
                            f"{len(marked)}/{len(presences)}", "attendance"))
        proof_kind = "connection_logs" if s.session.format == "remote" else "signatures"
        proofs = s.evidence_for("signatures") + s.evidence_for("connection_logs")
        unlisted = s.unlisted_evidence
        checks.append(Check("attendance_proof", "ok", str(len(proofs)), "attendance_proof_ok") if proofs
                      else Check("attendance_proof", "gap", proof_kind, "attendance_proof_unlisted", unlisted)
                      if unlisted else Check("attendance_proof", "gap", proof_kind, f"attendance_proof_gap_{proof_kind}"))
        checks.append(_trainer_signatures(s))
        if s.session.assessment is None:
            checks.append(Check("assessments", "n/a", "", "assessments_na"))
        else:
            done = sum(1 for p in present if p.participant.assessment is not None)
            checks.append(Check("assessments", "ok", f"{done}/{len(present)}", "assessments") if done == len(present)
                          else Check("assessments", "n/a", "", "assessments_under_way") if s.under_way
                          else Check("assessments", "gap", f"{done}/{len(present)}", "assessments"))
        checks.append(Check("certificates", "ok", f"{len(present)}/{len(present)}", "certificates") if s.ended
                      else Check("certificates", "n/a", "", "certificates_under_way"))
        surveys = len(s.evidence_for("satisfaction"))
        if surveys:
            checks.append(Check("satisfaction", "ok", str(surveys), "satisfaction_ok"))
        elif s.under_way:  # a survey is taken at the end
            checks.append(Check("satisfaction", "n/a", "", "satisfaction_under_way"))
        elif records.settings.mode == "provider":  # Qualiopi indicator 30 binds providers
            checks.append(Check("satisfaction", "gap", "0", "satisfaction_gap"))
        else:  # in-house, a survey is good practice, not a duty
            checks.append(Check("satisfaction", "warn", "recommended", "satisfaction_advice"))
    audience = set(s.session.audience.roles)
    outside = sorted(p.participant.person_id for p in presences
                     if audience and records.people[p.participant.person_id].role not in audience)
    unaddressed = sorted(
        p.participant.person_id for p in presences
        if not (records.required_topics(records.people[p.participant.person_id]) & set(s.session.topics))
        and records.required_topics(records.people[p.participant.person_id]))
    names = sorted(set(outside + unaddressed), key=lambda pid: records.people[pid].sort_key)
    detail = ", ".join(records.people[pid].full_name for pid in names)
    checks.append(Check("audience", "warn" if detail else "ok", detail, "audience_warn" if detail else "audience_ok"))
    return Completeness(s.id, status, len(presences), len(present), len(marked) - len(present),
                        len(s.certified()), tuple(checks))


def _trainer_signatures(s: SessionRecord) -> Check:
    """The trainer's signature of every slot held: a session under way counts the half-days up to
    the records' date, since signing one still to come is an error (``validate/happened.py``)."""
    signed = s.attendance.trainer_signed if s.attendance else None
    held = s.held_slots
    count = sum(1 for slot, v in zip(s.session.schedule, signed or []) if v and slot.date <= s.records_day)
    wording = "trainer_signatures" if s.ended else "trainer_signatures_under_way"
    return Check("trainer_signatures", "ok" if count == held else "gap", f"{count}/{held}", wording)
