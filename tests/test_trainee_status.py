"""Trainees who are not employees (people.yml's `status`), in mode provider: Paul Durand is
self-employed (his own business, EI Paul Durand), Léa Martin a job seeker; Camille Roy, who trains
as a private person now (May), was self-employed in March (Atelier Roy, closed since), and Nina
Pérez, self-employed in March, works at Client Industrie SA since (a session's own `status`). Their documents state their status, never "salarié(e) de l'entreprise"; they belong to no
client folder and are counted under their status on the evidence index; an employee's facts, and so
every earlier code, stay as they were (tests/golden/ holds the sample's codes)."""

from __future__ import annotations

import json

import jsonschema
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

import sample
from preuve.cli import main
from sample import FUNDED, REMOTE, text
from test_check import diagnostic_lines, run_check
from test_verification import SCHEMA

MARCH = FUNDED.rsplit("/", 1)[1]
MAY = REMOTE.rsplit("/", 1)[1]
OTHERS = """\
- id: paul-durand
  first_name: Paul
  last_name: Durand
  civility: M.
  status: self-employed
  employer: EI Paul Durand
  role: analyst
  ai_systems: [chatgpt]
- id: lea-martin
  first_name: Léa
  last_name: Martin
  civility: Mme
  status: job-seeker
  role: analyst
- id: camille-roy
  first_name: Camille
  last_name: Roy
  status: individual
  role: analyst
- id: nina-perez
  first_name: Nina
  last_name: Pérez
  civility: Mme
  employer: Client Industrie SA
  role: analyst
"""
PEOPLE = sample.PEOPLE_YML + OTHERS
MARCH_ROWS = """\
  - {person: paul-durand, slots: [present, present, present, present], assessment: {score: 15, result: acquired}}
  - {person: lea-martin, slots: [present, present, present, present], assessment: {score: 14, result: acquired}}
  - {person: camille-roy, status: self-employed, employer: Atelier Roy, slots: [present, present, absent, absent],
     assessment: {score: 9, result: not-acquired}}
  - {person: nina-perez, status: self-employed, slots: [present, present, present, present],
     assessment: {score: 17, result: acquired}}
"""
FILES = {"data/people.yml": PEOPLE,
         f"{FUNDED}/attendance.yml": sample.FUNDED_ATTENDANCE_YML + MARCH_ROWS,
         f"{REMOTE}/attendance.csv": sample.REMOTE_ATTENDANCE_CSV + "nina-perez;present;;\r\ncamille-roy;present;;\r\n"}
INDUSTRIE = "Client Industrie SA"
EMPLOYEE_WORDS = ("salarié", "membre du personnel", "employeur", INDUSTRIE)


def facts_of(pdf) -> dict:
    specs = [s.get_object() for s in PdfReader(pdf).trailer["/Root"]["/AF"]]
    return json.loads(specs[0]["/EF"]["/F"].get_object().get_data())


def line_of(source: str, needle: str, after: str = "") -> int:
    """The 1-based line of ``needle`` in ``source``, the first one after ``after``."""
    start = source.index(after) if after else 0
    return source[:source.index(needle, start)].count("\n") + 1


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    return sample.committed_build(tmp_path_factory.mktemp("statuses") / "records", {**sample.sample_files(), **FILES})


def test_the_records_check_with_only_the_samples_warnings(make_project):
    result = run_check(make_project(FILES))
    assert result.exit_code == 0, result.output
    errors, warnings = diagnostic_lines(result.output)
    assert errors == [] and warnings == sample.SAMPLE_WARNINGS


STATED = {"paul-durand": "M. Paul Durand travailleur indépendant (EI Paul Durand)",
          "lea-martin": "Mme Léa Martin demandeuse d'emploi",
          "camille-roy": "Camille Roy en activité indépendante (Atelier Roy)",
          "nina-perez": "Mme Nina Pérez travailleuse indépendante"}


@pytest.mark.parametrize("person", sorted(STATED))
def test_certificate_and_realisation_state_the_status_never_an_employer(output, person):
    for folder in ("certificates", "certificat-de-realisation"):
        page = text(output / "sessions" / MARCH / folder / f"{person}.pdf")
        assert STATED[person] in page, (folder, page)
        assert not [w for w in EMPLOYEE_WORDS if w in page], (folder, page)


