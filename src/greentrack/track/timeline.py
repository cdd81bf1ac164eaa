"""Dates as decimal years, so that a year's figure (dated 31 December) sits on a whole number.

31 Dec 2020 → 2020.0, 30 Jun 2024 → 2023.497 (182nd day of 366). Differences between two
year-end figures are whole years, which keeps hand computation exact.
"""

from __future__ import annotations

import calendar
from datetime import date


def decimal_year(day: date) -> float:
    """`year + (day of year − days in year) / days in year`: 31 December is the whole year."""
    days = 366 if calendar.isleap(day.year) else 365
    day_of_year = day.toordinal() - date(day.year, 1, 1).toordinal() + 1
    return day.year + (day_of_year - days) / days


def year_end(year: int) -> date:
    """31 December of `year`, the date a year's figure carries."""
    return date(year, 12, 31)
