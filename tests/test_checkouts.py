"""The records repository as git and CI really check it out: scans kept in Git LFS and checked
out as pointers, a sparse checkout, file names that are not UTF-8, clones in other folders and
with ``core.autocrlf``. A committed version is the commit's records, the same archive wherever
it is built; a checkout that is not the commit's records builds a draft or nothing.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from click.testing import CliRunner
from PIL import Image

from preuve.cli import main
from preuve.scaffold import init_repository
from sample import FUNDED, REMOTE, git, sample_files

POINTER = b"version https://git-lfs.github.com/spec/v1\noid sha256:" + b"4d7a" * 16 + b"\nsize 48213\n"
LFS_SAID = ("is a Git LFS pointer, not the file it stands for: the checkout did not fetch LFS files (run git lfs "
            "pull; in GitHub Actions, actions/checkout with lfs: true, as preuve's workflow does)")


def cli(root: Path, *args: str):
    return CliRunner().invoke(main, [*args, "--project", str(root)])


def evidence(root: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The workflow's evidence step, as CI runs it."""
    return subprocess.run([sys.executable, "-m", "preuve", "ci", "evidence", "dist"], cwd=root, capture_output=True,
                          text=True, env={**os.environ, "PREUVE_STRICT": "false", **(env or {})})


def test_scans_and_the_signature_image_checked_out_as_lfs_pointers_are_refused(make_project):
    provider = sample_files()["data/provider.yml"] + "signature_image: signature.png\n"
    root = make_project({f"{FUNDED}/evidence/emargement-signe.pdf": POINTER, "data/signature.png": POINTER,
                         "data/provider.yml": provider}, commit=True)
    result = cli(root, "build")
    assert result.exit_code == 1
    assert f"{FUNDED}/evidence/emargement-signe.pdf: {LFS_SAID}\n" in result.output
    assert f"data/provider.yml:12: signature_image: 'signature.png' {LFS_SAID}\n" in result.output
    assert "does not exist" not in result.output  # the scan is there: what it holds is wrong
    assert not (root / "output").exists()


def test_the_reusable_workflow_checks_out_lfs_files():
    import yaml

    workflow = yaml.safe_load((Path(__file__).resolve().parent.parent / ".github/workflows/records.yml").read_text())
    checkouts = [step for job in workflow["jobs"].values() for step in job["steps"]
                 if step.get("uses", "").startswith("actions/checkout@")]
    assert len(checkouts) == 4 and all(step["with"] == {"persist-credentials": False, "fetch-depth": 0, "lfs": True} for step in checkouts)


def test_a_sparse_checkout_builds_a_draft_not_the_commits_version(make_project):
    """A session left out of the checkout was silently missing from a version named after the commit."""
    root = make_project(commit=True)
    git(root, "sparse-checkout", "set", "--no-cone", "/*", f"!/{FUNDED}/")
    assert not (root / FUNDED).exists() and git(root, "status", "--porcelain") == ""
    result = cli(root, "build")
    assert result.exit_code == 0, result.output
    assert (f"draft: git does not compare {FUNDED}/attendance.yml, {FUNDED}/evidence/emargement-signe.pdf, "
            f"{FUNDED}/evidence/satisfaction.csv and 1 more with the commit (a sparse checkout, or files marked "
            "skip-worktree or assume-unchanged): check out every record file to build a version (git "
            "sparse-checkout disable; git update-index --no-skip-worktree --no-assume-unchanged FILE)") in result.output
    assert (root / "output" / f"{_version(root)}-draft").is_dir()
    assert not (root / "output" / _version(root)).exists()
    assert evidence(root).returncode == 1  # and CI publishes no draft


def test_an_edit_git_is_told_to_ignore_builds_a_draft(make_project):
    root = make_project(commit=True)
    git(root, "update-index", "--assume-unchanged", "data/people.yml")
    people = root / "data/people.yml"
    people.write_text(people.read_text().replace("first_name: Zoé", "first_name: Zoë"))
    assert git(root, "status", "--porcelain") == ""
    result = cli(root, "build")
    assert "draft: git does not compare data/people.yml with the commit" in result.output
    assert (root / "output" / f"{_version(root)}-draft").is_dir()
    assert not (root / "output" / _version(root)).exists()


