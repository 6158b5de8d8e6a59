"""Names that would print as empty boxes: characters that no installed font can show.

The fonts' coverage is found at the edge (``preuve/fonts.py``) and passed in, so this check is a
pure function of the records and that coverage. Characters that take no glyph of their own
(spaces, joiners such as the ZWJ of emoji sequences, variation selectors) are never reported.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Container

from ..diagnostics import Diagnostics, shorten
from ..loading.located import Source
from ..model import Person

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
                codes = ", ".join(f"U+{ord(c):04X}" for c in missing[:5]) + (", ..." if len(missing) > 5 else "")
                diag.warning(source.path, source.line(index, field), field,
                             f"{person.id}: '{shorten(getattr(person, field))}' has characters that no "
                             f"installed font can show ({codes}): they would print as empty boxes; "
                             "install a font that has them (see the README's fonts)")
