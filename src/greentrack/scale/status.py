"""The status of every current target of a ledger, computed in bulk: set-based SQL in, numpy columns out.

`load_tracking(session)` reads current targets and their observations with three streamed queries
(`repository.bulk.tracking_rows`, `tracking_observations`) and translates them exactly as
`ledger/tracking.py` does one target at a time: the target in its indicator's unit, observations
converted to it (or left out when they cannot be), a target's own value winning over its
indicator's for the same period. `assess_tracking(tracking, as_of)` is one call of
`track.assess_table`, for any date, without reading the database again.

`status_columns(session, as_of)` works a slice of targets at a time (`SLICE` ids per slice), so
memory stays bounded on a national ledger, and keeps only what lists filter and sort on. It needs
less than `load_tracking`: a status on one date reads at most three of a target's values, so the
database groups each target's rows and sends those (`repository.bulk.tracking_summaries`); the targets'
rows become columns without a `TrackedTarget` each (`_Targets`); `workers=2` shares the slices with
a forked process.

Every figure equals `ledger.status.build_status`'s, target for target (tests/scale holds them to it).
The tracked targets carry no departments: warnings and dockets come from the per-target path.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, overload

import numpy as np

from greentrack.ledger import repository
from greentrack.ledger.tracking import tracking_unit
from greentrack.resolve import Quantity, convert, get_indicator
from greentrack.resolve.units import is_known, normalise_unit
from greentrack.track import (
    KINDS,
    STATUSES,
    AssessmentBatch,
    ObservationTable,
    TargetTable,
    TrackedTarget,
    assess_table,
)
from greentrack.track.checks import check_target
from greentrack.track.columns import Bools, Floats, Ints, paused_collection

FIELD = {name: index for index, name in enumerate(repository.bulk.TRACKING_FIELDS)}
SLICE = 20_000
CUMULATIVE = KINDS.index("cumulative")
ACHIEVED = STATUSES.index("achieved")
SUMMARY = np.dtype([("target_id", "i8"), ("unit", "O"), ("other_unit", "O"), ("flags", "i8"), ("first_key", "i8"),
                    ("last_key", "i8"), ("reference_key", "i8"), ("first_value", "f8"), ("last_value", "f8"),
                    ("reference_value", "f8")])  # repository.bulk.SUMMARY_FIELDS
ROW = np.dtype([("target", "i8"), ("ordinal", "i8"), ("value", "f8"), ("unit", "O"), ("illustrative", "?"),
                ("id", "i8"), ("period", "O")])  # repository.bulk.OBSERVATION_FIELDS


@dataclass(frozen=True)
class LedgerTracking:
    """Current targets as tracking sees them, as columns (ids ascending), and their query rows."""

    ids: Ints
    targets: TargetTable
    observations: ObservationTable
    illustrative: Bools  # per target: a value it uses is 示例数据 (illustrative or synthetic)
    rows: list[tuple[Any, ...]]  # repository.bulk.TRACKING_FIELDS of each target


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


def load_tracking(session: Any, first: int | None = None, last: int | None = None,
                  documents: Sequence[int] | None = None) -> LedgerTracking:
    """Read current targets (ids `first`…`last`, or all) and their observations into columns.

    `documents`: the newest documents' ids (`repository.bulk.newest_document_ids`), when the caller has them.
    """
    with paused_collection():  # millions of short-lived tuples: no cyclic garbage to look for
        rows = repository.bulk.tracking_rows(session, first, last, documents)
        targets = _Targets(rows)
        keyed = np.fromiter(repository.bulk.tracking_observations(session, False, first, last, documents=documents),
                            ROW)
        own = np.fromiter(repository.bulk.tracking_observations(session, True, first, last, documents=documents),
                          ROW)
    if len(own):  # a target's own value wins over its indicator's for the same period
        keyed = _unshadowed(session, keyed, own)
    found = _running_as_additions(np.concatenate([keyed, own]), repository.bulk.running_targets(session, first, last))
    observations, illustrative = _observations(targets, found)
    return LedgerTracking(targets.ids, targets.table, observations, illustrative, rows)


def assess_tracking(tracking: LedgerTracking, as_of: dt.date) -> AssessmentBatch:
    """Every loaded target assessed on `as_of` (the track stage's bulk path)."""
    return assess_table(tracking.targets, tracking.observations, as_of)


def status_columns(session: Any, as_of: dt.date, slice_size: int = SLICE, workers: int = 1) -> StatusColumns:
    """Every current target's status on `as_of`, read and assessed `slice_size` targets at a time.

    `workers` > 1 shares the slices among that many processes (this one and forked ones, each with a
    connection of its own: the database's work is most of the cost), where the ledger is a file or a
    server and the platform forks; the forked ones read in transactions of their own.
    """
    mark = repository.bulk.ledger_mark(session)
    order = np.asarray(repository.bulk.tracking_ids(session), dtype=np.int64)
    ascending = np.sort(order)
    summarise = mark[2] < repository.bulk.KEY_SCALE  # observation ids fit the summaries' keys
    documents = tuple(repository.bulk.newest_document_ids(session))  # once, not in every query
    bounds = [(int(chunk[0]), int(chunk[-1]))
              for chunk in (ascending[start:start + slice_size] for start in range(0, len(ascending), slice_size))]
    url = _shareable_url(session) if workers > 1 and len(bounds) > 1 else None
    if url is None:
        parts = [_slice_status(session, as_of, first, last, summarise, documents) for first, last in bounds]
    else:
        parts = _shared(session, url, as_of, bounds, summarise, documents, workers)
    ids = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, dtype=np.int64)
    where = np.searchsorted(ids, order)  # slices come in ascending ids; the ledger's order is another

    def joined(index: int) -> np.ndarray:
        return np.concatenate([p[index] for p in parts])[where] if parts else np.zeros(0)

    def listed(index: int) -> list[Any]:
        flat = [value for p in parts for value in p[index]]
        return [flat[i] for i in where.tolist()]

    return StatusColumns(as_of, mark, order, joined(1).astype(np.int64), joined(2), joined(3).astype(np.int64),
                         joined(4).astype(bool), joined(5), listed(6), listed(7), listed(8))


