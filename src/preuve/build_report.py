"""What a build did, for the terminal (``summary``) and for scripts (``as_json``).

Kept apart from ``build.py`` and its heavy imports: a build that finds its commit already built
(``noop.py``) reports without loading the records' model or the pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostics
from .verify.changes import IssueChanges


@dataclass
class BuildReport:
    version: str
    folder: Path
    draft_reason: str | None
    rendered: int = 0
    reused: int = 0
    pages: int = 0
    skipped: bool = False
    # Why an existing version of this commit differs from what this build would make.
    differs: list[str] = field(default_factory=list)
    signing: str = ""
    seconds: float = 0.0
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    # A draft: how many documents differ from those of its commit's version, marked as drafts,
    # that version, when it is built (the others are its documents, unmarked), and in words.
    marked: int = 0
    draft_of: str | None = None
    marks: str = ""
    # What the version changed in the certificates the version(s) it follows issued; ``None``
    # when nothing was built.
    issuance: IssueChanges | None = None

    @property
    def draft(self) -> bool:
        return self.draft_reason is not None

    def summary(self) -> str:
        where = f"output/{self.version}"
        if self.skipped and self.differs:
            return (f"{where} is already built from this commit, with another {', '.join(self.differs)}; "
                    f"a version is never overwritten, so nothing was rebuilt (move {where} away to rebuild "
                    f"it) ({self.seconds:.1f}s)")
        if self.skipped:
            return f"{where} is already built from this commit: nothing to do ({self.seconds:.1f}s)"
        lines = [f"draft: {self.draft_reason}"] if self.draft else []
        lines.append(f"{self.made()}, {self.pages} page(s), in {self.seconds:.1f}s; {self.signing}")
        if self.draft:
            lines.append(self.marks)
        return "\n".join(lines + (self.issuance.lines() if self.issuance else []))

    def made(self) -> str:
        """What this build did with the documents, in the summary's words."""
        kind = "draft " if self.draft else ""
        return f"built {kind}output/{self.version}: {self.rendered} document(s) rendered, {self.reused} reused"

    def as_json(self) -> dict[str, object]:
        """For scripts (``preuve build --json``): where the version is and how it was made."""
        return {"version": self.version, "folder": str(self.folder), "archive": f"{self.folder}.zip",
                "draft": self.draft, "draft_reason": self.draft_reason, "skipped": self.skipped,
                "differs": self.differs, "rendered": self.rendered, "reused": self.reused, "pages": self.pages,
                "marked": self.marked, "draft_of": self.draft_of,
                "issuance": self.issuance.as_json() if self.issuance else None,
                "signing": self.signing, "warnings": len(self.diagnostics.warnings),
                "seconds": round(self.seconds, 3)}
