"""Targets and observations as numpy columns: the input of the bulk path.

`TargetTable.of` reads the targets once (a ledger keeps it while only observations change);
`ObservationTable` holds observations as three columns, built from objects with `of` or
straight from query results with `from_columns`, so 3 million rows need not become objects.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import chain
from operator import attrgetter

import numpy as np

from greentrack.errors import TrackInputError
from greentrack.track.checks import check_observations, check_target
from greentrack.track.columns import Bools, Floats, Ints, paused_collection
from greentrack.track.models import COMPARATORS, DIRECTIONS, KINDS, Observation, TrackedTarget

FIELDS = ("kind", "comparator", "direction", "value", "unit", "year", "deadline", "baseline_value",
          "baseline_year", "reference_year", "start_year")


def _codes(column: Sequence[object], table: tuple[str, ...]) -> Ints:
    index = {key: code for code, key in enumerate(table)}
    return np.fromiter(map(lambda v: index.get(v, -1), column), np.int64, len(column))  # type: ignore[arg-type]


NONE = type(None)
# The types each field may hold without a closer look; anything else goes through check_target.
PLAIN_TYPES: dict[str, set[type]] = {
    "value": {float, int}, "baseline_value": {float, int, NONE}, "year": {int, NONE},
    "baseline_year": {int, NONE}, "reference_year": {int, NONE}, "start_year": {int, NONE}, "deadline": {date, NONE},
}


def _unusual(columns: Mapping[str, Sequence[object]], count: int) -> Bools:
    """Targets with a field of a type numpy would coerce silently (a bool, a float year, a datetime)."""
    found = np.zeros(count, dtype=bool)
    for name, plain in PLAIN_TYPES.items():
        if not set(map(type, columns[name])) <= plain:
            found |= np.fromiter((type(v) not in plain for v in columns[name]), bool, count)
    return found


@dataclass(frozen=True)
class TargetTable:
    """Every target's fields as arrays (None → NaN or 0); `bad` marks targets `check_target` refuses."""

    targets: Sequence[TrackedTarget]
    kind: Ints
    comparator: Ints
    catalog: Floats
    value: Floats
    percent: Bools
    year: Floats
    deadline: Ints
    baseline_value: Floats
    baseline_year: Floats
    reference_year: Floats
    start_year: Floats
    bad: Bools

    @classmethod
    def of(cls, targets: Sequence[TrackedTarget]) -> TargetTable:
        """Read the targets into columns in one pass; a field of the wrong type raises TrackInputError."""
        try:
            return cls._read(targets)
        except (TypeError, ValueError, AttributeError, OverflowError):
            for target in targets:  # find and name the first target at fault
                check_target(target)
            raise

    @classmethod
    def _read(cls, targets: Sequence[TrackedTarget]) -> TargetTable:
        with paused_collection():
            rows = list(map(attrgetter(*FIELDS), targets))
            columns = dict(zip(FIELDS, zip(*rows, strict=True), strict=True)) if rows else {f: () for f in FIELDS}
        return cls.of_fields(tuple(targets), columns)

    @classmethod
    def of_fields(cls, targets: Sequence[TrackedTarget], columns: Mapping[str, Sequence[object]]) -> TargetTable:
        """From each of FIELDS as a column of the targets' values, the targets being only looked at when one
        looks unusual: a caller that has the fields already (a ledger's rows) may pass a lazy sequence."""
        count = len(targets)
        with paused_collection():
            catalog_code = _codes(columns["direction"], DIRECTIONS)
            baseline = columns["baseline_value"]
            given = np.fromiter((v is not None for v in baseline), bool, count)
            table = cls(
                targets=targets, kind=_codes(columns["kind"], KINDS),
                comparator=_codes(columns["comparator"], COMPARATORS),
                catalog=np.select([catalog_code == 0, catalog_code == 1], [1.0, -1.0], 0.0),
                value=np.array(columns["value"], dtype=np.float64),
                percent=np.fromiter((u == "%" for u in columns["unit"]), bool, count),
                year=np.array(columns["year"], dtype=np.float64),
                deadline=np.fromiter((0 if d is None else d.toordinal() for d in columns["deadline"]), np.int64,
                                     count),
                baseline_value=np.array(baseline, dtype=np.float64),
                baseline_year=np.array(columns["baseline_year"], dtype=np.float64),
                reference_year=np.array(columns["reference_year"], dtype=np.float64),
                start_year=np.array(columns["start_year"], dtype=np.float64),
                bad=np.zeros(count, dtype=bool))
        with np.errstate(invalid="ignore"):
            bad = ((table.kind < 0) | (table.comparator < 0) | (catalog_code < 0) | ~np.isfinite(table.value)
                   | (given & ~np.isfinite(table.baseline_value)))
        for index in np.flatnonzero(~bad & _unusual(columns, count)):
            try:
                check_target(targets[index])
            except TrackInputError:
                bad[index] = True
        table.bad[:] = bad
        return table


