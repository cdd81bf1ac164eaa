"""Column helpers for the bulk path: dates as ordinals and decimal years, group sums in a fixed order."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import numpy as np
from numpy.typing import NDArray

EPOCH = date(1970, 1, 1).toordinal()

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]
Bools = NDArray[np.bool_]


@contextmanager
def paused_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector while many acyclic objects are read or built.

    Each burst of allocations otherwise triggers full collections over every object alive
    (millions of observations), several times slower for nothing: tuples, lists and records
    made here hold no cycles.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# Beyond this many days between the earliest and the latest date, years are looked up by search, not by table.
TABLE_SPAN = 200_000


def _by_search(ordinals: Ints) -> tuple[Floats, Ints]:
    low = date.fromordinal(int(ordinals.min())).year
    high = date.fromordinal(int(ordinals.max())).year
    # 1 January of every year from `low` to `high`, then the day after 31 December of `high`.
    firsts = np.array([date(y, 1, 1).toordinal() for y in range(low, high + 1)]
                      + [date(high, 12, 31).toordinal() + 1], dtype=np.int64)
    index = np.searchsorted(firsts, ordinals, side="right") - 1
    first = firsts[index]
    length = firsts[index + 1] - first
    calendar_year = index + low
    return calendar_year.astype(np.float64) + (ordinals - first + 1 - length) / length, calendar_year


def decimal_years(ordinals: Ints) -> tuple[Floats, Ints]:
    """Decimal years and calendar years of date ordinals, by the formula of `timeline.decimal_year`.

    Dates of monitoring data span a few decades, so each day of that span is worked out once and
    every row looks its day up.
    """
    if len(ordinals) == 0:
        return np.zeros(0), np.zeros(0, dtype=np.int64)
    low, high = int(ordinals.min()), int(ordinals.max())
    if high - low > TABLE_SPAN:
        return _by_search(ordinals)
    times, years = _by_search(np.arange(low, high + 1, dtype=np.int64))
    return times[ordinals - low], years[ordinals - low]


def year_end_ordinals(years: Floats) -> Ints:
    """Ordinals of 31 December of each (whole, finite) year; other entries come out as 0."""
    finite = np.isfinite(years)
    whole = np.where(finite, years, 1970.0).astype(np.int64)
    ends = (whole - 1970 + 1).astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64) - 1 + EPOCH
    return np.where(finite, ends, 0)


def pick(values: NDArray[np.generic], index: Ints, ok: Bools, fill: object) -> NDArray[np.generic]:
    """`values[index]` where `ok`, else `fill` (safe when `values` is empty or `index` is out of range)."""
    if len(values) == 0:
        return np.full(len(index), fill, dtype=values.dtype)
    return np.where(ok, values[np.where(ok, index, 0)], fill)


class Groups:
    """Rows sorted by group, with each group's start and size; sums run row by row within a group.

    Summing slot by slot (the first row of every group, then the second …) adds each group's
    terms left to right, exactly as the one-target path does, so both give the same bits;
    numpy's own reductions add pairwise and would not. Groups are kept longest first so that
    the groups still having a j-th row are a prefix and each slot is one slice.
    """

    def __init__(self, group_of_row: Ints, groups: int) -> None:
        self.size = np.bincount(group_of_row, minlength=groups).astype(np.int64)
        self.start = np.cumsum(self.size) - self.size
        self.last = self.start + self.size - 1
        self._order = np.argsort(-self.size, kind="stable")
        ordered = self.size[self._order]
        first_rows = self.start[self._order]
        longest = int(ordered[0]) if groups else 0
        self._slots: list[tuple[int, Ints]] = []
        for j in range(longest):
            still = int(np.searchsorted(-ordered, -j, side="left"))  # groups with more than j rows
            self._slots.append((still, first_rows[:still] + j))

    def total(self, values: Floats) -> Floats:
        """Each group's sum, added left to right from 0.0."""
        acc = np.zeros(len(self.size))
        for still, rows in self._slots:
            acc[:still] += values[rows]
        out = np.empty_like(acc)
        out[self._order] = acc
        return out

    def running(self, values: Floats) -> Floats:
        """Each row's running total within its group, added left to right from 0.0."""
        acc = np.zeros(len(self.size))
        out = np.empty_like(values)
        for still, rows in self._slots:
            acc[:still] += values[rows]
            out[rows] = acc[:still]
        return out
