"""``preuve verify FILE.pdf``: is this file a document that was issued, what does it state, was it
superseded, is its signature valid?

The answer rests on bytes, not on what the file says about itself: a file is genuine when its
SHA-256 is that of a document the version issued (or one an earlier version issued, which the
version's ``verify.json`` remembers). What the file states (its embedded facts) and its digital
signature are reported beside, so a controller sees at once why a file is refused: edited after
signing, re-rendered with other facts, or superseded by a corrected document.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..facts import code_matches
from ..model import hours_and_minutes
from ..naming import person_name
from ..outputs.writer import safe_relative
from .pdf import OUT_OF_PERIOD, UnreadablePdf, embedded_facts, load_anchors, open_pdf, signature_checks
from .registry import VERIFY_JSON

GENUINE, SUPERSEDED, WITHDRAWN, NOT_GENUINE, NOT_ISSUED = (
    "GENUINE", "SUPERSEDED", "WITHDRAWN", "NOT GENUINE", "NOT ISSUED")
# What a verification code typed from paper is (``code.py``): the code of a current document, or none.
ISSUED, UNKNOWN = "ISSUED", "UNKNOWN"
# Files a version copies from the records (the evidence beside its session, the rest under
# sources/): whatever the team committed there, preuve did not issue it.
COPIED = re.compile(r"(sources|sessions/[^/]+/evidence)/")


class VersionNotFound(Exception):
    """``--in`` is not a version folder or archive of one."""


@dataclass
class Verdict:
    status: str
    lines: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 0 if self.status in (GENUINE, ISSUED) else 1


def _member(where: Path, name: str) -> bytes:
    """A file of a version folder or of its ``.zip`` (whose one top folder is the version), by its
    path inside the version; a path that would leave it (from an edited ``verify.json``) is not
    read. Raises ``KeyError``, ``OSError``, ``ValueError`` or ``zipfile.BadZipFile``."""
    rel = safe_relative(name)
    if where.is_dir():
        return (where.resolve() / rel).read_bytes()
    with zipfile.ZipFile(where) as archive:
        names = archive.namelist()
        return archive.read(f"{names[0].split('/', 1)[0] if names else ''}/{rel}")


def read_version(where: Path) -> tuple[str, dict[str, Any], dict[str, Any] | None]:
    """``(version, manifest, verify.json or None)`` of a version folder or its ``.zip``."""
    def load(name: str) -> dict[str, Any] | None:
        try:
            return json.loads(_member(where, name))
        except (KeyError, OSError, ValueError):
            return None

    if not where.is_dir() and not zipfile.is_zipfile(where):
        raise VersionNotFound(f"{where} is neither a version folder nor a version's .zip archive")
    manifest, registry = load("manifest.json"), load(VERIFY_JSON)
    if not isinstance(manifest, dict) or "outputs" not in manifest:
        raise VersionNotFound(f"{where} holds no manifest.json: not a version built by preuve")
    if _damaged(manifest, registry):
        raise VersionNotFound(f"{where}: its manifest.json or {VERIFY_JSON} is damaged (edited by hand?): "
                              "no file can be checked against it")
    return str(manifest.get("version", where.name)), manifest, registry


def _damaged(manifest: dict[str, Any], registry: Any) -> bool:
    """Whether the version's own files are not in the shape preuve writes them."""
    return not _listed(manifest, "outputs", ("path", "sha256")) or registry is not None and not (
        isinstance(registry, dict) and isinstance(registry.get("signer") or {}, dict)
        and _listed(registry, "documents", ("path", "sha256", "code"))
        and _listed(registry, "earlier", ("path", "sha256", "code", "version", "status")))


def _listed(data: dict[str, Any], key: str, fields: tuple[str, ...]) -> bool:
    """Whether ``data[key]`` (if there) is a list of entries with each of ``fields`` as text."""
    entries = data.get(key, [])
    return isinstance(entries, list) and all(
        isinstance(entry, dict) and all(isinstance(entry.get(f), str) for f in fields) for entry in entries)


