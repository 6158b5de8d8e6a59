"""Read every file the contract names into :class:`RawProject`, with no interpretation yet.

Problems that stop a file from being read at all (missing, not YAML, not UTF-8) are recorded as
diagnostics and the file is left out; everything else is judged by the validate stage.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..boundary import Boundary, Refused, TooLarge
from ..diagnostics import Diagnostics
from .csvfile import parse_csv
from .frontmatter import split_front_matter
from .images import MAX_IMAGE_BYTES, image_problem
from .lfs import LFS_POINTER, is_lfs_pointer
from .located import LDict, LList, LoadError, Source
from .text import MAX_RECORD_BYTES, refused_character
from .wording import LOCALES, check_override
from .yamlfile import parse_yaml

SESSIONS_DIR = "content/sessions"


@dataclass(frozen=True, slots=True)
class FileRef:
    """A file kept as evidence or used as an asset: path relative to the project, and its hash."""

    path: str
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class RawSession:
    id: str
    folder: str
    session: Source | None
    attendance: Source | None
    evidence: tuple[FileRef, ...]


@dataclass(frozen=True, slots=True)
class RawProject:
    root: Path
    config: Source | None
    provider: Source | None
    people: Source | None
    roles: Source | None
    ai_systems: Source | None
    trainers: Source | None
    topics: Source | None
    sessions: tuple[RawSession, ...]
    layouts: tuple[FileRef, ...]
    assets: dict[str, FileRef] = field(default_factory=dict)
    clients: Source | None = None  # data/clients.yml, optional (mode provider)
    # Why an asset file that was read is not used (validation names its field): not an image...
    asset_problems: dict[str, str] = field(default_factory=dict)

    def sources(self) -> list[FileRef]:
        """Every record file read, as hashed references, sorted by path (for the manifest)."""
        refs: dict[str, FileRef] = {}
        for src in (self.config, self.provider, self.people, self.roles, self.ai_systems,
                    self.trainers, self.topics, self.clients):
            if src is not None:
                refs[src.path] = file_ref(src.path, src.raw)
        for session in self.sessions:
            for src in (session.session, session.attendance):
                if src is not None:
                    refs[src.path] = file_ref(src.path, src.raw)
            for ev in session.evidence:
                refs[ev.path] = ev
        for ref in (*self.layouts, *self.assets.values()):
            refs[ref.path] = ref
        return [refs[k] for k in sorted(refs)]


def file_ref(rel: str, raw: bytes) -> FileRef:
    return FileRef(rel, hashlib.sha256(raw).hexdigest(), len(raw))


class _Reader:
    def __init__(self, root: Path, diagnostics: Diagnostics):
        self.boundary = Boundary(root)
        self.root = self.boundary.root
        self.diag = diagnostics
        self.refused: list[Refused] = []  # links out found while listing folders

    def rel(self, path: Path) -> str:
        return self.boundary.rel(path)

    def report_refused(self) -> None:
        for exc in self.refused:
            self.diag.error(exc.rel, 0, "", exc.message)
        self.refused.clear()

    def read_bytes(self, path: Path, limit: int | None = None, what: str = "a file") -> bytes | None:
        try:
            return self.boundary.read(path, limit, what)
        except Refused as exc:
            self.diag.error(exc.rel, 0, "", exc.message)
            return None

    def text(self, path: Path, raw: bytes) -> str | None:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            self.diag.error(self.rel(path), line, "", "is not UTF-8 text (save it as UTF-8)")
            return None
        return text if self.plain(path, text) else None

    def plain(self, path: Path, text: str) -> bool:
        """No control character (a NUL byte, an escape...): a record holding one is damaged; no
        character that reorders text (docs/security.md)."""
        found = refused_character(text)
        if found is not None:
            self.diag.error(self.rel(path), found[0], "", found[1])
        return found is None

    def read_text(self, path: Path, missing: str | None) -> tuple[bytes, str] | None:
        """Bytes and UTF-8 text of ``path``; a missing file is an error only with a ``missing`` message."""
        try:
            self.boundary.resolve(path)  # a folder on the way may lead out: name it, not "missing"
        except Refused as exc:
            self.diag.error(exc.rel, 0, "", exc.message)
            return None
        if not self.boundary.lexists(path):
            if missing is not None:
                self.diag.error(self.rel(path), 0, "", missing)
            return None
        raw = self.read_bytes(path, MAX_RECORD_BYTES, "a text file")
        if raw is not None and self.lfs_pointer(path, raw):
            return None
        text = None if raw is None else self.text(path, raw)
        return None if raw is None or text is None else (raw, text)

    def yaml(self, path: Path, required: bool = True, what: str = "") -> Source | None:
        read = self.read_text(path, f"missing: {what} is required" if required else None)
        if read is None:
            return None
        raw, text = read
        try:
            data = parse_yaml(text)
        except LoadError as exc:
            self.diag.error(self.rel(path), exc.line, "", exc.message)
            return None
        return Source(self.rel(path), LDict(line=1) if data is None else data, raw=raw)

    def csv(self, path: Path, list_columns: frozenset[str] = frozenset()) -> Source | None:
        raw = self.read_bytes(path, MAX_RECORD_BYTES, "a CSV file")
        if raw is None or self.lfs_pointer(path, raw):
            return None
        try:
            rows = parse_csv(raw, list_columns)
        except LoadError as exc:
            self.diag.error(self.rel(path), exc.line, "", exc.message)
            return None
        return Source(self.rel(path), rows, raw=raw)

    def markdown(self, path: Path) -> Source | None:
        read = self.read_text(path, "missing: every session folder needs a session.md")
        if read is None:
            return None
        raw, text = read
        try:
            front, body, body_line = split_front_matter(text)
            data = parse_yaml(front, line_offset=1)
        except LoadError as exc:
            self.diag.error(self.rel(path), exc.line, "", exc.message)
            return None
        return Source(self.rel(path), LDict(line=1) if data is None else data, body, body_line, raw)

    def one_of(self, yaml_path: Path, csv_path: Path, what: str,
               list_columns: frozenset[str] = frozenset()) -> Source | None:
        if self.boundary.lexists(yaml_path) and self.boundary.lexists(csv_path):
            self.diag.error(self.rel(csv_path), 0, "",
                            f"both {yaml_path.name} and {csv_path.name} exist: keep only one")
            return None
        if self.boundary.lexists(csv_path):
            return self.csv(csv_path, list_columns)
        return self.yaml(yaml_path, required=bool(what), what=what)

    def files(self, folder: Path) -> list[FileRef]:
        """Every file below ``folder``, read and hashed (links out of the repository refused)."""
        refs = []
        for path in self.boundary.files(folder, self.refused):
            raw = self.read_bytes(path)
            if raw is not None:
                self.lfs_pointer(path, raw)  # kept: evidence: names it, and the error stops the build
                refs.append(file_ref(self.rel(path), raw))
        return refs

    def lfs_pointer(self, path: Path, raw: bytes) -> bool:
        """Whether ``raw`` is a Git LFS pointer instead of the file (said as an error)."""
        if is_lfs_pointer(raw):
            self.diag.error(self.rel(path), 0, "", LFS_POINTER)
            return True
        return False

    def asset(self, data: Path, value: str) -> FileRef | str | None:
        """The image named in data/provider.yml, relative to data/, or why WeasyPrint would not
        draw it; validation reports a bad name, and the problem at the field's line."""
        rel = posixpath.normpath(value.strip())
        if rel.startswith(("/", "../")) or rel in (".", "..") or not self.boundary.lexists(data / rel):
            return None
        if (data / rel).is_dir():  # validation names the field: no second message for the folder
            return None
        try:
            raw = self.boundary.read(data / rel, MAX_IMAGE_BYTES, "an image")
        except TooLarge as exc:  # said at the field, as any other reason not to draw it
            return exc.message
        except Refused as exc:
            self.diag.error(exc.rel, 0, "", exc.message)
            return None
        if is_lfs_pointer(raw):
            return LFS_POINTER
        return image_problem(raw) or file_ref(self.rel(data / rel), raw)

    def layouts(self) -> list[FileRef]:
        """The project's layout overrides; its wording files are checked as they will be used."""
        refs = self.files(self.root / "layouts")
        for locale in LOCALES:
            path = self.root / "layouts" / "i18n" / f"{locale}.yml"
            if self.boundary.lexists(path):  # a folder of that name is refused, not skipped
                read = self.read_text(path, None)
                if read is not None:
                    check_override(self.rel(path), read[1], locale, self.diag)
        return refs


