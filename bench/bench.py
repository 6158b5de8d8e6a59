"""Benchmark (not a test): ``preuve build`` against a naive WeasyPrint pipeline, side by side.

Generates a synthetic records repository (bench/corpus.py; default 50 sessions × 20 trainees:
1,000 certificates, 50 attendance sheets, 50 programmes, the literacy report and the index
pages), then, round after round, in fresh processes on the same machine:

  preuve full         ``preuve build`` into an empty output/ (HarfBuzz subsetting)
  preuve no-op        ``preuve build`` again, same commit (already built)
  preuve 1-session    a commit changing one trainee's attendance in one session, then build
  naive HarfBuzz      bench/naive.py: one Jinja render + one write_pdf() per document
  preuve full fT      ``preuve build`` with WeasyPrint's fontTools subsetter (what a bare
                      ``pip install weasyprint`` gets without libharfbuzz-subset)
  naive fontTools     bench/naive.py, fontTools subsetter
  sharded …           with --shards N: the matrix of a sharded build, simulated (bench/sharded.py):
                      plan, each shard one after another, merge; wall time of N runners =
                      plan + slowest shard + merge

Naive pipelines render only the first ``--naive-limit`` documents; their full-corpus time is
EXTRAPOLATED: measured run + the per-template mean time × the documents not rendered.
Peak memory is the sum of the RSS (and PSS) of the process and all its descendants, sampled
every 50 ms; ``ru_maxrss`` (from wait4) is the largest single process.

    .venv/bin/python bench/bench.py [--sessions 50] [--trainees 20] [--runs 3] [--jobs N]
        [--naive-limit 200] [--skip-fonttools] [--shards N] [--quick] [--json FILE] [--baseline FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus as corpus_mod  # noqa: E402
import sharded  # noqa: E402

PYTHON = sys.executable
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024

# Run in a fresh interpreter: the CLI's own build entry point (``preuve build --jobs N``).
PREUVE_CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
subsetter, project, jobs, result = sys.argv[1:5]
if subsetter == "fonttools":  # imported only then: the command line reads records while importing it
    import weasyprint.pdf.fonts
    weasyprint.pdf.fonts.harfbuzz_subset = None  # inherited by the forked workers
from pathlib import Path
from preuve.cli import run_build
report = run_build(Path(project), int(jobs), None)
print(report.summary(), file=sys.stderr)
Path(result).write_text(json.dumps({
    "version": report.version, "rendered": report.rendered, "reused": report.reused,
    "pages": report.pages, "skipped": report.skipped, "build_seconds": report.seconds,
    "seconds": time.perf_counter() - t0}))
"""

MACHINE_CHILD = r"""
import json, platform, sys
import weasyprint
from preuve import __version__
from preuve.render.engine import harfbuzz_subsetting
from weasyprint.text import ffi
version = None
try:
    import ctypes, ctypes.util
    lib = ctypes.CDLL(ctypes.util.find_library("harfbuzz") or "libharfbuzz.so.0")
    lib.hb_version_string.restype = ctypes.c_char_p
    version = lib.hb_version_string().decode()
except Exception:
    pass
print(json.dumps({"python": platform.python_version(), "weasyprint": weasyprint.__version__,
                  "preuve": __version__, "harfbuzz_subset": harfbuzz_subsetting(),
                  "harfbuzz": version}))
"""


# ---------------------------------------------------------------------------- measuring a process

def _children(pid: int) -> list[int]:
    kids = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{task}/children") as f:
                    kids.extend(int(x) for x in f.read().split())
            except OSError:
                pass
    except OSError:
        pass
    return kids


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(_children(p))
    return out


def _rss_pss_kb(pid: int) -> tuple[int, int]:
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
                    break
    except OSError:
        return 0, 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                    break
    except OSError:
        pass
    return rss, pss


class TreeSampler(threading.Thread):
    """Peak of the summed RSS / PSS of a process tree, sampled every ``interval`` seconds."""

    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_rss = self.peak_pss = self.max_procs = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            pids = _tree(self.pid)
            rss = pss = 0
            for p in pids:
                r, s = _rss_pss_kb(p)
                rss, pss = rss + r, pss + s
            self.peak_rss = max(self.peak_rss, rss)
            self.peak_pss = max(self.peak_pss, pss)
            self.max_procs = max(self.max_procs, len(pids))
            self.stop.wait(self.interval)


@dataclass
class Run:
    variant: str
    seconds: float  # wall time of the whole process, start to exit
    peak_rss_mb: float
    peak_pss_mb: float
    maxrss_mb: float  # ru_maxrss of the largest single process (wait4)
    processes: int
    result: dict = field(default_factory=dict)
    cpu_seconds: float = 0.0  # user + system time of the process and the children it waited for


