"""Wording files (``layouts/i18n/<locale>.yml``): read like every record, filled by a safe formatter.

A project overrides built-in wording key by key. Its files are records like any other (anyone
who can open a pull request can change them), so they are read with preuve's own YAML loader and
its limits, and a wording's fields are only simple names: ``{name}``. ``str.format`` would also
accept ``{name.__class__}`` or ``{name[0]}`` and print Python's internals into every certificate;
such fields are refused when the file is read, with their line. ``{{`` and ``}}`` write a brace.
An override may use only the fields the built-in wording of the same key is given
(docs/security.md).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostics, shorten
from .located import LDict, LoadError
from .yamlfile import parse_yaml

BUILTIN_I18N = Path(__file__).resolve().parent.parent / "layouts" / "i18n"
LOCALES = ("fr", "en")

_TOKEN_RE = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}|[{}]")


class WordingError(ValueError):
    def __init__(self, line: int, key: str, message: str):
        super().__init__(message)
        self.line = line
        self.key = key
        self.message = message


def fields(text: str) -> set[str]:
    """The field names of ``text``; :class:`ValueError` for any other use of braces."""
    names = set()
    for match in _TOKEN_RE.finditer(text):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        if match.group(1) is None:
            at = text[match.start():match.start() + 30]
            raise ValueError(f"'{shorten(at, 30)}': a field is a simple name in braces, like {{name}} "
                             "(write {{ or }} for a brace)")
        names.add(match.group(1))
    return names


def fill(text: str, values: dict[str, Any]) -> str:
    """``text`` with each ``{name}`` replaced by ``str(values[name])``; nothing else is evaluated."""

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        name = match.group(1)
        if name is None or name not in values:
            raise KeyError(f"the wording {shorten(text, 60)!r} has a field {token} that is not given")
        return str(values[name])

    return _TOKEN_RE.sub(replace, text)


def parse_catalog(text: str) -> dict[str, tuple[str, int]]:
    """Flattened ``{"section.key": (wording, line)}``; :class:`WordingError` at the first problem."""
    try:
        data = parse_yaml(text)
    except LoadError as exc:
        raise WordingError(exc.line, "", exc.message) from None
    if data is None:
        return {}
    if not isinstance(data, LDict):
        raise WordingError(1, "", "expected a mapping of wording keys")
    flat: dict[str, tuple[str, int]] = {}
    _flatten(data, "", flat)
    return flat


def _flatten(data: LDict, prefix: str, flat: dict[str, tuple[str, int]]) -> None:
    for key, value in data.items():
        name = f"{prefix}{key}"
        line = data.key_lines.get(key, data.line)
        if isinstance(value, LDict):
            _flatten(value, name + ".", flat)
            continue
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise WordingError(line, name, "expected text (put it in quotes)")
        text = str(value)
        try:
            fields(text)
        except ValueError as exc:
            raise WordingError(line, name, str(exc)) from None
        flat[name] = (text, line)


def builtin_catalog(locale: str) -> dict[str, tuple[str, int]]:
    return parse_catalog((BUILTIN_I18N / f"{locale}.yml").read_text(encoding="utf-8"))


def check_override(rel: str, text: str, locale: str, diag: Diagnostics) -> None:
    """Report a project's wording file that preuve could not use, with the line of each problem."""
    try:
        override = parse_catalog(text)
    except WordingError as exc:
        diag.error(rel, exc.line, exc.key, exc.message)
        return
    builtin = builtin_catalog(locale)
    for key, (wording, line) in override.items():
        if key not in builtin:
            diag.warning(rel, line, key, "no built-in wording has this key: it is not used (check its spelling)")
            continue
        extra = sorted(fields(wording) - fields(builtin[key][0]))
        if extra:
            given = ", ".join(f"{{{n}}}" for n in sorted(fields(builtin[key][0]))) or "none"
            diag.error(rel, line, key, f"{{{extra[0]}}} is not a field of this wording (fields: {given})")
