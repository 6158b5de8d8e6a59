"""Who signs a build's documents, as plain data (no cryptography imported): documents show it,
render keys hash it, workers check their key against it.

The signing time is kept apart from what documents show: a document whose data did not change
keeps its render key from one commit to the next, so it is reused with the signature it was
first given instead of being signed again (see ``docs/certificates.md``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any

ENV_P12 = "PREUVE_SIGNING_P12"
ENV_PASSPHRASE = "PREUVE_SIGNING_PASSPHRASE"
ENV_TSA = "PREUVE_TSA_URL"


@dataclass(frozen=True, slots=True)
class SignatureInfo:
    signer: str            # the certificate subject's common name
    subject: str           # the whole subject, readable
    issuer: str            # the issuer's common name
    fingerprint: str       # SHA-256 of the signer certificate (DER), hex
    mechanism: str         # e.g. sha256_rsa: RSA PKCS#1 v1.5, deterministic
    tsa_url: str | None    # time-stamping authority, when one is configured
    engine: str            # pyHanko's version: it writes the signature's bytes
    time: datetime         # the claimed signing time: the commit's

    def shown(self) -> dict[str, Any]:
        """What a document states about its signature, and what its render key includes."""
        return {"signer": self.signer, "subject": self.subject, "issuer": self.issuer,
                "fingerprint": self.fingerprint, "mechanism": self.mechanism, "tsa_url": self.tsa_url,
                "level": "PAdES B-T" if self.tsa_url else "PAdES B-B", "engine": self.engine}


# French legal forms: a seal's certificate names the organisation with its form, another one (a
# SARL become a SAS keeps its SIREN and its seal) or none ("FORMA'IA CONSEIL").
_LEGAL_FORMS = frozenset({"sa", "sas", "sasu", "sarl", "eurl", "snc", "scs", "sca", "sci", "scop", "scic", "sel",
                          "selarl", "selas", "selafa", "gie", "sem", "spl"})


def _words(text: str) -> set[str]:
    """The words of a name, case and accents aside; "S.A.R.L." is "SARL"."""
    folded = unicodedata.normalize("NFKD", text.casefold().replace(".", ""))
    return set(re.findall(r"\w+", "".join(char for char in folded if not unicodedata.combining(char))))


def signatory_note(info: SignatureInfo | None, representative: str, legal_name: str) -> str:
    """A word for the build's summary when the signing certificate names neither the
    representative, whom every certificate names as its signatory ("Je soussignée …",
    "Signature du responsable"), nor the provider itself (an organisation's seal): the
    signature zone would then read one name above another's signature. "MARCHAL Sophie" is
    Sophie Marchal."""
    if info is None:
        return ""
    signer = _words(info.signer)
    provider = _words(legal_name)
    if _words(representative) <= signer or (provider - _LEGAL_FORMS or provider) <= signer:
        return ""
    return (f"; its certificate names {info.signer}, while the documents name the representative {representative} "
            f"as their signatory: sign with {representative}'s certificate, or name {info.signer} as "
            "representative in data/provider.yml")
