"""The typed, frozen model of a records repository, as the validate stage produces it.

Field names follow the records contract (``docs/records.md``, ``docs/reference/records.md``);
these classes are the only shape later stages (plan, render, report) ever see. Values that are
parsed from text (dates, times, ids) are checked by the annotated types below, whose messages are
the ones a user reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from .diagnostics import shorten
from .naming import name_key, person_name

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9_-]{0,78}[a-z0-9])?$")


def _kind(value: Any) -> str:
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
    raise ValueError(f"expected a date as YYYY-MM-DD, got {_kind(value)}")


def _hhmm(value: Any) -> time:
    if isinstance(value, str) and re.fullmatch(r"[0-9]{2}:[0-9]{2}", value.strip()):
        hours, minutes = (int(p) for p in value.strip().split(":"))
        if hours < 24 and minutes < 60:
            return time(hours, minutes)
        raise ValueError(f"'{value}' is not a real time of day")
    raise ValueError(f"expected a time as HH:MM (quoted, e.g. \"09:00\"), got {_kind(value)}")


def _slug(value: Any) -> str:
    if isinstance(value, str) and SLUG_RE.match(value):
        return value
    _refuse_placeholder(value)
    if value is None or value == "":
        raise ValueError("must not be empty")
    raise ValueError(
        f"{_kind(value)} is not a valid id: use lowercase letters, digits, '-' and '_' "
        "(it is used in file names)"
    )


def _web_url(value: Any) -> str:
    """An address a QR code can point to: http(s), no spaces, no fragment (preuve adds one)."""
    if not isinstance(value, str) or not re.fullmatch(r"https?://[^\s#]+", value.strip()):
        raise ValueError(f"{_kind(value)} is not a web address: write it as https://host/path/")
    return value.strip()


def _text(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, dict) and len(value) == 1 and isinstance(next(iter(value)), str):  # "Objectif : …"
        raise ValueError(f"expected text, got a mapping (key: value): in YAML, a colon followed by a space "
                         f"starts a key; put the whole text in quotes: \"{shorten(next(iter(value)))} : …\"")
    if not isinstance(value, str):
        raise ValueError("must not be empty" if value is None else f"expected text, got {_kind(value)}")
    value = value.strip()
    if not value:
        raise ValueError("must not be empty")
    _refuse_placeholder(value)
    return value


def _digits(value: Any) -> Any:
    return str(value).replace(" ", "") if isinstance(value, (str, int)) and not isinstance(value, bool) else value


def _number(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {_kind(value)}")
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
Digits = Annotated[str, BeforeValidator(_digits), WithJsonSchema({"type": ["string", "integer"], "pattern": r"^[0-9 ]+$"})]


def _none_as_empty(value: Any) -> Any:
    return [] if value is None else value


SlugList = Annotated[list[Slug], BeforeValidator(_none_as_empty)]


class Record(BaseModel):
    """Base of every model: immutable; unknown keys are kept aside and reported as warnings."""

    model_config = ConfigDict(frozen=True, extra="allow", str_strip_whitespace=True)


# --- preuve.yml -------------------------------------------------------------------------------


class Retention(Record):
    evidence_years: int = Field(6, ge=1, le=50)
    personal_data_years: int = Field(3, ge=1, le=50)


def _share(value: Any) -> float:
    """A share of hours, written 0.8 (not 80 or "80 %"): the message says which form is expected."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value <= 1:
        return float(value)
    raise ValueError(f"expected a share of the session's hours between 0 and 1 (0.8 = 80 %), got {_kind(value)}")


Share = Annotated[float, BeforeValidator(_share)]

# The coverage rules, their default and its justification: docs/literacy.md.
DEFAULT_MIN_ATTENDANCE = 0.8


class Literacy(Record):
    refresh_months: int = Field(24, ge=1, le=240)
    min_attendance: Share = DEFAULT_MIN_ATTENDANCE


class Verify(Record):
    """Where the version's ``verify.html`` is published; QR codes then carry its address (see
    ``docs/certificates.md``). Without it, QR codes carry the verification code itself."""

    base_url: Annotated[str, BeforeValidator(_web_url)] | None = None

    def url(self, code: str) -> str | None:
        return f"{self.base_url.rstrip('/')}/verify.html#{code}" if self.base_url else None


class Settings(Record):
    title: Text
    locale: Literal["fr", "en"] = "fr"
    mode: Literal["in-house", "provider"]
    retention: Retention = Retention()
    literacy: Literacy = Literacy()
    verify: Verify = Verify()


# --- data/ --------------------------------------------------------------------------------------


Civility = Literal["M.", "Mme", ""]


class Representative(Record):
    name: Text
    title: Text
    civility: Civility | None = None  # "Je soussignée …" rather than "Claire Rousseau, Présidente, atteste"


