"""The edit–look loop, measured side by side in one run (a benchmark, not a test).

On a records repository of 4 sessions × 15 trainees (``corpus.py --funded-every 2``: certificates,
certificats de réalisation for two sessions, attendance sheets, programmes, the literacy dossier
and one per client), round after round, each variant in a fresh process:

  full build         ``preuve build`` into an empty output/
  no-op rebuild      ``preuve build`` again, same commit
  first draft        one trainee's attendance in one session edited (uncommitted), ``preuve build``
  second draft       another trainee of the same session edited, ``preuve build``
  serve              ``preuve serve`` running: one trainee's attendance saved, until the server
                     tells the open pages to reload (its live-reload channel), then until the
                     session's page is read back; ``--edits`` saves per round, each another trainee
  naive plain        ``naive.py --plain``: one process, one plain one-page document with a small
                     stylesheet per document of the plan (``plain.py``), every one of them

It prints medians and the ratios against the issue's goals. The preuve measured (and the one of
``--before-src``) is first compiled to bytecode, as installing it does: without that, a checkout
run with ``PYTHONDONTWRITEBYTECODE`` compiles its modules again in every fresh process (0.06 s),
a cost no installed preuve pays.

    .venv/bin/python bench/loop.py [--sessions 4] [--trainees 15] [--funded-every 2] [--runs 3]
        [--edits 5] [--jobs N] [--before-src DIR] [--json FILE]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus as corpus_mod  # noqa: E402
from bench import PREUVE_CHILD, PYTHON, machine, measure  # noqa: E402

PRESENT = "slots: [present, present, present, present]"
ABSENT_LAST = "slots: [present, present, present, absent]"


def edit_attendance(corpus: corpus_mod.Corpus, nth: int) -> Path:
    """The ``nth`` fully present trainee of the middle session is now absent on the last slot."""
    sid = corpus.session_ids[len(corpus.session_ids) // 2]
    path = corpus.root / "content" / "sessions" / sid / "attendance.yml"
    text = path.read_text(encoding="utf-8")
    at = -1
    for _ in range(nth + 1):
        at = text.index(PRESENT, at + 1)
    path.write_text(text[:at] + ABSENT_LAST + text[at + len(PRESENT):], encoding="utf-8")
    return path


class Served:
    """``preuve serve`` on a free port; its terminal output read by a thread."""

    def __init__(self, root: Path, jobs: int, log: Path):
        self.log = open(log, "a", encoding="utf-8")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen([PYTHON, "-m", "preuve.cli", "serve", "--project", str(root), "--port", "0",
                                         "--jobs", str(jobs)], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                        text=True, env={**os.environ, "PYTHONFAULTHANDLER": "1"},
                                        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.port = int(re.search(r"127\.0\.0\.1:(\d+)/", self.wait_for("serving ")).group(1))
        self.wait_for("output/")  # the first build (here: the commit, already built)

    def _read(self) -> None:
        for line in self.process.stderr:
            self.lines.append(line)
            self.log.write(line)

    def wait_for(self, text: str, timeout: float = 300) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines:
                if text in line:
                    return line
            if self.process.poll() is not None:
                raise SystemExit("preuve serve stopped:\n" + "".join(self.lines))
            time.sleep(0.02)
        raise SystemExit(f"preuve serve never said {text!r}")

    def get(self, path: str) -> bytes:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.request("GET", path)
        return connection.getresponse().read()

    def live_state(self) -> str:
        """The query a served page's live-reload script sends: its build's number and the serve's
        run id (without the id, the server takes the page for one left open across a restart and
        tells it to reload at once)."""
        state = re.search(rb'id="preuve-live-state" type="application/json">(.*?)</script>', self.get("/"))
        live = json.loads(state.group(1))
        return urlencode({"generation": live["generation"], "server": live["server"]})

    def edit_to_page(self, save, page: str) -> tuple[float, float]:
        """Seconds from ``save()`` to the reload event, and to ``page`` read back after it."""
        before = self.get(page)
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        connection.request("GET", f"/__preuve__/events?{self.live_state()}")
        events = connection.getresponse()
        started = time.perf_counter()
        save()
        while not (line := events.fp.readline().decode()).startswith("data:"):
            pass
        reloaded = time.perf_counter() - started
        connection.close()
        if json.loads(line[5:])["error"]:
            raise SystemExit(f"the edit did not build: {line}")
        if self.get(page) == before:  # a reload event that was not this edit's would be timed as it
            raise SystemExit(f"the reload event came, but {page} did not change")
        return reloaded, time.perf_counter() - started

    def stop(self) -> None:
        """Ctrl-C (SIGINT at its default in the serve, as in a terminal's foreground, even when
        this benchmark runs in the background: preuve keeps SIGINT ignored if started so); a
        serve still running a minute later is stopped with SIGABRT, which makes Python
        (``PYTHONFAULTHANDLER``) print where every thread was, and the run ends with it."""
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            print(signal_masks(self.process.pid), flush=True)
            self.process.send_signal(signal.SIGABRT)
            self.process.wait(timeout=30)
            time.sleep(0.5)  # the reader thread takes the last lines
            raise SystemExit("preuve serve did not stop on Ctrl-C; where its threads were:\n"
                             + "".join(self.lines[-120:])) from None
        finally:
            self.log.close()


def signal_masks(pid: int) -> str:
    """Each thread's pending, blocked, ignored and caught signals (``/proc``), for a serve that hangs."""
    lines = []
    for task in sorted(Path(f"/proc/{pid}/task").iterdir(), key=lambda p: int(p.name)):
        status = (task / "status").read_text()
        found = re.findall(r"^(ShdPnd|SigPnd|SigBlk|SigIgn|SigCgt):\s+(\S+)", status, re.M)
        lines.append(f"{task.name} {(task / 'comm').read_text().strip()}: " + " ".join(f"{k}={v}" for k, v in found))
    return "\n".join(lines)


