"""The typed, frozen model of a records repository, as the validate stage produces it.

Field names follow the records contract (``docs/records.md``, ``docs/reference/records.md``);
these classes are the only shape later stages (plan, render, report) ever see. Values that are
parsed from text (dates, times, ids) are checked by the annotated types of ``values.py``, whose
messages are the ones a user reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import Enum
from typing import Annotated, Any, Literal, Union, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag

from .naming import name_key, person_name
from .values import (Digits, EndDate, HhMm, Ids, IsoDate, Number, PersonName, Slug, SlugList, Text,
                     described, web_url)


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
    raise ValueError(f"expected a share of the session's hours between 0 and 1 (0.8 = 80 %), got {described(value)}")


Share = Annotated[float, BeforeValidator(_share)]

# The coverage rules, their default and its justification: docs/literacy.md.
DEFAULT_MIN_ATTENDANCE = 0.8


class Literacy(Record):
    refresh_months: int = Field(24, ge=1, le=240)
    min_attendance: Share = DEFAULT_MIN_ATTENDANCE


class Verify(Record):
    """Where the version's ``verify.html`` is published; QR codes then carry its address (see
    ``docs/certificates.md``). Without it, QR codes carry the verification code itself."""

    base_url: Annotated[str, BeforeValidator(web_url)] | None = None

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
# Whether a trainee is someone's employee (the default: every record without it means what it
# meant) or trains as a self-employed worker, a job seeker or a private person: documents then
# name no employer (docs/records.md, "Trainees who are not employees").
TraineeStatus = Literal["employee", "self-employed", "job-seeker", "individual"]
NOT_EMPLOYEES = tuple(status for status in get_args(TraineeStatus) if status != "employee")
# An empty cell of people.csv (or ``status:`` left empty) is the default, as for any other column.
PersonStatus = Annotated[TraineeStatus, BeforeValidator(lambda value: "employee" if value is None else value)]


class Representative(Record):
    name: PersonName
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
    first_name: PersonName
    last_name: PersonName
    civility: Civility | None = None
    email: Text | None = None
    employer: Text | None = None
    status: PersonStatus = "employee"
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
    name: PersonName
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
    topics: Ids | None = None  # the topics this slot covers (docs/literacy.md)
    format: Literal["in-person", "remote"] | None = None  # one slot of a blended session
    trainers: Ids | None = None  # who held this slot, among the session's trainers (docs/records.md)

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


def hours_and_minutes(hours: float) -> tuple[int, int] | None:
    """``hours`` as whole hours and minutes when two decimals cannot state them exactly (40
    minutes is 0,666… h, and "2,67 h, dont 1,33 h + 1,33 h" does not add up); ``None`` when they can.
    Documents and ``verify`` say durations so (docs/typography.md)."""
    minutes = round(hours * 60)
    return None if minutes % 3 == 0 else divmod(minutes, 60)  # a third of a minute is 0,01 h


class Audience(Record):
    roles: SlugList = []


class Assessment(Record):
    method: Text
    pass_mark: Number | None = Field(None, ge=0)
    max_score: Number | None = Field(None, gt=0)


class Funding(Record):
    """Who pays for the training (an OPCO, France Travail, a Région, the Caisse des Dépôts for the
    CPF…: the field keeps the name ``opco`` the records contract gives it) and the number of its
    agreement to pay (accord de prise en charge, dossier)."""

    opco: Text
    agreement: Text


def _own_funding(value: Any) -> Any:
    """A participant's ``funding``: their own funder and agreement, or ``false`` for a trainee
    nobody funds; left out, the session's. Written empty, it could mean either: refused."""
    if value is False or (isinstance(value, dict) and value):
        return value
    if value is None or value == {}:
        raise ValueError("is empty: give this trainee's opco and agreement, write false for a trainee "
                         "nobody funds, or leave the key out for the session's funding")
    shown = "true" if value is True else described(value)
    in_quotes = isinstance(value, str) and value.strip().lower() == "false"  # "false", text in YAML
    quoted = " (in quotes: write false without them)" if in_quotes else ""
    raise ValueError(f"expected this trainee's funder ({{opco: …, agreement: …}}) or false for a trainee "
                     f"nobody funds, got {shown}{quoted}")


# ``false`` (not funded) or a funder: told apart by their type, so a funder with a field missing is
# reported as such, not also as "not false" (docs/records.md, "A funder per trainee").
OwnFunding = Annotated[
    Annotated[Union[Annotated[Funding, Tag("dict")], Annotated[Literal[False], Tag("bool")]],
              Discriminator(lambda value: "dict" if isinstance(value, dict) else "bool")] | None,
    BeforeValidator(_own_funding)]


class Session(Record):
    title: Text
    nature: Nature
    format: Literal["in-person", "remote", "blended"]
    location: Text | None = None
    trainers: Ids = Field(min_length=1)
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
    # Their status at this session, when it is not people.yml's (a job seeker hired since): with
    # it, the session's employer is the participant's own ``employer`` only (Records.employer_in).
    status: TraineeStatus | None = None
    # Their funder and agreement at this session when it is not the session's (an inter-company
    # session: each company's OPCO funds its own staff), or ``False``: nobody funds them (their
    # company pays), so they get no certificat de réalisation (:meth:`funder`).
    funding: OwnFunding = None

    def funder(self, session: Funding | None) -> Funding | None:
        """Who funds this trainee at a session funded by ``session``: their own ``funding``, else
        the session's; ``None`` when nobody does (``funding: false``, or neither is given). A
        trainee it names gets a certificat de réalisation stating it (docs/rules.md)."""
        if self.funding is False:
            return None
        return self.funding if self.funding is not None else session


def funds_anyone(session: Funding | None, participants: Iterable[Participant]) -> bool:
    """Whether a session funded by ``session`` funds one of its ``participants`` at least (the
    session's own funding alone, before anyone is enrolled): it is then a funded action, whose
    evidence is kept as long as the certificat de réalisation commits to and whose nature must
    be a category of the provider's Qualiopi certificate. A session whose every trainee writes
    ``funding: false`` funds nobody."""
    participants = tuple(participants)
    if not participants:
        return session is not None
    return any(p.funder(session) is not None for p in participants)


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