class Qualiopi(Record):
    certifier: Text
    certificate: Text
    valid_until: IsoDate
    categories: list[Literal["actions-de-formation", "bilans-de-competences", "vae", "apprentissage"]] = []


class Provider(Record):
    legal_name: Text
    siret: Digits
    address: Text
    city: Text
    email: Text
    phone: Text | None = None
    website: Text | None = None
    nda: Digits | None = None
    nda_region: Text | None = None
    representative: Representative
    signature_image: Text | None = None
    logo: Text | None = None
    qualiopi: Qualiopi | None = None


class Person(Record):
    id: Slug
    first_name: Text
    last_name: Text
    civility: Civility | None = None
    email: Text | None = None
    employer: Text | None = None
    role: Slug
    ai_systems: SlugList = []
    joined_on: IsoDate | None = None
    left_on: EndDate = None

    @property
    def full_name(self) -> str:
        """"Jean-Noël D'Aubigné": as pages and lists name a person (``naming.person_name``)."""
        return person_name(self.first_name, self.last_name)

    @property
    def sort_key(self) -> tuple:
        """French index order by last name (``naming.name_key``): "de Gaulle" under G."""
        return name_key(self.first_name, self.last_name, self.id)

    def is_current(self, as_of: date) -> bool:
        return self.left_on is None or self.left_on >= as_of


class Trainer(Record):
    name: Text
    title: Text


class Client(Record):
    """A client company of a provider (``data/clients.yml``): the employer of some trainees."""

    legal_name: Text
    siret: Digits | None = None
    contact: Text | None = None


class Topic(Record):
    label: Text


class Role(Record):
    label: Text
    topics: SlugList = []


class AISystem(Record):
    label: Text
    vendor: Text
    use: Text
    topics: SlugList = []


# --- sessions -----------------------------------------------------------------------------------


class Nature(str, Enum):
    ACTION_DE_FORMATION = "action-de-formation"
    BILAN_DE_COMPETENCES = "bilan-de-competences"
    VAE = "vae"
    APPRENTISSAGE = "apprentissage"


class Slot(Record):
    date: IsoDate
    start: HhMm
    end: HhMm
    topics: list[Slug] | None = None  # the topics this slot covers (docs/literacy.md)
    format: Literal["in-person", "remote"] | None = None  # one slot of a blended session
    trainers: list[Slug] | None = None  # who held this slot, among the session's trainers (docs/records.md)

    @property
    def minutes(self) -> int:
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)

    @property
    def hours(self) -> float:
        return self.minutes / 60


def total_hours(slots: Iterable[Slot]) -> float:
    """The hours of ``slots``, added up in whole minutes: as floats, a sum of thirds of an hour
    depends on the order, and blended hours by modality would not add up to the hours attended."""
    return sum(slot.minutes for slot in slots) / 60


class Audience(Record):
    roles: SlugList = []


class Assessment(Record):
    method: Text
    pass_mark: Number | None = Field(None, ge=0)
    max_score: Number | None = Field(None, gt=0)


class Funding(Record):
    opco: Text
    agreement: Text


class Session(Record):
    title: Text
    nature: Nature
    format: Literal["in-person", "remote", "blended"]
    location: Text | None = None
    trainers: list[Slug] = Field(min_length=1)
    objectives: list[Text] = Field(min_length=1)
    audience: Audience = Audience()
    topics: SlugList = []
    ai_systems: SlugList = []
    schedule: list[Slot] = Field(min_length=1)
    assessment: Assessment | None = None
    funding: Funding | None = None
    issued_on: IsoDate | None = None
    issued_at: Text | None = None

    @property
    def first_day(self) -> date:
        return min(slot.date for slot in self.schedule)

    @property
    def last_day(self) -> date:
        """The day of its last slot: the end of the training, which its certificates attest and
        the records' date must have reached (docs/rules.md)."""
        return max(slot.date for slot in self.schedule)


Mark = Literal["present", "absent", "excused"]
Result = Literal["acquired", "partially-acquired", "not-acquired"]


class Score(Record):
    score: Number | None = Field(None, ge=0)
    result: Result


class Participant(Record):
    person_id: Slug = Field(alias="person")  # written `person:` in attendance.yml, as the records say
    slots: list[Mark] | None = None
    assessment: Score | None = None
    # The trainee's employer for this session, when it is not people.yml's (they changed employer
    # since): documents of this session name it, and in mode provider go to its client's folder.
    employer: Text | None = None


EVIDENCE_KINDS = ("signatures", "connection_logs", "assessments", "satisfaction", "other")


class EvidenceLinks(Record):
    signatures: list[Text] = []
    connection_logs: list[Text] = []
    assessments: list[Text] = []
    satisfaction: list[Text] = []
    other: list[Text] = []


class Attendance(Record):
    participants: list[Participant] = []
    trainer_signed: list[bool] | None = None
    evidence: EvidenceLinks = EvidenceLinks()
