"""Which characters the installed fonts can show, asked of fontconfig once per process.

WeasyPrint (through Pango and fontconfig) takes a glyph missing from the layouts' fonts from any
other installed font; a character no installed font has prints as an empty box. ``preuve check``
warns about names holding such characters (``validate/glyphs.py``); this module is the edge that
asks the system, so the validate stage stays pure. One ``fc-list`` call lists every font's
character set (about 50 ms); the answer depends only on the installed fonts, which the engine
fingerprint already includes, so it is as deterministic as the documents themselves.
"""

from __future__ import annotations

import subprocess
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True, slots=True)
class Charset:
    """Sorted, disjoint ``(first, last)`` code point ranges."""

    ranges: tuple[tuple[int, int], ...]

    def __contains__(self, char: str) -> bool:
        code = ord(char)
        index = bisect_right(self.ranges, (code, 0x10FFFF + 1)) - 1
        return index >= 0 and self.ranges[index][0] <= code <= self.ranges[index][1]

    @classmethod
    def parse(cls, listing: str) -> Charset:
        """From fontconfig's ``%{charset}`` lines: ``20-7e a0-17f 192 ...`` in hexadecimal."""
        spans = []
        for token in listing.split():
            first, _, last = token.partition("-")
            try:
                spans.append((int(first, 16), int(last or first, 16)))
            except ValueError:
                continue
        merged: list[tuple[int, int]] = []
        for first, last in sorted(spans):
            if merged and first <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(merged[-1][1], last))
            else:
                merged.append((first, last))
        return cls(tuple(merged))


@cache
def installed_charset() -> Charset | None:
    """Every character some installed font has; ``None`` when fontconfig cannot be asked."""
    try:
        done = subprocess.run(["fc-list", "--format", "%{charset}\n"], capture_output=True, text=True,
                              check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0 or not done.stdout.strip():
        return None
    return Charset.parse(done.stdout)