def test_an_employee_is_still_named_with_the_employer(output):
    for folder in ("certificates", "certificat-de-realisation"):
        page = text(output / "sessions" / MARCH / folder / "jean-noel-daubigne.pdf")
        assert f"M. Jean-Noël D'Aubigné salarié de l'entreprise {INDUSTRIE}" in page
    # Nina, self-employed in March, was hired since: the May certificate names her employer.
    may = text(output / "sessions" / MAY / "certificates" / "nina-perez.pdf")
    assert f"Mme Nina Pérez salariée de l'entreprise {INDUSTRIE}" in may and "indépendant" not in may
    may = text(output / "sessions" / MAY / "certificates" / "camille-roy.pdf")
    assert "Camille Roy à titre individuel" in may and "Atelier Roy" not in may


def test_facts_state_the_status_of_non_employees_only(output):
    march = output / "sessions" / MARCH
    expected = {
        "paul-durand": {"employer": None, "status": "self-employed", "business": "EI Paul Durand"},
        "lea-martin": {"employer": None, "status": "job-seeker"},
        "camille-roy": {"employer": None, "status": "self-employed", "business": "Atelier Roy"},
        "nina-perez": {"employer": None, "status": "self-employed"},
        "jean-noel-daubigne": {"employer": INDUSTRIE},
    }
    for person, situation in expected.items():
        for folder in ("certificates", "certificat-de-realisation"):
            facts = facts_of(march / folder / f"{person}.pdf")
            jsonschema.validate(facts, SCHEMA)
            trainee = {k: v for k, v in facts["trainee"].items() if k not in ("id", "civility", "first_name", "last_name")}
            assert trainee == situation, (person, folder)
    may = facts_of(output / "sessions" / MAY / "certificates" / "nina-perez.pdf")["trainee"]
    assert "status" not in may and may["employer"] == INDUSTRIE
    may = facts_of(output / "sessions" / MAY / "certificates" / "camille-roy.pdf")["trainee"]
    assert (may["employer"], may["status"], "business" in may) == (None, "individual", False)


def test_the_attendance_sheet_gives_each_trainee_their_status_or_employer(output):
    sheet = text(output / "sessions" / MARCH / "attendance.pdf")
    for said in ("travailleur indépendant (EI Paul Durand)", "demandeuse d'emploi",
                 "en activité indépendante (Atelier Roy)", "Mme Nina Pérez travailleuse indépendante"):
        assert said in sheet
    assert sheet.count(INDUSTRIE) == 4  # the four employees
    assert "salarié" not in sheet


def test_non_employees_belong_to_no_client_and_are_counted_on_the_index(output):
    clients = output / "clients"
    assert sorted(p.name for p in clients.iterdir() if p.is_dir()) == ["client-industrie-sa"]
    folder = sorted(p.relative_to(clients).as_posix() for p in clients.rglob("*") if p.is_file())
    names = {"paul-durand", "lea-martin", "camille-roy"}
    assert not [f for f in folder if any(n in f for n in names)]
    # Nina's March documents (self-employed then) stay out of her present employer's folder; May's go in.
    assert f"client-industrie-sa/certificates/{MAY}/nina-perez.pdf" in folder
    assert f"client-industrie-sa/certificates/{MARCH}/nina-perez.pdf" not in folder
    assert f"client-industrie-sa/certificats-de-realisation/{MARCH}/nina-perez.pdf" not in folder
    for page in ("index.html", "literacy.html", "literacy.json"):
        content = (clients / "client-industrie-sa" / page).read_text()
        assert not [n for n in ("Durand", "Léa", "Camille", "Atelier Roy") if n in content], page
    index = (output / "index.html").read_text()
    for label in ("Travailleurs indépendants (sans entreprise cliente)", "Demandeurs d’emploi (sans entreprise cliente)",
                  "Particuliers (sans entreprise cliente)"):
        row = index[index.index(label):].split("</tr>")[0]
        assert '<td class="num">1</td>' in row and "Aucun dossier client" in row, row
    dossier = text(output / "literacy.pdf")
    assert "Travailleurs indépendants (sans entreprise cliente)" in dossier


def test_pages_and_status_say_the_status(output, tmp_path):
    session = (output / "sessions" / MARCH / "index.html").read_text()
    assert "Analyste · travailleur indépendant (EI Paul Durand)" in session
    assert "Analyste · demandeuse d’emploi" in session and f"Analyste · {INDUSTRIE}" in session
    literacy = (output / "literacy.html").read_text()
    assert "Analyste · à titre individuel" in literacy and "Analyste · demandeuse d’emploi" in literacy
    root = output.parents[1]
    result = CliRunner().invoke(main, ["status", "--json", "--project", str(root)])
    people = {p["id"]: p for p in json.loads(result.stdout)["people"]}
    assert (people["paul-durand"]["client"], people["paul-durand"]["trainee_status"]) == (None, "self-employed")
    assert (people["nina-perez"]["client"], people["nina-perez"]["trainee_status"]) == ("client-industrie-sa", "employee")
    verified = CliRunner().invoke(main, ["verify", str(output / "sessions" / MARCH / "certificates" / "paul-durand.pdf"),
                                         "--project", str(root)])
    assert "trainee:   M. Paul Durand (self-employed, EI Paul Durand)" in verified.output, verified.output


