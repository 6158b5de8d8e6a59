"""The shard plan (pure): which runner renders which document, and which documents are reused.

A sharded build splits the documents to render across N runners, balanced by what each is
expected to cost rather than by count: the literacy dossier costs as much as a dozen
certificates, an attendance sheet grows with its rows. Documents an earlier version in
``output/`` already holds with the same render key are in no shard: the merge copies them. The
plan is a function of the documents' render keys and costs, of N and of what ``output/`` holds,
written once (``preuve build --plan-shards N``) and carried by every shard, so the merge can check
that every shard followed the same one. ``docs/sharding.md`` describes it.
"""

from __future__ import annotations

import hashlib
import heapq
import json
from dataclasses import dataclass
from typing import Any

from ..build import Identity, differences
from ..diagnostics import Diagnostics, UserError
from ..outputs.manifest import canonical, dumps
from ..outputs.writer import safe_relative
from ..plan import Job
from . import MAX_SHARDS

PLAN_FORMAT = "preuve-shard-plan/1"
# What a plan and a shard say of the build they belong to (``build_key`` decides; the rest explains).
IDENTITY = ("version", "commit", "build_key", "as_of", "engine_parts", "signer", "sources_digest")
SHOWN = 10  # problems listed about one file before "and N more"

# Expected render time of one document, in about milliseconds of one core (bench/, 2 vCPUs,
# WeasyPrint 70, HarfBuzz subsetting): only the ratios matter.
FIXED = {"certificate.html.j2": 105, "realisation.html.j2": 55}
SIGNING = 75  # what signing adds to a signed document (bench/sign_cost.py)


def expected_cost(job: Job) -> int:
    """What rendering ``job`` should cost: fixed for certificates, by rows for an attendance sheet,
    by length for a programme, by the size of what it shows for a literacy dossier (measured
    against each other: an attendance sheet of 20 rows is about two certificates, the dossier of
    5,000 trainees fourteen)."""
    context = job.context
    if job.template in FIXED:
        cost = FIXED[job.template]
    elif job.template == "attendance.html.j2" and isinstance(context.get("rows"), list):
        cost = 45 + 7 * len(context["rows"])
    elif job.template == "programme.html.j2" and isinstance(context.get("body"), str):
        cost = 100 + len(context["body"]) // 50
    else:  # the literacy dossiers, and any document of another shape: by the size of its data
        cost = 150 + len(canonical(context)) // 250
    return cost + (SIGNING if job.signature is not None else 0)


def partition(costs: dict[str, int], shards: int) -> dict[str, int]:
    """Each document's shard (1…N): the most expensive first, each to the shard with the least
    work so far (the lowest number on a tie), which keeps the largest shard within one document
    of the ideal. Deterministic: the same costs give the same shares."""
    loads = [(0, index) for index in range(1, shards + 1)]
    share = {}
    for path in sorted(costs, key=lambda p: (-costs[p], p)):
        load, index = heapq.heappop(loads)
        share[path] = index
        heapq.heappush(loads, (load + costs[path], index))
    return share


@dataclass(frozen=True, slots=True)
class Planned:
    """One document of the build: rendered by ``shard``, or copied from ``reuse`` (a path below
    ``output/``, ``<version>/<path>``) whose bytes have ``sha256``."""

    path: str
    render_key: str
    cost: int
    shard: int | None = None
    reuse: str | None = None
    sha256: str | None = None

    def as_json(self) -> dict[str, Any]:
        found = {"path": self.path, "render_key": self.render_key, "cost": self.cost}
        if self.shard is not None:
            return {**found, "shard": self.shard}
        return {**found, "reuse": self.reuse, "sha256": self.sha256}


@dataclass(frozen=True, slots=True)
class ShardPlan:
    """The plan of one build split in ``shards``; ``built``: ``output/`` already holds the
    version (nothing to render, the merge has nothing to publish)."""

    identity: dict[str, Any]  # the build's version, commit, build key and what the key is made of
    shards: int
    built: bool
    documents: tuple[Planned, ...]

    def data(self) -> bytes:
        return dumps({"format": PLAN_FORMAT, **self.identity, "shards": self.shards, "built": self.built,
                      "loads": self.loads(), "documents": [d.as_json() for d in self.documents]})

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data()).hexdigest()

    def share(self, index: int) -> dict[str, Planned]:
        return {d.path: d for d in self.documents if d.shard == index}

    @property
    def reused(self) -> list[Planned]:
        return [d for d in self.documents if d.shard is None]

    def loads(self) -> list[int]:
        """The expected cost of each shard, in plan order."""
        totals = [0] * self.shards
        for d in self.documents:
            if d.shard is not None:
                totals[d.shard - 1] += d.cost
        return totals

    def needed(self) -> list[int]:
        """The shards with something to render (at least the first, which carries the plan to the
        merge): a render job for an empty share would only cost a runner's set-up."""
        return sorted({d.shard for d in self.documents if d.shard is not None}) or [1]


