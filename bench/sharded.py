"""The sharded build's matrix, simulated on this machine (``bench.py --shards N``).

GitHub Actions would run a planning job, N render jobs at once on N runners, then a merge job.
Here each step runs in a fresh process, one after another, as the workflow's jobs run them
(``docs/sharding.md``): ``preuve build --plan-shards N``, then ``preuve build --shard I/N --plan``
for each I (each with all the cores: one runner), then ``preuve merge``. The wall time a matrix of
N runners would take is the plan + the slowest shard + the merge; runner start-up, checkout,
installation and artifact transfer are not included (nor are they in the single build's figure).
The merged archive is compared with the single build's, byte for byte.
"""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

# Run in a fresh interpreter: preuve's command line, its standard output (--json) into a file.
CLI_CHILD = r"""
import contextlib, sys
from preuve.cli import main
result, *args = sys.argv[1:]
with open(result, "w") as out, contextlib.redirect_stdout(out):
    try:
        main(args, prog_name="preuve")
    except SystemExit as exc:
        if exc.code:
            raise
"""

PLAN, MERGE = "sharded plan", "sharded merge"


def shard_variant(index: int, shards: int) -> str:
    return f"sharded shard {index}/{shards}"


def sharded_round(bench, corpus, shards: int, single_zip: Path) -> list:
    """Plan, render each shard, merge, into an empty ``output/``; the runs, in that order."""
    out, work = corpus.root / "output", bench.work / "sharded"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)

    def preuve(variant: str, *args: object):
        return bench.cli(variant, corpus, [str(a) for a in args])

    runs = [preuve(PLAN, "build", "--plan-shards", shards, "--out", work / "plan", "--json")]
    folders = [work / f"shard-{i}" for i in range(1, shards + 1)]
    for index, folder in enumerate(folders, 1):
        runs.append(preuve(shard_variant(index, shards), "build", "--shard", f"{index}/{shards}",
                           "--plan", work / "plan/plan.json", "--out", folder, "--jobs", bench.args.jobs, "--json"))
    runs.append(preuve(MERGE, "merge", *folders, "--json"))
    merged = out / f"{runs[-1].result['version']}.zip"
    runs[-1].result["identical"] = filecmp.cmp(merged, single_zip, shallow=False)
    print(f"  merged archive identical to the single build's: {'yes' if runs[-1].result['identical'] else 'NO'}",
          flush=True)
    shutil.rmtree(work, ignore_errors=True)
    return runs


def report(rows: dict, shards: int, target) -> None:
    """The simulated wall time of N runners against the single build (``target``: bench's reporter)."""
    full, plan, merge = rows.get("preuve full"), rows.get(PLAN), rows.get(MERGE)
    parts = [rows.get(shard_variant(i, shards)) for i in range(1, shards + 1)]
    if not (full and plan and merge and all(parts)):
        return
    slowest = max(p["seconds"] for p in parts)
    wall = plan["seconds"] + slowest + merge["seconds"]
    ratio = wall / full["seconds"]
    print(f"  info  {shards} shards: plan {plan['seconds']:.1f} s, shards {min(p['seconds'] for p in parts):.1f}–"
          f"{slowest:.1f} s (sum {sum(p['seconds'] for p in parts):.1f} s), merge {merge['seconds']:.1f} s")
    # CPU time is what the runs asked of the machine, whoever else used it meanwhile: the cost of
    # sharding (its sum against the single build's), less distorted by a shared machine than wall time.
    cpu = sum(row["cpu_seconds"] for row in (plan, merge, *parts))
    print(f"  info  CPU time: single build {full['cpu_seconds']:.1f} s; plan {plan['cpu_seconds']:.1f} s, shards "
          f"{min(p['cpu_seconds'] for p in parts):.1f}–{max(p['cpu_seconds'] for p in parts):.1f} s, merge "
          f"{merge['cpu_seconds']:.1f} s; all together {cpu:.1f} s ({cpu / full['cpu_seconds']:.2f}x the single build)")
    target(f"{shards}-runner wall / full", ratio, ratio < 0.35,
           f"{shards} runners (simulated): plan + slowest shard + merge = {wall:.1f} s = {100 * ratio:.1f} % of the "
           f"single build's {full['seconds']:.1f} s (goal < 35 %)")
