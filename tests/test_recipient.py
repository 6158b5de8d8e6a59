"""What a recipient's own tools make of the documents, without preuve: a phone or a low-resolution
scan reading the QR code, a PDF viewer's text and links, a phone opening the verification page
the QR code leads to (docs/certificates.md, "Verification anyone can do")."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pypdf import PdfReader

from sample import FUNDED, built, commit_all, demo_copy
from test_accessibility import browser  # noqa: F401 - the fixture: headless Chromium
from test_incremental import edit
from test_verification import CERT, REAL, facts_of

BASE_URL = "https://preuves.formaia.example/registre/"


def qr_at(pdf: Path, dpi: int, folder: Path) -> list[str]:
    """What zbarimg decodes on the first page rendered at ``dpi``: 100 dpi is a poor scan, or a
    phone's photo from a little too far."""
    png = folder / f"{pdf.stem}-{dpi}"
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf), str(png)],
                   check=True)
    done = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sqrcode.enable=1", f"{png}.png"],
                          capture_output=True, text=True, check=False)
    return done.stdout.split()


def links(pdf: Path) -> list[str]:
    """The web addresses a PDF viewer opens on a click (link annotations) on the first page."""
    annots = [a.get_object() for a in PdfReader(pdf).pages[0].get("/Annots", [])]
    return [a["/A"]["/URI"] for a in annots if a["/Subtype"] == "/Link"]


def pdftotext(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _with_base_url(root: Path) -> Path:
    (root / "preuve.yml").write_text((root / "preuve.yml").read_text() + f"verify:\n  base_url: {BASE_URL}\n")
    commit_all(root)
    return built(root)


def test_a_qr_code_holding_the_verification_url_reads_in_a_100_dpi_scan(make_project, tmp_path):
    """A URL needs a QR code of 45 modules, against 29 for the code alone: at the fixed 21 mm
    its modules were 0.47 mm, and zbar read none of the certificates at 100 dpi (nor at 120).
    The code is now sized by its modules (0.65 mm each), in both modes."""
    provider = _with_base_url(make_project())
    in_house = _with_base_url(demo_copy(tmp_path))
    for pdf in (provider / CERT, provider / REAL,
                in_house / "sessions/2026-03-ia-generative-fondamentaux/certificates/zoe-ndiaye.pdf"):
        url = facts_of(pdf)["verify_url"]
        assert url.startswith(BASE_URL)
        for dpi in (100, 300):
            assert qr_at(pdf, dpi, tmp_path) == [url], (pdf, dpi)


def test_the_verification_url_is_printed_on_one_line_and_opens_on_a_click(make_project):
    """Beside the signature zone the URL broke after the base ("…/registre/" then
    "verify.html#CODE"): copied from a viewer it had a line break, and a viewer that finds web
    addresses in a text linked only the first line. It now has a line of its own below the
    QR code and is a link."""
    out = _with_base_url(make_project())
    for pdf in (out / CERT, out / REAL):
        url = facts_of(pdf)["verify_url"]
        assert url in pdftotext(pdf).splitlines(), pdf
        assert links(pdf) == [url], pdf


TARGET = """
const row = document.querySelector(':target'), viewport = document.documentElement.clientWidth;
if (!row) return null;
const status = [...row.querySelectorAll('.status')].map(s => s.getBoundingClientRect());
const other = document.querySelector('table.verify tbody tr:not(:target)');
return {id: row.id, text: row.innerText, status: status.map(r => [r.left, r.right]), viewport: viewport,
        marked: getComputedStyle(row.cells[1]).backgroundColor !== getComputedStyle(other.cells[1]).backgroundColor};
"""


def test_a_qr_code_opens_the_verify_page_at_its_document_on_a_phone(make_project, browser):
    """A trainee scanning a certificate's QR code opens ``verify.html#CODE`` on a phone: the row
    is marked and its status is on screen (at 390 px the row was a line of a table 1,100 px wide,
    its status off screen, no column named); a superseded certificate's code leads to its row
    saying it was replaced, and by which code (it opened at the top of the page: no row had the
    code as its id)."""
    root = make_project(commit=True)
    first = built(root)
    edit(root / FUNDED / "attendance.yml", "score: 12, result: partially-acquired", "score: 15, result: acquired")
    commit_all(root, "corrected score", date="2026-11-03T08:00:00+00:00")
    second = built(root)
    old, new = facts_of(first / CERT)["code"], facts_of(second / CERT)["code"]
    browser.set_window_size(390, 900)
    for code, status in ((new, "Valide"), (old, "Remplacé")):
        browser.get(f"{(second / 'verify.html').as_uri()}#{code}")
        row = browser.execute_script(TARGET)
        assert row is not None and row["id"] == code, code
        assert row["marked"], code
        assert status in row["text"] and "Zoé N’Diaye" in row["text"], row
        (left, right), = row["status"]
        assert 0 <= left and right <= row["viewport"], row  # no sideways scrolling to read it
    assert f"remplacé par {new}" in row["text"]
