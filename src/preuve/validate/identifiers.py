"""French company and training-provider identifiers: SIREN, SIRET and the activity number (NDA).

Rules (``docs/rules.md``, Identifiers): SIREN is 9 digits with a Luhn check digit; SIRET is
SIREN + a 5-digit establishment number (NIC) with a Luhn check over all 14 digits, except La Poste (SIREN
356000000) whose establishments use a digit sum divisible by 5. The NDA is 11 digits; its inner
layout (region, department, sequence, department) is only observed, so it is checked as a warning.
"""

from __future__ import annotations

LA_POSTE_SIREN = "356000000"
LA_POSTE_HEAD_OFFICE = "35600000000048"


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def siren_problem(value: str) -> str | None:
    """Why ``value`` is not a valid SIREN, or ``None``."""
    if len(value) != 9 or not value.isdigit():
        return f"{value!r} is not a SIREN: expected 9 digits"
    if not luhn_ok(value):
        return f"{value!r} is not a valid SIREN: its check digit is wrong (Luhn)"
    return None


def siret_problem(value: str) -> str | None:
    """Why ``value`` is not a valid SIRET, or ``None``."""
    if len(value) != 14 or not value.isdigit():
        return f"{value!r} is not a SIRET: expected 14 digits (SIREN + 5-digit NIC)"
    siren = value[:9]
    if siren == LA_POSTE_SIREN and value != LA_POSTE_HEAD_OFFICE:
        if sum(int(c) for c in value) % 5:
            return f"{value!r} is not a valid La Poste SIRET: its digits must add up to a multiple of 5"
        return None
    problem = siren_problem(siren)
    if problem:
        return f"{value!r} is not a valid SIRET: its first 9 digits are not a valid SIREN"
    if not luhn_ok(value):
        return f"{value!r} is not a valid SIRET: its check digit is wrong (Luhn)"
    return None


def nda_problem(value: str) -> str | None:
    """Error: the NDA is not 11 digits."""
    if len(value) != 11 or not value.isdigit():
        return f"{value!r} is not an activity registration number (NDA): expected 11 digits"
    return None


def nda_layout_warning(value: str) -> str | None:
    """Warning: the observed layout RR DD NNNNN DD (department repeated at the end) is not met."""
    if value[2:4] != value[9:11]:
        return (f"{value!r}: the department in positions 3-4 ({value[2:4]}) usually repeats in the "
                f"last two digits ({value[9:11]}); check the number on your registration receipt")
    return None
