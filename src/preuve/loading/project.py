"""Read every file the contract names into :class:`RawProject`, with no interpretation yet.

Problems that stop a file from being read at all (missing, not YAML, not UTF-8) are recorded as
diagnostics and the file is left out; everything else is judged by the validate stage.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostics
from .csvfile import CsvError, parse_csv
from .discover import list_dirs, list_files
from .frontmatter import FrontMatterError, split_front_matter
from .located import LDict, LList, Source
from .yamlfile import YamlError, parse_yaml

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
        self.root = root
        self.diag = diagnostics

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def read_bytes(self, path: Path) -> bytes | None:
        try:
            return path.read_bytes()
        except OSError as exc:
            self.diag.error(self.rel(path), 0, "", f"cannot be read: {exc.strerror}")
            return None

    def text(self, path: Path, raw: bytes) -> str | None:
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            self.diag.error(self.rel(path), line, "", "is not UTF-8 text (save it as UTF-8)")
            return None

    def read_text(self, path: Path, missing: str | None) -> tuple[bytes, str] | None:
        """Bytes and UTF-8 text of ``path``; a missing file is an error only with a ``missing`` message."""
        if not path.is_file():
            if missing is not None:
                self.diag.error(self.rel(path), 0, "", missing)
            return None
        raw = self.read_bytes(path)
        text = None if raw is None else self.text(path, raw)
        return None if raw is None or text is None else (raw, text)

    def yaml(self, path: Path, required: bool = True, what: str = "") -> Source | None:
        read = self.read_text(path, f"missing: {what} is required" if required else None)
        if read is None:
            return None
        raw, text = read
        try:
            data = parse_yaml(text)
        except YamlError as exc:
            self.diag.error(self.rel(path), exc.line, "", exc.message)
            return None
        return Source(self.rel(path), LDict(line=1) if data is None else data, raw=raw)

    def csv(self, path: Path, list_columns: frozenset[str] = frozenset()) -> Source | None:
        raw = self.read_bytes(path)
        if raw is None:
            return None
        try:
            rows = parse_csv(raw, list_columns)
        except CsvError as exc:
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
        except (FrontMatterError, YamlError) as exc:
            self.diag.error(self.rel(path), exc.line, "", exc.message)
            return None
        return Source(self.rel(path), LDict(line=1) if data is None else data, body, body_line, raw)

    def one_of(self, yaml_path: Path, csv_path: Path, what: str,
               list_columns: frozenset[str] = frozenset()) -> Source | None:
        if yaml_path.is_file() and csv_path.is_file():
            self.diag.error(self.rel(csv_path), 0, "",
                            f"both {yaml_path.name} and {csv_path.name} exist: keep only one")
            return None
        if csv_path.is_file():
            return self.csv(csv_path, list_columns)
        return self.yaml(yaml_path, required=bool(what), what=what)


def attendance_from_csv(rows: LList) -> LDict:
    """Turn ``person;slot1..slotN;score;result`` rows into the attendance.yml structure."""
    participants = LList(line=1)
    for row in rows:
        slot_keys = sorted(
            (k for k in row if k.startswith("slot") and k[4:].isdigit()), key=lambda k: int(k[4:])
        )
        entry = LDict(line=row.line)
        for key in ("person",):
            if key in row:
                entry[key] = row[key]
                entry.key_lines[key] = row.line
        marks = [row[k] for k in slot_keys]
        if any(m is not None for m in marks):
            entry["slots"] = LList(marks, line=row.line, item_lines=[row.line] * len(marks))
            entry.key_lines["slots"] = row.line
        if row.get("score") is not None or row.get("result") is not None:
            assessment = LDict(line=row.line)
            for key in ("score", "result"):
                if row.get(key) is not None:
                    assessment[key] = row[key]
                    assessment.key_lines[key] = row.line
            entry["assessment"] = assessment
            entry.key_lines["assessment"] = row.line
        unknown = [k for k in row if k not in ("person", "score", "result") and k not in slot_keys]
        for key in unknown:
            entry[key] = row[key]
            entry.key_lines[key] = row.line
        participants.append(entry)
        participants.item_lines.append(row.line)
    return LDict({"participants": participants}, line=1, key_lines={"participants": 1})


def load_project(root: Path, diagnostics: Diagnostics) -> RawProject:
    root = root.resolve()
    reader = _Reader(root, diagnostics)
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

    assets = {}
    if provider is not None and isinstance(provider.data, LDict):
        for key in ("logo", "signature_image"):
            value = provider.data.get(key)
            if isinstance(value, str) and value.strip():
                path = (data / value.strip()).resolve()
                # Only files inside data/ are read; validation reports anything else.
                if path.is_relative_to(data.resolve()) and path.is_file():
                    raw = reader.read_bytes(path)
                    if raw is not None:
                        assets[key] = file_ref(reader.rel(path), raw)

    sessions = []
    for folder in list_dirs(root / SESSIONS_DIR):
        session = reader.markdown(folder / "session.md")
        attendance_csv = folder / "attendance.csv"
        attendance = reader.one_of(folder / "attendance.yml", attendance_csv, "")
        if attendance is not None and attendance.path.endswith(".csv"):
            attendance = Source(attendance.path, attendance_from_csv(attendance.data), raw=attendance.raw)
        evidence = []
        for path in list_files(folder / "evidence"):
            raw = reader.read_bytes(path)
            if raw is not None:
                evidence.append(file_ref(reader.rel(path), raw))
        sessions.append(RawSession(folder.name, reader.rel(folder), session, attendance, tuple(evidence)))

    layouts = []
    for path in list_files(root / "layouts"):
        raw = reader.read_bytes(path)
        if raw is not None:
            layouts.append(file_ref(reader.rel(path), raw))

    return RawProject(root, config, provider, people, roles, ai_systems, trainers, topics,
                      tuple(sessions), tuple(layouts), assets, clients)
