"""preuve as a team adopts it: a wheel installed into a fresh virtualenv outside the source tree,
``preuve init`` for each mode, a commit, then ``check --strict`` and ``build`` — as on a team's
first afternoon, with nothing from preuve's repository but the wheel."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from sample import GIT_ENV, write_files

SOURCE = Path(__file__).resolve().parent.parent


def run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV, **(env or {})})
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", dist, SOURCE, cwd=dist)
    [built] = dist.glob("preuve-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(tmp_path_factory, wheel) -> Path:
    """A fresh virtualenv, outside the source tree, with the wheel and its dependencies."""
    folder = tmp_path_factory.mktemp("venv") / "venv"
    run(sys.executable, "-m", "venv", folder, cwd=folder.parent)
    run(folder / "bin" / "pip", "install", "--quiet", wheel, cwd=folder.parent)
    return folder


def test_the_wheel_carries_layouts_wording_schemas_scaffold_and_ci_but_no_records(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("preuve/layouts/certificate.html.j2", "preuve/layouts/i18n/fr.yml", "preuve/layouts/print.css",
                   "preuve/schemas/fr/session.schema.json", "preuve/schemas/en/attendance.schema.json",
                   "preuve/schemas/descriptions.yml", "preuve/scaffold/files/common/Makefile",
                   "preuve/scaffold/files/fr/session.md", "preuve/ci/evidence.sh", "preuve/ci/pre-commit.sh",
                   "preuve/__main__.py"):
        assert needed in names, needed
    assert not [n for n in names if n.startswith(("content/", "data/", "tests/", "output/"))]


@pytest.mark.parametrize("mode, locale", [("in-house", "fr"), ("provider", "en")])
def test_init_in_a_fresh_virtualenv_checks_strictly_and_builds(venv, tmp_path, mode, locale):
    preuve = venv / "bin" / "preuve"
    run(preuve, "init", "records", "--mode", mode, "--locale", locale, cwd=tmp_path)
    root = tmp_path / "records"
    run("git", "init", "-q", "-b", "main", cwd=root)
    run("git", "add", "-A", cwd=root)
    run("git", "commit", "-q", "-m", "init", cwd=root)
    checked = run(preuve, "check", "--strict", cwd=root / "data")  # found from a subfolder, as git does
    assert "0 error(s)" not in checked.stderr and checked.stderr.startswith("ok: 1 session(s), 2 people")
    built = run(preuve, "build", cwd=root)
    # programme, attendance sheet, literacy dossier; a provider's client gets a dossier of its own
    expected = 4 if mode == "provider" else 3
    assert "built output/" in built.stderr and f": {expected} document(s) rendered, 0 reused" in built.stderr
    latest = (root / "output" / "latest").resolve()
    [session] = (latest / "sessions").iterdir()
    pdfs = [session / "programme.pdf", session / "attendance.pdf", latest / "literacy.pdf"]
    if mode == "provider":
        pdfs.append(latest / "clients" / "example-client-ltd" / "literacy.pdf")
    for pdf in pdfs:
        assert pdf.read_bytes().startswith(b"%PDF-"), pdf
    assert (latest / "index.html").is_file()
    assert run("git", "status", "--porcelain", cwd=root).stdout == ""  # output/ and .venv/ are ignored


def test_python_dash_m_preuve_version_names_the_engine(venv, tmp_path):
    done = run(venv / "bin" / "python", "-m", "preuve", "--version", cwd=tmp_path)
    lines = done.stdout.splitlines()
    assert lines[0].startswith("preuve 0.2.0 (Python 3.")
    assert lines[1].startswith("WeasyPrint 70.0, Pango 1.") and "HarfBuzz" in lines[1]
    assert lines[2] == "HarfBuzz font subsetting: available"
    where = run(venv / "bin" / "python", "-c", "import preuve; print(preuve.__file__)", cwd=tmp_path).stdout
    assert where.startswith(str(venv)), where  # the installed wheel, not the source tree


def test_the_records_makefile_installs_the_pinned_preuve_when_missing(wheel, tmp_path):
    """``make check`` in a new records repository creates .venv and installs preuve into it (here
    from the wheel, as PyPI is not reachable; PREUVE_SPEC is the documented override)."""
    from preuve.scaffold import init_repository

    root = tmp_path / "records"
    init_repository(root, "in-house", "fr")
    marker = tmp_path / "ran"  # python -m imports from the folder it runs in first: not venv.py, json.py from here
    hostile = f"import pathlib\npathlib.Path({str(marker)!r}).write_text('ran')\nraise SystemExit(0)\n"
    write_files(root, {"venv.py": hostile, "json.py": hostile})
    done = run("make", "check", f"PREUVE_SPEC={wheel}", f"PREUVE_PYTHON={sys._base_executable}", cwd=root)
    assert "system packages: all" in done.stdout and not marker.exists()
    assert (root / ".venv" / ".preuve-0.2.0").is_file()
    assert "ok: 1 session(s)" in done.stderr
    again = run("make", "check", cwd=root)  # installed: nothing to do but the check
    assert "pip install" not in again.stdout


def make(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    """``make`` as a team runs it, not as a sub-make of ``make test`` (which would print the folder)."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    done = subprocess.run(["make", *map(str, args)], cwd=cwd, capture_output=True, text=True, env=env)
    assert done.returncode == 0, f"make {args}\n{done.stdout}\n{done.stderr}"
    return done


