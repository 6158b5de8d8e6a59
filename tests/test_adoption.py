"""What a team meets on its first afternoon: init, new session, schemas, doctor, --version, the
repository found from a subfolder, drafts that say why, rebuilds after an engine upgrade."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

import preuve.build
import preuve.noop
from preuve import doctor
from preuve.cli import main
from preuve.loading.frontmatter import split_front_matter
from preuve.loading.yamlfile import parse_yaml
from preuve.scaffold import example_day, init_repository
from preuve.schemas import LOCALES, RECORD_FILES, descriptions, dumps, generate, shipped
from sample import FUNDED, PREUVE_YML, REMOTE, REMOTE_SESSION_MD, commit_all, git, write_files

DEMO = Path(__file__).resolve().parent.parent


def invoke(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args])


# --- preuve init ---------------------------------------------------------------------------------


def test_init_writes_a_repository_whose_records_check_strictly(tmp_path):
    result = invoke("init", tmp_path / "r", "--mode", "provider")
    assert result.exit_code == 0, result.output
    root = tmp_path / "r"
    for rel in (".gitignore", "Makefile", ".github/workflows/evidence.yml", ".pre-commit-config.yaml",
                "README.md", "preuve.yml", "data/provider.yml", "data/people.yml", "data/roles.yml",
                "data/ai-systems.yml", "data/trainers.yml", "data/topics.yml",
                ".preuve/schemas/session.schema.json"):
        assert (root / rel).is_file(), rel
    assert {"output/", "/dist/"} <= set((root / ".gitignore").read_text().splitlines())  # dist/: preuve ci evidence
    assert "PREUVE_VERSION := 0.2.0" in (root / "Makefile").read_text()
    workflow = (root / ".github/workflows/evidence.yml").read_text()
    assert "uses: preuve/preuve/.github/workflows/records.yml@v0.2.0" in workflow
    assert 'preuve-version: "0.2.0"' in workflow
    assert "rev: v0.2.0" in (root / ".pre-commit-config.yaml").read_text()
    strict = invoke("check", "--strict", "--project", root)
    assert strict.exit_code == 0, strict.output
    assert "nda:" in (root / "data/provider.yml").read_text()  # the provider's legal number is there


def test_the_first_build_after_init_is_dated_today_not_1970(tmp_path):
    """init says "git init && preuve check && preuve build": records with no commit and no
    session held yet date nothing, and the first dossier a team saw said "Fait à Paris, le
    1er janvier 1970". Such a draft is as of today."""
    from preuve.render.typography import format_day
    from sample import text

    root = tmp_path / "r"
    assert invoke("init", root, "--mode", "in-house").exit_code == 0
    git(root, "init", "-q")
    result = invoke("build", "--project", root)
    assert result.exit_code == 0, result.output
    dossier = text(next((root / "output").glob("nogit-*-draft")) / "literacy.pdf")
    assert "1970" not in dossier
    assert f"Fait à Paris, le {format_day(date.today(), 'long', 'fr')}" in dossier


def test_init_never_overwrites_a_file_and_says_which_it_kept(tmp_path):
    root = tmp_path / "r"
    write_files(root, {"README.md": "our own notes\n", ".gitignore": "secrets/\n"})
    result = invoke("init", root, "--mode", "in-house", "--locale", "en")
    assert result.exit_code == 0, result.output
    assert "kept     README.md (exists)" in result.output and "kept     .gitignore (exists)" in result.output
    assert (root / "README.md").read_text() == "our own notes\n"
    assert (root / ".gitignore").read_text() == "secrets/\n"
    again = invoke("init", root)  # the mode and language are preuve.yml's
    assert again.exit_code == 0 and "created" not in again.output  # a second init changes nothing
    # Another mode than the records' wrote that mode's files (its README, its Makefile) around them.
    for option in (("--mode", "provider"), ("--locale", "fr")):
        refused = invoke("init", root, *option)
        assert refused.exit_code == 2 and refused.output.splitlines()[-1] == (
            f"Error: {root / 'preuve.yml'} gives {option[0][2:]}: {'in-house' if option[0] == '--mode' else 'en'}, "
            f"not {option[1]}: init writes the files around those records for theirs; leave {option[0]} out")
    assert "mode: in-house" in (root / "preuve.yml").read_text()
    missing = invoke("init", tmp_path / "other")
    assert missing.exit_code == 2 and missing.output.splitlines()[-1] == (
        "Error: Missing option '--mode': in-house (a company training its own staff) or provider (a training provider)")


