"""Turn a :class:`RawProject` into :class:`Records`, reporting every problem found on the way.

Each file is validated on its own first (types, enums, required fields), then the rules that
span files run (references, mode-dependent requirements, attendance against the schedule).
Nothing is skipped because something else failed, so one run lists every mistake.
"""

from __future__ import annotations

import re
from collections.abc import Container
from typing import Any, TypeVar

from pydantic import BaseModel

from ..diagnostics import Diagnostics, shorten
from ..loading.located import LDict, LList, Source
from ..loading.project import RawProject, RawSession
from ..model import AISystem, Attendance, Client, Person, Provider, Role, Session, Settings, Topic, Trainer
from ..provenance import RecordsDate
from ..records import Records, SessionRecord
from ..values import PLACEHOLDER_RE, SLUG_RE, reserved_id_problem
from . import identifiers
from .clients import check_clients, check_employers
from .glyphs import check_names, check_texts
from .happened import check_nothing_recorded, check_records_happened
from .overlaps import check_double_presence
from .paths import check_copied_names, fits_windows_paths
from .recorded import check_recorded, topics_without_labels
from .schema import check, field_name
from .sessions import (check_dates, check_evidence_links, check_evidence_names, check_funding, check_participant,
                       check_slots)

M = TypeVar("M", bound=BaseModel)

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_EMAIL = 254  # RFC 5321; also keeps EMAIL_RE's backtracking short on hostile input


def _is_email(value: str) -> bool:
    return len(value) <= MAX_EMAIL and EMAIL_RE.match(value) is not None


def _mapping_of(model: type[M], source: Source | None, diag: Diagnostics, what: str) -> dict[str, M]:
    """A YAML file that maps ids to records (roles, AI systems, trainers, topics)."""
    if source is None:
        return {}
    if not isinstance(source.data, LDict):
        diag.error(source.path, 1, "", f"expected a mapping from {what} id to its fields")
        return {}
    out: dict[str, M] = {}
    for key, value in source.data.items():
        if not SLUG_RE.match(key):
            diag.error(source.path, source.line(key), key,
                       "is not a valid id: use lowercase letters, digits, '-' and '_'")
            continue
        if problem := reserved_id_problem(key):
            diag.error(source.path, source.line(key), key, problem)
            continue
        item = check(model, value, source, (key,), diag)
        if item is not None:
            out[key] = item
    return out


def _people(source: Source | None, diag: Diagnostics) -> dict[str, Person]:
    if source is None:
        return {}
    rows = source.data
    if isinstance(rows, LDict) and "people" in rows:
        diag.error(source.path, source.line("people"), "people",
                   "the file must be a list of people, not a mapping with a 'people' key")
        return {}
    if not isinstance(rows, LList):
        diag.error(source.path, 1, "", "expected a list of people")
        return {}
    out: dict[str, Person] = {}
    for index, row in enumerate(rows):
        person = check(Person, row, source, (index,), diag)
        if person is None:
            continue
        if person.id in out:
            diag.error(source.path, source.line(index, "id"), "id",
                       f"'{person.id}' is used by two people: ids must be unique")
            continue
        out[person.id] = person
    return out


def _row_id(row: Any) -> str | None:
    """The ``id`` of a row of people.yml, when it is text (an invalid row may hold anything)."""
    value = row.get("id") if isinstance(row, dict) else None
    return value if isinstance(value, str) else None


def _defined_ids(source: Source | None, shape: type, reported: bool) -> set[str] | None:
    """The ids a registry file defines, valid or not; ``None`` when it could not be used.

    References are checked against these, so that one broken or missing file (already reported)
    or one invalid entry does not add an "unknown ..." error to every record that mentions it.
    """
    if source is None:
        return None if reported else set()
    if not isinstance(source.data, shape):
        return None
    if shape is LList:
        return {row_id for row in source.data if (row_id := _row_id(row)) is not None}
    return set(source.data)


