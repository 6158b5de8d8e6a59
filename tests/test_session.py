"""The warm session of ``serve`` and ``watch``: its workers outlive builds, and must not outlive
what a build asks of them (the layouts, the commit's time)."""

from __future__ import annotations

import shutil
import subprocess

from pypdf import PdfReader

from preuve.build import build
from preuve.session import Session
from sample import FUNDED, commit_all, watching

CERTIFICATE = f"sessions/{FUNDED.rsplit('/', 1)[1]}/certificates/jean-noel-daubigne.pdf"


def text(pdf) -> str:
    return " ".join(page.extract_text() for page in PdfReader(pdf).pages).lower()


def test_a_wording_edited_between_two_builds_shows_in_the_next_one(make_project):
    root = make_project(commit=True)
    with Session(root, 2) as session:
        first = session.build()
        assert first.ok, first.error_text()
        assert "attestation de fin de formation" in text(first.folder / CERTIFICATE)
        (root / "layouts" / "i18n").mkdir(parents=True)
        (root / "layouts" / "i18n" / "fr.yml").write_text("certificate:\n  title: Attestation de stage revue\n")
        second = session.build()
        assert second.ok, second.error_text()
        assert "attestation de stage revue" in text(second.folder / CERTIFICATE)


def test_a_bad_edit_is_an_outcome_not_an_exception_and_the_session_goes_on(make_project):
    root = make_project(commit=True)
    people = root / "data" / "people.yml"
    good = people.read_text()
    with Session(root, 1) as session:
        people.write_text(good.replace("role: analyst", "role: astronaut", 1))
        failed = session.build()
        assert not failed.ok and failed.folder is None
        assert failed.error_text().splitlines() == [
            "data/people.yml:15: role: unknown role 'astronaut' (not in data/roles.yml)",
            "the records have errors: nothing was built"]
        people.write_text(good)
        assert session.build().ok


def test_each_build_of_a_session_gives_its_workers_its_own_commit_time(make_project, tmp_path, monkeypatch):
    """WeasyPrint's fontTools fallback writes SOURCE_DATE_EPOCH into every font subset: a worker
    that kept the first commit's time would make the second commit's documents differ from a
    build of that commit alone."""
    import weasyprint.pdf.fonts

    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)  # inherited by the workers
    root = make_project(commit=True)
    attendance = root / FUNDED / "attendance.yml"
    with Session(root, 2) as session:
        assert session.build().ok
        attendance.write_text(attendance.read_text().replace("score: 16", "score: 17"))
        commit_all(root, "Jean-Noël's score", date="2026-12-01T08:00:00+00:00")
        second = session.build()
        assert second.ok and second.report is not None and second.report.rendered < 16
    alone = tmp_path / "alone"
    subprocess.run(["git", "clone", "-q", str(root), str(alone)], check=True)
    shutil.rmtree(alone / "output", ignore_errors=True)
    report = build(alone, workers=2)
    assert report.version == second.report.version
    assert (report.folder / CERTIFICATE).read_bytes() == (second.folder / CERTIFICATE).read_bytes()


def test_watch_rebuilds_when_the_records_are_committed(make_project):
    """The draft becomes a version: a commit changes no record file, yet it is a change to build."""
    root = make_project(commit=True)
    versions: list[str] = []
    end, wait_for = watching(root, versions, lambda: build(root, workers=1).version)
    try:
        wait_for(1)
        attendance = root / FUNDED / "attendance.yml"
        attendance.write_text(attendance.read_text().replace("score: 16", "score: 17"))
        wait_for(2)
        commit_all(root, "Jean-Noël's score", date="2026-12-01T08:00:00+00:00")
        wait_for(3)
    finally:
        end()
    assert versions[1] == versions[0] + "-draft"
    assert not versions[2].endswith("-draft") and versions[2] > versions[0]


def test_watch_waits_less_once_a_saved_file_is_finished(tmp_path):
    """A file closed after writing, or moved into place, is a save that is over: the build starts
    after a short quiet time; a file still being written keeps the longer one. The folder's own
    "modified" event, which follows the file's, changes neither."""
    from watchdog.events import DirModifiedEvent, FileClosedEvent, FileModifiedEvent, FileMovedEvent

    from preuve.watch import DEBOUNCE_SECONDS, SETTLED_SECONDS, _Changes

    folder = tmp_path / "content" / "sessions" / "s1"
    folder.mkdir(parents=True)
    changes = _Changes(tmp_path, ())
    seen = []
    for event in [FileModifiedEvent(str(folder / "attendance.yml")), FileClosedEvent(str(folder / "attendance.yml")),
                  DirModifiedEvent(str(folder)), FileModifiedEvent(str(folder / "attendance.yml")),
                  FileMovedEvent(str(folder / ".attendance.yml.swp"), str(folder / "attendance.yml"))]:
        changes.on_any_event(event)
        seen.append(changes.quiet)
    assert seen == [DEBOUNCE_SECONDS, SETTLED_SECONDS, SETTLED_SECONDS, DEBOUNCE_SECONDS, SETTLED_SECONDS]
    assert SETTLED_SECONDS < DEBOUNCE_SECONDS
    changes.changed.clear()
    changes.on_any_event(FileClosedEvent(str(tmp_path / "output" / "x.pdf")))  # not a record: no change at all
    assert not changes.changed.is_set()


def test_watch_sees_a_layouts_folder_deleted_then_made_anew(make_project):
    """`rm -r layouts` (or a checkout of a branch without overrides), then an override again:
    the watch of the former folder sees nothing of the new one."""
    root = make_project({"layouts/i18n/fr.yml": "certificate:\n  title: Un\n"}, commit=True)
    wording = root / "layouts" / "i18n" / "fr.yml"
    seen: list[str] = []
    end, wait_for = watching(root, seen, lambda: wording.read_text() if wording.exists() else "")
    try:
        wait_for(1)
        shutil.rmtree(root / "layouts")
        wait_for(2)
        wording.parent.mkdir(parents=True)
        wait_for(3)
        wording.write_text("certificate:\n  title: Deux\n")
        wait_for(4)
    finally:
        end()
    assert "Deux" in seen[-1]


def test_watch_sees_edits_in_a_record_folder_that_is_a_link_inside_the_repository(make_project):
    root = make_project()
    (root / "store").mkdir()
    (root / "content").rename(root / "store" / "content")
    (root / "content").symlink_to("store/content")
    commit_all(root)
    session = root / FUNDED / "session.md"
    seen: list[str] = []
    end, wait_for = watching(root, seen, session.read_text)
    try:
        wait_for(1)
        session.write_text(session.read_text().replace("fondamentaux", "fondamentaux revus"))
        wait_for(2)
    finally:
        end()
    assert "fondamentaux revus" in seen[-1]
