"""The signing key: a PKCS#12 file named by environment variables, never by the records.

``PREUVE_SIGNING_P12`` is the path of the ``.p12``/``.pfx`` file, ``PREUVE_SIGNING_PASSPHRASE``
its passphrase and ``PREUVE_TSA_URL`` an optional time-stamping authority (RFC 3161). In GitHub
Actions they come from secrets. A key kept inside the records repository is refused: it would be
one ``git add`` away from being committed, and one build away from being archived.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

from ..diagnostics import UserError
from .info import ENV_P12, ENV_PASSPHRASE, ENV_TSA, SignatureInfo


@dataclass(frozen=True)
class SigningKey:
    signer: object  # pyhanko.sign.signers.SimpleSigner
    info: SignatureInfo
    deterministic: bool  # RSA PKCS#1 v1.5: the same input gives the same signature


def _name(name, attribute: str = "common_name") -> str:
    native = name.native
    return str(native.get(attribute) or name.human_friendly)


def load_key(environ: Mapping[str, str], when: datetime, project_root: Path | None = None) -> SigningKey | None:
    """The key configured in ``environ``, checked; ``None`` when none is configured."""
    path_text = environ.get(ENV_P12, "").strip()
    if not path_text:
        stray = [name for name in (ENV_PASSPHRASE, ENV_TSA) if environ.get(name)]
        if stray:
            raise UserError(f"{' and '.join(stray)} set but {ENV_P12} is not: no key to sign with")
        return None
    path = Path(path_text).expanduser().resolve()
    if project_root is not None and path.is_relative_to(project_root.resolve()):
        raise UserError(f"{ENV_P12}: {path} is inside the records repository; keep the signing key "
                        "outside it (it could be committed, or copied into an archive)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"{ENV_P12}: cannot read {path}: {exc.strerror or exc}") from None
    passphrase = environ.get(ENV_PASSPHRASE)
    return _checked(data, passphrase.encode() if passphrase else None, path, when,
                    environ.get(ENV_TSA, "").strip() or None)


def _checked(data: bytes, passphrase: bytes | None, path: Path, when: datetime, tsa_url: str | None) -> SigningKey:
    from asn1crypto import algos
    from pyhanko.sign.signers import SimpleSigner

    _opened(data, passphrase, path)
    signer = SimpleSigner.load_pkcs12_data(data, [], passphrase=passphrase)
    cert = signer.signing_cert
    _for_signing(cert, path)
    start, end = cert["tbs_certificate"]["validity"]["not_before"].native, \
        cert["tbs_certificate"]["validity"]["not_after"].native
    if not start <= when <= end:
        raise UserError(f"{ENV_P12}: the certificate of {_name(cert.subject)} is valid from {start:%Y-%m-%d} "
                        f"to {end:%Y-%m-%d}, not at the signing time {when:%Y-%m-%d %H:%M} UTC (the commit's)")
    rsa = signer.signing_key.algorithm == "rsa"
    if rsa:  # PKCS#1 v1.5, explicitly: deterministic, unlike PSS
        signer = SimpleSigner(signing_key=signer.signing_key, signing_cert=cert, cert_registry=signer.cert_registry,
                              signature_mechanism=algos.SignedDigestAlgorithm({"algorithm": "sha256_rsa"}))
    if tsa_url is not None and not tsa_url.startswith(("https://", "http://")):
        raise UserError(f"{ENV_TSA}: {tsa_url!r} is not an http(s) address")
    info = SignatureInfo(
        signer=_name(cert.subject), subject=cert.subject.human_friendly, issuer=_name(cert.issuer),
        fingerprint=hashlib.sha256(cert.dump()).hexdigest(),
        mechanism="sha256_rsa" if rsa else f"sha256_{signer.signing_key.algorithm}",
        tsa_url=tsa_url, engine=f"pyHanko {version('pyhanko')}", time=when)
    return SigningKey(signer, info, deterministic=rsa)


def _opened(data: bytes, passphrase: bytes | None, path: Path) -> None:
    """That ``data`` opens, and holds a private key with the certificate of that key (a file
    exported without the key, or without its certificate, would sign nothing, or sign in a name
    it cannot prove)."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, pkcs12

    try:
        key, cert, _ = pkcs12.load_key_and_certificates(data, passphrase)
    except ValueError:
        raise UserError(f"{ENV_P12}: {path} is not a PKCS#12 file that {ENV_PASSPHRASE} opens "
                        "(wrong passphrase, or not a .p12/.pfx file with a key and its certificate)") from None
    der = (Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    if key is None or cert is None or cert.public_key().public_bytes(*der) != key.public_key().public_bytes(*der):
        raise UserError(f"{ENV_P12}: {path} holds no private key with its certificate (exported without "
                        "the key, or without the certificate)")


def _for_signing(cert, path: Path) -> None:
    """A certificate whose key usage does not allow signatures (an encryption or a CA
    certificate) gives signatures every reader rejects: refused before anything is signed."""
    usage = cert.key_usage_value
    if usage is not None and not {"digital_signature", "non_repudiation"} & set(usage.native):
        raise UserError(f"{ENV_P12}: the certificate of {_name(cert.subject)} in {path} is not for signing "
                        f"(key usage: {', '.join(sorted(usage.native))}); use a signing certificate")


EXPIRY_NOTICE_DAYS = 30
_loaded: dict[str, SigningKey] = {}


def key_for(info: SignatureInfo) -> SigningKey:
    """In a worker: the key the build announced, loaded once per process from the same
    environment (workers are forked from the build), checked to be that very key."""
    key = _loaded.get(info.fingerprint)
    if key is None:
        key = load_key(os.environ, info.time)
        if key is None or key.info.fingerprint != info.fingerprint:
            raise UserError(f"the signing key changed while the build was running ({ENV_P12})")
        _loaded[info.fingerprint] = key
    return key


def build_signature(root: Path, commit_time: int | None, draft: bool) -> tuple[SignatureInfo | None, str]:
    """Who signs a build of ``root``, and a note for the build's summary. The key is checked
    for every build, drafts included, so a mistake shows at once; but only committed versions
    are signed: a draft is not to be sent, and it has no commit time to sign at."""
    from datetime import timezone

    when = datetime.fromtimestamp(commit_time or 0, tz=timezone.utc)
    key = load_key(os.environ, when, root)
    if key is None:
        return None, f"not signed (no {ENV_P12})"
    if draft or commit_time is None:
        return None, "not signed: a draft is never signed"
    note = f"signed by {key.info.signer}"
    if not key.deterministic:
        note += f" ({key.info.mechanism}: signatures differ from build to build)"
    elif key.info.tsa_url:
        note += " (time-stamped: signatures differ from build to build)"
    return key.info, note + _chain(key) + _expiry(key, when)


def _chain(key: SigningKey) -> str:
    """A word when the ``.p12`` holds no certificate of the signer's issuer: the signature carries
    only what the file holds, and a reader that does not already know the issuer (an intermediate
    authority, most often) cannot link the signer to an authority it trusts."""
    cert = key.signer.signing_cert
    if cert.issuer == cert.subject or any(other.subject == cert.issuer for other in key.signer.cert_registry):
        return ""
    return (f"; the .p12 holds no certificate of its issuer {_name(cert.issuer)}: export it with the whole "
            "chain, or readers that do not already know that issuer cannot check the signature")


def _expiry(key: SigningKey, when: datetime) -> str:
    """A word when the certificate expires within :data:`EXPIRY_NOTICE_DAYS` of the commit: the
    first commit after that date can no longer be signed, and builds are refused until the key is
    renewed (``_checked``), which is best known ahead."""
    end = key.signer.signing_cert["tbs_certificate"]["validity"]["not_after"].native
    left = (end - when).days
    if left >= EXPIRY_NOTICE_DAYS:
        return ""
    return (f"; its certificate expires on {end:%Y-%m-%d}, {left} day(s) after this commit: renew it before "
            "(a commit made after that date cannot be signed with it)")
