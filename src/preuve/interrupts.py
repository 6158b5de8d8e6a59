"""Signals and child processes: an interrupted build stops at once, cleans up, and leaves no process.

* Children (the records reader, the rendering workers) are forked with SIGINT and SIGTERM blocked
  (:func:`signals_held`); the first thing each does (:func:`child_setup`) is to ask the kernel to kill
  it when the build process dies, even by SIGKILL (``PR_SET_PDEATHSIG``, Linux), to ignore SIGINT
  (Ctrl-C reaches the whole process group: only the build answers it, no worker prints a
  traceback) and to take SIGTERM's default action.
* The build process turns SIGINT and SIGTERM into :class:`Interrupted` (:func:`interruptible`), so
  every ``finally`` runs: the workers are killed, the staging folder is removed. A second signal
  during that cleanup is ignored. The command line prints one line and exits 128 + the signal's
  number: 130 for SIGINT, 143 for SIGTERM (docs/security.md).
* Threads (``serve``'s server, ``watch``'s file watchers, the pools' own) are started with the
  signals blocked too, and keep them blocked: the kernel then delivers SIGINT and SIGTERM to the
  main thread only, so holding them back there while forking really holds them back (a signal
  taken by another thread would make Python raise it in the main thread at once, mid-fork).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

SIGNALS = (signal.SIGINT, signal.SIGTERM)
_PR_SET_PDEATHSIG = 1


class Interrupted(BaseException):
    """SIGINT or SIGTERM reached the build; a BaseException, so ``except Exception`` lets it pass."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    def __str__(self) -> str:
        return (f"interrupted by {signal.Signals(self.signum).name}: the build stopped; output/ holds "
                "only complete versions")


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back in this thread while children are forked or threads started:
    each child unblocks them once it is set up, a thread keeps them blocked for its life, and this
    thread unblocks them on leaving the block (a signal that came meanwhile arrives then)."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def libc_function(name: str):  # noqa: ANN201 - a ctypes function, or None
    """``name`` from the C library the program runs with (Linux: ``prctl``, ``malloc_trim``), found
    without ``ctypes.util.find_library``, which starts a subprocess."""
    try:
        return getattr(ctypes.CDLL(None, use_errno=True), name, None)
    except OSError:
        return None


_prctl_call = libc_function("prctl")


def child_setup(parent: int) -> None:
    """Run first in every forked child of the build process ``parent``."""
    if _prctl_call is not None:
        _prctl_call(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)
    if os.getppid() != parent:  # the build died before the kernel was asked to tell us
        os._exit(1)


def kill_workers(executor: ProcessPoolExecutor) -> None:
    """SIGKILL ``executor``'s processes, then reap them (Python 3.14 has ``kill_workers()``)."""
    for process in list((getattr(executor, "_processes", None) or {}).values()):
        process.kill()
    executor.shutdown(wait=True, cancel_futures=True)


def _raise(signum: int, frame: object) -> None:
    for each in SIGNALS:
        signal.signal(each, signal.SIG_IGN)  # the cleanup that follows is not interrupted again
    raise Interrupted(signum)


@contextmanager
def interruptible() -> Iterator[None]:
    """Within this block, SIGINT and SIGTERM raise :class:`Interrupted` (in the main thread; in
    another, Python delivers no signal and nothing changes).

    A signal the process was started ignoring stays ignored: a command run with ``nohup``, or in
    the background of a shell without job control (``preuve build &`` in a script), is started
    with SIGINT ignored so that a Ctrl-C meant for the foreground leaves it running. Python keeps
    that choice for ``serve`` and ``watch``; a build keeps it too."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {each: signal.getsignal(each) for each in SIGNALS}
    for each in SIGNALS:
        if previous[each] is not signal.SIG_IGN:
            signal.signal(each, _raise)
    try:
        yield
    finally:
        for each, handler in previous.items():
            signal.signal(each, handler)


@contextmanager
def terminate_as_ctrl_c() -> Iterator[None]:
    """For ``serve`` and ``watch``: SIGTERM (``kill``, a service manager) stops them as Ctrl-C
    does, the server closed and the workers stopped, unless the process was started ignoring it."""
    previous = signal.getsignal(signal.SIGTERM)
    if previous is signal.SIG_IGN or threading.current_thread() is not threading.main_thread():
        yield
        return
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def exit_on_signal() -> Iterator[None]:
    """For a command: SIGINT or SIGTERM ends it with one line and exit status 130 or 143."""
    try:
        with interruptible():
            yield
    except Interrupted as exc:
        print(f"preuve: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
