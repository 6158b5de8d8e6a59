"""Mode provider with three client companies: each gets a folder (and an archive) that names only
its own staff, checked by reading every file in it, PDFs and the archive included; the
provider-wide dossier speaks of training delivered to clients' staff, never of the provider's own."""

from __future__ import annotations

import hashlib
import html
import io
import json
import subprocess
import zipfile

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

import sample
from preuve.cli import main
from sample import FUNDED, PLANNED, REMOTE, built, text
from test_check import diagnostic_lines, run_check

CLIENTS_YML = """\
industrie:
  legal_name: Client Industrie SA
  siret: "73282932000074"
  contact: Mme Carole Vidal, RH — rh@client.example
boulangeries:
  legal_name: Boulangeries Réunies SAS
  siret: "55203253400646"
"""
# Client Industrie SA: the sample's five people (employer written as the legal name).
# Boulangeries Réunies SAS: referred to by its id. Mutuelle de l'Ouest: free text, not in clients.yml.
OTHERS = """\
- id: paul-fournier
  first_name: Paul
  last_name: Fournier
  civility: M.
  employer: boulangeries
  role: analyst
  ai_systems: [chatgpt]
- id: lea-petrin
  first_name: Léa
  last_name: Pétrin
  civility: Mme
  employer: boulangeries
  role: manager
- id: odile-assureur
  first_name: Odile
  last_name: Assureur
  civility: Mme
  employer: Mutuelle de l'Ouest
  role: analyst
  ai_systems: [copilot]
- id: karim-mutuel
  first_name: Karim
  last_name: Mutualiste
  civility: M.
  employer: Mutuelle de l'Ouest
  role: manager
  ai_systems: [chatgpt]
"""
FUNDED_ATTENDANCE = sample.FUNDED_ATTENDANCE_YML + """\
  - {person: paul-fournier, slots: [present, present, present, present], assessment: {score: 17, result: acquired}}
  - {person: lea-petrin, slots: [present, present, present, present], assessment: {score: 9, result: not-acquired}}
  - {person: odile-assureur, slots: [present, present, present, present], assessment: {score: 15, result: acquired}}
"""
THREE_CLIENTS = {
    "data/clients.yml": CLIENTS_YML,
    "data/people.yml": sample.PEOPLE_YML + OTHERS,
    f"{FUNDED}/attendance.yml": FUNDED_ATTENDANCE,
    f"{REMOTE}/attendance.csv": sample.REMOTE_ATTENDANCE_CSV + "odile-assureur;present;;\r\n",
    f"{PLANNED}/attendance.yml": "participants:\n  - person: jean-noel-daubigne\n  - person: karim-mutuel\n",
}

STAFF = {
    "industrie": ["jean-noel-daubigne", "zoe-ndiaye", "aurelien-long", "dmitri", "benoit-workshop"],
    "boulangeries": ["paul-fournier", "lea-petrin"],
    "mutuelle-de-l-ouest": ["odile-assureur", "karim-mutuel"],
}
NAMES = {"industrie": "Client Industrie SA", "boulangeries": "Boulangeries Réunies SAS",
         "mutuelle-de-l-ouest": "Mutuelle de l'Ouest"}


def identifying(records: dict, slug: str) -> set[str]:
    """Every string that would identify the client ``slug`` or one of its staff."""
    words = {NAMES[slug], slug}
    for person in STAFF[slug]:
        first, last = records[person]
        words |= {person, first, last}
    if slug in ("industrie", "boulangeries"):
        words.add({"industrie": "73282932000074", "boulangeries": "55203253400646"}[slug])
    return words


def readable(name: str, data: bytes) -> str:
    if name.endswith(".pdf"):
        raw = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
        return raw.replace("\u00a0", " ")
    if name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(entry + "\n" + readable(entry, archive.read(entry)) for entry in archive.namelist())
    return data.decode("utf-8")


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    root = tmp_path_factory.mktemp("clients") / "records"
    return sample.committed_build(root, {**sample.sample_files(), **THREE_CLIENTS})


@pytest.fixture(scope="module")
def people() -> dict[str, tuple[str, str]]:
    import yaml

    rows = yaml.safe_load(sample.PEOPLE_YML + OTHERS)
    return {row["id"]: (row["first_name"], row["last_name"]) for row in rows}


