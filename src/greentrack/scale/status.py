"""The status of every current target of a ledger, computed in bulk: set-based SQL in, numpy columns out.

`load_tracking(session)` reads current targets and their observations with three streamed queries
(`repository.tracking_rows`, `tracking_observations`) and translates them exactly as
`ledger/tracking.py` does one target at a time: the target in its indicator's unit, observations
converted to it (or left out when they cannot be), a target's own value winning over its
indicator's for the same period. `assess_tracking(tracking, as_of)` is one call of
`track.assess_table`, for any date, without reading the database again.

`status_columns(session, as_of)` does both a slice of targets at a time (`SLICE` ids per slice), so
memory stays bounded on a national ledger, and keeps only what lists filter and sort on.

Every figure equals `ledger.status.build_status`'s, target for target (tests/scale holds them to it).
The tracked targets carry no departments: warnings and dockets come from the per-target path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import numpy as np

from greentrack.ledger import repository
from greentrack.ledger.tracking import tracking_unit
from greentrack.resolve import Quantity, convert, get_indicator
from greentrack.track import AssessmentBatch, ObservationTable, TargetTable, TrackedTarget, assess_table
from greentrack.track.columns import Bools, Floats, Ints, paused_collection

FIELD = {name: index for index, name in enumerate(repository.TRACKING_FIELDS)}
SLICE = 20_000
ROW = np.dtype([("target", "i8"), ("ordinal", "i8"), ("value", "f8"), ("unit", "O"), ("illustrative", "?"),
                ("id", "i8"), ("period", "O")])  # repository.OBSERVATION_FIELDS


@dataclass(frozen=True)
class LedgerTracking:
    """Current targets as tracking sees them, as columns (ids ascending), and their query rows."""

    ids: Ints
    targets: TargetTable
    observations: ObservationTable
    illustrative: Bools  # per target: a value it uses is 示例数据 (illustrative or synthetic)
    rows: list[tuple[Any, ...]]  # repository.TRACKING_FIELDS of each target


@dataclass(frozen=True)
class StatusColumns:
    """Every current target's status on `as_of` and what a list filters and sorts on, in ledger order.

    `ratio`, `year` are NaN and `due` is 0 where there is none; `status` indexes `track.STATUSES`.
    """

    as_of: dt.date
    mark: tuple[int, int, int]
    ids: Ints
    status: Ints
    ratio: Floats
    due: Ints
    illustrative: Bools
    year: Floats
    jurisdiction: list[str | None]
    indicator_id: list[str | None]
    indicator: list[str]


def load_tracking(session: Any, first: int | None = None, last: int | None = None) -> LedgerTracking:
    """Read current targets (ids `first`…`last`, or all) and their observations into columns."""
    with paused_collection():  # millions of short-lived tuples: no cyclic garbage to look for
        rows = repository.tracking_rows(session, first, last)
        tracked = [_tracked(row) for row in rows]
        keyed = np.fromiter(repository.tracking_observations(session, False, first, last), ROW)
        own = np.fromiter(repository.tracking_observations(session, True, first, last), ROW)
        table = TargetTable.of([target for target, _ in tracked])
    ids = np.fromiter((row[0] for row in rows), np.int64, len(rows))
    if len(own):  # a target's own value wins over its indicator's for the same period
        keyed = _unshadowed(session, keyed, own)
    observations, illustrative = _observations(ids, tracked, np.concatenate([keyed, own]))
    return LedgerTracking(ids, table, observations, illustrative, rows)


def assess_tracking(tracking: LedgerTracking, as_of: dt.date) -> AssessmentBatch:
    """Every loaded target assessed on `as_of` (the track stage's bulk path)."""
    return assess_table(tracking.targets, tracking.observations, as_of)


def status_columns(session: Any, as_of: dt.date, slice_size: int = SLICE) -> StatusColumns:
    """Every current target's status on `as_of`, read and assessed `slice_size` targets at a time."""
    mark = repository.ledger_mark(session)
    order = np.asarray(repository.tracking_ids(session), dtype=np.int64)
    ascending = np.sort(order)
    parts: list[tuple[Any, ...]] = []
    for start in range(0, len(ascending), slice_size):
        chunk = ascending[start:start + slice_size]
        tracking = load_tracking(session, int(chunk[0]), int(chunk[-1]))
        batch = assess_tracking(tracking, as_of)
        columns, rows = batch.columns, tracking.rows
        parts.append((tracking.ids, columns["status"].astype(np.int64), columns["ratio"], columns["due"],
                      tracking.illustrative,
                      np.array([np.nan if r[FIELD["year"]] is None else r[FIELD["year"]] for r in rows], dtype=float),
                      [r[FIELD["jurisdiction_code"]] for r in rows], [r[FIELD["indicator_id"]] for r in rows],
                      [r[FIELD["indicator"]] for r in rows]))
    ids = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, dtype=np.int64)
    where = np.searchsorted(ids, order)  # slices come in ascending ids; the ledger's order is another

    def joined(index: int) -> np.ndarray:
        return np.concatenate([p[index] for p in parts])[where] if parts else np.zeros(0)

    def listed(index: int) -> list[Any]:
        flat = [value for p in parts for value in p[index]]
        return [flat[i] for i in where.tolist()]

    return StatusColumns(as_of, mark, order, joined(1).astype(np.int64), joined(2), joined(3).astype(np.int64),
                         joined(4).astype(bool), joined(5), listed(6), listed(7), listed(8))


