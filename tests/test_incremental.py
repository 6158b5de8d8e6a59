"""Incremental builds: after any kind of change, reusing documents gives the bytes of a clean build."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import preuve.render.fingerprint as fingerprint
from preuve.cli import main
from sample import FUNDED, REMOTE, commit_all, with_history_only


def build(root: Path) -> str:
    result = CliRunner().invoke(main, ["build", "--project", str(root), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    return result.output


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def counts(output: str) -> tuple[int, int]:
    line = next(line for line in output.splitlines() if line.startswith("built "))
    rendered = int(line.split(": ", 1)[1].split(" document")[0])
    reused = int(line.split(" rendered, ")[1].split(" reused")[0])
    return rendered, reused


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


CHANGES = {
    "attendance record": lambda root: edit(root / FUNDED / "attendance.yml", "score: 12, result: partially-acquired",
                                           "score: 15, result: acquired"),
    "template override": lambda root: (root / "layouts").mkdir(exist_ok=True) or (root / "layouts" / "i18n").mkdir(exist_ok=True)
    or (root / "layouts" / "i18n" / "fr.yml").write_text("nature:\n  action-de-formation: Action de formation professionnelle\n"),
    "evidence file": lambda root: (root / REMOTE / "evidence").mkdir(exist_ok=True)
    or (root / REMOTE / "evidence" / "connexions.csv").write_text("person;minutes\nzoe-ndiaye;180\n"),
    "preuve.yml": lambda root: edit(root / "preuve.yml", "locale: fr", "locale: en"),
    "programme body": lambda root: edit(root / REMOTE / "session.md", "Programme à distance.", "Programme revu."),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_incremental_build_equals_clean_build(make_project, tmp_path, change):
    root = make_project(commit=True)
    build(root)
    first = (root / "output" / "latest").resolve().name
    CHANGES[change](root)
    commit_all(root, change, date="2026-11-03T08:00:00+00:00")
    incremental = build(root)
    version = json.loads((root / "output" / "latest" / "manifest.json").read_text())["version"]

    clean = tmp_path / "clean"
    subprocess.run(["git", "clone", "-q", str(root), str(clean)], check=True)
    with_history_only(clean, root / "output" / first)
    build(clean)
    assert tree(root / "output" / version) == tree(clean / "output" / version)
    assert (root / "output" / f"{version}.zip").read_bytes() == (clean / "output" / f"{version}.zip").read_bytes()

    rendered, reused = counts(incremental)
    total = rendered + reused
    # The literacy dossiers (the provider-wide one and the client's) show the as-of date, the
    # commit's, so a new commit re-renders them.
    if change == "attendance record":
        # Zoé's certificate and the two dossiers (the provider's and her employer's); her certificat
        # de réalisation and the attendance sheet show no results, so they are reused.
        assert rendered == 3 and reused == total - 3
    elif change == "programme body":
        assert rendered == 3  # that programme and the two dossiers
    elif change == "evidence file":
        assert rendered == 3  # the two dossiers, and the attendance sheet: it names the file not listed
    else:  # wording and language change every document
        assert reused == 0


def test_a_changed_layout_fingerprint_means_re_render(make_project):
    root = make_project(commit=True)
    build(root)
    (root / "layouts").mkdir(exist_ok=True)
    (root / "layouts" / "print.css").write_text(
        (Path(__file__).resolve().parent.parent / "src/preuve/layouts/print.css").read_text() + "\n/* tweak */\n")
    commit_all(root, "css", date="2026-11-03T08:00:00+00:00")
    rendered, reused = counts(build(root))
    assert reused == 0 and rendered > 0


def test_changed_preuve_code_means_re_render(make_project, monkeypatch):
    root = make_project(commit=True)
    build(root)
    CHANGES["programme body"](root)  # re-renders one programme, reuses the rest...
    commit_all(root, "body", date="2026-11-03T08:00:00+00:00")
    monkeypatch.setattr(fingerprint, "_code", lambda: "another build of preuve 0.1.0")
    rendered, reused = counts(build(root))
    assert reused == 0 and rendered > 0  # ...unless preuve's code changed


def test_render_keys_moved_between_documents_never_give_one_trainee_anothers_certificate(make_project):
    """``output/`` is only a hint: a manifest whose render keys were swapped between two
    certificates (edited by hand, restored from a damaged cache) must not make the next version
    issue Zoé's certificate as Dmitri's."""
    root = make_project(commit=True)
    build(root)
    first = (root / "output" / "latest").resolve()
    session = FUNDED.rsplit("/", 1)[1]
    zoe, dmitri = (f"sessions/{session}/certificates/{person}.pdf" for person in ("zoe-ndiaye", "dmitri"))
    manifest = json.loads((first / "manifest.json").read_text())
    items = {item["path"]: item for item in manifest["outputs"]}
    items[zoe]["render_key"], items[dmitri]["render_key"] = items[dmitri]["render_key"], items[zoe]["render_key"]
    (first / "manifest.json").write_text(json.dumps(manifest))
    CHANGES["programme body"](root)
    commit_all(root, "body", date="2026-11-03T08:00:00+00:00")
    rendered, _ = counts(build(root))
    second = (root / "output" / "latest").resolve()
    assert second != first
    assert (second / zoe).read_bytes() == (first / zoe).read_bytes()
    assert (second / dmitri).read_bytes() == (first / dmitri).read_bytes()
    assert rendered == 5  # those two, rendered again; that programme and the two dossiers
