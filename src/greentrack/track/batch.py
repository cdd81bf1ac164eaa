"""The result of `assess_many`: columns of figures that become `Assessment` records on access."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import overload

import numpy as np

from greentrack.track.columns import paused_collection
from greentrack.track.models import STATUSES, Assessment, TrackedTarget
from greentrack.track.progress import (
    NOTE_NO_REFERENCE_VALUE,
    NOTE_NO_REFERENCE_YEAR,
    NOTE_NO_TARGET_YEAR,
    NOTE_UNDATED_BASELINE,
)

METHODS = ("", "cagr", "linear", "share", "compliance")
DATES = ("due", "baseline_period", "latest_period")
CHUNK = 10_000
NOTES = ("", NOTE_UNDATED_BASELINE, NOTE_NO_REFERENCE_YEAR, NOTE_NO_REFERENCE_VALUE, NOTE_NO_TARGET_YEAR)


class AssessmentBatch(Sequence[Assessment]):
    """Assessments of many targets, held as numpy columns; `batch[i]` builds the i-th `Assessment`."""

    def __init__(self, targets: tuple[TrackedTarget, ...], as_of: date, columns: dict[str, np.ndarray],
                 series_start: np.ndarray, series_size: np.ndarray, series_ordinals: np.ndarray,
                 series_values: np.ndarray) -> None:
        self.targets, self.as_of, self.columns = targets, as_of, columns
        self._series = (series_start, series_size, series_ordinals, series_values)
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
            start, size, ordinals, numbers = self._series
            cache.update(series_start=start.tolist(), series_size=size.tolist(),
                         series_days=list(map(date.fromordinal, ordinals.tolist())), series_values=numbers.tolist())
            self._cache = cache
        return self._cache

    def _row(self, i: int) -> Assessment:
        c, target = self._lists(), self.targets[i]
        first = c["series_start"][i]
        last = first + c["series_size"][i]
        note = NOTES[c["note"][i]]
        if "{year}" in note:
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
            series=tuple(zip(c["series_days"][first:last], c["series_values"][first:last], strict=True)), note=note)
        return record
