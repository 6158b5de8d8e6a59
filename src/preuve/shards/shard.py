"""``preuve build --plan-shards N`` and ``preuve build --shard I/N``: plan a split build, render a share.

Both run the build's own first stages (identify, plan), so a shard's documents have the very
render keys, and bytes, a single build gives them. The plan comes from a file (``--plan``, written
once by ``--plan-shards`` in CI, where the render jobs have no ``output/``) or is made here from
``output/``; either way its bytes go into the shard folder, and the merge checks that every shard
followed the same one. ``docs/sharding.md`` describes the whole.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..boundary import Refused
from ..build import Build
from ..build_report import BuildReport
from ..diagnostics import Diagnostics, UserError
from ..outputs.manifest import reusable_outputs
from ..plan import Job
from ..processes import unpack
from ..render.workers import WorkerPool
from ..report.literacy import coverage
from .folder import ShardFolder, shard_manifest
from .plan import (ShardPlan, add_listed, expected_cost, identity_of, identity_problem, make_plan, plan_differences,
                   read_plan)

SHARDS_FOLDER = ".shards"  # output/.shards/<version>/: plans and shards made without --out


@dataclass
class ShardReport(BuildReport):
    """What ``--plan-shards`` or ``--shard`` did (``shard`` is ``None`` for a plan)."""

    shards: int = 1
    shard: int | None = None
    written: Path = Path()
    plan_digest: str = ""
    to_render: int = 0
    loads: list[int] = field(default_factory=list)
    matrix: list[int] = field(default_factory=list)  # the shards to render: those with documents

    def summary(self) -> str:
        where = f"output/{self.version}"
        if self.shard is None:
            state = (f"{where} is already built: the shards have nothing to render" if self.skipped else
                     f"{self.to_render} document(s) to render, {self.reused} reused; expected cost per shard: "
                     f"{', '.join(map(str, self.loads))}")
            return f"planned {where} in {self.shards} shard(s): {state}; plan {self.written} ({self.seconds:.1f}s)"
        return (f"rendered shard {self.shard}/{self.shards} of {where} into {self.written}: "
                f"{self.rendered} document(s) in {self.seconds:.1f}s; {self.signing}")

    def as_json(self) -> dict[str, object]:
        found = {"version": self.version, "draft": self.draft, "draft_reason": self.draft_reason,
                 "skipped": self.skipped, "shards": self.shards, "plan_digest": self.plan_digest,
                 "warnings": len(self.diagnostics.warnings), "seconds": round(self.seconds, 3)}
        if self.shard is None:
            return {**found, "plan": str(self.written), "matrix": self.matrix,
                    "to_render": self.to_render, "reused": self.reused, "loads": self.loads}
        return {**found, "shard": self.shard, "folder": str(self.written), "rendered": self.rendered,
                "signing": self.signing}


class ShardBuild(Build):
    """Plan the split (``index`` ``None``), or render share ``index`` of ``shards``."""

    report_type = ShardReport
    report: ShardReport

    def __init__(self, *args, shards: int, index: int | None, plan_file: Path | None, out: Path | None):
        super().__init__(*args)
        self.report.shards, self.report.shard = shards, index
        self.shards, self.index, self.plan_file, self.target = shards, index, plan_file, out
        self.costs: dict[str, int] = {}
        self.share: set[str] = set()
        self.kept: list[Job] = []

    def planned(self, job: Job, key: str) -> None:
        super().planned(job, key)
        self.costs[job.output] = expected_cost(job)
        if job.output in self.share:
            self.kept.append(job)

    def jobs(self, to_render: set[str]) -> Iterator[Job]:
        """The share's documents, kept as they were planned when the plan came first (``--plan``)."""
        return iter(self.kept) if self.plan_file is not None else super().jobs(to_render)

    def run(self, started: float) -> ShardReport:
        if self.index is None:
            self.records = unpack(self.loaded)
            self.split()
        else:
            with self.rendering() as pool:
                self.records = unpack(self.loaded)  # after the workers are forked: they carry no copy
                pool.warm_up(self.setting)  # the workers set up while the documents are planned
                self.split(pool)
        self.report.seconds = time.perf_counter() - started
        return self.report

    def split(self, pool: WorkerPool | None = None) -> None:
        """Plan the documents, then write the plan, or render this shard's share on ``pool``."""
        self.cov = coverage(self.records, self.id.as_of)
        given = self.given_plan() if self.plan_file is not None else None
        if given is not None and self.index is not None:
            self.share = set(given.share(self.index))  # a 1/N share of the contexts, kept while planning
        self.plan()
        plan = self.checked(given) if given is not None else self.make_plan()
        self.report.plan_digest, self.report.loads, self.report.matrix = plan.digest, plan.loads(), plan.needed()
        self.report.skipped = plan.built
        self.report.reused, self.report.to_render = len(plan.reused), len(plan.documents) - len(plan.reused)
        if pool is None:
            self.write_plan(plan)
        else:
            self.render_share(plan, pool)

    def folder(self, name: str) -> Path:
        """``output/.shards/<version>/<name>``, inside the repository (``output/`` may come from a cache)."""
        folder = self.out.path / SHARDS_FOLDER / self.id.where.version
        with self.out.locked():
            try:
                self.out.boundary.resolve(folder)  # before anything is created through a link
            except Refused as exc:
                raise UserError(str(exc)) from None
            folder.mkdir(parents=True, exist_ok=True)
        return folder / name

    def make_plan(self) -> ShardPlan:
        with self.out.locked():
            built = self.already_built()
            reused = {} if built else self.reusable()
        return make_plan(identity_of(self.id), self.shards, self.keys, self.costs, reused, built)

    def reusable(self) -> dict[str, tuple[str, str]]:
        """As :meth:`Build.reuse` decides, without copying: output → (``<version>/<path>``, sha256)
        of each document an earlier version holds with its render key, read back and hashed."""
        found = {}
        previous = reusable_outputs(self.out.path, self.out.versions())
        for output, key in self.keys.items():
            item = previous.get((output, key))
            if item is None:
                continue
            try:
                data = self.out.boundary.read(item.path)
            except Refused:
                continue
            if hashlib.sha256(data).hexdigest() == item.sha256:
                found[output] = (item.path.relative_to(self.out.path).as_posix(), item.sha256)
        return found

    def given_plan(self) -> ShardPlan:
        """The plan of ``--plan``, if it is this build's and for this many shards."""
        assert self.plan_file is not None
        where = str(self.plan_file)
        try:
            raw = self.plan_file.read_bytes()
        except OSError as exc:
            raise UserError(f"{where}: cannot be read: {exc.strerror}") from None
        plan = read_plan(raw, where)
        problem = identity_problem(plan.identity, self.id)
        if problem is not None:
            raise UserError(f"{where}: {problem}")
        if plan.shards != self.shards:
            raise UserError(f"{where}: is a plan for {plan.shards} shard(s), not {self.shards}")
        return plan

    def checked(self, plan: ShardPlan) -> ShardPlan:
        """``plan``, once it has exactly the documents this build planned, with their keys."""
        problems = [] if plan.built else plan_differences(plan, self.keys)
        if problems:
            found = Diagnostics()
            add_listed(found, str(self.plan_file), problems)
            raise UserError(f"{self.plan_file}: does not plan this build's documents", found.sorted())
        return plan

    def write_plan(self, plan: ShardPlan) -> None:
        if self.target is not None and self.target.is_symlink():  # CI uploads all the folder holds
            raise UserError(f"{self.target}: is a symbolic link: preuve writes the plan into a folder, never "
                            "through a link (remove it, or choose another --out)")
        target = (self.target or self.folder("")) / "plan.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.parent / f".plan.json.{os.getpid()}.tmp"
        temp.write_bytes(plan.data())
        os.replace(temp, target)
        self.report.written = target

    def render_share(self, plan: ShardPlan, pool: WorkerPool) -> None:
        assert self.index is not None
        share = plan.share(self.index)
        target = self.target or self.folder(f"{self.index}-of-{self.shards}")
        with ShardFolder(target) as folder:
            self.render(folder.documents, pool, set(share))
            self.release(pool)
            folder.finish(shard_manifest(identity_of(self.id), plan.digest, self.index, self.shards,
                                         folder.documents.hashes, self.keys), plan.data())
        self.report.written = target

