"""Command line: ``preuve check | build | merge | watch | serve | status | verify | doctor | init | new | schema | ci``.

Every command acts on the records repository that holds the current folder (or ``--project``),
found as git finds its repository: the nearest folder upwards with a ``preuve.yml``. User
mistakes surface as :class:`click.ClickException` (message, exit 1, no traceback); problems in
the records reach the terminal through ``terminal.py``, the same way for every command.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path

import click

from .diagnostics import Diagnostics, UserError
from .boundary import find_root
from .interrupts import exit_on_signal, terminate_as_ctrl_c
from .terminal import printable, report_diagnostics, show_outcome, show_progress, show_report, warn_without_harfbuzz
from .shards import MAX_SHARDS
from .shards.options import ShardNumber, build_kind, merge_kind

project_option = click.option(
    "--project", "project", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="The records repository (default: the one holding the current folder).")


def project_root(project: Path | None, usage: str = "") -> Path:
    """The records repository holding ``project`` (default: the current folder). Outside one, a
    failure; with ``usage`` (what to give instead), a usage error saying it."""
    start = (project or Path.cwd()).resolve()
    root = find_root(start)
    if root is None and usage:
        raise click.UsageError(f"no preuve.yml in {start} or any folder above it: {usage}")
    if root is None:
        raise click.ClickException(f"no preuve.yml in {start} or any folder above it: not a preuve records "
                                   "repository (`preuve init` creates one)")
    return root


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from .doctor import version_report

    click.echo(version_report())
    ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-V", "--version", is_flag=True, expose_value=False, is_eager=True, callback=_show_version,
              help="Show preuve's, WeasyPrint's and Pango's versions and whether HarfBuzz subsetting is available.")
def main() -> None:
    """Turn training records kept in git into the documents that prove the training happened."""


@main.command()
@project_option
@click.option("--strict", is_flag=True, help="Fail on warnings too (as CI does).")
def check(project: Path | None, strict: bool) -> None:
    """Validate the records and print every problem as path:line: field: message."""
    from .pipeline import read_records

    records, diag = read_records(project_root(project))
    report_diagnostics(diag)
    if diag.errors or (strict and diag.warnings):
        sys.exit(1)
    assert records is not None
    click.echo(f"ok: {len(records.sessions)} session(s), {len(records.people)} people", err=True)


def run_build(root: Path, jobs: int | None, as_of: datetime | None, kind=None):
    """``kind``: see :func:`preuve.build.build` (a shard, a plan or a merge instead of a build),
    which always reads the records: a plan says an already built commit has nothing to render."""
    from .noop import already_built
    from .provenance import git_state

    state = git_state(root)
    if as_of is not None:
        refuse_as_of_to_come(as_of.date(), state)
    done = None if kind else already_built(root, state, as_of.date() if as_of else None)  # nothing read
    if done is not None:
        return done
    from .processes import RecordsLoader

    loader = RecordsLoader(root, state)  # reads the records while this process imports what it needs
    try:
        warn_without_harfbuzz()
        from .build import build, may_be_built
        from .render.workers import default_jobs

        if kind or not may_be_built(root, state):  # it may render: the workers forked later share the import
            from .render.engine import load_engine

            load_engine()
        return build(root, workers=jobs or default_jobs(), as_of=as_of.date() if as_of else None,
                     progress=show_progress, loader=loader, state=state, kind=kind)
    except OSError as exc:  # a full disk or a read-only output/ is not a bug of preuve
        raise UserError(f"cannot write the output: {exc}") from exc
    finally:
        loader.close()


def refuse_as_of_to_come(as_of: date, state) -> None:
    """A version's dossier says "situation on" and "done on" its as-of date: a day to come would
    state a coverage no record shows yet (training may be held, people may leave). ``status``
    may look ahead; a build may not (docs/literacy.md)."""
    from .provenance import records_date

    when = records_date(state, date.today())
    if as_of > when.day:
        raise UserError(f"--as-of {as_of}: is after the records' date {when.day} ({when.source}): a version "
                        f"states what the records show on a day that has come; `preuve status --as-of {as_of}` "
                        "shows who would need training by then")


def _failed(exc: UserError) -> click.ClickException:
    report_diagnostics(Diagnostics(exc.diagnostics))
    return click.ClickException(str(exc))


@main.command("build")
@project_option
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: one per core).")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Date for literacy coverage and retention (default: the commit date).")
@click.option("--json", "as_json", is_flag=True, help="Print what was built as JSON on standard output.")
@click.option("--plan-shards", type=click.IntRange(1, MAX_SHARDS), default=None, metavar="N",
              help="Only plan a build split in N shards: write plan.json (to --out DIR, default "
                   "output/.shards/<version>/); with --json, the matrix of shard numbers.")
@click.option("--shard", type=ShardNumber(), default=None,
              help="Render only shard I of N into a shard folder (--out, default output/.shards/<version>/I-of-N), "
                   "for `preuve merge`.")
@click.option("--plan", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="With --shard: follow this plan.json (default: plan from output/ here).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="With --shard: the shard folder to write; with --plan-shards: the folder of plan.json.")
def build_command(project: Path | None, jobs: int | None, as_of: datetime | None, as_json: bool,
                  plan_shards: int | None, shard: tuple[int, int] | None, plan: Path | None, out: Path | None) -> None:
    """Render every document into output/<version>/ and its archive.

    With --plan-shards and --shard, the rendering is split across runners and `preuve merge`
    writes the version (docs/sharding.md)."""
    kind = build_kind(shard, plan_shards, plan, out)
    try:
        with exit_on_signal():
            report = run_build(project_root(project), 1 if plan_shards else jobs, as_of, kind)
    except UserError as exc:
        raise _failed(exc) from None
    show_report(report, as_json)


@main.command("merge")
@project_option
@click.argument("shards", nargs=-1, required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Date for literacy coverage and retention: the one the shards were rendered with.")
@click.option("--json", "as_json", is_flag=True, help="Print what was built as JSON on standard output.")
def merge_command(project: Path | None, shards: tuple[Path, ...], as_of: datetime | None, as_json: bool) -> None:
    """Check the shards of one build and write its version, byte for byte as `preuve build` would."""
    try:
        with exit_on_signal():
            report = run_build(project_root(project), 1, as_of, merge_kind(shards))
    except UserError as exc:
        raise _failed(exc) from None
    show_report(report, as_json)


@main.command("watch")
@project_option
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes.")
def watch_command(project: Path | None, jobs: int | None) -> None:
    """Rebuild whenever records, layouts or the commit change (Ctrl-C to stop)."""
    from .render.workers import default_jobs
    from .session import Session
    from .watch import watch

    root = project_root(project)
    warn_without_harfbuzz()
    click.echo(f"watching {root} (Ctrl-C to stop)", err=True)
    try:
        with terminate_as_ctrl_c(), Session(root, jobs or default_jobs()) as session:
            watch(root, lambda: show_outcome(session.build()))
    except KeyboardInterrupt:
        pass


@main.command("serve")
@project_option
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0: any free one). Only this machine can connect.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes.")
@click.option("--open", "open_browser", is_flag=True, help="Open the evidence index in the web browser.")
def serve_command(project: Path | None, port: int, jobs: int | None, open_browser: bool) -> None:
    """Build, show the newest version (the draft while records are uncommitted) at
    http://127.0.0.1:PORT/, and rebuild and reload the open pages on every change (Ctrl-C to stop)."""
    from .render.workers import default_jobs
    from .serve import serve

    root = project_root(project)
    warn_without_harfbuzz()

    def ready(url: str) -> None:
        click.echo(f"serving {root} at {url} (Ctrl-C to stop)", err=True)
        if open_browser:
            import webbrowser

            webbrowser.open(url)

    try:
        with terminate_as_ctrl_c():
            serve(root, port, jobs or default_jobs(), ready=ready, built=show_outcome)
    except KeyboardInterrupt:
        pass
    except UserError as exc:
        raise click.ClickException(str(exc)) from None


