"""Versioned, atomic, reproducible outputs (build stage end to end, through the CLI)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import preuve.render.engine as engine
from preuve import terminal
from preuve.cli import main
from sample import FUNDED, commit_all, watching

PREUVE = [sys.executable, "-m", "preuve.cli"]


def build(root: Path, *args: str):
    return CliRunner().invoke(main, ["build", "--project", str(root), *args])


def tree(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` (links followed) with its SHA-256."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".lock"}


def versions(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "output").iterdir()
                  if p.is_dir() and not p.is_symlink() and not p.name.startswith("."))


def test_version_is_named_after_the_commit_and_latest_points_to_it(make_project):
    root = make_project(commit=True)
    commit = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    result = build(root)
    assert result.exit_code == 0, result.output
    [version] = versions(root)
    assert version == f"20261102-100000-{commit[:10]}"
    assert os.readlink(root / "output" / "latest") == version
    manifest = json.loads((root / "output" / version / "manifest.json").read_text())
    assert manifest["commit"] == commit.strip()
    assert manifest["draft"] is False
    assert {s["path"] for s in manifest["sources"]} >= {"preuve.yml", "data/people.yml", f"{FUNDED}/session.md"}
    assert (root / "output" / f"{version}.zip").is_file()


def test_sha256sums_verifies_with_sha256sum(make_project):
    root = make_project(commit=True)
    assert build(root).exit_code == 0
    done = subprocess.run(["sha256sum", "--strict", "-c", "SHA256SUMS"], cwd=root / "output" / "latest",
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    listed = {line.split("  ", 1)[1] for line in (root / "output/latest/SHA256SUMS").read_text().splitlines()}
    assert set(tree(root / "output" / "latest")) - listed == {"SHA256SUMS"}


def test_two_builds_of_one_commit_are_byte_identical(make_project, tmp_path):
    root = make_project(commit=True)
    assert build(root, "--jobs", "2").exit_code == 0
    first = tree(root / "output")
    shutil.move(root / "output", tmp_path / "first-output")
    # Another process, time zone, hash seed and locale, and no parallelism: the same bytes.
    env = {**os.environ, "TZ": "Pacific/Auckland", "PYTHONHASHSEED": "12345", "LC_ALL": "C"}
    done = subprocess.run([*PREUVE, "build", "--project", str(root), "--jobs", "1"], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert tree(root / "output") == first


def test_rebuilding_a_built_commit_renders_nothing_and_changes_nothing(make_project):
    root = make_project(commit=True)
    assert build(root).exit_code == 0
    before = tree(root / "output")
    result = build(root)
    assert result.exit_code == 0
    assert "already built from this commit: nothing to do" in result.output
    assert tree(root / "output") == before


def test_a_version_folder_without_its_manifest_is_named_and_kept(make_project):
    root = make_project(commit=True)
    assert build(root).exit_code == 0
    version = (root / "output" / "latest").resolve().name
    (root / "output" / version / "manifest.json").unlink()
    before = tree(root / "output")
    result = build(root)
    assert result.exit_code == 1, result.output
    assert result.output.endswith(f"Error: output/{version}: exists but holds no manifest.json (a version partly "
                                  "deleted, or copied there by hand); a version is never overwritten: move it away "
                                  "to build this commit again\n"), result.output
    assert "rendered" not in result.output and tree(root / "output") == before


def test_a_second_commit_adds_a_version_and_leaves_the_first_intact(make_project):
    root = make_project(commit=True)
    assert build(root).exit_code == 0
    [first] = versions(root)
    before = tree(root / "output" / first)
    attendance = root / FUNDED / "attendance.yml"
    attendance.write_text(attendance.read_text().replace("[present, absent, present, excused]",
                                                         "[present, present, present, excused]"))
    commit_all(root, "zoé came back", date="2026-11-03T09:00:00+00:00")
    result = build(root, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["rendered"] > 0 and report["reused"] > 0  # her documents again, the others copied
    second = [v for v in versions(root) if v != first]
    assert len(second) == 1 and second[0] > first and report["version"] == second[0]
    assert tree(root / "output" / first) == before
    unchanged = f"sessions/{FUNDED.rsplit('/', 1)[1]}/certificates/dmitri.pdf"
    assert (root / "output" / second[0] / unchanged).read_bytes() == (root / "output" / first / unchanged).read_bytes()
    assert os.readlink(root / "output" / "latest") == second[0]


def test_uncommitted_records_build_a_draft_that_never_replaces_a_committed_version(make_project):
    from pypdf import PdfReader

    root = make_project(commit=True)
    assert build(root).exit_code == 0
    [committed] = versions(root)
    before = tree(root / "output" / committed)
    attendance = root / FUNDED / "attendance.yml"
    attendance.write_text(attendance.read_text().replace("score: 16", "score: 17"))  # Jean-Noël's
    result = build(root, "--json")
    assert result.exit_code == 0, result.output
    assert "built draft" in result.output
    draft = f"{committed}-draft"
    assert versions(root) == [committed, draft]
    manifest = json.loads((root / "output" / draft / "manifest.json").read_text())
    assert manifest["draft"] is True
    # The documents that differ from the commit's say so, on every page; the pages say it too.
    session = root / "output" / draft / "sessions" / FUNDED.rsplit("/", 1)[1]
    changed = session / "certificates" / "jean-noel-daubigne.pdf"
    assert all("BROUILLON" in page.extract_text() for page in PdfReader(changed).pages)
    assert "BROUILLON" in (root / "output" / draft / "index.html").read_text()
    marked = sorted(item["path"] for item in manifest["outputs"] if item.get("draft"))
    assert f"sessions/{session.name}/certificates/jean-noel-daubigne.pdf" in marked
    # Documents the edit does not change are the commit's own, byte for byte, unmarked.
    unchanged = session / "certificates" / "zoe-ndiaye.pdf"
    assert unchanged.read_bytes() == (root / "output" / committed / unchanged.relative_to(root / "output" / draft)
                                      ).read_bytes()
    assert "BROUILLON" not in PdfReader(unchanged).pages[0].extract_text()
    report = json.loads(result.stdout)
    assert report["marked"] == len(marked) and report["draft_of"] == committed
    assert 0 < len(marked) <= report["rendered"] < report["rendered"] + report["reused"]
    assert (f"{len(marked)} document(s) differ from output/{committed} and are marked as drafts; "
            f"the other {report['reused'] + report['rendered'] - len(marked)} are its own, unmarked") in result.output
    assert os.readlink(root / "output" / "latest") == committed
    assert os.readlink(root / "output" / "draft") == draft
    assert tree(root / "output" / committed) == before


def test_an_edit_made_through_a_linked_record_folder_makes_a_draft(make_project):
    """``content -> store/content``, inside the repository: git does not look through the link, so
    an edit under store/ was built as the committed version, with text never committed."""
    root = make_project()
    (root / "store").mkdir()
    shutil.move(root / "content", root / "store" / "content")
    (root / "content").symlink_to("store/content")
    commit_all(root)
    session = root / "store" / FUNDED / "session.md"
    session.write_text(session.read_text().replace("IA générative : fondamentaux", "Titre jamais commité"))
    result = build(root)
    assert result.exit_code == 0, result.output
    assert f"draft: uncommitted changes in store/{FUNDED}/session.md" in result.output
    assert [v for v in versions(root) if not v.endswith("-draft")] == []


def test_a_draft_of_a_commit_never_built_marks_every_document(make_project):
    from pypdf import PdfReader

    root = make_project(commit=True)
    (root / "data" / "trainers.yml").write_text((root / "data" / "trainers.yml").read_text() + "\n# edit\n")
    result = build(root)
    assert result.exit_code == 0, result.output
    assert ("all 16 document(s) are marked as drafts: no built version of the commit to compare them with (once "
            "the commit's own version is built, a draft marks only what differs)") in result.output
    draft = (root / "output" / "draft").resolve()
    for pdf in draft.rglob("*.pdf"):
        if "evidence" not in pdf.parts:
            assert "BROUILLON" in PdfReader(pdf).pages[0].extract_text(), pdf


def test_invalid_records_build_nothing_and_keep_earlier_versions(make_project):
    root = make_project(commit=True)
    assert build(root).exit_code == 0
    before = tree(root / "output")
    people = root / "data" / "people.yml"
    people.write_text(people.read_text().replace("role: analyst", "role: astronaut", 1))
    commit_all(root, "typo", date="2026-11-04T09:00:00+00:00")
    result = build(root)
    assert result.exit_code == 1
    assert "data/people.yml:15: role: unknown role 'astronaut' (not in data/roles.yml)" in result.output
    assert "Traceback" not in result.output
    assert tree(root / "output") == before


def test_archive_is_deterministic_and_holds_the_version(make_project):
    root = make_project(commit=True)
    assert build(root).exit_code == 0
    [version] = versions(root)
    archive = root / "output" / f"{version}.zip"
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
        assert names == sorted(names)
        assert f"{version}/manifest.json" in names
        assert {info.date_time for info in z.infolist()} == {(2026, 11, 2, 10, 0, 0)}
        inside = {n.split("/", 1)[1]: hashlib.sha256(z.read(n)).hexdigest() for n in names}
    assert inside == tree(root / "output" / version)


def test_a_killed_build_leaves_no_partial_version(make_project):
    root = make_project(commit=True)
    assert build(root).exit_code == 0
    before = tree(root / "output")
    # A new commit with many documents, so the kill lands while PDFs are being rendered.
    attendance = root / FUNDED / "attendance.yml"
    attendance.write_text(attendance.read_text().replace("score: 16", "score: 17"))
    (root / "layouts").mkdir(exist_ok=True)
    commit_all(root, "second", date="2026-11-05T09:00:00+00:00")
    process = subprocess.Popen([*PREUVE, "build", "--project", str(root), "--jobs", "1"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not any(p.name.startswith(".staging-") for p in (root / "output").iterdir()):
        assert process.poll() is None, "the build ended before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    after = {k: v for k, v in tree(root / "output").items() if not k.startswith(".staging-")}
    assert after == before
    assert len(versions(root)) == 1
    # The next build removes the leftover staging folder and completes.
    assert build(root).exit_code == 0
    assert len(versions(root)) == 2
    assert not [p for p in (root / "output").iterdir() if p.name.startswith(".staging-")]


def test_two_builds_started_at_once_do_not_corrupt_each_other(make_project):
    root = make_project(commit=True)
    processes = [subprocess.Popen([*PREUVE, "build", "--project", str(root), "--jobs", "1"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    codes = [p.wait(timeout=120) for p in processes]
    assert codes == [0, 0]
    assert len(versions(root)) == 1
    done = subprocess.run(["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=root / "output" / "latest")
    assert done.returncode == 0


def test_watch_rebuilds_after_a_change_and_survives_a_bad_edit(make_project):
    root = make_project(commit=True)
    results: list[str] = []
    end, wait_for = watching(root, results, lambda: "ok" if build(root).exit_code == 0 else "failed")
    wait_for(1)
    people = root / "data" / "people.yml"
    good = people.read_text()
    people.write_text(good.replace("role: analyst", "role: astronaut", 1))
    wait_for(2)
    (root / "output" / "ignored.txt").write_text("changes under output/ never trigger a build")
    people.write_text(good + "\n# reviewed\n")
    wait_for(3)
    end()
    assert results[:3] == ["ok", "failed", "ok"]
    assert os.readlink(root / "output" / "draft").endswith("-draft")


def test_a_missing_harfbuzz_subsetter_is_warned_once_per_process(make_project, monkeypatch):
    monkeypatch.setattr(engine, "harfbuzz_subsetting", lambda: False)
    terminal.warn_without_harfbuzz.cache_clear()
    root = make_project(commit=True)
    first = build(root)
    attendance = root / FUNDED / "attendance.yml"
    attendance.write_text(attendance.read_text().replace("score: 16", "score: 17"))  # a draft: it renders
    again = build(root)
    terminal.warn_without_harfbuzz.cache_clear()  # later tests judge the real library again
    assert first.exit_code == 0 and again.exit_code == 0
    assert "warning: HarfBuzz font subsetting (Debian: libharfbuzz-subset0) is not installed" in first.output
    assert "built draft" in again.output and "HarfBuzz" not in again.output


FONTTOOLS_BUILD = """
import sys
import weasyprint.pdf.fonts
weasyprint.pdf.fonts.harfbuzz_subset = None  # WeasyPrint's fontTools fallback, in every worker
from preuve.cli import main
sys.exit(main(["build", "--project", sys.argv[1], "--jobs", "2"]))
"""


def test_two_builds_with_the_fonttools_fallback_are_byte_identical(make_project, tmp_path):
    """fontTools stamps each font subset with SOURCE_DATE_EPOCH or the clock: the commit's time must
    reach the workers, which are forked before the build knows its version."""
    root = make_project(commit=True)
    outputs = []
    for run, zone in enumerate(("UTC", "Pacific/Auckland")):
        done = subprocess.run([sys.executable, "-c", FONTTOOLS_BUILD, str(root)], capture_output=True, text=True,
                              env={**os.environ, "TZ": zone})
        assert done.returncode == 0, done.stderr
        assert "HarfBuzz font subsetting" in done.stderr  # the fallback was in use
        shutil.move(root / "output", tmp_path / f"output-{run}")
        outputs.append(tree(tmp_path / f"output-{run}"))
        time.sleep(1.1)  # fontTools' clock has a one-second resolution
    assert outputs[0] == outputs[1]


def test_status_does_not_start_the_pdf_engine(make_project):
    root = make_project(commit=True)
    script = ("import sys\nfrom preuve.cli import main\n"
              "try:\n    main(['status', '--project', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
              "print(sorted(m for m in sys.modules if m.split('.')[0] in ('weasyprint', 'pydyf', 'pyhanko')))")
    done = subprocess.run([sys.executable, "-c", script, str(root)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "AI literacy:" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "[]"


LIBRARIES = """
import ctypes.util, gc, sys
original = ctypes.util.find_library
if sys.argv[1] == "quick":
    from preuve.render.engine import load_engine
    load_engine()