_SLOT_COLUMN_RE = re.compile(r"slot[0-9]{1,3}")  # ASCII digits: str.isdigit() accepts '²'
_DECIMAL_COMMA_RE = re.compile(r"\s*[0-9]+,[0-9]+\s*")  # 12,5: a score as a French spreadsheet writes it


def _slot_number(column: str) -> int | None:
    """N for a column ``slotN``, and for one plainly meant as it (``Slot1``, ``slot 1``,
    ``SLOT_1``), which :func:`slot_column_errors` refuses by name; ``None`` for any other."""
    name = re.sub(r"[\s_\-]", "", column.lower())
    return int(name[4:]) if _SLOT_COLUMN_RE.fullmatch(name) else None


def slot_column_errors(rows: LList) -> list[tuple[str, str]]:
    """``(column, message)`` for each slot column not named ``slotN`` exactly, else for each that
    is not one of slot1..slotN: a column holds the marks of the slot its number names, so a gap
    would shift every later slot's marks."""
    columns = list(dict.fromkeys(k for row in rows for k in row if _slot_number(k) is not None))
    misnamed = [(column, f"is not named as a slot column, whose marks are read: name it slot{_slot_number(column)} "
                         "(slot1, slot2…: lowercase, no space)")
                for column in columns if not _SLOT_COLUMN_RE.fullmatch(column)]
    if misnamed:
        return misnamed
    count, seen, errors = len(columns), set(), []
    missing = [n for n in range(1, count + 1) if n not in {int(c[4:]) for c in columns}]
    for column in columns:
        number = int(column[4:])
        if missing and (number not in range(1, count + 1) or number in seen):
            errors.append((column, f"slot columns are slot1 to slot{count}, one per slot of the schedule, in its "
                                   f"order: slot{missing[0]} is missing"))
        seen.add(number)
    return errors


