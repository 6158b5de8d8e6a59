"""Validate stage: raw files → typed :class:`~preuve.records.Records`, collecting every problem."""

from .records import validate

__all__ = ["validate"]
