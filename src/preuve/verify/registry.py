"""``verify.json`` and ``verify.html``: every document that carries a verification code, with its
SHA-256, and the documents earlier versions issued that this one no longer holds.

An earlier document is *superseded* when the same document (same session, trainee and kind) now
has another code, because a fact it states changed; *withdrawn* when that document is no longer
issued at all; *reissued* when the document states the same facts (same code) in other bytes
(a new layout, a new engine). History travels from version to version: each ``verify.json``
lists what the nearest earlier committed version listed, so a version restored alone (a CI cache,
an archive) still knows every code issued before it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ..diagnostics import UserError, shorten
from ..facts import CERTIFICATE, FOLDERS, REALISATION, document_facts, person_name, summary
from ..outputs.manifest import dumps
from ..pages import BuildStamp, page_base
from ..plan import BuildInfo, Job
from ..records import Records
from ..values import SLUG_RE
from .changes import IssueChanges, issue_changes, same_facts
from .legacy import legacy_issued

VERIFY_JSON = "verify.json"
FORMAT = "preuve/verify/1"
_ID = SLUG_RE.pattern.removeprefix("^").removesuffix("$")  # session and person ids
# What an earlier version's document is: its path (a trainee's, or the session's folder once the
# trainee was purged: ``_unnamed``), its code and its SHA-256.
_ENTRY = {"path": re.compile(rf"sessions/{_ID}/(?:{'|'.join(map(re.escape, FOLDERS.values()))})/(?:{_ID}\.pdf)?"),
          "code": re.compile(r"[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}"), "sha256": re.compile(r"[0-9a-f]{64}")}


def coded_documents(records: Records, hashes: dict[str, str], signer: str | None) -> list[dict[str, Any]]:
    """The certificates and certificats de réalisation of this version, by code; each names the
    SHA-256 of the certificate that signed it (``signer``), which travels with it into later
    versions' ``earlier`` list: after a key rotation, what signed an earlier document is known."""
    documents = []
    for s in records.sessions:
        for presence in s.certified():
            funded = s.funding_of(presence.participant) is not None
            for kind in (CERTIFICATE, REALISATION) if funded else (CERTIFICATE,):
                path = f"sessions/{s.id}/{FOLDERS[kind]}/{presence.participant.person_id}.pdf"
                facts = document_facts(records, s, presence, kind)
                documents.append({**summary(facts), "path": path, "sha256": hashes[path], "signed": signer is not None,
                                  "signer": signer})
    return sorted(documents, key=lambda d: d["code"])


@dataclass(frozen=True)
class History:
    """What the versions this one follows knew: ``entries``, every document they issued or listed
    as earlier (``verify.json``'s ``earlier`` of this version comes from them); ``issued``, only
    the documents they issued themselves (what this build changed, ``changes.py``)."""

    follows: list[str]
    entries: list[dict[str, Any]]
    issued: list[dict[str, Any]]


def read_history(output_root: Path, followed: list[str], sources: dict[str, str]) -> History:
    """Documents issued by the versions this one follows (``provenance.lineage``: the nearest
    built ancestor, or one per branch after a merge): each ``verify.json`` holds its own documents
    and everything it knew of before it. A version built by preuve 0.1.0 has none: its
    certificates are read from its pages (``legacy.py``; ``sources``: this build's record files)."""
    history = History(followed, [], [])
    for version in followed:  # newest first
        try:
            data = json.loads((output_root / version / VERIFY_JSON).read_text(encoding="utf-8"))
        except FileNotFoundError:
            legacy = _checked(legacy_issued(output_root / version, sources), f"output/{version}/verify.html")
            history.issued.extend(legacy)
            history.entries.extend(legacy)
            continue
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and data.get("format") == FORMAT:
            where = f"output/{version}/{VERIFY_JSON}"
            issued = [{**d, "version": version} for d in _checked(data.get("documents", []), where)]
            history.issued.extend(issued)
            history.entries.extend(issued + _checked(data.get("earlier", []), where))
    return history


def _checked(entries: object, where: str) -> list[dict[str, Any]]:
    """``entries`` once each is a document preuve lists: output/ comes from a cache or a checkout,
    and what an entry holds goes into this version's ``verify.json``, its page and CI's log and
    step summary (a path holding a line break wrote a line of its own there, read as a command)."""
    for entry in entries if isinstance(entries, list) else [entries]:
        bad = next((key for key, form in _ENTRY.items()
                    if not isinstance(entry, dict) or not isinstance(entry.get(key), str)
                    or not form.fullmatch(entry[key])), None)
        if bad is not None:
            shown = shorten(entry.get(bad) if isinstance(entry, dict) else entry)
            raise UserError(f"{where}: a document's {bad} {shown!r} is not one preuve writes: this earlier version "
                            "was changed after its build; remove it from output/ (or restore it from its archive)")
    return entries  # type: ignore[return-value]


