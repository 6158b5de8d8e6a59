"""Where a build comes from: the git commit of the records, and whether they have uncommitted edits.

The version name is derived from the commit (UTC commit time + short hash), so versions sort by
date and are readable; records with uncommitted changes build as a draft of that commit. Every
date a build needs (the literacy as-of date, archive timestamps, ``SOURCE_DATE_EPOCH``) comes from
here or from the records, never from the clock. The one exception writes nothing: the date up to
which a draft may record presence (:func:`records_date`).
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from .boundary import is_ignored
from .outputs.manifest import batch_digest

if TYPE_CHECKING:  # only annotations: a no-op build identifies itself without the records' model
    from .records import Records

# What a build reads: changes elsewhere (the tool's own code in the same repository, notes) do
# not make the records a draft.
RECORD_PATHS = ("preuve.yml", "data", "content", "layouts")
DRAFT_SUFFIX = "-draft"
MAX_LINKED_PATHS = 256  # record paths and link targets git is asked about (links to links included)


@dataclass(frozen=True, slots=True)
class GitState:
    commit: str
    commit_time: int  # seconds since the epoch
    changed: tuple[str, ...]  # record files that differ from the commit
    commit_offset: int = 0  # the committer's time zone, in seconds east of UTC
    unseen: tuple[str, ...] = ()  # record files git does not compare with the commit (:func:`unseen_files`)
    converted: tuple[str, ...] = ()  # record files checked out with CRLF, committed with LF (:func:`converted_files`)
    output_files: int = 0  # files under output/ that git tracks (a mistake: :func:`pipeline.read_records`)
    ignored: tuple[str, ...] = ()  # record files git ignores, which preuve reads (:func:`ignored_files`)

    @property
    def clean(self) -> bool:
        """Whether the record files are the commit's, as far as git can tell."""
        return not self.changed and not self.unseen and not self.converted and not self.ignored

    @property
    def commit_datetime(self) -> datetime:
        return datetime.fromtimestamp(self.commit_time, tz=timezone.utc)

    @property
    def committer_day(self) -> date:
        """The commit's date where it was made (Nouméa's morning is still yesterday in UTC)."""
        return datetime.fromtimestamp(self.commit_time, tz=timezone(timedelta(seconds=self.commit_offset))).date()


@dataclass(frozen=True, slots=True)
class Origin:
    """The identity of one build; ``draft_reason`` says, in one line, why it is a draft."""

    version: str
    commit: str | None
    commit_time: int | None
    draft_reason: str | None = None
    commit_offset: int = 0  # the committer's time zone, in seconds east of UTC

    @property
    def draft(self) -> bool:
        return self.draft_reason is not None

    @property
    def committed_version(self) -> str | None:
        """The version of the commit this build is made from (itself, or the one a draft is a
        draft of); ``None`` outside git."""
        return None if self.commit is None else self.version.removesuffix(DRAFT_SUFFIX)

    @property
    def commit_moment(self) -> datetime | None:
        """When the commit was made, in the committer's time zone: its date is the records' date
        (:func:`records_date`), and the as-of date of reports, so that a session held in Nouméa
        and committed there that morning has happened in that commit's literacy dossier."""
        if self.commit_time is None:
            return None
        return datetime.fromtimestamp(self.commit_time, tz=timezone(timedelta(seconds=self.commit_offset)))

    @property
    def commit_iso(self) -> str | None:
        return None if self.commit_moment is None else self.commit_moment.isoformat()

    @property
    def commit_date(self) -> date | None:
        return None if self.commit_moment is None else self.commit_moment.date()