def test_init_says_what_to_run_next_where_it_is_and_a_gitignore_that_lets_output_in(tmp_path):
    """Outside git: cd, git init. In a team's repository whose own .gitignore was kept: no git
    init, the folder quoted for the shell, and a warning that output/ (and the .venv make
    creates) would be committed with the records."""
    fresh = invoke("init", tmp_path / "r", "--mode", "provider")
    assert fresh.output.rstrip().splitlines()[-1] == (
        f"Next: cd {tmp_path / 'r'} && git init && preuve check && preuve build (see README.md there)")
    team = tmp_path / "team records"
    write_files(team, {".gitignore": "secrets/\n"})
    git(team, "init", "-q")
    result = invoke("init", team, "--mode", "in-house")
    assert result.output.rstrip().splitlines()[-3:] == [
        f"Next: cd '{team}' && preuve check && preuve build (see README.md there)",  # pasted into a shell as is
        "warning: .gitignore does not ignore output/: add a line output/ to it (the built versions are made "
        "from the records, not records to commit)",
        "warning: .gitignore does not ignore .venv/: add a line .venv/ to it (make installs preuve there)"]
    write_files(team, {".gitignore": "secrets/\n/output/\n.venv\n"})
    again = invoke("init", team, "--mode", "in-house")
    assert "warning" not in again.output


TEAM_FILES = {  # a team's website repository, before it adopts preuve
    "Makefile": "all: site\n\nsite:\n\t@echo our website\n\nbuild:\n\t@echo our build\n",
    "README.md": "# Our website\n\nLes preuves de nos clients.\n",  # the French word is not preuve
    ".github/workflows/evidence.yml": "name: evidence\non: push\njobs: {}\n",
    ".pre-commit-config.yaml": "repos:\n  - repo: https://github.com/psf/black\n    rev: 24.1.0\n",
    ".gitignore": "output/\n.venv/\n",
}
ADD_INCLUDE = ["Add this line to your Makefile (meanwhile: make -f preuve.mk preuve-build):", "    include preuve.mk"]
ADD_LINK = ["Add this line to your README.md:",
            "    Registres de formation et leurs preuves : voir [PREUVE.md](PREUVE.md)."]


def _adoption_lines(include: list[str], link: list[str]) -> list[str]:
    return [
        "Your Makefile is kept; preuve's targets are in preuve.mk: make preuve-build, preuve-check, preuve-serve, "
        "preuve-watch, preuve-status, preuve-doctor.", *include,
        "Your README.md is kept; preuve's part for the team is PREUVE.md.", *link,
        "Your .github/workflows/evidence.yml is kept; CI builds the evidence with "
        ".github/workflows/preuve-evidence.yml (GitHub runs both: nothing to add).",
        "Your .pre-commit-config.yaml is kept; add this item under its repos: (preuve's hook, the strict check CI "
        "runs, on the staged records):",
        "    - {repo: https://github.com/preuve/preuve, rev: v0.2.0, hooks: [{id: preuve-check}]}"]


def test_init_in_a_teams_repository_writes_preuves_files_beside_its_own_and_says_the_line_to_add(tmp_path):
    """The team's Makefile, README and workflow stay as they are; preuve's go beside them under
    names that cannot collide, each saying the others' names, and init says what to add where."""
    team = tmp_path / "site"
    write_files(team, TEAM_FILES)
    git(team, "init", "-q")
    result = invoke("init", team, "--mode", "provider")
    assert result.exit_code == 0, result.output
    assert {rel: (team / rel).read_text() for rel in TEAM_FILES} == TEAM_FILES
    lines = result.output.splitlines()
    for line in ("kept     Makefile (exists)", "kept     README.md (exists)", "created  preuve.mk",
                 "kept     .github/workflows/evidence.yml (exists)", "created  .github/workflows/preuve-evidence.yml",
                 "kept     .pre-commit-config.yaml (exists)", "created  PREUVE.md", "created  preuve.yml"):
        assert line in lines, result.output
    assert lines[lines.index("") + 1:] == [*_adoption_lines(ADD_INCLUDE, ADD_LINK),
                                           f"Next: cd {team} && preuve check && preuve build (see PREUVE.md there)",
                                           "warning: .gitignore does not ignore .venv-preuve/: add a line .venv-preuve/ "
                                           "to it (make installs preuve there)"]
    makefile = (team / "preuve.mk").read_text()
    # preuve's own environment: the team's .venv may hold its project's pins, which preuve's would change
    assert "\nPREUVE_VENV    ?= .venv-preuve\n" in makefile and "the pinned preuve into .venv-preuve," in makefile
    assert "\npreuve-build: $(PREUVE_STAMP)\n\t$(PREUVE) build\n" in makefile
    assert "\nbuild:" not in makefile and "\nPYTHON" not in makefile  # nothing of the team's is redefined
    assert "here and in .github/workflows/preuve-evidence.yml.\n# The rev: of preuve's hook in" in makefile
    workflow = (team / ".github/workflows/preuve-evidence.yml").read_text()
    assert "\nname: preuve-evidence\n" in workflow and "PREUVE_VERSION in preuve.mk." in workflow
    guide = (team / "PREUVE.md").read_text()
    assert "`make preuve-check`" in guide and "`make check`" not in guide and "`include preuve.mk`" in guide
    assert "(`.github/workflows/preuve-evidence.yml`)" in guide
    assert invoke("check", "--strict", "--project", team).exit_code == 0


