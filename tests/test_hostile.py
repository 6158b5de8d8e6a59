"""Records from anyone, on any machine (docs/security.md): each hostile or unusual input gives a
message with its file and line, never a traceback, a read outside the repository or a document
made from bad input. Signals and processes are in test_signals.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import sample
from preuve.cli import main
from test_check import diagnostic_lines, edit, run_check

FUNDED, REMOTE = sample.FUNDED, sample.REMOTE
SECRET = "TOP-SECRET-FROM-OUTSIDE-THE-REPOSITORY"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the repository holding a secret, in every shape a record could take."""
    folder = tmp_path / "outside"
    files = {name: sample.sample_files()[key] for name, key in [
        ("preuve.yml", "preuve.yml"), ("people.yml", "data/people.yml"),
        ("session.md", f"{FUNDED}/session.md"), ("attendance.yml", f"{FUNDED}/attendance.yml")]}
    sample.write_files(folder, {**files, "secret.txt": SECRET + "\n", "data/secret.txt": SECRET,
                                "session/session.md": files["session.md"], "session/evidence/secret.txt": SECRET})
    return folder


def link(root: Path, rel: str, target: Path) -> None:
    path = root / rel
    if path.is_dir() and not path.is_symlink():
        subprocess.run(["rm", "-rf", str(path)], check=True)
    elif path.exists() or path.is_symlink():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


