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

from greentrack.track.columns import Bools, Floats, Ints, paused_collection
from greentrack.track.models import COMPARATORS, DIRECTIONS, KINDS, Observation, TrackedTarget

FIELDS = ("kind", "comparator", "direction", "value", "unit", "year", "deadline", "baseline_value",
          "baseline_year", "reference_year", "start_year")


def _codes(column: Sequence[object], table: tuple[str, ...]) -> Ints:
    index = {key: code for code, key in enumerate(table)}
    return np.fromiter(map(lambda v: index.get(v, -1), column), np.int64, len(column))  # type: ignore[arg-type]


@dataclass(frozen=True)
class TargetTable:
    """Every target's fields as arrays (None → NaN or 0); `bad` marks targets `check_target` refuses."""

    targets: tuple[TrackedTarget, ...]
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
        """Read the targets into columns in one pass."""
        with paused_collection():
            rows = list(map(attrgetter(*FIELDS), targets))
            columns = dict(zip(FIELDS, zip(*rows, strict=True), strict=True)) if rows else {f: () for f in FIELDS}
            catalog_code = _codes(columns["direction"], DIRECTIONS)
            baseline = columns["baseline_value"]
            given = np.fromiter((v is not None for v in baseline), bool, len(rows))
            table = cls(
                targets=tuple(targets), kind=_codes(columns["kind"], KINDS),
                comparator=_codes(columns["comparator"], COMPARATORS),
                catalog=np.select([catalog_code == 0, catalog_code == 1], [1.0, -1.0], 0.0),
                value=np.array(columns["value"], dtype=np.float64),
                percent=np.fromiter((u == "%" for u in columns["unit"]), bool, len(rows)),
                year=np.array(columns["year"], dtype=np.float64),
                deadline=np.fromiter((0 if d is None else d.toordinal() for d in columns["deadline"]), np.int64,
                                     len(rows)),
                baseline_value=np.array(baseline, dtype=np.float64),
                baseline_year=np.array(columns["baseline_year"], dtype=np.float64),
                reference_year=np.array(columns["reference_year"], dtype=np.float64),
                start_year=np.array(columns["start_year"], dtype=np.float64),
                bad=np.zeros(len(rows), dtype=bool))
        with np.errstate(invalid="ignore"):
            bad = ((table.kind < 0) | (table.comparator < 0) | (catalog_code < 0) | ~np.isfinite(table.value)
                   | (given & ~np.isfinite(table.baseline_value)))
        table.bad[:] = bad
        return table


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
        """Read the observations of each target, in the targets' order."""
        with paused_collection():
            lists = [observations_by_target_id.get(t.id, ()) for t in targets]
            sizes = np.fromiter(map(len, lists), np.int64, len(lists))
            flat = list(chain.from_iterable(lists))
            ordinals = np.fromiter(map(date.toordinal, map(attrgetter("period"), flat)), np.int64, len(flat))
            values = np.fromiter(map(attrgetter("value"), flat), np.float64, len(flat))
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