@main.command("status")
@project_option
@click.option("--retention", "retention_only", is_flag=True, help="Only retention dates, past ones first.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Date to judge by (default: the records' commit date).")
@click.option("--fail-on-gaps", is_flag=True,
              help="Exit 1 when a session has completeness gaps or someone lacks an AI-literacy topic.")
def status_command(project: Path | None, retention_only: bool, as_json: bool, as_of: datetime | None,
                   fail_on_gaps: bool) -> None:
    """Sessions with gaps, people with missing AI-literacy topics, retention dates."""
    from .pipeline import read_records
    from .provenance import as_of_date, git_state
    from .report.status import format_status, has_gaps, status

    root = project_root(project)
    state = git_state(root)  # one look at git: it dates the records and the report alike
    records, diag = read_records(root, state)
    report_diagnostics(diag)
    if records is None:
        sys.exit(1)
    data = status(records, as_of_date(state, records, as_of.date() if as_of else None))
    shown = {"as_of": data["as_of"], "retention": data["retention"]} if retention_only else data
    if as_json:
        click.echo(json.dumps(shown, ensure_ascii=False, indent=2, sort_keys=True))
    else:
        click.echo(format_status(shown, retention_only))
    if fail_on_gaps and has_gaps(data):
        sys.exit(1)


