"""The processes of a build and their environment, in one place.

A build runs in three kinds of process, started in this order (``docs/performance.md``):

1. **The records reader** (:class:`RecordsLoader`): a short-lived child forked as soon as the
   command starts, before WeasyPrint is imported, so that reading overlaps the import. Validation
   leaves every file's parse tree scattered through the heap, which Python cannot give back (40 MB
   kept at 5,000 trainees for 15 MB of records); in a child, the trees die with it, and the
   records come back pickled.
2. **The rendering workers** (:class:`~preuve.render.workers.WorkerPool`), one per core, forked
   only once the build knows it has something to make (a commit already built is recognised by
   ``noop.py`` before the reader starts or, when that quick look cannot tell, from the reader's
   :class:`Loaded`, before WeasyPrint is imported or a worker forked), and before the records are
   unpacked, so that they carry no copy of them.
   Under ``serve`` and ``watch`` they are forked once, before anything is read, and render every
   build of the session. The environment they render in comes with each chunk
   (:class:`~preuve.render.workers.Setting`): ``SOURCE_DATE_EPOCH`` (the commit's time), which
   WeasyPrint's fontTools fallback writes into font subsets instead of the clock.
3. **The build process** itself, which plans, writes, and stops the workers it forked before it
   writes the pages and the archive, so their memory is back with the system.

Every child dies with the build, even when it is killed, and ignores Ctrl-C (``interrupts.py``).
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .diagnostics import Diagnostics
from .fonts import installed_charset
from .interrupts import child_setup, kill_workers, signals_held
from .pipeline import read_records
from .provenance import NOTHING_HELD, GitState, held_until, records_digest
from .records import Records


class RecordsLoader:
    """:func:`~preuve.pipeline.read_records` in a short-lived forked child, started at once;
    :meth:`records` waits for its result. Without ``fork`` (not Linux), it reads when asked."""

    def __init__(self, root: Path, state: GitState | str | None = None):
        self.root, self.state = root, state  # git's, when the command has looked already
        self.executor: ProcessPoolExecutor | None = None
        self.future: Future[Loaded] | None = None
        try:
            context = multiprocessing.get_context("fork")
        except ValueError:
            return
        try:
            with signals_held():  # the child dies with this process and leaves Ctrl-C to it
                self.executor = ProcessPoolExecutor(1, mp_context=context, initializer=child_setup,
                                                    initargs=(os.getpid(),))
                self.future = self.executor.submit(_packed, root, state)
        except BaseException:
            self.close()
            raise

    def packed(self) -> Loaded:
        """The records and their diagnostics, pickled by the child (or read here without one)."""
        if self.executor is None or self.future is None:
            return _packed(self.root, self.state)
        try:
            return self.future.result()
        finally:
            self.close()

    def close(self) -> None:
        """Stop the child, at once if it is still reading (the command failed or was interrupted)."""
        if self.executor is not None:
            kill_workers(self.executor)
            self.executor = None


def prepare_readers() -> None:
    """In a process that starts a reader per build (``serve``, ``watch``): ask fontconfig once,
    here, which characters the installed fonts have, so that every reader forked later inherits
    the answer instead of asking again (``fc-list``: 0.1 s of the 0.12 s a one-session edit's
    reading took), and import the public holidays' tables (0.06 s) for the same reason. The
    session keeps its engine fingerprint, installed fonts included, from its start in the same
    way (``render/fingerprint.py``)."""
    installed_charset()
    import holidays.countries.france  # noqa: F401 - see validate/sessions.py


@dataclass(frozen=True, slots=True)
class Loaded:
    """The records as the reader left them: pickled, with what names a build of them (their
    digest, the last day they hold), so that a commit already built is recognised without
    unpacking them, and so before any worker is forked."""

    packed: bytes  # the records, pickled; an empty string when they have errors
    diagnostics: Diagnostics
    digest: str = ""
    held_until: date = NOTHING_HELD

    @property
    def valid(self) -> bool:
        return bool(self.packed)


def _packed(root: Path, state: GitState | str | None) -> Loaded:
    records, diag = read_records(root, state)
    if records is None:
        return Loaded(b"", diag)
    return Loaded(pickle.dumps(records, protocol=pickle.HIGHEST_PROTOCOL), diag, records_digest(records),
                  held_until(records))


def unpack(loaded: Loaded) -> Records:
    """The records of :meth:`RecordsLoader.packed` (valid ones), pickled by this program's own
    child (never untrusted bytes)."""
    return pickle.loads(loaded.packed)  # noqa: S301 - our own child's output


@contextmanager
def rendering_environment(commit_time: int | None) -> Iterator[None]:
    """The environment of a build that renders in its own process (one worker), restored after:
    ``serve`` and ``watch`` build commit after commit in one process. Workers are given it with
    each chunk."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    if commit_time is not None:
        os.environ["SOURCE_DATE_EPOCH"] = str(commit_time)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