def test_a_record_file_git_ignores_builds_a_draft(make_project):
    """A scan kept out of git went into a version named after a commit that does not hold it: a clean
    clone (CI) built another archive under the same name, or failed on the missing scan."""
    root = make_project(commit=True)
    scan = root / FUNDED / "evidence" / "emargement-signe.pdf"
    git(root, "rm", "-q", "--cached", scan.relative_to(root).as_posix())
    (root / ".gitignore").write_text("output/\n*.pdf\n.DS_Store\n")
    (root / FUNDED / "evidence" / ".DS_Store").write_bytes(b"\0\1")  # never read: no draft for it alone
    git(root, "add", ".gitignore")
    git(root, "commit", "-q", "-m", "scans out of git")
    assert git(root, "status", "--porcelain") == ""
    result = cli(root, "build")
    assert result.exit_code == 0, result.output
    assert (f"draft: git ignores {FUNDED}/evidence/emargement-signe.pdf, which preuve reads: a version holds only "
            "what its commit holds (commit them with git add -f, or move them out of the records; git check-ignore "
            "-v FILE says which rule ignores them)") in result.output
    assert not (root / "output" / _version(root)).exists()
    git(root, "add", "-f", scan.relative_to(root).as_posix())
    git(root, "commit", "-q", "-m", "the scan is a record")
    result = cli(root, "build")
    assert "draft" not in result.output and (root / "output" / _version(root)).is_dir()


def _version(root: Path) -> str:
    stamp = datetime.fromtimestamp(int(git(root, "log", "-1", "--format=%ct")), tz=timezone.utc)
    return f"{stamp:%Y%m%d-%H%M%S}-{git(root, 'rev-parse', 'HEAD')[:10]}"


def test_a_file_name_that_is_not_utf8_is_named_not_a_traceback(make_project):
    """A scan named on a Latin-1 system ('émargement' with é as one byte): check and build crashed."""
    root = make_project(commit=True)
    name = os.fsdecode(b"\xe9margement.pdf")
    (root / FUNDED / "evidence" / name).write_bytes(b"%PDF-1.4\n")
    (root / "content/sessions" / os.fsdecode(b"f\xe9vrier")).mkdir()
    said = ("its name is not UTF-8 (as an older Windows system or archive writes accented letters): rename it; "
            "names are copied into the archive, its manifest and its pages")
    for command in ("check", "build", "build"):
        result = cli(root, command)
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
        assert f"{FUNDED}/evidence/\\xe9margement.pdf: {said}\n" in result.output
        assert f"content/sessions/f\\xe9vrier: {said}\n" in result.output
        git(root, "add", "-A")  # committed, as a zip extracted on a Linux machine would be
        git(root, "commit", "-q", "--allow-empty", "-m", "latin-1 names")


def test_the_same_commit_gives_the_same_archive_in_any_folder_and_with_autocrlf(tmp_path):
    """WeasyPrint named the signature image after its absolute path: CI's PDFs differed from a
    clone elsewhere. And core.autocrlf rewrote every record (and a text-like scan) in CRLF."""
    records = tmp_path / "records"
    init_repository(records, "provider", "fr")
    (records / "data/signature.png").write_bytes(_png())
    provider = records / "data/provider.yml"
    provider.write_text(provider.read_text().replace("# signature_image: signature.png", "signature_image: signature.png"))
    git(records, "init", "-q", "-b", "main")
    git(records, "add", "-A")
    git(records, "commit", "-q", "-m", "records")
    archives = []
    for name, options in (("ci", []), ("windows/clone", ["-c", "core.autocrlf=true"])):
        clone = tmp_path / name
        subprocess.run(["git", *options, "clone", "-q", str(records), str(clone)], check=True)
        if options:
            assert b"\r\n" not in (clone / "data/people.yml").read_bytes()  # .gitattributes from init
        done = evidence(clone)
        assert done.returncode == 0, done.stdout + done.stderr
        [archive] = (clone / "dist").glob("*.zip")
        archives.append(archive.read_bytes())
    assert archives[0] == archives[1]


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 24), (20, 20, 20)).save(out, format="PNG")
    return out.getvalue()


