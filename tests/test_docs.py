"""The documentation: a MkDocs site that builds with --strict, reference pages equal to what the
code gives, and code that points at the project's own docs, never at notes outside it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from preuve.reference import pages

SOURCE = Path(__file__).resolve().parent.parent


def test_the_documentation_site_builds_with_strict(tmp_path):
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(SOURCE / "mkdocs.yml"),
                           "-d", str(tmp_path / "site")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "site/reference/records/index.html").is_file()
    assert (tmp_path / "site/getting-started/provider/index.html").is_file()


def test_the_reference_pages_are_the_ones_the_code_gives():
    for name, text in pages().items():
        assert (SOURCE / "docs/reference" / name).read_text(encoding="utf-8") == text, \
            f"docs/reference/{name} is stale: run `make schemas`"


def test_the_records_reference_describes_every_file_and_the_cli_every_command():
    records = (SOURCE / "docs/reference/records.md").read_text()
    for heading in ("## `preuve.yml`", "## `data/people.yml`", "## `content/sessions/<id>/attendance.yml`"):
        assert heading in records
    assert "| `left_on` | date (YYYY-MM-DD) |  |  | Date left (YYYY-MM-DD, optional). |" in records
    cli = (SOURCE / "docs/reference/cli.md").read_text()
    for command in ("check", "build", "watch", "status", "doctor", "init", "new session", "schema", "ci"):
        assert f"## `preuve {command}`" in cli


def test_code_points_at_the_projects_docs_and_every_page_it_names_exists():
    named = set()
    for path in (SOURCE / "src/preuve").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"SPEC\.md|domain\.md|shared/", text), path
        named.update(re.findall(r"docs/[\w/-]+\.md", text))
    assert named and all((SOURCE / page).is_file() for page in named), named