class _Checker:
    def __init__(self, raw: RawProject, diag: Diagnostics, when: RecordsDate):
        self.raw = raw
        self.when = when
        self.diag = diag
        optional_systems_present = (raw.root / "data" / "ai-systems.yml").is_file()
        self.people_file = raw.people.path if raw.people is not None else "data/people.yml"
        self.defined: dict[str, set[str] | None] = {
            self.people_file: _defined_ids(raw.people, LList, True),
            "data/roles.yml": _defined_ids(raw.roles, LDict, True),
            "data/ai-systems.yml": _defined_ids(raw.ai_systems, LDict, optional_systems_present),
            "data/trainers.yml": _defined_ids(raw.trainers, LDict, True),
            "data/topics.yml": _defined_ids(raw.topics, LDict, True),
        }

    def ref(self, source: Source, loc: tuple, value: str, known: dict, what: str, file: str) -> bool:
        defined = self.defined.get(file, set())
        if value in known or defined is None or value in defined:
            return True
        self.diag.error(source.path, source.line(*loc), field_name(loc),
                        f"unknown {what} '{value}' (not in {file})")
        return False

    def settings_and_provider(self, settings: Settings | None, provider: Provider,
                              people: dict[str, Person]) -> None:
        src = self.raw.provider
        assert src is not None
        problem = identifiers.siret_problem(provider.siret)
        if problem:
            self.diag.error(src.path, src.line("siret"), "siret", problem)
        if not _is_email(provider.email):
            self.diag.error(src.path, src.line("email"), "email",
                            f"{shorten(provider.email)!r} is not an email address")
        if provider.nda is not None:
            problem = identifiers.nda_problem(provider.nda)
            if problem:
                self.diag.error(src.path, src.line("nda"), "nda", problem)
            elif warning := identifiers.nda_layout_warning(provider.nda):
                self.diag.warning(src.path, src.line("nda"), "nda", warning)
        if settings is not None and settings.mode == "provider":
            if provider.nda is None:
                self.diag.error(src.path, src.line("nda"), "nda",
                                "required in mode 'provider': the activity registration number (11 digits)")
            if provider.nda_region is None:
                self.diag.error(src.path, src.line("nda_region"), "nda_region",
                                "required in mode 'provider': the region whose prefect registered the NDA")
            if provider.qualiopi is not None and not provider.qualiopi.categories:
                self.diag.error(src.path, src.line("qualiopi", "categories"), "qualiopi.categories",
                                "list the certified categories of actions (actions-de-formation, "
                                "bilans-de-competences, vae, apprentissage): programmes print them in the "
                                "Qualiopi mention")
            people_src = self.raw.people
            for index, row in enumerate(people_src.data if people_src is not None else ()):
                person_id = _row_id(row)
                person = people.get(person_id)
                if person is not None and person.employer is None and person.status == "employee":
                    self.diag.error(people_src.path, people_src.line(index, "id"), "employer",
                                    "required in mode 'provider': the trainee's employer company")
        for key in ("logo", "signature_image"):
            value = getattr(provider, key)
            if value is not None and key not in self.raw.assets:
                problem = self.raw.asset_problems.get(
                    key, "is not a file inside data/ (give the path relative to data/)")
                self.diag.error(src.path, src.line(key), key, f"'{value}' {problem}")

    def people(self, people: dict[str, Person], roles: dict, systems: dict) -> None:
        src = self.raw.people
        if src is None:
            return
        if isinstance(src.data, list) and not src.data:  # a CSV with only its header, or []
            entry = "row per person under the header" if src.path.endswith(".csv") else "entry per person"
            self.diag.warning(src.path, 1, "", f"lists nobody: add one {entry} (every participant of a "
                              "session must be listed here)")
        for index, row in enumerate(src.data):
            person = people.get(_row_id(row))
            if person is None:
                continue
            self.ref(src, (index, "role"), person.role, roles, "role", "data/roles.yml")
            for j, system in enumerate(person.ai_systems):
                self.ref(src, (index, "ai_systems", j), system, systems, "AI system", "data/ai-systems.yml")
            if person.email is not None and not _is_email(person.email):
                self.diag.error(src.path, src.line(index, "email"), "email",
                                f"{shorten(person.email)!r} is not an email address")
            if person.joined_on and person.left_on and person.left_on < person.joined_on:
                self.diag.error(src.path, src.line(index, "left_on"), "left_on",
                                f"{person.left_on} is before joined_on {person.joined_on}")

    def systems_without_topics(self, systems: dict[str, AISystem], people: dict[str, Person]) -> None:
        """An AI system in use whose users need no topic: no training could be shown for it, and the
        literacy dossier would have nothing to count its users trained on (docs/literacy.md)."""
        src = self.raw.ai_systems
        for system_id, system in systems.items():
            users = sum(1 for person in people.values() if system_id in person.ai_systems)
            if src is not None and users and not system.topics:
                self.diag.warning(src.path, src.line(system_id, "topics"), f"{system_id}.topics",
                                  f"lists no topic, yet {users} person(s) use this system: its risks are "
                                  "covered by no training, and the literacy dossier shows none of its users "
                                  "trained for it; list the topics its users need (AI Act, art. 4)")

    def topics(self, roles: dict[str, Role], systems: dict[str, AISystem], topics: dict[str, Topic]) -> None:
        if self.raw.topics is None:
            return  # without a topic list, topic ids are free text
        for source, items in ((self.raw.roles, roles), (self.raw.ai_systems, systems)):
            if source is None:
                continue
            for item_id, item in items.items():
                for j, topic in enumerate(item.topics):
                    self.ref(source, (item_id, "topics", j), topic, topics, "topic", "data/topics.yml")

    def session(self, raw: RawSession, session: Session, attendance: Attendance | None,
                records: dict[str, Any]) -> None:
        src = raw.session
        assert src is not None
        diag = self.diag
        if not SLUG_RE.match(raw.id):
            diag.error(raw.folder, 0, "", f"the folder name '{raw.id}' is the session id: use lowercase "
                       "letters, digits, '-' and '_'")
        elif problem := reserved_id_problem(raw.id):
            diag.error(raw.folder, 0, "", f"the folder name is the session id: {problem}")
        if session.format != "remote" and session.location is None:
            diag.error(src.path, src.line("location"), "location",
                       f"required for a session whose format is '{session.format}'")
        for j, trainer in enumerate(session.trainers):
            self.ref(src, ("trainers", j), trainer, records["trainers"], "trainer", "data/trainers.yml")
        for j, role in enumerate(session.audience.roles):
            self.ref(src, ("audience", "roles", j), role, records["roles"], "role", "data/roles.yml")
        for j, system in enumerate(session.ai_systems):
            self.ref(src, ("ai_systems", j), system, records["ai_systems"], "AI system", "data/ai-systems.yml")
        if self.raw.topics is not None:
            for j, topic in enumerate(session.topics):
                self.ref(src, ("topics", j), topic, records["topics"], "topic", "data/topics.yml")
        check_slots(src, session, diag)
        check_recorded(raw, session, attendance, records, diag)
        check_dates(src, session, records.get("provider"), diag)
        check_funding(src, session, attendance, records.get("provider"), diag)
        check_evidence_names(raw, diag)
        if attendance is not None:
            self.attendance(raw, session, attendance, records)

    def attendance(self, raw: RawSession, session: Session, attendance: Attendance,
                   records: dict[str, Any]) -> None:
        src = raw.attendance
        assert src is not None
        people: dict[str, Person] = records["people"]
        n_slots = len(session.schedule)
        if attendance.trainer_signed is not None and len(attendance.trainer_signed) != n_slots:
            self.diag.error(src.path, src.line("trainer_signed"), "trainer_signed",
                            f"has {len(attendance.trainer_signed)} mark(s) but the schedule has {n_slots} slot(s)")
        # `participants: []` is what `preuve new session` writes, nobody enrolled yet; a CSV is the
        # export of a sheet of people, and one with only its header has lost them.
        if src.path.endswith(".csv") and not attendance.participants:
            self.diag.warning(src.path, 1, "", "lists nobody: the session stays planned (a blank attendance "
                              "sheet, no certificate); add one row per participant under the header")
        seen: set[str] = set()
        recorded = any(p.slots for p in attendance.participants)
        ended = session.last_day <= self.when.day  # else results come later
        for index, participant in enumerate(attendance.participants):
            loc = ("participants", index, "person")
            if participant.person_id in seen:
                self.diag.error(src.path, src.line(*loc), field_name(loc),
                                f"'{participant.person_id}' is listed twice in this session")
            seen.add(participant.person_id)
            if self.ref(src, loc, participant.person_id, people, "person", self.people_file):
                check_participant(src, index, participant, people.get(participant.person_id), session,
                                  (recorded, ended), self.diag)
        check_evidence_links(raw, src, attendance, self.diag)


