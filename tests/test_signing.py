"""Digital signatures: valid PAdES by the configured signer, still PDF/A-3b, reproducible,
reused by incremental builds; nothing signed without a key or in a draft."""

from __future__ import annotations

import hashlib
import io
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from preuve.cli import main
from sample import FUNDED, REMOTE, built, commit_all
from test_incremental import counts, edit

FUNDED_ID = FUNDED.rsplit("/", 1)[1]
COMMIT_TIME = datetime(2026, 11, 2, 10, 0, tzinfo=timezone.utc)  # sample.commit_all's date
SIGNED = [f"sessions/{FUNDED_ID}/certificates/zoe-ndiaye.pdf",
          f"sessions/{FUNDED_ID}/certificat-de-realisation/zoe-ndiaye.pdf", "literacy.pdf"]


def validate(pdf: Path, ca_pem: Path):
    with pdf.open("rb") as handle:
        signatures = PdfFileReader(handle).embedded_signatures
        assert len(signatures) == 1, pdf
        context = ValidationContext(trust_roots=[load_cert_from_pemder(str(ca_pem))], allow_fetching=False)
        return validate_pdf_signature(signatures[0], context)


def test_certificates_realisations_and_dossier_are_signed_by_the_configured_signer(make_project, signing):
    out = built(make_project(commit=True))
    for rel in SIGNED:
        status = validate(out / rel, signing.ca_pem)
        assert status.intact and status.valid and status.trusted, rel
        assert status.coverage.name == "ENTIRE_FILE" and status.modification_level.name == "NONE", rel
        assert hashlib.sha256(status.signing_cert.dump()).hexdigest() == signing.signer_fingerprint
        assert status.signer_reported_dt == COMMIT_TIME
    for rel in (f"sessions/{FUNDED_ID}/programme.pdf", f"sessions/{FUNDED_ID}/attendance.pdf"):
        with (out / rel).open("rb") as handle:
            assert PdfFileReader(handle).embedded_signatures == [], rel


def signature_widget(reader: PdfReader):
    """``(page, widget)`` of the signature field, whichever page holds it."""
    return next((page, annot.get_object()) for page in reader.pages for annot in page.get("/Annots", [])
                if annot.get_object().get("/FT") == "/Sig")


def _xmp(pdf: Path) -> str:
    """The XMP packet of the last revision (the signature's incremental update rewrites it)."""
    return PdfReader(pdf).trailer["/Root"]["/Metadata"].get_object().get_data().decode()


def test_signed_documents_still_declare_pdfa_3b_with_agreeing_metadata(make_project, signing):
    out = built(make_project(commit=True))
    for rel in SIGNED:
        xmp = _xmp(out / rel)
        assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp, rel
        reader = PdfReader(out / rel)
        producer = reader.trailer["/Info"].get_object()["/Producer"]
        assert f'pdf:Producer="{producer}"' in xmp, rel  # Info and XMP agree, as PDF/A requires
        root = reader.trailer["/Root"]
        assert "/OutputIntents" in root and len(reader.trailer["/ID"]) == 2
        page, widget = signature_widget(reader)
        assert int(widget["/F"]) & 4, "the signature's appearance prints"
        assert "/N" in widget["/AP"]
        x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert 0 < x1 < x2 < width and 0 < y1 < y2 < height, "a visible field, on the page"
    facts = next(f for f in PdfReader(out / SIGNED[0]).trailer["/Root"]["/AF"])
    assert facts.get_object()["/AFRelationship"] == "/Data"