else:
    import weasyprint
from weasyprint.text import ffi
assert ctypes.util.find_library is original
print(ffi.harfbuzz_subset is not None)
print(sorted({line.split()[-1] for line in open("/proc/self/maps") if ".so" in line}))
print("frozen" if gc.get_freeze_count() else "not frozen")
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldconfig's cache and /proc are Linux's")
def test_the_engine_loaded_the_quick_way_has_the_very_same_libraries():
    """``load_engine`` looks WeasyPrint's libraries up in ldconfig's cache only, for speed: the
    same files must load as with WeasyPrint's own look-up, and the look-up is restored after.
    What the process holds then is frozen, out of the collector's way."""
    quick, plain = [subprocess.run([sys.executable, "-c", LIBRARIES, how], capture_output=True, text=True,
                                   check=True).stdout.splitlines() for how in ("quick", "plain")]
    assert quick[:2] == plain[:2] == ["True", quick[1]]
    assert "libpango-1.0.so" in quick[1] and "libfontconfig.so" in quick[1]
    assert (quick[2], plain[2]) == ("frozen", "not frozen")


NO_OP = """
import sys
import preuve.render.workers as workers

def refuse(self):
    raise AssertionError("workers started")

workers.WorkerPool.__enter__ = refuse
from preuve.cli import main
try:
    main(["build", "--project", sys.argv[1]])
except SystemExit as exc:
    print("exit", exc.code)
print(sorted(m for m in sys.modules if m.split(".")[0] in ("weasyprint", "pydyf", "fontTools")))
"""