def verify_file(pdf: Path, where: Path, trust: list[Path]) -> Verdict:
    anchors = load_anchors(trust)
    data = pdf.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    version, manifest, registry = read_version(where)
    registry = registry or {"documents": [], "earlier": [], "signer": None}
    verdict = _match(digest, version, manifest, registry)
    verdict.lines.append(f"sha256:    {digest}")
    try:
        reader = open_pdf(data)
    except UnreadablePdf as exc:
        verdict.lines.append(f"content:   cannot be read as a PDF ({exc})")
        return verdict
    facts = embedded_facts(reader)
    verdict.lines.extend(stated(facts) if facts else ["states:    no certificate facts embedded"])
    if facts and verdict.status == SUPERSEDED:
        verdict.lines.extend(_changed(facts, _replacement(where, registry, digest)))
    if facts and verdict.status == WITHDRAWN:
        verdict.lines.extend(_same_trainee(facts, registry))
    if facts and verdict.status in (NOT_GENUINE, NOT_ISSUED):
        verdict.lines.append(_claimed(facts, registry))
    verdict.lines.extend(_signatures(signature_checks(reader, anchors), _expected_signer(digest, version, registry)))
    return verdict


def _expected_signer(digest: str, version: str, registry: dict[str, Any]) -> tuple[str, str | None] | None:
    """``(which version, the SHA-256 of the certificate it signed with)`` for the file: the version
    that issued it, when an earlier one did (a key rotated since still signed it); ``None`` when
    that version's signer is not recorded (an earlier ``verify.json`` without ``signer``)."""
    earlier = next((e for e in registry.get("earlier", []) if e["sha256"] == digest), None)
    if earlier is None:
        return version, (registry.get("signer") or {}).get("fingerprint")
    return (earlier["version"], earlier["signer"]) if "signer" in earlier else None


def _match(digest: str, version: str, manifest: dict[str, Any], registry: dict[str, Any]) -> Verdict:
    for doc in registry.get("documents", []):
        if doc["sha256"] == digest:
            return Verdict(GENUINE, [f"{GENUINE}: byte-identical to {doc['path']} of version {version}, "
                                     f"code {doc['code']}, current"])
    for doc in registry.get("earlier", []):
        if doc["sha256"] != digest:
            continue
        where = f"issued as {doc['path']} in version {doc['version']}, code {doc['code']}"
        if doc["status"] == "reissued" and doc.get("replaced_by") not in (None, doc["code"]):
            return Verdict(GENUINE, [f"{GENUINE}: byte-identical to a document {where} by preuve {doc.get('preuve')}; "
                                     f"version {version} holds the same facts under code {doc['replaced_by']}, as preuve 0.2.0 "
                                     "computes codes otherwise"])
        if doc["status"] == "reissued":
            return Verdict(GENUINE, [f"{GENUINE}: byte-identical to a document {where}; version {version} "
                                     "holds the same facts (same code) in another file"])
        if doc["status"] == "superseded":
            return Verdict(SUPERSEDED, [f"{SUPERSEDED}: byte-identical to a document {where}, superseded by "
                                        f"code {doc['replaced_by']} in version {version}: {superseded_why(doc)}"])
        return Verdict(WITHDRAWN, [f"{WITHDRAWN}: byte-identical to a document {where}: version {version} no "
                                   "longer issues it"])
    same = [item["path"] for item in manifest.get("outputs", []) if item.get("sha256") == digest]
    for path in sorted(same, key=lambda p: COPIED.match(p) is not None):
        if COPIED.match(path):
            return Verdict(NOT_ISSUED, [f"{NOT_ISSUED}: byte-identical to {path} of version {version}, a file copied "
                                        "from the records (what the team committed), not a document preuve issued"])
        return Verdict(GENUINE, [f"{GENUINE}: byte-identical to {path} of version {version}"])
    return Verdict(NOT_GENUINE, [f"{NOT_GENUINE}: no document issued by version {version}, nor by the earlier "
                                 "versions it lists, has these bytes"])


def superseded_why(entry: dict[str, Any]) -> str:
    """Why an earlier document has a new code: a fact changed, or (a preuve 0.1.0 certificate,
    ``legacy.py``) the records it was made from did."""
    if "preuve" not in entry:
        return "a fact it states changed"
    return f"the records preuve {entry['preuve']} made it from changed since (it recorded no facts to compare)"


