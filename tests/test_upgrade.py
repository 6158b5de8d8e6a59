"""A team upgrading from preuve 0.1.0 (docs/upgrading.md): the certificates its versions issued
keep answering after the upgrade. 0.1.0 wrote no ``verify.json``; its codes are on its
``verify.html``, and every code changes with 0.2.0. The 0.1.0 version is made here by hand from a
version built now: ``verify.json`` removed, ``verify.html`` in 0.1.0's shape, ``preuve_version``
0.1.0 (the manifest's other fields are what 0.1.0 wrote)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from click.testing import CliRunner

from preuve import __version__
from preuve.cli import main
from sample import FUNDED, PREUVE_YML, built, commit_all
from test_incremental import edit

OLD_ROW = """    <tr id="{code}">
      <td><code class="code">{code}</code></td>
      <td>{name}</td>
      <td><a href="sessions/{session}/index.html">{title}</a></td>
      <td class="dates">Le 12 mars 2026</td>
      <td class="num">7 heures</td>
      <td>Acquis</td>
      <td class="nowrap">13 mars 2026</td>
      <td><span class="status status-valid">Valide</span></td>
      <td><a href="{path}">PDF</a> <code class="hash">{sha256}</code></td>
    </tr>
"""


def as_built_by_0_1_0(version: Path) -> dict[str, str]:
    """``version`` made into what preuve 0.1.0 wrote (its PDFs other bytes, rendered by another
    engine, so none is reused); the 0.1.0 code of each certificate, by path."""
    registry = json.loads((version / "verify.json").read_text())
    (version / "verify.json").unlink()
    certificates = [d for d in registry["documents"] if d["kind"] == "certificate"]
    codes = {d["path"]: f"AAA{'BCDEFGHIJK'[i]}-2222-AAAA" for i, d in enumerate(certificates)}
    rows = "".join(OLD_ROW.format(**{**d, "code": codes[d["path"]]}) for d in certificates)
    (version / "verify.html").write_text(f"<html><body><table class=\"verify\"><tbody>\n{rows}</tbody></table></body></html>")
    manifest = json.loads((version / "manifest.json").read_text())
    manifest.update(preuve_version="0.1.0", engine="0" * 64, build_key="0" * 64)
    for output in manifest["outputs"]:  # 0.1.0's PDFs: other bytes, from another engine
        if output["path"].endswith(".pdf"):
            pdf = version / output["path"]
            pdf.write_bytes(pdf.read_bytes() + b"% rendered by preuve 0.1.0\n")
            output.update(sha256=hashlib.sha256(pdf.read_bytes()).hexdigest(), render_key="0" * 64)
    for key in ("engine_parts", "signer"):
        manifest.pop(key)
    (version / "manifest.json").write_text(json.dumps(manifest))
    return codes


def verify(pdf: Path | str, root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["verify", "--project", str(root), str(pdf)])
    return result.exit_code, result.output


def test_certificates_of_a_0_1_0_version_are_listed_with_their_codes_and_a_true_status(make_project):
    root = make_project(commit=True)
    old = built(root)
    codes = as_built_by_0_1_0(old)
    changed, unchanged = (f"sessions/{s}/certificates/zoe-ndiaye.pdf" for s in ("2026-03-ia-fondamentaux", "2026-05-copilot"))
    assert changed in codes and unchanged in codes
    again = CliRunner().invoke(main, ["build", "--project", str(root)])
    assert again.exit_code == 0 and f"output/{old.name} is already built from this commit, with another engine " \
        f"(built by preuve 0.1.0, now {__version__}; that version does not record which part)" in again.stderr

    edit(root / FUNDED / "attendance.yml", "score: 16, result: acquired", "score: 17, result: acquired")
    commit_all(root, "a score corrected", date="2026-11-03T10:00:00+00:00")
    result = CliRunner().invoke(main, ["build", "--project", str(root)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if "warning" not in line]
    assert lines[1:3] == [
        f"certificates against output/{old.name}: 3 newly issued, 3 superseded (new codes), "
        "2 reissued (same facts, other bytes)",
        f"  output/{old.name} was built by preuve 0.1.0, whose codes this version computes otherwise: its "
        "certificates made from records unchanged since are reissued under new codes, the others superseded; "
        "verify.html lists their earlier codes"]

    new = (root / "output" / "latest").resolve()
    registry = json.loads((new / "verify.json").read_text())
    now = {d["path"]: d["code"] for d in registry["documents"]}
    earlier = {e["code"]: e for e in registry["earlier"]}
    assert set(earlier) == set(codes.values())
    assert {k: earlier[codes[unchanged]][k] for k in ("path", "version", "status", "replaced_by", "recoded_as")} == {
        "path": unchanged, "version": old.name, "status": "reissued", "replaced_by": now[unchanged],
        "recoded_as": now[unchanged]}
    assert earlier[codes[changed]]["status"] == "superseded" and "recoded_as" not in earlier[codes[changed]]
    page = (new / "verify.html").read_text()
    assert f'id="{codes[unchanged]}"' in page and f"mêmes informations, désormais code {now[unchanged]}" in page

    code, output = verify(old / unchanged, root)
    assert code == 0 and output.splitlines()[0] == (
        f"GENUINE: byte-identical to a document issued as {unchanged} in version {old.name}, code "
        f"{codes[unchanged]} by preuve 0.1.0; version {new.name} holds the same facts under code {now[unchanged]}, "
        "as preuve 0.2.0 computes codes otherwise")
    code, output = verify(old / changed, root)
    assert code == 1 and output.splitlines()[0] == (
        f"SUPERSEDED: byte-identical to a document issued as {changed} in version {old.name}, code {codes[changed]}, "
        f"superseded by code {now[changed]} in version {new.name}: the records preuve 0.1.0 made it from changed "
        "since (it recorded no facts to compare)")
    code, output = verify(codes[unchanged], root)  # the 0.1.0 code printed on paper
    assert code == 0 and output.splitlines()[0] == (
        f"ISSUED: code {codes[unchanged]} was issued as {unchanged} in version {old.name}; version {new.name} holds "
        f"the same facts under code {now[unchanged]}, as preuve 0.2.0 computes codes otherwise"), output
    code, output = verify(codes[changed], root)
    assert code == 1 and output.splitlines()[0] == (
        f"SUPERSEDED: code {codes[changed]} was issued as {changed} in version {old.name}, superseded by code "
        f"{now[changed]} ({changed}) in version {new.name}: the records preuve 0.1.0 made it from changed since (it "
        "recorded no facts to compare); the document to rely on is the one with the new code"), output

    # The next version carries them on, with the same statuses.
    edit(root / FUNDED / "attendance.yml", "score: 17, result: acquired", "score: 18, result: acquired")
    commit_all(root, "again", date="2026-11-04T10:00:00+00:00")
    later = json.loads((built(root) / "verify.json").read_text())
    statuses = {e["code"]: e["status"] for e in later["earlier"] if e["code"] in earlier}
    assert statuses == {code: e["status"] for code, e in earlier.items()}


def test_verify_url_of_0_1_0_says_what_to_write_instead(make_project):
    root = make_project({"preuve.yml": PREUVE_YML + "verify_url: https://formation.example/verify.html\n"})
    result = CliRunner().invoke(main, ["check", "--project", str(root)])
    line = PREUVE_YML.count("\n") + 1
    assert (f"preuve.yml:{line}: warning: verify_url: ignored since preuve 0.2.0: write verify: {{base_url: …}} with "
            "the address where the versions are published; QR codes then lead to its verify.html#CODE") in result.output
