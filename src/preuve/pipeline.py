"""The first two stages, shared by every command: load the files, then validate them."""

from __future__ import annotations

import multiprocessing
import os
import pickle
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from .diagnostics import Diagnostics
from .fonts import installed_charset
from .interrupts import child_setup, forking, kill_workers
from .loading.project import load_project
from .records import Records
from .render.templates import Layouts
from .validate import validate
from .validate.completeness import completeness_warnings


def read_records(root: Path) -> tuple[Records | None, Diagnostics]:
    """Load and validate the repository at ``root``; ``None`` records when any error was found."""
    diag = Diagnostics()
    if not (root / "preuve.yml").is_file():
        diag.error(str(root), 0, "", "no preuve.yml here: not a preuve records repository "
                   "(run from its folder or pass --project DIR)")
        return None, diag
    raw = load_project(root, diag)
    records = validate(raw, diag, installed_charset())
    if records is not None:
        completeness_warnings(records, raw, Layouts(root).catalogs["en"], diag)
    return records, diag


class RecordsLoader:
    """:func:`read_records` in a short-lived forked process, started at once; :meth:`packed`
    waits for its result, pickled.

    Validation runs while every file's parse tree, with its line numbers, is still alive, so the
    records end up scattered among them; once the trees are freed, Python's allocator cannot give
    back the half-used arenas (measured: 40 MB kept at 5,000 trainees, for 15 MB of records). In a
    child, the trees die with the process. Started before WeasyPrint is imported (the command
    line does so), the child is small and reads while the parent imports; the build unpacks the
    records only after forking its rendering workers, so those carry no copy of them either."""

    def __init__(self, root: Path):
        self.root = root
        self.executor: ProcessPoolExecutor | None = None
        self.future: Future[bytes] | None = None
        try:
            context = multiprocessing.get_context("fork")
        except ValueError:  # no fork on this platform: read when asked, in this process
            return
        try:
            with forking():  # the child dies with this process and leaves Ctrl-C to it (interrupts.py)
                self.executor = ProcessPoolExecutor(1, mp_context=context, initializer=child_setup,
                                                    initargs=(os.getpid(),))
                self.future = self.executor.submit(_packed, root)
        except BaseException:
            self.close()
            raise

    def packed(self) -> bytes:
        if self.executor is None or self.future is None:
            return _packed(self.root)
        try:
            return self.future.result()
        finally:
            self.close()

    def close(self) -> None:
        """Stop the child, at once if it is still reading (the command failed or was interrupted)."""
        if self.executor is not None:
            kill_workers(self.executor)
            self.executor = None


def _packed(root: Path) -> bytes:
    return pickle.dumps(read_records(root), protocol=pickle.HIGHEST_PROTOCOL)


def unpack_records(packed: bytes) -> tuple[Records | None, Diagnostics]:
    """The result of :meth:`RecordsLoader.packed`, made by this program (never untrusted bytes)."""
    return pickle.loads(packed)  # noqa: S301 - our own child's output