def test_each_client_folder_and_archive_name_only_its_own_staff(provider, people):
    folders = sorted(p.name for p in (provider / "clients").iterdir() if p.is_dir())
    assert folders == sorted(STAFF)
    for slug in STAFF:
        folder = provider / "clients" / slug
        files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
        files["../archive.zip"] = (provider / "clients" / f"{slug}.zip").read_bytes()
        contents = {name: readable(name, data) for name, data in files.items()}
        everything = "\n".join(f"{name}\n{body}" for name, body in contents.items())
        for other in STAFF:
            if other == slug:
                continue
            leaked = sorted(word for word in identifying(people, other) if word in everything)
            assert leaked == [], f"clients/{slug}/ mentions {other}: {leaked}"
        for person in STAFF[slug]:
            assert person in contents["literacy.json"] and people[person][1].replace("'", "’") in html.unescape(contents["literacy.html"])
        assert NAMES[slug] in text(folder / "literacy.pdf")


def test_a_client_folder_is_complete_and_checks_itself(provider):
    folder = provider / "clients" / "boulangeries"
    listing = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert listing == [
        "SHA256SUMS", "assets/web.css",
        f"certificates/{FUNDED.rsplit('/', 1)[1]}/lea-petrin.pdf",
        f"certificates/{FUNDED.rsplit('/', 1)[1]}/paul-fournier.pdf",
        f"certificats-de-realisation/{FUNDED.rsplit('/', 1)[1]}/lea-petrin.pdf",
        f"certificats-de-realisation/{FUNDED.rsplit('/', 1)[1]}/paul-fournier.pdf",
        "index.html", "literacy.html", "literacy.json", "literacy.pdf",
        f"programmes/{FUNDED.rsplit('/', 1)[1]}.pdf",
    ]
    checked = subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=folder, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # The copies are the very documents of the version, as its manifest lists them.
    session = FUNDED.rsplit("/", 1)[1]
    original = provider / "sessions" / session / "certificates" / "paul-fournier.pdf"
    assert (folder / "certificates" / session / "paul-fournier.pdf").read_bytes() == original.read_bytes()
    index = (folder / "index.html").read_text()
    assert hashlib.sha256(original.read_bytes()).hexdigest() in index
    assert 'href="certificats-de-realisation/' in index and "verify.html" not in index
    # The certificat de réalisation names the client by its legal name, though people.yml used its id.
    assert "salarié de l'entreprise Boulangeries Réunies SAS" in text(
        folder / "certificats-de-realisation" / session / "paul-fournier.pdf")
    with zipfile.ZipFile(provider / "clients" / "boulangeries.zip") as archive:
        names = archive.namelist()
    version = provider.name
    assert names == sorted(f"boulangeries-{version}/{name}" for name in listing)
    # Each client's dossier counts only its own staff: Léa failed, Paul passed.
    data = json.loads((folder / "literacy.json").read_text())
    assert sorted(data["people"]) == ["lea-petrin", "paul-fournier"]
    assert data["people"]["lea-petrin"]["topics"]["ai-basics"]["state"] == "not-acquired"
    assert data["counts"]["covered"] == 1 and data["counts"]["not-acquired"] == 1
    assert "Boulangeries Réunies SAS · SIRET 55203253400646" in text(folder / "literacy.pdf")


def test_the_provider_wide_dossier_speaks_of_clients_staff(provider):
    dossier = text(provider / "literacy.pdf")
    assert "Formations à l'IA délivrées au personnel des clients" in dossier
    assert "a délivrées au personnel de ses clients" in dossier
    assert "Document interne à Forma'IA Conseil SARL : il nomme le personnel de plusieurs clients" in dossier
    # Never the in-house voice, where the trainees would be the provider's own staff.
    assert "mesures prises par Forma'IA Conseil SARL" not in dossier
    assert "pour son compte (règlement" not in dossier
    assert ("Boulangeries Réunies SAS · SIRET 55203253400646 clients/boulangeries/ 2 1 1 0") in dossier
    assert "Mutuelle de l'Ouest · Encadrement — à compléter" in dossier
    page = (provider / "literacy.html").read_text()
    assert "a délivrées au personnel de ses clients" in page and "mesures prises par Forma" not in page
    index = (provider / "index.html").read_text()
    assert "Formations à l’IA du personnel des clients" in index
    assert 'href="clients/mutuelle-de-l-ouest.zip"' in index


