"""preuve: training records kept in git, turned into the documents that prove the training happened."""

__version__ = "0.1.0"