def test_init_again_once_the_team_added_the_lines_says_only_what_is_kept(tmp_path):
    team = tmp_path / "site"
    write_files(team, TEAM_FILES)
    invoke("init", team, "--mode", "provider")
    write_files(team, {"Makefile": "include preuve.mk\n" + TEAM_FILES["Makefile"],
                       "README.md": TEAM_FILES["README.md"] + "Voir [PREUVE.md](PREUVE.md).\n",
                       ".pre-commit-config.yaml": TEAM_FILES[".pre-commit-config.yaml"] + "  - {repo: "
                       "https://github.com/preuve/preuve, rev: v0.2.0, hooks: [{id: preuve-check}]}\n",
                       ".gitignore": TEAM_FILES[".gitignore"] + ".venv-preuve/\n"})
    again = invoke("init", team, "--mode", "provider")
    assert "created" not in again.output
    lines = again.output.splitlines()
    assert lines[lines.index("") + 1:-1] == _adoption_lines([], [])[:3]


def test_init_keeps_a_makefile_readme_and_workflow_that_run_preuve_already_and_writes_nothing_beside(tmp_path):
    team = tmp_path / "site"
    write_files(team, {"Makefile": "records:\n\tpreuve build\n", "README.md": "Run `preuve check`.\n",
                       ".github/workflows/evidence.yml": "jobs:\n  e:\n    uses: preuve/preuve/.github/workflows/"
                                                        "records.yml@v0.1.0\n"})
    result = invoke("init", team, "--mode", "in-house", "--locale", "en")
    assert result.exit_code == 0, result.output
    assert not [p for p in ("preuve.mk", "PREUVE.md", ".github/workflows/preuve-evidence.yml") if (team / p).exists()]
    assert "Your " not in result.output
    assert result.output.splitlines()[-1] == (
        f"Next: cd {team} && git init && preuve check && preuve build (see README.md there)")


MONOREPO = {  # a team's repository, its records to be kept in records/training
    "app/main.py": "print('our product')\n",
    ".github/workflows/ci.yml": "name: ci\non: push\njobs: {}\n",
    ".github/workflows/evidence.yml": "name: evidence\non: push\njobs: {}\n",
}
FOLDER_LINES = [
    "These records are in records/training, a folder of the git repository {top}: GitHub and pre-commit read "
    "their files only at its top.",
    "CI builds them with .github/workflows/preuve-records-training.yml there (directory: records/training; GitHub "
    "runs it beside your own workflows: nothing to add)."]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and ".git" not in p.relative_to(folder).parts}


def test_init_in_a_folder_of_a_git_repository_writes_the_workflow_and_hook_where_github_and_pre_commit_read(
        tmp_path, monkeypatch):
    """``records/training`` in a team's repository: a workflow and a pre-commit configuration
    written in that folder would never run. They go to the top, the workflow as a file of its own
    passing the folder; the team's files and anything outside the repository are left alone."""
    mono = tmp_path / "mono"
    write_files(mono, MONOREPO)
    git(mono, "init", "-q")
    monkeypatch.chdir(mono)
    result = invoke("init", "records/training", "--mode", "provider", "--locale", "en")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mono"]  # nothing outside the repository
    top = {rel: data for rel, data in _snapshot(mono).items() if not rel.startswith("records/")}
    assert top.keys() == {*MONOREPO, ".github/workflows/preuve-records-training.yml", ".pre-commit-config.yaml"}
    assert {rel: top[rel].decode() for rel in MONOREPO} == MONOREPO
    root = mono / "records/training"
    assert not (root / ".github").exists() and not (root / ".pre-commit-config.yaml").exists()
    lines = result.output.splitlines()
    assert "created  ../../.github/workflows/preuve-records-training.yml" in lines
    assert "created  ../../.pre-commit-config.yaml" in lines and "created  Makefile" in lines
    assert lines[lines.index("") + 1:] == [
        FOLDER_LINES[0].format(top=mono), FOLDER_LINES[1],
        "pre-commit runs preuve's hook on them from .pre-commit-config.yaml there (args: [records/training]); "
        "run pre-commit install once.",
        "Next: cd records/training && preuve check && preuve build (see README.md there)"]
    workflow = (mono / ".github/workflows/preuve-records-training.yml").read_text()
    assert "\n      directory: records/training\n" in workflow and "PREUVE_VERSION in records/training/Makefile" in workflow
    [pinned] = re.findall(r"change PREUVE_VERSION here and in (\S+)\.\n", (root / "Makefile").read_text())
    assert (root / pinned).resolve() == mono / ".github/workflows/preuve-records-training.yml"
    [hook] = yaml.safe_load((mono / ".pre-commit-config.yaml").read_text())["repos"][0]["hooks"]
    assert hook["args"] == ["records/training"]
    runs_on = re.compile(hook["files"])  # pre-commit runs the hook when a staged path matches
    assert runs_on.search("records/training/content/sessions/a/session.md") and runs_on.search("records/training/preuve.yml")
    assert not runs_on.search("app/main.py") and not runs_on.search("data/people.yml")
    assert invoke("check", "--strict", "--project", root).exit_code == 0


