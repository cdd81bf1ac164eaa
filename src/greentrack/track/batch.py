"""The result of `assess_many`: columns of figures that become `Assessment` records on access."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import overload

import numpy as np

from greentrack.track.models import STATUSES, Assessment, TrackedTarget
from greentrack.track.progress import (
    NOTE_NO_REFERENCE_VALUE,
    NOTE_NO_REFERENCE_YEAR,
    NOTE_NO_TARGET_YEAR,
    NOTE_UNDATED_BASELINE,
)

METHODS = ("", "cagr", "linear", "share", "compliance")
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
        return (self._row(i) for i in range(len(self)))

    def statuses(self) -> list[str]:
        """Every target's status code, in order, without building the records."""
        return [STATUSES[code] for code in self.columns["status"].tolist()]

    def _lists(self) -> dict[str, list]:
        """The columns as Python lists, made once: indexing a list is far cheaper than a numpy scalar."""
        if self._cache is None:
            self._cache = {name: column.tolist() for name, column in self.columns.items()}
            start, size, ordinals, values = self._series
            self._cache.update(series_start=start.tolist(), series_size=size.tolist(),
                               series_ordinals=ordinals.tolist(), series_values=values.tolist())
        return self._cache

    def _row(self, i: int) -> Assessment:
        c, target = self._lists(), self.targets[i]

        def number(name: str) -> float | None:
            value = c[name][i]
            return None if value != value else value  # NaN stands for None

        def day(name: str) -> date | None:
            ordinal = c[name][i]
            return date.fromordinal(ordinal) if ordinal > 0 else None

        first = c["series_start"][i]
        last = first + c["series_size"][i]
        series = tuple(zip(map(date.fromordinal, c["series_ordinals"][first:last]), c["series_values"][first:last],
                           strict=True))
        note = NOTES[c["note"][i]]
        if "{year}" in note:
            note = note.format(year=target.reference_year if target.reference_year is not None
                               else target.baseline_year)
        year = c["forecast_year"][i]
        return Assessment(
            target_id=target.id, kind=target.kind, comparator=target.comparator, target_value=target.value,
            unit=target.unit, status=STATUSES[c["status"][i]], as_of=self.as_of,
            direction=int(c["direction"][i]), method=METHODS[c["method"][i]], target_level=number("level"),
            due=day("due"), baseline_value=number("baseline_value"), baseline_period=day("baseline_period"),
            latest_value=number("latest_value"), latest_period=day("latest_period"),
            observations_used=c["used"][i], actual_rate=number("actual"), required_rate=number("required"),
            ratio=number("ratio"), expected=number("expected"), total=number("total"),
            trend_slope=number("slope"), trend_mean_time=number("mean_time"), trend_mean_value=number("mean_value"),
            forecast=number("forecast"), forecast_year=year if year > 0 else None, shortfall=number("shortfall"),
            series=series, note=note)