def _name_the_culprit(targets: Sequence[TrackedTarget], lists: Sequence[Sequence[Observation]]) -> None:
    """Raise, as `assess` would in a loop, for the first target whose fields or observations are at fault.

    Numbers of numpy's own types pass (np.float64 is a float); if nothing is at fault this returns.
    """
    for target, observations in zip(targets, lists, strict=True):
        check_target(target)
        check_observations(target.id, observations)


@dataclass(frozen=True)
class ObservationTable:
    """Observations as columns: each one's target (index into the target table), date ordinal and value.

    Rows of one target may come in any order; where two share a date, the later row counts as
    the later report, as in `assess` (which keeps the caller's order among equal dates).
    """

    target: Ints
    ordinal: Ints
    value: Floats

    @classmethod
    def of(cls, targets: Sequence[TrackedTarget],
           observations_by_target_id: Mapping[str, Sequence[Observation]]) -> ObservationTable:
        """Read the observations of each target, in the targets' order; a wrong type raises TrackInputError."""
        lists = [observations_by_target_id.get(t.id, ()) for t in targets]
        try:
            with paused_collection():
                sizes = np.fromiter(map(len, lists), np.int64, len(lists))
                flat = list(chain.from_iterable(lists))
                periods = list(map(attrgetter("period"), flat))
                numbers = list(map(attrgetter("value"), flat))
                # numpy would take a datetime's ordinal and parse a numeric string: assess refuses both.
                if not set(map(type, periods)) <= {date} or not set(map(type, numbers)) <= {float, int}:
                    raise TypeError("an observation of unusual type")
                ordinals = np.fromiter(map(date.toordinal, periods), np.int64, len(flat))
                values = np.array(numbers, dtype=np.float64)
        except (TypeError, ValueError, AttributeError, OverflowError):
            _name_the_culprit(targets, lists)  # raises unless the types were only unusual (np.float64)
            flat = list(chain.from_iterable(lists))
            ordinals = np.array([o.period.toordinal() for o in flat], dtype=np.int64)
            values = np.array([float(o.value) for o in flat], dtype=np.float64)
        return cls(np.repeat(np.arange(len(lists), dtype=np.int64), sizes), ordinals, values)

    @classmethod
    def from_columns(cls, target: Sequence[int] | Ints, period: Sequence[date] | np.ndarray,
                     value: Sequence[float] | Floats) -> ObservationTable:
        """From three parallel columns; `period` as dates, numpy datetime64 or date ordinals."""
        periods = np.asarray(period)
        if np.issubdtype(periods.dtype, np.datetime64):
            ordinals = periods.astype("datetime64[D]").astype(np.int64) + date(1970, 1, 1).toordinal()
        elif periods.dtype == object:
            ordinals = np.fromiter(map(date.toordinal, periods), np.int64, len(periods))
        else:
            ordinals = periods.astype(np.int64)
        return cls(np.asarray(target, dtype=np.int64), ordinals, np.asarray(value, dtype=np.float64))