def test_init_in_a_folder_keeps_the_teams_pre_commit_config_and_gives_the_item_to_add(tmp_path):
    """The team's own .pre-commit-config.yaml at the top is kept: init prints the item, which once
    added is preuve's hook on the folder; a second init then says only where things are."""
    mono = tmp_path / "mono"
    write_files(mono, {**MONOREPO, ".pre-commit-config.yaml": TEAM_FILES[".pre-commit-config.yaml"]})
    git(mono, "init", "-q")
    before = _snapshot(mono)
    root = mono / "records/training"
    result = invoke("init", root, "--mode", "in-house", "--locale", "en")
    assert result.exit_code == 0, result.output
    assert {rel: data for rel, data in _snapshot(mono).items() if rel in before} == before
    lines = result.output.splitlines()
    assert "kept     ../../.pre-commit-config.yaml (exists)" in lines
    item = ("- {repo: https://github.com/preuve/preuve, rev: v0.2.0, hooks: [{id: preuve-check, args: "
            "[records/training], files: ^records/training/(preuve\\.yml|data/|content/|layouts/)}]}")
    assert lines[lines.index("") + 1:-1] == [
        FOLDER_LINES[0].format(top=mono), FOLDER_LINES[1],
        "Your .pre-commit-config.yaml there is kept; add this item under its repos: (preuve's hook, the strict "
        "check CI runs, on the staged records of records/training):", "    " + item]
    (mono / ".pre-commit-config.yaml").write_text(TEAM_FILES[".pre-commit-config.yaml"] + "  " + item + "\n")
    config = yaml.safe_load((mono / ".pre-commit-config.yaml").read_text())
    assert config["repos"][1]["hooks"] == [{"id": "preuve-check", "args": ["records/training"],
                                            "files": r"^records/training/(preuve\.yml|data/|content/|layouts/)"}]
    (root / ".github/workflows").mkdir(parents=True)
    (root / ".github/workflows/evidence.yml").write_text("name: evidence\n")  # an earlier init wrote it here
    again = invoke("init", root, "--mode", "in-house", "--locale", "en")
    assert "created" not in again.output
    lines = again.output.splitlines()
    assert lines[lines.index("") + 3:-1] == [
        "pre-commit runs preuve's hook on them from .pre-commit-config.yaml there (args: [records/training]); "
        "run pre-commit install once.",
        "warning: records/training/.github/workflows/evidence.yml is never run: GitHub runs only the workflows at "
        "the top of the repository"]


def test_a_second_records_folder_whose_name_is_part_of_the_firsts_gets_the_item_to_add(tmp_path):
    """records/training then rec in one repository: the configuration init wrote for the first
    holds the letters "rec", but its hook checks records/training only; init said it ran on rec."""
    git(tmp_path, "init", "-q")
    assert invoke("init", tmp_path / "records/training", "--mode", "provider").exit_code == 0
    result = invoke("init", tmp_path / "rec", "--mode", "provider")
    assert result.exit_code == 0, result.output
    assert ("Your .pre-commit-config.yaml there is kept; add this item under its repos: (preuve's hook, the strict "
            "check CI runs, on the staged records of rec):") in result.output.splitlines()
    assert "args: [rec]" not in (tmp_path / ".pre-commit-config.yaml").read_text()


def test_a_records_folder_named_like_an_option_is_a_folder_for_cd_and_for_the_hook(tmp_path, monkeypatch, capfd):
    """-dash: ``cd -dash`` is an option to cd, and the hook given it (its args) printed preuve's
    help and passed, having checked nothing ("-h" read as --help)."""
    git(tmp_path, "init", "-q")
    monkeypatch.chdir(tmp_path)
    result = invoke("init", "--mode", "provider", "--", "-dash")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "Next: cd ./-dash && preuve check && preuve build (see README.md there)"
    capfd.readouterr()
    hook = invoke("ci", "pre-commit", "-dash")
    assert hook.exit_code == 1 and "Usage:" not in hook.output
    assert capfd.readouterr().err.splitlines() == [
        "error: no preuve.yml staged in -dash: the hook's argument names the records folder (the one holding "
        "preuve.yml), relative to the top of the repository"]
    git(tmp_path, "add", "-A")
    assert invoke("ci", "pre-commit", "-dash").exit_code == 0


