"""What a recipient's own tools make of the documents, without preuve: a phone or a low-resolution
scan reading the QR code, a PDF viewer's text and links, a phone opening the verification page
the QR code leads to (docs/certificates.md, "Verification anyone can do")."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pypdf import PdfReader

from sample import PREUVE_YML, built, demo_copy, commit_all
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
