"""Render many PDFs on long-lived worker processes, one per core, each set up once.

Jobs are handed out in chunks so inter-process overhead is paid per chunk, and results stream
back in order to the single writer, so memory stays flat whatever the size of the repository.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..plan import Job
from .pdf import PdfRenderer

_renderer: PdfRenderer | None = None

# Below this many documents, starting processes costs more than it saves.
PARALLEL_THRESHOLD = 8


def _init(root: str) -> None:
    global _renderer
    _renderer = PdfRenderer(Path(root))


def _render(job: Job) -> tuple[str, bytes]:
    assert _renderer is not None
    return job.output, _renderer.pdf(job.output, job.template, job.context)


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def render_pdfs(jobs: list[Job], root: Path, workers: int,
                progress: Callable[[], None] = lambda: None) -> Iterator[tuple[str, bytes]]:
    """Yield ``(output, pdf bytes)`` for every job, in the order of ``jobs``."""
    if not jobs:
        return
    results: Iterable[tuple[str, bytes]]
    if workers <= 1 or len(jobs) < PARALLEL_THRESHOLD:
        _init(str(root))
        results = map(_render, jobs)
        for item in results:
            progress()
            yield item
        return
    workers = min(workers, len(jobs))
    chunksize = max(1, min(16, len(jobs) // (workers * 4)))
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init, initargs=(str(root),)) as pool:
        for item in pool.map(_render, jobs, chunksize=chunksize):
            progress()
            yield item