def make_plan(identity: dict[str, Any], shards: int, keys: dict[str, str], costs: dict[str, int],
              reused: dict[str, tuple[str, str]], built: bool) -> ShardPlan:
    """``identity``: see :func:`preuve.shards.folder.identity`; ``reused``: output →
    (``<version>/<path>`` below ``output/``, sha256) of the documents an earlier version holds
    byte for byte."""
    if built:
        return ShardPlan(identity, shards, True, ())
    share = partition({p: c for p, c in costs.items() if p not in reused}, shards)
    documents = tuple(Planned(p, keys[p], costs[p], share.get(p), *(reused.get(p) or (None, None)))
                      for p in sorted(keys))
    return ShardPlan(identity, shards, False, documents)


class PlanError(ValueError):
    """A plan's field that is not what preuve writes."""


def read_plan(raw: bytes, where: str) -> ShardPlan:
    """A plan written by :meth:`ShardPlan.data` (an artifact, so checked field by field); a
    :class:`UserError` naming ``where`` otherwise. Its own bytes must be what it says."""
    try:
        data = json.loads(raw)
        if data.get("format") != PLAN_FORMAT:
            raise PlanError(f"is not a shard plan of this preuve (format {data.get('format')!r}, "
                            f"expected {PLAN_FORMAT})")
        shards = data["shards"]
        if not isinstance(shards, int) or not 1 <= shards <= MAX_SHARDS:
            raise PlanError(f"shards: {shards!r} is not a number of shards")
        plan = ShardPlan({key: data[key] for key in IDENTITY}, shards, data["built"] is True,
                         tuple(_planned(item, shards) for item in data["documents"]))
    except PlanError as exc:
        raise UserError(f"{where}: {exc}") from None
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        raise UserError(f"{where}: is not a readable shard plan ({type(exc).__name__}: {exc})") from None
    if plan.data() != raw:
        raise UserError(f"{where}: was changed after preuve wrote it (its fields do not give its bytes)")
    return plan


def _text(data: dict[str, Any], key: str) -> str:
    value = data[key]
    if not isinstance(value, str):
        raise TypeError(f"{key} is not text")
    return value


def _planned(item: dict[str, Any], shards: int) -> Planned:
    path = safe_relative(_text(item, "path"))
    cost, shard = item["cost"], item.get("shard")
    if not isinstance(cost, int) or (shard is not None and (not isinstance(shard, int) or not 1 <= shard <= shards)):
        raise PlanError(f"documents: {path}: cost or shard is not a number in range")
    if shard is not None:
        return Planned(path, _text(item, "render_key"), cost, shard)
    return Planned(path, _text(item, "render_key"), cost, None, safe_relative(_text(item, "reuse")),
                   _text(item, "sha256"))


def plan_differences(plan: ShardPlan, keys: dict[str, str]) -> list[str]:
    """How ``plan`` differs from the documents this build plans (output → render key): each
    document must be in it exactly once, with the key this build gives it."""
    planned: dict[str, str] = {}
    found = []
    for d in plan.documents:
        if d.path in planned:
            found.append(f"{d.path}: planned twice")
        planned[d.path] = d.render_key
    found += [f"{p}: is not in the plan" for p in sorted(set(keys) - set(planned))]
    found += [f"{p}: is in the plan but not a document of this build" for p in sorted(set(planned) - set(keys))]
    found += [f"{p}: planned with another render key" for p in sorted(set(keys) & set(planned))
              if keys[p] != planned[p]]
    return found


def add_listed(problems: Diagnostics, where: str, messages: list[str]) -> None:
    """The first :data:`SHOWN` messages about ``where``, then how many more (a folder that lost
    its documents on the way would otherwise list thousands)."""
    for message in messages[:SHOWN]:
        problems.error(where, 0, "", message)
    if len(messages) > SHOWN:
        problems.error(where, 0, "", f"… and {len(messages) - SHOWN} more")  # sorts last


def identity_of(ident: Identity) -> dict[str, Any]:
    """What a plan and a shard record of the build: :data:`IDENTITY`."""
    return {"version": ident.where.version, "commit": ident.where.commit, "build_key": ident.build_key,
            "as_of": ident.as_of.isoformat(), "engine_parts": ident.engine_parts, "signer": ident.signer,
            "sources_digest": ident.sources_digest}


def identity_problem(recorded: dict[str, Any], ident: Identity) -> str | None:
    """Why what a plan or a shard records is not this build, in a user's words; ``None`` if it is."""
    where = ident.where
    if recorded.get("version") != where.version or recorded.get("commit") != where.commit:
        return (f"made from commit {str(recorded.get('commit'))[:10]} (version {recorded.get('version')}), not from "
                f"this commit {str(where.commit)[:10]} (version {where.version}): it belongs to another build")
    if recorded.get("build_key") != ident.build_key:
        return (f"made by another build of this commit, with another {', '.join(differences(recorded, ident))}: "
                "every job must run the same preuve, system packages, layouts, signing key and --as-of")
    return None
