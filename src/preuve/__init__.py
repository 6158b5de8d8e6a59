"""preuve: training records kept in git, turned into the documents that prove the training happened."""

__version__ = "0.2.0"

# Where preuve's source, reusable workflow and pre-commit hook are published: the files that
# ``preuve init`` writes point there, pinned to this version.
SOURCE_REPOSITORY = "preuve/preuve"
