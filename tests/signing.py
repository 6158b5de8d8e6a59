"""A throwaway certificate authority and signer, made with ``cryptography`` for each test run:
RSA-2048, the signer's certificate issued by the CA, packed as a PKCS#12 file with its chain."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

PASSPHRASE = "correct horse battery staple"


@dataclass(frozen=True)
class TestKey:
    p12: Path
    ca_pem: Path
    signer_fingerprint: str  # SHA-256 of the signer certificate (DER)
    signer_name: str

    def env(self) -> dict[str, str]:
        return {"PREUVE_SIGNING_P12": str(self.p12), "PREUVE_SIGNING_PASSPHRASE": PASSPHRASE}


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Forma'IA Conseil SARL"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _usage(**on: bool) -> x509.KeyUsage:
    names = ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
             "key_agreement", "key_cert_sign", "crl_sign", "encipher_only", "decipher_only")
    return x509.KeyUsage(**{n: on.get(n, False) for n in names})


def make_key(folder: Path, signer: str = "Sophie Marchal",
             valid: tuple[dt.datetime, dt.datetime] = (dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc),
                                                       dt.datetime(2040, 1, 1, tzinfo=dt.timezone.utc)),
             usage: tuple[str, ...] = ("digital_signature", "content_commitment"), packed: str = "both",
             chain: bool = True) -> TestKey:
    """``packed``: what the PKCS#12 file holds of the signer, its key and certificate ("both"),
    or only one of them ("key", "cert"; the CA certificate stays). ``chain``: whether it holds
    the CA certificate too."""
    folder.mkdir(parents=True, exist_ok=True)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca = (x509.CertificateBuilder().subject_name(_name("Test CA")).issuer_name(_name("Test CA"))
          .public_key(ca_key.public_key()).serial_number(1).not_valid_before(valid[0]).not_valid_after(valid[1])
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(_usage(key_cert_sign=True, crl_sign=True), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (x509.CertificateBuilder().subject_name(_name(signer)).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(2).not_valid_before(valid[0]).not_valid_after(valid[1])
            .add_extension(_usage(**dict.fromkeys(usage, True)), critical=True)
            .sign(ca_key, hashes.SHA256()))
    p12 = folder / "signer.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"signer", None if packed == "cert" else key, None if packed == "key" else cert,
        [ca] if chain else None, serialization.BestAvailableEncryption(PASSPHRASE.encode())))
    ca_pem = folder / "ca.pem"
    ca_pem.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    return TestKey(p12, ca_pem, cert.fingerprint(hashes.SHA256()).hex(), signer)