def test_two_builds_of_one_commit_with_one_key_give_identical_signed_bytes(make_project, signing, tmp_path):
    root = make_project(commit=True)
    first = built(root)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(root), str(clone)], check=True)
    second = built(clone)
    for rel in SIGNED:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def _build(root: Path) -> str:
    result = CliRunner().invoke(main, ["build", "--project", str(root), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    return result.output


def test_incremental_builds_reuse_signed_documents(make_project, signing):
    root = make_project(commit=True)
    _build(root)
    first = (root / "output" / "latest").resolve()
    edit(root / REMOTE / "session.md", "Programme à distance.", "Programme revu.")
    commit_all(root, "body", date="2026-11-03T08:00:00+00:00")
    rendered, reused = counts(_build(root))
    # that programme, and the two dossiers (the provider's and the client's: their as-of date moved)
    assert rendered == 3 and reused > 0
    second = (root / "output" / "latest").resolve()
    assert second != first
    cert = f"sessions/{FUNDED_ID}/certificates/zoe-ndiaye.pdf"
    assert (second / cert).read_bytes() == (first / cert).read_bytes()
    assert validate(second / cert, signing.ca_pem).signer_reported_dt == COMMIT_TIME  # signed once, kept
    status = validate(second / "literacy.pdf", signing.ca_pem)
    assert status.intact and status.signer_reported_dt == datetime(2026, 11, 3, 8, 0, tzinfo=timezone.utc)


def test_another_key_means_re_signing(make_project, signing, monkeypatch, tmp_path):
    from signing import make_key

    root = make_project(commit=True)
    _build(root)
    edit(root / REMOTE / "session.md", "Programme à distance.", "Programme revu.")
    commit_all(root, "body", date="2026-11-03T08:00:00+00:00")
    other = make_key(tmp_path / "other-key", signer="Jean Autre")
    monkeypatch.setenv("PREUVE_SIGNING_P12", str(other.p12))
    output = _build(root)
    assert "signed by Jean Autre" in output
    rendered, reused = counts(output)
    assert reused == 5  # programmes and attendance sheets of 3 sessions, but the programme edited
    out = (root / "output" / "latest").resolve()
    status = validate(out / SIGNED[0], other.ca_pem)
    assert hashlib.sha256(status.signing_cert.dump()).hexdigest() == other.signer_fingerprint


def test_without_a_key_nothing_is_signed_and_the_pages_say_so(make_project):
    root = make_project(commit=True)
    result = CliRunner().invoke(main, ["build", "--project", str(root)])
    assert result.exit_code == 0 and "not signed (no PREUVE_SIGNING_P12)" in result.output
    out = (root / "output" / "latest").resolve()
    for rel in SIGNED:
        with (out / rel).open("rb") as handle:
            assert PdfFileReader(handle).embedded_signatures == []
        assert b"/Sig" not in (out / rel).read_bytes()
    assert "ne sont pas signés électroniquement" in (out / "index.html").read_text()
    assert "ne sont pas signés électroniquement" in (out / "verify.html").read_text()
    assert "signé</span>" not in (out / "sessions" / FUNDED_ID / "index.html").read_text()


def test_signed_build_says_who_signed_in_the_index(make_project, signing):
    out = built(make_project(commit=True))
    index = (out / "index.html").read_text()
    assert "sont signés électroniquement par Sophie Marchal" in index and signing.signer_fingerprint in index
    page = (out / "sessions" / FUNDED_ID / "index.html").read_text()
    assert page.count('<span class="signed">signé</span>') == 3 + 3  # 3 certificates, 3 certificats


def test_a_draft_is_never_signed(make_project, signing):
    """Not even a copy of a signed committed document: a draft's documents are unsigned, so none
    equals a signed one, and every one is marked as a draft."""
    root = make_project(commit=True)
    assert CliRunner().invoke(main, ["build", "--project", str(root)]).exit_code == 0
    edit(root / REMOTE / "session.md", "Programme à distance.", "Programme revu.")  # uncommitted
    result = CliRunner().invoke(main, ["build", "--project", str(root)])
    assert result.exit_code == 0 and "a draft is never signed" in result.output
    draft = (root / "output" / "draft").resolve()
    with (draft / SIGNED[0]).open("rb") as handle:
        assert PdfFileReader(handle).embedded_signatures == []
    assert "BROUILLON" in PdfReader(draft / SIGNED[0]).pages[0].extract_text()


@pytest.mark.parametrize("env, message", [
    ({"PREUVE_SIGNING_PASSPHRASE": "wrong"}, "is not a PKCS#12 file that PREUVE_SIGNING_PASSPHRASE opens"),
    ({"PREUVE_SIGNING_P12": "/nonexistent/key.p12"}, "PREUVE_SIGNING_P12: cannot read /nonexistent/key.p12"),
    ({"PREUVE_SIGNING_P12": "", "PREUVE_TSA_URL": "https://tsa.example"},
     "PREUVE_TSA_URL set but PREUVE_SIGNING_P12 is not"),
    ({"PREUVE_TSA_URL": "ftp://tsa.example"}, "PREUVE_TSA_URL: 'ftp://tsa.example' is not an http(s) address"),
])
def test_a_bad_key_configuration_stops_the_build_with_a_message(make_project, signing, monkeypatch, env, message):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    root = make_project(commit=True)
    result = CliRunner().invoke(main, ["build", "--project", str(root)])
    assert result.exit_code == 1 and message in result.output, result.output
    assert not (root / "output" / "latest").exists()


def test_a_key_inside_the_records_repository_is_refused(make_project, signing, monkeypatch):
    root = make_project(commit=True)
    inside = root / "signer.p12"
    inside.write_bytes(signing.p12.read_bytes())
    monkeypatch.setenv("PREUVE_SIGNING_P12", str(inside))
    result = CliRunner().invoke(main, ["build", "--project", str(root)])
    assert result.exit_code == 1 and "is inside the records repository" in result.output


def test_a_certificate_not_valid_at_the_commit_time_is_refused(make_project, monkeypatch, tmp_path):
    from signing import make_key

    expired = make_key(tmp_path / "expired", valid=(datetime(2020, 1, 1, tzinfo=timezone.utc),
                                                   datetime(2025, 1, 1, tzinfo=timezone.utc)))
    for name, value in expired.env().items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(main, ["build", "--project", str(make_project(commit=True))])
    assert result.exit_code == 1 and "not at the signing time 2026-11-02 10:00 UTC" in result.output


def test_a_certificate_that_expires_soon_after_the_commit_is_said_so(make_project, monkeypatch, tmp_path):
    """The first commit after the expiry date is refused: the team learns it a month ahead, not then."""
    from signing import make_key

    soon = make_key(tmp_path / "soon", valid=(datetime(2020, 1, 1, tzinfo=timezone.utc),
                                              datetime(2026, 11, 20, tzinfo=timezone.utc)))
    for name, value in soon.env().items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(main, ["build", "--project", str(make_project(commit=True))])  # 2026-11-02 10:00
    assert result.exit_code == 0, result.output
    assert ("signed by Sophie Marchal; its certificate expires on 2026-11-20, 17 day(s) after this commit: renew it "
            "before (a commit made after that date cannot be signed with it)") in result.output


def test_a_p12_without_its_issuers_certificate_is_said_so(make_project, monkeypatch, tmp_path):
    """The signature carries only what the .p12 holds: without the issuer (an intermediate
    authority, most often), a reader cannot link the signer to an authority it trusts."""
    from signing import make_key

    alone = make_key(tmp_path / "alone", chain=False)
    for name, value in alone.env().items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(main, ["build", "--project", str(make_project(commit=True))])
    assert result.exit_code == 0, result.output
    assert ("signed by Sophie Marchal; the .p12 holds no certificate of its issuer Test CA: export it with the "
            "whole chain, or readers that do not already know that issuer cannot check the signature") in result.output


def test_the_visible_signature_sits_in_the_representatives_zone(make_project, signing):
    """The field covers the zone's empty box: below the zone's label and name, above its bottom."""
    out = built(make_project(commit=True))
    reader = PdfReader(out / SIGNED[0])
    _, widget = signature_widget(reader)
    x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
    assert 38 < y2 - y1 < 41 and 150 < x2 - x1 < 210  # 14 mm high (39.7 pt), the zone's width at most
    assert x2 < 595.3 - 50  # inside the right margin (18 mm)
    text = io.StringIO()
    reader.pages[0].extract_text(visitor_text=lambda t, cm, tm, *_: text.write(
        f"{t!r}@{tm[4] * cm[0] + tm[5] * cm[2] + cm[4]:.0f},{tm[4] * cm[1] + tm[5] * cm[3] + cm[5]:.0f}\n"
        if t.strip() else ""))
    for line in text.getvalue().splitlines():
        x, y = (float(v) for v in line.rsplit("@", 1)[1].split(","))
        assert not (x1 <= x <= x2 and y1 <= y <= y2), f"page text under the signature: {line}"


@pytest.mark.parametrize("packed", ["key", "cert"])
def test_a_p12_without_the_key_or_its_certificate_is_refused(make_project, monkeypatch, tmp_path, packed):
    """A file exported without the key, or without its certificate:
    said in one line, never a traceback, and nothing built."""
    from signing import make_key

    for name, value in make_key(tmp_path / "key", packed=packed).env().items():
        monkeypatch.setenv(name, value)
    root = make_project(commit=True)
    result = CliRunner().invoke(main, ["build", "--project", str(root)])
    assert result.exit_code == 1 and "holds no private key with its certificate (exported without the key, or without the certificate)" in \
        result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not (root / "output" / "latest").exists()


def test_a_certificate_not_for_signing_is_refused(make_project, monkeypatch, tmp_path):
    """An encryption certificate signs nothing any reader accepts: refused, not issued as signed."""
    from signing import make_key

    for name, value in make_key(tmp_path / "key", usage=("key_encipherment",)).env().items():
        monkeypatch.setenv(name, value)
    root = make_project(commit=True)
    result = CliRunner().invoke(main, ["build", "--project", str(root)])
    assert result.exit_code == 1 and "the certificate of Sophie Marchal in " in result.output
    assert "is not for signing (key usage: key_encipherment); use a signing certificate" in result.output
    assert not (root / "output" / "latest").exists()


@pytest.mark.parametrize(("signer", "noted"), [("Jean Martin", True), ("MARCHAL Sophie", False),
                                               ("Forma'IA Conseil SARL", False)])
def test_a_certificate_in_another_name_than_the_representatives_is_said_so(make_project, monkeypatch, tmp_path,
                                                                            signer, noted):
    """Every certificate reads "Signature du responsable : Sophie Marchal": signed with Jean Martin's
    certificate, the zone shows one name above another's signature. The representative's own
    certificate, however its name is ordered, and the provider's seal are what the zone says."""
    from signing import make_key

    key = make_key(tmp_path / "key", signer=signer)
    for name, value in key.env().items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(main, ["build", "--project", str(make_project(commit=True))])
    assert result.exit_code == 0, result.output
    note = (f"signed by Jean Martin; its certificate names Jean Martin, while the documents name the representative "
            "Sophie Marchal as their signatory: sign with Sophie Marchal's certificate, or name Jean Martin as "
            "representative in data/provider.yml")
    assert (note in result.output) is noted
    assert f"signed by {signer}" in result.output


@pytest.mark.parametrize(("signer", "legal_name", "noted"), [
    ("FORMA'IA CONSEIL", "Forma'IA Conseil SARL", False),           # a seal without the legal form
    ("FORMA IA CONSEIL S.A.R.L.", "Forma'IA Conseil SARL", False),  # the form written with dots
    ("Forma'IA Conseil SAS", "Forma'IA Conseil SARL", False),       # a SARL become a SAS keeps its seal
    ("Boulangeries Réunies SAS", "Boulangeries Réunies S.A.S.", False),
    ("Conseil SARL", "Forma'IA Conseil SARL", True),                 # another organisation
    ("Jean Martin SARL", "Forma'IA Conseil SARL", True),
])
def test_a_seal_names_the_provider_whatever_its_legal_form(signer, legal_name, noted):
    """A seal's certificate names the organisation as its certificate authority wrote it: with its
    legal form, with dots, with the one it had before, or without; it is the provider all the same."""
    from preuve.sign.info import SignatureInfo, signatory_note

    info = SignatureInfo(signer, f"CN={signer}", "Test CA", "00", "sha256_rsa", None, "0", datetime(2026, 1, 1))
    note = signatory_note(info, "Sophie Marchal", legal_name)
    assert (note == f"; its certificate names {signer}, while the documents name the representative Sophie Marchal "
                    f"as their signatory: sign with Sophie Marchal's certificate, or name {signer} as representative "
                    "in data/provider.yml") is noted
    assert (note == "") is not noted
