"""Calendar arithmetic the reports need (months and years added to a date, clamped to month end).

Records may hold dates up to 9999-12-31 (the "no end date" of HR exports): a result past it is
9999-12-31, so retention, refresh and coverage dates never overflow (docs/security.md)."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if year > date.max.year:
        return date.max
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)