def _situation(trainee: dict[str, Any]) -> str:
    """" (Client Industrie SA)" for an employee, " (self-employed, EI Dupont)" for a trainee who is
    not one: the facts name no employer for them (docs/certificate-facts.md)."""
    said = [str(x) for x in (trainee.get("status"), trainee.get("business"), trainee.get("employer")) if x]
    return f" ({', '.join(said)})" if said else ""


def stated(facts: dict[str, Any]) -> list[str]:
    """What the file says it is, and whether that holds together."""
    trainee, issuer, session, attendance, issued = (_part(facts, key) for key in (
        "trainee", "issuer", "session", "attendance", "issued"))
    name = " ".join(x for x in (trainee.get("civility"), trainee.get("first_name"), trainee.get("last_name")) if x)
    lines = [f"document:  {facts.get('document')}, code {facts.get('code')}",
             f"trainee:   {name}" + _situation(trainee),
             f"issuer:    {issuer.get('legal_name')}, SIRET {issuer.get('siret')}"
             + (f", NDA {issuer['nda']}" if issuer.get("nda") else f" ({issuer.get('kind')})"),
             f"training:  \"{session.get('title')}\", {session.get('nature')}, {session.get('format')}",
             f"attended:  {attendance.get('start')} to {attendance.get('end')}, "
             f"{hours_text(attendance.get('hours_attended'))} of {hours_text(attendance.get('hours_planned'))} planned"]
    assessment = facts.get("assessment")
    if isinstance(assessment, dict):
        scale = f" / {_n(assessment['max_score'])}" if assessment.get("max_score") is not None else ""
        score = f", score {_n(assessment['score'])}{scale}" if assessment.get("score") is not None else ""
        mark = f" (pass mark {_n(assessment['pass_mark'])}{scale})" if assessment.get("pass_mark") is not None else ""
        lines.append(f"result:    {assessment.get('result')}{score}{mark}")
    elif "assessment" in facts and assessment is None:
        lines.append("result:    none planned (attendance only)")
    lines.append(f"issued:    {issued.get('on')} at {issued.get('at')}")
    if not code_matches(facts):
        lines.append("warning:   the embedded facts do not give the code they carry: they were edited")
    return lines


def _replacement(where: Path, registry: dict[str, Any], digest: str) -> dict[str, Any] | None:
    """The embedded facts of the document that superseded the one whose SHA-256 is ``digest``."""
    earlier = next((e for e in registry.get("earlier", []) if e["sha256"] == digest), {})
    path = next((d["path"] for d in registry.get("documents", []) if d["code"] == earlier.get("replaced_by")), None)
    return None if path is None else issued_facts(where, path)


def issued_facts(where: Path, path: str, sha256: str | None = None) -> dict[str, Any] | None:
    """The embedded facts of the file at ``path`` of the version (only if its SHA-256 is ``sha256``,
    when given): ``None`` when it is not there, not those bytes, or holds none."""
    try:
        data = _member(where, path)
        if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
            return None
        return embedded_facts(open_pdf(data))
    except (KeyError, OSError, ValueError, UnreadablePdf, zipfile.BadZipFile):
        return None


def _changed(then: dict[str, Any], now: dict[str, Any] | None) -> list[str]:
    """Which facts the superseding document states otherwise: a new code says a fact changed, not
    that the earlier document was wrong (the provider registered again, a folder was renamed)."""
    if now is None:
        return []
    then, now = _flat(then), _flat(now)
    differ = sorted(key for key in then.keys() | now.keys() if key != "code" and then.get(key) != now.get(key))
    return [f"changed:   {', '.join(differ)}"] if differ else []


def _flat(facts: Any, name: str = "") -> dict[str, Any]:
    """``{"issuer.siret": …}``: each fact by its dotted name."""
    if isinstance(facts, dict) and facts:
        return {k: v for key, value in facts.items() for k, v in _flat(value, f"{name}.{key}" if name else key).items()}
    return {name: facts}


def _part(facts: dict[str, Any], key: str) -> dict[str, Any]:
    """One group of the facts; the file is not trusted, so anything but a mapping reads as empty."""
    value = facts.get(key)
    return value if isinstance(value, dict) else {}


