"""The version's archive as recipients extract it on their own systems: an auditor with Windows
Explorer, an OPCO clerk with macOS's Archive Utility (docs/outputs.md, "Names every system can
open"). A name Windows cannot hold, or a path longer than it accepts, stopped the extraction and
left the evidence file or the certificate out of the recipient's copy; a '#' in a file name cut the
evidence page's link to it."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest

from preuve.report.clients import name_slug
from sample import FUNDED, PLANNED, built, sample_files
from test_checkouts import _png
from test_check import diagnostic_lines, edit, run_check

RESERVED = "is a name Windows reserves for a device (CON, PRN, AUX, NUL, COM1-COM9, LPT1-LPT9"
NOT_EXTRACTED = ": Windows Explorer cannot extract it from the archive, nor git for Windows check it out; rename it"


@pytest.mark.parametrize(("name", "problem"), [
    ("CON.pdf", f"'CON.pdf' {RESERVED}, with any extension)"),
    ("lpt1.scan.pdf", f"'lpt1.scan.pdf' {RESERVED}, with any extension)"),
    ("scan 10:30.pdf", "'scan 10:30.pdf' holds ':', which Windows does not allow in a file name"),
    ("export?id=3.csv", "'export?id=3.csv' holds '?', which Windows does not allow in a file name"),
    ("feuille.pdf.", "'feuille.pdf.' ends with a dot, which Windows drops"),
])
def test_an_evidence_name_windows_cannot_hold_is_an_error(make_project, name, problem):
    root = make_project({f"{FUNDED}/evidence/{name}": b"%PDF-1.4\n"}, commit=True)
    errors, _ = diagnostic_lines(run_check(root).output)
    assert errors == [f"{FUNDED}/evidence/{name}: {problem}{NOT_EXTRACTED}"]


def test_a_layout_or_provider_image_windows_cannot_hold_is_an_error(make_project):
    """They are copied under sources/ with their names: a logo 'Logo: officiel.png' stopped the
    extraction as an evidence file did."""
    root = make_project({"data/Logo: officiel.png": _png(), "layouts/aux.css": "p {}\n",
                         "data/provider.yml": sample_files()["data/provider.yml"] + "logo: 'Logo: officiel.png'\n"},
                        commit=True)
    errors, _ = diagnostic_lines(run_check(root).output)
    assert errors == [
        f"data/Logo: officiel.png: 'Logo: officiel.png' holds ':', which Windows does not allow in a file name"
        f"{NOT_EXTRACTED}",
        f"layouts/aux.css: 'aux.css' {RESERVED}, with any extension){NOT_EXTRACTED}"]


def test_an_evidence_path_too_long_for_explorer_is_an_error(make_project):
    """sessions/<id>/evidence/<name> within 170 characters: under
    C:\\Users\\Marie-Christine\\Downloads\\<version>\\<version>\\ that is Windows' 259."""
    fits, over = "a" * 124 + ".pdf", "a" * 125 + ".pdf"
    root = make_project({f"{FUNDED}/evidence/{fits}": b"%PDF-1.4\n", f"{FUNDED}/evidence/{over}": b"%PDF-1.4\n"},
                        commit=True)
    errors, _ = diagnostic_lines(run_check(root).output)
    assert errors == [
        f"{FUNDED}/evidence/{over}: its path in the archive, sessions/2026-03-ia-fondamentaux/evidence/…, is 171 "
        "characters long, over the 170 that fit once Windows Explorer extracts it to "
        "C:\\Users\\Marie-Christine\\Downloads\\20261102-100000-3f2a9c1e0b\\ (at most 259 in all): shorten the "
        "file name or the session's folder name"]


def test_an_id_windows_reserves_is_an_error(make_project):
    """A person 'nul' would get certificates/nul.pdf, a session folder 'aux' sessions/aux/."""
    planned = sample_files()
    root = make_project({**edit("data/people.yml", ("- id: benoit-workshop", "- id: nul")),
                         f"{PLANNED}/session.md": None, f"{PLANNED}/attendance.yml": None,
                         "content/sessions/aux/session.md": planned[f"{PLANNED}/session.md"],
                         "content/sessions/aux/attendance.yml": planned[f"{PLANNED}/attendance.yml"]}, commit=True)
    errors, _ = diagnostic_lines(run_check(root).output)
    why = "the id names files and folders, which Windows Explorer could not extract from the archive; choose another id"
    assert errors == [
        f"content/sessions/aux: the folder name is the session id: 'aux' {RESERVED}): {why}",
        f"data/people.yml:31: id: 'nul' {RESERVED}): {why}"]