def test_a_change_for_one_client_leaves_the_others_documents_as_they_were(provider, tmp_path):
    root = provider.parent.parent
    as_of = ["--as-of", "2026-11-02"]
    before = {slug: (provider / "clients" / slug / "literacy.pdf").read_bytes() for slug in STAFF}
    attendance = root / FUNDED / "attendance.yml"
    attendance.write_text(attendance.read_text().replace("score: 9, result: not-acquired", "score: 14, result: acquired"))
    sample.commit_all(root, "Léa's result corrected", date="2026-11-03T08:00:00+00:00")
    result = CliRunner().invoke(main, ["build", "--project", str(root), *as_of])
    assert result.exit_code == 0, result.output
    after = (root / "output" / "latest").resolve()
    assert after != provider
    for slug in STAFF:
        same = (after / "clients" / slug / "literacy.pdf").read_bytes() == before[slug]
        assert same == (slug != "boulangeries"), slug
    clean = tmp_path / "clean"
    subprocess.run(["git", "clone", "-q", str(root), str(clean)], check=True)
    sample.with_history_only(clean, provider)
    assert CliRunner().invoke(main, ["build", "--project", str(clean), *as_of]).exit_code == 0
    version = after.name
    for rel in ("clients/boulangeries.zip", "clients/industrie.zip", "SHA256SUMS"):
        assert (after / rel).read_bytes() == (clean / "output" / version / rel).read_bytes(), rel


def test_in_house_builds_no_client_folder(make_project):
    root = make_project({"preuve.yml": sample.PREUVE_YML.replace("mode: provider", "mode: in-house")}, commit=True)
    out = built(root)
    assert not (out / "clients").exists()
    assert "Ce dossier recense les mesures prises par Forma'IA Conseil SARL" in text(out / "literacy.pdf")


# --- records ------------------------------------------------------------------------------------------

MUTUELLE = [f"data/people.yml:{line}: warning: employer: 'Mutuelle de l'Ouest' is neither a client id nor a "
            "legal_name in data/clients.yml: its documents go to clients/mutuelle-de-l-ouest/" for line in (54, 61)]


@pytest.mark.parametrize(("changes", "errors", "warnings"), [
    pytest.param({**THREE_CLIENTS, "data/clients.yml": CLIENTS_YML.replace("55203253400646", "55203253400647")},
                 ["data/clients.yml:7: boulangeries.siret: '55203253400647' is not a valid SIRET: its check digit "
                  "is wrong (Luhn)"], MUTUELLE, id="client-siret"),
    pytest.param({"data/people.yml": sample.PEOPLE_YML.replace("employer: Client Industrie SA\n  role: workshop",
                                                               "employer: Client-Industrie SA\n  role: workshop")},
                 ["data/people.yml:35: employer: 'Client-Industrie SA' and 'Client Industrie SA' (line 6) would "
                  "share the folder clients/client-industrie-sa/: write the same employer the same way, or give "
                  "each company its own id in data/clients.yml"], [], id="two-spellings-one-folder"),
    pytest.param(THREE_CLIENTS, [], MUTUELLE, id="employer-not-in-clients"),
    pytest.param({**THREE_CLIENTS, "data/clients.yml": CLIENTS_YML + 'boulangeries-lyon:\n  legal_name: Boulangeries '
                  'Réunies SAS, Lyon\n  siret: "55203253400646"\n'}, [],
                 ["data/clients.yml:10: warning: boulangeries-lyon.siret: the same as client 'boulangeries' (line 7): one "
                  "establishment under two ids splits its documents between two folders; keep one id", *MUTUELLE],
                 id="one-siret-two-clients"),
    pytest.param({"preuve.yml": sample.PREUVE_YML.replace("mode: provider", "mode: in-house"),
                  "data/clients.yml": CLIENTS_YML}, [],
                 ["data/clients.yml:1: warning: clients are only used in mode 'provider': this file is ignored",
                  "data/people.yml:6: warning: employer: 'Client Industrie SA' (5 people) is not the provider, "
                  "Forma'IA Conseil SARL: in mode in-house the attestation is issued by the employer to its own "
                  "staff and would name both; leave employer out for the provider's staff, or train another "
                  "company's staff in mode provider"],
                 id="clients-in-house"),
    # Free text whose folder is named after a client id of clients.yml: that folder would hold
    # another company's staff under the name the provider knows as its client 'industrie'.
    pytest.param({"data/clients.yml": CLIENTS_YML,
                  "data/people.yml": sample.PEOPLE_YML.replace("employer: Client Industrie SA", "employer: boulangeries")
                  .replace("employer: boulangeries\n  role: workshop", "employer: Industrie\n  role: workshop")},
                 ["data/people.yml:35: employer: 'Industrie' is not in data/clients.yml, yet its folder would be "
                  "clients/industrie/, the folder of client 'industrie' (Client Industrie SA): write that id if it "
                  "is the same company, or give this one an id of its own in data/clients.yml"], [],
                 id="free-text-in-a-client-id-folder"),
    # Two clients (two establishments) with one legal_name: free text cannot say which one.
    pytest.param({"data/clients.yml": CLIENTS_YML + "industrie-paris:\n  legal_name: Client  industrie SA\n",
                  "data/people.yml": sample.PEOPLE_YML.replace("employer: Client Industrie SA\n  role: workshop",
                                                               "employer: industrie-paris\n  role: workshop")},
                 [f"data/people.yml:{line}: employer: 'Client Industrie SA' is the legal_name of several clients in "
                  "data/clients.yml ('industrie', 'industrie-paris'): write the id of the one that employs this "
                  "person" for line in (6, 14, 21, 28)], [], id="legal-name-of-two-clients"),
])
def test_clients_and_employers_are_checked(make_project, changes, errors, warnings):
    assert_checked(make_project(changes), errors, warnings)


