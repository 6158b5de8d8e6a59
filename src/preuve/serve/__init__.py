"""``preuve serve``: build, show the newest version in a browser, rebuild and reload on every save.

Like ``mkdocs serve``, for evidence: one warm session (``session.py``) builds whenever the
records, the layouts or the commit change (``watch.py``), and a local server (``server.py``)
shows the version just built — the draft while there are uncommitted changes — and tells every
open page to reload. A build that fails leaves the last good version on screen with its errors
laid over it, and prints them in the terminal. See ``docs/serve.md``.
"""

from __future__ import annotations

import errno
import threading
from collections.abc import Callable
from pathlib import Path

from ..diagnostics import UserError
from ..interrupts import signals_held
from ..session import Outcome, Session
from ..watch import watch
from .server import LiveServer, State

__all__ = ["serve"]


def serve(root: Path, port: int, workers: int, *, ready: Callable[[str], None],
          built: Callable[[Outcome], None], stop: threading.Event | None = None) -> None:
    """Serve ``root``'s newest version on 127.0.0.1:``port`` until ``stop`` is set (or Ctrl-C).

    ``ready(url)`` is called once the port is bound (before the first build, so a browser can
    be opened at once: it shows a waiting page, then reloads); ``built(outcome)`` after each
    build. Raises :class:`UserError` when the port cannot be bound."""
    state = State()
    try:  # bound first: a port in use fails before anything is set up
        server = LiveServer(port, state)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise UserError(f"port {port} is in use (another preuve serve?): choose another with --port") from None
        raise UserError(f"cannot serve on 127.0.0.1:{port}: {exc.strerror or exc}") from None
    try:
        with Session(root, workers) as session:  # workers forked before any thread starts
            with signals_held():  # the server's threads leave Ctrl-C to this one
                threading.Thread(target=server.serve_forever, name="preuve-serve", daemon=True).start()
            try:
                ready(server.url)

                def rebuild() -> None:
                    outcome = session.build()
                    state.built(outcome.folder, None if outcome.ok else outcome.error_text())
                    built(outcome)

                watch(root, rebuild, stop)
            finally:
                server.shutdown()  # the event streams end, then the server's loop
    finally:
        server.server_close()
