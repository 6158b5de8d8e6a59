"""Verification anyone can do: codes and QR codes, embedded facts, verify.html and verify.json,
``preuve verify``; and the wording of in-house and provider certificates."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from datetime import date, datetime, timezone
from pathlib import Path

import jsonschema
import pytest
from babel.dates import format_date
from babel.numbers import format_decimal
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter

from preuve.cli import main
from preuve.facts import verification_code
from preuve.render.typography import day_span
from sample import FUNDED, FUNDED_SESSION_MD, PLANNED, PREUVE_YML, REMOTE, built, commit_all, demo_copy, text
from test_incremental import edit

FUNDED_ID = FUNDED.rsplit("/", 1)[1]
REPO = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((REPO / "src/preuve/schemas/certificate-facts.schema.json").read_text())
CERT = f"sessions/{FUNDED_ID}/certificates/zoe-ndiaye.pdf"
REAL = f"sessions/{FUNDED_ID}/certificat-de-realisation/zoe-ndiaye.pdf"


def coded(out: Path) -> list[Path]:
    """Every certificate and certificat de réalisation of a version."""
    return sorted([*out.glob("sessions/*/certificates/*.pdf"), *out.glob("sessions/*/certificat-de-realisation/*.pdf")])


def facts_of(pdf: Path) -> dict:
    reader = PdfReader(pdf)
    specs = [s.get_object() for s in reader.trailer["/Root"]["/AF"]]
    assert [s["/F"] for s in specs] == ["certificate-facts.json"] and specs[0]["/AFRelationship"] == "/Data"
    return json.loads(specs[0]["/EF"]["/F"].get_object().get_data())


def verify(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["verify", *args])
    return result.exit_code, result.output


def qr(pdf: Path, tmp_path: Path) -> list[str]:
    """What the QR codes on the PDF's first page decode to (zbarimg, from zbar-tools)."""
    png = tmp_path / pdf.stem
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(png)],
                   check=True)
    done = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sqrcode.enable=1", f"{png}.png"],
                          capture_output=True, text=True, check=False)
    return done.stdout.split()


# --- codes, QR codes, facts ---------------------------------------------------------------------


def test_each_document_has_its_own_code_printed_once_and_in_its_qr_code(sample_output, tmp_path):
    cert, real = facts_of(sample_output / CERT), facts_of(sample_output / REAL)
    assert cert["code"] != real["code"]
    for rel, facts in ((CERT, cert), (REAL, real)):
        body = text(sample_output / rel)
        assert body.count(facts["code"]) == 1, rel
        assert qr(sample_output / rel, tmp_path) == [facts["code"]], rel
    assert real["code"] not in text(sample_output / CERT)


def test_with_a_base_url_the_qr_code_holds_the_url_printed_beside_it(make_project, tmp_path):
    root = make_project({"preuve.yml": PREUVE_YML + "verify:\n  base_url: https://formaia.example/preuves/\n"},
                        commit=True)
    out = built(root)
    facts = facts_of(out / CERT)
    url = f"https://formaia.example/preuves/verify.html#{facts['code']}"
    assert facts["verify_url"] == url
    assert url in text(out / CERT).replace(" ", "")
    assert qr(out / CERT, tmp_path) == [url]
    page = (out / "verify.html").read_text()
    assert f'<tr id="{facts["code"]}">' in page


def test_a_base_url_that_is_not_a_web_address_is_an_error(make_project):
    root = make_project({"preuve.yml": PREUVE_YML + "verify:\n  base_url: formaia.example\n"}, commit=True)
    result = CliRunner().invoke(main, ["check", "--project", str(root)])
    assert result.exit_code == 1
    assert "preuve.yml:10: verify.base_url: 'formaia.example' is not a web address" in result.output


