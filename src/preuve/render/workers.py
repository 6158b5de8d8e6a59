"""Render many PDFs on long-lived worker processes, one per core, each set up once.

A build forks its workers once it knows it has something to render, after the records were read
in a short-lived child and before they are unpacked: holding little more than the imports, the
workers carry no copy of the records, the plan or the pages the build makes afterwards, and they
are stopped before the pages and the archive are written. Under ``serve`` and ``watch`` one pool
serves every build of the session (``session.py``): each chunk carries the build's
:class:`Setting`, so a worker renders in the build's environment whenever it was forked.
Jobs are handed out in chunks so inter-process overhead is paid per chunk, not per document;
results come back as chunks complete, so the single writer stores them while the workers go on
and memory stays flat whatever the size of the repository.
Workers die with the build, even when it is killed, and ignore Ctrl-C (``interrupts.py``); a
build that stops on an error or a signal kills them instead of waiting for their chunks.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from ..interrupts import child_setup, kill_workers, libc_function, signals_held
from ..plan import Job

if TYPE_CHECKING:
    from .pdf import PdfRenderer

_root: str | None = None
_renderer: PdfRenderer | None = None
_made_for: tuple[str, str] | None = None  # the project and engine fingerprint it was set up for

# Most chunks in flight per worker: enough to keep every worker busy, few enough that finished
# PDFs never pile up in memory waiting for the writer.
CHUNKS_PER_WORKER = 3


@dataclass(frozen=True, slots=True)
class Setting:
    """What a build asks of every renderer, sent with each chunk: workers outlive builds under
    ``serve`` and ``watch``, so they take it from the build, not from the time they were forked.

    ``engine``: the engine fingerprint (layouts included); a renderer set up for another one is
    set up again, so an edited layout or wording shows in the next build. ``epoch``: the
    commit's time, as ``SOURCE_DATE_EPOCH`` (fontTools writes it into font subsets)."""

    engine: str
    epoch: int | None


def _init(root: str, parent: int) -> None:
    """Runs as a worker is forked; the renderer (fonts, stylesheet, templates) is set up later, by
    :meth:`WorkerPool.warm_up` or the first chunk, so a build that finds everything already made
    does not wait for it."""
    global _root
    child_setup(parent)
    _root = root


def _renderer_for(root: str, engine: str) -> PdfRenderer:
    """This process's renderer, set up again when the engine fingerprint changed (a layout or
    its wording was edited under ``serve``); WeasyPrint is imported here, on first use."""
    global _renderer, _made_for
    if _renderer is None or _made_for != (root, engine):
        from .engine import load_engine

        load_engine()  # a no-op when the process that forked this one had imported it
        from .pdf import PdfRenderer

        _renderer = _made_for = None  # the old renderer's memory goes before the new one is made
        _renderer, _made_for = PdfRenderer(Path(root)), (root, engine)
    return _renderer


def _in_worker(setting: Setting) -> PdfRenderer:
    if setting.epoch is None:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
    else:
        os.environ["SOURCE_DATE_EPOCH"] = str(setting.epoch)
    assert _root is not None
    return _renderer_for(_root, setting.engine)


def _warm(setting: Setting) -> None:
    _in_worker(setting).prime()


_malloc_trim = libc_function("malloc_trim")


def _release_memory() -> None:
    """Give freed heap back to the system after a chunk: a long document (the literacy dossier of a
    large staff) otherwise keeps its peak in the worker for the rest of the build. glibc only."""
    if _malloc_trim is not None:
        _malloc_trim(0)


def _render_chunk(jobs: list[Job], setting: Setting) -> list[tuple[str, bytes]]:
    renderer = _in_worker(setting)
    done = [(job.output, renderer.pdf(job.output, job.template, job.context, job.signature)) for job in jobs]
    _release_memory()
    return done


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _chunks(jobs: Iterator[Job], count: int, workers: int) -> Iterator[list[Job]]:
    """The first job of each worker alone (the first of all is the literacy dossier, the longest),
    then chunks of up to 16, taken from ``jobs`` only as they are handed out."""
    size = max(1, min(16, count // (workers * 4)))
    for _ in range(workers):
        head = next(jobs, None)
        if head is None:
            return
        yield [head]
    while chunk := list(islice(jobs, size)):
        yield chunk


class WorkerPool:
    """``with WorkerPool(root, workers) as pool: pool.render(jobs, count, setting)``; one process
    when workers=1. A pool may serve one build or, under ``serve`` and ``watch``, every build of
    the session: its workers keep WeasyPrint loaded and their renderers set up between builds."""

    def __init__(self, root: Path, workers: int):
        self.root = root
        self.workers = workers
        self.executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> WorkerPool:
        if self.workers > 1:
            context = multiprocessing.get_context("fork")
            try:
                with signals_held():  # a signal held back meanwhile is raised on leaving: kill what was forked
                    self.executor = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_init,
                                                        initargs=(str(self.root), os.getpid()))
                    self.executor.submit(os.getpid)  # with fork, the first submit starts every worker now
            except BaseException:
                self.kill()
                raise
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if error is not None:
            self.kill()
        self.close()

    def kill(self) -> None:
        """Stop the workers at once, whatever they are doing (the build failed or was interrupted)."""
        if self.executor is not None:
            kill_workers(self.executor)
            self.executor = None

    def warm_up(self, setting: Setting) -> None:
        """Have the workers set up their renderers and make a first throw-away document now, while
        this process plans the build (one task per worker; a worker that takes two does it once,
        the other on its first chunk)."""
        if self.executor is not None:
            for _ in range(self.workers):
                self.executor.submit(_warm, setting)

    def close(self) -> None:
        """Stop the workers (their memory goes back to the system); idempotent."""
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None

    def render(self, jobs: Iterable[Job], count: int, setting: Setting) -> Iterator[tuple[str, bytes]]:
        """Yield ``(output, pdf bytes)`` for each of the ``count`` jobs, as they are done (not in
        the order given); ``jobs`` is consumed only as workers become free. Without workers, this
        process renders, in the environment the build set (``processes.rendering_environment``)."""
        jobs = iter(jobs)
        if self.executor is None:
            for job in jobs:
                renderer = _renderer_for(str(self.root), setting.engine)
                yield job.output, renderer.pdf(job.output, job.template, job.context, job.signature)
            return
        pending = _chunks(jobs, count, self.workers)
        running: set[Future] = set()
        while True:
            while len(running) < self.workers * CHUNKS_PER_WORKER and (chunk := next(pending, None)) is not None:
                running.add(self.executor.submit(_render_chunk, chunk, setting))
            if not running:
                return
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                yield from future.result()
