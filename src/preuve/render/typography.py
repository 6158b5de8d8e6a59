"""Typography of every text a layout prints, done once, in the rendering layer (docs/typography.md).

French (``fr``): a narrow no-break space (U+202F) before ``: ; ! ?`` and inside « », typographic
apostrophes, elision of *de*, *que*, *le*, *la* before a name that starts with a vowel, "1er" for
the first day of a month, times as "9 h 30", and the preposition each French region takes. English
keeps English rules: typographic apostrophes only.

:func:`typeset` is idempotent and touches neither web addresses nor e-mail addresses inside a
text; the Jinja environment applies it once to each printed value (``templates.py``), and values
that must stay byte for byte as recorded (file names, hashes, addresses) are marked verbatim there.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from datetime import date

from babel import Locale
from babel.dates import format_date

NNBSP = "\u202f"  # narrow no-break space: before ; : ! ? and inside « »
NBSP = "\u00a0"   # no-break space: inside "9 h 30", after a civility, after "n°"
_SPACES = " \u00a0\u2009\u202f"

# Web and e-mail addresses keep every character as written.
_ADDRESS_RE = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.|mailto:)[^\s<>\"]+|[^\s@<>\"«»]+@[^\s@<>\"«»]+\.[^\s@<>\"«»]+",
                         re.IGNORECASE)
_APOSTROPHE_RE = re.compile(r"(?<=\w)'")
_FRENCH_RULES = (
    (re.compile(f"[{_SPACES}]+([:;!?»])"), NNBSP + r"\1"),               # a space before: made narrow
    (re.compile(r"(?<=[\w)\]»%’])([;!?])(?=[\s!?)\]»]|$)"), NNBSP + r"\1"),  # none before ; ! ?: one added
    (re.compile(r"(?<=[^\W\d_])(:)(?=\s|$)"), NNBSP + r"\1"),           # "Note: x" (never 9:30 nor a URL)
    (re.compile(f"«[{_SPACES}]*(?=\\S)"), "«" + NNBSP),
    (re.compile(f"(?<=\\S)[{_SPACES}]*»"), NNBSP + "»"),
    (re.compile(r"\b([nN])°[ \u00a0]*(?=\w)"), r"\1°" + NBSP),
)
_MAYBE = re.compile(r"['’:;!?«»°]")


@lru_cache(maxsize=1 << 16)
def typeset(text: str, locale: str | None) -> str:
    """``text`` as a careful typesetter of ``locale`` would print it; addresses left as written.

    Remembered: the pages of a large staff print the same names, labels and dates hundreds of
    thousands of times."""
    if not text or not _MAYBE.search(text):
        return text
    out = []
    last = 0
    for match in _ADDRESS_RE.finditer(text):
        out.append(_prose(text[last:match.start()], locale))
        out.append(match.group(0))
        last = match.end()
    out.append(_prose(text[last:], locale))
    return "".join(out)


def _prose(text: str, locale: str | None) -> str:
    text = _APOSTROPHE_RE.sub("’", text)
    if locale == "fr":
        for pattern, replacement in _FRENCH_RULES:
            text = pattern.sub(replacement, text)
    return text


# --- elision -----------------------------------------------------------------------------------

_VOWELS = set("aeiouàâäéèêëîïôöùûüœæ")
_ELIDING = re.compile(r"(?<![\w’'])(de|De|que|Que|le|Le|la|La) \{([A-Za-z_][A-Za-z0-9_]*)\}")
_ELIDED = {"de": "d’", "De": "D’", "que": "qu’", "Que": "Qu’", "le": "l’", "Le": "L’", "la": "l’", "La": "L’"}


def starts_with_vowel_sound(name: str) -> bool:
    """Whether French elides before ``name``: a vowel, or a Y read as a vowel (Yves, not Yasmine).
    An initial H is never assumed mute: "de Hachette" is right, "d'Hachette" is not."""
    letters = unicodedata.normalize("NFC", name.strip()).casefold()
    if not letters:
        return False
    if letters[0] in _VOWELS:
        return True
    return letters[0] == "y" and len(letters) > 1 and letters[1].isalpha() and letters[1] not in _VOWELS


def elide(wording: str, values: dict[str, object]) -> str:
    """A French wording with "de {name}" made "d’{name}" (and "que", "le", "la" likewise) where the
    value filled in starts with a vowel sound: "pour le compte d’Atelier Lumière SAS". Only at the
    boundary between the wording and a value: a name is never changed inside ("Maria de Almeida")."""

    def replace(match: re.Match[str]) -> str:
        value = values.get(match.group(2))
        if isinstance(value, str) and starts_with_vowel_sound(value):
            return f"{_ELIDED[match.group(1)]}{{{match.group(2)}}}"
        return match.group(0)

    return _ELIDING.sub(replace, wording)


# The French regions whose name takes an article: "préfet de région du Grand Est" (others take
# "de", elided before a vowel: "d’Île-de-France", "de Bretagne"). Keys compared without case,
# accents nor hyphens.
_REGION_ARTICLES = {"grand est": "du", "hauts de france": "des", "pays de la loire": "des",
                    "centre val de loire": "du"}


def of_place(name: str, locale: str | None) -> str:
    """"d’Auvergne-Rhône-Alpes", "de Bretagne", "du Grand Est", "des Hauts-de-France" in French;
    the name itself in other locales."""
    if locale != "fr" or not name:
        return name
    key = re.sub(r"[\s-]+", " ", _plain(name)).strip()
    if key in _REGION_ARTICLES:
        return f"{_REGION_ARTICLES[key]} {name}"
    return ("d’" if starts_with_vowel_sound(name) else "de ") + name


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


# --- dates and times ---------------------------------------------------------------------------

_FIRST_RE = re.compile(r"(?<!\d)1(?!\d)")


@lru_cache(maxsize=1 << 14)
def format_day(day: date, form: str, locale: str) -> str:
    """A date in ``form`` (a Babel width or pattern); in French the first of a month is "1er".
    Remembered, as :func:`typeset`."""
    text = format_date(day, format=form, locale=locale)
    return _FIRST_RE.sub("1er", text, count=1) if locale == "fr" and day.day == 1 else text


def day_span(start: date, end: date, locale: str) -> tuple[str, str]:
    """The two ends of a date range as the locale writes them, the parts they share said once:
    ``("19", "20 mai 2026")`` for "du 19 au 20 mai 2026", ``("May 19", "20, 2026")`` in English.

    The patterns are CLDR's interval formats, those of Babel's ``format_interval``, with the month
    as wide as in the locale's long date: ``format_interval`` itself falls back to abbreviated
    months ("déc.") when the years differ."""
    if start == end:
        text = format_day(start, "long", locale)
        return text, text
    greatest = "y" if start.year != end.year else "M" if start.month != end.month else "d"
    first, second = Locale.parse(locale).interval_formats["yMMMd"][greatest]
    first = first.rstrip(_SPACES + "–-").replace("MMM", "MMMM")
    second = second.replace("MMM", "MMMM")
    return format_day(start, first, locale), format_day(end, second, locale)


def clock(value: str, locale: str) -> str:
    """``"09:30"`` as the locale writes a time of day: "9 h 30" and "9 h" in French, "09:30" otherwise."""
    if locale != "fr":
        return value
    hours, minutes = value.split(":")
    return f"{int(hours)}{NBSP}h" + (f"{NBSP}{minutes}" if minutes != "00" else "")
