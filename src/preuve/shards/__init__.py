"""A build split across runners: plan the split, render one share, merge the shares into the version.

``plan.py`` decides which runner renders which document (pure), ``folder.py`` writes and reads a
shard folder, ``shard.py`` runs ``preuve build --plan-shards N`` and ``--shard I/N``, and
``merge.py`` runs ``preuve merge``. ``docs/sharding.md`` describes them for users.
"""

MAX_SHARDS = 256  # GitHub Actions runs at most 256 jobs of one matrix