@main.command("doctor")
@project_option
@click.option("--packages", is_flag=True,
              help="Only print the Debian/Ubuntu packages a build needs (for scripts).")
def doctor_command(project: Path | None, packages: bool) -> None:
    """Check that this machine can build: Python, WeasyPrint, Pango, HarfBuzz, fonts, git, output/."""
    from . import doctor
    from .render.templates import Layouts

    if packages:
        click.echo(" ".join(doctor.DEBIAN_PACKAGES))
        return
    root = find_root((project or Path.cwd()).resolve())
    stylesheet = Layouts(root or Path.cwd()).find("print.css")
    found = doctor.findings(root, stylesheet)
    marks = {"ok": "✓", "warn": "!", "fail": "✗"}
    for item in found:
        click.echo(f"{marks[item.state]} {item.name}: {item.detail}")
        if item.fix is not None and item.state != "ok":
            click.echo(f"    Debian/Ubuntu: {item.fix.debian}\n    macOS:         {item.fix.macos}")
    failed = [f for f in found if f.state == "fail"]
    warned = [f for f in found if f.state == "warn"]
    if failed:
        raise click.ClickException(f"builds cannot work here: fix {', '.join(f.name for f in failed)}")
    click.echo("builds will work" + (f", with {len(warned)} warning(s) above" if warned
                                     else " and PDFs are byte-reproducible"))


def _cannot_write(exc: OSError) -> click.ClickException:
    """A scaffold that cannot be written, said of the path to fix (a file where a folder must be)."""
    path = Path(exc.filename or ".")
    blocker = next((p for p in (path, *path.parents) if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        return click.ClickException(f"cannot write inside {blocker}: it is a file, not a folder")
    return click.ClickException(f"cannot write {path}: {exc.strerror}")


@main.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=Path("."))
@click.option("--mode", type=click.Choice(["in-house", "provider"]), default=None,
              help="in-house: a company training its own staff; provider: a training provider "
                   "(required, unless DIRECTORY's preuve.yml gives it).")
@click.option("--locale", type=click.Choice(["fr", "en"]), default=None,
              help="Language of the documents and of the files written (default: fr, or what DIRECTORY's "
                   "preuve.yml gives).")
def init_command(directory: Path, mode: str | None, locale: str | None) -> None:
    """Create a records repository in DIRECTORY that checks and builds at once (never overwrites)."""
    from .scaffold import init_repository, init_settings, next_steps

    try:
        done = init_repository(directory.resolve(), *init_settings(directory, mode, locale))
    except ValueError as exc:  # a mode or locale other than the records' own, or none
        raise click.UsageError(str(exc)) from None
    except OSError as exc:
        raise _cannot_write(exc) from None
    for rel in done.kept:
        click.echo(f"kept     {rel} (exists)", err=True)
    for rel in done.written:
        click.echo(f"created  {rel}", err=True)
    click.echo("\n" + "\n".join(next_steps(directory.resolve(), str(directory), done)), err=True)


@main.group("new")
def new_group() -> None:
    """Create a new record from a ready-to-fill template."""


@new_group.command("session")
@project_option
@click.argument("session_id")
@click.option("--like", "like", default=None, metavar="OTHER-ID",
              help="Copy the facts of this session (title, objectives, times…), dates left to fill.")
def new_session_command(project: Path | None, session_id: str, like: str | None) -> None:
    """Create content/sessions/SESSION_ID/ with session.md and attendance.yml to fill."""
    from .scaffold import new_session

    root = project_root(project)
    try:
        written = new_session(root, session_id, like)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise _cannot_write(exc) from None
    for rel in written:
        click.echo(f"created  {rel}", err=True)
    click.echo("Fill the placeholders <…>, then run `preuve check`: it refuses them until they are filled.",
               err=True)


@main.command("schema")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--locale", type=click.Choice(["fr", "en"]), default=None,
              help="Language of the descriptions (default: the project's, else fr).")
