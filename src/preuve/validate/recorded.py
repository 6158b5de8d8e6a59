"""Checks that documents state the facts as recorded: the topics, the modality and the trainers of
each slot of a session, evidence files that attendance.yml does not list, a signatory who signs their own
certificate, topics printed without a label.
"""

from __future__ import annotations

import posixpath

from ..diagnostics import Diagnostics
from ..loading.located import Source
from ..loading.project import RawProject, RawSession
from ..model import EVIDENCE_KINDS, Attendance, Person, Provider, Session
from ..naming import collate
from .schema import field_name


def check_recorded(raw: RawSession, session: Session, attendance: Attendance | None, records: dict,
                   diag: Diagnostics) -> None:
    """The checks of this module for one session (``records``: the validated registries)."""
    assert raw.session is not None
    slot_topics(raw.session, session, diag)
    slot_formats(raw.session, session, diag)
    slot_trainers(raw.session, session, diag)
    unlisted_evidence(raw, attendance, diag)
    signatory_trainees(records.get("provider"), records["people"], raw, attendance, diag)


def slot_topics(src: Source, session: Session, diag: Diagnostics) -> None:
    """``schedule[].topics`` name topics of the session, and then every topic of the session
    has a slot: coverage reads them (docs/literacy.md), so a gap here would hide a topic."""
    if all(slot.topics is None for slot in session.schedule):
        return
    _slots_share(src, session, "topics", diag,
                 "'{}' is not one of this session's topics: add it to topics, or remove it from this slot",
                 "'{}' is covered by no slot: since the schedule says which topics each slot covers, add "
                 "it to the slots that cover it")


def slot_trainers(src: Source, session: Session, diag: Diagnostics) -> None:
    """``schedule[].trainers`` says who held each slot, among the session's trainers: then every
    slot says it, and every trainer of the session holds a slot, so that the attendance sheet
    names the trainer of each half-day whose signature it records (docs/rules.md)."""
    if all(slot.trainers is None for slot in session.schedule):
        return
    for j, slot in enumerate(session.schedule):
        if slot.trainers is None:
            diag.error(src.path, src.line("schedule", j), field_name(("schedule", j)),
                       "says no trainers while other slots do: say who held every slot")
        elif not slot.trainers:
            loc = ("schedule", j, "trainers")
            diag.error(src.path, src.line(*loc), field_name(loc), "is empty: name who held this slot")
    _slots_share(src, session, "trainers", diag,
                 "'{}' is not one of this session's trainers: add them to trainers, or remove them from this slot",
                 "'{}' holds no slot: since the schedule says who held each slot, add them to the slots "
                 "they held, or remove them from trainers")


def _slots_share(src: Source, session: Session, field: str, diag: Diagnostics, foreign: str, unlisted: str) -> None:
    """The slots' ``field`` lists (topics, trainers) name only the session's, and together name
    all of them; ``foreign`` and ``unlisted`` are the messages, with ``{}`` for the id."""
    listed = set()
    for j, slot in enumerate(session.schedule):
        for k, value in enumerate(getattr(slot, field) or ()):
            listed.add(value)
            if value not in getattr(session, field):
                loc = ("schedule", j, field, k)
                diag.error(src.path, src.line(*loc), field_name(loc), foreign.format(value))
    for j, value in enumerate(getattr(session, field)):
        if value not in listed:
            diag.error(src.path, src.line(field, j), field_name((field, j)), unlisted.format(value))


