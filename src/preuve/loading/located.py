"""Mappings and lists that remember the line each key and item came from.

YAML, front matter and CSV rows are all turned into these, so later stages can name the exact
line of a faulty value without knowing which format it was written in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class LDict(dict):
    """A dict whose keys remember their line (1-based)."""

    line: int
    key_lines: dict[str, int]

    def __init__(self, *args: Any, line: int = 0, key_lines: dict[str, int] | None = None):
        super().__init__(*args)
        self.line = line
        self.key_lines = dict(key_lines or {})


class LList(list):
    """A list whose items remember their line (1-based)."""

    line: int
    item_lines: list[int]

    def __init__(self, items: Any = (), *, line: int = 0, item_lines: list[int] | None = None):
        super().__init__(items)
        self.line = line
        self.item_lines = list(item_lines or [])


def line_of(data: Any, loc: tuple[str | int, ...], default: int = 0) -> int:
    """The line of the deepest element of ``loc`` that exists in ``data``.

    A missing key reports the line of the mapping that should hold it.
    """
    line = getattr(data, "line", 0) or default
    node = data
    for part in loc:
        if isinstance(node, LDict) and isinstance(part, str) and part in node:
            line = node.key_lines.get(part, line) or line
            node = node[part]
        elif isinstance(node, LList) and isinstance(part, int) and 0 <= part < len(node):
            if part < len(node.item_lines):
                line = node.item_lines[part] or line
            node = node[part]
        else:
            break
    return line


class LoadError(ValueError):
    """A file that cannot be read at all (not YAML, not CSV, no front matter…), at ``line``."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True, slots=True)
class Source:
    """One file of the records repository, parsed, with its path relative to the project root."""

    path: str
    data: Any
    body: str = ""
    body_line: int = 0
    raw: bytes = field(default=b"", repr=False)

    def line(self, *loc: str | int) -> int:
        return line_of(self.data, loc, default=1)
