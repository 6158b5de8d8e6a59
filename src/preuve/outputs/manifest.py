"""``manifest.json`` and ``SHA256SUMS``: what a version holds, what it was made from, and hashes.

The manifest lists every source file of the records and every output with its SHA-256; each
rendered document also carries its render key (the hash of everything it was made from), which
later builds use to reuse it byte for byte. ``SHA256SUMS`` covers every file of the version folder,
the manifest included, in the format ``sha256sum -c`` checks.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"


def canonical(data: Any) -> str:
    """The one JSON text of ``data`` that its hashes (render and build keys) are taken of."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def dumps(data: Any) -> bytes:
    return (json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n").encode()


def sha256sums(hashes: dict[str, str]) -> bytes:
    return "".join(f"{hashes[rel]}  {rel}\n" for rel in sorted(hashes)).encode()


def batch_digest(hashes: dict[str, str]) -> str:
    """One hash for the whole version: the SHA-256 of its sorted SHA256SUMS lines."""
    return hashlib.sha256(sha256sums(hashes)).hexdigest()


@dataclass(frozen=True, slots=True)
class Reusable:
    path: Path
    sha256: str


def version_manifest(where, as_of, build_key: str, engine: str, engine_parts: dict[str, str],
                     signer: dict[str, Any] | None, sources, hashes: dict[str, str], keys: dict[str, str],
                     inputs: dict[str, tuple[str, ...]], kept, marked: set[str]) -> dict[str, Any]:
    """``manifest.json``: the version's origin and engine, every source and output with its hash,
    each rendered document's render key and inputs (and, in a draft, ``draft: true`` on those
    marked as drafts), and the retention dates."""
    from .. import __version__

    return {
        "preuve_version": __version__,
        "version": where.version,
        "commit": where.commit,
        "commit_date": where.commit_iso,
        "draft": where.draft,
        "as_of": as_of.isoformat(),
        "build_key": build_key,
        "engine": engine,
        "engine_parts": engine_parts,
        "signer": signer,
        "sources": [{"path": s.path, "sha256": s.sha256, "size": s.size} for s in sources],
        "outputs": [{"path": rel, "sha256": digest,
                     **({"render_key": keys[rel], "inputs": list(inputs[rel])} if rel in keys else {}),
                     **({"draft": True} if rel in marked else {})}
                    for rel, digest in sorted(hashes.items())],
        "retention": [{"kind": r.kind, "id": r.id, "keep_until": r.keep_until.isoformat(), "due": r.due}
                      for r in kept],
    }


def reusable_outputs(output_root: Path, versions: list[str]) -> dict[tuple[str, str], Reusable]:
    """(output, render key) → the existing file at that path with those exact inputs, from the
    newest version that has it.

    ``output/`` may come from a cache or a commit: an entry is only a hint, read later through the
    repository's boundary and used only if its bytes have the hash the manifest gives. A document
    is only ever taken from its own path: a manifest whose render keys were moved from one entry
    to another (edited, or damaged) cannot make one trainee's certificate another's."""
    found: dict[tuple[str, str], Reusable] = {}
    for version in versions:
        try:
            manifest = parse_manifest((output_root / version / MANIFEST).read_bytes())
        except OSError:
            continue
        for item in (manifest or {}).get("outputs", []):
            key, rel, digest = (item.get(k) if isinstance(item, dict) else None
                                for k in ("render_key", "path", "sha256"))
            if isinstance(key, str) and isinstance(rel, str) and isinstance(digest, str) and (rel, key) not in found:
                found[(rel, key)] = Reusable(output_root / version / rel, digest)
    return found


def parse_manifest(raw: bytes) -> dict[str, Any] | None:
    """A manifest's data, or ``None`` when it is not one."""
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None
