"""What the commands print to the terminal: every problem with its count, a progress bar, what a
build did.

Diagnostics reach the terminal only through :func:`report_diagnostics`, for every command, so
``check``, ``build``, ``status``, ``watch`` and ``serve`` print them alike. What they quote from
files (a file's name, a value) and what ``verify`` reads from the file it checks go through
:func:`printable`: an escape sequence written there would otherwise be run by the terminal (move
the cursor up and rewrite "NOT GENUINE" as "GENUINE"), and a right-to-left override would show a
name reversed.
"""

from __future__ import annotations

import functools
import json
import re
import sys

import click

from .diagnostics import Diagnostics
from .loading.text import BIDI_RE

_UNPRINTABLE = re.compile(rf"[\x00-\x1f\x7f-\x9f{BIDI_RE.pattern[1:-1]}]")


def printable(line: str) -> str:
    """``line`` with control characters (escape, carriage return, line feed...) and bidirectional
    controls written as escapes (``\\x1b``, ``\\u202e``): one line, shown as its characters read."""
    return _UNPRINTABLE.sub(lambda found: repr(found.group(0))[1:-1], line)


def report_diagnostics(diag: Diagnostics) -> None:
    """Every problem as ``path:line: field: message``, then a count; the only way they are printed."""
    for item in diag.sorted():
        click.echo(printable(str(item)), err=True)
    errors, warnings = len(diag.errors), len(diag.warnings)
    if errors or warnings:
        click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)


def show_progress(total: int):
    """A progress bar on a terminal for builds with many documents; nothing otherwise."""
    if total < 20 or not sys.stderr.isatty():
        return lambda: None
    bar = click.progressbar(length=total, label="rendering", file=sys.stderr)
    bar.__enter__()
    state = {"done": 0}

    def tick() -> None:
        state["done"] += 1
        bar.update(1)
        if state["done"] == total:
            bar.__exit__(None, None, None)

    return tick


@functools.cache
def warn_without_harfbuzz() -> None:
    """Once per process, however many builds ``watch`` runs."""
    from .render.engine import harfbuzz_subsetting

    if not harfbuzz_subsetting():
        click.echo("warning: HarfBuzz font subsetting (Debian: libharfbuzz-subset0) is not installed: "
                   "builds are several times slower and PDFs are not byte-reproducible; "
                   "run `preuve doctor` for the fix", err=True)


def show_report(report, as_json: bool = False) -> None:
    """What a build did: its warnings, its summary, and with ``as_json`` the summary for scripts."""
    report_diagnostics(Diagnostics(report.diagnostics.warnings))
    click.echo(report.summary(), err=True)
    if as_json:
        click.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=2, sort_keys=True))


def show_outcome(outcome) -> None:
    """One build of a ``serve`` or ``watch`` session in the terminal: its warnings and summary,
    or its errors, all of them."""
    if outcome.report is not None:
        show_report(outcome.report)
        return
    report_diagnostics(Diagnostics(outcome.diagnostics))
    if outcome.crash:
        click.echo(outcome.crash, err=True)
    click.echo(f"build failed: {outcome.message}; the last good output is unchanged. Watching…", err=True)