class _Record:
    """The fields of a TargetRecord that `tracking_unit` reads, over a query row."""

    __slots__ = ("canonical_unit", "canonical_value", "indicator_id", "target")

    def __init__(self, row: tuple[Any, ...]) -> None:
        self.indicator_id, self.canonical_value = row[FIELD["indicator_id"]], row[FIELD["canonical_value"]]
        self.canonical_unit = row[FIELD["canonical_unit"]]
        self.target = _Target(row)


class _Target:
    __slots__ = ("kind", "unit", "value")

    def __init__(self, row: tuple[Any, ...]) -> None:
        self.kind, self.value, self.unit = row[FIELD["kind"]], row[FIELD["value"]], row[FIELD["unit"]]


@cache
def _indicator(indicator_id: str | None) -> tuple[str | None, str]:
    indicator = get_indicator(indicator_id) if indicator_id else None
    return (indicator.zh, indicator.direction) if indicator else (None, "")


@lru_cache(maxsize=1 << 16)
def _converted(value: float, unit: str, to_unit: str) -> float | None:
    found = convert(value, unit, to_unit)
    return found.value if isinstance(found, Quantity) else None


def _tracked(row: tuple[Any, ...]) -> tuple[TrackedTarget, bool]:
    """`tracking.track_input`'s target for one query row, and whether its unit fits (else no observation counts)."""
    value, unit = tracking_unit(_Record(row))  # type: ignore[arg-type]
    name, direction = _indicator(row[FIELD["indicator_id"]])
    kind, baseline = row[FIELD["kind"]], row[FIELD["baseline_value"]]
    if baseline is not None and kind != "change":
        baseline = _converted(baseline, row[FIELD["unit"]], unit)
    deadline, issued = row[FIELD["deadline"]], row[FIELD["issue_date"]]
    target = TrackedTarget(
        id=str(row[0]), indicator=name or row[FIELD["indicator"]], kind=kind, comparator=row[FIELD["comparator"]],
        value=row[FIELD["value"]] if value is None else value, unit=unit, year=row[FIELD["year"]],
        deadline=dt.date.fromisoformat(deadline) if deadline else None, baseline_value=baseline,
        baseline_year=row[FIELD["baseline_year"]], reference_year=row[FIELD["reference_year"]], direction=direction,
        start_year=int(issued[:4]) if issued and issued[:4].isdigit() else None)
    return target, value is not None


def _unshadowed(session: Any, keyed: np.ndarray, own: np.ndarray) -> np.ndarray:
    """The keyed rows without those a target's own row replaces (same target, same period)."""
    mine = set(zip(own["target"].tolist(), own["period"].tolist(), strict=True))
    candidates = np.isin(keyed["target"], own["target"])
    periods = repository.keyed_periods(session, keyed["id"][candidates].tolist())
    shadowed = np.zeros(len(keyed), dtype=bool)
    for index in np.flatnonzero(candidates):
        shadowed[index] = (int(keyed["target"][index]), periods[int(keyed["id"][index])]) in mine
    return keyed[~shadowed]


def _observations(ids: Ints, tracked: Sequence[tuple[TrackedTarget, bool]],
                  found: np.ndarray) -> tuple[ObservationTable, Bools]:
    """Observation columns in `observations_for` order, converted to each target's unit; illustrative per target."""
    position = np.zeros(int(ids.max()) + 1 if len(ids) else 1, dtype=np.int64)
    position[ids] = np.arange(len(ids))
    owner = position[found["target"]]
    order = np.lexsort((found["id"], found["ordinal"], owner))  # by date, then id, as observations_for
    owner, found = owner[order], found[order]
    values, usable = _in_target_units(owner, found["value"], found["unit"], tracked)
    owner = owner[usable]
    illustrative = np.zeros(len(ids), dtype=bool)
    illustrative[owner[found["illustrative"][usable]]] = True
    return ObservationTable.from_columns(owner, found["ordinal"][usable], values[usable]), illustrative


def _in_target_units(owner: Ints, values: Floats, units: np.ndarray,
                     tracked: Sequence[tuple[TrackedTarget, bool]]) -> tuple[Floats, Bools]:
    """Each value converted as `convert` would (the same unit too: it rounds to 12 digits); usable rows."""
    if not len(owner):
        return values, np.zeros(0, dtype=bool)
    target_unit = np.asarray([t.unit for t, _ in tracked], dtype=object)[owner]
    usable = np.asarray([fits for _, fits in tracked], dtype=bool)[owner]
    out = values.copy()
    unchanged = (units == target_unit) & _already_tidy(values)
    for index in np.flatnonzero(usable & ~unchanged):
        converted = _converted(float(values[index]), units[index], target_unit[index])
        if converted is None:
            usable[index] = False
        else:
            out[index] = converted
    return out, usable


def _already_tidy(values: Floats) -> Bools:
    """Values that are the nearest double to a decimal of at most 12 significant digits.

    For those `convert`'s `float(f"{v:.12g}")` gives the value back, so the Python call is skipped.
    The test is exact: scaling by a power of ten up to 10^22 is exact, and N / 10^k (or N · 10^k) is
    correctly rounded, so equality means the value is that decimal's nearest double.
    """
    with np.errstate(all="ignore"):
        magnitude = np.floor(np.log10(np.abs(values)))
        digits = np.where(np.isfinite(magnitude), 11 - magnitude, 0).astype(np.int64)
        up, down = 10.0 ** np.clip(digits, 0, 22), 10.0 ** np.clip(-digits, 0, 22)
        again = np.round(values * up / down) / up * down
    return (again == values) & (np.abs(digits) <= 22)
