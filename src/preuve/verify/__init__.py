"""Verification anyone can do: the registry of coded documents each version publishes
(``verify.json``, ``verify.html``) and ``preuve verify FILE.pdf``. See ``docs/certificates.md``."""