def test_a_commit_already_built_is_recognised_without_the_pdf_engine(make_project):
    root = make_project(commit=True)
    assert build(root).exit_code == 0
    done = subprocess.run([sys.executable, "-c", NO_OP, str(root)], capture_output=True, text=True)
    assert "is already built from this commit: nothing to do" in done.stderr, done.stderr
    assert done.stdout.splitlines() == ["exit 0", "[]"]


def test_a_full_disk_while_a_page_is_written_is_said_as_such_not_as_a_layout_fault(make_project, monkeypatch):
    from preuve.outputs.writer import Staging

    def full(self, rel, chunks):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Staging, "write_chunks", full)
    result = build(make_project(commit=True))
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "Error: cannot write the output: [Errno 28] No space left on device"


def test_a_commit_already_built_is_not_built_again_when_a_record_file_is_added(make_project):
    """The quick look at the files on disk sees a file the version was not built from (evidence
    that git ignores): the records are read, and the build is a draft that says why, instead of
    saying there is nothing to do; the commit's version stays as it was."""
    root = make_project(commit=True)
    assert build(root).exit_code == 0
    version = next(p for p in (root / "output").iterdir() if p.is_dir() and not p.is_symlink())
    before = (version / "manifest.json").read_bytes()
    (root / FUNDED / "evidence" / "late-scan.pdf").write_bytes(b"%PDF-1.4\n% a scan added later\n")
    (root / ".git" / "info" / "exclude").write_text("*.pdf\n")  # ignored by git: the commit does not hold it
    result = build(root)
    assert result.exit_code == 0, result.output
    assert f"draft: git ignores {FUNDED}/evidence/late-scan.pdf, which preuve reads" in result.output
    assert (version / "manifest.json").read_bytes() == before
