"""Problems found in a records repository, reported all at once as ``path:line: field: message``.

Every stage appends to a list of :class:`Diagnostic` instead of raising, so that a user sees every
mistake in one run (as MkDocs does for its config) and fixes them together.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


MAX_SHOWN = 80  # characters of a value quoted in a message
MAX_MESSAGE = 400  # characters of a whole message (a value must never flood a CI log)


def shorten(value: object, limit: int = MAX_SHOWN) -> str:
    """``value`` as text, cut in the middle when longer than ``limit`` (a 5 MB scalar is quoted as
    its start and end, with the number of characters left out)."""
    text = str(value)
    if len(text) <= limit:
        return text
    keep = max(limit - 20, 10)
    return f"{text[: keep // 2]}…[{len(text) - keep} characters]…{text[-(keep - keep // 2):]}"


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    path: str
    line: int
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        prefix = "" if self.severity is Severity.ERROR else "warning: "
        field = f"{self.field}: " if self.field else ""
        return f"{where}: {prefix}{field}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class Diagnostics(list[Diagnostic]):
    """An ordered collection of problems with helpers to add them."""

    def __init__(self, items: Iterable[Diagnostic] = ()) -> None:
        super().__init__(items)
        self._seen = set(self)  # the same problems, to find one in constant time

    def error(self, path: str, line: int, field: str, message: str) -> None:
        self._add(Diagnostic(path, line, field, message, Severity.ERROR))

    def warning(self, path: str, line: int, field: str, message: str) -> None:
        self._add(Diagnostic(path, line, field, message, Severity.WARNING))

    def _add(self, item: Diagnostic) -> None:
        if len(item.message) > MAX_MESSAGE or len(item.field) > MAX_SHOWN:
            item = Diagnostic(item.path, item.line, shorten(item.field), shorten(item.message, MAX_MESSAGE),
                              item.severity)
        # The same problem found twice (a CSV column checked on every row) is reported once.
        if item not in self._seen:
            self._seen.add(item)
            self.append(item)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self if not d.is_error]

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self), key=lambda d: (d.path, d.line, d.field, d.message))


class UserError(Exception):
    """A mistake in the records or the command line: printed without a traceback, exit 1."""

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None):
        super().__init__(shorten(message, MAX_MESSAGE))
        self.diagnostics = diagnostics or []
