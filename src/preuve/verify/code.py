"""``preuve verify CODE``: what a version issued under a verification code read from paper.

Most certificates reach an OPCO, an auditor or an employer printed or scanned: what they hold is
the code (``XXXX-XXXX-XXXX``, base32) or the QR code that holds it. The answer is the code's
status in the version's ``verify.json`` and what was issued under it, for the reader to compare
with the paper: what the document states when the version holds its file, else what
``verify.json`` lists (kind, trainee, training, dates, hours, result, issue date, path). It
proves nothing about the paper itself: only a file's bytes (``preuve verify FILE.pdf``) do.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .check import (ISSUED, SUPERSEDED, UNKNOWN, WITHDRAWN, Verdict, VersionNotFound, hours_text, issued_facts,
                    read_version, stated, superseded_why)
from .registry import VERIFY_JSON

# Typed from paper: spaces, hyphens of any kind, lower case; and the figures base32 never uses
# (it has 2 to 7 only) read as the letters they look like.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015]+")
_LOOK_ALIKES = str.maketrans("018", "OIB")
_BASE32 = re.compile(r"[A-Z2-7]{12}")


# What a QR code holds with ``verify.base_url``: the version's page, the code after its ``#``.
_VERIFY_URL = re.compile(r"\s*https?://\S*#([^#\s]*)\s*", re.IGNORECASE)


def read_code(typed: str) -> str | None:
    """``typed`` as a verification code (``5EKY-JKZT-FOWC``), or ``None`` when it cannot be one.
    The address a QR code holds (``https://…/verify.html#5EKY-JKZT-FOWC``) gives its code."""
    if address := _VERIFY_URL.fullmatch(typed):
        typed = address.group(1)
    text = _SEPARATORS.sub("", typed).upper().translate(_LOOK_ALIKES)
    if not _BASE32.fullmatch(text):
        return None
    return "-".join(text[i:i + 4] for i in range(0, 12, 4))


def verify_code(code: str, where: Path) -> Verdict:
    """What the version at ``where`` (a folder or its ``.zip``) issued under ``code``."""
    version, _manifest, registry = read_version(where)
    if registry is None:
        raise VersionNotFound(f"{where} holds no {VERIFY_JSON} (built by preuve 0.1.0?): its codes cannot be "
                              "looked up; check the file itself: preuve verify FILE.pdf")
    current = next((d for d in registry.get("documents", []) if d["code"] == code), None)
    if current is not None:
        verdict = Verdict(ISSUED, [f"{ISSUED}: code {code} is that of {current['path']} of version {version}, "
                                   "current"])
        return _described(verdict, current, version, where)
    earlier = sorted((e for e in registry.get("earlier", []) if e["code"] == code),
                     key=lambda e: e["version"], reverse=True)
    if not earlier:
        return Verdict(UNKNOWN, [f"{UNKNOWN}: no document issued by version {version}, nor by the earlier versions it "
                                 f"lists, carries code {code}; a mistyped code reads the same: check it against "
                                 "the paper"])
    return _described(_earlier(code, earlier[0], version, registry), earlier[0], version, where)


def _earlier(code: str, entry: dict[str, Any], version: str, registry: dict[str, Any]) -> Verdict:
    """The status of a code only earlier versions issued, as ``verify.json`` lists it."""
    issued = f"code {code} was issued as {entry['path']} in version {entry['version']}"
    by = entry.get("replaced_by")
    if entry["status"] == "reissued":  # a 0.1.0 code: the same facts now have another code
        return Verdict(ISSUED, [f"{ISSUED}: {issued}; version {version} holds the same facts under code {by}, "
                                "as preuve 0.2.0 computes codes otherwise"])
    if entry["status"] == "superseded":
        now = next((d["path"] for d in registry.get("documents", []) if d["code"] == by), None)
        return Verdict(SUPERSEDED, [f"{SUPERSEDED}: {issued}, superseded by code {by}" + (f" ({now})" if now else "")
                                    + f" in version {version}: {superseded_why(entry)}; the document to rely on is "
                                    "the one with the new code"])
    return Verdict(WITHDRAWN, [f"{WITHDRAWN}: {issued}: version {version} no longer issues it"])


def _described(verdict: Verdict, entry: dict[str, Any], version: str, where: Path) -> Verdict:
    """``verdict`` with what was issued under the code, to compare with the paper, and what this
    does not prove. When the version holds that very file (its SHA-256 as listed), what it states
    (issuer, score and scale, place of issue…); else what ``verify.json`` lists."""
    facts = issued_facts(where, entry["path"], entry["sha256"])
    lines = stated(facts) if facts is not None and facts.get("code") == entry["code"] else _listed(entry)
    signed = "signed" if entry.get("signed") else "not signed"
    lines += [f"file:      {entry['path']} ({signed}), sha256 {entry['sha256']}",
              f"note:      this is what version {version} lists under this code; it does NOT prove that the paper "
              "in hand is that document: its other details could have been altered. Compare them with the lines "
              "above; only a file's bytes prove a file unaltered: preuve verify FILE.pdf"]
    verdict.lines.extend(lines)
    return verdict


def _listed(entry: dict[str, Any]) -> list[str]:
    """What ``verify.json`` lists of a document (an earlier version's, whose file this one does not hold)."""
    name, result = entry.get("name"), entry.get("result")
    lines = [f"document:  {entry.get('kind')}, code {entry['code']}",
             f"trainee:   {name}" if name is not None else
             "trainee:   not named (the person is no longer in the records; the paper names them)",
             f"training:  \"{entry.get('title')}\", session {entry.get('session')}",
             f"attended:  {entry.get('start')} to {entry.get('end')}, {hours_text(entry.get('hours'))}"]
    if entry.get("assessed") is False:
        lines.append("result:    none planned (attendance only)")
    else:
        lines.append(f"result:    {result if result is not None else 'not recorded'}")
    return lines + [f"issued:    {entry.get('issued_on')}"]
