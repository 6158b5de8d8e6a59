"""The checks of one session on its own: its schedule and dates, each participant's marks and
result, and the evidence files its attendance names. References to other files (trainers, roles,
people) are checked by the caller, which knows which files define them."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from ..diagnostics import Diagnostics
from ..loading.located import Source
from ..loading.project import RawSession
from ..loading.text import BIDI_RE, char_name
from ..model import Attendance, Participant, Person, Provider, Session, funds_anyone
from ..portable import extraction_problem
from .schema import field_name

MAX_SLOT_HOURS = 4.5  # trainees sign every half-day
UNSAFE_NAME_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\\]")


def check_slots(src: Source, session: Session, diag: Diagnostics) -> None:
    """Each slot ends after it starts, lasts a half-day at most, is listed once, not on a Sunday or
    a public holiday."""
    seen = set()
    for j, slot in enumerate(session.schedule):
        loc = ("schedule", j)
        if slot.end <= slot.start:
            diag.error(src.path, src.line(*loc, "end"), field_name(loc + ("end",)),
                       f"ends at {slot.end:%H:%M}, not after its start {slot.start:%H:%M}")
        elif slot.hours > MAX_SLOT_HOURS:
            diag.warning(src.path, src.line(*loc), field_name(loc),
                         f"lasts {slot.hours:g} h: trainees must sign every half-day, so use one slot per half-day")
        if (slot.date, slot.start) in seen:
            diag.error(src.path, src.line(*loc), field_name(loc), "the same slot is listed twice")
        seen.add((slot.date, slot.start))
        holiday = public_holiday(slot.date)
        if slot.date.isoweekday() == 7 or holiday:
            diag.warning(src.path, src.line(*loc, "date"), field_name(loc + ("date",)),
                         f"{slot.date} is {holiday or 'a Sunday'}: check the date (signatures on such a day "
                         "have been rejected in court, docs/rules.md)")


def public_holiday(day: date) -> str | None:
    """The French public holiday ``day`` is, named (national ones: not Alsace-Moselle's own)."""
    return _french_holidays(day.year).get(day)


@lru_cache(maxsize=64)
def _french_holidays(year: int) -> dict[date, str]:
    from holidays.countries.france import France  # 0.06 s: only when a schedule is checked

    return {day: f"a public holiday in France ({name})" for day, name in France(years=year, language="en_US").items()}


def check_dates(src: Source, session: Session, provider: Provider | None, diag: Diagnostics) -> None:
    """The schedule in order without overlaps; issued after the training; an assessment whose
    pass mark is on its scale; within the provider's Qualiopi validity."""
    ordered = sorted(session.schedule, key=lambda s: (s.date, s.start))
    if list(session.schedule) != ordered:
        diag.error(src.path, src.line("schedule"), "schedule", "slots must be listed in chronological order")
    for a, b in zip(ordered, ordered[1:]):
        if a.date == b.date and b.start < a.end:
            diag.error(src.path, src.line("schedule"), "schedule",
                       f"slots overlap on {a.date}: {a.start:%H:%M}-{a.end:%H:%M} and {b.start:%H:%M}-{b.end:%H:%M}")
    last = session.last_day
    if session.issued_on is not None and session.issued_on < last:
        diag.error(src.path, src.line("issued_on"), "issued_on",
                   f"{session.issued_on} is before the last slot ({last}): a certificate cannot precede the training")
    if session.assessment is None:
        diag.warning(src.path, 1, "assessment", "no assessment: the certificates will prove attendance only")
    elif (a := session.assessment).pass_mark is not None and a.max_score is not None and a.pass_mark > a.max_score:
        diag.error(src.path, src.line("assessment", "pass_mark"), "assessment.pass_mark",
                   f"{a.pass_mark:g} is above max_score {a.max_score:g}")
    if provider is not None and provider.qualiopi is not None and last > provider.qualiopi.valid_until:
        diag.warning(src.path, src.line("schedule"), "schedule",
                     f"the session ends on {last}, after the Qualiopi certificate's validity "
                     f"({provider.qualiopi.valid_until}, data/provider.yml)")


QUALIOPI_CATEGORY = {"action-de-formation": "actions-de-formation", "bilan-de-competences": "bilans-de-competences",
                     "vae": "vae", "apprentissage": "apprentissage"}


def check_funding(src: Source, session: Session, attendance: Attendance | None, provider: Provider | None,
                  diag: Diagnostics) -> None:
    """``funding:`` written with nothing under it (its lines commented out, or not filled in yet)
    reads as no funding: the OPCO would get no certificat de réalisation, so say it. A funded
    action (the session's funding, or a trainee's own) outside the categories of the provider's
    Qualiopi certificate is one public and mutualised funds do not pay for (the certification is
    per category, docs/rules.md)."""
    if session.funding is None and isinstance(src.data, dict) and "funding" in src.data:
        diag.warning(src.path, src.line("funding"), "funding", "is empty: the session is not funded and gets no "
                     "certificat de réalisation; give its opco and agreement, or remove the key")
    certified = provider.qualiopi.categories if provider is not None and provider.qualiopi is not None else []
    participants = attendance.participants if attendance else []
    if not funds_anyone(session.funding, participants):
        return
    funded = "the session is" if session.funding is not None else "its trainees are"
    if certified and QUALIOPI_CATEGORY[session.nature] not in certified:
        diag.warning(src.path, src.line("nature"), "nature",
                     f"'{session.nature.value}' is not among the categories of the Qualiopi certificate "
                     f"({', '.join(certified)}, data/provider.yml), yet {funded} funded: public and "
                     "mutualised funds pay only for actions of a certified category")


def check_evidence_names(raw: RawSession, diag: Diagnostics) -> None:
    """Names the evidence archive can hold and every system can tell apart: no backslash or
    control character, no bidirectional control (``scan-<U+202E>fdp.exe`` reads "scan-exe.pdf"), and
    no two names that differ only in case or in how accents are encoded, which macOS and Windows
    checkouts, and zip tools there, take for one file: one overwrites the other; and a name and a
    path Windows Explorer can extract (``portable``)."""
    seen: dict[str, str] = {}
    for ev in raw.evidence:
        rel = ev.path.removeprefix(raw.folder + "/")
        if UNSAFE_NAME_RE.search(ev.path):
            diag.error(ev.path, 0, "", "the file name holds a backslash or a control character: "
                       "rename it (it is copied into the evidence archive)")
        elif found := BIDI_RE.search(ev.path):
            diag.error(ev.path, 0, "", f"the file name holds {char_name(found.group(0))}, a bidirectional "
                       "control that reorders the characters after it, so the name reads otherwise than it is: "
                       "rename it")
        elif problem := extraction_problem(rel, f"sessions/{raw.id}/{rel}",
                                           "the file name or the session's folder name"):
            diag.error(ev.path, 0, "", problem)
        folded = unicodedata.normalize("NFC", ev.path).casefold()
        if folded in seen:
            first = seen[folded].removeprefix(raw.folder + "/")
            diag.error(ev.path, 0, "", f"differs from '{first}' only in upper and lower case or in how its accented "
                       "letters are encoded (Unicode NFC/NFD): macOS and Windows, and zip tools there, take them "
                       "for one file, and one overwrites the other; rename one")
        seen.setdefault(folded, ev.path)


def check_participant(src: Source, index: int, participant: Participant, person: Person | None, session: Session,
                      state: tuple[bool, bool], diag: Diagnostics) -> None:
    """One participant's marks, result and dates, against the session; ``state``: whether others
    are marked, and whether the session has ended (a result missing before its end is not)."""
    recorded, ended = state
    loc = ("participants", index)
    line = src.line(*loc, "person")
    n_slots = len(session.schedule)
    if participant.slots is not None and len(participant.slots) != n_slots:
        diag.error(src.path, src.line(*loc, "slots"), field_name(loc + ("slots",)),
                   f"has {len(participant.slots)} mark(s) but the schedule has {n_slots} slot(s)")
    if recorded and not participant.slots:
        diag.warning(src.path, line, field_name(loc), f"'{participant.person_id}' has no attendance marks while "
                     "others do: no certificate will be issued until they are recorded")
    present = bool(participant.slots and "present" in participant.slots)
    if participant.assessment is not None:
        _check_result(src, loc, participant, present, session, diag)
    elif present and session.assessment is not None and ended:
        diag.warning(src.path, line, field_name(loc + ("assessment",)),
                     "no assessment result for a trainee who was present (Qualiopi indicator 11)")
    if person is None:
        return
    audience = set(session.audience.roles)
    if audience and person.role not in audience:
        diag.warning(src.path, line, field_name(loc + ("person",)),
                     f"role '{person.role}' is not in the session's audience.roles")
    first_day, last_day = session.first_day, session.last_day
    if person.left_on is not None and person.left_on < first_day:
        diag.error(src.path, line, field_name(loc + ("person",)),
                   f"'{person.id}' left on {person.left_on}, before the session started ({first_day})")
    elif person.joined_on is not None and person.joined_on > last_day:
        diag.error(src.path, line, field_name(loc + ("person",)),
                   f"'{person.id}' joined on {person.joined_on}, after the session ended ({last_day})")
    else:
        _check_present_while_there(src, loc, person, session, participant.slots or (), diag)


def _check_present_while_there(src: Source, loc: tuple, person: Person, session: Session, marks: Sequence[str],
                               diag: Diagnostics) -> None:
    """A presence before ``joined_on`` or after ``left_on`` (in a session that spans that date):
    the certificate would state days the registry says the person was not there."""
    for j, (slot, mark) in enumerate(zip(session.schedule, marks)):
        before = person.joined_on is not None and slot.date < person.joined_on
        after = person.left_on is not None and slot.date > person.left_on
        if mark == "present" and (before or after):
            where = loc + ("slots", j)
            when = f"joined on {person.joined_on}" if before else f"left on {person.left_on}"
            diag.error(src.path, src.line(*where), field_name(where),
                       f"present on {slot.date}, but '{person.id}' {when}: "
                       "correct the mark or the date")
            return


def _check_result(src: Source, loc: tuple, participant: Participant, present: bool, session: Session,
                  diag: Diagnostics) -> None:
    assert participant.assessment is not None
    where = (src.path, src.line(*loc, "assessment"), field_name(loc + ("assessment",)))
    if session.assessment is None:
        diag.warning(*where, "the session defines no assessment, so this result is not shown")
        return
    if participant.slots and not present:
        diag.warning(*where, "an assessment result for someone absent from every slot")
    score, top = participant.assessment.score, session.assessment.max_score
    at_score = (src.path, src.line(*loc, "assessment", "score"), field_name(loc + ("assessment", "score")))
    if score is not None and top is not None and not 0 <= score <= top:
        diag.error(*at_score, f"{score:g} is outside 0-{top:g} (assessment.max_score)")
    elif score is not None and round(score, 2) != score:  # 13.999 would print "14 / 20" beside "non acquis"
        diag.error(*at_score, f"{score:g} has more than two decimals: certificates print a score to two "
                   f"decimals, beside the pass mark and the result; write it as it is to be printed")
    mark = session.assessment.pass_mark
    if mark is not None and (top is None or mark <= top):  # a pass mark above the scale is its own error
        _check_result_against_pass_mark(src, loc, participant.assessment.result, score, mark, diag)


def _check_result_against_pass_mark(src: Source, loc: tuple, result: str, score: float | None, mark: float,
                                    diag: Diagnostics) -> None:
    """A certificate states the result beside the score and the pass mark: they must agree."""
    if score is None:
        return
    if result == "acquired" and score < mark:
        why = f"the score {score:g} is below the pass mark {mark:g}"
    elif result == "not-acquired" and score >= mark:
        why = f"the score {score:g} reaches the pass mark {mark:g}"
    else:
        return
    diag.error(src.path, src.line(*loc, "assessment", "result"), field_name(loc + ("assessment", "result")),
               f"'{result}', but {why} that the certificate states: correct the score or the result")


def check_evidence_links(raw: RawSession, src: Source, attendance: Attendance, diag: Diagnostics) -> None:
    """Each file ``evidence:`` names is inside the session's evidence/ folder and exists."""
    files = {ev.path for ev in raw.evidence}
    for kind in type(attendance.evidence).model_fields:
        for j, rel in enumerate(getattr(attendance.evidence, kind)):
            loc = ("evidence", kind, j)
            normalized = posixpath.normpath(rel)
            if normalized.startswith(("..", "/")) or not normalized.startswith("evidence/"):
                diag.error(src.path, src.line(*loc), field_name(loc),
                           f"'{rel}' must be a path inside this session's evidence/ folder")
            elif f"{raw.folder}/{normalized}" not in files:
                diag.error(src.path, src.line(*loc), field_name(loc), f"'{rel}' does not exist in {raw.folder}/evidence/"
                           + _near_miss(normalized, sorted(f.removeprefix(raw.folder + "/") for f in files)))


def _near_miss(wanted: str, present: list[str]) -> str:
    """What to add to "does not exist" when a file differs from ``wanted`` only by case or by the
    Unicode form of its accents (an NFD name from macOS or a zip archive looks identical)."""
    nfc = unicodedata.normalize("NFC", wanted)
    if any(unicodedata.normalize("NFC", name) == nfc for name in present):
        return (": a file there has this name with its accented letters encoded otherwise (Unicode NFC/NFD, as "
                "some systems and archives write them): type the name here again, or rename the file")
    same = [name for name in present if unicodedata.normalize("NFC", name).casefold() == nfc.casefold()]
    return f": did you mean '{same[0]}'? (names are case-sensitive)" if same else ""
