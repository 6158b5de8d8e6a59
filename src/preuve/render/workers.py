"""Render many PDFs on long-lived worker processes, one per core, each set up once.

The workers are forked when a build starts, while the process holds little more than its imports,
so they do not carry copies of the records, the plan or the pages the build makes afterwards.
Jobs are handed out in chunks so inter-process overhead is paid per chunk, not per document;
results come back as chunks complete, so the single writer stores them while the workers go on
and memory stays flat whatever the size of the repository.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from types import TracebackType

from ..plan import Job
from .pdf import PdfRenderer

_renderer: PdfRenderer | None = None

# Most chunks in flight per worker: enough to keep every worker busy, few enough that finished
# PDFs never pile up in memory waiting for the writer.
CHUNKS_PER_WORKER = 3


def _init(root: str) -> None:
    global _renderer
    _renderer = PdfRenderer(Path(root))


def _find_malloc_trim():
    name = ctypes.util.find_library("c")
    return getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None


_malloc_trim = _find_malloc_trim()


def _release_memory() -> None:
    """Give freed heap back to the system after a chunk: a long document (the literacy dossier of a
    large staff) otherwise keeps its peak in the worker for the rest of the build. glibc only."""
    if _malloc_trim is not None:
        _malloc_trim(0)


def _render_chunk(jobs: list[Job]) -> list[tuple[str, bytes]]:
    assert _renderer is not None
    done = [(job.output, _renderer.pdf(job.output, job.template, job.context)) for job in jobs]
    _release_memory()
    return done


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _chunks(jobs: list[Job], workers: int) -> list[list[Job]]:
    """Small chunks at both ends of the list (the first job, the long literacy dossier, alone), so
    no worker is left with a long tail while the others wait."""
    size = max(1, min(16, len(jobs) // (workers * 4)))
    head = [[job] for job in jobs[:workers]]
    rest = jobs[workers:]
    return head + [rest[i:i + size] for i in range(0, len(rest), size)]


class WorkerPool:
    """``with WorkerPool(root, workers) as pool: pool.render(jobs)``; one process when workers=1."""

    def __init__(self, root: Path, workers: int):
        self.root = root
        self.workers = workers
        self.executor: ProcessPoolExecutor | None = None
        self.local: PdfRenderer | None = None  # for builds that render one document, in-process

    def __enter__(self) -> WorkerPool:
        if self.workers > 1:
            context = multiprocessing.get_context("fork")
            self.executor = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_init,
                                                initargs=(str(self.root),))
            self.executor.submit(os.getpid)  # with fork, the first submit starts every worker now
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)

    def render(self, jobs: list[Job]) -> Iterator[tuple[str, bytes]]:
        """Yield ``(output, pdf bytes)`` for every job, as they are done (not in the order given)."""
        if self.executor is None or len(jobs) <= 1:
            for job in jobs:
                # One renderer per build: a later build (under watch) sees changed layouts.
                self.local = self.local or PdfRenderer(self.root)
                yield job.output, self.local.pdf(job.output, job.template, job.context)
            return
        pending = iter(_chunks(jobs, self.workers))
        running: set[Future] = set()
        while True:
            while len(running) < self.workers * CHUNKS_PER_WORKER and (chunk := next(pending, None)) is not None:
                running.add(self.executor.submit(_render_chunk, chunk))
            if not running:
                return
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                yield from future.result()