def slot_formats(src: Source, session: Session, diag: Diagnostics) -> None:
    """``schedule[].format`` says how one slot of a blended session is held: only there, and then
    for every slot, so that the hours by modality on certificates add up to the hours attended."""
    given = [j for j, slot in enumerate(session.schedule) if slot.format is not None]
    if session.format != "blended":
        for j in given:
            loc = ("schedule", j, "format")
            diag.error(src.path, src.line(*loc), field_name(loc),
                       f"only a blended session says each slot's format; this session is '{session.format}'")
        return
    if not given:
        diag.warning(src.path, src.line("format"), "format",
                     "a blended session: give each slot its format (schedule[].format: in-person or remote) "
                     "so that certificates state the hours attended in person and remotely")
        return
    for j, slot in enumerate(session.schedule):
        if slot.format is None:
            loc = ("schedule", j)
            diag.error(src.path, src.line(*loc), field_name(loc + ("format",)),
                       "missing: since some slots of this blended session say their format, every slot must "
                       "(in-person or remote)")


def unlisted_evidence(raw: RawSession, attendance: Attendance | None, diag: Diagnostics) -> None:
    """A file in the session's evidence/ that attendance.yml does not list proves nothing on any
    document: say which, where it should be listed."""
    listed = set()
    if attendance is not None:
        listed = {posixpath.normpath(rel) for kind in EVIDENCE_KINDS for rel in getattr(attendance.evidence, kind)}
    where = raw.attendance if raw.attendance is not None else raw.session
    if where is None:
        return
    line = where.line("evidence") if raw.attendance is not None else 0
    if raw.attendance is None:
        target = "an attendance.yml (evidence:)"
    elif raw.attendance.path.endswith(".csv"):  # a CSV has no column for it
        target = "the evidence: of an attendance.yml (attendance.csv cannot list evidence)"
    else:
        target = "attendance.yml's evidence:"
    for ref in raw.evidence:
        name = ref.path[len(raw.folder) + 1:]
        if name not in listed:
            diag.warning(where.path, line, "evidence",
                         f"'{name}' is in the session's evidence/ folder but not listed: add it to {target} "
                         f"under one of {', '.join(EVIDENCE_KINDS)}, so that the documents can cite it")


def signatory_trainees(provider: Provider | None, people: dict[str, Person], raw: RawSession,
                       attendance: Attendance | None, diag: Diagnostics) -> None:
    """The representative who signs the certificates is also a trainee of the session: their own
    certificate then carries only their signature, which an auditor will question."""
    if provider is None or attendance is None or raw.attendance is None:
        return
    signer = collate(provider.representative.name)[0]
    for index, participant in enumerate(attendance.participants):
        person = people.get(participant.person_id)
        if person is None:
            continue
        names = {collate(f"{person.first_name} {person.last_name}")[0],
                 collate(f"{person.last_name} {person.first_name}")[0]}
        if signer in names:
            loc = ("participants", index, "person")
            diag.warning(raw.attendance.path, raw.attendance.line(*loc), field_name(loc),
                         f"'{person.id}' is also the signatory of the documents (provider.representative.name "
                         f"'{provider.representative.name}'): their own certificate is signed by themselves; "
                         "have it signed by another representative")


def topics_without_labels(raw: RawProject, sessions: list[tuple[Source, Session]], diag: Diagnostics) -> None:
    """Without ``data/topics.yml``, topics print as their ids made readable ("AI basics"): one
    warning, at the first place a topic is used, suggesting the file that names them. A
    topics.yml that could not be read has its own error: no warning then that there is none."""
    if raw.topics is not None or (raw.root / "data" / "topics.yml").exists():
        return
    for source in (raw.roles, raw.ai_systems):
        if source is None or not isinstance(source.data, dict):
            continue
        for key, item in source.data.items():
            if isinstance(item, dict) and item.get("topics"):
                return _no_labels(diag, source.path, source.line(key, "topics"), f"{key}.topics")
    for source, session in sessions:
        if session.topics:
            return _no_labels(diag, source.path, source.line("topics"), "topics")


def _no_labels(diag: Diagnostics, path: str, line: int, field: str) -> None:
    diag.warning(path, line, field, "no data/topics.yml: topics are printed from their ids "
                 "('data-protection' as 'Data protection'); add data/topics.yml to give each its label")
