"""The result of `assess_many`: columns of figures that become `Assessment` records on access."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import overload

import numpy as np

from greentrack.track.columns import paused_collection
from greentrack.track.models import STATUSES, Assessment, TrackedTarget
from greentrack.track.progress import (
    NOTE_NO_REFERENCE_VALUE,
    NOTE_NO_REFERENCE_YEAR,
    NOTE_NO_TARGET_YEAR,
    NOTE_STOCK,
    NOTE_UNDATED_BASELINE,
    stock_note,
)

METHODS = ("", "cagr", "linear", "share", "compliance")
DATES = ("due", "baseline_period", "latest_period")
CHUNK = 10_000
NOTES = ("", NOTE_UNDATED_BASELINE, NOTE_NO_REFERENCE_YEAR, NOTE_NO_REFERENCE_VALUE, NOTE_NO_TARGET_YEAR,
         NOTE_STOCK)


@dataclass(frozen=True)
class SeriesRows:
    """What each assessment's `series` is made of: its observation rows (start, size; date ordinal,
    fitted value, whether the row counts) and the one point it may add (a baseline, an origin)."""

    start: np.ndarray
    size: np.ndarray
    ordinals: np.ndarray
    values: np.ndarray
    counted: np.ndarray
    added: np.ndarray
    added_ordinal: np.ndarray
    added_value: np.ndarray


class AssessmentBatch(Sequence[Assessment]):
    """Assessments of many targets, held as numpy columns; `batch[i]` builds the i-th `Assessment`."""

    def __init__(self, targets: Sequence[TrackedTarget], as_of: date, columns: dict[str, np.ndarray],
                 rows: SeriesRows) -> None:
        self.targets, self.as_of, self.columns, self.rows = targets, as_of, columns, rows
        self._cache: dict[str, list] | None = None

    def __len__(self) -> int:
        return len(self.targets)

    @overload
    def __getitem__(self, index: int) -> Assessment: ...

    @overload
    def __getitem__(self, index: slice) -> list[Assessment]: ...

    def __getitem__(self, index: int | slice) -> Assessment | list[Assessment]:
        if isinstance(index, slice):
            return [self._row(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._row(index)

    def __iter__(self) -> Iterator[Assessment]:
        for first in range(0, len(self), CHUNK):
            with paused_collection():  # no caller code runs while a chunk is built
                chunk = [self._row(i) for i in range(first, min(first + CHUNK, len(self)))]
            yield from chunk

    def statuses(self) -> list[str]:
        """Every target's status code, in order, without building the records."""
        return [STATUSES[code] for code in self.columns["status"].tolist()]

    def _lists(self) -> dict[str, list]:
        """The columns as Python lists, made once, NaN → None and ordinals → dates already done.

        Indexing a list is far cheaper than taking a numpy scalar, and converting each column in
        one sweep beats converting each cell as a record is built.
        """
        if self._cache is None:
            cache: dict[str, list] = {}
            for name, column in self.columns.items():
                values = column.tolist()
                if name in DATES:
                    values = [date.fromordinal(v) if v > 0 else None for v in values]
                elif column.dtype.kind == "f" and name != "direction":
                    values = [None if v != v else v for v in values]  # NaN stands for None
                cache[name] = values
            rows = self.rows
            days = [date.fromordinal(v) if v > 0 else None for v in rows.added_ordinal.tolist()]
            cache.update(series_start=rows.start.tolist(), series_size=rows.size.tolist(),
                         series_days=list(map(date.fromordinal, rows.ordinals.tolist())),
                         series_values=rows.values.tolist(), series_counted=rows.counted.tolist(),
                         added=rows.added.tolist(), added_day=days, added_value=rows.added_value.tolist())
            self._cache = cache
        return self._cache

    def _row(self, i: int) -> Assessment:
        c, target = self._lists(), self.targets[i]
        first = c["series_start"][i]
        last = first + c["series_size"][i]
        points = [(day, value) for day, value, counts in zip(c["series_days"][first:last],
                                                             c["series_values"][first:last],
                                                             c["series_counted"][first:last], strict=True) if counts]
        if c["added"][i]:
            point = (c["added_day"][i], c["added_value"][i])
            points.insert(bisect_left(points, point[0], key=itemgetter(0)), point)  # no observation shares its date
        note = NOTES[c["note"][i]]
        if note is NOTE_STOCK:
            note = stock_note(target, c["level"][i])
        elif "{year}" in note:
            note = note.format(year=target.reference_year if target.reference_year is not None
                               else target.baseline_year)
        year = c["forecast_year"][i]
        record = object.__new__(Assessment)
        # Filling the instance dict directly: the frozen dataclass __init__ guards each of its 29
        # fields with object.__setattr__, which is most of the cost of building 300,000 records.
        record.__dict__.update(
            target_id=target.id, kind=target.kind, comparator=target.comparator, target_value=target.value,
            unit=target.unit, status=STATUSES[c["status"][i]], as_of=self.as_of,
            direction=int(c["direction"][i]), method=METHODS[c["method"][i]], target_level=c["level"][i],
            due=c["due"][i], baseline_value=c["baseline_value"][i], baseline_period=c["baseline_period"][i],
            latest_value=c["latest_value"][i], latest_period=c["latest_period"][i],
            observations_used=c["used"][i], actual_rate=c["actual"][i], required_rate=c["required"][i],
            ratio=c["ratio"][i], expected=c["expected"][i], total=c["total"][i],
            trend_slope=c["slope"][i], trend_mean_time=c["mean_time"][i], trend_mean_value=c["mean_value"][i],
            forecast=c["forecast"][i], forecast_year=year if year > 0 else None, shortfall=c["shortfall"][i],
            series=tuple(points), note=note, completion=c["completion"][i])
        return record
