"""What every text record (YAML, CSV, Markdown) must be, whatever its format: small enough to parse
whole, and free of control characters (docs/security.md)."""

from __future__ import annotations

import re

MAX_RECORD_BYTES = 10_000_000  # a record file is parsed whole in memory
# C0 and C1 control characters, but tab, line feed, carriage return and NEL.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")


def control_character(text: str) -> tuple[int, str] | None:
    """The line and name of the first control character in ``text`` (a NUL byte...), if any."""
    found = _CONTROL_RE.search(text)
    if found is None:
        return None
    char = found.group(0)
    name = " (NUL)" if char == "\0" else ""
    return text.count("\n", 0, found.start()) + 1, f"U+{ord(char):04X}{name}"
