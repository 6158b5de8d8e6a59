"""Digital signatures (PAdES, with pyHanko) of certificates, certificats de réalisation and the
literacy dossier, and their validation by ``preuve verify``. See ``docs/certificates.md``."""
