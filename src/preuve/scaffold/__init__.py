"""``preuve init`` and ``preuve new session``: records that a team fills instead of a blank page.

``init`` writes a complete records repository that passes ``preuve check --strict`` and builds at
once: settings, ``data/`` files with example values to replace, one planned session, and what a
team needs around the records (``.gitignore``, a ``Makefile`` installing the pinned preuve, the
GitHub Actions workflow calling preuve's reusable workflow, a pre-commit hook, a README, the JSON
Schemas editors complete with). It never overwrites a file: in a team's existing repository,
preuve's ``Makefile``, README and workflow go beside the team's own (:mod:`.adoption`); in a folder
of a larger git repository, the workflow and the pre-commit configuration go to its top, where
GitHub and pre-commit read them (:mod:`.folder`). ``new session`` writes a session to
fill: its ``<…>`` placeholders are refused by ``check`` until they are replaced.

The files are Jinja templates under ``files/`` with ``[[ … ]]`` and ``[% … %]`` delimiters, so
that GitHub's ``${{ … }}`` expressions and YAML need no escaping.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .. import SOURCE_REPOSITORY, __version__
from ..boundary import Boundary, Refused
from ..loading.frontmatter import split_front_matter
from ..loading.located import LoadError
from ..loading.yamlfile import parse_yaml
from ..provenance import run_git
from ..schemas import write_schemas
from ..values import SLUG_RE, reserved_id_problem
from .adoption import WORKFLOW, adoption_lines, beside, template_values, venv_of
from .folder import Folder, folder_lines, records_folder

FILES = Path(__file__).resolve().parent / "files"
SCHEMA_DIR = ".preuve/schemas"
SESSIONS = "content/sessions"
EXAMPLE_SESSION_SUFFIX = {"fr": "ia-generative-fondamentaux", "en": "genai-basics"}
EXAMPLE_NAME = {("fr", "in-house"): "Votre Entreprise SAS", ("fr", "provider"): "Votre Organisme de Formation SARL",
                ("en", "in-house"): "Your Company Ltd", ("en", "provider"): "Your Training Provider Ltd"}
DATE_PLACEHOLDER = {"fr": "<AAAA-MM-JJ>", "en": "<YYYY-MM-DD>"}

# Template → where init writes it; the same list for both locales and modes.
INIT_FILES = {
    "common/gitignore": ".gitignore",
    "common/gitattributes": ".gitattributes",
    "common/Makefile": "Makefile",
    "common/evidence.yml": ".github/workflows/evidence.yml",
    "common/pre-commit-config.yaml": ".pre-commit-config.yaml",
    "{locale}/README.md": "README.md",
    "{locale}/preuve.yml": "preuve.yml",
    "{locale}/provider.yml": "data/provider.yml",
    "{locale}/people.yml": "data/people.yml",
    "{locale}/roles.yml": "data/roles.yml",
    "{locale}/ai-systems.yml": "data/ai-systems.yml",
    "{locale}/trainers.yml": "data/trainers.yml",
    "{locale}/topics.yml": "data/topics.yml",
    "{locale}/session.md": "{session}/session.md",
    "{locale}/attendance.yml": "{session}/attendance.yml",
}


def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(FILES), undefined=StrictUndefined, autoescape=False,
                       keep_trailing_newline=True, variable_start_string="[[", variable_end_string="]]",
                       block_start_string="[%", block_end_string="%]", comment_start_string="[#",
                       comment_end_string="#]")


def example_day(today: date) -> date:
    """The example session's day: a Tuesday about a month ahead, so it stays a planned session
    (a blank sheet to sign) for the team's first weeks."""
    day = today + timedelta(days=30)
    return day + timedelta(days=(1 - day.weekday()) % 7)


RECORDS = ("preuve.yml", "data/", SESSIONS)


@dataclass(frozen=True)
class Scaffolded:
    """What ``init`` did: files written and kept, where preuve's version of a team's own
    ``Makefile``, ``README.md`` or workflow went instead (:mod:`.adoption`), and the git repository
    the records are a folder of, if they are (:mod:`.folder`)."""

    written: list[str]
    kept: list[str]
    placed: dict[str, str]
    locale: str
    folder: Folder | None = None