def test_a_base_url_with_letters_beyond_ascii_is_in_the_qr_code_as_the_link_has_it(make_project, tmp_path):
    """segno wrote "é" as one ISO-8859-1 byte: zbar read "r嶲lementaires", a phone reading UTF-8 another
    address. The QR code holds the address %-encoded, as the PDF's link does."""
    root = make_project({"preuve.yml": PREUVE_YML + "verify:\n  base_url: https://formaia.example/réglementaires/\n"},
                        commit=True)
    out = built(root)
    code = facts_of(out / CERT)["code"]
    encoded = f"https://formaia.example/r%C3%A9glementaires/verify.html#{code}"
    assert qr(out / CERT, tmp_path) == [encoded]
    links = [a.get_object()["/A"]["/URI"] for a in PdfReader(out / CERT).pages[0].get("/Annots", [])]
    assert encoded in links
    assert f"https://formaia.example/réglementaires/verify.html#{code}" in text(out / CERT).replace(" ", "")


def test_a_base_url_with_a_query_is_an_error(make_project):
    """``?token=abc`` + ``/verify.html#CODE``: the QR code led to the folder's page with a query."""
    root = make_project({"preuve.yml": PREUVE_YML + "verify:\n  base_url: https://formaia.example/p/?token=abc\n"},
                        commit=True)
    result = CliRunner().invoke(main, ["check", "--project", str(root)])
    assert result.exit_code == 1
    assert ("preuve.yml:10: verify.base_url: 'https://formaia.example/p/?token=abc' has a query (?…): each document's "
            "address is this one followed by /verify.html#CODE, which the query would hold; give the folder where "
            "verify.html is published") in result.output


def test_embedded_facts_follow_their_schema_and_give_their_code(sample_output):
    for pdf in coded(sample_output):
        facts = facts_of(pdf)
        jsonschema.validate(facts, SCHEMA)
        xmp = PdfReader(pdf).xmp_metadata
        assert (xmp.pdfaid_part, xmp.pdfaid_conformance) == ("3", "B"), pdf  # still PDF/A-3b with its attachment
        assert facts["code"] == verification_code(facts), pdf
        edited = {**facts, "attendance": {**facts["attendance"], "hours_attended": 99}}
        assert verification_code(edited) != facts["code"]


def _fr_hours(value: float) -> str:
    return format_decimal(value, format="#,##0.##", locale="fr") + (" heures" if value >= 2 else " heure")


def _agrees(pdf: Path, facts: dict) -> None:
    """Every fact of the JSON is on the page, as the page writes it."""
    body = text(pdf)
    attendance, trainee = facts["attendance"], facts["trainee"]
    expected = [facts["code"], trainee["first_name"], trainee["last_name"], facts["session"]["title"],
                facts["issuer"]["legal_name"], facts["issued"]["at"],
                format_date(date.fromisoformat(facts["issued"]["on"]), "long", locale="fr"),
                _fr_span(attendance["start"], attendance["end"]),
                _fr_hours(attendance["hours_attended"]), _fr_hours(attendance["hours_planned"])]
    if facts["issuer"]["nda"]:
        expected.append(facts["issuer"]["nda"])
    assessment = facts.get("assessment")
    if assessment and assessment["score"] is not None:
        expected.append(f"{assessment['score']:g} / {assessment['max_score']:g} (seuil : "
                        f"{assessment['pass_mark']:g} / {assessment['max_score']:g})")
    if facts["document"] == "certificate":
        expected += facts["objectives"]
    for fact in expected:
        assert fact in body, (pdf.name, fact)


def _fr_span(start: str, end: str) -> str:
    """"12 au 13 mars 2026" (a range prints the parts both ends share once), or one date."""
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    return format_date(first, "long", locale="fr") if first == last else " au ".join(day_span(first, last, "fr"))


def test_the_embedded_facts_agree_with_the_text_of_every_document_of_the_demo(tmp_path):
    root = demo_copy(tmp_path)
    out = built(root)
    documents = coded(out)
    assert len(documents) >= 8
    for pdf in documents:
        facts = facts_of(pdf)
        jsonschema.validate(facts, SCHEMA)
        assert facts["issuer"]["kind"] == "employer" and facts["issuer"]["nda"] is None  # the demo is in-house
        _agrees(pdf, facts)
        assert len(PdfReader(pdf).pages) == 1, pdf.name


