"""``preuve verify CODE``: what a version issued under a verification code read from a paper
certificate or its QR code, and what that does not prove."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sample import FUNDED, REMOTE, built, commit_all, committed_build, sample_files
from test_incremental import edit
from test_verification import CERT, verify

NOT_PROVEN = ("note:      this is what version {version} lists under this code; it does NOT prove that the paper in "
              "hand is that document: its other details could have been altered. Compare them with the lines above; "
              "only a file's bytes prove a file unaltered: preuve verify FILE.pdf")
DMITRI_REMOTE = f"sessions/{REMOTE.rsplit('/', 1)[1]}/certificates/dmitri.pdf"


def documents(version: Path) -> dict[str, dict]:
    """The documents a version lists in its verify.json, by path."""
    return {d["path"]: d for d in json.loads((version / "verify.json").read_text())["documents"]}


def as_typed(code: str) -> str:
    """``code`` as someone types it from paper: lower case, spaces, figures for look-alike letters."""
    return code.lower().replace("-", " ").replace("o", "0").replace("i", "1").replace("b", "8")


def test_a_current_code_typed_from_paper_gives_what_was_issued_under_it(sample_output):
    doc = documents(sample_output)[CERT]
    assert set(doc["code"]) & set("OIB"), doc["code"]  # the look-alikes are typed as figures
    typed = as_typed(doc["code"])
    code, output = verify(typed, "--in", str(sample_output))
    assert code == 0, output
    assert output == "\n".join([
        f"ISSUED: code {doc['code']} is that of {CERT} of version {sample_output.name}, current",
        f"typed:     {typed!r}, read as {doc['code']}",
        f"document:  certificate, code {doc['code']}",
        "trainee:   Mme Zoé N'Diaye (Client Industrie SA)",  # what the version's own file states
        "issuer:    Forma'IA Conseil SARL, SIRET 90123456700005, NDA 84691234569",
        "training:  \"IA générative : fondamentaux et vigilance\", action-de-formation, in-person",
        "attended:  2026-03-12 to 2026-03-13, 7 h of 13.5 h planned",
        "result:    partially-acquired, score 12 / 20 (pass mark 14 / 20)",
        "issued:    2026-03-13 at Lyon",
        f"file:      {CERT} (not signed), sha256 {doc['sha256']}",
        NOT_PROVEN.format(version=sample_output.name)]) + "\n"
    words = verify(*typed.split(), "--in", str(sample_output))  # typed without quotes: three words
    assert words == (0, output)


def test_a_code_gives_the_same_answer_from_the_versions_zip(sample_output):
    doc = documents(sample_output)[CERT]
    folder = verify(doc["code"], "--in", str(sample_output))
    archive = verify(doc["code"], "--in", str(sample_output.parent / f"{sample_output.name}.zip"))
    assert archive == folder and folder[0] == 0 and "\nissued:    2026-03-13 at Lyon\n" in archive[1]


def test_a_file_the_version_holds_with_other_bytes_than_listed_is_not_read(sample_output, tmp_path):
    """What the code's file states is read only from the bytes verify.json lists for it."""
    version = tmp_path / sample_output.name
    shutil.copytree(sample_output, version)
    data = bytearray((version / CERT).read_bytes())
    data[len(data) // 2] ^= 0x01
    (version / CERT).write_bytes(bytes(data))
    code, output = verify(documents(sample_output)[CERT]["code"], "--in", str(version))
    assert code == 0 and "\ntrainee:   Zoé N'Diaye\n" in output and "issuer:" not in output, output


def test_an_unknown_code_is_no_document_of_the_version_nor_of_earlier_ones(sample_output):
    code, output = verify("AAAA-AAAA-AAAA", "--in", str(sample_output))
    assert code == 1, output
    assert output == (f"UNKNOWN: no document issued by version {sample_output.name}, nor by the earlier versions it "
                      "lists, carries code AAAA-AAAA-AAAA; a mistyped code reads the same: check it against the "
                      "paper\n")


@pytest.fixture(scope="module")
def corrected(tmp_path_factory) -> tuple[Path, Path, Path]:
    """``(records, first version, second version)``: Zoé's score corrected (her certificate
    superseded), Dmitri recorded absent from the remote session (his certificate withdrawn)."""
    root = tmp_path_factory.mktemp("corrected") / "records"
    first = committed_build(root, sample_files())
    edit(root / FUNDED / "attendance.yml", "score: 12, result: partially-acquired", "score: 15, result: acquired")
    edit(root / REMOTE / "attendance.csv", "dmitri;present;;", "dmitri;absent;;")
    commit_all(root, "corrected score, Dmitri absent", date="2026-11-03T08:00:00+00:00")
    return root, first, built(root)


def test_a_superseded_code_names_the_code_that_replaces_it(corrected):
    root, first, second = corrected
    old, new = documents(first)[CERT], documents(second)[CERT]
    assert old["code"] != new["code"]
    code, output = verify(old["code"], "--project", str(root))  # default: output/latest
    assert code == 1, output
    assert output.startswith(f"SUPERSEDED: code {old['code']} was issued as {CERT} in version {first.name}, "
                             f"superseded by code {new['code']} ({CERT}) in version {second.name}: a fact it states "
                             "changed; the document to rely on is the one with the new code\n"), output
    assert ("\ntrainee:   Zoé N'Diaye\n" f"training:  \"IA générative : fondamentaux et vigilance\", session "
            f"{CERT.split('/')[1]}\nattended:  2026-03-12 to 2026-03-13, 7 h\nresult:    partially-acquired\n"
            "issued:    2026-03-13\n") in output  # what verify.json lists of the superseded document
    assert output.endswith(NOT_PROVEN.format(version=second.name) + "\n")
    code, output = verify(new["code"], "--project", str(root))
    assert code == 0 and "\nresult:    acquired, score 15 / 20 (pass mark 14 / 20)\n" in output, output


def test_a_withdrawn_code_says_the_version_no_longer_issues_it(corrected):
    root, first, second = corrected
    old = documents(first)[DMITRI_REMOTE]
    assert DMITRI_REMOTE not in documents(second)
    code, output = verify(old["code"], "--in", str(second))
    assert code == 1, output
    assert output.startswith(f"WITHDRAWN: code {old['code']} was issued as {DMITRI_REMOTE} in version {first.name}: "
                             f"version {second.name} no longer issues it\n"), output
    assert "\ntrainee:   Дмитрий Ζαχαρίου\n" in output and "\nresult:    none planned (attendance only)\n" in output


def test_an_existing_file_is_always_a_file_even_named_like_a_code(sample_output, tmp_path, monkeypatch):
    doc = documents(sample_output)[CERT]
    monkeypatch.chdir(tmp_path)
    (tmp_path / doc["code"]).write_bytes((sample_output / CERT).read_bytes())
    code, output = verify(doc["code"], "--in", str(sample_output))
    assert code == 0 and output.startswith(f"GENUINE: byte-identical to {CERT}"), output


@pytest.mark.parametrize("typed, what", [("missing.pdf", "no such file"), ("5EKY-JKZT-FOW", "no such file"),
                                         (".", "a folder")], ids=["file", "short-code", "folder"])
def test_neither_a_file_nor_a_code_is_a_usage_error_that_says_both_forms(sample_output, typed, what):
    code, output = verify(typed, "--in", str(sample_output))
    assert code == 2, output
    assert output.endswith(f"Error: {typed!r}: {what}, and not a verification code (XXXX-XXXX-XXXX, letters A-Z and "
                           "figures 2-7): give a document's PDF (preuve verify FILE.pdf) or the code printed on it "
                           "(preuve verify CODE)\n"), output


def test_a_code_with_trust_anchors_is_a_usage_error(sample_output, test_key):
    code, output = verify("AAAA-AAAA-AAAA", "--in", str(sample_output), "--trust", str(test_key.ca_pem))
    assert code == 2 and output.endswith("Error: --trust checks a file's signature: give the file, not its code\n")


def test_what_verify_json_lists_reaches_the_terminal_as_printable_text(sample_output, tmp_path):
    """verify.json comes from disk: a name holding an escape sequence (move up, rewrite the first
    line) is shown as its characters, as the file form shows what a PDF states."""
    version = tmp_path / sample_output.name
    shutil.copytree(sample_output, version)
    registry = json.loads((version / "verify.json").read_text())
    doc = next(d for d in registry["documents"] if d["path"] == CERT)
    doc.update(name="Zoé\x1b[1A\rGENUINE", sha256="0" * 64)  # other bytes: what verify.json lists is shown
    (version / "verify.json").write_text(json.dumps(registry))
    code, output = verify(doc["code"], "--in", str(version))
    assert code == 0 and "\ntrainee:   Zoé\\x1b[1A\\rGENUINE\n" in output and "\x1b" not in output, output


def test_a_code_against_a_version_without_verify_json_is_a_usage_error(sample_output, tmp_path):
    """Without verify.json (a version preuve 0.1.0 built) no code can be looked up: UNKNOWN would
    tell the caller the certificate was never issued."""
    version = tmp_path / "version"
    version.mkdir()
    (version / "manifest.json").write_bytes((sample_output / "manifest.json").read_bytes())
    code, output = verify(documents(sample_output)[CERT]["code"], "--in", str(version))
    assert code == 2, output
    assert output.endswith(f"Error: {version} holds no verify.json (built by preuve 0.1.0?): its codes cannot be "
                           "looked up; check the file itself: preuve verify FILE.pdf\n"), output


def test_the_address_a_qr_code_holds_gives_its_code(sample_output):
    """With ``verify.base_url``, a certificate's QR code holds the version page's address with the
    code after its ``#``: what a phone's scanner shows, pasted as it is."""
    doc = documents(sample_output)[CERT]
    address = f"https://formation.example.fr/preuve/verify.html#{doc['code']}"
    code, output = verify(address, "--in", str(sample_output))
    assert code == 0, output
    assert output.splitlines()[:2] == [
        f"ISSUED: code {doc['code']} is that of {CERT} of version {sample_output.name}, current",
        f"typed:     {address!r}, read as {doc['code']}"]