def builds(corpus: corpus_mod.Corpus, args: argparse.Namespace, work: Path, times: dict[str, list[float]],
           label: str = "") -> dict:
    """Full build, no-op, first and second draft, each in a fresh process; the full build's result."""
    log, result = work / "loop.log", work / "result.json"
    out = corpus.root / "output"

    def preuve(variant: str) -> dict:
        variant = label + variant
        run = measure(variant, [PYTHON, "-c", PREUVE_CHILD, "hb", str(corpus.root), str(args.jobs), str(result)],
                      result, log)
        times.setdefault(variant, []).append(run.seconds)
        times.setdefault(f"{variant} (CPU)", []).append(run.cpu_seconds)
        r = run.result
        print(f"  {variant:<16} {run.seconds:7.2f} s  (CPU {run.cpu_seconds:.2f} s)  rendered {r['rendered']}, "
              f"reused {r['reused']}", flush=True)
        return r

    shutil.rmtree(out, ignore_errors=True)
    full = preuve("full build")
    preuve("no-op rebuild")
    edit_attendance(corpus, 0)
    full["first_rendered"] = preuve("first draft")["rendered"]
    edit_attendance(corpus, 0)
    preuve("second draft")
    corpus_mod.git(corpus.root, "checkout", "-q", "--", ".")
    return full


def compile_sources(*folders: Path) -> None:
    """Bytecode for each source folder, as ``pip install`` writes it (see the module's docstring)."""
    for folder in folders:
        subprocess.run([PYTHON, "-m", "compileall", "-q", str(folder)], check=True, stdout=subprocess.DEVNULL)


