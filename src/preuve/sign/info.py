"""Who signs a build's documents, as plain data (no cryptography imported): documents show it,
render keys hash it, workers check their key against it.

The signing time is kept apart from what documents show: a document whose data did not change
keeps its render key from one commit to the next, so it is reused with the signature it was
first given instead of being signed again (see ``docs/certificates.md``).
"""

from __future__ import annotations

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