TEAM_MAKEFILE = "all: site\n\nsite:\n\t@echo our website\n\nbuild:\n\t@echo our build\n"


def test_preuve_mk_beside_a_teams_makefile_builds_the_evidence_and_leaves_its_targets_alone(venv, wheel, tmp_path):
    """In a repository whose own Makefile builds a website, init writes preuve.mk: ``make -f`` runs
    it alone, and once the Makefile includes it (first, the worst place), ``make preuve-build``
    installs and runs preuve while ``make`` and ``make build`` are still the team's."""
    root = tmp_path / "site"
    write_files(root, {"Makefile": TEAM_MAKEFILE})
    run(venv / "bin" / "preuve", "init", "--mode", "in-house", cwd=root)
    assert (root / "Makefile").read_text() == TEAM_MAKEFILE
    # preuve's environment is the one the wheel is installed in: the recipe re-runs, installs nothing
    where = [f"PREUVE_VENV={venv}", f"PREUVE_SPEC={wheel}", f"PREUVE_PYTHON={sys._base_executable}"]
    alone = make("-f", "preuve.mk", "preuve-check", *where, cwd=root)
    assert f"{venv}/bin/preuve check\n" in alone.stdout and "ok: 1 session(s)" in alone.stderr
    (root / "Makefile").write_text("include preuve.mk\n" + TEAM_MAKEFILE)
    assert make(cwd=root).stdout == "our website\n"
    assert make("build", cwd=root).stdout == "our build\n"
    built = make("preuve-build", *where, cwd=root)
    assert built.stdout.endswith(f"{venv}/bin/preuve build\n")
    assert "built draft output/" in built.stderr and ": 3 document(s) rendered" in built.stderr
    [folder] = re.findall(r"built draft (output/\S+):", built.stderr)
    assert (root / folder / "index.html").is_file() and (root / folder / "literacy.pdf").is_file()


def _commit(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "commit", "-q", "-m", "records"], cwd=root, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV})


