"""preuve as a team adopts it: a wheel installed into a fresh virtualenv outside the source tree,
``preuve init`` for each mode, a commit, then ``check --strict`` and ``build`` — as on a team's
first afternoon, with nothing from preuve's repository but the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from sample import GIT_ENV

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
                   "preuve/scaffold/files/fr/session.md", "preuve/ci/evidence.sh", "preuve/__main__.py"):
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
    done = run("make", "check", f"PREUVE_SPEC={wheel}", f"PYTHON={sys._base_executable}", cwd=root)
    assert "system packages: all" in done.stdout
    assert (root / ".venv" / ".preuve-0.2.0").is_file()
    assert "ok: 1 session(s)" in done.stderr
    again = run("make", "check", cwd=root)  # installed: nothing to do but the check
    assert "pip install" not in again.stdout