def run_git(root: Path, *args: str, strip: bool = True) -> str | None:
    """What ``git -C root ARGS`` prints; ``None`` when git is missing or the command fails. Read
    as the file system's names are (``os.fsdecode``): a file name that is not UTF-8 (a Latin-1
    scan name from a Windows share) is the same string here as in the folder listing."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False,
                              encoding="utf-8", errors="surrogateescape")
    except OSError:
        return None
    if done.returncode != 0:
        return None
    return done.stdout.strip() if strip else done.stdout


def git_state(root: Path) -> GitState | str:
    """The commit checked out at ``root`` and the record files that differ from it; or, when
    there is no commit to build from, the reason why."""
    commit = run_git(root, "rev-parse", "--verify", "-q", "HEAD")
    if not commit:
        if shutil.which("git") is None:
            return "git is not installed"
        if run_git(root, "rev-parse", "--git-dir") is None:
            return _no_repository(root)
        return "nothing is committed yet (commit the records)"
    committed = datetime.fromisoformat(run_git(root, "log", "-1", "--format=%cI", "HEAD") or "1970-01-01T00:00:00+00:00")
    offset = committed.utcoffset() or timedelta(0)
    pathspec = record_pathspec(root)
    status = run_git(root, "status", "--porcelain", "-z", "--no-renames", "--untracked-files=all", "--",
                     *pathspec, strip=False) or ""
    changed = tuple(sorted(entry[3:] for entry in status.split("\0") if len(entry) > 3))
    tracked = run_git(root, "ls-files", "-z", "--", "output", strip=False) or ""
    kept = [path for path in tracked.split("\0") if path and not path.startswith("output/.")]  # a .gitignore, .gitkeep
    return GitState(commit, int(committed.timestamp()), changed, int(offset.total_seconds()), unseen_files(root),
                    output_files=len(kept), converted=converted_files(root), ignored=ignored_files(root, pathspec))


def _no_repository(root: Path) -> str:
    """Why git finds no repository at ``root``: none, or one git will not read because another
    user owns it (a CI container running as root on the runner's checkout). Asking again with
    every folder trusted only reads where the repository is; preuve never runs git that way."""
    top = run_git(root, "-c", "safe.directory=*", "rev-parse", "--show-toplevel")
    if not top:
        return f"{root} is not in a git repository (git init, then commit the records)"
    return (f"git refuses to read the repository at {top}: another user owns it (git's safe.directory "
            f"check); if you trust it: git config --global --add safe.directory {top}")


def ignored_files(root: Path, pathspec: tuple[str, ...]) -> tuple[str, ...]:
    """Files under the record paths that git ignores (``.gitignore``, ``.git/info/exclude``, a global
    excludes file) and preuve reads all the same: a scan kept out of git would go into a version
    named after a commit that does not hold it, and a clean clone (CI) would build another one.
    Names preuve never reads (hidden files, editor leftovers: :func:`boundary.is_ignored`) do not count."""
    listing = run_git(root, "ls-files", "--others", "--ignored", "--exclude-standard", "-z", "--", *pathspec,
                      strip=False) or ""
    return tuple(sorted(path for path in listing.split("\0")
                        if path and not any(is_ignored(part) for part in path.split("/"))))


def unseen_files(root: Path) -> tuple[str, ...]:
    """Record files of the commit that ``git status`` does not compare with it: left out of a
    sparse checkout, or marked skip-worktree or assume-unchanged. A build of such a checkout
    would carry the commit's name while lacking those files, or holding edits git never saw."""
    listing = run_git(root, "ls-files", "-v", "-z", "--", *RECORD_PATHS, strip=False) or ""
    return tuple(sorted(entry[2:] for entry in listing.split("\0")
                        if len(entry) > 2 and (entry[0] == "S" or entry[0].islower())))


def converted_files(root: Path) -> tuple[str, ...]:
    """Record files git checked out with CRLF line endings although they were committed with LF
    (``core.autocrlf`` without the ``.gitattributes`` that ``init`` writes): ``git status`` calls
    them unchanged, yet a version built from them would hold other bytes than the commit's, and
    than CI's archive of that commit. Only the records proper are looked at, not evidence: git
    reads every file it is asked about, and scans can be large."""
    listing = run_git(root, "ls-files", "--eol", "-z", "--", "preuve.yml", "data", "layouts",
                      ":(glob)content/sessions/*/*", strip=False) or ""
    found = []
    for entry in listing.split("\0"):
        meta, _, path = entry.partition("\t")
        if meta.split()[:2] == ["i/lf", "w/crlf"]:
            found.append(path)
    return tuple(sorted(found))


def record_pathspec(root: Path) -> tuple[str, ...]:
    """:data:`RECORD_PATHS`, and where the committed links among them lead, inside the repository
    (``content -> store/content``, which docs/security.md allows): git does not look through a
    link, so an edit made through one would otherwise leave the build a committed version."""
    root = root.resolve()
    paths, todo = list(RECORD_PATHS), list(RECORD_PATHS)
    while todo and len(paths) < MAX_LINKED_PATHS:
        listing = run_git(root, "ls-files", "--stage", "-z", "--", *todo, strip=False) or ""
        todo = []
        for entry in listing.split("\0"):
            meta, _, path = entry.partition("\t")
            real = (root / path).resolve() if meta.startswith("120000 ") else None
            if real is not None and real != root and real.is_relative_to(root):
                rel = real.relative_to(root).as_posix()
                if rel not in paths:
                    paths.append(rel)
                    todo.append(rel)
    return tuple(paths)


def _listed(paths: tuple[str, ...]) -> str:
    more = f" and {len(paths) - 3} more" if len(paths) > 3 else ""
    return ", ".join(paths[:3]) + more


def _draft_reason(state: GitState) -> str:
    if state.changed:
        return f"uncommitted changes in {_listed(state.changed)} (commit them to build a version)"
    if state.ignored:
        return (f"git ignores {_listed(state.ignored)}, which preuve reads: a version holds only what its commit "
                "holds (commit them with git add -f, or move them out of the records; git check-ignore -v FILE "
                "says which rule ignores them)")
    if state.converted:
        return (f"git checked out {_listed(state.converted)} with CRLF line endings, not as committed "
                "(core.autocrlf): add the .gitattributes that preuve init writes (docs/upgrading.md), then "
                "clone the records again to build a version")
    return (f"git does not compare {_listed(state.unseen)} with the commit (a sparse checkout, or files marked "
            "skip-worktree or assume-unchanged): check out every record file to build a version "
            "(git sparse-checkout disable; git update-index --no-skip-worktree --no-assume-unchanged FILE)")


def origin(state: GitState | str, content_digest: str) -> Origin:
    """Version name: ``YYYYMMDD-HHMMSS-<hash10>`` of the commit; ``-draft`` for uncommitted records.

    Without a commit (``state`` is the reason why) there is nothing to derive it from: the build is
    a draft named after the records' content.
    """
    if isinstance(state, str):
        return Origin(f"nogit-{content_digest[:10]}{DRAFT_SUFFIX}", None, None, state)
    stamp = state.commit_datetime.strftime("%Y%m%d-%H%M%S")
    version = f"{stamp}-{state.commit[:10]}"
    if not state.clean:
        return Origin(version + DRAFT_SUFFIX, state.commit, state.commit_time, _draft_reason(state),
                      state.commit_offset)
    return Origin(version, state.commit, state.commit_time, None, state.commit_offset)


def lineage(root: Path, where: Origin, versions: list[str]) -> list[str]:
    """The built versions this one follows, newest first: those of the commit's ancestors that no
    other of them follows (two after a merge, one in a line of commits), so that their
    ``verify.json`` hold every document issued before this version, and nothing issued on a
    branch it does not contain. A version whose commit git does not know (a shallow clone, a
    copied ``output/``) follows by date, as does every version outside git: the nearest earlier one.
    So does a version whose commit no branch, tag or HEAD holds any more although git still has it
    (amended, rebased, reset away: only the reflog keeps it): CI, after the force-push, has not
    the commit at all, and its certificates, already handed out, must not turn NOT GENUINE."""
    earlier = [v for v in versions if not v.endswith(DRAFT_SUFFIX) and v != where.version]
    by_date = [v for v in earlier if v < where.version][:1]
    if where.commit is None or not earlier:
        return by_date
    ancestors = {line[:10] for line in (run_git(root, "rev-list", where.commit) or "").split()}
    known = {line.split()[0][:10] for line in _object_names(root, [v[-10:] for v in earlier])}
    if outside := known - ancestors:  # listing every commit is asked only then (a monorepo has many)
        reachable = run_git(root, "rev-list", "--all")
        if reachable is not None:  # git could not list them (a broken ref): every commit it has counts
            known -= outside - {line[:10] for line in reachable.split()}
    tips = [v for v in earlier if v[-10:] in ancestors]
    independent = set((run_git(root, "merge-base", "--independent", *(v[-10:] for v in tips)) or "").split()) \
        if len(tips) > 1 else {v[-10:] for v in tips}
    followed = [v for v in tips if any(c.startswith(v[-10:]) for c in independent)]
    unknown = [v for v in by_date if v[-10:] not in known]
    return sorted(set(followed + unknown), reverse=True)


def _object_names(root: Path, names: list[str]) -> list[str]:
    """The full hash of each commit git knows among ``names``."""
    try:
        done = subprocess.run(["git", "-C", str(root), "cat-file", "--batch-check=%(objectname) %(objecttype)"],
                              input="\n".join(names) + "\n", capture_output=True, text=True, check=False)
    except OSError:
        return []
    return [line for line in done.stdout.splitlines() if line.endswith(" commit")]


@dataclass(frozen=True, slots=True)
class RecordsDate:
    """The last day the records may say someone was present (``validate/happened.py``), and how a
    message names where it comes from."""

    day: date
    source: str


def records_date(state: GitState | str, today: date) -> RecordsDate:
    """A commit's records are judged at the commit's date, in the committer's time zone (slots
    are dated where the training is held), so that a commit always gets the same verdict;
    records with uncommitted changes or outside git, at the later of that date and ``today`` (a
    draft is edited today: a presence up to today is plausible).

    ``today`` is the only date from the clock preuve uses, and only to refuse records: it decides
    whether a build happens, never a byte of what it writes (every date printed comes from the
    records and the commit, as the module says)."""
    commit_day = state.committer_day if isinstance(state, GitState) else None
    clean = isinstance(state, GitState) and state.clean
    if commit_day is not None and (clean or commit_day >= today):
        return RecordsDate(commit_day, "the commit's")
    if commit_day is None:
        why = "the records are not committed"
    else:
        why = ("the records have uncommitted changes" if state.changed
               else "git ignores some record files" if state.ignored
               else "git checked out some record files with CRLF" if state.converted
               else "git does not compare some record files")
    return RecordsDate(today, f"today's: {why}")


NOTHING_HELD = date(1970, 1, 1)  # what :func:`held_until` says of records with no session held


def held_until(records: Records) -> date:
    """The last day of a session held: the as-of date of records with no commit to date them."""
    return max((s.end for s in records.sessions if not s.planned), default=NOTHING_HELD)


def choose_as_of(latest: date, where: Origin, explicit: date | None) -> date:
    """The date reports are computed at: given, else the commit's, else ``latest`` (the last day
    of a session held). A draft is as of the later of the two: a session held and recorded since
    the commit counts, as it will once committed, without the clock deciding a byte.

    Records with no commit and no session held date nothing: their draft (the first build after
    ``preuve init``) is as of today, never "fait le 1er janvier 1970"."""
    if explicit is not None:
        return explicit
    if where.commit_date is None:
        return latest if latest != NOTHING_HELD else date.today()
    return max(where.commit_date, latest) if where.draft else where.commit_date


def as_of_date(state: GitState | str, records: Records, explicit: date | None) -> date:
    """The as-of date a build of the records in ``state`` would use (for commands that do not build)."""
    return choose_as_of(held_until(records), origin(state, records_digest(records)), explicit)


def records_digest(records: Records) -> str:
    """One hash of every record file read: names the drafts of records that are not in git."""
    return batch_digest({s.path: s.sha256 for s in records.sources})