def test_a_client_name_whose_slug_windows_reserves_gets_a_hashed_folder():
    assert name_slug("NUL") == name_slug("nul") != "nul"
    assert name_slug("NUL").startswith("client-") and name_slug("Aux").startswith("client-")
    assert name_slug("Aux Délices SARL") == "aux-delices-sarl"


@pytest.mark.parametrize(("mode", "funding"), [("provider", ""), ("in-house", ""),
                                               ("provider", "\n    funding: false")])
def test_a_certificate_too_long_a_path_in_its_client_folder_is_an_error(make_project, mode, funding):
    """A certificat de réalisation is copied into its client's folder, ``clients/<slug>/`` (a
    client named by free text gets a slug cut to 40 characters after a whole word: its archive
    extracts into ``Downloads\\<slug>\\<slug>-<version>\\``): with a long person id, the path
    passed 259 characters. In-house, there are no client folders, and the same ids fit; so do they
    for a trainee nobody funds, whose certificate's folder has a shorter name."""
    company = "Société Coopérative Agricole des Producteurs de Lait du Grand Ouest"
    person = "jean-noel-daubigne-de-la-tour-vaillant-des-coteaux-du-grand-ouest-atlantique"
    root = make_project({
        **edit("preuve.yml", ("mode: provider", f"mode: {mode}")),
        **edit("data/people.yml", ("- id: jean-noel-daubigne", f"- id: {person}"),
               ("employer: Client Industrie SA", f"employer: {company}")),
        **edit(f"{FUNDED}/attendance.yml", ("- person: jean-noel-daubigne", f"- person: {person}{funding}")),
        **edit(f"{PLANNED}/attendance.yml", ("- person: jean-noel-daubigne", f"- person: {person}"))},
        commit=True)
    errors, _ = diagnostic_lines(run_check(root).output)
    assert name_slug(company) == "societe-cooperative-agricole-des"
    assert errors == ([] if mode == "in-house" or funding else [
        f"{FUNDED}/attendance.yml:6: participants[0].person: the document of '{person}' in the version's archive "
        "would be a path of 261 characters once Windows Explorer extracts it under "
        "C:\\Users\\Marie-Christine\\Downloads\\, over the 259 it accepts: shorten the session's folder name "
        "or the person's id, or give the client a shorter id in data/clients.yml"])


def test_a_client_folder_name_is_cut_after_a_whole_word():
    """A 67-character company name gave a 60-character folder, written twice in its archive's
    extracted path: a funded trainee of init's own example session, with an ordinary id, passed
    Windows' limit."""
    assert name_slug("Société Coopérative Agricole des Producteurs de Lait du Grand Ouest") == \
        "societe-cooperative-agricole-des"
    assert name_slug("Établissements Dupont-Moreau de la Tour-Vaillant et Fils SA") == \
        "etablissements-dupont-moreau-de-la-tour"
    assert name_slug("A" * 70) == "a" * 40


def test_evidence_names_open_from_the_extracted_archive(make_project, tmp_path):
    """'#' and '%' are allowed on every system but end or change a URL's path: the evidence page
    linked "scan #2.pdf" as "scan " (a fragment after it). Accented names carry the zip's UTF-8 flag,
    and every extracted file checks with sha256sum, none unlisted."""
    names = ["scan #2 100%.pdf", "Feuille d’émargement signée.pdf"]
    root = make_project({
        **{f"{FUNDED}/evidence/{name}": b"%PDF-1.4\n" + name.encode() for name in names},
        **edit(f"{FUNDED}/attendance.yml",
               ("  satisfaction: [evidence/satisfaction.csv]",
                f"  satisfaction: [evidence/satisfaction.csv]\n  other: {[f'evidence/{n}' for n in names]}"))},
        commit=True)
    version = built(root)
    with zipfile.ZipFile(version.with_suffix(".zip")) as archive:
        assert all(info.flag_bits & 0x800 for info in archive.infolist() if not info.filename.isascii())
        archive.extractall(tmp_path)
    extracted = tmp_path / version.name
    page = (extracted / "sessions/2026-03-ia-fondamentaux/index.html").read_text(encoding="utf-8")
    for name in names:
        href = page.split(f">{name}</a>")[0].rsplit('href="', 1)[1].split('"')[0]
        assert "#" not in href and (extracted / "sessions/2026-03-ia-fondamentaux" / unquote(href)).is_file(), href
    checked = subprocess.run(["sha256sum", "--strict", "-c", "SHA256SUMS"], cwd=extracted, capture_output=True,
                             text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    listed = {line.split("  ", 1)[1] for line in (extracted / "SHA256SUMS").read_text(encoding="utf-8").splitlines()}
    present = {p.relative_to(extracted).as_posix() for p in extracted.rglob("*") if p.is_file()}
    assert listed == present - {"SHA256SUMS"}