def test_the_pre_commit_hook_checks_strictly_what_is_staged_as_ci_does(venv, tmp_path):
    """The hook pre-commit runs (the one init's config names) is ``preuve ci pre-commit``; here it is
    a plain git hook. A warning fails it, as ``check --strict`` fails CI; a fix left unstaged does
    not make it pass, and a broken file left unstaged does not make it fail."""
    [hook] = yaml.safe_load((SOURCE / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "preuve-check" and hook["entry"] == "preuve ci pre-commit"
    root = tmp_path / "records"
    run(venv / "bin" / "preuve", "init", root, "--mode", "in-house", "--locale", "en", cwd=tmp_path)
    run("git", "init", "-q", "-b", "main", cwd=root)
    run("git", "add", "-A", cwd=root)
    run("git", "commit", "-q", "-m", "init", cwd=root)
    (root / ".git/hooks/pre-commit").write_text(f"#!/bin/sh\nexec {venv}/bin/preuve ci {hook['entry'].split()[-1]}\n")
    (root / ".git/hooks/pre-commit").chmod(0o755)
    [session] = (root / "content/sessions").glob("*/session.md")
    rel = session.relative_to(root).as_posix()
    good = session.read_text()
    front = good[:good.index("\n---\n") + 5]
    session.write_text(front)  # no programme: a warning, not an error
    run("git", "add", rel, cwd=root)
    refused = _commit(root)
    assert refused.returncode == 1
    assert refused.stderr.splitlines()[-3:] == [
        f"{rel}:{front.count(chr(10)) + 1}: warning: programme: Programme — The programme (body of session.md) is empty.",
        "0 error(s), 1 warning(s)",
        "error: the records to commit do not pass preuve check --strict, as CI runs it: fix them and stage the fix"]
    session.write_text(good + "Bring a laptop.\n")  # fixed, not staged: what would be committed is still wrong
    assert _commit(root).returncode == 1
    run("git", "add", rel, cwd=root)
    (root / "data/people.yml").write_text("- [broken\n")  # not staged: not committed, not judged
    passed = _commit(root)
    assert passed.returncode == 0, passed.stderr
    assert "ok: 1 session(s)" in passed.stderr


def test_the_pre_commit_hook_checks_the_staged_records_of_a_folder_of_the_repository(venv, tmp_path):
    """Records in records/training of a team's repository: the pre-commit configuration init writes
    at the top gives preuve's hook the folder, and the hook (run from the top, as git runs it)
    checks that folder's staged records: a commit with a bad one there is refused, a good one goes
    through. A hook given a folder without records says so."""
    mono = tmp_path / "mono"
    write_files(mono, {"app/main.py": "print('our product')\n"})
    run("git", "init", "-q", "-b", "main", cwd=mono)
    run(venv / "bin" / "preuve", "init", "records/training", "--mode", "in-house", "--locale", "en", cwd=mono)
    [hook] = yaml.safe_load((mono / ".pre-commit-config.yaml").read_text())["repos"][0]["hooks"]
    [definition] = yaml.safe_load((SOURCE / ".pre-commit-hooks.yaml").read_text())
    command = " ".join([f"{venv}/bin/{definition['entry']}", *map(shlex.quote, hook["args"])])  # as pre-commit runs it
    (mono / ".git/hooks/pre-commit").write_text(f"#!/bin/sh\nexec {command}\n")
    (mono / ".git/hooks/pre-commit").chmod(0o755)
    run("git", "add", "-A", cwd=mono)
    first = _commit(mono)
    assert first.returncode == 0 and "ok: 1 session(s)" in first.stderr, first.stderr
    root = mono / "records/training"
    [session] = (root / "content/sessions").glob("*/session.md")
    good = session.read_text()
    front = good[:good.index("\n---\n") + 5]
    session.write_text(front)  # no programme: a warning, which fails the strict check
    staged = session.relative_to(mono).as_posix()
    assert re.search(hook["files"], staged)  # pre-commit runs the hook on this commit
    run("git", "add", staged, cwd=mono)
    refused = _commit(mono)
    assert refused.returncode == 1
    assert refused.stderr.splitlines()[-3:] == [
        f"{session.relative_to(root).as_posix()}:{front.count(chr(10)) + 1}: warning: programme: Programme — "
        "The programme (body of session.md) is empty.",
        "0 error(s), 1 warning(s)",
        "error: the records to commit in records/training do not pass preuve check --strict, as CI runs it: fix "
        "them and stage the fix"]
    session.write_text(good + "Bring a laptop.\n")
    run("git", "add", staged, cwd=mono)
    passed = _commit(mono)
    assert passed.returncode == 0, passed.stderr
    assert "ok: 1 session(s)" in passed.stderr
    elsewhere = subprocess.run([venv / "bin" / "preuve", "ci", "pre-commit", "records"], cwd=mono,
                               capture_output=True, text=True)
    assert elsewhere.returncode == 1
    assert elsewhere.stderr == ("error: no preuve.yml staged in records: the hook's argument names the records folder "
                                "(the one holding preuve.yml), relative to the top of the repository\n")