def test_the_example_session_is_a_planned_tuesday_a_month_ahead():
    assert example_day(date(2026, 11, 27)) == date(2026, 12, 29)
    assert example_day(date(2026, 11, 29)) == date(2026, 12, 29)
    assert example_day(date(2026, 12, 1)).isoweekday() == 2


# --- preuve new session --------------------------------------------------------------------------


def test_new_session_leaves_placeholders_that_check_refuses_with_their_line(make_project):
    root = make_project()
    result = invoke("new", "session", "2027-03-nouvelle", "--project", root)
    assert result.exit_code == 0, result.output
    folder = root / "content/sessions/2027-03-nouvelle"
    assert (folder / "attendance.yml").is_file()
    check = invoke("check", "--project", root)
    assert check.exit_code == 1
    path = "content/sessions/2027-03-nouvelle/session.md"
    for line in (f"{path}:4: title: '<intitulé exact de l'action, identique sur tous les documents>' "
                 "is a placeholder: replace it with the real value",
                 f"{path}:8: trainers[1]: '<id-formateur>' is a placeholder: replace it with the real value",
                 f"{path}:16: schedule[1].date: '<AAAA-MM-JJ>' is a placeholder: replace it with the real value",
                 f"{path}:25: programme: '<contenu, dans l'ordre des demi-journées>' is a placeholder: "
                 "write the programme here"):
        assert line in check.output, check.output


def test_new_session_like_another_copies_its_facts_and_blanks_its_dates(make_project):
    root = make_project()
    result = invoke("new", "session", "2026-09-reprise", "--like", FUNDED.rsplit("/", 1)[1], "--project", root)
    assert result.exit_code == 0, result.output
    text = (root / "content/sessions/2026-09-reprise/session.md").read_text()
    front, body, _ = split_front_matter(text)
    facts = parse_yaml(front)
    assert facts["title"] == "IA générative : fondamentaux et vigilance"
    assert [s["date"] for s in facts["schedule"]] == ["<AAAA-MM-JJ>"] * 4
    assert [s["start"] for s in facts["schedule"]] == ["09:00", "14:00", "09:00", "14:00"]
    assert "issued_on" not in facts and facts["funding"]["opco"] == "OPCO Atlas"
    assert body.startswith("## Déroulé")
    check = invoke("check", "--project", root)
    assert check.output.count("2026-09-reprise/session.md") == 4  # the four dates, nothing else


@pytest.mark.parametrize("args, message", [
    (["Bad Id"], "'Bad Id' is not a valid session id"),
    (["aux"], "'aux' is a name Windows reserves for a device (CON, PRN, AUX, NUL, COM1-COM9, LPT1-LPT9): the id "
              "names files and folders, which Windows Explorer could not extract from the archive; choose another id"),
    (["2026-03-ia-fondamentaux"], "content/sessions/2026-03-ia-fondamentaux already exists"),
    (["x", "--like", "nope"], "no session 'nope' to copy"),
])
def test_new_session_refuses_a_bad_id_an_existing_folder_or_an_unknown_model(make_project, args, message):
    root = make_project()
    result = invoke("new", "session", *args, "--project", root)
    assert result.exit_code == 1 and message in result.output, result.output


MODEL = "content/sessions/model/session.md"
BROKEN_MODELS = [  # a session.md to copy that check refuses: new session says what check says, where
    (b"---\ntitle: [x\n---\n", f"{MODEL}:3: invalid YAML: expected ',' or ']', but got '<stream end>' "
     "(while parsing a flow sequence that starts on line 2)"),
    (b"no front matter\n", f"{MODEL}:1: the file must start with a '---' line opening the front matter"),
    (b"---\ntitle: caf\xe9\n---\n", f"{MODEL}:2: is not UTF-8 text (save it as UTF-8)"),
    (b"---\n- a\n- b\n---\n", f"{MODEL}:2: expected a mapping of fields (key: value), got a list"),
]


@pytest.mark.parametrize(("text", "message"), BROKEN_MODELS, ids=["yaml", "no-front-matter", "not-utf8", "list"])
def test_new_session_like_a_broken_session_names_its_file_and_line(make_project, text, message):
    root = make_project({MODEL: text})
    result = invoke("new", "session", "copy", "--like", "model", "--project", root)
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert result.output == f"Error: {message}\n"
    assert not (root / "content/sessions/copy").exists()


