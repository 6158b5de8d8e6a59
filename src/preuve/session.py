"""One warm process for ``preuve serve`` and ``preuve watch``: build after build, nothing set up twice.

A session imports WeasyPrint once and forks its workers once, before anything else runs (no
server or watcher thread yet): each worker sets up its renderer (fonts, stylesheet, templates)
right away and keeps it from build to build; a worker sets it up again only when the engine
fingerprint changes (a layout or its wording edited), and takes each build's commit time with
each chunk (``render/workers.py``). Every build is an ordinary :func:`~preuve.build.build`: the
records are read afresh, only what changed is rendered, and a failed build leaves the output as
it was. A build that fails says why; one that crashes (a bug of preuve's, a worker killed) is
reported too, and the session goes on with fresh workers.
"""

from __future__ import annotations

import traceback
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from .build import BuildReport, build
from .diagnostics import Diagnostic, UserError
from .processes import prepare_readers
from .render.engine import load_engine
from .render.fingerprint import engine_fingerprint, engine_parts
from .render.workers import Setting, WorkerPool


@dataclass(frozen=True)
class Outcome:
    """One build of the session: its report, or what stopped it."""

    report: BuildReport | None
    message: str = ""  # why it failed, in one line
    diagnostics: tuple[Diagnostic, ...] = ()
    crash: str = ""  # the traceback of an error that is not the user's

    @property
    def ok(self) -> bool:
        return self.report is not None

    @property
    def folder(self) -> Path | None:
        """The version to show: the one built, or the one found already built."""
        return self.report.folder if self.report is not None else None

    def error_text(self) -> str:
        """Every error as ``path:line: field: message``, then the reason: what the page shows
        (warnings are left to the terminal: they stop nothing)."""
        lines = [str(item) for item in self.diagnostics if item.is_error]
        return "\n".join([*lines, self.message, *([self.crash] if self.crash else [])])


class Session:
    """``with Session(root, workers) as session: session.build()``, as often as needed."""

    def __init__(self, root: Path, workers: int):
        self.root = root.resolve()
        self.workers = workers
        self.pool: WorkerPool | None = None

    def __enter__(self) -> Session:
        load_engine()  # imported once, here: the workers forked next share it
        prepare_readers()

        self.start_workers()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.pool is not None:
            self.pool.__exit__(kind, error, trace)
            self.pool = None

    def start_workers(self) -> None:
        self.pool = WorkerPool(self.root, self.workers).__enter__()
        self.pool.warm_up(Setting(engine_fingerprint(engine_parts(self.root)), None))

    def build(self) -> Outcome:
        """Build the records as they are now; never raises for a user's mistake or a crash."""
        assert self.pool is not None, "a session builds inside its with block"
        try:
            return Outcome(build(self.root, workers=self.workers, pool=self.pool))
        except UserError as exc:
            return Outcome(None, str(exc), tuple(sorted(exc.diagnostics)))
        except OSError as exc:  # a full disk or a read-only output/ is not a bug of preuve
            return Outcome(None, f"cannot write the output: {exc}")
        except BrokenProcessPool:
            self.pool.kill()
            self.start_workers()
            return Outcome(None, "a rendering worker died (out of memory?): the workers were restarted; "
                                 "save again to rebuild")
        except Exception as exc:  # a bug: said, and the session goes on
            return Outcome(None, f"internal error: {type(exc).__name__}: {exc} (a bug of preuve: please report it)",
                           crash=traceback.format_exc())
