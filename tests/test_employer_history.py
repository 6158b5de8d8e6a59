"""A trainee who changed employer: a session's `employer` (attendance.yml, attendance.csv) says whom
they worked for then. Paul Fournier was trained at Boulangeries Réunies SAS in March (a session its
OPCO funded) and works at Client Industrie SA since: the March documents keep naming Boulangeries
and go to its folder only, the May ones name Industrie; the dossiers speak of current staff."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile

import pytest
from pypdf import PdfReader

import sample
from sample import FUNDED, REMOTE, built, text
from test_clients import CLIENTS_YML, assert_checked, readable

MARCH, MAY = FUNDED.rsplit("/", 1)[1], REMOTE.rsplit("/", 1)[1]
PAUL = """\
- id: paul-fournier
  first_name: Paul
  last_name: Fournier
  civility: M.
  employer: industrie
  role: analyst
  ai_systems: [chatgpt, copilot]
"""
PAUL_IN_MARCH = "  - {person: paul-fournier, employer: boulangeries, slots: [present, present, present, present], " \
                "assessment: {score: 17, result: acquired}}\n"
MOVED = {
    "data/clients.yml": CLIENTS_YML,
    "data/people.yml": sample.PEOPLE_YML + PAUL,
    f"{FUNDED}/attendance.yml": sample.FUNDED_ATTENDANCE_YML + PAUL_IN_MARCH,
    f"{REMOTE}/attendance.csv": sample.REMOTE_ATTENDANCE_CSV + "paul-fournier;present;;\r\n",
}
BOULANGERIES, INDUSTRIE = "Boulangeries Réunies SAS", "Client Industrie SA"


def facts_of(pdf) -> dict:
    specs = [s.get_object() for s in PdfReader(pdf).trailer["/Root"]["/AF"]]
    return json.loads(specs[0]["/EF"]["/F"].get_object().get_data())


def listing(folder) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def moved(tmp_path_factory):
    return sample.committed_build(tmp_path_factory.mktemp("moved") / "records", {**sample.sample_files(), **MOVED})


def test_documents_of_a_session_name_the_employer_at_that_session(moved):
    march = moved / "sessions" / MARCH
    for pdf in (march / "certificates" / "paul-fournier.pdf", march / "certificat-de-realisation" / "paul-fournier.pdf"):
        assert f"salarié de l'entreprise {BOULANGERIES}" in text(pdf), pdf
        assert INDUSTRIE not in text(pdf), pdf
    assert facts_of(march / "certificates" / "paul-fournier.pdf")["trainee"]["employer"] == BOULANGERIES
    assert facts_of(march / "certificat-de-realisation" / "paul-fournier.pdf")["trainee"]["employer"] == BOULANGERIES
    may = moved / "sessions" / MAY / "certificates" / "paul-fournier.pdf"
    assert f"salarié de l'entreprise {INDUSTRIE}" in text(may) and BOULANGERIES not in text(may)
    assert facts_of(may)["trainee"]["employer"] == INDUSTRIE
    # The March sheet's row says Boulangeries for Paul, Industrie for the others.
    sheet = text(march / "attendance.pdf")
    assert BOULANGERIES in sheet and sheet.count(INDUSTRIE) >= 3
    assert BOULANGERIES not in text(moved / "sessions" / MAY / "attendance.pdf")


def test_earlier_documents_stay_with_the_former_employer(moved):
    clients = moved / "clients"
    assert sorted(p.name for p in clients.iterdir() if p.is_dir()) == ["boulangeries", "industrie"]
    former = listing(clients / "boulangeries")
    assert former == ["SHA256SUMS", "assets/web.css", f"certificates/{MARCH}/paul-fournier.pdf",
                      f"certificats-de-realisation/{MARCH}/paul-fournier.pdf", "index.html", "literacy.html",
                      "literacy.json", "literacy.pdf", f"programmes/{MARCH}.pdf"]
    with zipfile.ZipFile(clients / "boulangeries.zip") as archive:
        assert archive.namelist() == [f"boulangeries-{moved.name}/{name}" for name in former]
    checked = subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=clients / "boulangeries",
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    code = facts_of(moved / "sessions" / MARCH / "certificates" / "paul-fournier.pdf")["code"]
    assert code in (clients / "boulangeries" / "index.html").read_text()
    # The new employer gets Paul's May certificate, none of his March documents.
    current = listing(clients / "industrie")
    assert f"certificates/{MAY}/paul-fournier.pdf" in current
    assert [name for name in current if "paul-fournier" in name] == [f"certificates/{MAY}/paul-fournier.pdf"]
    with zipfile.ZipFile(clients / "industrie.zip") as archive:
        assert [n for n in archive.namelist() if "paul-fournier" in n] == [
            f"industrie-{moved.name}/certificates/{MAY}/paul-fournier.pdf"]
        everything = b"".join(archive.read(n) for n in archive.namelist())
    assert code.encode() not in everything
    assert code not in (clients / "industrie" / "SHA256SUMS").read_text() + (clients / "industrie" / "index.html").read_text()
    # …and the former employer none of the May ones.
    assert not [name for name in former if MAY in name]
    # Nothing the new employer receives names the former one.
    received = [clients / "industrie.zip", *(p for p in (clients / "industrie").rglob("*") if p.is_file())]
    assert [p.name for p in received if BOULANGERIES in readable(p.name, p.read_bytes())] == []


def test_the_dossiers_speak_of_current_staff(moved):
    former = json.loads((moved / "clients" / "boulangeries" / "literacy.json").read_text())
    assert former["people"] == {}
    current = json.loads((moved / "clients" / "industrie" / "literacy.json").read_text())
    assert "paul-fournier" in current["people"]
    assert BOULANGERIES in text(moved / "clients" / "boulangeries" / "literacy.pdf")


def test_in_house_the_certificate_names_the_employer_then(make_project):
    changes = {"preuve.yml": sample.PREUVE_YML.replace("mode: provider", "mode: in-house"),
               "data/people.yml": sample.PEOPLE_YML.replace("  employer: Client Industrie SA\n", ""),
               f"{FUNDED}/attendance.yml": sample.FUNDED_ATTENDANCE_YML.replace(
                   "  - person: dmitri\n", "  - person: dmitri\n    employer: Filiale Lyon SAS\n")}
    out = built(make_project(changes, commit=True))
    march = out / "sessions" / MARCH / "certificates"
    assert "salarié de l'entreprise Filiale Lyon SAS" in text(march / "dmitri.pdf")
    assert "Filiale Lyon SAS" not in text(out / "sessions" / MAY / "certificates" / "dmitri.pdf")
    assert "salarié de l'entreprise" not in text(march / "jean-noel-daubigne.pdf")


# --- records ------------------------------------------------------------------------------------------

LINE = sample.FUNDED_ATTENDANCE_YML.count("\n") + 1  # Paul's line, after the sample's participants
SHARE = f"{FUNDED}/attendance.yml:{LINE}: participants[5].employer: "


def paul_in_march(employer: str) -> dict[str, str]:
    return {**MOVED, f"{FUNDED}/attendance.yml": sample.FUNDED_ATTENDANCE_YML
            + PAUL_IN_MARCH.replace("employer: boulangeries", f"employer: {employer}")}


def paul_in_may_csv(employer: str) -> dict[str, str]:
    return {**MOVED, f"{REMOTE}/attendance.csv": "person;slot1;score;result;employer\r\nzoe-ndiaye;present;;;\r\n"
            f"dmitri;present;;;\r\npaul-fournier;present;;;{employer}\r\n"}


@pytest.mark.parametrize(("changes", "errors", "warnings"), [
    pytest.param({**paul_in_march("Client-Industrie SA"), "data/clients.yml": None,
                  "data/people.yml": sample.PEOPLE_YML + PAUL.replace("employer: industrie", f"employer: {INDUSTRIE}")},
                 [SHARE + f"'Client-Industrie SA' and '{INDUSTRIE}' (data/people.yml:6) would share the folder "
                  "clients/client-industrie-sa/: write the same employer the same way, or give each company its own "
                  "id in data/clients.yml"], [], id="two-spellings-one-folder"),
    pytest.param(paul_in_may_csv("Boulangeries"), [
        f"{REMOTE}/attendance.csv:4: participants[3].employer: 'Boulangeries' is not in data/clients.yml, yet its "
        "folder would be clients/boulangeries/, the folder of client 'boulangeries' (Boulangeries Réunies SAS): "
        "write that id if it is the same company, or give this one an id of its own in data/clients.yml"], [],
        id="free-text-in-a-client-id-folder-csv"),
    pytest.param({**paul_in_march(BOULANGERIES),
                  "data/clients.yml": CLIENTS_YML + "boulangeries-nord:\n  legal_name: Boulangeries  réunies SAS\n"},
                 [SHARE + f"'{BOULANGERIES}' is the legal_name of several clients in data/clients.yml ('boulangeries', "
                  "'boulangeries-nord'): write the id of the one that employs this person"], [],
                 id="legal-name-of-two-clients"),
    pytest.param(paul_in_may_csv("Mutuelle de l'Ouest"), [],
                 [f"{REMOTE}/attendance.csv:4: warning: participants[3].employer: 'Mutuelle de l'Ouest' is neither a "
                  "client id nor a legal_name in data/clients.yml: its documents go to clients/mutuelle-de-l-ouest/"],
                 id="employer-not-in-clients-csv"),
    pytest.param({"preuve.yml": sample.PREUVE_YML.replace("mode: provider", "mode: in-house"),
                  "data/people.yml": sample.PEOPLE_YML.replace("  employer: Client Industrie SA\n", ""),
                  f"{FUNDED}/attendance.yml": sample.FUNDED_ATTENDANCE_YML.replace(
                      "  - person: dmitri\n", "  - person: dmitri\n    employer: Filiale Lyon SAS\n")}, [],
                 [f"{FUNDED}/attendance.yml:15: warning: participants[4].employer: 'Filiale Lyon SAS' (1 person) is "
                  "not the provider, Forma'IA Conseil SARL: in mode in-house the attestation is issued by the "
                  "employer to its own staff and would name both; leave employer out for the provider's staff, or "
                  "train another company's staff in mode provider"], id="another-company-in-house"),
])
def test_a_sessions_employer_is_checked_as_a_persons(make_project, changes, errors, warnings):
    assert_checked(make_project(changes), errors, warnings)


def test_a_valid_former_employer_is_no_warning(make_project):
    assert_checked(make_project(MOVED), [], [])