def test_new_session_like_a_session_linked_out_of_the_repository_reads_nothing(make_project, tmp_path):
    (tmp_path / "secret.md").write_text("---\ntitle: SECRET\n---\n")
    root = make_project()
    (root / "content/sessions/model").mkdir()
    (root / MODEL).symlink_to(tmp_path / "secret.md")
    result = invoke("new", "session", "copy", "--like", "model", "--project", root)
    assert result.exit_code == 1 and "SECRET" not in result.output, result.output
    assert result.output.startswith(f"Error: {MODEL}: is a symbolic link to '{tmp_path / 'secret.md'}', outside the "
                                    "repository")
    assert not (root / "content/sessions/copy").exists()


def test_new_session_like_a_session_whose_schedule_is_not_a_list_copies_it_for_check_to_refuse(make_project):
    root = make_project({MODEL: b"---\ntitle: x\nschedule: 3\n---\nBody\n"})
    result = invoke("new", "session", "copy", "--like", "model", "--project", root)
    assert result.exit_code == 0, result.output
    assert "schedule: 3\n" in (root / "content/sessions/copy/session.md").read_text()


@pytest.mark.parametrize("command", [["init", "--mode", "provider", "{root}/preuve.yml/sub"],
                                     ["new", "session", "x", "--project", "{root}"]], ids=["init", "new-session"])
def test_init_and_new_session_where_a_file_blocks_a_folder_say_so(make_project, command):
    root = make_project()
    shutil.rmtree(root / "content")
    (root / "content").write_text("not a folder\n")
    result = invoke(*[part.format(root=root) for part in command])
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    blocked = "preuve.yml" if command[0] == "init" else "content"
    assert result.output == f"Error: cannot write inside {root / blocked}: it is a file, not a folder\n"


# --- JSON Schemas --------------------------------------------------------------------------------


def _files_of(root: Path) -> dict[str, Path]:
    """Schema name → record files of ``root`` it describes."""
    found = {"preuve.schema.json": [root / "preuve.yml"]}
    for name in ("provider", "people", "roles", "ai-systems", "trainers", "topics", "clients"):
        found[f"{name}.schema.json"] = [p for p in [root / "data" / f"{name}.yml"] if p.is_file()]
    sessions = sorted((root / "content/sessions").iterdir())
    found["session.schema.json"] = [s / "session.md" for s in sessions]
    found["attendance.schema.json"] = [s / "attendance.yml" for s in sessions if (s / "attendance.yml").is_file()]
    return found


def _load(path: Path):
    text = path.read_text(encoding="utf-8")
    return parse_yaml(split_front_matter(text)[0] if path.suffix == ".md" else text)


