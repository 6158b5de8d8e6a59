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
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ..facts import CERTIFICATE, FOLDERS, REALISATION, document_facts, person_name, summary
from ..outputs.manifest import dumps
from ..pages import BuildStamp, page_base
from ..plan import BuildInfo, Job
from ..records import Records
from .changes import IssueChanges, issue_changes, same_facts
from .legacy import legacy_issued

VERIFY_JSON = "verify.json"
FORMAT = "preuve/verify/1"


def coded_documents(records: Records, hashes: dict[str, str], signer: str | None) -> list[dict[str, Any]]:
    """The certificates and certificats de réalisation of this version, by code; each names the
    SHA-256 of the certificate that signed it (``signer``), which travels with it into later
    versions' ``earlier`` list: after a key rotation, what signed an earlier document is known."""
    documents = []
    for s in records.sessions:
        kinds = (CERTIFICATE, REALISATION) if s.session.funding is not None else (CERTIFICATE,)
        for presence in s.certified():
            for kind in kinds:
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
            legacy = legacy_issued(output_root / version, sources)
            history.issued.extend(legacy)
            history.entries.extend(legacy)
            continue
        except (OSError, ValueError):
            continue
        if data.get("format") == FORMAT:
            issued = [{**d, "version": version} for d in data.get("documents", [])]
            history.issued.extend(issued)
            history.entries.extend(issued + list(data.get("earlier", [])))
    return history


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
