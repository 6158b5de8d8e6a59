"""What a build changed in what was issued, against the version(s) it follows: the certificates and
certificats de réalisation it issued for the first time, and those of the versions it follows that
it superseded, withdrew or reissued (``registry.py`` says what each means).

Told to whoever runs the build before they publish (the summary, ``build --json``, CI's log):
renaming a session folder withdraws its certificates and issues new codes, a new NDA supersedes
every certificate, and neither is visible in the count of documents rendered. Computed from what
the build already holds (this version's registry and the ``verify.json`` of the versions it
follows), never from the PDFs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SHOWN = 3  # paths listed per status in the summary; ``build --json`` lists them all


@dataclass(frozen=True)
class IssueChanges:
    follows: tuple[str, ...]  # the versions compared with (``provenance.lineage``), newest first
    new: tuple[str, ...]  # paths no version followed issued
    superseded: tuple[str, ...]  # paths whose document now has another code
    withdrawn: tuple[str, ...]  # paths no longer issued
    reissued: tuple[str, ...]  # same code, other bytes
    legacy: tuple[str, ...] = ()  # the versions followed that preuve 0.1.0 built (``legacy.py``)

    @property
    def changed(self) -> bool:
        return bool(self.new or self.superseded or self.withdrawn or self.reissued)

    def lines(self) -> list[str]:
        """The summary's lines: none for a first version or when nothing changed."""
        if not self.follows or not self.changed:
            return []
        superseded, reissued = (("superseded (a fact they state changed: new codes)", "reissued (same codes, other bytes)")
                                if not self.legacy else ("superseded (new codes)", "reissued (same facts, other bytes)"))
        counts = [f"{len(paths)} {words}" for paths, words in (
            (self.new, "newly issued"), (self.superseded, superseded),
            (self.withdrawn, "withdrawn (no longer issued)"), (self.reissued, reissued)) if paths]
        against = " and ".join(f"output/{v}" for v in self.follows)
        lines = [f"certificates against {against}: {', '.join(counts)}"]
        lines += [f"  output/{v} was built by preuve 0.1.0, whose codes this version computes otherwise: its "
                  "certificates made from records unchanged since are reissued under new codes, the others "
                  "superseded; verify.html lists their earlier codes" for v in self.legacy]
        for status, paths in (("superseded", self.superseded), ("withdrawn", self.withdrawn)):
            lines += [f"  {status}: {path}" for path in paths[:SHOWN]]
            if len(paths) > SHOWN:
                lines.append(f"  … and {len(paths) - SHOWN} more {status}")
        return lines

    def as_json(self) -> dict[str, object]:
        return {"follows": list(self.follows), "new": len(self.new), "superseded": len(self.superseded),
                "withdrawn": len(self.withdrawn), "reissued": len(self.reissued),
                "superseded_paths": list(self.superseded), "withdrawn_paths": list(self.withdrawn),
                "summary": "\n".join(self.lines())}


def same_facts(entry: dict[str, Any], current: dict[str, Any]) -> bool:
    """Whether an earlier document states what the current one at its path states: the same
    code, or (a 0.1.0 certificate) the code its facts were found to have (:func:`recoded`)."""
    return current["code"] in (entry["code"], entry.get("recoded_as"))


def issue_changes(follows: list[str], documents: list[dict[str, Any]], previous: list[dict[str, Any]],
                  marked: set[str]) -> IssueChanges:
    """``documents``: this version's coded documents; ``previous``: those the versions it follows
    issued themselves (not their history). A document is its path (session, kind, trainee).
    ``marked``: a draft's documents marked as drafts, whose bytes differ by the mark alone: not
    counted as reissued (committing would not reissue them)."""
    now = {d["path"]: d for d in documents}
    status: dict[str, str] = {}
    for entry in previous:
        current = now.get(entry["path"])
        if current is None:
            found = "withdrawn"
        elif not same_facts(entry, current):
            found = "superseded"
        elif current["sha256"] != entry["sha256"] and entry["path"] not in marked:
            found = "reissued"
        else:
            continue
        if status.get(entry["path"]) != "superseded":  # after a merge, one branch's code is enough
            status[entry["path"]] = found
    before = {entry["path"] for entry in previous}
    of = {name: tuple(sorted(p for p, s in status.items() if s == name))
          for name in ("superseded", "withdrawn", "reissued")}
    legacy = tuple(sorted({e["version"] for e in previous if "preuve" in e}, reverse=True))
    return IssueChanges(tuple(follows), tuple(sorted(set(now) - before)), **of, legacy=legacy)
