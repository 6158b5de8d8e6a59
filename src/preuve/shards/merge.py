"""``preuve merge SHARD…``: the shards of a build, checked, made into the version a single build makes.

The merge runs the build's own stages around the documents: it identifies the build and plans
its documents as a single build does, checks every shard against them, then, instead of
rendering, copies the shards' documents and the reused ones into the staging folder; the pages,
the sources, the manifest, the archive and the links follow, the same stages as ``preuve build``,
so the version is byte for byte the one a single build writes. Every problem with the shards is
found before anything is written: a missing, duplicated or foreign shard publishes nothing.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from ..build import Build
from ..build_report import BuildReport
from ..diagnostics import Diagnostics, UserError
from ..outputs.writer import Staging
from ..processes import unpack
from ..report.literacy import coverage
from .folder import NotAShard, Shard, read_shard
from .plan import ShardPlan, add_listed, identity_problem, plan_differences, read_plan
from .shard import SHARDS_FOLDER


@dataclass
class MergeReport(BuildReport):
    merged: int = 0  # shards

    def made(self) -> str:
        return (f"merged {self.merged} shard(s) into output/{self.version}: {self.rendered} document(s) rendered "
                f"by the shards, {self.reused} reused")

    def as_json(self) -> dict[str, object]:
        return {**super().as_json(), "shards": self.merged}


class Merge(Build):
    """The stages of :class:`~preuve.build.Build`, with the shards' documents instead of rendering."""

    report_type = MergeReport
    report: MergeReport

    def __init__(self, *args, folders: tuple[Path, ...]):
        super().__init__(*args)
        self.folders = folders

    def run(self, started: float) -> MergeReport:
        self.records = unpack(self.loaded)
        self.cov = coverage(self.records, self.id.as_of)
        self.plan()
        plan, shards = self.checked()
        version = self.id.where.version
        with self.out.locked():
            built = self.already_built()
            if plan.built and not built:
                raise UserError(f"the plan says output/{version} is already built, but it is not in this output/: "
                                "the merge needs the output/ the plan was made with (restore the same cache)")
            if not built:
                with self.out.staging(version) as stage:
                    self.gather(stage, plan, shards)
                    self.finish(stage)
            self.point_links()
            shutil.rmtree(self.out.path / SHARDS_FOLDER / version, ignore_errors=True)
        self.report.merged = len(shards)
        self.report.seconds = time.perf_counter() - started
        return self.report

    def checked(self) -> tuple[ShardPlan, dict[int, Shard]]:
        """The plan and the shards by number, once every shard is this build's, with the same plan,
        each number once, none with documents missing, and each holding what the plan gives it;
        every problem is collected first and reported together."""
        problems = Diagnostics()
        shards: dict[int, Shard] = {}
        for folder in self.folders:
            try:
                shard = read_shard(folder)
            except NotAShard as exc:
                problems.error(str(exc.folder), 0, "", exc.message)
                continue
            problem = identity_problem(shard.manifest, self.id)
            if problem is not None:
                problems.error(str(folder), 0, "", problem)
            elif shard.index in shards:
                problems.error(str(folder), 0, "", f"{shard.name} is given twice (also {shards[shard.index].folder})")
            else:
                shards[shard.index] = shard
        plan = self.common_plan(shards, problems)
        if plan is not None:
            needed = plan.needed()
            for index in range(1, plan.shards + 1):
                if index in shards:
                    self.check_share(shards[index], plan, problems)
                elif index in needed:  # a shard with nothing to render need not run
                    problems.error(f"shard {index}/{plan.shards}", 0, "", "is missing: no folder given holds it")
        if problems.errors or plan is None:
            raise UserError("the shards cannot be merged: nothing was written", problems.sorted())
        return plan, shards

    def common_plan(self, shards: dict[int, Shard], problems: Diagnostics) -> ShardPlan | None:
        """The plan every shard carries, if they carry the same one and it plans this build."""
        if not shards:
            if not problems.errors:
                problems.error(", ".join(map(str, self.folders)), 0, "", "no shard to merge")
            return None
        first = shards[min(shards)]
        for shard in shards.values():
            if shard.manifest["plan"] != first.manifest["plan"]:
                problems.error(str(shard.folder), 0, "", f"follows another plan than {first.folder}: every shard "
                               "must follow the same plan (the same --plan file, or the same output/)")
        try:
            plan = read_plan(first.plan, str(first.folder / "plan.json"))
        except UserError as exc:
            problems.error(str(first.folder / "plan.json"), 0, "", str(exc).split(": ", 1)[-1])
            return None
        add_listed(problems, str(first.folder / "plan.json"), [] if plan.built else plan_differences(plan, self.keys))
        return plan

    def check_share(self, shard: Shard, plan: ShardPlan, problems: Diagnostics) -> None:
        """A shard holds exactly the documents the plan gives it, with their render keys."""
        if shard.shards != plan.shards:
            problems.error(str(shard.folder), 0, "", f"is a shard of {shard.shards}, the plan has {plan.shards}")
            return
        share = plan.share(shard.index)
        wrong = [f"{path}: planned in {shard.name} but not in this folder" for path in sorted(set(share) - set(shard.documents))]
        wrong += [f"{path}: is not planned in {shard.name}" for path in sorted(set(shard.documents) - set(share))]
        wrong += [f"{path}: has another render key than the plan's" for path in sorted(set(share) & set(shard.documents))
                  if share[path].render_key != shard.documents[path][0]]
        add_listed(problems, str(shard.folder), wrong)

    def gather(self, stage: Staging, plan: ShardPlan, shards: dict[int, Shard]) -> None:
        """Every document into the staging folder: the shards' (bytes checked against shard.json)
        and the reused ones (against the plan); any missing is an error, and nothing is published."""
        problems: dict[str, list[str]] = {}
        versions = set(self.out.versions())
        for doc in plan.documents:
            if doc.shard is not None:
                try:
                    stage.write(doc.path, shards[doc.shard].read(doc.path))
                    self.report.rendered += 1
                except NotAShard as exc:
                    problems.setdefault(str(exc.folder), []).append(exc.message)
            elif (doc.reuse or "").split("/", 1)[0] in versions and \
                    stage.copy(doc.path, self.out.path / str(doc.reuse), doc.sha256) is not None:
                self.report.reused += 1
            else:
                problems.setdefault("output/", []).append(
                    f"{doc.reuse}: is reused by the plan, but missing or changed here: the merge needs the output/ "
                    "the plan was made with (restore the same cache)")
        if problems:
            found = Diagnostics()
            for where, messages in problems.items():
                add_listed(found, where, messages)
            raise UserError("the shards cannot be merged: nothing was published", found.sorted())

