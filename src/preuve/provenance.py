"""Where a build comes from: the git commit of the records, and whether they have uncommitted edits.

The version name is derived from the commit (UTC commit time + short hash), so versions sort by
date and are readable; records with uncommitted changes build as a draft of that commit. Every
date a build needs (the literacy as-of date, archive timestamps, ``SOURCE_DATE_EPOCH``) comes from
here or from the records, never from the clock.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

# What a build reads: changes elsewhere (the tool's own code in the same repository, notes) do
# not make the records a draft.
RECORD_PATHS = ("preuve.yml", "data", "content", "layouts")


@dataclass(frozen=True, slots=True)
class GitState:
    commit: str
    commit_time: int  # seconds since the epoch
    dirty: bool

    @property
    def commit_datetime(self) -> datetime:
        return datetime.fromtimestamp(self.commit_time, tz=timezone.utc)


@dataclass(frozen=True, slots=True)
class Origin:
    """The identity of one build."""

    version: str
    commit: str | None
    commit_time: int | None
    draft: bool

    @property
    def commit_iso(self) -> str | None:
        if self.commit_time is None:
            return None
        return datetime.fromtimestamp(self.commit_time, tz=timezone.utc).isoformat()

    @property
    def commit_date(self) -> date | None:
        if self.commit_time is None:
            return None
        return datetime.fromtimestamp(self.commit_time, tz=timezone.utc).date()


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def git_state(root: Path) -> GitState | None:
    """The commit checked out at ``root`` and whether the record files differ from it."""
    commit = _git(root, "rev-parse", "--verify", "-q", "HEAD")
    if not commit:
        return None
    commit_time = int(_git(root, "log", "-1", "--format=%ct", "HEAD") or 0)
    status = _git(root, "status", "--porcelain", "--untracked-files=all", "--", *RECORD_PATHS)
    return GitState(commit, commit_time, bool(status))


def origin(root: Path, content_digest: str) -> Origin:
    """Version name: ``YYYYMMDD-HHMMSS-<hash10>`` of the commit; ``-draft`` for uncommitted records.

    Without git there is no commit to derive it from: the build is a draft named after the
    records' content.
    """
    state = git_state(root)
    if state is None:
        return Origin(f"nogit-{content_digest[:10]}-draft", None, None, True)
    stamp = state.commit_datetime.strftime("%Y%m%d-%H%M%S")
    version = f"{stamp}-{state.commit[:10]}"
    return Origin(version + ("-draft" if state.dirty else ""), state.commit, state.commit_time, state.dirty)