def test_a_score_is_shown_with_its_scale_and_pass_mark(sample_output):
    assert "Partiellement acquis — note : 12 / 20 (seuil : 14 / 20)" in text(sample_output / CERT)


# --- wording per mode ------------------------------------------------------------------------------


def test_provider_certificate_cites_l6353_1_with_the_nda_and_one_signature_zone(sample_output):
    body = text(sample_output / CERT)
    assert "Article L6353-1 du Code du travail" in body and "84691234569" in body
    assert body.count("SIGNATURE DU RESPONSABLE") == 1 and "SALARIÉ" not in body
    assert "L6321-1" not in body


def test_in_house_certificate_says_it_is_internal_training_by_the_employer(make_project):
    root = make_project({"preuve.yml": "title: Registre\nmode: in-house\n"}, commit=True)
    body = text(built(root) / CERT)
    assert "ATTESTATION DE FORMATION INTERNE" in body
    assert "Code du travail, article L6321-1" in body
    assert "règlement (UE) 2024/1689 sur l'intelligence artificielle, article 4" in body  # the session covers AI topics
    assert "elle n'est pas délivrée au titre de l'article L6353-1" in body
    assert "Article L6353-1 du Code du travail" not in body and "84691234569" not in body
    assert "SIGNATURE DE LA SALARIÉE" in body and "SIGNATURE DU RESPONSABLE" in body


def test_in_house_english_wording(make_project):
    root = make_project({"preuve.yml": "title: Register\nmode: in-house\nlocale: en\n"}, commit=True)
    body = text(built(root) / CERT)
    assert "CERTIFICATE OF INTERNAL TRAINING" in body and "article L6321-1" in body
    assert "SIGNATURE OF THE EMPLOYEE" in body and "12 / 20 (pass mark: 14 / 20)" in body


# --- verify.html, verify.json ---------------------------------------------------------------------


def test_verify_page_lists_every_coded_document_with_its_hash(sample_output):
    registry = json.loads((sample_output / "verify.json").read_text())
    page = (sample_output / "verify.html").read_text()
    pdfs = sorted(p.relative_to(sample_output).as_posix() for p in coded(sample_output))
    assert sorted(d["path"] for d in registry["documents"]) == pdfs
    sums = dict(reversed(line.split("  ")) for line in (sample_output / "SHA256SUMS").read_text().splitlines())
    for doc in registry["documents"]:
        assert doc["sha256"] == sums[doc["path"]] and doc["sha256"] in page and f'id="{doc["code"]}"' in page
    assert registry["earlier"] == [] and registry["signer"] is None


# --- preuve verify -------------------------------------------------------------------------------


def test_verify_accepts_every_issued_document(sample_output):
    for pdf in [*coded(sample_output), sample_output / "literacy.pdf", sample_output / f"sessions/{FUNDED_ID}/attendance.pdf"]:
        code, output = verify(str(pdf), "--in", str(sample_output))
        assert code == 0 and output.startswith("GENUINE"), (pdf, output)
    code, output = verify(str(sample_output / CERT), "--in", str(sample_output.parent / f"{sample_output.name}.zip"))
    assert code == 0 and "Zoé N'Diaye" in output and "score 12 / 20 (pass mark 14 / 20)" in output


