"""Texts that would print as empty boxes: characters that no installed font can show.

A person's name, and every other text of the records that documents print: the provider's name
and address, trainers, a session's title, objectives and place, the programme, labels of roles,
topics and AI systems, client names (a new emoji in a title, a private-use character pasted from
a company font). The fonts' coverage is found at the edge (``preuve/fonts.py``) and passed in,
so this check is a pure function of the records and that coverage. Characters that take no glyph
of their own (spaces, joiners such as the ZWJ of emoji sequences, variation selectors) are never
reported.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Container, Iterator
from typing import Any

from ..diagnostics import Diagnostics, shorten
from ..loading.located import Source
from ..model import Person
from .schema import field_name

_NO_GLYPH_CATEGORIES = {"Cc", "Cf", "Zs", "Zl", "Zp"}


def _needs_glyph(char: str) -> bool:
    code = ord(char)
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:  # variation selectors
        return False
    return unicodedata.category(char) not in _NO_GLYPH_CATEGORIES


def missing_glyphs(text: str, charset: Container[str]) -> list[str]:
    """The distinct characters of ``text`` that no font has, in order of appearance."""
    missing: list[str] = []
    for char in text:
        if char not in missing and _needs_glyph(char) and char not in charset:
            missing.append(char)
    return missing


def _codes(missing: list[str]) -> str:
    return ", ".join(f"U+{ord(c):04X}" for c in missing[:5]) + (", ..." if len(missing) > 5 else "")


def _boxes(text: str, missing: list[str]) -> str:
    return (f"'{shorten(text)}' has characters that no installed font can show ({_codes(missing)}): they "
            "would print as empty boxes; install a font that has them (see the README's fonts)")


def check_names(source: Source | None, people: dict[str, Person], charset: Container[str] | None,
                diag: Diagnostics) -> None:
    """A warning per person whose name has characters no installed font can show."""
    if source is None or charset is None or not isinstance(source.data, list):
        return
    for index, row in enumerate(source.data):
        person_id = row.get("id") if isinstance(row, dict) else None
        person = people.get(person_id) if isinstance(person_id, str) else None
        if person is None:
            continue
        for field in ("first_name", "last_name"):
            missing = missing_glyphs(getattr(person, field), charset)
            if missing:
                diag.warning(source.path, source.line(index, field), field,
                             f"{person.id}: {_boxes(getattr(person, field), missing)}")


def _texts(data: Any, loc: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every text value of a record file with where it is (``("objectives", 2)``)."""
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _texts(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _texts(value, (*loc, index))


def check_texts(sources: list[Source], charset: Container[str] | None, diag: Diagnostics) -> None:
    """A warning per text of ``sources`` (and line of a programme) with characters no installed
    font can show; people's names are :func:`check_names`'s, which names the person."""
    if charset is None:
        return
    shown: set[str] = set()  # characters found in the charset: a registry's texts share most

    def missing(text: str) -> list[str]:
        if text.isascii() or shown.issuperset(text):  # every font has ASCII
            return []
        found = missing_glyphs(text, charset)
        shown.update(char for char in text if char not in found)
        return found

    for source in sources:
        people = source.path.startswith("data/people.")
        for loc, text in _texts(source.data):
            if people and loc[-1:] in (("first_name",), ("last_name",)):
                continue
            if found := missing(text):
                diag.warning(source.path, source.line(*loc), field_name(loc), _boxes(text, found))
        for offset, line in enumerate(source.body.splitlines()):
            if found := missing(line):
                diag.warning(source.path, source.body_line + offset, "programme", _boxes(line.strip(), found))