def _validator(locale: str, name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads(shipped(locale)[name].read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("which", ["demo", "init-in-house-fr", "init-provider-en"])
def test_the_schemas_accept_the_demo_and_the_files_init_writes(tmp_path, which):
    if which == "demo":
        root = DEMO
    else:
        mode, locale = ("in-house", "fr") if "in-house" in which else ("provider", "en")
        root = tmp_path / "r"
        init_repository(root, mode, locale)
    checked = 0
    for name, paths in _files_of(root).items():
        for path in paths:
            errors = [e.message for e in _validator("fr", name).iter_errors(_load(path))]
            assert errors == [], f"{path}: {errors}"
            checked += 1
    assert checked >= 9


@pytest.mark.parametrize("wrong", ["2026-02-30", "12/03/2026", "<AAAA-MM-JJ>"])
def test_the_session_schema_rejects_a_wrong_date(wrong):
    session = _load(DEMO / "content/sessions/2026-03-ia-generative-fondamentaux/session.md")
    session["schedule"][0]["date"] = wrong
    errors = list(_validator("en", "session.schema.json").iter_errors(session))
    assert errors and {tuple(e.absolute_path) for e in errors} == {("schedule", 0, "date")}


def test_the_schemas_refuse_unknown_keys_and_ids_that_are_not_ids():
    assert list(_validator("en", "preuve.schema.json").iter_errors({"title": "t", "mode": "in-house", "lang": "fr"}))
    assert list(_validator("en", "roles.schema.json").iter_errors({"Direction": {"label": "D"}}))
    assert not list(_validator("en", "roles.schema.json").iter_errors({"direction": {"label": "D"}}))


def test_shipped_schemas_are_the_ones_the_models_give_and_every_field_is_described():
    for locale in LOCALES:
        for name, path in shipped(locale).items():
            assert path.read_text(encoding="utf-8") == dumps(generate(name, locale)), \
                f"{path} is stale: run `make schemas`"
    session = json.loads(shipped("fr")["session.schema.json"].read_text())
    assert session["properties"]["title"]["description"] == \
        "Intitulé exact de l'action, identique sur tous les documents."
    for model, fields in descriptions().items():
        for field, text in fields.items():
            assert set(text) == set(LOCALES) and all(text.values()), f"{model}.{field}"


def test_preuve_schema_writes_them_in_the_projects_language(make_project, monkeypatch):
    root = make_project()
    monkeypatch.chdir(root / "data")
    result = invoke("schema", root / "schemas")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (root / "schemas").iterdir()) == sorted(RECORD_FILES)
    written = json.loads((root / "schemas/people.schema.json").read_text())
    assert written["$defs"]["Person"]["properties"]["role"]["description"].startswith("Rôle")
    assert invoke("schema", root / "en", "--locale", "en").exit_code == 0
    assert json.loads((root / "en/people.schema.json").read_text())["$defs"]["Person"]["description"] \
        == "A person of the registry (data/people.yml)."


# --- doctor and --version ------------------------------------------------------------------------


def test_doctor_on_this_machine_finds_everything_a_build_needs(make_project):
    root = make_project()
    result = invoke("doctor", "--project", root)
    assert result.exit_code == 0, result.output
    for line in ("✓ WeasyPrint: 70.0", "✓ Pango: 1.", "✓ HarfBuzz subsetting: HarfBuzz",
                 "✓ font Liberation Sans: /usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf "
                 "(Debian fonts-liberation2", "✓ font DejaVu Sans Mono:", "✓ git:", f"✓ output/: {root}/output"):
        assert line in result.output, result.output
    assert result.output.rstrip().endswith("builds will work and PDFs are byte-reproducible")


def test_doctor_gives_the_fix_for_each_platform_and_fails_when_no_build_can_work(monkeypatch, tmp_path):
    monkeypatch.setattr(doctor, "engine", lambda: {"error": "OSError: cannot load library 'libpango-1.0-0'"})
    monkeypatch.setattr(doctor, "font_finding", lambda family: doctor.Finding(
        f"font {family}", "warn", "not installed", doctor.Fix("sudo apt-get install -y fonts-x", "brew install x")))
    monkeypatch.chdir(tmp_path)
    result = invoke("doctor")
    assert result.exit_code == 1
    assert "✗ WeasyPrint and Pango: cannot be loaded: OSError: cannot load library 'libpango-1.0-0'" in result.output
    assert "Debian/Ubuntu: sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0" in result.output
    assert "macOS:         brew install pango" in result.output
    assert "! font Liberation Sans: not installed" in result.output
    assert "builds cannot work here: fix WeasyPrint and Pango" in result.output


def test_doctor_warns_without_harfbuzz_subsetting_but_builds_still_work(monkeypatch, make_project):
    real = doctor.engine()
    monkeypatch.setattr(doctor, "engine", lambda: {**real, "harfbuzz_subset": False})
    result = invoke("doctor", "--project", make_project())
    assert result.exit_code == 0
    assert "! HarfBuzz subsetting: missing: WeasyPrint falls back to fontTools" in result.output
    assert "Debian/Ubuntu: sudo apt-get install -y libharfbuzz-subset0" in result.output
    assert "builds will work, with 1 warning(s) above" in result.output


def test_doctor_says_an_output_file_is_not_a_folder_as_build_does(make_project):
    root = make_project()
    (root / "output").write_text("notes\n")
    result = invoke("doctor", "--project", root)
    assert result.exit_code == 1
    assert (f"✗ output/: {root}/output is a file, not a folder: preuve writes each version in the folder "
            "output/ (rename or remove it)\n") in result.output
    assert "chown" not in result.output and "builds cannot work here: fix output/" in result.output


def test_doctor_lists_the_debian_packages_for_scripts():
    result = invoke("doctor", "--packages")
    assert result.output.split() == list(doctor.DEBIAN_PACKAGES)
    assert "libharfbuzz-subset0" in result.output and "fonts-liberation2" in result.output


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_names_preuve_weasyprint_pango_and_harfbuzz_subsetting(flag):
    result = invoke(flag)
    assert result.exit_code == 0
    first, engine, subsetting = result.output.splitlines()
    assert first.startswith("preuve 0.2.0 (Python 3.")
    assert engine.startswith("WeasyPrint 70.0, Pango 1.")
    assert subsetting == "HarfBuzz font subsetting: available"


# --- finding the repository, drafts, engine upgrades, status --------------------------------------


def test_commands_find_preuve_yml_in_a_parent_folder_as_git_does(make_project, monkeypatch):
    root = make_project()
    monkeypatch.chdir(root / "content" / "sessions")
    result = invoke("check")
    assert result.exit_code == 0 and "ok: 3 session(s)" in result.output


def test_outside_a_records_repository_commands_say_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("check")
    assert result.exit_code == 1
    assert result.output == (f"Error: no preuve.yml in {tmp_path} or any folder above it: not a preuve records "
                             "repository (`preuve init` creates one)\n")


def test_a_draft_says_why_in_one_line(make_project):
    root = make_project()
    outside = invoke("build", "--project", root)
    assert outside.exit_code == 0, outside.output
    assert f"draft: {root} is not in a git repository (git init, then commit the records)\n" in outside.output
    assert "all 16 document(s) are marked as drafts: there is no commit to compare them with\n" in outside.output
    git(root, "init", "-q", "-b", "main")
    uncommitted = invoke("build", "--project", root)
    assert "draft: nothing is committed yet (commit the records)\n" in uncommitted.output
    assert "there is no commit to compare them with" in uncommitted.output
    commit_all(root)
    (root / "data/people.yml").write_text((root / "data/people.yml").read_text() + "\n")
    (root / "data/roles.yml").write_text((root / "data/roles.yml").read_text() + "\n")
    dirty = invoke("build", "--project", root)
    assert "draft: uncommitted changes in data/people.yml, data/roles.yml (commit them to build a version)" \
        in dirty.output
    assert "built draft output/20261102-100000-" in dirty.output


def test_a_built_commit_after_an_engine_upgrade_is_a_no_op_that_says_what_changed(make_project, monkeypatch):
    root = make_project(commit=True)
    assert invoke("build", "--project", root).exit_code == 0
    before = {p: p.read_bytes() for p in (root / "output").rglob("*") if p.is_file()}
    real = preuve.build.engine_parts
    for module in (preuve.build, preuve.noop):  # the quick look and the full one see the same engine
        monkeypatch.setattr(module, "engine_parts",
                            lambda project: {**real(project), "WeasyPrint": "71.0", "fonts": "f" * 64})
    result = invoke("build", "--project", root, "--json")
    assert result.exit_code == 0, result.output
    version = json.loads(result.stdout)["version"]
    assert (f"output/{version} is already built from this commit, with another WeasyPrint 70.0 → 71.0, fonts; "
            f"a version is never overwritten, so nothing was rebuilt (move output/{version} away to rebuild it)"
            in result.output)
    assert {p: p.read_bytes() for p in (root / "output").rglob("*") if p.is_file()} == before


def test_build_json_reports_the_version_for_scripts(make_project):
    root = make_project(commit=True)
    result = invoke("build", "--project", root, "--json")
    report = json.loads(result.stdout)
    assert report["draft"] is False and report["draft_reason"] is None
    assert report["rendered"] > 5 and report["reused"] == 0
    assert Path(report["archive"]).is_file() and Path(report["folder"]).name == report["version"]


def test_status_fail_on_gaps_is_for_scripts(make_project):
    root = make_project(commit=True)
    assert invoke("status", "--project", root).exit_code == 0
    assert invoke("status", "--project", root, "--fail-on-gaps").exit_code == 1
    shutil.rmtree(root / "content")
    write_files(root, {"data/roles.yml": "analyst: {label: Analyste}\nmanager: {label: Cadre}\n"
                                         "workshop: {label: Atelier}\n",
                       "data/ai-systems.yml": "chatgpt: {label: C, vendor: V, use: U}\ncopilot: {label: C, vendor: V, use: U}\n"})
    assert invoke("status", "--project", root, "--fail-on-gaps").exit_code == 0


def test_check_reports_completeness_gaps_as_warnings_in_the_index_words(make_project):
    root = make_project({f"{REMOTE}/session.md": REMOTE_SESSION_MD.replace("Programme à distance.\n", "")})
    result = invoke("check", "--project", root)
    assert result.exit_code == 0
    attendance = f"{REMOTE}/attendance.csv"
    for line in (f"{attendance}:1: warning: evidence.connection_logs: Attendance proof — Missing: connection logs",
                 f"{attendance}:1: warning: trainer_signed: Trainer signatures — 0/1 slots signed by the trainer",
                 f"{attendance}:1: warning: evidence.satisfaction: Satisfaction — No satisfaction survey attached "
                 "(Qualiopi, indicator 30).",
                 f"{REMOTE}/session.md:15: warning: programme: Programme — The programme (body of session.md) is empty."):
        assert line in result.output.splitlines(), result.output
    assert invoke("check", "--strict", "--project", root).exit_code == 1
    in_house = make_project({"preuve.yml": PREUVE_YML.replace("mode: provider", "mode: in-house")}, name="in-house")
    assert "Satisfaction" not in invoke("check", "--project", in_house).output  # a recommendation there
