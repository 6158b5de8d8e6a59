"""Read a PDF as someone checking it would: the facts it carries, and its digital signatures.

Nothing here trusts the file: it may be edited, truncated or not a PDF at all. pyHanko reads it
(non-strict, as viewers do) and validates each signature: is the signed content intact, does the
signature cover the whole file, who signed (certificate subject and SHA-256 fingerprint), and
whether that certificate chains to a trust anchor the user gave.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..facts import FACTS_FILE


class UnreadablePdf(Exception):
    """The file cannot be read as a PDF."""


@dataclass(frozen=True, slots=True)
class SignatureCheck:
    intact: bool            # the signed bytes are unchanged and the signature is mathematically sound
    whole_file: bool        # nothing was added after the signature
    trusted: bool | None    # chains to a given trust anchor; None when none was given
    distrust: str | None    # why not, when not: "no-chain", "constraints", "out-of-period" or another
    signer: str             # certificate subject, readable
    fingerprint: str        # SHA-256 of the signer certificate
    signed_at: str | None   # the signing time the signer claims (ISO 8601)
    timestamped: bool       # carries a time-stamp token
    validity: tuple[str, str] = ("", "")  # the signer certificate's not-before and not-after dates
    trusted_when_signed: bool = False  # out of its period now, but chaining at the claimed time


def open_pdf(data: bytes):
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        reader.root  # noqa: B018 - parsing errors surface here
        return reader
    except Exception as exc:  # any parsing failure means: not a readable PDF
        raise UnreadablePdf(f"{type(exc).__name__}: {exc}") from None


def embedded_facts(reader) -> dict[str, Any] | None:
    """The ``certificate-facts.json`` associated file (catalog /AF, relationship Data), parsed."""
    try:
        for spec in reader.root.get("/AF", []):
            spec = spec.get_object()
            name = str(spec.get("/UF", spec.get("/F", "")))
            if name == FACTS_FILE and str(spec.get("/AFRelationship", "")) == "/Data":
                facts = json.loads(spec["/EF"]["/F"].get_object().data.decode("utf-8"))
                return facts if isinstance(facts, dict) else None
    except Exception:  # an edited or broken attachment is simply not facts preuve can read
        return None
    return None


class UnreadableAnchor(Exception):
    """A ``--trust`` file that is not a certificate: a usage error, said before any check."""


def load_anchors(trust: list[Path]) -> list:
    """The certificates of the ``--trust`` files, each parsed whole (asn1crypto parses lazily)."""
    from pyhanko.keys import load_cert_from_pemder

    anchors = []
    for path in trust:
        try:
            cert = load_cert_from_pemder(str(path))
            cert.native  # noqa: B018 - parses every field now, not in the middle of a check
        except ValueError:
            raise UnreadableAnchor(f"--trust {path}: not a certificate (PEM or DER)") from None
        anchors.append(cert)
    return anchors


def signature_checks(reader, anchors: list) -> list[SignatureCheck]:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    # Without a trust anchor pyHanko logs its failed search for one, with a traceback; the
    # result already says the chain was not checked.
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    checks = []
    for embedded in reader.embedded_signatures:
        context = ValidationContext(trust_roots=anchors, allow_fetching=False)
        try:
            status = validate_pdf_signature(embedded, context)
        except Exception:  # a signature too broken to validate is not a valid one
            checks.append(SignatureCheck(False, False, False if anchors else None, None, "?", "?", None, False))
            continue
        cert = status.signing_cert
        whole = status.coverage is not None and status.coverage.name == "ENTIRE_FILE"
        distrust = _distrust(status) if anchors and not status.trusted else None
        validity = cert["tbs_certificate"]["validity"]
        checks.append(SignatureCheck(
            intact=bool(status.intact and status.valid), whole_file=whole,
            trusted=bool(status.trusted) if anchors else None, distrust=distrust,
            signer=cert.subject.human_friendly, fingerprint=hashlib.sha256(cert.dump()).hexdigest(),
            signed_at=status.signer_reported_dt.isoformat() if status.signer_reported_dt else None,
            timestamped=status.timestamp_validity is not None,
            validity=tuple(f"{validity[end].native:%Y-%m-%d}" for end in ("not_before", "not_after")),
            trusted_when_signed=distrust == OUT_OF_PERIOD and _trusted_at(embedded, anchors, status)))
    return checks


OUT_OF_PERIOD = "out-of-period"
# pyHanko's reasons for not trusting a signer, as ``preuve verify`` words them (check.py)
_DISTRUST = {"NO_CERTIFICATE_CHAIN_FOUND": "no-chain", "CERTIFICATE_CHAIN_GENERAL_FAILURE": "no-chain",
             "CHAIN_CONSTRAINTS_FAILURE": "constraints",
             "OUT_OF_BOUNDS_NO_POE": OUT_OF_PERIOD, "EXPIRED": OUT_OF_PERIOD, "NOT_YET_VALID": OUT_OF_PERIOD}


def _distrust(status) -> str:
    """Why a signer does not chain to the anchors: an expired certificate is not an unknown one."""
    indication = status.trust_problem_indic
    return _DISTRUST.get(indication.name, indication.name.lower()) if indication else "no-chain"


def _trusted_at(embedded, anchors: list, status) -> bool:
    """Whether the signer chained to the anchors at the signing time it claims (a claim only:
    without a time-stamp nothing proves the signature was made then)."""
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    if status.signer_reported_dt is None:
        return False
    context = ValidationContext(trust_roots=anchors, allow_fetching=False, moment=status.signer_reported_dt)
    try:
        return bool(validate_pdf_signature(embedded, context).trusted)
    except Exception:  # a signature that fails here failed above already
        return False
