"""The command line's options for sharded builds: ``--shard I/N`` and what ``preuve build`` runs.

Kept apart from ``cli.py`` and light (click only): the command line imports it before anything
heavy, and the shard's own code only when a shard or a plan is asked for.
"""

from __future__ import annotations

import functools
from pathlib import Path

import click

from . import MAX_SHARDS


class ShardNumber(click.ParamType):
    """``I/N``: shard I of N."""

    name = "I/N"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        index, _, total = str(value).partition("/")
        if not (index.isdigit() and total.isdigit() and 1 <= int(index) <= int(total) <= MAX_SHARDS):
            self.fail(f"{value!r} is not I/N, a shard number I from 1 to N, N at most {MAX_SHARDS}", param, ctx)
        return int(index), int(total)


def build_kind(shard: tuple[int, int] | None, plan_shards: int | None, plan: Path | None, out: Path | None):
    """What ``preuve build`` runs: a build, the plan of a split build, or one shard of it."""
    if shard and plan_shards:
        raise click.UsageError("--shard and --plan-shards do not go together: plan first, then render each shard")
    if (plan and not shard) or (out and not (shard or plan_shards)):
        raise click.UsageError("--plan and --out go with --shard (--out also with --plan-shards)")
    if not (shard or plan_shards):
        return None
    index, total = shard or (None, plan_shards)
    return functools.partial(_shard, shards=total, index=index, plan_file=plan, out=out)


def merge_kind(folders: tuple[Path, ...]):
    """What ``preuve merge`` runs."""
    return functools.partial(_merge, folders=folders)


# Imported when the build runs, not when the options are read: the command line starts reading
# the records before it imports the PDF engine (processes.py).
def _shard(*args, **options):
    from .shard import ShardBuild

    return ShardBuild(*args, **options)


def _merge(*args, **options):
    from .merge import Merge

    return Merge(*args, **options)