def one_round(corpus: corpus_mod.Corpus, args: argparse.Namespace, work: Path) -> dict[str, list[float]]:
    log, result = work / "loop.log", work / "result.json"
    times: dict[str, list[float]] = {}
    if args.before_src:  # the same builds with another preuve's code (no serve: it may not have one)
        os.environ["PYTHONPATH"] = str(args.before_src.resolve())
        try:
            builds(corpus, args, work, times, "before: ")
        finally:
            del os.environ["PYTHONPATH"]
    full = builds(corpus, args, work, times)

    served = Served(corpus.root, args.jobs, log)
    sid = corpus.session_ids[len(corpus.session_ids) // 2]
    try:
        for n in range(args.edits):
            reloaded, page = served.edit_to_page(lambda n=n: edit_attendance(corpus, n), f"/sessions/{sid}/index.html")
            times.setdefault("serve: edit → reload event", []).append(reloaded)
            times.setdefault("serve: edit → page read", []).append(page)
            print(f"  serve edit {n + 1:<6} {reloaded:7.2f} s  to the reload event, {page:.2f} s to the page",
                  flush=True)
    finally:
        served.stop()
        corpus_mod.git(corpus.root, "checkout", "-q", "--", ".")

    naive = measure("naive plain", [PYTHON, str(HERE / "naive.py"), "--project", str(corpus.root), "--out",
                                    str(work / "naive"), "--plain", "--result", str(result)], result, log)
    times.setdefault("naive plain", []).append(naive.seconds)
    times.setdefault("naive plain (CPU)", []).append(naive.cpu_seconds)
    print(f"  {'naive plain':<16} {naive.seconds:7.2f} s  rendered {naive.result['rendered']}", flush=True)
    shutil.rmtree(work / "naive", ignore_errors=True)
    times.setdefault("_documents", []).append(full["rendered"])
    times.setdefault("_first draft rendered", []).append(full["first_rendered"])
    return times


def report(rounds: list[dict[str, list[float]]], info: dict, corpus: corpus_mod.Corpus) -> dict:
    merged: dict[str, list[float]] = {}
    for times in rounds:
        for variant, values in times.items():
            merged.setdefault(variant, []).extend(values)
    med = {variant: statistics.median(values) for variant, values in merged.items()}
    print(f"\nmachine: {info['cpu']}, usable CPUs {info['usable_cpus']}; Python {info['python']}, WeasyPrint "
          f"{info['weasyprint']}, HarfBuzz subsetting {'yes' if info['harfbuzz_subset'] else 'NO'}; "
          f"load average {os.getloadavg()[0]:.2f} at the end")
    print(f"corpus: {corpus.sessions} sessions × {corpus.trainees} trainees, {int(med['_documents'])} PDFs; "
          f"medians of {len(rounds)} round(s)\n")
    for variant, value in med.items():
        if not variant.startswith("_"):
            print(f"  {variant:<30} {value:7.2f} s  ({len(merged[variant])} measure(s))")
    full = med["full build"]
    goals = {
        "first draft / full build": (med["first draft"] / full, 0.15, "<"),
        "no-op rebuild, seconds": (med["no-op rebuild"], 0.4, "<"),
        "serve: edit → reload event, seconds": (med["serve: edit → reload event"], 1.5, "<"),
        "serve: edit → reload event / full build": (med["serve: edit → reload event"] / full, 0.15, "<"),
        "full build / naive plain": (full / med["naive plain"], None, ""),
        "first draft / full build, CPU": (med["first draft (CPU)"] / med["full build (CPU)"], None, ""),
        "no-op rebuild, CPU seconds": (med["no-op rebuild (CPU)"], None, ""),
        "second draft / full build": (med["second draft"] / full, None, ""),
    }
    print()
    for name, (value, goal, sign) in goals.items():
        verdict = "    " if goal is None else ("MET " if value < goal else "MISS")
        print(f"  {verdict} {name}: {value:.3f}" + (f" (goal {sign} {goal})" if goal is not None else ""))
    return {"medians": med, "all": merged, "ratios": {name: value for name, (value, _, _) in goals.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=4)
    parser.add_argument("--trainees", type=int, default=15)
    parser.add_argument("--funded-every", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--edits", type=int, default=5, help="saves timed in serve, per round")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--before-src", type=Path, help="the src/ folder of another preuve (say, `git archive` "
                        "of an earlier commit): its builds are measured too, in the same rounds")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="preuve-loop-"))
    try:
        compile_sources(HERE.parent / "src", *([args.before_src] if args.before_src else []))
        info = machine(args.jobs)
        corpus = corpus_mod.generate(work / "records", args.sessions, args.trainees, args.funded_every)
        rounds = []
        for i in range(args.runs):
            print(f"round {i + 1}/{args.runs}", flush=True)
            rounds.append(one_round(corpus, args, work))
        results = report(rounds, info, corpus)
        if args.json:
            args.json.write_text(json.dumps({"machine": info, **results}, indent=1))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
