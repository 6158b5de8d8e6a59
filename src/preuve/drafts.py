"""Drafts that cost what changed: which documents of a draft say they are drafts.

A draft (records with uncommitted changes) plans its documents as its commit would: unmarked
and unsigned. A document whose render key is the key of the same document in the commit's own
version, already built, is that very document: it is copied from there, unmarked, byte for byte.
Every other document is marked as a draft (:func:`~preuve.plan.as_draft`: BROUILLON / DRAFT on
every page, never signed), which changes its key, so that it can never be taken for, nor
reused as, a committed document. An edit of one session therefore renders that session's
documents and those that list them (the literacy dossiers), whether the build is the first
draft after the commit or the tenth. When the commit's version is not built, nothing can be
shown to be unchanged, and every document is marked (``docs/outputs.md``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .outputs.writer import OutputRoot
from .plan import Job, as_draft
from .provenance import Origin


class DraftMarks:
    """Decides, document by document, what a build marks as a draft (nothing, for a commit)."""

    def __init__(self, out: OutputRoot, where: Origin):
        self.marked: set[str] = set()
        self.has_commit = where.commit is not None
        self.compared_with: str | None = None  # the commit's version, when it is built
        self.committed: dict[str, str] | None = None  # its documents' render keys; None: not a draft
        if where.draft:
            version = where.committed_version
            manifest = out.manifest(version) if version is not None else None
            self.compared_with = version if manifest is not None else None
            self.committed = render_keys(manifest or {})

    def planned(self, job: Job, key: Callable[[Job], str]) -> tuple[Job, str]:
        """``job`` as this build makes it, and its render key."""
        unmarked = key(job)
        if self.committed is None or self.committed.get(job.output) == unmarked:
            return job, unmarked
        self.marked.add(job.output)
        job = as_draft(job)
        return job, key(job)

    def line(self, documents: int) -> str:
        """Which of a draft's ``documents`` say so, in one line of the build's summary."""
        if not self.has_commit:
            return f"all {documents} document(s) are marked as drafts: there is no commit to compare them with"
        if self.compared_with is None:
            return (f"all {documents} document(s) are marked as drafts: no built version of the commit to "
                    "compare them with (once the commit's own version is built, a draft marks only what "
                    "differs)")
        return (f"{len(self.marked)} document(s) differ from output/{self.compared_with} and are marked as "
                f"drafts; the other {documents - len(self.marked)} are its own, unmarked")

    def again(self, job: Job) -> Job:
        """``job`` planned a second time (to be rendered): as :meth:`planned` decided."""
        return as_draft(job) if job.output in self.marked else job


def render_keys(manifest: dict[str, Any]) -> dict[str, str]:
    """Output → render key, from a manifest (read as a hint: anything malformed is left out)."""
    items = manifest.get("outputs")
    return {item["path"]: item["render_key"] for item in (items if isinstance(items, list) else [])
            if isinstance(item, dict) and isinstance(item.get("path"), str)
            and isinstance(item.get("render_key"), str)}