# Columns of attendance.csv read as they are, besides the slots and the assessment.
_PARTICIPANT_COLUMNS = ("person", "employer", "status")
_FUNDING_COLUMNS = ("opco", "agreement")
_READ_COLUMNS = (*_PARTICIPANT_COLUMNS, *_FUNDING_COLUMNS, "funding", "score", "result")


def column_case_errors(rows: LList) -> list[tuple[str, str]]:
    """``(column, message)`` for each column named as one preuve reads but in other case or with
    spaces (``OPCO``, ``Agreement``, ``Score``): read as an unknown column, its cells were ignored
    with a warning, and documents stated the session's funder or people.yml's employer instead."""
    columns = dict.fromkeys(k for row in rows for k in row)
    return [(column, f"is not read as the column {name}: name it {name} (lowercase, no space), or its cells "
                     "are ignored")
            for column in columns if (name := _miscased(column))]


def _miscased(column: str) -> str | None:
    """The column ``column`` is plainly meant as when it differs from it by case or spacing."""
    name = re.sub(r"[\s_\-]", "", column.lower())
    return name if name in _READ_COLUMNS and name != column else None


def funding_cell_errors(rows: LList) -> list[tuple[int, str, str]]:
    """``(line, column, message)`` for a row that says both that nobody funds the trainee
    (``funding`` false) and who does (``opco``, ``agreement``): a row states one or the other."""
    return [(row.line, "funding", f"false says nobody funds this trainee, yet the row gives {' and '.join(given)}: "
                                  "empty the funding cell, or the funder's")
            for row in rows if _not_funded(row.get("funding"))
            and (given := [column for column in _FUNDING_COLUMNS if row.get(column) is not None])]


def _not_funded(cell: object) -> bool:
    return isinstance(cell, str) and cell.strip().lower() == "false"


def _funding_entry(row: LDict) -> object:
    """A row's own funding, as attendance.yml writes it: ``false`` in the ``funding`` column (any
    other text is left for the model to refuse), else ``opco`` and ``agreement`` (a missing one is
    then reported), else nothing: the session's funding."""
    if row.get("funding") is not None:
        return False if _not_funded(row["funding"]) else row["funding"]
    given = {column: row[column] for column in _FUNDING_COLUMNS if row.get(column) is not None}
    return LDict(given, line=row.line, key_lines=dict.fromkeys(given, row.line)) if given else None