def assert_checked(root, errors: list[str], warnings: list[str]) -> None:
    """``check`` of ``root`` reports exactly ``errors`` and, beside the sample's, ``warnings``."""
    result = run_check(root)
    assert result.exit_code == (1 if errors else 0), result.output
    found_errors, found_warnings = diagnostic_lines(result.output)
    assert found_errors == errors
    assert [w for w in found_warnings if w not in sample.SAMPLE_WARNINGS] == warnings


def test_same_company_spelt_with_other_case_or_spacing_is_one_client(make_project):
    people = sample.PEOPLE_YML.replace("employer: Client Industrie SA\n  role: workshop",
                                       "employer: client  industrie sa\n  role: workshop")
    root = make_project({"data/people.yml": people}, commit=True)
    assert [p.name for p in (built(root) / "clients").iterdir() if p.is_dir()] == ["client-industrie-sa"]


def test_same_company_spelt_with_either_apostrophe_is_one_client(make_project):
    """Typed on a phone or pasted from a letter, "l’Ouest" is "l'Ouest": one folder, not two."""
    people = (sample.PEOPLE_YML + OTHERS).replace("employer: Mutuelle de l'Ouest", "employer: Mutuelle de l’Ouest", 1)
    assert "l’Ouest" in people and "l'Ouest" in people
    root = make_project({**THREE_CLIENTS, "data/people.yml": people}, commit=True)
    folders = [p.name for p in (built(root) / "clients").iterdir() if p.is_dir()]
    assert folders.count("mutuelle-de-l-ouest") == 1 and "mutuelle-de-louest" not in folders


def test_english_wording_of_the_provider_and_client_dossiers(make_project):
    root = make_project({**THREE_CLIENTS, "preuve.yml": sample.PREUVE_YML.replace("locale: fr", "locale: en")},
                        commit=True)
    out = built(root)
    dossier = text(out / "literacy.pdf")
    assert "AI training delivered to clients' staff" in dossier
    assert "delivered to the staff of its clients" in dossier and "measures taken by Forma'IA" not in dossier
    client = text(out / "clients" / "boulangeries" / "literacy.pdf")
    assert "AI literacy — training delivered to Boulangeries Réunies SAS" in client
    assert "Not acquired, to retrain 1" in client


def test_in_house_a_missing_satisfaction_survey_is_a_recommendation(make_project):
    root = make_project({"preuve.yml": sample.PREUVE_YML.replace("mode: provider", "mode: in-house")}, commit=True)
    result = CliRunner().invoke(main, ["status", "--project", str(root), "--json"])
    remote = next(s for s in json.loads(result.stdout)["sessions"] if s["id"] == "2026-05-copilot")
    assert {g["check"] for g in remote["gaps"]} == {"attendance_proof", "trainer_signatures"}
    assert remote["warnings"] == [{"check": "satisfaction", "detail": "recommended"}]
    page = html.unescape((built(root) / "index.html").read_text())
    assert "recommandé pour juger de l’efficacité de la formation, mais non exigé hors certification Qualiopi" in page
    assert "indicateur 30" not in page
