"""A funder per trainee (``participants[].funding``): in an inter-company session each trainee's
certificat de réalisation names their own funder and agreement, a trainee nobody funds gets none,
and records that do not use the field keep every fact and code (docs/records.md, "A funder per
trainee")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from preuve.cli import main

import sample
from sample import committed_build, text
from test_check import diagnostic_lines, edit, run_check

FUNDED, REMOTE = sample.FUNDED, sample.REMOTE
FUNDED_ATT = f"{FUNDED}/attendance.yml"
REMOTE_CSV = f"{REMOTE}/attendance.csv"

JOB_SEEKER = """\
- id: lea-martin
  first_name: Léa
  last_name: Martin
  civility: Mme
  status: job-seeker
  role: analyst
"""

# The sample's funded session (OPCO Atlas, CONV-2026-0042) made inter-company: Jean-Noël's
# company's OPCO funds him under its own agreement, Zoé's company pays (nobody funds her), a job
# seeker is funded by France Travail, Dmitri keeps the session's funder.
MIXED = {
    "data/people.yml": sample.PEOPLE_YML + JOB_SEEKER,
    **edit(FUNDED_ATT,
           ("  - person: jean-noel-daubigne\n",
            "  - person: jean-noel-daubigne\n    funding: {opco: AKTO, agreement: AKTO-2026-117}\n"),
           ("  - person: zoe-ndiaye\n", "  - person: zoe-ndiaye\n    funding: false\n"),
           ("    assessment: {score: 18, result: acquired}\n",
            "    assessment: {score: 18, result: acquired}\n  - person: lea-martin\n"
            "    funding: {opco: France Travail, agreement: AIF-44-2026-0311}\n"
            "    slots: [present, present, present, present]\n    assessment: {score: 15, result: acquired}\n")),
    # A session without funding of its own, in CSV: Zoé's CPF pays, Dmitri's row leaves it empty.
    REMOTE_CSV: "person;slot1;score;result;opco;agreement\r\n"
                "zoe-ndiaye;present;;;Caisse des Dépôts (CPF);CPF-2026-88812\r\ndmitri;present;;;;\r\n",
}


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    return committed_build(tmp_path_factory.mktemp("mixed") / "records", {**sample.sample_files(), **MIXED})


def facts(pdf: Path) -> dict:
    return json.loads(PdfReader(pdf).attachments["certificate-facts.json"][0])


def test_each_funded_trainee_s_realisation_names_their_own_funder_and_agreement(mixed):
    folder = mixed / "sessions" / sample.FUNDED.rsplit("/", 1)[1] / "certificat-de-realisation"
    expected = {"jean-noel-daubigne": ("AKTO", "AKTO-2026-117"), "dmitri": ("OPCO Atlas", "CONV-2026-0042"),
                "lea-martin": ("France Travail", "AIF-44-2026-0311")}
    assert sorted(p.stem for p in folder.glob("*.pdf")) == sorted(expected)
    for person, (funder, agreement) in expected.items():
        printed = text(folder / f"{person}.pdf")
        assert f"Financement : {funder} · prise en charge n° {agreement}" in printed
        others = {f for f, _ in expected.values()} - {funder}
        assert not any(other in printed for other in others), person
        assert facts(folder / f"{person}.pdf")["funding"] == {"opco": funder, "agreement": agreement}
    assert "demandeuse d'emploi" in text(folder / "lea-martin.pdf")


def test_a_trainee_nobody_funds_has_a_certificate_and_no_realisation(mixed):
    session = mixed / "sessions" / sample.FUNDED.rsplit("/", 1)[1]
    assert (session / "certificates" / "zoe-ndiaye.pdf").is_file()
    assert not (session / "certificat-de-realisation" / "zoe-ndiaye.pdf").exists()
    page = (session / "index.html").read_text().replace("\u00a0", " ").replace("\u202f", " ")
    assert page.count("sans financement") == 1  # Zoé's cell in the certificat de réalisation column
    assert "AKTO · n° AKTO-2026-117" in page and "OPCO Atlas · n° CONV-2026-0042" in page


def test_a_session_without_funding_funds_only_the_trainees_whose_csv_row_names_a_funder(mixed):
    session = mixed / "sessions" / sample.REMOTE.rsplit("/", 1)[1]
    assert [p.stem for p in (session / "certificat-de-realisation").glob("*.pdf")] == ["zoe-ndiaye"]
    assert "Financement : Caisse des Dépôts (CPF) · prise en charge n° CPF-2026-88812" in text(
        session / "certificat-de-realisation" / "zoe-ndiaye.pdf")
    assert "sans financement" in (session / "index.html").read_text()


def test_verify_json_and_the_client_folder_list_the_realisations_issued_per_trainee(mixed):
    documents = json.loads((mixed / "verify.json").read_text())["documents"]
    realisations = sorted((d["session"], d["person"]) for d in documents if d["kind"] == "certificat-de-realisation")
    assert realisations == [("2026-03-ia-fondamentaux", "dmitri"), ("2026-03-ia-fondamentaux", "jean-noel-daubigne"),
                            ("2026-03-ia-fondamentaux", "lea-martin"), ("2026-05-copilot", "zoe-ndiaye")]
    client = mixed / "clients" / "client-industrie-sa" / "certificats-de-realisation"
    assert sorted(str(p.relative_to(client)) for p in client.rglob("*.pdf")) == [
        "2026-03-ia-fondamentaux/dmitri.pdf", "2026-03-ia-fondamentaux/jean-noel-daubigne.pdf",
        "2026-05-copilot/zoe-ndiaye.pdf"]  # Léa, a job seeker, is no client's


@pytest.mark.parametrize(("csv", "keep_until"), [
    (MIXED[REMOTE_CSV], "2029-12-31"),  # Zoé's CPF: the certificat de réalisation's 3 years
    (sample.REMOTE_ATTENDANCE_CSV, "2027-12-31"),  # nobody funded: evidence_years alone
], ids=["a-trainee-funded", "nobody-funded"])
def test_a_session_funded_only_through_a_trainee_keeps_its_evidence_3_years(make_project, csv, keep_until):
    root = make_project({"preuve.yml": sample.PREUVE_YML.replace("evidence_years: 6", "evidence_years: 1"),
                         REMOTE_CSV: csv})
    status = CliRunner().invoke(main, ["status", "--json", "--as-of", "2026-11-02", "--project", str(root)])
    assert status.exit_code == 0, status.output
    dates = {r["id"]: r["keep_until"] for r in json.loads(status.stdout)["retention"] if r["kind"] == "session"}
    assert dates[REMOTE.rsplit("/", 1)[1]] == keep_until


def test_a_funded_session_whose_every_trainee_is_funded_by_nobody_is_not_a_funded_action(make_project):
    """The session names OPCO Atlas, yet each of its trainees writes ``funding: false`` (their
    companies pay): no certificat de réalisation is issued, so neither its page ("Action financée")
    nor its retention (the certificat de réalisation's 3 years) may say it is funded."""
    unfunded = edit(FUNDED_ATT, *((f"  - person: {p}\n", f"  - person: {p}\n    funding: false\n")
                                  for p in ("jean-noel-daubigne", "zoe-ndiaye", "aurelien-long", "dmitri")))
    root = make_project({"preuve.yml": sample.PREUVE_YML.replace("evidence_years: 6", "evidence_years: 1"),
                         **unfunded})
    status = CliRunner().invoke(main, ["status", "--json", "--as-of", "2026-11-02", "--project", str(root)])
    assert status.exit_code == 0, status.output
    dates = {r["id"]: r["keep_until"] for r in json.loads(status.stdout)["retention"] if r["kind"] == "session"}
    assert dates[FUNDED.rsplit("/", 1)[1]] == "2027-12-31"
    # Nor is it an action that public funds pay for: its nature need not be a Qualiopi category.
    qualiopi = ("qualiopi:\n  certifier: AFNOR\n  certificate: Q-1\n  valid_until: 2027-12-31\n"
                "  categories: [bilans-de-competences]\n")
    (root / "data/provider.yml").write_text(sample.PROVIDER_YML + qualiopi, encoding="utf-8")
    checked = run_check(root)
    assert checked.exit_code == 0, checked.output
    assert "yet the session is funded" not in checked.output


def test_writing_the_session_s_funder_on_a_trainee_changes_no_fact_and_no_code(tmp_path):
    """The session's funder written on each participant, and the sample as it is, give the same
    verify.json documents: a participant's funding equal to the session's is the session's."""
    plain = committed_build(tmp_path / "plain", sample.sample_files())
    explicit = {**sample.sample_files(), **edit(
        FUNDED_ATT, *((f"  - person: {p}\n", f"  - person: {p}\n    funding: {{opco: OPCO Atlas, agreement: CONV-2026-0042}}\n")
                      for p in ("jean-noel-daubigne", "zoe-ndiaye", "aurelien-long", "dmitri")))}
    written = committed_build(tmp_path / "written", explicit)

    def codes(version: Path) -> list:
        return [(d["path"], d["code"]) for d in json.loads((version / "verify.json").read_text())["documents"]]

    assert codes(plain) == codes(written)
    assert len([c for c in codes(plain) if "certificat-de-realisation" in c[0]]) == 3


Z = "  - person: zoe-ndiaye\n"
CSV_HEADER = "person;slot1;score;result;opco;agreement"


@pytest.mark.parametrize(("changes", "expected"), [
    pytest.param(edit(FUNDED_ATT, (Z, Z + "    funding:\n")),
                 f"{FUNDED_ATT}:10: participants[2].funding: is empty: give this trainee's opco and agreement, "
                 "write false for a trainee nobody funds, or leave the key out for the session's funding", id="empty"),
    pytest.param(edit(FUNDED_ATT, (Z, Z + "    funding: {}\n")),
                 f"{FUNDED_ATT}:10: participants[2].funding: is empty: give this trainee's opco and agreement, "
                 "write false for a trainee nobody funds, or leave the key out for the session's funding",
                 id="empty-mapping"),
    pytest.param(edit(FUNDED_ATT, (Z, Z + "    funding: true\n")),
                 f"{FUNDED_ATT}:10: participants[2].funding: expected this trainee's funder ({{opco: …, agreement: …}}) "
                 "or false for a trainee nobody funds, got true", id="true"),
    pytest.param(edit(FUNDED_ATT, (Z, Z + '    funding: "false"\n')),
                 f"{FUNDED_ATT}:10: participants[2].funding: expected this trainee's funder ({{opco: …, agreement: …}}) "
                 "or false for a trainee nobody funds, got 'false' (in quotes: write false without them)",
                 id="false-in-quotes"),
    pytest.param(edit(FUNDED_ATT, (Z, Z + "    funding:\n      opco: AKTO\n")),
                 f"{FUNDED_ATT}:10: participants[2].funding.agreement: required field is missing", id="no-agreement"),
    pytest.param({REMOTE_CSV: f"{CSV_HEADER}\r\nzoe-ndiaye;present;;;AKTO;\r\ndmitri;present;;;;\r\n"},
                 f"{REMOTE_CSV}:2: participants[1].funding.agreement: required field is missing", id="csv-no-agreement"),
    pytest.param({REMOTE_CSV: f"{CSV_HEADER};funding\r\nzoe-ndiaye;present;;;AKTO;A-1;false\r\ndmitri;present;;;;;\r\n"},
                 f"{REMOTE_CSV}:2: funding: false says nobody funds this trainee, yet the row gives opco and "
                 "agreement: empty the funding cell, or the funder's", id="csv-false-and-funder"),
    pytest.param({REMOTE_CSV: "person;slot1;score;result;funding\r\nzoe-ndiaye;present;;;non\r\ndmitri;present;;;FALSE\r\n"},
                 f"{REMOTE_CSV}:2: participants[1].funding: expected this trainee's funder ({{opco: …, agreement: …}}) "
                 "or false for a trainee nobody funds, got 'non'", id="csv-not-false"),
    # A spreadsheet's header "OPCO": read as an unknown column, the trainee got the session's funder.
    pytest.param({REMOTE_CSV: "person;slot1;score;result;OPCO\r\nzoe-ndiaye;present;;;AKTO\r\ndmitri;present;;;\r\n"},
                 f"{REMOTE_CSV}:1: OPCO: is not read as the column opco: name it opco (lowercase, no space), or its "
                 "cells are ignored", id="csv-opco-in-capitals"),
])
def test_each_mistake_in_a_trainee_s_funding_is_an_error_at_its_line(make_project, changes, expected):
    result = run_check(make_project(changes))
    assert result.exit_code == 1, result.output
    errors, _ = diagnostic_lines(result.output)
    assert errors == [expected]


def test_a_trainee_funded_for_an_action_outside_the_qualiopi_categories_is_a_warning(make_project):
    qualiopi = ("qualiopi:\n  certifier: AFNOR\n  certificate: Q-1\n  valid_until: 2027-12-31\n"
                "  categories: [bilans-de-competences]\n")
    result = run_check(make_project({"data/provider.yml": sample.PROVIDER_YML + qualiopi, REMOTE_CSV: MIXED[REMOTE_CSV]}))
    assert result.exit_code == 0, result.output
    assert (f"{REMOTE}/session.md:3: warning: nature: 'action-de-formation' is not among the categories of the "
            "Qualiopi certificate (bilans-de-competences, data/provider.yml), yet its trainees are funded: public "
            "and mutualised funds pay only for actions of a certified category") in result.output


def test_false_in_the_funding_column_and_in_yaml_means_nobody_funds_the_trainee(make_project):
    root = make_project({
        **edit(FUNDED_ATT, (Z, Z + "    funding: false\n")),
        REMOTE_CSV: f"{CSV_HEADER};funding\r\nzoe-ndiaye;present;;;;;FALSE\r\ndmitri;present;;;AKTO;A-1;\r\n"})
    sample.commit_all(root)
    version = sample.built(root)
    realisations = sorted(str(p.relative_to(version / "sessions")) for p in version.glob("sessions/*/certificat-de-realisation/*.pdf"))
    assert realisations == ["2026-03-ia-fondamentaux/certificat-de-realisation/dmitri.pdf",
                            "2026-03-ia-fondamentaux/certificat-de-realisation/jean-noel-daubigne.pdf",
                            "2026-05-copilot/certificat-de-realisation/dmitri.pdf"]


def test_a_funder_recorded_with_the_enrolment_before_the_session_is_no_mistake(make_project):
    """An OPCO agrees to pay before the training starts: a planned session's enrolled trainee may
    carry their funder before any mark is recorded, and nothing is issued until they attend."""
    planned = f"{sample.PLANNED}/attendance.yml"
    root = make_project(edit(planned, ("  - person: jean-noel-daubigne\n", "  - person: jean-noel-daubigne\n"
                                       "    funding: {opco: AKTO, agreement: AKTO-2027-002}\n")))
    result = run_check(root)
    assert result.exit_code == 0, result.output
    assert diagnostic_lines(result.output) == ([], sample.SAMPLE_WARNINGS)
