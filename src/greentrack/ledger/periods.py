"""Reporting periods: `YYYY` (a year) or `YYYY-MM` (a month), and the last day each one covers."""

from __future__ import annotations

import calendar
import datetime as dt
import re

_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


def period_end(period: str) -> dt.date:
    """The last day of a period: `2024` → 2024-12-31, `2024-06` → 2024-06-30; ValueError otherwise."""
    match = _PERIOD.match(period.strip())
    if not match:
        raise ValueError(f"period {period!r} is neither YYYY nor YYYY-MM")
    year = int(match.group(1))
    if match.group(2) is None:
        return dt.date(year, 12, 31)
    month = int(match.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f"period {period!r} has no month {month}")
    return dt.date(year, month, calendar.monthrange(year, month)[1])