def test_init_writes_gitattributes_that_keep_records_byte_for_byte(tmp_path):
    init_repository(tmp_path, "in-house", "en")
    attributes = (tmp_path / ".gitattributes").read_text().splitlines()
    assert [line for line in attributes if not line.startswith("#")] == [
        "preuve.yml -text", "data/** -text", "content/** -text", "layouts/** -text"]


def test_an_output_folder_committed_to_git_is_warned_about(make_project):
    """A build reuses what output/ holds; committed, a pull request could change a version's PDFs
    and manifests there (their hashes together), and later builds would reuse them."""
    root = make_project({}, commit=True)
    assert cli(root, "build").exit_code == 0
    (root / "output" / ".gitignore").write_text("*\n")  # a common way to keep the folder: not a mistake
    git(root, "add", "-f", "output/.gitignore")
    git(root, "commit", "-qm", "keep output/")
    assert "output: warning" not in cli(root, "check").output
    git(root, "add", "-f", "output")
    git(root, "commit", "-qm", "output committed by mistake")
    done = cli(root, "check")
    count = len([path for path in git(root, "ls-files", "output").split() if not path.startswith("output/.")])
    assert done.exit_code == 0 and count > 10
    assert (f"output: warning: {count} file(s) here are committed to git: a build reuses what output/ holds, and a "
            "commit (a pull request) could change a version's documents and manifests there; remove them from git "
            "(git rm -r --cached output) and add output/ to .gitignore") in done.output


def test_records_checked_out_with_crlf_build_a_draft_not_the_commits_version(make_project, tmp_path):
    """A repository without the .gitattributes init writes, cloned with core.autocrlf: git status
    called the records unchanged, and the version named after the commit held CRLF sources and
    evidence, another archive than CI's for the same name."""
    records = make_project(commit=True)
    clone = tmp_path / "windows"
    subprocess.run(["git", "clone", "-q", "-c", "core.autocrlf=true", str(records), str(clone)], check=True)
    assert b"\r\n" in (clone / "data/people.yml").read_bytes() and git(clone, "status", "--porcelain") == ""
    result = cli(clone, "build")
    assert result.exit_code == 0, result.output
    assert (f"draft: git checked out {FUNDED}/attendance.yml, {FUNDED}/session.md, {REMOTE}/session.md "
            "and 9 more with CRLF line endings, not as "
            "committed (core.autocrlf): add the .gitattributes that preuve init writes (docs/upgrading.md), then "
            "clone the records again to build a version\n") in result.output
    assert (clone / "output" / f"{_version(clone)}-draft").is_dir()
    assert not (clone / "output" / _version(clone)).exists()
    done = evidence(clone)
    assert done.returncode == 1 and "with CRLF line endings, not as committed" in done.stderr


def test_a_repository_another_user_owns_is_named_not_called_no_repository(make_project):
    """A CI container running as root on the runner's checkout: git refuses a repository another
    user owns (safe.directory), and the build said the records were not in a git repository."""
    root = make_project(commit=True)
    top = git(root, "rev-parse", "--show-toplevel")
    owned = {"GIT_TEST_ASSUME_DIFFERENT_OWNER": "1"}  # git's own switch: as if another user owned it
    said = (f"git refuses to read the repository at {top}: another user owns it (git's safe.directory check); "
            f"if you trust it: git config --global --add safe.directory {top}")
    result = CliRunner(env=owned).invoke(main, ["build", "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert f"draft: {said}\n" in result.output and "not in a git repository" not in result.output
    done = evidence(root, owned)
    assert done.returncode == 1 and f"error: the build is a draft ({said}); CI publishes" in done.stderr
