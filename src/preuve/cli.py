"""Command line: ``preuve check | build | watch | status | verify``.

User mistakes surface as :class:`click.ClickException` (message, exit 1, no traceback);
``--debug`` shows tracebacks of unexpected failures.
"""

from __future__ import annotations

import functools
import sys
from datetime import datetime
from pathlib import Path

import click

from . import __version__
from .diagnostics import Diagnostics, UserError
from .pipeline import RecordsLoader, read_records

project_option = click.option(
    "--project", "project", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
    show_default="current folder", help="The records repository to act on.")


def print_diagnostics(diag: Diagnostics) -> None:
    for item in diag.sorted():
        click.echo(str(item), err=True)
    errors, warnings = len(diag.errors), len(diag.warnings)
    if errors or warnings:
        click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="preuve")
def main() -> None:
    """Turn training records kept in git into the documents that prove the training happened."""


@main.command()
@project_option
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def check(project: Path, strict: bool) -> None:
    """Validate the records and print every problem as path:line: field: message."""
    records, diag = read_records(project.resolve())
    print_diagnostics(diag)
    if diag.errors or (strict and diag.warnings):
        sys.exit(1)
    assert records is not None
    click.echo(f"ok: {len(records.sessions)} session(s), {len(records.people)} people", err=True)


def _progress(total: int):
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
    from .render.pdf import harfbuzz_subsetting

    if not harfbuzz_subsetting():
        click.echo("warning: HarfBuzz font subsetting (Debian: libharfbuzz-subset0) is not installed: "
                   "builds are several times slower and PDFs are not byte-reproducible; "
                   "install it (make deps, or apt-get install libharfbuzz-subset0)", err=True)


def run_build(project: Path, jobs: int | None, as_of: datetime | None):
    root = project.resolve()
    loader = RecordsLoader(root)  # reads the records while WeasyPrint is imported
    warn_without_harfbuzz()
    from .build import build
    from .render.workers import default_jobs

    try:
        return build(root, workers=jobs or default_jobs(), as_of=as_of.date() if as_of else None,
                     progress=_progress, loader=loader)
    except OSError as exc:  # a full disk or a read-only output/ is not a bug of preuve
        raise UserError(f"cannot write the output: {exc}") from exc


@main.command("build")
@project_option
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: one per core).")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Date for literacy coverage and retention (default: the commit date).")
def build_command(project: Path, jobs: int | None, as_of: datetime | None) -> None:
    """Render every document into output/<version>/ and its archive."""
    try:
        report = run_build(project, jobs, as_of)
    except UserError as exc:
        if exc.diagnostics:
            diag = Diagnostics(exc.diagnostics)
            print_diagnostics(diag)
        raise click.ClickException(str(exc)) from None
    warnings = report.diagnostics.warnings
    for item in sorted(warnings):
        click.echo(str(item), err=True)
    click.echo(report.summary(), err=True)


@main.command("watch")
@project_option
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes.")
def watch_command(project: Path, jobs: int | None) -> None:
    """Rebuild whenever records or layouts change (Ctrl-C to stop)."""
    from .watch import watch

    def rebuild() -> None:
        try:
            report = run_build(project, jobs, None)
        except UserError as exc:
            print_diagnostics(Diagnostics(exc.diagnostics))
            click.echo(f"build failed: {exc}; the last good output is unchanged. Watching…", err=True)
            return
        click.echo(report.summary(), err=True)

    click.echo(f"watching {project.resolve()} (Ctrl-C to stop)", err=True)
    try:
        watch(project, rebuild)
    except KeyboardInterrupt:
        pass


@main.command("status")
@project_option
@click.option("--retention", "retention_only", is_flag=True, help="Only retention dates, past ones first.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Date to judge by (default: the records' commit date).")
def status_command(project: Path, retention_only: bool, as_json: bool, as_of: datetime | None) -> None:
    """Sessions with gaps, people with missing AI-literacy topics, retention dates."""
    import json

    from .build import as_of_date
    from .report.status import format_status, status

    root = project.resolve()
    records, diag = read_records(root)
    if records is None:
        print_diagnostics(diag)
        sys.exit(1)
    data = status(records, as_of_date(root, records, as_of.date() if as_of else None))
    if retention_only:
        data = {"as_of": data["as_of"], "retention": data["retention"]}
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))
    else:
        click.echo(format_status(data, retention_only))


@main.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--in", "where", type=click.Path(exists=True, path_type=Path), default=None,
              help="A version folder or its .zip (default: output/latest of the project).")
@project_option
@click.option("--trust", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A CA certificate (PEM or DER) the signer's certificate must chain to; repeatable.")
def verify_command(file: Path, where: Path | None, project: Path, trust: tuple[Path, ...]) -> None:
    """Say whether FILE is a document that was issued, what it states, whether it was superseded
    and whether its signature is valid. Exit 0: genuine; 1: not genuine (or superseded); 2: usage."""
    from .verify.check import VersionNotFound, verify_file

    version = where or project.resolve() / "output" / "latest"
    if not version.exists():
        raise click.UsageError(f"no {version}: build first, or give the version with --in")
    try:
        verdict = verify_file(file, version, list(trust))
    except VersionNotFound as exc:
        raise click.UsageError(str(exc)) from None
    click.echo("\n".join(verdict.lines))
    sys.exit(verdict.exit_code)


if __name__ == "__main__":
    main()