def init_repository(root: Path, mode: str, locale: str, today: date | None = None) -> Scaffolded:
    """Write the records repository at ``root``; never overwrites a file.

    In a folder that already holds records (a ``preuve.yml``), only what surrounds them is added:
    example people or sessions would mix with the team's own. A team's own ``Makefile``,
    ``README.md`` or workflow stays, and preuve's is written beside it (:func:`adoption.beside`).
    In a folder of a larger git repository, the workflow and the pre-commit configuration are
    written at its top (:meth:`folder.Folder.targets`)."""
    existing_records = (root / "preuve.yml").is_file()
    day = example_day(today or date.today())
    session = f"{SESSIONS}/{day:%Y-%m}-{EXAMPLE_SESSION_SUFFIX[locale]}"
    folder = records_folder(root)
    placed = beside(root)
    values = {"mode": mode, "locale": locale, "version": __version__, "repository": SOURCE_REPOSITORY,
              "legal_name": EXAMPLE_NAME[(locale, mode)], "day": day.isoformat()}
    if folder is None:
        at_top: dict[str, str] = {}
        values.update(template_values(placed))
    else:
        placed.pop(WORKFLOW, None)  # a workflow in the records folder is never run: none is written there
        at_top = folder.targets(root)
        values.update(template_values(placed), **folder.template_values(root, placed.get("Makefile", "Makefile")))
    env = _environment()
    written, kept = [], []
    for template, target in INIT_FILES.items():
        rel = target.format(session=session)
        if existing_records and rel.startswith(RECORDS):
            if (root / rel).exists():
                kept.append(rel)
            continue
        text = env.get_template(template.format(locale=locale)).render(values)
        if rel in at_top:
            rel = at_top[rel]
        elif rel in placed:
            kept.append(rel)
            rel = placed[rel]
        (written if _write_new(root / rel, text) else kept).append(rel)
    schemas = root / SCHEMA_DIR
    if schemas.exists():
        kept.append(SCHEMA_DIR + "/")
    else:
        write_schemas(schemas, locale)
        written.append(SCHEMA_DIR + "/")
    return Scaffolded(written, kept, placed, locale, folder)


def next_steps(root: Path, shown: str, done: Scaffolded) -> list[str]:
    """What ``init`` says after writing at ``root`` (named ``shown`` as the user typed it): what it
    kept of the team's and wrote instead, with the line to add (:func:`adoption.adoption_lines`),
    what it wrote at the top of the git repository the records are a folder of (:func:`folder.folder_lines`),
    the commands to run next (no ``git init`` inside a repository already), and a warning when a
    ``.gitignore`` the team kept would let the built versions be committed with the records."""
    inside_git = run_git(root, "rev-parse", "--is-inside-work-tree") == "true"
    steps = ([] if shown in (".", "") else [f"cd {shlex.quote(_not_an_option(shown))}"]) + ([] if inside_git else ["git init"])
    guide = done.placed.get("README.md", "README.md")
    lines = adoption_lines(root, done.placed, done.kept, done.locale)
    if done.folder is not None:
        lines += folder_lines(done.folder, root, done.kept)
    lines = [*lines,
             "Next: " + " && ".join([*steps, "preuve check", "preuve build"]) + f" (see {guide} there)"]
    why = {"output": "the built versions are made from the records, not records to commit",
           venv_of(done.placed): "make installs preuve there"}
    for folder, reason in why.items():
        if not _ignored(root, folder, inside_git):
            lines.append(f"warning: .gitignore does not ignore {folder}/: add a line {folder}/ to it ({reason})")
    return lines


def _not_an_option(path: str) -> str:
    """``path`` as a command's argument: ``cd -dash`` reads an option, ``cd ./-dash`` the folder."""
    return f"./{path}" if path.startswith("-") else path


def _ignored(root: Path, folder: str, inside_git: bool) -> bool:
    if inside_git:
        return run_git(root, "check-ignore", "-q", "--no-index", f"{folder}/") is not None
    names = (folder, f"{folder}/", f"/{folder}", f"/{folder}/")
    return any(line.strip() in names for line in _read_lines(root / ".gitignore"))


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []


def _write_new(path: Path, text: str) -> bool:
    """Write ``path`` unless it exists (a team's own file is never overwritten)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        return False
    return True


MODES = ("in-house", "provider")


def init_settings(directory: Path, mode: str | None, locale: str | None) -> tuple[str, str]:
    """The mode and locale ``init`` writes for: those given, else those of a ``preuve.yml`` already
    in ``directory`` (``fr`` by default); raises ``ValueError`` when they differ from it, or when no
    mode is known."""
    found = recorded_settings(directory.resolve())
    for name, given in (("mode", mode), ("locale", locale)):
        if given is not None and found.get(name, given) != given:
            raise ValueError(f"{directory / 'preuve.yml'} gives {name}: {found[name]}, not {given}: init writes the "
                             f"files around those records for theirs; leave --{name} out")
    if (mode := mode or found.get("mode")) is None:
        raise ValueError("Missing option '--mode': in-house (a company training its own staff) or provider "
                         "(a training provider)")
    return mode, locale or found.get("locale", "fr")


def recorded_settings(root: Path) -> dict[str, str]:
    """The ``mode`` and ``locale`` that a ``preuve.yml`` already at ``root`` gives (those it gives
    validly): ``init`` there writes the files around those records, for their mode and language."""
    from ..loading.located import LoadError
    from ..loading.wording import LOCALES

    try:
        settings = parse_yaml((root / "preuve.yml").read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, LoadError):
        return {}
    if not isinstance(settings, dict):
        return {}
    return {name: settings[name] for name, allowed in (("mode", MODES), ("locale", LOCALES))
            if settings.get(name) in allowed}


def new_session(root: Path, session_id: str, like: str | None, locale: str | None = None) -> list[str]:
    """Create ``content/sessions/<session_id>/`` to fill; raises ``ValueError`` on a bad id."""
    from ..schemas import project_locale

    locale = locale or project_locale(root)
    if not SLUG_RE.match(session_id):
        raise ValueError(f"'{session_id}' is not a valid session id: use lowercase letters, digits, '-' and '_' "
                         "(it names the folder and the documents' paths)")
    if problem := reserved_id_problem(session_id):
        raise ValueError(problem)
    folder = root / SESSIONS / session_id
    if folder.exists():
        raise ValueError(f"{SESSIONS}/{session_id} already exists")
    env = _environment()
    if like is None:
        session_text = env.get_template(f"{locale}/new-session.md").render()
    else:
        session_text = _like(root, like, locale)
    attendance_text = env.get_template(f"{locale}/new-attendance.yml").render()
    rel = f"{SESSIONS}/{session_id}"
    _write_new(folder / "session.md", session_text)
    _write_new(folder / "attendance.yml", attendance_text)
    if not (root / SCHEMA_DIR).exists():
        write_schemas(root / SCHEMA_DIR, locale)
    return [f"{rel}/session.md", f"{rel}/attendance.yml"]


def _like(root: Path, other: str, locale: str) -> str:
    """``other``'s session.md with its dates (and date of issue) left to fill; the rest kept."""
    source = root / SESSIONS / other / "session.md"
    if not SLUG_RE.match(other) or not source.is_file():
        raise ValueError(f"no session '{other}' to copy (looked for {SESSIONS}/{other}/session.md)")
    facts, body = _read_model(Boundary(root), source, f"{SESSIONS}/{other}/session.md")
    facts.pop("issued_on", None)
    schedule = facts.get("schedule")
    for slot in schedule if isinstance(schedule, list) else []:  # any other shape: check will say
        if isinstance(slot, dict):
            slot["date"] = DATE_PLACEHOLDER[locale]
    header = (f"# yaml-language-server: $schema=../../../{SCHEMA_DIR}/session.schema.json\n"
              + {"fr": f"# Reprise de {other} : remplacez les dates <…> ; `preuve check` les refuse tant qu'il en reste.\n",
                 "en": f"# Copied from {other}: replace the <…> dates; `preuve check` refuses them while any is left.\n"}[locale])
    return f"---\n{header}{yaml.dump(facts, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)}---\n{body}"


def _read_model(boundary: Boundary, source: Path, rel: str) -> tuple[dict[str, Any], str]:
    """The front matter (plain values) and body of the session to copy; ``ValueError`` saying what
    ``check`` would say, at the same ``path:line``, when it cannot be read."""
    try:
        raw = boundary.read(source, what="a text file")
    except Refused as exc:  # a link out of the repository: never read
        raise ValueError(str(exc)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ValueError(f"{rel}:{line}: is not UTF-8 text (save it as UTF-8)") from None
    try:
        front, body, _ = split_front_matter(text)
        facts = parse_yaml(front, line_offset=1)
    except LoadError as exc:
        raise ValueError(f"{rel}:{exc.line}: {exc.message}") from None
    if facts is not None and not isinstance(facts, dict):
        got = "a list" if isinstance(facts, list) else f"'{facts}'"
        raise ValueError(f"{rel}:2: expected a mapping of fields (key: value), got {got}")
    return _plain(facts or {}), body


def _plain(value: Any) -> Any:
    """Located mappings and lists as plain ones, for the YAML writer."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class _Dumper(yaml.SafeDumper):
    """Text holding a colon (times such as ``"09:00"``, titles) written in double quotes."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    quoted = SLUG_RE.match(value) is None and ":" in value
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"' if quoted else None)


_Dumper.add_representer(str, _str)