def _record_files(raw: RawProject) -> list[Source]:
    """The record files read, in the order ``check`` reports them: data, then each session."""
    files = [raw.config, raw.provider, raw.people, raw.roles, raw.ai_systems, raw.trainers, raw.topics, raw.clients]
    files += [src for rs in raw.sessions for src in (rs.session, rs.attendance)]
    return [src for src in files if src is not None]


# The leading quote marks, list markers and indentation a line needs before the Markdown parser's
# nesting limit can drop it: each column opens at most one level, and the limit is 20 levels.
_DEEP_PREFIX = re.compile(r"[ \t>*+\-0-9.)]{16,}")


def _programme_text(src: Source, diag: Diagnostics) -> None:
    """A programme prints as written: a ``<…>`` line left by ``preuve new session`` would print as
    it is, and what is nested deeper than the Markdown parser keeps would not print at all."""
    lines = src.body.splitlines()
    for offset, line in enumerate(lines):
        if PLACEHOLDER_RE.match(line.strip()):
            diag.error(src.path, src.body_line + offset, "programme",
                       f"'{line.strip()}' is a placeholder: write the programme here")
    if any(_DEEP_PREFIX.match(line.expandtabs(4)) for line in lines):
        from ..render.markdown import dropped_line  # Markdown is parsed here only for such a programme

        if (offset := dropped_line(src.body)) is not None:
            diag.error(src.path, src.body_line + offset, "programme",
                       "is nested more than 20 levels deep (a quote counts one level, a list inside a list two): "
                       "it would not print; nest it less")


