"""``preuve watch``: rebuild when records or layouts change, and keep going when a build fails.

Watchdog callbacks only note that something changed; the loop waits until changes stop for a
short while (editors save in bursts) and then runs one ordinary build, which re-renders only the
documents whose inputs changed. ``output/``, ``.git/`` and editor swap files are ignored. A failed
build prints its errors and leaves the last good output in place.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .boundary import is_ignored
from .provenance import RECORD_PATHS as WATCHED

DEBOUNCE_SECONDS = 0.3


class _Changes(FileSystemEventHandler):
    def __init__(self, root: Path):
        self.root = root
        self.changed = threading.Event()
        self.last = 0.0

    def relevant(self, path: str) -> bool:
        try:
            rel = Path(path).resolve().relative_to(self.root)
        except ValueError:
            return False
        parts = rel.parts
        if not parts or parts[0] not in WATCHED:
            return False
        return not any(is_ignored(part) for part in parts)

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        paths = [event.src_path, getattr(event, "dest_path", "") or ""]
        if any(p and self.relevant(str(p)) for p in paths):
            self.last = time.monotonic()
            self.changed.set()


def watch(root: Path, rebuild: Callable[[], None], stop: threading.Event | None = None) -> None:
    """Run ``rebuild`` once, then after every burst of changes, until ``stop`` is set."""
    root = root.resolve()
    stop = stop or threading.Event()
    handler = _Changes(root)
    observer = Observer()
    # Only the record folders are watched recursively: output/ and .git/ can hold thousands of
    # folders, each of which would cost an inotify watch.
    observer.schedule(handler, str(root), recursive=False)
    watched: set[str] = set()

    def watch_folders() -> None:
        for name in WATCHED:
            folder = root / name
            if name not in watched and folder.is_dir():
                observer.schedule(handler, str(folder), recursive=True)
                watched.add(name)

    watch_folders()
    observer.start()
    try:
        rebuild()
        while not stop.is_set():
            if not handler.changed.wait(0.2):
                continue
            while time.monotonic() - handler.last < DEBOUNCE_SECONDS:
                time.sleep(DEBOUNCE_SECONDS / 3)
            handler.changed.clear()
            watch_folders()  # a records folder created since the start (layouts/, say)
            rebuild()
    finally:
        observer.stop()
        observer.join()