def _shareable_url(session: Any) -> str | None:
    """The session's database URL when forked processes can open it too (a file or a server), else None."""
    url = session.get_bind().url
    if "fork" not in multiprocessing.get_all_start_methods() or (
            url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")):
        return None
    return str(url.render_as_string(hide_password=False))


def _shared(session: Any, url: str, as_of: dt.date, bounds: list[tuple[int, int]], summarise: bool,
            documents: tuple[int, ...], workers: int) -> list[tuple[Any, ...]]:
    """`_slice_status` of every slice, the last share here and the others in forked processes, in order.

    `array_split` makes the first shares the larger: this process, which also puts the columns
    together afterwards, takes the last.
    """
    shares = [list(share) for share in np.array_split(np.arange(len(bounds)), min(workers, len(bounds)))]
    context = multiprocessing.get_context("fork")  # no re-import: the worker starts in milliseconds
    with ProcessPoolExecutor(len(shares) - 1, mp_context=context) as pool:
        futures = [pool.submit(_slices_apart, url, as_of, [bounds[i] for i in share], summarise, documents)
                   for share in shares[:-1]]
        mine = [_slice_status(session, as_of, *bounds[i], summarise, documents) for i in shares[-1]]
        parts = [part for future in futures for part in future.result()]
    return parts + mine


def _slices_apart(url: str, as_of: dt.date, bounds: list[tuple[int, int]], summarise: bool,
                  documents: tuple[int, ...]) -> list[tuple[Any, ...]]:
    """`_slice_status` of these slices in a process of its own, on a connection of its own."""
    from sqlalchemy.orm import Session

    from greentrack.ledger.db import make_engine

    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return [_slice_status(session, as_of, first, last, summarise, documents) for first, last in bounds]
    finally:
        engine.dispose()


def _slice_status(session: Any, as_of: dt.date, first: int, last: int, summarise: bool,
                  documents: tuple[int, ...]) -> tuple[Any, ...]:
    """The StatusColumns fields of the targets with ids `first`…`last` (ascending ids).

    From the database's summary of each target's values (`_summarised`) where it tells all a status
    needs; from every value row (`load_tracking`) for a slice with a case the summary leaves out.
    """
    summary = None
    if summarise:
        with paused_collection():
            rows = repository.bulk.tracking_rows(session, first, last, documents)
            targets = _Targets(rows)
        summary = _summarised(session, as_of, first, last, targets, documents)
    if summary is None:
        tracking = load_tracking(session, first, last, documents)
        ids, rows, illustrative = tracking.ids, tracking.rows, tracking.illustrative
        batch = assess_tracking(tracking, as_of)
    else:
        observations, illustrative = _observations(targets, summary[0])
        illustrative |= summary[1]
        ids, batch = targets.ids, assess_table(targets.table, observations, as_of)
        if _reached_after_due(batch.columns, targets.table.kind, as_of):
            # 已完成 or 逾期完成 turns on whether any value dated by the deadline had reached the level: every value
            tracking = load_tracking(session, first, last, documents)
            ids, rows, illustrative = tracking.ids, tracking.rows, tracking.illustrative
            batch = assess_tracking(tracking, as_of)
    columns = batch.columns
    return (ids, columns["status"].astype(np.int64), columns["ratio"], columns["due"], illustrative,
            np.array([np.nan if r[FIELD["year"]] is None else r[FIELD["year"]] for r in rows], dtype=float),
            [r[FIELD["jurisdiction_code"]] for r in rows], [r[FIELD["indicator_id"]] for r in rows],
            [r[FIELD["indicator"]] for r in rows])


def _reached_after_due(columns: dict[str, np.ndarray], kind: np.ndarray, as_of: dt.date) -> bool:
    """Whether a level or change target the summary found achieved is past its due date (it may be late)."""
    due = columns["due"]
    return bool(((columns["status"] == ACHIEVED) & (kind != CUMULATIVE) & (due > 0)
                 & (due < as_of.toordinal())).any())


def _summarised(session: Any, as_of: dt.date, first: int, last: int, targets: _Targets,
                documents: tuple[int, ...]) -> tuple[np.ndarray, Bools] | None:
    """The value rows a status on `as_of` reads (ROW records), and illustrative per target; None if it needs all.

    A status and its ratio read, of a target's values dated on or before `as_of`: the last (the
    latest value), for a level target the first (its baseline when the plan states none) and for a
    change target the last in its reference year (its base); the fitted trend is not part of them.
    So the database picks those per target (`repository.bulk.tracking_summaries`) and only a cumulative
    target, whose total adds every value in order, has all its rows read. The summary holds when
    each target's values share one unit whose conversion does not depend on the value, no value is
    a target's own (own values shadow the indicator's per period) and every value is finite
    (else `assess` refuses); otherwise None, and the caller reads every row.
    """
    if repository.bulk.own_observations_between(session, first, last) or repository.bulk.running_targets(
            session, first, last):  # own values shadow, running totals become additions: every row is read
        return None
    found = np.fromiter(repository.bulk.tracking_summaries(session, as_of, first, last, documents), SUMMARY)
    if ((found["flags"] & repository.bulk.FLAG_NOT_FINITE).any() or (found["unit"] != found["other_unit"]).any()
            or not all(map(_plain_unit, set(found["unit"].tolist())))):
        return None
    owner = targets.position(found["target_id"])
    found, owner = found[targets.table.kind[owner] != CUMULATIVE], owner[targets.table.kind[owner] != CUMULATIVE]
    illustrative = np.zeros(len(targets), dtype=bool)
    _, usable = _in_units(np.ones(len(found)), found["unit"], targets.units[owner], targets.fits[owner])
    illustrative[owner[usable & (found["flags"] == repository.bulk.FLAG_ILLUSTRATIVE)]] = True
    picked = [_picked(found, "first", found["first_key"] >= 0),
              _picked(found, "last", (found["last_key"] >= 0) & (found["last_key"] != found["first_key"])),
              _picked(found, "reference", (found["reference_key"] >= 0) & (found["reference_key"] != found["first_key"])
                      & (found["reference_key"] != found["last_key"]))]
    every = np.fromiter(repository.bulk.tracking_observations(session, False, first, last, "cumulative", documents),
                        ROW)
    return np.concatenate([*picked, every]), illustrative


def _picked(found: np.ndarray, which: str, keep: Bools) -> np.ndarray:
    """The `which` row of each summary kept, as a ROW record (its date and id from the key)."""
    found = found[keep]
    key = found[f"{which}_key"]
    rows = np.zeros(len(found), dtype=ROW)
    rows["target"], rows["value"], rows["unit"] = found["target_id"], found[f"{which}_value"], found["unit"]
    rows["ordinal"], rows["id"] = np.divmod(key, repository.bulk.KEY_SCALE)
    rows["illustrative"] = found["flags"] == repository.bulk.FLAG_ILLUSTRATIVE
    return rows


@cache
def _plain_unit(unit: str) -> bool:
    """A unit `convert` knows and whose conversions do not depend on the value (no unitless zero)."""
    return is_known(unit) and normalise_unit(unit) != ""


class _Targets(Sequence[TrackedTarget]):
    """Query rows as the track stage's targets: their columns at once, a `TrackedTarget` only when one is read."""

    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        self.rows = rows
        self.ids = np.fromiter((row[0] for row in rows), np.int64, len(rows))
        try:
            columns, self.units, self.fits = _fields(rows)  # per target: the unit it is tracked in; whether it fits
            self.table = TargetTable.of_fields(self, columns)
        except (TypeError, ValueError, AttributeError, OverflowError):
            for target in self:  # name the first target at fault, as TargetTable.of does
                check_target(target)
            raise

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> TrackedTarget: ...

    @overload
    def __getitem__(self, index: slice) -> list[TrackedTarget]: ...

    def __getitem__(self, index: int | slice) -> TrackedTarget | list[TrackedTarget]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return _tracked(self.rows[index])[0]

    def position(self, target_ids: Ints) -> Ints:
        """The index of each of these target ids among the rows."""
        position = np.zeros(int(self.ids.max()) + 1 if len(self.ids) else 1, dtype=np.int64)
        position[self.ids] = np.arange(len(self.ids))
        return position[target_ids]


def _fields(rows: Sequence[tuple[Any, ...]]) -> tuple[dict[str, Sequence[object]], np.ndarray, Bools]:
    """TargetTable's FIELDS of every row as `_tracked` makes them, the unit each is tracked in, whether it fits."""
    count = len(rows)
    (_, kind, comparator, value, unit, year, deadline, baseline, baseline_year, reference_year, indicator_id,
     canonical_value, canonical_unit, _, _, period, issued) = zip(*rows, strict=True) if rows else ((),) * 17
    tracking = [_tracking_unit(*fields) for fields in zip(kind, value, unit, indicator_id, canonical_value,
                                                          canonical_unit, strict=True)]
    number = [v if t is None else t for v, (t, _) in zip(value, tracking, strict=True)]
    units = np.array([u for _, u in tracking] or [""], dtype=object)[:count]
    fits = np.fromiter((t is not None for t, _ in tracking), bool, count)
    # a stated baseline in the target's unit, converted to the tracked unit (None where it cannot be)
    convert_it = np.fromiter((b is not None and k != "change" for b, k in zip(baseline, kind, strict=True)), bool,
                             count)
    values = np.array([b if c else 0.0 for b, c in zip(baseline, convert_it, strict=True)], dtype=np.float64)
    converted, ok = _in_units(values, np.array(list(unit) or [""], dtype=object)[:count], units, convert_it)
    baselines = [(v if o else None) if c else b for b, c, v, o in zip(baseline, convert_it, converted.tolist(),
                                                                      ok.tolist(), strict=True)]
    columns: dict[str, Sequence[object]] = {
        "kind": kind, "comparator": comparator, "direction": [_indicator(i)[1] for i in indicator_id],
        "value": number, "unit": units.tolist(), "year": year, "deadline": [_day(d) for d in deadline],
        "baseline_value": baselines, "baseline_year": baseline_year, "reference_year": reference_year,
        "start_year": [p if p is not None else _issue_year(d) for p, d in zip(period, issued, strict=True)]}
    return columns, units, fits


def _tracking_unit(kind: str, value: float, unit: str, indicator_id: str | None, canonical_value: float | None,
                   canonical_unit: str | None) -> tuple[float | None, str]:
    """`tracking.tracking_unit` of a query row."""
    if indicator_id is None:
        return value, unit
    found, catalog_unit = _catalog_unit(indicator_id)
    tracked = catalog_unit if found else (canonical_unit or unit)
    return (value if kind == "change" else canonical_value), tracked


@cache
def _catalog_unit(indicator_id: str) -> tuple[bool, str]:
    indicator = get_indicator(indicator_id)
    return (True, indicator.unit) if indicator else (False, "")


@lru_cache(maxsize=1 << 12)
def _day(iso_date: str | None) -> dt.date | None:
    return dt.date.fromisoformat(iso_date) if iso_date else None


@lru_cache(maxsize=1 << 16)
def _issue_year(issued: str | None) -> int | None:
    return int(issued[:4]) if issued and issued[:4].isdigit() else None


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
        start_year=row[FIELD["period_start"]] if row[FIELD["period_start"]] is not None else _issue_year(issued))
    return target, value is not None