# --- validation ---------------------------------------------------------------------------------

ATT = f"{FUNDED}/attendance.yml"


def _checked(make_project, files: dict[str, str]) -> list[str]:
    result = run_check(make_project({**FILES, **files}))
    errors, _warnings = diagnostic_lines(result.output)
    assert result.exit_code == (1 if errors else 0), result.output
    return errors


def test_an_unknown_status_is_refused(make_project):
    people = PEOPLE.replace("status: individual", "status: freelance")
    assert _checked(make_project, {"data/people.yml": people}) == [
        f"data/people.yml:{line_of(people, 'status: freelance')}: status: 'freelance' is not allowed: "
        "expected 'employee', 'self-employed', 'job-seeker' or 'individual'"]


def test_an_employee_still_needs_an_employer_in_mode_provider(make_project):
    people = sample.PEOPLE_YML + OTHERS.replace("  employer: Client Industrie SA\n", "  status: employee\n")
    assert _checked(make_project, {"data/people.yml": people}) == [
        f"data/people.yml:{line_of(people, '- id: nina-perez')}: employer: required in mode 'provider': "
        "the trainee's employer company"]


@pytest.mark.parametrize("status, who", [("job-seeker", "a job seeker"), ("individual", "a private person")])
def test_an_employer_given_to_someone_who_has_none_is_refused(make_project, status, who):
    people = PEOPLE.replace(f"  status: {status}\n", f"  status: {status}\n  employer: Boulangerie Martin\n")
    assert _checked(make_project, {"data/people.yml": people}) == [
        f"data/people.yml:{line_of(people, 'employer: Boulangerie Martin')}: employer: 'Boulangerie Martin' is given "
        f"for {who} (status: {status}), who has no employer: documents would name one; leave employer out, or "
        "correct status"]


def test_a_session_employer_for_a_job_seeker_asks_for_the_status_then(make_project):
    attendance = sample.FUNDED_ATTENDANCE_YML + MARCH_ROWS.replace(
        "{person: lea-martin,", "{person: lea-martin, employer: Boulangerie Martin,")
    index = 6  # the sixth participant (users count from 1)
    assert _checked(make_project, {ATT: attendance}) == [
        f"{ATT}:{line_of(attendance, 'person: lea-martin')}: participants[{index}].employer: 'Boulangerie Martin' "
        "is given for a job seeker (status: job-seeker in data/people.yml), who has no employer: documents would "
        "name one; add status: employee to this participant if they were an employee at this session"]
    fixed = attendance.replace("{person: lea-martin,", "{person: lea-martin, status: employee,")
    assert _checked(make_project, {ATT: fixed}) == []


def test_a_session_status_of_employee_needs_the_employer_then(make_project):
    attendance = sample.FUNDED_ATTENDANCE_YML + MARCH_ROWS.replace("nina-perez, status: self-employed", "nina-perez, status: employee")
    assert _checked(make_project, {ATT: attendance}) == [
        f"{ATT}:{line_of(attendance, 'person: nina-perez')}: participants[8].employer: required in mode "
        "'provider' for an employee (status: employee): the trainee's employer company at this session"]


def test_a_status_column_of_attendance_csv_is_read(make_project):
    csv = "person;slot1;score;result;status\r\nzoe-ndiaye;present;;;\r\ndmitri;present;;;\r\nnina-perez;present;;;employee\r\n"
    assert _checked(make_project, {f"{REMOTE}/attendance.csv": csv}) == [
        f"{REMOTE}/attendance.csv:4: participants[3].employer: required in mode 'provider' for an employee "
        "(status: employee): the trainee's employer company at this session"]


