"""JSON Schemas of the record files, generated from the models, shipped in the package.

Editors (the YAML language server behind VS Code's YAML extension, JetBrains IDEs) complete and
validate a record file from the ``# yaml-language-server: $schema=…`` line that ``preuve init``
and ``preuve new`` write at its top. The schemas say what the models accept, with each field's
meaning in the project's language (``descriptions.yml``); ``preuve check`` stays the judge, as
it also checks what a schema cannot (references between files, dates against the schedule…).

The shipped files under ``fr/`` and ``en/`` are regenerated with ``python -m preuve.schemas``;
a test keeps them equal to what the models give.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from ..model import AISystem, Attendance, Client, Person, Provider, Role, Session, Settings, Topic, Trainer
from ..values import Slug

SCHEMAS = Path(__file__).resolve().parent
DRAFT = "https://json-schema.org/draft/2020-12/schema"

# Schema file → (the type of the record file, the record file it describes).
RECORD_FILES: dict[str, tuple[Any, str]] = {
    "preuve.schema.json": (Settings, "preuve.yml"),
    "provider.schema.json": (Provider, "data/provider.yml"),
    "people.schema.json": (list[Person], "data/people.yml"),
    "roles.schema.json": (dict[Slug, Role], "data/roles.yml"),
    "ai-systems.schema.json": (dict[Slug, AISystem], "data/ai-systems.yml"),
    "trainers.schema.json": (dict[Slug, Trainer], "data/trainers.yml"),
    "topics.schema.json": (dict[Slug, Topic], "data/topics.yml"),
    "clients.schema.json": (dict[Slug, Client], "data/clients.yml"),
    "session.schema.json": (Session, "content/sessions/<id>/session.md (front matter)"),
    "attendance.schema.json": (Attendance, "content/sessions/<id>/attendance.yml"),
}
LOCALES = ("fr", "en")


@cache
def descriptions() -> dict[str, dict[str, dict[str, str]]]:
    from ..loading.yamlfile import parse_yaml

    return parse_yaml((SCHEMAS / "descriptions.yml").read_text(encoding="utf-8"))


def generate(name: str, locale: str) -> dict[str, Any]:
    """The schema ``name`` as the models define it, described in ``locale``."""
    kind, record_file = RECORD_FILES[name]
    schema = TypeAdapter(kind).json_schema()
    text = descriptions()
    for definition in [schema, *schema.get("$defs", {}).values(), *_items(schema)]:
        _describe(definition, text, locale)
    if "patternProperties" in schema:  # a mapping from ids: a key that is not an id is refused
        schema["additionalProperties"] = False
    top = {"$schema": DRAFT, "title": record_file}
    return {**top, **{k: v for k, v in schema.items() if k != "title"}}


def _items(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Inline object schemas of a list or mapping whose items are not in ``$defs``."""
    inner = [schema.get("items"), schema.get("additionalProperties")]
    return [s for s in inner if isinstance(s, dict) and "properties" in s]


def _describe(definition: dict[str, Any], text: dict[str, dict[str, dict[str, str]]], locale: str) -> None:
    """Field meanings from ``descriptions.yml``; unknown keys refused, as ``check`` warns of them."""
    model = definition.get("title")
    if "properties" not in definition or model not in text:
        return
    fields = text[model]
    definition["description"] = fields["_"][locale]
    definition["additionalProperties"] = False
    for field, prop in definition["properties"].items():
        prop.pop("title", None)
        prop["description"] = fields[field][locale]


def shipped(locale: str) -> dict[str, Path]:
    return {name: SCHEMAS / locale / name for name in RECORD_FILES}


def write_schemas(directory: Path, locale: str) -> list[Path]:
    """Copy the shipped schemas of ``locale`` into ``directory`` (created if needed)."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, source in shipped(locale).items():
        target = directory / name
        target.write_bytes(source.read_bytes())
        written.append(target)
    return written


def dumps(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def project_locale(root: Path | None) -> str:
    """The ``locale`` of the records repository at ``root``; ``fr`` when there is none."""
    from ..loading.located import LoadError
    from ..loading.yamlfile import parse_yaml

    if root is None:
        return "fr"
    try:
        settings = parse_yaml((root / "preuve.yml").read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, LoadError):
        return "fr"
    locale = settings.get("locale") if isinstance(settings, dict) else None
    return locale if locale in LOCALES else "fr"