def _unshadowed(session: Any, keyed: np.ndarray, own: np.ndarray) -> np.ndarray:
    """The keyed rows without those a target's own row replaces (same target, same period)."""
    mine = set(zip(own["target"].tolist(), own["period"].tolist(), strict=True))
    candidates = np.isin(keyed["target"], own["target"])
    periods = repository.bulk.keyed_periods(session, keyed["id"][candidates].tolist())
    shadowed = np.zeros(len(keyed), dtype=bool)
    for index in np.flatnonzero(candidates):
        shadowed[index] = (int(keyed["target"][index]), periods[int(keyed["id"][index])]) in mine
    return keyed[~shadowed]


def _running_as_additions(found: np.ndarray, running: list[int]) -> np.ndarray:
    """The rows of targets reported as running totals (累计) turned into each period's addition, as
    `ledger.tracking.track_input` does: each value less the one before it in the target's series."""
    if not running or not len(found):
        return found
    mask = np.isin(found["target"], np.asarray(running, dtype=np.int64))
    mine = found[mask]
    mine = mine[np.lexsort((mine["id"], mine["ordinal"], mine["target"]))]
    values = mine["value"].copy()
    same = np.zeros(len(mine), dtype=bool)
    same[1:] = mine["target"][1:] == mine["target"][:-1]
    values[1:] -= np.where(same[1:], mine["value"][:-1], 0.0)
    mine["value"] = values
    return np.concatenate([found[~mask], mine])


def _observations(targets: _Targets, found: np.ndarray) -> tuple[ObservationTable, Bools]:
    """Observation columns in `observations_for` order, converted to each target's unit; illustrative per target."""
    owner = targets.position(found["target"])
    order = np.lexsort((found["id"], found["ordinal"], owner))  # by date, then id, as observations_for
    owner, found = owner[order], found[order]
    values, usable = _in_units(found["value"], found["unit"], targets.units[owner], targets.fits[owner])
    owner = owner[usable]
    illustrative = np.zeros(len(targets), dtype=bool)
    illustrative[owner[found["illustrative"][usable]]] = True
    return ObservationTable.from_columns(owner, found["ordinal"][usable], values[usable]), illustrative


def _in_units(values: Floats, units: np.ndarray, to_units: np.ndarray, usable: Bools) -> tuple[Floats, Bools]:
    """Each value converted as `convert` would (the same unit too: it rounds to 12 digits); which could be."""
    usable = usable.copy()
    if not len(values):
        return values, usable
    out = values.copy()
    unchanged = (units == to_units) & _already_tidy(values)
    for index in np.flatnonzero(usable & ~unchanged):
        converted = _converted(float(values[index]), units[index], to_units[index])
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