def test_verify_rejects_a_file_with_one_changed_byte(sample_output, tmp_path):
    data = bytearray((sample_output / CERT).read_bytes())
    data[len(data) // 2] ^= 0x01
    (tmp_path / "edited.pdf").write_bytes(bytes(data))
    code, output = verify(str(tmp_path / "edited.pdf"), "--in", str(sample_output))
    assert code == 1 and output.startswith("NOT GENUINE"), output


def test_verify_rejects_a_certificate_re_rendered_with_a_changed_hour(make_project, sample_output):
    session = FUNDED_SESSION_MD.replace('end: "12:30"}', 'end: "13:30"}', 1)  # Zoé's first half-day
    forged = make_project({f"{FUNDED}/session.md": session}, commit=True, name="forged")
    code, output = verify(str(built(forged) / CERT), "--in", str(sample_output))
    assert code == 1 and output.startswith("NOT GENUINE"), output
    assert "8 h of 14.5 h planned" in output and "which no document of this version" in output


def test_verify_does_not_accept_a_file_the_team_committed_as_evidence(make_project, sample_output):
    """A version copies the records' evidence: a forged certificate committed as a session's
    evidence has its hash in the manifest, yet preuve never issued it."""
    session = FUNDED_SESSION_MD.replace('end: "12:30"}', 'end: "13:30"}', 1)
    forged = built(make_project({f"{FUNDED}/session.md": session}, commit=True, name="forged")) / CERT
    out = built(make_project({f"{FUNDED}/evidence/emargement-signe.pdf": forged.read_bytes()}, commit=True))
    code, output = verify(str(forged), "--in", str(out))
    assert code == 1, output
    assert output.startswith(f"NOT ISSUED: byte-identical to sessions/{FUNDED_ID}/evidence/emargement-signe.pdf of "
                             f"version {out.name}, a file copied from the records (what the team committed), not a "
                             "document preuve issued\n"), output
    assert "8 h of 14.5 h planned" in output and "claims:    code" in output
    code, output = verify(str(out / "sources/preuve.yml"), "--in", str(out))
    assert code == 1 and output.startswith("NOT ISSUED: byte-identical to sources/preuve.yml"), output
    code, output = verify(str(out / f"sessions/{FUNDED_ID}/attendance.pdf"), "--in", str(out))
    assert code == 0 and output.startswith("GENUINE"), output


def with_facts(pdf: Path, payload: bytes, target: Path) -> Path:
    """``pdf`` with its embedded certificate-facts.json replaced by ``payload``."""
    writer = PdfWriter(clone_from=pdf)
    for spec in writer.root_object["/AF"]:
        spec.get_object()["/EF"]["/F"].get_object().set_data(payload)
    writer.write(target)
    return target


@pytest.mark.parametrize("payload, stated", [
    (b"[1, 2]", "states:    no certificate facts embedded"),
    (b'"x"', "states:    no certificate facts embedded"),
    (b'{"trainee": "x", "attendance": [], "code": "AAAA-AAAA-AAAA"}', "trainee:   \n"),
    (b'{"assessment": 5, "issued": null}', "issued:    None at None\n"),
    (b'{"session": 1, "issuer": []}', 'training:  "None", None, None\n'),
], ids=["list", "string", "text-trainee", "number-assessment", "number-session"])
def test_verify_reads_facts_of_any_shape_without_a_traceback(sample_output, tmp_path, payload, stated):
    forged = with_facts(sample_output / CERT, payload, tmp_path / "forged.pdf")
    code, output = verify(str(forged), "--in", str(sample_output))
    assert code == 1 and output.startswith("NOT GENUINE"), output
    assert stated in output


def test_verify_reports_a_superseded_document_and_accepts_a_reissued_one(make_project):
    root = make_project(commit=True)
    first = built(root)
    kept = first / f"sessions/{FUNDED_ID}/certificates/dmitri.pdf"
    edit(root / FUNDED / "attendance.yml", "score: 12, result: partially-acquired", "score: 15, result: acquired")
    (root / "layouts").mkdir()
    (root / "layouts" / "print.css").write_text(  # a layout change: every document looks different
        (REPO / "src/preuve/layouts/print.css").read_text() + "\n.doc-title { color: #000; }\n")
    commit_all(root, "corrected score", date="2026-11-03T08:00:00+00:00")
    second = built(root)
    old, new = facts_of(first / CERT), facts_of(second / CERT)
    assert old["code"] != new["code"]

    code, output = verify(str(first / CERT), "--project", str(root))  # default: output/latest
    assert code == 1 and output.startswith("SUPERSEDED"), output
    assert f"superseded by code {new['code']}" in output
    assert "\nchanged:   assessment.result, assessment.score\n" in output  # what changed, not "corrected"
    code, output = verify(str(kept), "--project", str(root))  # same facts, earlier bytes
    assert (kept.read_bytes() != (second / kept.relative_to(first)).read_bytes())
    assert code == 0 and "holds the same facts (same code) in another file" in output, output

    registry = json.loads((second / "verify.json").read_text())
    superseded = [e for e in registry["earlier"] if e["status"] == "superseded"]
    # Zoé's certificate states her score; her certificat de réalisation does not, so it keeps its code.
    assert [(e["code"], e["replaced_by"], e["version"]) for e in superseded] == [(old["code"], new["code"], first.name)]
    assert {e["status"] for e in registry["earlier"]} == {"superseded", "reissued"}
    page = (second / "verify.html").read_text()
    assert page.count('class="status status-reissued"') == len(registry["earlier"]) - 1
    page = (second / "verify.html").read_text()
    assert old["code"] in page and f"remplacé par {new['code']}" in page


def test_a_person_purged_from_the_records_is_not_named_by_later_versions(make_project):
    """Once a session's evidence and its trainee's data were purged (their retention over), every
    later verify.json and verify.html still named the trainee among the withdrawn documents."""
    root = make_project(commit=True)
    first = built(root)
    gone = first / f"sessions/{FUNDED_ID}/certificates/jean-noel-daubigne.pdf"
    shutil.rmtree(root / FUNDED)
    (root / PLANNED / "attendance.yml").write_text("participants: []\n")  # he left before it
    people = root / "data/people.yml"
    kept = people.read_text().split("- id: ")
    people.write_text("- id: ".join(p for p in kept if not p.startswith(("jean-noel-daubigne", "aurelien-long"))))
    commit_all(root, "retention over: session and its trainees' data purged", date="2026-11-03T08:00:00+00:00")
    second = built(root)

    registry = json.loads((second / "verify.json").read_text())
    withdrawn = {e["sha256"]: e for e in registry["earlier"] if e["status"] == "withdrawn"}
    assert len(withdrawn) == 6  # certificate and certificat de réalisation of three trainees
    entry = withdrawn[hashlib.sha256(gone.read_bytes()).hexdigest()]
    assert (entry["person"], entry["name"], entry["path"]) == (None, None, f"sessions/{FUNDED_ID}/certificates/")
    assert entry["code"] == facts_of(gone)["code"] and entry["version"] == first.name
    for name in ("Jean-Noël", "Aubigné", "jean-noel-daubigne"):  # in no file of the later version
        assert not [f for f in second.rglob("*") if f.is_file() and name.encode() in f.read_bytes()], name
    page = (second / "verify.html").read_text()
    assert page.count("personne retirée des registres") == 2 and page.count("Zoé N’Diaye") == 3  # Zoé stays named (2 withdrawn, 1 current)
    code, output = verify(str(gone), "--in", str(second))
    assert code == 1 and output.startswith(f"WITHDRAWN: byte-identical to a document issued as sessions/{FUNDED_ID}/"
                                           f"certificates/ in version {first.name}"), output
    assert "trainee:   M. Jean-Noël D'Aubigné" in output  # read from the PDF the recipient holds

    (root / "NOTES.md").write_text("Purge of 2026-11-03 done.\n")
    commit_all(root, "a note", date="2026-11-04T08:00:00+00:00")
    third = built(root)  # the next version reads the unnamed entries back, and keeps them so
    later = json.loads((third / "verify.json").read_text())["earlier"]
    assert third != second and [e for e in later if e["sha256"] == entry["sha256"]] == [entry]
    assert "Aubigné" not in (third / "verify.json").read_text()


def test_a_person_id_corrected_keeps_the_name_on_the_withdrawn_certificate(make_project):
    """A typo fixed in a person's id after certificates were issued: the certificate at the old
    path is withdrawn and a new one issued, but Zoé is still in the records, under her new id:
    verify.html said her old certificate was a "personne retirée des registres"."""
    root = make_project(commit=True)
    first = built(root)
    for path in [root / "data/people.yml", *(root / "content").rglob("attendance.*")]:
        path.write_text(path.read_text().replace("zoe-ndiaye", "zoe-n-diaye"))
    commit_all(root, "Zoé's id corrected", date="2026-11-03T08:00:00+00:00")
    second = built(root)
    registry = json.loads((second / "verify.json").read_text())
    folder = CERT.rsplit("/", 1)[0] + "/"  # her former id is not published: a homonym's could be
    old = {e["sha256"]: e for e in registry["earlier"]}[hashlib.sha256((first / CERT).read_bytes()).hexdigest()]
    assert (old["status"], old["person"], old["name"], old["path"]) == ("withdrawn", None, "Zoé N'Diaye", folder)
    page = (second / "verify.html").read_text()
    assert "personne retirée des registres" not in page and page.count("Zoé N’Diaye") == 6  # 3 current, 3 withdrawn
    assert "zoe-ndiaye" not in (second / "verify.json").read_text() and "zoe-ndiaye" not in page
    code, output = verify(str(first / CERT), "--in", str(second))
    assert code == 1 and output.startswith(f"WITHDRAWN: byte-identical to a document issued as {folder} in version "
                                           f"{first.name}, code {old['code']}: version {second.name} no longer "
                                           "issues it"), output
    now = {d["path"]: d for d in registry["documents"]}[CERT.replace("zoe-ndiaye", "zoe-n-diaye")]
    assert (f"\nnow:       code {now['code']}, {now['path']}: the certificate this version issues to a trainee "
            "of the same name for the same training\n") in output


def test_verify_usage_errors_exit_2(sample_output, tmp_path):
    assert verify(str(tmp_path / "missing.pdf"), "--in", str(sample_output))[0] == 2
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.7\n")
    assert verify(str(tmp_path / "x.pdf"), "--in", str(tmp_path))[0] == 2  # not a version
    assert verify(str(tmp_path / "x.pdf"), "--project", str(tmp_path))[0] == 2  # nothing built


@pytest.mark.parametrize("name, content", [
    ("manifest.json", '{"outputs": ["x"]}'), ("manifest.json", '{"outputs": 3}'),
    ("verify.json", '{"documents": [{"code": 1}]}'), ("verify.json", '{"signer": "x"}'), ("verify.json", "[]"),
], ids=["manifest-entry", "manifest-outputs", "document", "signer", "registry"])
def test_verify_against_a_damaged_version_is_a_usage_error(sample_output, tmp_path, name, content):
    version = tmp_path / "version"
    version.mkdir()
    for own in ("manifest.json", "verify.json"):
        (version / own).write_bytes((sample_output / own).read_bytes())
    (version / name).write_text(content)
    code, output = verify(str(sample_output / CERT), "--in", str(version))
    assert code == 2, output
    assert output.endswith(f"Error: {version}: its manifest.json or verify.json is damaged (edited by hand?): no "
                           "file can be checked against it\n"), output


@pytest.mark.parametrize("anchor", [b"", b"not a certificate\n", b"-----BEGIN CERTIFICATE-----\nAAAA\n"
                                    b"-----END CERTIFICATE-----\n", b"%PDF-1.7\n"], ids=["empty", "text", "pem", "pdf"])
def test_verify_with_a_trust_anchor_that_is_not_a_certificate_is_a_usage_error(sample_output, tmp_path, anchor):
    (tmp_path / "ca.pem").write_bytes(anchor)
    for pdf in (sample_output / CERT, tmp_path / "ca.pem"):  # a PDF, and a file that is not one
        code, output = verify(str(pdf), "--in", str(sample_output), "--trust", str(tmp_path / "ca.pem"))
        assert code == 2 and "Traceback" not in output, output
        assert output.endswith(f"Error: --trust {tmp_path / 'ca.pem'}: not a certificate (PEM or DER)\n"), output


def test_verify_reports_the_signature(make_project, signing):
    out = built(make_project(commit=True))
    code, output = verify(str(out / CERT), "--in", str(out), "--trust", str(signing.ca_pem))
    assert code == 0
    assert "signature: valid; signed by" in output and "Sophie Marchal" in output
    assert f"certificate SHA-256 {signing.signer_fingerprint}; the certificate version {out.name} signed with" in output
    assert "chains to the given trust anchor" in output
    data = bytearray((out / CERT).read_bytes())
    start = data.index(b"Partiellement") if b"Partiellement" in data else len(data) // 3
    data[start] ^= 0x01
    (out.parent / "edited.pdf").write_bytes(bytes(data))
    code, output = verify(str(out.parent / "edited.pdf"), "--in", str(out))
    assert code == 1 and "INVALID" in output


def test_after_a_key_rotation_an_earlier_certificate_is_checked_against_the_key_that_signed_it(
        make_project, signing, monkeypatch, tmp_path):
    """Version 1 signed with one key, version 2 with a new one: the certificate a trainee received
    from version 1 is the one version 1 signed with, not a stranger's; verify.json says which
    key signed each document, earlier ones included."""
    from signing import make_key

    root = make_project(commit=True)
    first = built(root)
    rotated = make_key(tmp_path / "new-key", signer="Jean Autre")
    monkeypatch.setenv("PREUVE_SIGNING_P12", str(rotated.p12))
    edit(root / REMOTE / "session.md", "Programme à distance.", "Programme revu.")
    commit_all(root, "body", date="2026-11-03T08:00:00+00:00")
    second = built(root)
    for where in (second, second.parent / f"{second.name}.zip"):
        code, output = verify(str(first / CERT), "--in", str(where), "--trust", str(signing.ca_pem))
        assert code == 0 and "holds the same facts (same code) in another file" in output, output
        assert f"certificate SHA-256 {signing.signer_fingerprint}; the certificate version {first.name} signed " \
               "with\n" in output
        assert "trust:     chains to the given trust anchor(s)" in output
    code, output = verify(str(second / CERT), "--in", str(second), "--trust", str(signing.ca_pem))
    assert f"{rotated.signer_fingerprint}; the certificate version {second.name} signed with" in output
    assert "trust:     does NOT chain to the given trust anchor(s)\n" in output
    registry = json.loads((second / "verify.json").read_text())
    assert {d["signer"] for d in registry["documents"]} == {rotated.signer_fingerprint}
    assert {e["signer"] for e in registry["earlier"]} == {signing.signer_fingerprint}
    page = (second / "verify.html").read_text()  # and the page, to a reader without the JSON
    earlier = page[page.index('class="verify earlier'):]
    assert earlier.count("signé par un autre certificat, d’empreinte SHA-256 <code class=\"hash\">"
                         f"{signing.signer_fingerprint}</code>") == len(registry["earlier"]) > 0


def test_verify_says_a_signer_certificate_expired_since_it_signed(make_project, monkeypatch, tmp_path):
    """Without a time-stamp, a certificate signed by a key that has since expired does not chain
    today; verify says that it expired and that it chained when it claims to have been signed,
    not that the signer is unknown to the trust anchor."""
    from signing import make_key

    short = make_key(tmp_path / "key", valid=(datetime(2026, 1, 1, tzinfo=timezone.utc),
                                             datetime(2026, 11, 15, tzinfo=timezone.utc)))  # before today
    for name, value in short.env().items():
        monkeypatch.setenv(name, value)
    out = built(make_project(commit=True))  # signed at the commit time, 2026-11-02
    code, output = verify(str(out / CERT), "--in", str(out), "--trust", str(short.ca_pem))
    assert code == 0
    assert ("trust:     NOT trusted today: the signer's certificate is valid only from 2026-01-01 to 2026-11-15; it "
            "chained to the given trust anchor(s) at the signing time it claims; no time-stamp proves when the "
            "file was signed\n") in output, output


def test_verify_says_a_signer_certificate_not_for_signing_breaks_the_chains_constraints(sample_output, tmp_path):
    """A file signed elsewhere with an encryption certificate (preuve's build refuses one) chains
    to its authority, but not as a signer: verify says so, not that the signer is unknown."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    from signing import PASSPHRASE, make_key

    key = make_key(tmp_path / "key", usage=("key_encipherment",))
    signer = signers.SimpleSigner.load_pkcs12(str(key.p12), passphrase=PASSPHRASE.encode())
    signed = tmp_path / "signed.pdf"
    with (sample_output / CERT).open("rb") as source, signed.open("wb") as target:
        signers.sign_pdf(IncrementalPdfFileWriter(source), signers.PdfSignatureMetadata(field_name="S"),
                         signer=signer, output=target)
    code, output = verify(str(signed), "--in", str(sample_output), "--trust", str(key.ca_pem))
    assert code == 1 and "signature: valid; signed by" in output
    assert ("trust:     does NOT chain to the given trust anchor(s) as a signer: a certificate of the chain breaks "
            "its constraints (the signer's key usage does not allow signing, or an issuer is not a CA)\n") in output


def test_reading_the_zip_and_the_folder_agree(sample_output):
    assert verify(str(sample_output / REAL), "--in", str(sample_output))[1] == verify(
        str(sample_output / REAL), "--in", str(sample_output.parent / f"{sample_output.name}.zip"))[1]


def test_the_remote_session_certificate_attests_attendance_only(sample_output):
    facts = facts_of(sample_output / f"sessions/{REMOTE.rsplit('/', 1)[1]}/certificates/zoe-ndiaye.pdf")
    assert facts["assessment"] is None and facts["session"]["format"] == "remote"


def test_verify_without_in_or_project_reads_the_latest_version_of_the_repository_around(make_project, monkeypatch,
                                                                                       tmp_path):
    root = make_project(commit=True)
    pdf = built(root) / CERT
    monkeypatch.chdir(root / FUNDED)
    code, output = verify(str(pdf))
    assert code == 0 and output.startswith("GENUINE"), output
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, output = verify(str(pdf))
    assert code == 2 and "Traceback" not in output
    assert output.endswith(f"Error: no preuve.yml in {elsewhere} or any folder above it: give the version to "
                           "check against with --in (a version folder or its .zip)\n"), output


def test_verify_states_hours_in_minutes_as_the_certificate_does(make_project):
    """Slots of 2 h 10, 2 h and 2 h 10: the facts hold 6.333… hours, which verify printed as
    "6.33333 h"; it says "6 h 20 min", as the certificate says "6 heures 20 minutes"."""
    import re

    schedule = ('schedule:\n  - {date: 2026-03-12, start: "09:00", end: "11:10"}\n'
                '  - {date: 2026-03-12, start: "14:00", end: "16:00"}\n  - {date: 2026-03-13, start: "09:00", end: "11:10"}\n')
    attendance = ("trainer_signed: [true, true, true]\nparticipants:\n  - person: dmitri\n"
                  "    slots: [present, absent, present]\n    assessment: {score: 18, result: acquired}\n")
    root = make_project({f"{FUNDED}/session.md": re.sub(r"schedule:\n(  - .*\n)+", schedule, FUNDED_SESSION_MD),
                         f"{FUNDED}/attendance.yml": attendance}, commit=True)
    out = built(root)
    code, output = verify(str(out / "sessions" / FUNDED_ID / "certificates" / "dmitri.pdf"), "--in", str(out))
    assert code == 0, output
    assert "attended:  2026-03-12 to 2026-03-13, 4 h 20 min of 6 h 20 min planned" in output