def build(root: Path, *args: str):
    result = CliRunner().invoke(main, ["build", "--project", str(root), *args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def refused(rel: str, target: Path) -> str:
    return (f"{rel}: is a symbolic link to '{target}', outside the repository: preuve reads and writes "
            "only inside it (docs/security.md)")


# --- symbolic links out of the repository, wherever a file is read -------------------------------


READ_PLACES = [
    ("preuve.yml", "preuve.yml"), ("data/people.yml", "people.yml"), ("data/provider.yml", "secret.txt"),
    ("data/roles.yml", "secret.txt"), ("data/trainers.yml", "secret.txt"), ("data/topics.yml", "secret.txt"),
    ("data/ai-systems.yml", "secret.txt"), ("data", "data"), ("content/sessions", "."),
    (FUNDED, "session"), (f"{FUNDED}/session.md", "session.md"), (f"{FUNDED}/attendance.yml", "attendance.yml"),
    (f"{REMOTE}/attendance.csv", "secret.txt"), (f"{FUNDED}/evidence", "session/evidence"),
    (f"{FUNDED}/evidence/emargement-signe.pdf", "secret.txt"), (f"{FUNDED}/evidence/more", "session/evidence"),
    ("layouts", "data"), ("layouts/certificate.html.j2", "secret.txt"), ("layouts/print.css", "secret.txt"),
    ("layouts/i18n/fr.yml", "secret.txt"), ("data/logo.png", "secret.txt"),
]


@pytest.mark.parametrize(("rel", "target"), READ_PLACES, ids=[rel for rel, _ in READ_PLACES])
def test_a_link_out_of_the_repository_is_refused_and_named(make_project, outside, rel, target):
    changes = edit("data/provider.yml", ("legal_name:", "logo: logo.png\nlegal_name:")) if "logo" in rel else {}
    root = make_project(changes, commit=True)
    link(root, rel, outside / target)
    result = run_check(root)
    assert result.exit_code == 1, result.output
    errors, _ = diagnostic_lines(result.output)
    assert refused(rel, outside / target) in errors
    assert SECRET not in result.output
    assert build(root).exit_code == 1 and not (root / "output").exists()


def test_links_that_stay_inside_the_repository_are_followed(make_project):
    root = make_project({"shared/people.yml": sample.PEOPLE_YML, "shared/scans/sheet.pdf": b"%PDF-1.4\n"})
    link(root, "data/people.yml", Path("../shared/people.yml"))
    link(root, f"{FUNDED}/evidence/scans", root / "shared" / "scans")
    sample.commit_all(root)
    assert run_check(root).exit_code == 0
    version = sample.built(root)
    assert (version / "sessions" / "2026-03-ia-fondamentaux" / "evidence" / "scans" / "sheet.pdf").is_file()


def test_a_link_to_its_own_parent_folder_is_refused(make_project):
    root = make_project()
    link(root, f"{FUNDED}/evidence/loop", Path(".."))
    errors, _ = diagnostic_lines(run_check(root).output)
    assert f"{FUNDED}/evidence/loop: is a symbolic link to one of its own parent folders" in errors


def test_a_fifo_or_a_huge_file_is_refused_without_reading_it(make_project):
    root = make_project({"data/people.yml": None})
    os.mkfifo(root / "data" / "people.yml")
    done = subprocess.run([sys.executable, "-c", "from preuve.cli import main; main()", "check", "--project",
                           str(root)], capture_output=True, text=True, timeout=60)
    assert "data/people.yml: is not a regular file: expected a text file" in done.stderr
    (root / "data" / "people.yml").unlink()
    (root / "data" / "people.yml").write_text("# " + "x" * 10_500_000 + "\n")
    errors, _ = diagnostic_lines(run_check(root).output)
    assert ("data/people.yml: is 10.5 MB: preuve reads files of this kind up to 10 MB (docs/security.md)"
            in errors)


def test_deeply_nested_evidence_folders_are_refused(make_project):
    root = make_project()
    deep = root / FUNDED / "evidence" / Path(*["d"] * 40)
    deep.mkdir(parents=True)
    (deep / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    errors, _ = diagnostic_lines(run_check(root).output)
    assert errors == [f"{FUNDED}/evidence/{'/'.join(['d'] * 32)}: is nested more than 32 folders deep"]


def test_a_hostile_email_address_is_judged_at_once(make_project):
    """``a@b.b.b…@`` made the address pattern backtrack for hours (quadratic in its length)."""
    root = make_project(edit("data/provider.yml", ("email: contact@formaia.example", "email: a@" + "b." * 500_000 + "@")))
    done = subprocess.run([sys.executable, "-c", "from preuve.cli import main; main()", "check", "--project",
                           str(root)], capture_output=True, text=True, timeout=60)
    assert "data/provider.yml:5: email: 'a@b.b.b." in done.stderr and "is not an email address" in done.stderr


# --- symbolic links where preuve writes: output/ -----------------------------------------------


def test_output_that_leads_out_of_the_repository_is_refused(make_project, outside):
    root = make_project(commit=True)
    link(root, "output", outside / "data")
    result = build(root)
    assert result.exit_code == 1
    assert refused("output", outside / "data") in result.output
    assert sorted(p.name for p in (outside / "data").iterdir()) == ["secret.txt"]


@pytest.mark.parametrize(("kind", "said"), [("file", "a file"), ("broken-link", "a symbolic link to nothing")])
def test_an_output_that_is_not_a_folder_is_named_and_kept(make_project, kind, said):
    root = make_project(commit=True)
    if kind == "file":
        (root / "output").write_text("notes\n")
    else:
        link(root, "output", Path("gone"))
    result = build(root)
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"Error: output: is {said}, not a folder: preuve writes each version "
                                           "in the folder output/ (rename or remove it)"]
    assert (root / "output").read_text() == "notes\n" if kind == "file" else (root / "output").is_symlink()


@pytest.mark.parametrize("kind", ["folder", "file"])
def test_a_latest_that_is_not_a_link_is_named_and_kept(make_project, kind):
    """output/latest copied as a folder (or a checkout without symbolic links) is the user's: the
    build says so instead of a traceback, and leaves no temporary link behind."""
    root = make_project(commit=True)
    assert build(root).exit_code == 0
    latest = root / "output" / "latest"
    latest.unlink()
    latest.mkdir() if kind == "folder" else latest.write_text("x")
    for _ in range(2):  # a build that writes the version, then one that finds it built
        result = build(root)
        assert result.exit_code == 1, result.output
        assert result.output.endswith(f"Error: output/latest: is a {kind}, not the link to the newest version "
                                      "that preuve keeps there: move it away (preuve never deletes it)\n"), result.output
    assert latest.exists() and not latest.is_symlink()
    assert [p.name for p in (root / "output").iterdir() if p.name.endswith(".link")] == []


def test_a_lock_file_link_is_never_followed(make_project, outside):
    root = make_project(commit=True)
    link(root, "output/.lock", outside / "created-by-the-build")
    result = build(root)
    assert result.exit_code == 1
    assert "output/.lock: is a symbolic link: remove it (preuve never writes through a link" in result.output
    assert not (outside / "created-by-the-build").exists()


def test_a_link_named_like_the_next_version_is_not_read_as_a_version(make_project, outside):
    from preuve.provenance import git_state, origin

    root = make_project(commit=True)
    version = origin(git_state(root), "").version
    (outside / "data" / "manifest.json").write_text('{"build_key": "x"}')
    link(root, f"output/{version}", outside / "data")
    result = build(root)
    assert result.exit_code == 1
    assert f"output/{version}: is a symbolic link: remove it" in result.output
    assert not (root / "output" / f"{version}.zip").exists()


def test_leftover_links_are_removed_and_an_archive_never_carries_a_linked_file(make_project, outside):
    """A leftover staging folder that is a link is removed, never emptied; a version restored from
    a cache without its zip is archived again, but not through a link."""
    root = make_project(commit=True)
    link(root, "output/.staging-20260101-000000-0000000000-1", outside / "data")
    version = sample.built(root)
    assert not (root / "output" / ".staging-20260101-000000-0000000000-1").is_symlink()
    assert (outside / "data" / "secret.txt").read_text() == SECRET
    (root / "output" / f"{version.name}.zip").unlink()
    link(root, f"output/{version.name}/literacy.json", outside / "secret.txt")
    result = build(root)
    assert result.exit_code == 1 and "is not a regular file (a link?)" in result.output
    archive = root / "output" / f"{version.name}.zip"
    assert not archive.exists() or SECRET.encode() not in b"".join(
        zipfile.ZipFile(archive).read(n) for n in zipfile.ZipFile(archive).namelist())


FOLDER_PLACES = [  # a record file that is a folder: (its path, the one error)
    *[(rel, f"{rel}: is not a regular file: expected a text file") for rel in (
        "data/provider.yml", "data/people.yml", f"{FUNDED}/session.md", f"{FUNDED}/attendance.yml",
        "layouts/i18n/fr.yml")],
    ("data/logo.png", "data/provider.yml:1: logo: 'logo.png' is not a file inside data/ (give the path relative to data/)"),
]


@pytest.mark.parametrize(("rel", "message"), FOLDER_PLACES, ids=[rel for rel, _ in FOLDER_PLACES])
def test_a_folder_where_a_file_is_expected_is_an_error_not_a_crash(make_project, rel, message):
    changes = edit("data/provider.yml", ("legal_name:", "logo: logo.png\nlegal_name:")) if "logo" in rel else {}
    root = make_project({**changes, rel: None, f"{rel}/inside.txt": "x"}, commit=True)
    result = run_check(root)
    assert result.exit_code == 1, result.output
    assert diagnostic_lines(result.output)[0] == [message]
    result = build(root)
    assert result.exit_code == 1 and "nothing was built" in result.output, result.output
    assert not (root / "output").exists()


# --- YAML bombs in every kind of YAML file ------------------------------------------------------


DEEP_FLOW = "[" * 5000 + "]" * 5000
DEEP_BLOCK = "".join(" " * i + "k:\n" for i in range(3000)) + " " * 3000 + "v: 1\n"
ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
CYCLE = "loop: &loop [1, *loop]\n"
# A 10,000-character text repeated by 101 aliases: 300 KB of YAML that is a gigabyte once each
# copy is validated or printed (scalars count for their characters, not as one value each).
TEXT_ALIASES = 'text: &t "' + "A" * 10_000 + '"\nmore: [' + ", ".join(["*t"] * 101) + "]\n"
# The same text inside a list repeated by aliases: 9 ** 4 values, but 65 million characters.
LIST_OF_TEXT = 'text: &t "' + "A" * 10_000 + '"\na: &a [' + ", ".join(["*t"] * 9) + "]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(3))
YAML_FILES = {  # file → the text before the bomb
    "preuve.yml": sample.PREUVE_YML, "data/people.yml": "", "data/roles.yml": sample.ROLES_YML,
    f"{FUNDED}/session.md": "---\n" + sample.FUNDED_SESSION_MD.split("---\n")[1],
    f"{FUNDED}/attendance.yml": sample.FUNDED_ATTENDANCE_YML, "layouts/i18n/fr.yml": "",
}
BOMBS = {  # name → (the bomb, the message, its line counted from the bomb's first line)
    "deep-flow": ("bomb: " + DEEP_FLOW + "\n", "nested more than 100 levels deep", 0),
    "deep-block": ("bomb:\n" + "".join(" " + line + "\n" for line in DEEP_BLOCK.splitlines()),
                   "nested more than 100 levels deep", 99),  # the line where level 101 starts
    "alias-bomb": (ALIAS_BOMB, "aliases (*name) repeat more than 100,000 values in this file: "
                   "write the values out, or use fewer aliases", 5),  # 9**6 > 100,000 on the 6th line
    "cycle": (CYCLE, "an alias (*name) is used inside its own anchor (&name)", 0),
    "text-aliases": (TEXT_ALIASES, "aliases (*name) repeat more than 1,000,000 characters in this file: "
                     "write the values out, or use fewer aliases", 0),  # at the text's own line
    "list-of-text": (LIST_OF_TEXT, "aliases (*name) repeat more than 1,000,000 characters in this file: "
                     "write the values out, or use fewer aliases", 3),  # the list that repeats 'a' 9 times
}


@pytest.mark.parametrize("bomb", BOMBS)
@pytest.mark.parametrize("rel", YAML_FILES)
def test_yaml_bombs_are_messages_with_their_line(make_project, rel, bomb):
    before = YAML_FILES[rel]
    text, message, offset = BOMBS[bomb]
    if rel == "data/people.yml":  # a list of people: one level more
        text = "- " + text.replace("\n", "\n  ").rstrip() + "\n"
        offset -= offset == 99
    after = "---\nBody.\n" if rel.endswith(".md") else ""
    root = make_project({rel: before + text + after})
    errors, _ = diagnostic_lines(run_check(root).output)
    assert errors == [f"{rel}:{before.count(chr(10)) + 1 + offset}: invalid YAML: {message}"]


# --- numbers, dates, identifiers, characters -----------------------------------------------------


ATT_LINE = 16  # the line of dmitri's score in the funded attendance.yml
BAD_VALUES = [
    (f"{FUNDED}/attendance.yml", ("score: 18", "score: .nan"), f"{ATT_LINE}: participants[4].assessment.score: "
     "expected a number, got '.nan'"),
    (f"{FUNDED}/attendance.yml", ("score: 18", "score: nan"), f"{ATT_LINE}: participants[4].assessment.score: "
     "must be a finite number, got 'nan'"),
    (f"{FUNDED}/attendance.yml", ("score: 18", "score: 1e999"), f"{ATT_LINE}: participants[4].assessment.score: "
     "must be a finite number, got '1e999'"),
    (f"{FUNDED}/attendance.yml", ("score: 18", "score: true"), f"{ATT_LINE}: participants[4].assessment.score: "
     "expected a number, got true/false"),
    (f"{FUNDED}/session.md", ("max_score: 20", "max_score: 1e400"), "22: assessment.max_score: "
     "must be a finite number, got '1e400'"),
    (f"{FUNDED}/session.md", ("pass_mark: 14", "pass_mark: nan"), "21: assessment.pass_mark: "
     "must be a finite number, got 'nan'"),
    (f"{FUNDED}/session.md", ("pass_mark: 14", "pass_mark: -1"), "21: assessment.pass_mark: "
     "must be at least 0, got -1"),
    ("data/people.yml", ("joined_on: 2020-01-06", "joined_on: 0202-01-06"), "9: joined_on: "
     "'0202-01-06' is before 1900: check the year"),
    ("data/provider.yml", ('siret: "90123456700005"', 'siret: "9012345670000²"'), "2: siret: "
     "'9012345670000²' is not a SIRET: expected 14 digits (SIREN + 5-digit NIC)"),
    ("data/provider.yml", ('nda: "84691234569"', 'nda: "8469123456٩"'), "7: nda: "
     "'8469123456٩' is not an activity registration number (NDA): expected 11 digits"),
]


@pytest.mark.parametrize(("rel", "change", "message"), BAD_VALUES, ids=[m.split(": ", 1)[1] for _, _, m in BAD_VALUES])
def test_bad_values_are_refused_with_their_line(make_project, rel, change, message):
    root = make_project(edit(rel, change))
    errors, _ = diagnostic_lines(run_check(root).output)
    assert errors == [f"{rel}:{message}"]


def test_a_score_in_a_csv_must_be_finite(make_project):
    root = make_project({f"{REMOTE}/attendance.csv": "person;slot1;score;result\ndmitri;present;inf;acquired\n"})
    errors, _ = diagnostic_lines(run_check(root).output)
    assert errors == [f"{REMOTE}/attendance.csv:2: participants[1].assessment.score: must be a finite number, got 'inf'"]


def test_a_slot_column_with_a_superscript_digit_is_not_a_slot(make_project):
    root = make_project({f"{REMOTE}/attendance.csv": "person;slot1;slot²\ndmitri;present;present\n"})
    result = run_check(root)
    assert result.exit_code == 0
    assert f"{REMOTE}/attendance.csv:1: warning: slot²: unknown column, ignored" in result.output


NUL_CASES = [
    ("data/people.csv", "id;first_name;last_name;role\njean;Jean;Dupont\x00;manager\n", 2),
    ("data/people.yml", sample.PEOPLE_YML.replace("Zoé", "Zo\x00é"), 11),
    (f"{FUNDED}/session.md", sample.FUNDED_SESSION_MD + "Fin\x00\n", 30),
    (f"{REMOTE}/attendance.csv", "person;slot1\ndmitri;pres\x00ent\n", 2),
]


@pytest.mark.parametrize(("rel", "text", "line"), NUL_CASES, ids=[rel for rel, _, _ in NUL_CASES])
def test_a_nul_byte_is_an_error_on_its_line(make_project, rel, text, line):
    root = make_project({rel: text, **({"data/people.yml": None} if rel.endswith(".csv") and "people" in rel else {})},
                        commit=True)
    errors, _ = diagnostic_lines(run_check(root).output)
    assert errors == [f"{rel}:{line}: holds the control character U+0000 (NUL), which no record may hold: "
                      "the file is damaged or not text"]
    assert build(root).exit_code == 1 and not (root / "output").exists()


def test_a_huge_value_is_shortened_in_messages(make_project):
    """A 5 MB value in each of four files (each under the 10 MB a record file may weigh)."""
    huge = "X" * 5_000_000
    root = make_project({
        **edit("preuve.yml", ("locale: fr", f"locale: {huge}")),
        **edit("data/provider.yml", ('siret: "90123456700005"', f"siret: {huge}")),
        **edit("data/people.yml", ("role: manager", f"role: {huge}")),
        **edit(f"{FUNDED}/attendance.yml", ("person: dmitri", f"person: {huge}"))})
    result = run_check(root)
    errors, _ = diagnostic_lines(result.output)
    assert [e.split(": ")[1] for e in errors] == ["participants[4].person", "role", "siret", "locale"]
    assert max(len(line) for line in result.output.splitlines()) < 500


def test_year_9999_works_and_left_on_9999_12_31_means_no_end(make_project):
    """One build for three things: dates in 9999, a commit dated after 2107 (the last year a zip
    entry can hold; a commit date is the committer's to choose), a wording that is the word 'no'.
    The commit is dated the last day of 9999: presence is recorded once the slots have happened."""
    late = sample.FUNDED_SESSION_MD.replace("2026-03-12", "9999-12-30").replace("2026-03-13", "9999-12-31")
    root = make_project({f"{FUNDED}/session.md": late, "data/people.yml": sample.PEOPLE_YML.replace(
        "joined_on: 2020-01-06", "joined_on: 2020-01-06\n  left_on: 9999-12-31"),
        "layouts/i18n/fr.yml": "certificate:\n  title: no\n"})
    sample.commit_all(root, date="@253402214400 +0000")  # 9999-12-31
    assert run_check(root).exit_code == 0
    status = CliRunner().invoke(main, ["status", "--json", "--as-of", "9999-12-31", "--project", str(root)])
    assert status.exit_code == 0, status.output
    retention = json.loads(status.stdout)["retention"]
    assert {"kind": "session", "id": "2026-03-ia-fondamentaux", "keep_until": "9999-12-31"}.items() <= retention[-1].items()
    assert "jean-noel-daubigne" not in [r["id"] for r in retention]  # no end date: nothing to purge
    version = sample.built(root)
    assert version.name.startswith("99991231-")
    assert zipfile.ZipFile(root / "output" / f"{version.name}.zip").testzip() is None
    folder = version / "sessions" / "2026-03-ia-fondamentaux"
    assert "31 décembre 9999" in sample.text(folder / "programme.pdf")
    text = sample.text(folder / "certificates" / "dmitri.pdf")
    assert "NO Article L6353-1" in text and "FALSE" not in text  # the title is set in capitals


# --- layouts and wording ------------------------------------------------------------------------


def test_wording_fields_evaluate_nothing(make_project):
    root = make_project({"layouts/i18n/fr.yml": "certificate:\n  intro: \"{name.__class__} {name[0]}\"\n"})
    errors, _ = diagnostic_lines(run_check(root).output)
    assert errors == ["layouts/i18n/fr.yml:2: certificate.intro: '{name.__class__} {name[0]}': a field is a "
                      "simple name in braces, like {name} (write {{ or }} for a brace)"]


def test_wording_overrides_use_only_the_fields_they_are_given(make_project):
    root = make_project({"layouts/i18n/fr.yml": "certificate:\n  hours_of: \"{nom} prévues\"\n  tilte: x\n"})
    errors, warnings = diagnostic_lines(run_check(root).output)
    assert errors == ["layouts/i18n/fr.yml:2: certificate.hours_of: {nom} is not a field of this wording "
                      "(fields: {planned})"]
    assert "layouts/i18n/fr.yml:3: warning: certificate.tilte: no built-in wording has this key" in warnings[-1]


@pytest.mark.parametrize(("layout", "line"), [("certificate.html.j2", 16), ("index.html.j2", 7)])
def test_a_layout_error_names_the_layout_line(make_project, layout, line):
    builtin = (Path(sample.__file__).parent.parent / "src" / "preuve" / "layouts" / layout).read_text()
    lines = builtin.splitlines(keepends=True)
    lines.insert(line - 1, "{{ provider.__class__.__mro__ }}\n")
    root = make_project({f"layouts/{layout}": "".join(lines)}, commit=True)
    result = build(root)
    assert result.exit_code == 1
    assert f"Error: layouts/{layout}:{line}: SecurityError: access to attribute '__class__'" in result.output


# --- names ---------------------------------------------------------------------------------------


def test_names_of_any_length_and_script_stay_on_the_page(make_project):
    """A 500-letter name wraps; Chinese, Devanagari and an emoji sequence take Noto fonts; a
    character no installed font has (U+0378, unassigned) is warned about, naming the person."""
    from pypdf import PdfReader

    people = (sample.PEOPLE_YML.replace("last_name: Ζαχαρίου", "last_name: " + "Ж" * 500)
              .replace("first_name: Дмитрий", "first_name: 王小明 अनीता 👩\u200d💻")
              .replace("first_name: Zoé", "first_name: Zo\u0378é"))
    root = make_project({"data/people.yml": people}, commit=True)
    errors, warnings = diagnostic_lines(run_check(root).output)
    assert [w for w in warnings if "font" in w] == [
        "data/people.yml:11: warning: first_name: zoe-ndiaye: 'Zo\u0378é' has characters that no installed font "
        "can show (U+0378): they would print as empty boxes; install a font that has them (see the README's fonts)"]
    folder = sample.built(root) / "sessions" / "2026-03-ia-fondamentaux"
    for pdf in (folder / "certificates" / "dmitri.pdf", folder / "attendance.pdf"):
        layout = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                                check=True).stdout.decode(errors="replace")
        width = float(layout.split('<page width="')[1].split('"')[0])
        for page in layout.split("<page ")[1:]:  # the name, and the running head of a next page
            words = [w for w in page.split("<word ")[1:] if "ЖЖЖ" in w]
            assert sum(w.count("Ж") for w in words) in (0, 500, 1000), pdf.name
            assert all(float(w.split('xMax="')[1].split('"')[0]) <= width for w in words), pdf.name
        assert layout.count("Ж") >= 500, pdf.name
    pdf = PdfReader(folder / "certificates" / "dmitri.pdf")
    fonts = {str(f.get_object()["/BaseFont"]).split("+")[-1] for page in pdf.pages
             for f in page["/Resources"]["/Font"].values()}
    assert {"Noto-Sans-CJK-SC-Bold", "Noto-Sans-Devanagari-Bold", "Noto-Color-Emoji-Bold"} <= fonts, fonts


# --- the pure pieces behind the rules above -------------------------------------------------------


def test_wording_fill_substitutes_names_and_nothing_else():
    from preuve.loading.wording import fields, fill

    assert fill("{{x}} {name} et {name}", {"name": "Zoé"}) == "{x} Zoé et Zoé"
    for text in ("{name.__class__}", "{name[0]}", "{0}", "{name!r}", "{name:>9}", "{", "a } b"):
        with pytest.raises(ValueError):
            fields(text)


def test_glyph_coverage_ignores_joiners_and_variation_selectors():
    from preuve.fonts import Charset
    from preuve.validate.glyphs import missing_glyphs

    charset = Charset.parse("20-7e\nc0-17f 1f469 1f4bb\n")
    assert Charset.parse("41-43 42-50 60").ranges == ((0x41, 0x50), (0x60, 0x60))
    assert missing_glyphs("Zoé 👩\u200d💻\ufe0f", charset) == []
    assert missing_glyphs("Zoé 王王 अ", charset) == ["王", "अ"]


def test_dates_saturate_at_9999_12_31_and_values_are_shortened_in_the_middle():
    from datetime import date

    from preuve.diagnostics import shorten
    from preuve.report.dates import add_months, add_years

    assert add_months(date(9999, 11, 30), 1) == date(9999, 12, 30)
    assert add_months(date(9999, 12, 31), 3) == add_years(date(9999, 1, 1), 6) == date.max
    cut = shorten("a" * 40 + "b" * 5_000_000 + "c" * 40)
    assert cut.startswith("a" * 30) and cut.endswith("c" * 30) and "…[5000020 characters]…" in cut and len(cut) < 100


def test_a_problem_is_told_once_without_being_compared_with_every_earlier_one(monkeypatch):
    """10,000 unlisted evidence files are 10,000 warnings: finding a repeat in the list took
    50 million comparisons, 16 s of a 1 s check. Counted, not timed."""
    from preuve.diagnostics import Diagnostic, Diagnostics

    compared = []
    equal = Diagnostic.__eq__
    monkeypatch.setattr(Diagnostic, "__eq__", lambda a, b: compared.append(1) or equal(a, b))
    found = Diagnostics()
    for n in [*range(2000), 7, 1999]:
        found.warning("a.yml", 1, "evidence", f"'evidence/{n}.txt' is not listed")
    assert [d.message for d in found] == [f"'evidence/{n}.txt' is not listed" for n in range(2000)]
    assert len(compared) < 100