def validate(raw: RawProject, diag: Diagnostics, when: RecordsDate,
             charset: Container[str] | None = None) -> Records | None:
    """The typed records, or ``None`` when any error was found (all of them are in ``diag``).

    ``when``: the records' date (``happened.py``). ``charset``: the characters the installed fonts
    can show (``preuve.fonts``), to warn of texts that would print as empty boxes (``None``: not checked)."""
    settings = check(Settings, raw.config.data, raw.config, (), diag) if raw.config else None
    provider = check(Provider, raw.provider.data, raw.provider, (), diag) if raw.provider else None
    people = _people(raw.people, diag)
    check_names(raw.people, people, charset, diag)
    check_texts(_record_files(raw), charset, diag)
    roles = _mapping_of(Role, raw.roles, diag, "role")
    systems = _mapping_of(AISystem, raw.ai_systems, diag, "AI system")
    trainers = _mapping_of(Trainer, raw.trainers, diag, "trainer")
    topics = _mapping_of(Topic, raw.topics, diag, "topic")
    clients = _mapping_of(Client, raw.clients, diag, "client")
    checker = _Checker(raw, diag, when)
    if provider is not None:  # its own checks run even when preuve.yml is invalid
        checker.settings_and_provider(settings, provider, people)
    checker.people(people, roles, systems)
    checker.topics(roles, systems, topics)
    checker.systems_without_topics(systems, people)
    check_clients(clients, raw.clients, settings.mode if settings else None, diag)
    records = {"people": people, "roles": roles, "ai_systems": systems, "trainers": trainers,
               "topics": topics, "provider": provider}
    sessions = []
    recorded: list = []  # (raw session, session, attendance) of each valid session with attendance
    made: list = []  # (session.md, its record) of each valid session
    for rs in raw.sessions:
        if rs.session is None:
            continue
        session = check(Session, rs.session.data, rs.session, (), diag)
        _programme_text(rs.session, diag)
        attendance = None
        if rs.attendance is not None:
            attendance = check(Attendance, rs.attendance.data, rs.attendance, (), diag)
        if session is None:
            continue
        checker.session(rs, session, attendance, records)
        if attendance is not None:
            recorded.append((rs, session, attendance))
        sessions.append(SessionRecord(
            id=rs.id, folder=rs.folder, source=rs.session.path,
            attendance_source=rs.attendance.path if rs.attendance else None,
            session=session, body=rs.session.body, body_line=rs.session.body_line,
            attendance=attendance, evidence=rs.evidence,
            records_day=when.day))
        made.append((rs.session, sessions[-1]))
    check_copied_names(raw, diag)
    topics_without_labels(raw, [(src, record.session) for src, record in made], diag)
    check_employers(settings.mode if settings else None, provider, clients, raw, people, recorded, diag)
    check_double_presence(recorded, diag)
    check_records_happened(recorded, when, diag)
    check_nothing_recorded(made, when, diag)
    if diag.errors or settings is None or provider is None:
        return None
    typed = Records(raw.root, settings, provider, people, roles, systems, trainers, topics,
                    tuple(sessions), tuple(raw.sources()), raw.layouts, dict(raw.assets),
                    clients if settings.mode == "provider" else {})
    return typed if fits_windows_paths(typed, [rs.attendance for rs, _, _ in recorded], diag) else None
