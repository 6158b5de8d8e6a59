"""Render many PDFs on long-lived worker processes, one per core, each set up once.

Jobs are handed out in chunks so inter-process overhead is paid per chunk, not per document.
Results come back as chunks complete, so the single writer stores them while the workers go on,
and memory stays flat whatever the size of the repository.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path

from ..plan import Job
from .pdf import PdfRenderer

_renderer: PdfRenderer | None = None

# Most chunks in flight per worker: enough to keep every worker busy, few enough that finished
# PDFs never pile up in memory waiting for the writer.
CHUNKS_PER_WORKER = 3


def _init(root: str) -> None:
    global _renderer
    _renderer = PdfRenderer(Path(root))


def _render_chunk(jobs: list[Job]) -> list[tuple[str, bytes]]:
    assert _renderer is not None
    return [(job.output, _renderer.pdf(job.output, job.template, job.context)) for job in jobs]


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _chunks(jobs: list[Job], workers: int) -> list[list[Job]]:
    """Small chunks at both ends of the list (the first job, the long literacy dossier, alone), so
    no worker is left with a long tail while the others wait."""
    size = max(1, min(16, len(jobs) // (workers * 4)))
    head = [[job] for job in jobs[:workers]]
    rest = jobs[workers:]
    return head + [rest[i:i + size] for i in range(0, len(rest), size)]


def render_pdfs(jobs: list[Job], root: Path, workers: int) -> Iterator[tuple[str, bytes]]:
    """Yield ``(output, pdf bytes)`` for every job, as they are done (not in the order of ``jobs``)."""
    if not jobs:
        return
    if workers <= 1 or len(jobs) == 1:
        _init(str(root))
        for job in jobs:
            yield from _render_chunk([job])
        return
    workers = min(workers, len(jobs))
    pending = iter(_chunks(jobs, workers))
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init, initargs=(str(root),)) as pool:
        running: set[Future] = set()
        while True:
            while len(running) < workers * CHUNKS_PER_WORKER and (chunk := next(pending, None)) is not None:
                running.add(pool.submit(_render_chunk, chunk))
            if not running:
                return
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                yield from future.result()