def test_an_empty_status_cell_of_people_csv_is_an_employee(make_project):
    csv = ("id;first_name;last_name;civility;employer;status;role;ai_systems\r\n"
           "jean-noel-daubigne;Jean-Noël;D'Aubigné;M.;Client Industrie SA;;manager;chatgpt\r\n"
           "zoe-ndiaye;Zoé;N'Diaye;Mme;Client Industrie SA;;analyst;chatgpt|copilot\r\n"
           "aurelien-long;Aurélien-Marie;Dupont-Moreau de la Tour-Vaillant;M.;Client Industrie SA;;analyst;\r\n"
           "dmitri;Дмитрий;Ζαχαρίου;M.;Client Industrie SA;;analyst;copilot\r\n"
           "benoit-workshop;Benoît;Maréchal;M.;Client Industrie SA;;workshop;\r\n"
           "paul-durand;Paul;Durand;M.;EI Paul Durand;self-employed;analyst;chatgpt\r\n"
           "lea-martin;Léa;Martin;Mme;;job-seeker;analyst;\r\n"
           "camille-roy;Camille;Roy;;;individual;analyst;\r\n"
           "nina-perez;Nina;Pérez;Mme;;;analyst;\r\n")
    assert _checked(make_project, {"data/people.yml": None, "data/people.csv": csv}) == [
        "data/people.csv:10: employer: required in mode 'provider': the trainee's employer company"]


def test_a_self_employed_trainees_business_that_is_a_client_is_a_warning(make_project):
    """EI Paul Durand written as client 'industrie': documents said "travailleur indépendant (Client
    Industrie SA)" and the client's folder and dossier left him out, though he is most likely its
    employee; his own business as a client (it pays the invoice) is possible, so a warning."""
    clients = 'industrie:\n  legal_name: Client Industrie SA\n  siret: "73282932000074"\n'
    people = PEOPLE.replace("employer: EI Paul Durand", "employer: industrie")
    attendance = sample.FUNDED_ATTENDANCE_YML + MARCH_ROWS.replace(
        "nina-perez, status: self-employed,", "nina-perez, status: self-employed, employer: client industrie sa,")
    result = run_check(make_project({**FILES, "data/clients.yml": clients, "data/people.yml": people, ATT: attendance}))
    assert result.exit_code == 0, result.output
    _errors, warnings = diagnostic_lines(result.output)
    said = ("of data/clients.yml, given as a self-employed trainee's own business: documents say \"self-employed "
            "(Client Industrie SA)\" and clients/industrie/ holds nothing of theirs; if they are its employee, "
            "correct status")
    assert [w for w in warnings if "self-employed trainee" in w] == [
        f"{ATT}:{line_of(attendance, 'person: nina-perez')}: warning: participants[8].employer: 'client industrie sa' "
        f"is client 'industrie' (Client Industrie SA) {said}",
        f"data/people.yml:{line_of(people, 'employer: industrie')}: warning: employer: 'industrie' is client "
        f"'industrie' (Client Industrie SA) {said}"]


def test_in_house_everyone_is_staff(make_project):
    people = sample.PEOPLE_YML.replace("  employer: Client Industrie SA\n", "") + OTHERS.replace(
        "  employer: EI Paul Durand\n", "").replace("  employer: Client Industrie SA\n", "")
    attendance = sample.FUNDED_ATTENDANCE_YML + "  - {person: nina-perez, status: self-employed, slots: [present]}\n"
    files = {"preuve.yml": sample.PREUVE_YML.replace("mode: provider", "mode: in-house"), "data/people.yml": people,
             ATT: attendance}
    message = ("is for mode 'provider': in mode in-house everyone trained is the company's own staff, to whom it "
               "issues an internal attestation; leave status out")
    errors = _checked(make_project, files)
    assert [e for e in errors if "status" in e.split(": ")[1]] == [
        f"{ATT}:{line_of(attendance, 'nina-perez')}: participants[5].status: 'self-employed' {message}",
        f"data/people.yml:{line_of(people, 'status: self-employed')}: status: 'self-employed' {message}",
        f"data/people.yml:{line_of(people, 'status: job-seeker')}: status: 'job-seeker' {message}",
        f"data/people.yml:{line_of(people, 'status: individual')}: status: 'individual' {message}"]


def test_english_documents_state_the_status(tmp_path):
    rows = MARCH_ROWS.split("  - {person: lea-martin")[0]  # Paul only
    files = {**sample.sample_files(), "preuve.yml": sample.PREUVE_YML.replace("locale: fr", "locale: en"),
             "data/people.yml": PEOPLE, f"{FUNDED}/attendance.yml": sample.FUNDED_ATTENDANCE_YML + rows}
    output = sample.committed_build(tmp_path / "records", files)
    for folder in ("certificates", "certificat-de-realisation"):
        page = text(output / "sessions" / MARCH / folder / "paul-durand.pdf")
        assert "Mr Paul Durand self-employed (EI Paul Durand)" in page and "employee of" not in page, page
