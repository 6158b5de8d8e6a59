"""What every text record (YAML, CSV, Markdown) must be, whatever its format: small enough to parse
whole, free of control characters, and free of the characters that reorder text
(docs/security.md)."""

from __future__ import annotations

import re
import unicodedata

MAX_RECORD_BYTES = 10_000_000  # a record file is parsed whole in memory
# C0 and C1 control characters, but tab, line feed, carriage return and NEL.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
_VALUE_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # NEL too: no value needs one
# Bidirectional embeddings, overrides and isolates: they reorder the text around them, so a name, a
# title or a file name would print otherwise than its characters read ("Trojan Source",
# CVE-2021-42574). Names and texts in Arabic or Hebrew need none of them.
BIDI_RE = re.compile("[\u202a-\u202e\u2066-\u2069]")
_NAMES = {"\0": "NUL", "\x1b": "ESC", "\x7f": "DEL"}


def char_name(char: str) -> str:
    """``U+202E (RIGHT-TO-LEFT OVERRIDE)``: a character named for a message, never printed itself."""
    name = _NAMES.get(char) or unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def bidi_problem(char: str) -> str:
    return (f"holds {char_name(char)}, a bidirectional control that reorders the text around it: documents "
            "would show it otherwise than it reads here; remove it")


def refused_character(text: str) -> tuple[int, str] | None:
    """The line of the first character no record may hold (a NUL byte, an escape, a right-to-left
    override...), and why, if any."""
    found = _CONTROL_RE.search(text) or BIDI_RE.search(text)
    if found is None:
        return None
    char, line = found.group(0), text.count("\n", 0, found.start()) + 1
    if BIDI_RE.match(char):
        return line, bidi_problem(char)
    return line, f"holds the control character {char_name(char)}, which no record may hold: the file is damaged or not text"


def escaped_character(value: str) -> str | None:
    """Why a YAML value may not hold what an escape in quotes wrote into it (``"\\e[31m"``, ``"\\0"``,
    ``"\\u202E"``): the file's own text was checked by :func:`refused_character`."""
    found = _VALUE_CONTROL_RE.search(value) or BIDI_RE.search(value)
    if found is None:
        return None
    char = found.group(0)
    if BIDI_RE.match(char):
        return bidi_problem(char)
    return f"holds the control character {char_name(char)}, written as an escape in quotes, which no record may hold"
