"""The values records hold, as typed annotations that parse what a user wrote (dates, times, ids,
texts, numbers) and say, in the user's words, what is wrong with it: these messages are the ones
``check`` prints at the value's line. Each type also says what it accepts in JSON Schema terms
(``preuve schema``; editors validate with it). The records themselves are in ``model.py``.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema

from .diagnostics import shorten
from .loading.text import char_name
from .portable import RESERVED_LIST, windows_reserved

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9_-]{0,78}[a-z0-9])?$")


def described(value: Any) -> str:
    """What a user wrote, in their words (not Python's class names)."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value)"
    return repr(shorten(value)) if isinstance(value, str) else shorten(repr(value))


# Dates from 1900 (an older year is a typo) to 9999-12-31, which HR exports write for "no end";
# date arithmetic saturates there instead of overflowing (report/dates.py).
FIRST_YEAR = 1900
NO_END = date.max


# ``<AAAA-MM-JJ>``, ``<intitulé exact de l'action>``: words in angle brackets, never an HTML tag
# (no ``=``, ``"`` or ``/``; a space, a hyphen or an accented letter inside).
PLACEHOLDER_RE = re.compile(r"^<(?=[^<>]*[\s\-\u00c0-\u024f])[^<>=\"/]+>$")


def _refuse_placeholder(value: Any) -> None:
    """``<AAAA-MM-JJ>``, ``<intitulé exact>``: what ``preuve new`` leaves to fill, never a fact."""
    if isinstance(value, str) and PLACEHOLDER_RE.match(value.strip()):
        raise ValueError(f"'{value.strip()}' is a placeholder: replace it with the real value")


def _iso_date(value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    _refuse_placeholder(value)
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"'{value}' is not a real date") from None
        if day.year < FIRST_YEAR:
            raise ValueError(f"'{value}' is before {FIRST_YEAR}: check the year")
        return day
    raise ValueError(f"expected a date as YYYY-MM-DD, got {described(value)}")


def reserved_id_problem(value: str) -> str | None:
    """Why an id that names files cannot be used, being a device name to Windows, or ``None``."""
    if windows_reserved(value):
        return (f"'{value}' is a name Windows reserves for a device ({RESERVED_LIST}): the id names files and "
                "folders, which Windows Explorer could not extract from the archive; choose another id")
    return None


def _hhmm(value: Any) -> time:
    if isinstance(value, str) and re.fullmatch(r"[0-9]{2}:[0-9]{2}", value.strip()):
        hours, minutes = (int(p) for p in value.strip().split(":"))
        if hours < 24 and minutes < 60:
            return time(hours, minutes)
        raise ValueError(f"'{value}' is not a real time of day")
    raise ValueError(f"expected a time as HH:MM (quoted, e.g. \"09:00\"), got {described(value)}")


def _slug(value: Any) -> str:
    if isinstance(value, str) and SLUG_RE.match(value):
        if problem := reserved_id_problem(value):
            raise ValueError(problem)
        return value
    _refuse_placeholder(value)
    if value is None or value == "":
        raise ValueError("must not be empty")
    raise ValueError(
        f"{described(value)} is not a valid id: use lowercase letters, digits, '-' and '_' "
        "(it is used in file names)"
    )


def web_url(value: Any) -> str:
    """An address a QR code can point to: http(s), no spaces, no fragment (preuve adds one), no
    query (``?token=…/verify.html#CODE`` would lead to the folder's page, not verify.html)."""
    if not isinstance(value, str) or not re.fullmatch(r"https?://[^\s#]+", value.strip()):
        raise ValueError(f"{described(value)} is not a web address: write it as https://host/path/")
    if "?" in value:
        raise ValueError(f"{described(value)} has a query (?…): each document's address is this one followed by "
                         "/verify.html#CODE, which the query would hold; give the folder where verify.html is published")
    return value.strip()


def _text(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, dict) and len(value) == 1 and isinstance(next(iter(value)), str):  # "Objectif : …"
        raise ValueError(f"expected text, got a mapping (key: value): in YAML, a colon followed by a space "
                         f"starts a key; put the whole text in quotes: \"{shorten(next(iter(value)))} : …\"")
    if not isinstance(value, str):
        raise ValueError("must not be empty" if value is None else f"expected text, got {described(value)}")
    value = value.strip()
    if not value:
        raise ValueError("must not be empty")
    _refuse_placeholder(value)
    return value


# Characters that print as nothing: a name holding one looks like another person's name on every
# document and page, yet no search, sort or duplicate check takes them for one. A zero-width joiner or
# non-joiner is refused only beside a Latin letter (scripts such as Persian or Devanagari need them).
_INVISIBLE_RE = re.compile("[\u00ad\u034f\u180e\u200b\u200e\u200f\u2060-\u2064\ufeff]")
_JOINER_RE = re.compile("(?:(?<=[A-Za-z\u00c0-\u024f])[\u200c\u200d])|(?:[\u200c\u200d](?=[A-Za-z\u00c0-\u024f]))")
# Scripts whose letters are look-alikes of Latin ones ("о" for "o"): one word mixing them is a keyboard
# layout switched mid-word or a spoof, never a name (docs/security.md, "Limits on what is parsed").
_LOOKALIKE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")


def _letter_script(char: str) -> str | None:
    name = unicodedata.name(char, "")
    return next((script for script in _LOOKALIKE_SCRIPTS if name.startswith(script + " ")), None)


def _person_name(value: str) -> str:
    """A name as documents print it and searches find it: no invisible character, no word mixing
    Latin letters with Cyrillic or Greek look-alikes."""
    if found := _INVISIBLE_RE.search(value) or _JOINER_RE.search(value):
        raise ValueError(f"holds {char_name(found.group(0))}, which prints as nothing: the name would read like "
                         "another but no search or sort would find it as that name; retype it without it")
    for word in re.findall(r"\w+", value):
        scripts = {script for char in word if (script := _letter_script(char))}
        if len(scripts) > 1:
            odd = next(char for char in word if _letter_script(char) not in (None, "LATIN"))
            raise ValueError(f"'{word}' mixes {' and '.join(sorted(s.title() for s in scripts))} letters in one word "
                             f"({char_name(odd)}): it prints like a Latin name but no search or sort finds it as "
                             "one; retype it")
    return value


def _digits(value: Any) -> Any:
    return str(value).replace(" ", "") if isinstance(value, (str, int)) and not isinstance(value, bool) else value


def _number(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {described(value)}")
    return value


def _end_date(value: Any) -> Any:
    """``9999-12-31``, the "no end date" of HR exports, is no end date."""
    if value is None:
        return None
    day = _iso_date(value)
    return None if day == NO_END else day


# Each type also says what it accepts in JSON Schema terms (preuve schema; editors validate with it).
DATE_SCHEMA = {"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
IsoDate = Annotated[date, BeforeValidator(_iso_date), WithJsonSchema(DATE_SCHEMA)]
EndDate = Annotated[date | None, BeforeValidator(_end_date), WithJsonSchema(DATE_SCHEMA)]

# A score, a mark or a scale: finite (no NaN, no .inf), never true/false; -0 (a spreadsheet's
# rounding of a tiny negative) is 0, so documents never print "-0 / 20".
Number = Annotated[float, BeforeValidator(_number), Field(allow_inf_nan=False), AfterValidator(lambda v: v + 0.0)]
HhMm = Annotated[time, BeforeValidator(_hhmm),
                 WithJsonSchema({"type": "string", "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]$"})]
Slug = Annotated[str, BeforeValidator(_slug), WithJsonSchema({"type": "string", "pattern": SLUG_RE.pattern})]
Text = Annotated[str, BeforeValidator(_text),
                 WithJsonSchema({"type": ["string", "number"], "minLength": 1, "pattern": r"^(?!\s*<[^<>=\"/]+>\s*$)"})]
PersonName = Annotated[Text, AfterValidator(_person_name)]
Digits = Annotated[str, BeforeValidator(_digits), WithJsonSchema({"type": ["string", "integer"], "pattern": r"^[0-9 ]+$"})]


def _unique(values: list[str]) -> list[str]:
    """An id listed twice in one list is a slip: printed twice on a document, counted once."""
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"'{value}' is listed twice")
        seen.add(value)
    return values


Ids = Annotated[list[Slug], AfterValidator(_unique)]
SlugList = Annotated[Ids, BeforeValidator(lambda value: [] if value is None else value)]
