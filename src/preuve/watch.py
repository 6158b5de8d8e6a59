"""``preuve watch`` and ``preuve serve``: rebuild when the records, the layouts or the commit change.

Watchdog callbacks only note that something changed; the loop waits until changes stop for a
short while (editors save in bursts) and then runs one ordinary build, which re-renders only the
documents whose inputs changed. The while is shorter when the last change finished a file (it
was closed after writing, or moved into place, as editors and git save): nothing more is
coming, and the reader sees whole files. ``output/``, editor swap files and everything else in ``.git/``
are ignored, but a commit or a checkout is noticed (``HEAD`` and the branches in the git
folder): the records that were a draft are then a committed version. A failed build prints
its errors and leaves the last good output in place.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

from .boundary import is_ignored
from .interrupts import signals_held
from .provenance import RECORD_PATHS as WATCHED

DEBOUNCE_SECONDS = 0.2  # quiet time after a change that may be followed by more (a file being written)
SETTLED_SECONDS = 0.05  # after a file was closed from writing or moved into place
FINISHING = ("closed", "moved")


def git_folders(root: Path) -> tuple[Path, ...]:
    """The repository's git folder and, when it differs (a worktree), the one holding the branches."""
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "--path-format=absolute", "--absolute-git-dir",
                               "--git-common-dir"], capture_output=True, text=True, check=False)
    except OSError:
        return ()
    if done.returncode != 0:
        return ()
    return tuple(dict.fromkeys(Path(line) for line in done.stdout.splitlines() if line))


class _Changes(FileSystemEventHandler):
    def __init__(self, root: Path, git: tuple[Path, ...]):
        self.root = root
        self.git = git
        self.changed = threading.Event()
        self.last = 0.0
        self.quiet = DEBOUNCE_SECONDS  # how long to wait after the last change before building

        self.replaced: set[str] = set()  # record folders created, deleted or moved since the last look
        self.lock = threading.Lock()

    def relevant(self, path: str) -> bool:
        # Lexical, as the watcher reports it (under the folders it was given, themselves resolved):
        # resolving would take `content/`, a link to a folder elsewhere in the repository, or a
        # link just made to a file outside it, out of the records.
        lexical = Path(os.path.normpath(path))
        for folder in self.git:
            if lexical.is_relative_to(folder):
                rel = lexical.relative_to(folder).as_posix()
                return (rel in ("HEAD", "packed-refs") or rel.startswith("refs/heads/")) and not rel.endswith(".lock")
        if not lexical.is_relative_to(self.root):
            return False
        parts = lexical.relative_to(self.root).parts
        if not parts or parts[0] not in WATCHED:
            return False
        return not any(is_ignored(part) for part in parts)

    def take_replaced(self) -> set[str]:
        with self.lock:
            replaced, self.replaced = self.replaced, set()
        return replaced

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        paths = [str(p) for p in (event.src_path, getattr(event, "dest_path", "") or "") if p]
        if event.event_type != "modified":  # `rm -r layouts`, a checkout: a new folder to watch
            with self.lock:
                self.replaced.update(Path(p).name for p in paths if Path(os.path.normpath(p)).parent == self.root)
        if any(self.relevant(p) for p in paths):
            if not (event.is_directory and event.event_type == "modified"):  # an entry's own event says more
                self.quiet = SETTLED_SECONDS if event.event_type in FINISHING else DEBOUNCE_SECONDS
            self.last = time.monotonic()
            self.changed.set()


def watch(root: Path, rebuild: Callable[[], None], stop: threading.Event | None = None) -> None:
    """Run ``rebuild`` once, then after every burst of changes, until ``stop`` is set."""
    root = root.resolve()
    stop = stop or threading.Event()
    git = git_folders(root)
    handler = _Changes(root, git)
    watched: dict[str, ObservedWatch] = {}

    def watch_folders() -> None:
        """Watch each record folder; again when it was replaced (deleted and made anew, moved):
        the watch of the former one sees nothing of the new one."""
        with signals_held():  # the watcher threads started here leave Ctrl-C to this one
            for name in handler.take_replaced() & watched.keys():
                observer.unschedule(watched.pop(name))
            for name in WATCHED:
                folder = root / name
                if name not in watched and folder.is_dir():
                    watched[name] = observer.schedule(handler, str(folder), recursive=True)

    with signals_held():  # watchdog's threads, started by the observer and its emitters
        observer = Observer()
        # Only the record folders are watched recursively: output/ and .git/ can hold thousands of
        # folders, each of which would cost an inotify watch.
        observer.schedule(handler, str(root), recursive=False)
        for folder in git:
            observer.schedule(handler, str(folder), recursive=False)
            if (folder / "refs" / "heads").is_dir():
                observer.schedule(handler, str(folder / "refs" / "heads"), recursive=True)
        watch_folders()
        observer.start()
    try:
        rebuild()
        while not stop.is_set():
            if not handler.changed.wait(0.2):
                continue
            while time.monotonic() - handler.last < handler.quiet:
                time.sleep(SETTLED_SECONDS / 4)
            handler.changed.clear()
            watch_folders()  # a records folder created since the start (layouts/, say)
            rebuild()
    finally:
        observer.stop()
        observer.join()
