"""French company and training-provider identifiers: SIREN, SIRET and the activity number (NDA).

Rules (``docs/rules.md``, Identifiers): SIREN is 9 digits with a Luhn check digit; SIRET is
SIREN + a 5-digit establishment number (NIC) with a Luhn check over all 14 digits, except La Poste
(SIREN 356000000) whose establishments use a digit sum divisible by 5; python-stdnum checks both.
Digits are ASCII digits only: a superscript '²' is no digit. The NDA is 11 digits; its inner
layout (region, department, sequence, department) is only observed, so it is checked as a warning.
"""

from __future__ import annotations

import re

from stdnum import luhn
from stdnum.exceptions import InvalidChecksum, ValidationError
from stdnum.fr import siren, siret

from ..diagnostics import shorten

LA_POSTE_SIREN = "356000000"
LA_POSTE_HEAD_OFFICE = "35600000000048"
_ASCII_DIGITS = re.compile(r"[0-9]+")  # str.isdigit() also accepts '²' and '٣'


def luhn_ok(digits: str) -> bool:
    return luhn.is_valid(digits)


def siren_problem(value: str) -> str | None:
    """Why ``value`` is not a valid SIREN, or ``None`` (python-stdnum's ``fr.siren``)."""
    shown = repr(shorten(value))
    if len(value) != 9 or not _ASCII_DIGITS.fullmatch(value):
        return f"{shown} is not a SIREN: expected 9 digits"
    try:
        siren.validate(value)
    except ValidationError:
        return f"{shown} is not a valid SIREN: its check digit is wrong (Luhn)"
    return None


def siret_problem(value: str) -> str | None:
    """Why ``value`` is not a valid SIRET, or ``None`` (python-stdnum's ``fr.siret``, which knows
    La Poste's rule)."""
    shown = repr(shorten(value))
    if len(value) != 14 or not _ASCII_DIGITS.fullmatch(value):
        return f"{shown} is not a SIRET: expected 14 digits (SIREN + 5-digit NIC)"
    la_poste = value.startswith(LA_POSTE_SIREN) and value != LA_POSTE_HEAD_OFFICE
    if not la_poste and siren_problem(value[:9]):
        return f"{shown} is not a valid SIRET: its first 9 digits are not a valid SIREN"
    try:
        siret.validate(value)
    except InvalidChecksum:
        if la_poste:
            return f"{shown} is not a valid La Poste SIRET: its digits must add up to a multiple of 5"
        return f"{shown} is not a valid SIRET: its check digit is wrong (Luhn)"
    except ValidationError:
        return f"{shown} is not a SIRET: expected 14 digits (SIREN + 5-digit NIC)"
    return None


def nda_problem(value: str) -> str | None:
    """Error: the NDA is not 11 digits."""
    if len(value) != 11 or not _ASCII_DIGITS.fullmatch(value):
        return f"{shorten(value)!r} is not an activity registration number (NDA): expected 11 digits"
    return None


def nda_layout_warning(value: str) -> str | None:
    """Warning: the observed layout RR DD NNNNN DD (department repeated at the end) is not met."""
    if value[2:4] != value[9:11]:
        return (f"{value!r}: the department in positions 3-4 ({value[2:4]}) usually repeats in the "
                f"last two digits ({value[9:11]}); check the number on your registration receipt")
    return None