def schema_command(directory: Path, locale: str | None) -> None:
    """Write the JSON Schemas of preuve.yml, data/ files, sessions and attendance to DIRECTORY."""
    from .schemas import project_locale, write_schemas

    chosen = locale or project_locale(find_root(Path.cwd().resolve()))
    for path in write_schemas(directory, chosen):
        click.echo(f"wrote    {path}", err=True)


# Every word after the step is the step's own: a records folder named "-dash" given to the hook
# was read as options, "-h" among them, and printed the help with exit 0 (a hook that passed).
@main.command("ci", context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False})
@click.argument("step", type=click.Choice(["system-packages", "evidence", "plan", "shard", "pre-commit"]))
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def ci_command(step: str, args: tuple[str, ...]) -> None:
    """Run a step of preuve's reusable GitHub Actions workflow here, in the records folder
    (system-packages, evidence DIST [SHARD...], plan N DIR, shard I/N PLAN DIR), or the pre-commit
    hook from the top of the repository (pre-commit [DIRECTORY], the records folder if not the top)."""
    from .ci import run_step

    sys.exit(run_step(step, list(args)))


@main.command("verify")
@click.argument("typed", nargs=-1, required=True, metavar="FILE|CODE")
@click.option("--in", "where", type=click.Path(exists=True, path_type=Path), default=None,
              help="A version folder or its .zip (default: output/latest of the project).")
@project_option
@click.option("--trust", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A CA certificate (PEM or DER) the signer's certificate must chain to; repeatable.")
def verify_command(typed: tuple[str, ...], where: Path | None, project: Path, trust: tuple[Path, ...]) -> None:
    """Say whether FILE is a document that was issued, or what was issued under a CODE.

    FILE (always, if it exists): whether its bytes are those of a document the version issued,
    what it states, whether it was superseded and whether its signature is valid. Exit 0:
    genuine; 1: not genuine (or superseded, withdrawn); 2: usage.

    CODE: the verification code printed on a paper certificate or held by its QR code
    (XXXX-XXXX-XXXX; typed in lower case, with spaces, or with 0, 1, 8 for O, I, B alike): what the
    version issued under it and whether that is current, superseded (by which code) or
    withdrawn, to compare with the paper. It does not prove the paper unaltered: only a file's
    bytes do. Exit 0: a current document; 1: superseded, withdrawn or unknown; 2: usage."""
    from .verify.command import run_verify, target_of

    target, found = target_of(typed)
    version = where or project_root(project, usage="give the version to check against with --in (a version "
                                    "folder or its .zip)") / "output" / "latest"
    verdict = run_verify(target, found, version, list(trust))
    click.echo("\n".join(map(printable, verdict.lines)))
    sys.exit(verdict.exit_code)


if __name__ == "__main__":
    main()