def recoded(history: History, documents: list[dict[str, Any]]) -> History:
    """``history`` with each certificate of a 0.1.0 version (``legacy.py``) whose records are
    unchanged given ``recoded_as``, the code its facts have now: the code of the document now at
    its path. The mark travels with the entry into later versions' ``earlier`` list."""
    now = {d["path"]: d["code"] for d in documents}

    def settle(entry: dict[str, Any]) -> dict[str, Any]:
        if "unchanged" not in entry:
            return entry
        settled = {k: v for k, v in entry.items() if k != "unchanged"}
        if entry["unchanged"] and entry["path"] in now:
            settled["recoded_as"] = now[entry["path"]]
        return settled

    return History(history.follows, [settle(e) for e in history.entries], [settle(e) for e in history.issued])


def earlier_documents(documents: list[dict[str, Any]], history: list[dict[str, Any]],
                      people: Collection[str], names: Collection[str] = ()) -> list[dict[str, Any]]:
    """Each earlier file (by SHA-256) this version does not hold, with its status against now.
    A withdrawn document of someone no longer in ``people`` (ids) is listed without their id
    and, unless the records still hold their name (``names``: their id was corrected), without
    their name (:func:`_unnamed`): a corrected id was said to be a person "retirée des registres"."""
    held = {d["sha256"] for d in documents}
    now = {d["path"]: d for d in documents}
    found: dict[str, dict[str, Any]] = {}
    for entry in history:
        if entry["sha256"] in held or entry["sha256"] in found:
            continue
        current = now.get(entry["path"])
        if current is None:
            status, by = "withdrawn", None
        else:
            status, by = ("reissued" if same_facts(entry, current) else "superseded"), current["code"]
        listed = {**entry, "status": status, "replaced_by": by}
        found[entry["sha256"]] = listed if current is not None or _person(entry) in people else _unnamed(
            listed, entry.get("name") in names)
    return sorted(found.values(), key=lambda e: (e["path"], e["version"], e["sha256"]))


def _person(entry: dict[str, Any]) -> str | None:
    return entry.get("person", PurePosixPath(entry["path"]).stem)


def _unnamed(entry: dict[str, Any], keep_name: bool) -> dict[str, Any]:
    """``entry`` without the person it was issued to: once their data is purged from the records
    (docs/rules.md, Retention), no later version publishes their name, nor their id in a path. The
    code, SHA-256 and version still answer for the document, and ``preuve verify`` reads the
    name from the PDF itself. ``keep_name``: the records still hold the name (the id was corrected)."""
    path = entry["path"] if entry["path"].endswith("/") else f"{PurePosixPath(entry['path']).parent}/"  # unnamed before
    return {**entry, "person": None, "name": entry["name"] if keep_name else None, "path": path}


def earlier_anchors(documents: list[dict[str, Any]], earlier: list[dict[str, Any]]) -> dict[str, str]:
    """The earlier files (by SHA-256) whose row on ``verify.html`` has their code as its id: the
    first of each code this version no longer lists. A superseded certificate's QR code leads to
    ``verify.html#CODE``, which opened at the top of the page (every earlier row's id was
    ``CODE-<hash>``, as one code may have several files)."""
    taken = {d["code"] for d in documents}
    anchors: dict[str, str] = {}
    for entry in earlier:
        if entry["code"] not in taken:
            taken.add(entry["code"])
            anchors[entry["sha256"]] = entry["code"]
    return anchors


def verification_outputs(records: Records, build: BuildInfo, prov: BuildStamp, hashes: dict[str, str],
                         history: History, marked: set[str]) -> tuple[Job, bytes, IssueChanges]:
    """The verification page and ``verify.json`` of this version, and what it changed in what the
    versions it follows issued (``marked``: a draft's documents marked as drafts)."""
    documents = coded_documents(records, hashes, build.signature.fingerprint if build.signature else None)
    history = recoded(history, documents)
    names = {person_name(p.first_name, p.last_name) for p in records.people.values()}
    earlier = earlier_documents(documents, history.entries, records.people, names)
    signer = build.signature_context()
    data = {"format": FORMAT, "version": prov.version, "commit": prov.commit, "draft": prov.draft,
            "signer": signer, "documents": documents, "earlier": earlier}
    page = Job("verify.html", "verify.html.j2",
               {**page_base(records, build, prov, ""), "documents": documents, "earlier": earlier,
                "anchors": earlier_anchors(documents, earlier), "signature": signer}, ())
    return page, dumps(data), issue_changes(history.follows, documents, history.issued, marked)
