"""SIREN, SIRET (with the La Poste exception) and the NDA, alone and through ``preuve check``."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import sample
from preuve.cli import main
from preuve.validate.identifiers import (LA_POSTE_HEAD_OFFICE, luhn_ok, nda_layout_warning, nda_problem,
                                         siren_problem, siret_problem)


def with_check_digit(prefix: str) -> str:
    """``prefix`` + the digit that makes it pass Luhn, computed independently of the code under test."""
    for digit in "0123456789":
        candidate = prefix + digit
        doubled = [int(c) * (2 if i % 2 else 1) for i, c in enumerate(reversed(candidate))]
        if sum(d - 9 if d > 9 else d for d in doubled) % 10 == 0:
            return candidate
    raise AssertionError("unreachable")


def digit_sum(value: str) -> int:
    return sum(int(c) for c in value)


def break_check_digit(value: str) -> str:
    return value[:-1] + str((int(value[-1]) + 1) % 10)


SIREN = with_check_digit("90123456")  # the sample provider's SIREN
SIRET = with_check_digit(SIREN + "0000")


# --- SIREN / SIRET -------------------------------------------------------------------------------


def test_generated_numbers_match_the_sample():
    assert SIREN == "901234567"
    assert SIRET == "90123456700005"


@pytest.mark.parametrize("value", ["732829320", "552008443", SIREN, with_check_digit("12345678"),
                                   with_check_digit("00000001")])
def test_valid_siren(value):
    assert luhn_ok(value)
    assert siren_problem(value) is None


@pytest.mark.parametrize(("value", "message"), [
    ("732829321", "'732829321' is not a valid SIREN: its check digit is wrong (Luhn)"),
    (break_check_digit(SIREN), f"'{break_check_digit(SIREN)}' is not a valid SIREN: its check digit is wrong (Luhn)"),
    ("73282932", "'73282932' is not a SIREN: expected 9 digits"),
    ("7328293200", "'7328293200' is not a SIREN: expected 9 digits"),
    ("73282932A", "'73282932A' is not a SIREN: expected 9 digits"),
])
def test_invalid_siren(value, message):
    assert siren_problem(value) == message


@pytest.mark.parametrize("value", ["73282932000074", SIRET, with_check_digit("5520084430001"),
                                   with_check_digit(SIREN + "1234")])
def test_valid_siret(value):
    assert siret_problem(value) is None


@pytest.mark.parametrize(("value", "message"), [
    (break_check_digit(SIRET),
     f"'{break_check_digit(SIRET)}' is not a valid SIRET: its check digit is wrong (Luhn)"),
    ("73282932000075", "'73282932000075' is not a valid SIRET: its check digit is wrong (Luhn)"),
    ("9012345670000", "'9012345670000' is not a SIRET: expected 14 digits (SIREN + 5-digit NIC)"),
    ("901234567000050", "'901234567000050' is not a SIRET: expected 14 digits (SIREN + 5-digit NIC)"),
    ("9012345670000A", "'9012345670000A' is not a SIRET: expected 14 digits (SIREN + 5-digit NIC)"),
    ("", "'' is not a SIRET: expected 14 digits (SIREN + 5-digit NIC)"),
])
def test_invalid_siret(value, message):
    assert siret_problem(value) == message


def test_siret_whose_siren_is_invalid_even_though_the_14_digits_pass_luhn():
    bad_siren = break_check_digit(SIREN)
    value = with_check_digit(bad_siren + "0000")
    assert luhn_ok(value) and not luhn_ok(bad_siren)
    assert siret_problem(value) == f"'{value}' is not a valid SIRET: its first 9 digits are not a valid SIREN"


# --- La Poste ------------------------------------------------------------------------------------


def la_poste(predicate) -> str:
    """The first La Poste SIRET (SIREN 356000000) after the head office that satisfies ``predicate``."""
    for nic in range(49, 100000):
        value = f"356000000{nic:05d}"
        if predicate(value):
            return value
    raise AssertionError("none found")


def test_la_poste_head_office_is_valid_by_luhn_although_its_digit_sum_is_not_a_multiple_of_5():
    assert LA_POSTE_HEAD_OFFICE == "35600000000048"
    assert luhn_ok("35600000000048") and digit_sum("35600000000048") % 5 != 0
    assert siret_problem("35600000000048") is None


def test_la_poste_establishment_with_digit_sum_multiple_of_5_is_valid_without_luhn():
    value = la_poste(lambda v: digit_sum(v) % 5 == 0 and not luhn_ok(v))
    assert siret_problem(value) is None


def test_la_poste_establishment_with_digit_sum_not_multiple_of_5_is_invalid_even_if_luhn_passes():
    value = la_poste(lambda v: digit_sum(v) % 5 != 0 and luhn_ok(v))
    assert siret_problem(value) == (
        f"'{value}' is not a valid La Poste SIRET: its digits must add up to a multiple of 5")


def test_la_poste_numbers_used_through_check_are_of_the_intended_kind():
    assert not luhn_ok("35600000010014") and digit_sum("35600000010014") % 5 == 0
    assert luhn_ok("35600000010013") and digit_sum("35600000010013") % 5 != 0


def test_la_poste_establishment_invalid_both_ways():
    value = la_poste(lambda v: digit_sum(v) % 5 != 0 and not luhn_ok(v))
    assert siret_problem(value) == f"'{value}' is not a valid La Poste SIRET: its digits must add up to a multiple of 5"


# --- NDA -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["84691234569", "11751234575", "52441234544", "04971234597", "91661234566"])
def test_valid_nda_with_the_usual_layout(value):
    assert nda_problem(value) is None
    assert nda_layout_warning(value) is None


@pytest.mark.parametrize(("value", "message"), [
    ("8469123456", "'8469123456' is not an activity registration number (NDA): expected 11 digits"),
    ("846912345690", "'846912345690' is not an activity registration number (NDA): expected 11 digits"),
    ("8469123456A", "'8469123456A' is not an activity registration number (NDA): expected 11 digits"),
])
def test_invalid_nda(value, message):
    assert nda_problem(value) == message


def test_nda_layout_warning():
    assert nda_problem("84691234568") is None
    assert nda_layout_warning("84691234568") == (
        "'84691234568': the department in positions 3-4 (69) usually repeats in the last two digits (68); "
        "check the number on your registration receipt")


# --- through preuve check ------------------------------------------------------------------------


def run_check(root, *args):
    result = CliRunner().invoke(main, ["check", "--project", str(root), *args])
    assert "Traceback" not in result.output
    return result


def provider_with(**values: str) -> dict[str, str]:
    text = sample.PROVIDER_YML
    for key, value in values.items():
        lines = [f"{key}: {value}" if line.startswith(f"{key}:") else line for line in text.splitlines()]
        assert lines != text.splitlines(), key
        text = "\n".join(lines) + "\n"
    return {"data/provider.yml": text}


@pytest.mark.parametrize(("values", "expected"), [
    ({"siret": '"90123456700006"'},
     "data/provider.yml:2: siret: '90123456700006' is not a valid SIRET: its check digit is wrong (Luhn)"),
    ({"siret": "9012345670000"},
     "data/provider.yml:2: siret: '9012345670000' is not a SIRET: expected 14 digits (SIREN + 5-digit NIC)"),
    ({"siret": '"35600000010013"'},
     "data/provider.yml:2: siret: '35600000010013' is not a valid La Poste SIRET: its digits must add up to a "
     "multiple of 5"),
    ({"nda": '"8469123456"'},
     "data/provider.yml:7: nda: '8469123456' is not an activity registration number (NDA): expected 11 digits"),
    ({"nda": "84-69-12345-69"},
     "data/provider.yml:7: nda: '84-69-12345-69' is not an activity registration number (NDA): expected 11 digits"),
])
def test_check_reports_invalid_identifiers_with_their_field(make_project, values, expected):
    result = run_check(make_project(provider_with(**values)))
    assert result.exit_code == 1
    assert expected in result.output.splitlines()
    assert "1 error(s), 2 warning(s)" in result.output


@pytest.mark.parametrize("values", [
    {"siret": "901 234 567 00005"},           # spaces, as printed on a Kbis
    {"siret": "90123456700005"},              # unquoted: a YAML integer
    {"siret": '"35600000010014"'},           # La Poste establishment (digit sum multiple of 5, not Luhn)
    {"siret": '"35600000000048"'},           # La Poste head office
    {"nda": "84 69 12345 69"},
    {"nda": "04971234597", "nda_region": "La Réunion"},  # unquoted with a leading zero
])
def test_check_accepts_valid_identifiers_as_users_write_them(make_project, values):
    result = run_check(make_project(provider_with(**values)), "--strict")
    lines = result.output.splitlines()
    assert lines[-1] == f"0 error(s), {len(sample.SAMPLE_WARNINGS)} warning(s)"  # the sample's own only
    assert not any("provider.yml" in line for line in lines)


def test_check_warns_about_nda_layout_and_fails_under_strict(make_project):
    root = make_project(provider_with(nda='"84691234568"'))
    expected = ("data/provider.yml:7: warning: nda: '84691234568': the department in positions 3-4 (69) usually "
                "repeats in the last two digits (68); check the number on your registration receipt")
    relaxed = run_check(root)
    assert relaxed.exit_code == 0
    assert expected in relaxed.output.splitlines()
    strict = run_check(root, "--strict")
    assert strict.exit_code == 1
    assert expected in strict.output.splitlines()
