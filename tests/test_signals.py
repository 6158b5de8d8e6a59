"""Signals and processes: an interrupted or killed build leaves no process, no staging folder, and
says so in one line (docs/security.md). Each test runs a real ``preuve build`` in its own session
and process group, on records with enough trainees to be caught mid-render."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import sample

PREUVE = [sys.executable, "-c", "from preuve.cli import main; main()"]
TRAINEES = 40


def many_trainees() -> dict[str, str]:
    """The sample with ``TRAINEES`` more people present at the funded session."""
    people = "".join(f"- id: t{i:03}\n  first_name: Trainee\n  last_name: Number {i}\n"
                     f"  employer: Client SA\n  role: analyst\n" for i in range(TRAINEES))
    attendance = "".join(f"  - person: t{i:03}\n    slots: [present, present, present, present]\n"
                         f"    assessment: {{score: 15, result: acquired}}\n" for i in range(TRAINEES))
    return {"data/people.yml": sample.PEOPLE_YML + people,
            f"{sample.FUNDED}/attendance.yml": sample.FUNDED_ATTENDANCE_YML + attendance}


def processes() -> dict[int, tuple[int, str]]:
    """pid → (parent pid, state) of every process, from /proc."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            found[int(entry.name)] = (int(fields[1]), fields[0])
    return found


def descendants(pid: int) -> set[int]:
    table = processes()
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        for child, (ppid, _) in table.items():
            if ppid == parent and child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pids: set[int]) -> set[int]:
    table = processes()
    return {p for p in pids if p in table and table[p][1] != "Z"}


def wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


@pytest.fixture
def big_project(make_project):
    return make_project(many_trainees(), commit=True)


def start(root: Path, preexec=sample.ctrl_c_as_at_a_terminal) -> subprocess.Popen:
    return subprocess.Popen([*PREUVE, "build", "-j", "2", "--project", str(root)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True, preexec_fn=preexec)


def rendering(build: subprocess.Popen, root: Path) -> bool:
    staging = [p for p in (root / "output").glob(".staging-*") if (p / "sessions").is_dir()]
    return bool(staging) and len(descendants(build.pid)) >= 2


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "output").glob(".*") if p.name != ".lock") if (root / "output").is_dir() else []


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["INT", "TERM"])
def test_a_signal_mid_render_ends_the_build_with_one_line(big_project, signum, code):
    """Ctrl-C (to the whole process group, as a terminal sends it) or SIGTERM (to the build): one
    line, exit 130 or 143, no staging folder, no version, and no child left after 2 seconds."""
    build = start(big_project)
    wait_for(lambda: rendering(build, big_project))
    children = descendants(build.pid)
    os.killpg(build.pid, signum) if signum == signal.SIGINT else build.send_signal(signum)
    _, err = build.communicate(timeout=30)
    assert build.returncode == code, err
    assert err.strip().splitlines() == [f"preuve: interrupted by {signal.Signals(signum).name}: the build "
                                        "stopped; output/ holds only complete versions"], err
    assert "Traceback" not in err
    assert leftovers(big_project) == []
    assert not [p for p in (big_project / "output").iterdir() if p.name.startswith("2")]
    wait_for(lambda: not alive(children), timeout=2)


def test_a_build_started_ignoring_ctrl_c_goes_on(big_project):
    """Started with SIGINT ignored (``nohup``, ``preuve build &`` in a script), as Python itself
    does, the build keeps it ignored: a Ctrl-C meant for the foreground leaves it running."""
    build = start(big_project, preexec=sample.ctrl_c_ignored)
    wait_for(lambda: rendering(build, big_project))
    os.killpg(build.pid, signal.SIGINT)
    _, err = build.communicate(timeout=120)
    assert build.returncode == 0, err
    assert leftovers(big_project) == []
    assert [p.name for p in (big_project / "output").iterdir() if p.name.startswith("2") and p.is_dir()]


def forks(pid: int) -> set[int]:
    """The children of ``pid`` that are forks of it (same command line), not programs it runs."""
    command = Path(f"/proc/{pid}/cmdline").read_bytes()
    found = set()
    for child in descendants(pid):
        try:
            if Path(f"/proc/{child}/cmdline").read_bytes() == command:
                found.add(child)
        except OSError:
            continue
    return found


@pytest.fixture
def large_registry(make_project):
    """A registry of 3,000 people: reading and validating it takes a while."""
    people = "".join(f"- id: p{i:04}\n  first_name: Person\n  last_name: Number {i}\n"
                     f"  employer: Client SA\n  role: analyst\n" for i in range(3000))
    return make_project({"data/people.yml": sample.PEOPLE_YML + people}, commit=True)


def test_ctrl_c_while_the_records_are_read_prints_no_traceback(large_registry):
    """Ctrl-C reaches the whole process group: the records reader ignores it, the build answers."""
    build = start(large_registry)
    wait_for(lambda: forks(build.pid))  # the records reader is forked first
    children = descendants(build.pid)
    os.killpg(build.pid, signal.SIGINT)
    _, err = build.communicate(timeout=30)
    assert build.returncode == 130, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    wait_for(lambda: not alive(children), timeout=2)


def test_no_worker_outlives_a_killed_build(big_project):
    """SIGKILL gives the build no chance to clean up: the kernel ends its children
    (``PR_SET_PDEATHSIG``). SIGTERM is the test above."""
    build = start(big_project)
    wait_for(lambda: rendering(build, big_project))
    children = descendants(build.pid)
    assert len(children) >= 2
    build.kill()
    build.communicate(timeout=30)
    wait_for(lambda: not alive(children), timeout=2)


def test_ctrl_c_while_preuve_loads_is_one_line_not_a_traceback():
    """Ctrl-C in the first tenth of a second, while Python imports preuve's commands (before their
    own handlers are in place), printed a KeyboardInterrupt traceback."""
    from importlib.metadata import entry_points

    [script] = [e for e in entry_points(group="console_scripts") if e.name == "preuve"]
    assert script.value == "preuve.entry:main"  # the command installed goes through it
    loading = ("import builtins\n"
               "import preuve.entry as entry\n"
               "real = builtins.__import__\n"
               "def interrupted(name, globals=None, locals=None, fromlist=(), level=0):\n"
               "    if name == 'cli' and level == 1:\n"
               "        raise KeyboardInterrupt  # as SIGINT would, mid-import\n"
               "    return real(name, globals, locals, fromlist, level)\n"
               "builtins.__import__ = interrupted\n"
               "entry.main()\n")
    done = subprocess.run([sys.executable, "-c", loading], capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (130, "preuve: interrupted by SIGINT while starting: nothing was done\n")