def attendance_from_csv(rows: LList) -> LDict:
    """Turn ``person;slot1..slotN;score;result[;employer][;status][;opco;agreement][;funding]`` rows
    into the attendance.yml structure."""
    participants = LList(line=1)
    for row in rows:
        slot_keys = sorted((k for k in row if _slot_number(k) is not None), key=_slot_number)
        entry = LDict(line=row.line)
        for key in _PARTICIPANT_COLUMNS:
            if key in row:
                entry[key] = row[key]
                entry.key_lines[key] = row.line
        if (funding := _funding_entry(row)) is not None:
            entry["funding"] = funding
            entry.key_lines["funding"] = row.line
        marks = [row[k] for k in slot_keys]
        if any(m is not None for m in marks):
            entry["slots"] = LList(marks, line=row.line, item_lines=[row.line] * len(marks))
            entry.key_lines["slots"] = row.line
        if row.get("score") is not None or row.get("result") is not None:
            assessment = LDict(line=row.line)
            for key in ("score", "result"):
                if row.get(key) is not None:
                    value = row[key]
                    if key == "score" and isinstance(value, str) and _DECIMAL_COMMA_RE.fullmatch(value):
                        value = value.replace(",", ".")
                    assessment[key] = value
                    assessment.key_lines[key] = row.line
            entry["assessment"] = assessment
            entry.key_lines["assessment"] = row.line
        unknown = [k for k in row if k not in _READ_COLUMNS and k not in slot_keys and not _miscased(k)]
        for key in unknown:
            entry[key] = row[key]
            entry.key_lines[key] = row.line
        participants.append(entry)
        participants.item_lines.append(row.line)
    return LDict({"participants": participants}, line=1, key_lines={"participants": 1})


def load_project(root: Path, diagnostics: Diagnostics) -> RawProject:
    """Every record file under ``root``; nothing outside it is read (docs/security.md)."""
    reader = _Reader(root, diagnostics)
    root = reader.root
    data = root / "data"
    config = reader.yaml(root / "preuve.yml", what="preuve.yml (project settings)")
    provider = reader.yaml(data / "provider.yml", what="data/provider.yml (who delivers the training)")
    people = reader.one_of(data / "people.yml", data / "people.csv",
                           "data/people.yml or data/people.csv", frozenset({"ai_systems"}))
    roles = reader.yaml(data / "roles.yml", what="data/roles.yml")
    ai_systems = reader.yaml(data / "ai-systems.yml", required=False)
    trainers = reader.yaml(data / "trainers.yml", what="data/trainers.yml")
    topics = reader.yaml(data / "topics.yml", required=False)
    clients = reader.yaml(data / "clients.yml", required=False)

    assets, asset_problems = {}, {}
    if provider is not None and isinstance(provider.data, LDict):
        for key in ("logo", "signature_image"):
            value = provider.data.get(key)
            ref = reader.asset(data, value) if isinstance(value, str) and value.strip() else None
            if isinstance(ref, FileRef):
                assets[key] = ref
            elif ref is not None:
                asset_problems[key] = ref

    for hidden in reader.boundary.ignored_dirs(root / SESSIONS_DIR):
        if (hidden / "session.md").is_file():  # a session someone may believe is built
            reader.diag.warning(reader.rel(hidden), 0, "", "holds a session.md but is not read: hidden folders "
                                "and editor leftovers are skipped; rename it for its session to be built")
    sessions = []
    for folder in reader.boundary.dirs(root / SESSIONS_DIR, reader.refused):
        session = reader.markdown(folder / "session.md")
        attendance_csv = folder / "attendance.csv"
        attendance = reader.one_of(folder / "attendance.yml", attendance_csv, "")
        if attendance is not None and attendance.path.endswith(".csv"):
            for column, message in (*slot_column_errors(attendance.data), *column_case_errors(attendance.data)):
                reader.diag.error(attendance.path, 1, column, message)
            for line, column, message in funding_cell_errors(attendance.data):
                reader.diag.error(attendance.path, line, column, message)
            attendance = Source(attendance.path, attendance_from_csv(attendance.data), raw=attendance.raw)
        evidence = reader.files(folder / "evidence")
        sessions.append(RawSession(folder.name, reader.rel(folder), session, attendance, tuple(evidence)))

    layouts = reader.layouts()
    reader.report_refused()
    return RawProject(root, config, provider, people, roles, ai_systems, trainers, topics,
                      tuple(sessions), tuple(layouts), assets, clients, asset_problems)