def _n(value: Any) -> str:
    return f"{value:g}" if isinstance(value, (int, float)) else str(value)


def hours_text(value: Any) -> str:
    """Hours as the documents state them: ``3.5 h``, or ``4 h 10 min`` when two decimals cannot
    say them (the facts hold 4.166666…, which ``:g`` printed as 4.16667)."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return f"{value} h"
    split = hours_and_minutes(value)
    return f"{round(value, 2):g} h" if split is None else f"{split[0]} h {split[1]} min"


def _same_trainee(facts: dict[str, Any], registry: dict[str, Any]) -> list[str]:
    """For a withdrawn file: the documents of its kind the version issues to a trainee of the
    same name, for a training of the same title and dates. A corrected person id or a renamed
    session folder withdraws a certificate and issues another at a new path; the trainee holding
    the first one is pointed to the second, without the version claiming it replaces it."""
    trainee, session, attendance = (_part(facts, key) for key in ("trainee", "session", "attendance"))
    name = person_name(str(trainee.get("first_name")), str(trainee.get("last_name")))
    wanted = (facts.get("document"), name, session.get("title"), attendance.get("start"), attendance.get("end"))
    return [f"now:       code {doc['code']}, {doc['path']}: the {doc['kind']} this version issues to a trainee "
            "of the same name for the same training" for doc in registry.get("documents", [])
            if (doc.get("kind"), doc.get("name"), doc.get("title"), doc.get("start"), doc.get("end")) == wanted]


def _claimed(facts: dict[str, Any], registry: dict[str, Any]) -> str:
    """For a file that is not genuine: what became of the code it claims."""
    for doc in registry.get("documents", []):
        if doc["code"] == facts.get("code"):
            return f"claims:    code {doc['code']}, issued as {doc['path']} with sha256 {doc['sha256']}: not this file"
    return f"claims:    code {facts.get('code')}, which no document of this version or the earlier ones carries"


def _signatures(checks: list, expected: tuple[str, str | None] | None) -> list[str]:
    if not checks:
        return ["signature: none"]
    lines = []
    for check in checks:
        state = "valid" if check.intact and check.whole_file else (
            "INVALID: the file was changed after it was signed" if not check.intact
            else "intact, but the file was extended after signing")
        lines.append(f"signature: {state}; signed by {check.signer}"
                     + (f" at {check.signed_at}" if check.signed_at else "")
                     + ("; time-stamped" if check.timestamped else ""))
        lines.append(f"signer:    certificate SHA-256 {check.fingerprint}{_whose(check.fingerprint, expected)}")
        if check.trusted is not None:
            lines.append(f"trust:     {_trust(check)}")
    return lines


def _whose(fingerprint: str, expected: tuple[str, str | None] | None) -> str:
    """Whether the certificate that signed the file is the one its version signed with."""
    if expected is None:
        return ""
    version, signer = expected
    if signer is None:
        return f"; NOT from version {version}, which signed nothing"
    return f"; {'the' if fingerprint == signer else 'NOT the'} certificate version {version} signed with"


def _trust(check) -> str:
    """Whether the signer chains to the ``--trust`` anchors, and if not, why: a certificate that
    expired since it signed, or one not made for signing, is not a stranger's."""
    if check.trusted:
        return "chains to the given trust anchor(s)"
    start, end = check.validity
    if check.distrust == OUT_OF_PERIOD:
        then = ("it chained to the given trust anchor(s) at the signing time it claims" if check.trusted_when_signed
                else "nor did it chain to the given trust anchor(s) at the signing time it claims")
        proof = "" if check.timestamped else "; no time-stamp proves when the file was signed"
        return f"NOT trusted today: the signer's certificate is valid only from {start} to {end}; {then}{proof}"
    if check.distrust == "constraints":
        return ("does NOT chain to the given trust anchor(s) as a signer: a certificate of the chain breaks its "
                "constraints (the signer's key usage does not allow signing, or an issuer is not a CA)")
    if check.distrust == "no-chain":
        return "does NOT chain to the given trust anchor(s)"
    return f"does NOT chain to the given trust anchor(s) ({check.distrust})"
