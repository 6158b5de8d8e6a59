"""The certificates of a version built by preuve 0.1.0, which wrote no ``verify.json``.

A team upgrading from 0.1.0 has handed out certificates whose codes its ``verify.html`` lists.
Since 0.2.0 a code is a hash of the facts a document states (``facts.py``), so every code changes
with the upgrade, whether a fact did or not. Without this, the first version built by the new
preuve listed none of them: their codes were nowhere, ``preuve verify`` called them not genuine,
and the build said every certificate was "newly issued".

Each certificate of such a version is read from its ``verify.html`` rows (code, name, session, the
PDF's path) and its ``manifest.json`` (SHA-256, and the record files it was made from). Whether it
states the same facts as the document now at its path cannot be read from the codes; it can from
the records: when none of the files it was made from changed, its facts did not, and
``recoded_as`` is set to the code those facts have now (``registry.py`` then calls it *reissued*
under that code). Otherwise it is *superseded*: its records changed, and the document to rely on
is the new one.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

# A row of 0.1.0's verify.html: <tr id="CODE">, then the name, the session's link, …, the PDF's link.
_ROW = re.compile(r'<tr id="([A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4})">(.*?)</tr>', re.S)
_CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.S)
_SESSION = re.compile(r'<a href="sessions/([^/"]+)/index\.html">(.*?)</a>', re.S)
_PDF = re.compile(r'<a href="(sessions/[^"]+/certificates/([^/"]+)\.pdf)">')
_TAG = re.compile(r"<[^>]+>")


def _text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def legacy_issued(folder: Path, sources_now: dict[str, str]) -> list[dict[str, Any]]:
    """The certificates the version in ``folder`` issued, when preuve 0.1.0 built it (no
    ``verify.json``, a ``manifest.json`` and a ``verify.html``); ``[]`` for anything else.
    ``sources_now``: the SHA-256 of each record file of the build under way, by path."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        page = (folder / "verify.html").read_text(encoding="utf-8")
    except (OSError, ValueError):
        return []
    if not isinstance(manifest, dict) or "preuve_version" not in manifest:
        return []
    outputs = {o.get("path"): o for o in manifest.get("outputs", []) if isinstance(o, dict)}
    then = {s.get("path"): s.get("sha256") for s in manifest.get("sources", []) if isinstance(s, dict)}
    version = str(manifest.get("version", folder.name))
    issued = []
    for code, row in _ROW.findall(page):
        cells, session, pdf = _CELL.findall(row), _SESSION.search(row), _PDF.search(row)
        output = outputs.get(pdf.group(1)) if pdf else None
        if session is None or output is None or len(cells) < 2 or not isinstance(output.get("sha256"), str):
            continue
        inputs = output.get("inputs") or []
        unchanged = bool(inputs) and all(then.get(p) is not None and then.get(p) == sources_now.get(p) for p in inputs)
        issued.append({"code": code, "kind": "certificate", "path": pdf.group(1), "sha256": output["sha256"],
                       "version": version, "session": session.group(1), "title": _text(session.group(2)),
                       "person": pdf.group(2), "name": _text(cells[1]), "issued_on": None, "signed": False,
                       "signer": None, "preuve": str(manifest["preuve_version"]), "unchanged": unchanged})
    return issued