def measure(variant: str, argv: list[str], result_file: Path, log: Path) -> Run:
    result_file.unlink(missing_ok=True)
    with open(log, "ab") as err:
        shown = [a for a in argv if "\n" not in a]
        err.write(f"\n=== {variant}: {' '.join(shown)}\n".encode())
        err.flush()
        started = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=err, stderr=err, stdin=subprocess.DEVNULL)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop.set()
        sampler.join()
    if proc.returncode != 0:
        tail = log.read_text(errors="replace").splitlines()[-25:]
        raise SystemExit(f"{variant} failed (exit {proc.returncode}); end of {log}:\n" + "\n".join(tail))
    result = json.loads(result_file.read_text()) if result_file.is_file() else {}
    return Run(variant, seconds, sampler.peak_rss / 1024, sampler.peak_pss / 1024, usage.ru_maxrss / 1024,
               sampler.max_procs, result, usage.ru_utime + usage.ru_stime)


# ---------------------------------------------------------------------------- the machine

def _busy_seconds() -> float:
    """CPU seconds the whole machine spent busy since boot (user, nice, system, irq, softirq, steal)."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def machine(jobs: int) -> dict:
    info = json.loads(subprocess.run([PYTHON, "-c", MACHINE_CHILD], capture_output=True, text=True,
                                     check=True).stdout)
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024 ** 3
    return {"nproc": os.cpu_count(), "usable_cpus": len(os.sched_getaffinity(0)), "cpu": cpu,
            "memory_gb": round(mem_gb, 1), "os": platform.platform(), "jobs": jobs, **info}


# ---------------------------------------------------------------------------- variants

class Bench:
    def __init__(self, args: argparse.Namespace, work: Path):
        self.args = args
        self.work = work
        self.log = work / "bench.log"
        self.result_file = work / "result.json"

    def preuve(self, variant: str, subsetter: str, corpus: corpus_mod.Corpus) -> Run:
        argv = [PYTHON, "-c", PREUVE_CHILD, subsetter, str(corpus.root), str(self.args.jobs),
                str(self.result_file)]
        return show(measure(variant, argv, self.result_file, self.log))

    def cli(self, variant: str, corpus: corpus_mod.Corpus, args: list[str]) -> Run:
        """``preuve ARGS --project CORPUS`` in a fresh process; its standard output (``--json``) is the result."""
        argv = [PYTHON, "-c", sharded.CLI_CHILD, str(self.result_file), *args, "--project", str(corpus.root)]
        return show(measure(variant, argv, self.result_file, self.log))

    def naive(self, variant: str, subsetter: str, corpus: corpus_mod.Corpus) -> Run:
        out = self.work / "naive-output"
        shutil.rmtree(out, ignore_errors=True)
        argv = [PYTHON, str(HERE / "naive.py"), "--project", str(corpus.root), "--out", str(out),
                "--limit", str(self.args.naive_limit), "--subsetter", subsetter,
                "--result", str(self.result_file)]
        run = measure(variant, argv, self.result_file, self.log)
        shutil.rmtree(out, ignore_errors=True)
        r = run.result
        mean_all = r["render_seconds"] / max(1, r["rendered"])
        missing = weighted = 0.0
        for name, count in r["planned"].items():
            done = r["per_template"].get(name, {"count": 0, "seconds": 0.0})
            mean = done["seconds"] / done["count"] if done["count"] else mean_all
            missing += (count - done["count"]) * mean
            weighted += count * mean
        # Per PDF over the whole corpus's mix of documents (each template's mean, weighted by its count).
        r["per_doc_ms"] = 1000 * weighted / r["planned_total"]
        r["sample_mean_ms"] = 1000 * mean_all
        r["extrapolated_seconds"] = run.seconds + missing
        return show(run)


def source_digest() -> str:
    """preuve's code and built-in layouts: if they change during a run, the variants do not measure
    the same program (and a changed layout rightly refuses the no-op rebuild)."""
    import hashlib
    import importlib.util

    spec = importlib.util.find_spec("preuve")
    folder = Path(spec.origin).parent
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def one_round(bench: Bench, corpus: corpus_mod.Corpus, primary: str, hb: bool, fonttools: bool) -> list[Run]:
    out = corpus.root / "output"
    runs = []
    shutil.rmtree(out, ignore_errors=True)
    runs.append(bench.preuve("preuve full", primary, corpus))
    if bench.args.shards > 1:  # the merge leaves output/ as the full build did
        single = bench.work / "single.zip"
        shutil.copyfile(out / f"{runs[-1].result['version']}.zip", single)
        runs += sharded.sharded_round(bench, corpus, bench.args.shards, single)
    runs.append(bench.preuve("preuve no-op rebuild", primary, corpus))
    corpus_mod.commit_attendance_change(corpus)
    changed_version = corpus_mod.version_name(corpus.root)
    runs.append(bench.preuve("preuve 1-session change", primary, corpus))
    corpus_mod.undo_change(corpus)
    shutil.rmtree(out / changed_version, ignore_errors=True)
    (out / f"{changed_version}.zip").unlink(missing_ok=True)
    if hb:
        runs.append(bench.naive("naive HarfBuzz", "hb", corpus))
    if fonttools:
        if hb:  # else the primary preuve runs above already used fontTools
            shutil.rmtree(out, ignore_errors=True)
            runs.append(bench.preuve("preuve full fontTools", "fonttools", corpus))
        runs.append(bench.naive("naive fontTools", "fonttools", corpus))
    return runs


def show(run: Run) -> Run:
    extra = ""
    if "extrapolated_seconds" in run.result:
        extra = f" rendered={run.result['rendered']} extrapolated={run.result['extrapolated_seconds']:.1f}s"
    elif "rendered" in run.result:
        extra = (f" rendered={run.result['rendered']} reused={run.result.get('reused', 0)} "
                 f"skipped={run.result['skipped']}")
    print(f"  {run.variant:<26} {run.seconds:8.2f} s  peak RSS {run.peak_rss_mb:6.0f} MB{extra}", flush=True)
    return run


# ---------------------------------------------------------------------------- report

def summarize(rounds: list[list[Run]], corpus: corpus_mod.Corpus) -> dict:
    by_variant: dict[str, list[Run]] = {}
    for runs in rounds:
        for run in runs:
            by_variant.setdefault(run.variant, []).append(run)
    rows = {}
    for variant, runs in by_variant.items():
        med = statistics.median
        row = {
            "runs": len(runs),
            "seconds": med(r.seconds for r in runs),
            "all_seconds": [round(r.seconds, 3) for r in runs],
            "cpu_seconds": med(r.cpu_seconds for r in runs),
            "peak_rss_mb": max(r.peak_rss_mb for r in runs),
            "peak_pss_mb": max(r.peak_pss_mb for r in runs),
            "maxrss_mb": max(r.maxrss_mb for r in runs),
            "processes": max(r.processes for r in runs),
        }
        first = runs[0].result
        if "extrapolated_seconds" in first:  # naive
            row["documents"] = first["rendered"]
            row["per_doc_ms"] = med(r.result["per_doc_ms"] for r in runs)
            row["extrapolated_seconds"] = med(r.result["extrapolated_seconds"] for r in runs)
            row["planned_total"] = first["planned_total"]
        else:
            row["documents"] = first.get("rendered", 0)
            row["reused"] = first.get("reused", 0)
            row["build_seconds"] = med(r.result.get("build_seconds", 0.0) for r in runs)
            if row["documents"] and not row["reused"]:  # a full build: everything included
                row["per_doc_ms"] = 1000 * row["seconds"] / row["documents"]
        rows[variant] = row
    return rows


def print_report(info: dict, corpus: corpus_mod.Corpus, args: argparse.Namespace, rows: dict,
                 baseline: dict | None) -> dict:
    print()
    print(f"machine: {info['cpu']}, nproc {info['nproc']} (usable {info['usable_cpus']}), "
          f"{info['memory_gb']} GB RAM, {info['os']}")
    print(f"         Python {info['python']}, WeasyPrint {info['weasyprint']}, preuve {info['preuve']}, "
          f"HarfBuzz subsetting: " + (f"yes (HarfBuzz {info['harfbuzz']})" if info["harfbuzz_subset"]
                                      else "NOT AVAILABLE (HarfBuzz variants skipped)"))
    print(f"corpus:  {corpus.sessions} sessions × {corpus.trainees} trainees: {corpus.pdfs} PDFs "
          f"({corpus.certificates} certificates, {corpus.funded_sessions * corpus.trainees} certificats de "
          f"réalisation, {corpus.sessions} attendance sheets, {corpus.sessions} programmes, 1 literacy report) "
          f"+ HTML index pages, manifest, zip")
    limit = "all" if args.naive_limit == 0 else f"first {args.naive_limit}"
    other = info.get("other_cpu_seconds")
    if other is not None:
        print(f"noise:   load average {info['load_start']:.2f} before the run; CPU used by other processes during it: "
              f"{other:.0f} s ({100 * other / info['cpu_capacity_seconds']:.1f} % of the machine's CPU time)")
    print(f"runs:    {args.runs} interleaved round(s), medians; preuve --jobs {args.jobs}; naive: {limit} documents")
    print()
    header = (f"{'variant':<26} {'PDFs':>5} {'median s':>9} {'ms/PDF':>7} {'full corpus s':>14} "
              f"{'peak RSS MB':>11} {'peak PSS MB':>11} {'maxrss MB':>9}")
    print(header)
    print("-" * len(header))
    for variant, row in rows.items():
        if "extrapolated_seconds" in row:
            full = f"{row['extrapolated_seconds']:.1f} (extrap.)"
            if row["documents"] >= row["planned_total"]:
                full = f"{row['seconds']:.1f}"
        else:
            full = f"{row['seconds']:.1f}"
        per = f"{row['per_doc_ms']:.0f}" if row.get("per_doc_ms") else "-"
        print(f"{variant:<26} {row['documents']:>5} {row['seconds']:>9.2f} {per:>7} {full:>14} "
              f"{row['peak_rss_mb']:>11.0f} {row['peak_pss_mb']:>11.0f} {row['maxrss_mb']:>9.0f}")
    print()
    print("  ms/PDF: preuve = wall time / PDFs rendered (everything included: start-up, checks, index, zip);")
    print("          naive = render+write time per PDF, each template's mean weighted by its share of the corpus")
    print("                  (start-up and record loading excluded).")
    print("  full corpus s: naive = measured run + per-template mean × documents not rendered (EXTRAPOLATED).")
    print("  peak RSS/PSS: summed over the process and its workers (RSS counts shared pages once per process).")

    full = rows.get("preuve full")
    results = {"targets": {}}
    if not full:
        return results
    print()
    print("ratios and targets:")

    def target(name: str, value: float, ok: bool, text: str) -> None:
        results["targets"][name] = {"value": round(value, 4), "met": ok}
        print(f"  {'MET ' if ok else 'MISS'}  {text}")

    full_s = full["seconds"]
    for variant, goal in (("naive fontTools", 8.0), ("naive HarfBuzz", 2.5)):
        row = rows.get(variant)
        if row is None:
            print(f"  ----  vs {variant}: not measured")
            continue
        ratio = row["extrapolated_seconds"] / full_s
        per_ratio = row["per_doc_ms"] / full["per_doc_ms"]
        kind = "measured" if row["documents"] >= row["planned_total"] else "extrapolated"
        target(f"speedup vs {variant}", ratio, ratio >= goal,
               f"full build vs {variant}: {ratio:.1f}x faster (goal >= {goal}x; {kind} full-corpus time "
               f"{row['extrapolated_seconds']:.1f} s vs {full_s:.1f} s; per PDF {per_ratio:.1f}x)")
    if "preuve full fontTools" in rows:
        ft = rows["preuve full fontTools"]
        print(f"  info  preuve full with fontTools: {ft['seconds']:.1f} s, {ft['seconds'] / full_s:.1f}x the "
              f"HarfBuzz build")
    noop = rows.get("preuve no-op rebuild")
    if noop:
        r = noop["seconds"] / full_s
        target("no-op rebuild / full", r, r < 0.03,
               f"no-op rebuild: {noop['seconds']:.2f} s = {100 * r:.1f} % of the full build (goal < 3 %)")
    change = rows.get("preuve 1-session change")
    if change:
        r = change["seconds"] / full_s
        target("1-session change / full", r, r < 0.10,
               f"1-session change: {change['seconds']:.2f} s = {100 * r:.1f} % of the full build, "
               f"{change['documents']} PDF(s) rendered, {change['reused']} reused (goal < 10 %)")
    sharded.report(rows, args.shards, target)
    target("peak memory MB", full["peak_rss_mb"], full["peak_rss_mb"] < 600,
           f"full build peak memory: {full['peak_rss_mb']:.0f} MB RSS summed over {full['processes']} "
           f"processes ({full['peak_pss_mb']:.0f} MB PSS) (goal < 600 MB)")
    if baseline:
        base_full = baseline.get("rows", {}).get("preuve full")
        base_corpus = baseline.get("corpus", {})
        if base_full:
            r = full["peak_rss_mb"] / base_full["peak_rss_mb"]
            target("memory growth vs baseline", r, r <= 1.3,
                   f"peak memory vs baseline ({base_corpus.get('certificates')} certificates, "
                   f"{base_full['peak_rss_mb']:.0f} MB): {r:.2f}x (goal <= 1.3x)")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--trainees", type=int, default=20)
    parser.add_argument("--funded-every", type=int, default=0,
                        help="every Nth session is funded (certificats de réalisation); 0 = none")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--naive-limit", type=int, default=200,
                        help="naive pipelines render only the first K documents (0 = all)")
    parser.add_argument("--skip-fonttools", action="store_true", help="no fontTools variants")
    parser.add_argument("--shards", type=int, default=0,
                        help="simulate a sharded build's matrix of N runners after the full build (N >= 2)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 5 sessions × 10 trainees, 1 run")
    parser.add_argument("--json", type=Path, help="save the results here")
    parser.add_argument("--baseline", type=Path,
                        help="a --json file of a smaller corpus: compare the peak memory to it")
    parser.add_argument("--workdir", type=Path, help="where to generate the corpus (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the generated corpus and outputs")
    args = parser.parse_args()
    if args.quick:
        args.sessions, args.trainees, args.runs = 5, 10, 1

    work = Path(tempfile.mkdtemp(prefix="preuve-bench-", dir=args.workdir))
    try:
        load_start = os.getloadavg()[0]
        busy_start, wall_start = _busy_seconds(), time.perf_counter()
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu_start = usage.ru_utime + usage.ru_stime
        info = machine(args.jobs)
        hb = bool(info["harfbuzz_subset"])
        if not hb:
            print("HarfBuzz subsetting (libharfbuzz-subset0) is NOT available: HarfBuzz variants are skipped, "
                  "preuve is measured with fontTools.", flush=True)
        fonttools = not args.skip_fonttools or not hb
        primary = "hb" if hb else "fonttools"
        t = time.perf_counter()
        corpus = corpus_mod.generate(work / "records", args.sessions, args.trainees, args.funded_every)
        check = subprocess.run([PYTHON, "-m", "preuve.cli", "check", "--project", str(corpus.root)],
                               capture_output=True, text=True)
        if check.returncode != 0:
            raise SystemExit(f"the generated corpus is invalid:\n{check.stderr}")
        print(f"corpus: {corpus.root} ({corpus.pdfs} PDFs, generated and checked in "
              f"{time.perf_counter() - t:.1f} s); log: {work / 'bench.log'}", flush=True)
        bench = Bench(args, work)
        rounds = []
        source = source_digest()
        for i in range(args.runs):
            print(f"round {i + 1}/{args.runs}", flush=True)
            try:
                rounds.append(one_round(bench, corpus, primary, hb, fonttools))
            except SystemExit as exc:
                if source_digest() != source:
                    raise SystemExit(f"{exc}\n(preuve's code or layouts changed during the round: "
                                     "run the benchmark again once they are stable)") from None
                raise
            if source_digest() != source:
                raise SystemExit("preuve's code or layouts changed during the benchmark: the variants did not "
                                 "measure the same program; run it again once they are stable")
        # CPU time the machine spent outside this benchmark (other users distort the times).
        busy = _busy_seconds() - busy_start
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        mine = usage.ru_utime + usage.ru_stime - cpu_start
        own = resource.getrusage(resource.RUSAGE_SELF)
        mine += own.ru_utime + own.ru_stime
        info["load_start"] = load_start
        info["other_cpu_seconds"] = max(0.0, busy - mine)
        info["cpu_capacity_seconds"] = (time.perf_counter() - wall_start) * len(os.sched_getaffinity(0))
        rows = summarize(rounds, corpus)
        baseline = json.loads(args.baseline.read_text()) if args.baseline else None
        results = print_report(info, corpus, args, rows, baseline)
        if args.json:
            args.json.write_text(json.dumps({
                "machine": info,
                "corpus": {"sessions": corpus.sessions, "trainees": corpus.trainees, "pdfs": corpus.pdfs,
                           "certificates": corpus.certificates, "funded_sessions": corpus.funded_sessions},
                "args": {k: str(v) for k, v in vars(args).items()},
                "rows": rows, **results,
                "runs": [[{"variant": r.variant, "seconds": r.seconds, "peak_rss_mb": r.peak_rss_mb,
                           "peak_pss_mb": r.peak_pss_mb, "maxrss_mb": r.maxrss_mb, "cpu_seconds": r.cpu_seconds,
                           "result": r.result}
                          for r in runs] for runs in rounds],
            }, indent=1, ensure_ascii=False))
            print(f"\nresults saved to {args.json}")
    finally:
        if args.keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
