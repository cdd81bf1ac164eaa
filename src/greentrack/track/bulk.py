"""Many targets at once with numpy: the same figures as `assess`, computed column by column.

Each step mirrors a function of `progress.py` with the same formula and the same order of
operations (powers by numpy's routine in both, sums left to right), so that `assess_many`
equals `[assess(...) for ...]` to the last bit; `tests/track/test_track_bulk.py` holds them to it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from greentrack.track.batch import AssessmentBatch, SeriesRows
from greentrack.track.checks import check_observations, check_target
from greentrack.track.columns import Bools, Floats, Groups, Ints, decimal_years, pick, year_end_ordinals
from greentrack.track.forecast import HORIZON
from greentrack.track.models import COMPARATORS, KINDS, STATUSES, Observation, TrackedTarget
from greentrack.track.status import LAGGING, ON_TRACK, TOLERANCE
from greentrack.track.tables import ObservationTable, TargetTable
from greentrack.track.timeline import decimal_year

LEVEL, CHANGE, CUMULATIVE, STANDARD = (KINDS.index(k) for k in ("level", "change", "cumulative", "standard"))
S = {name: code for code, name in enumerate(STATUSES)}
CAGR, LINEAR, SHARE, COMPLIANCE = 1, 2, 3, 4  # codes of batch.METHODS
# codes of batch.NOTES
UNDATED_BASELINE, NO_REFERENCE_YEAR, NO_REFERENCE_VALUE, NO_TARGET_YEAR, STOCK = 1, 2, 3, 4, 5
NAN = np.nan


def assess_many(targets: Sequence[TrackedTarget], observations_by_target_id: Mapping[str, Sequence[Observation]],
                as_of: date) -> AssessmentBatch:
    """`[assess(t, observations_by_target_id.get(t.id, ()), as_of) for t in targets]`, set-based.

    The result is a sequence of `Assessment` built on access from columns, so a caller that
    wants only statuses (`batch.statuses()`) never pays for 300,000 objects.
    """
    return assess_table(TargetTable.of(targets), ObservationTable.of(targets, observations_by_target_id), as_of)


def assess_table(table: TargetTable, observations: ObservationTable, as_of: date) -> AssessmentBatch:
    """`assess_many` over columns: targets read once, observations as three arrays (see tables.py)."""
    _refuse_bad_input(table, observations)
    keep = observations.ordinal <= as_of.toordinal()
    target, ordinal, value = observations.target, observations.ordinal, observations.value
    if not bool(keep.all()):
        target, ordinal, value = target[keep], ordinal[keep], value[keep]
    obs = _Rows(target, ordinal, value, len(table.targets))
    return _compute(table, obs, decimal_year(as_of), as_of)


def _refuse_bad_input(table: TargetTable, observations: ObservationTable) -> None:
    """Raise the error `assess` would raise for the first target (in order) it would refuse."""
    bad_value = np.zeros(len(table.targets), dtype=bool)
    broken = np.flatnonzero(~np.isfinite(observations.value))
    bad_value[observations.target[broken]] = True
    culprits = np.flatnonzero(table.bad | bad_value)
    if not len(culprits):
        return
    first = int(culprits[0])
    target = table.targets[first]
    check_target(target)
    rows = broken[observations.target[broken] == first]
    if not len(rows):
        return
    row = int(rows[0])
    check_observations(target.id, [Observation(date.fromordinal(int(observations.ordinal[row])),
                                               float(observations.value[row]))])


class _Rows:
    """Observations up to as_of, sorted by target then period, with per-target first and last rows.

    `key` orders the rows by (target, date) as one integer, so that a target's row on or before
    a given date is found by binary search instead of a pass over every row.
    """

    def __init__(self, owner: Ints, ordinals: Ints, values: Floats, targets: int) -> None:
        self.low = int(ordinals.min()) if len(ordinals) else 0
        self.span = int(ordinals.max()) - self.low + 1 if len(ordinals) else 1
        key = owner * self.span + (ordinals - self.low)
        if len(key) > 1 and not bool(np.all(key[1:] >= key[:-1])):
            order = np.argsort(key, kind="stable")  # stable: equal dates keep the caller's order, as sorted() does
            owner, ordinals, values, key = owner[order], ordinals[order], values[order], key[order]
        self.owner, self.ordinals, self.values, self.key = owner, ordinals, values, key
        self.time, self.year = decimal_years(ordinals)
        self.groups = Groups(owner, targets)
        self.any = self.groups.size > 0

    def first(self, column: np.ndarray, fill: object) -> np.ndarray:
        """Each target's value of `column` in its first row, `fill` where it has none."""
        return pick(column, self.groups.start, self.any, fill)

    def latest(self, column: np.ndarray, fill: object) -> np.ndarray:
        """Each target's value of `column` in its last row, `fill` where it has none."""
        return pick(column, self.groups.last, self.any, fill)

    def last_on_or_before(self, targets: Ints, ordinals: Ints) -> Ints:
        """For each (target, date ordinal), the last row of that target dated on or before it, −1 if none."""
        offset = np.clip(ordinals - self.low, -1, self.span - 1)  # beyond the data's dates: its first or last day
        row = np.searchsorted(self.key, targets * self.span + offset, side="right") - 1
        return np.where(row >= self.groups.start[targets], row, -1)


def _where(condition: Bools, value: np.ndarray | float, other: np.ndarray | float) -> Floats:
    with np.errstate(all="ignore"):
        return np.where(condition, value, other)


def _compute(cols: TargetTable, obs: _Rows, now: float, as_of: date) -> AssessmentBatch:
    """Every figure of every target; the steps follow progress.py function by function."""
    n = len(cols.targets)
    is_level, is_change = cols.kind == LEVEL, cols.kind == CHANGE
    is_cum, is_std = cols.kind == CUMULATIVE, cols.kind == STANDARD
    on_path = is_level | is_change
    due = np.where(cols.deadline > 0, cols.deadline, year_end_ordinals(cols.year))
    end = np.where(due > 0, decimal_years(np.where(due > 0, due, 1))[0], NAN)
    has_end = due > 0

    base = _baselines(cols, obs, is_level, is_change)
    with np.errstate(all="ignore"):
        pct_level = base.value * (1.0 + cols.value / 100.0)
    stock = is_cum & _stock(cols)
    amount = np.where(stock, cols.value - cols.baseline_value, cols.value)  # progress.cumulative_amount
    level = np.select([is_level | is_std, is_cum, cols.percent], [cols.value, amount, pct_level],
                      base.value + cols.value)
    direction = _directions(cols, is_change, is_cum, base.value, level)
    start = _period_start(cols, obs)
    series = _series(obs, base, start, on_path, is_cum)
    trend = _trend(obs, series, ~is_std)

    out = _Columns.empty(n)
    out.direction[:] = direction
    out.level[:] = level
    out.due[:] = due
    out.latest_value[:] = obs.latest(obs.values, NAN)
    out.latest_period[:] = obs.latest(obs.ordinals, 0)
    out.used[:] = obs.groups.size
    out.slope[:], out.mean_time[:], out.mean_value[:] = trend.slope, trend.mean_time, trend.mean_value
    out.note[:] = np.where(base.note > 0, base.note,
                           np.where(has_end | is_std, np.where(stock & has_end, STOCK, 0), NO_TARGET_YEAR))
    _paths(out, obs, base, trend, on_path, has_end, end, now)
    _cumulatives(out, cols, obs, series, trend, is_cum, start, has_end, end, now)
    _standards(out, cols, obs, is_std)
    _late(out, obs, series, due, has_end & (now > end), is_cum)
    return AssessmentBatch(targets=cols.targets, as_of=as_of, columns=out.finish(),
                           rows=SeriesRows(obs.groups.start, obs.groups.size, obs.ordinals, series.values,
                                           series.counted, series.added, series.added_ordinal, series.added_value))


def _stock(cols: TargetTable) -> Bools:
    """progress.cumulative_amount's test: an amount to deliver whose stated baseline stock lies below it."""
    down = (cols.comparator == COMPARATORS.index("<=")) | (cols.comparator == COMPARATORS.index("<"))
    with np.errstate(invalid="ignore"):
        return ~down & ~np.isnan(cols.baseline_value) & (cols.baseline_value > 0.0) & (cols.baseline_value < cols.value)


def _late(out: _Columns, obs: _Rows, series: _Series, due: Ints, past: Bools, is_cum: Bools) -> None:
    """progress._late: achieved after the deadline when no point of the series dated by it had reached the level."""
    owner, level, d = obs.owner, out.level, out.direction
    with np.errstate(invalid="ignore"):
        rows = series.counted & (obs.ordinals <= due[owner]) & _reached(series.values, level[owner], d[owner])
        hit = np.bincount(owner, weights=rows.astype(np.float64), minlength=len(due)) > 0
        hit |= series.added & (series.added_ordinal <= due) & _reached(series.added_value, level, d)
    late = (out.status == S["achieved"]) & past & ~hit & ~(is_cum & (d < 0))
    out.status[:] = np.where(late, S["late_achieved"], out.status)


@dataclass(frozen=True)
class _Base:
    """Per target: baseline value, its date (ordinal) and time, whether the plan stated it, note code."""

    value: Floats
    ordinal: Ints
    time: Floats
    stated: Bools
    note: Ints


def _baselines(cols: TargetTable, obs: _Rows, is_level: Bools, is_change: Bools) -> _Base:
    """progress._baseline for every level and change target at once."""
    year = np.where(np.isnan(cols.baseline_year), cols.start_year, cols.baseline_year)
    has_value = ~np.isnan(cols.baseline_value)
    stated_level = is_level & has_value & ~np.isnan(year)
    first_value, first_ordinal = obs.first(obs.values, NAN), obs.first(obs.ordinals, 0)
    level_value = np.where(stated_level, cols.baseline_value, first_value)
    level_ordinal = np.where(stated_level, year_end_ordinals(year), first_ordinal)

    ref = np.where(np.isnan(cols.reference_year), cols.baseline_year, cols.reference_year)
    changes = np.flatnonzero(is_change & ~np.isnan(ref))
    ref_row = np.full(len(is_change), -1, dtype=np.int64)
    if len(obs.key) and len(changes):
        # the last row dated in year r: on or before 31 Dec r and after 31 Dec r − 1
        last = obs.last_on_or_before(changes, year_end_ordinals(ref[changes]))
        inside = (last >= 0) & (pick(obs.ordinals, last, last >= 0, 0) > year_end_ordinals(ref[changes] - 1.0))
        ref_row[changes] = np.where(inside, last, -1)
    found = ref_row >= 0
    stated_change = is_change & ~found & has_value & (cols.baseline_year == ref)
    change_value = np.where(found, pick(obs.values, ref_row, found, NAN),
                            np.where(stated_change, cols.baseline_value, NAN))
    change_ordinal = np.where(found, pick(obs.ordinals, ref_row, found, 0),
                              np.where(stated_change, year_end_ordinals(ref), 0))

    value = np.select([is_level, is_change], [level_value, change_value], NAN)
    ordinal = np.select([is_level, is_change], [level_ordinal, change_ordinal], 0)
    time = np.where(ordinal > 0, decimal_years(np.where(ordinal > 0, ordinal, 1))[0], NAN)
    note = np.select([is_level & has_value & np.isnan(year), is_change & np.isnan(ref),
                      is_change & ~found & ~stated_change],
                     [UNDATED_BASELINE, NO_REFERENCE_YEAR, NO_REFERENCE_VALUE], 0)
    return _Base(value, ordinal, time, stated_level | stated_change, note)


def _directions(cols: TargetTable, is_change: Bools, is_cum: Bools, baseline: Floats, level: Floats) -> Floats:
    """direction.direction_of, and cumulative_direction for cumulative targets."""
    down = (cols.comparator == COMPARATORS.index("<=")) | (cols.comparator == COMPARATORS.index("<"))
    up = (cols.comparator == COMPARATORS.index(">=")) | (cols.comparator == COMPARATORS.index(">"))
    with np.errstate(invalid="ignore"):
        falls = ~np.isnan(baseline) & ~np.isnan(level) & (level < baseline)
    general = np.select([cols.catalog != 0, is_change & (cols.value != 0), down, up, falls],
                        [cols.catalog, np.where(cols.value < 0, -1.0, 1.0), -1.0, 1.0, -1.0], 1.0)
    return np.where(is_cum, np.where(down, -1.0, 1.0), general)


def _period_start(cols: TargetTable, obs: _Rows) -> Floats:
    """progress._period_start: the year at whose end a cumulative period opens (NaN if unknown)."""
    first_year = obs.first(obs.year.astype(np.float64), NAN) - 1.0
    return np.where(~np.isnan(cols.baseline_year), cols.baseline_year,
                    np.where(~np.isnan(cols.start_year), cols.start_year - 1.0, first_year))


@dataclass(frozen=True)
class _Series:
    """The points each trend is fitted to: the counted observation rows (their running totals for a
    cumulative target), then at most one added point per target (a stated baseline or a cumulative origin)."""

    counted: Bools
    values: Floats
    added: Bools
    added_ordinal: Ints
    added_time: Floats
    added_value: Floats


def _series(obs: _Rows, base: _Base, start: Floats, on_path: Bools, is_cum: Bools) -> _Series:
    """Which observation rows count, their fitted values, and the point each target adds.

    A stated baseline is added unless an observation carries its date; a cumulative target adds
    its origin (t_s, 0) and counts only the rows after t_s. Rows that do not count stay in place
    and contribute exact zeros to the sums, so no row is moved or copied.
    """
    stated = np.flatnonzero(on_path & base.stated)
    at_base = np.zeros(len(on_path), dtype=bool)
    if len(obs.key) and len(stated):
        last = obs.last_on_or_before(stated, base.ordinal[stated])
        at_base[stated] = pick(obs.ordinals, last, last >= 0, 0) == base.ordinal[stated]
    joins = on_path & base.stated & ~at_base
    opens = is_cum & ~np.isnan(start)
    cumulative_row = is_cum[obs.owner]
    with np.errstate(invalid="ignore"):
        counted = ~cumulative_row | (obs.time > start[obs.owner])
    values = obs.values
    if cumulative_row.any():
        running = obs.groups.running(np.where(counted, obs.values, 0.0))
        values = np.where(cumulative_row, running, obs.values)
    return _Series(counted, values, joins | opens,
                   np.where(joins, base.ordinal, np.where(opens, year_end_ordinals(start), 0)),
                   np.where(joins, base.time, np.where(opens, start, NAN)),
                   np.where(joins, base.value, np.where(opens, 0.0, NAN)))


@dataclass(frozen=True)
class _Trend:
    """forecast.fit_trend per target: slope, mean time and mean value (NaN where there is no trend)."""

    ok: Bools
    slope: Floats
    mean_time: Floats
    mean_value: Floats

    def take(self, rows: Ints) -> _Trend:
        """The trends of the targets at `rows`."""
        return _Trend(self.ok[rows], self.slope[rows], self.mean_time[rows], self.mean_value[rows])


def _trend(obs: _Rows, series: _Series, fitted: Bools) -> _Trend:
    """Least squares per target over its counted rows then its added point, left to right as fit_trend adds."""
    groups, counted, added = obs.groups, series.counted, series.added

    def total(terms: Floats, extra: Floats) -> Floats:
        sums = groups.total(np.where(counted, terms, 0.0))  # + 0.0 leaves a sum as it was
        return np.where(added, sums + extra, sums)

    count = np.bincount(obs.owner, weights=counted, minlength=len(fitted)) + added
    with np.errstate(all="ignore"):
        mean_time = total(obs.time, series.added_time) / count
        mean_value = total(series.values, series.added_value) / count
        offset = obs.time - mean_time[obs.owner]
        added_offset = series.added_time - mean_time
        cross = total(offset * (series.values - mean_value[obs.owner]),
                      added_offset * (series.added_value - mean_value))
        spread = total(offset * offset, added_offset * added_offset)
        ok = fitted & (count >= 2) & (spread != 0.0)
        slope = np.where(ok, cross / spread, NAN)
    return _Trend(ok, slope, np.where(ok, mean_time, NAN), np.where(ok, mean_value, NAN))


def _attainment(trend: _Trend, level: Floats, direction: Floats, now: float, wanted: Bools) -> Ints:
    """forecast.attainment_year per target, 0 where there is none."""
    with np.errstate(all="ignore"):
        rising = wanted & trend.ok & (direction * trend.slope > 0.0)
        when = trend.mean_time + (level - trend.mean_value) / trend.slope
        ok = rising & (when <= HORIZON)
        year = np.ceil(np.maximum(np.where(ok, when, now), now))
    return np.where(ok, year, 0.0).astype(np.int64)


def _reached(value: Floats, level: Floats, direction: Floats) -> Bools:
    """status.reached per row."""
    with np.errstate(invalid="ignore"):
        return direction * (value - level) >= -(TOLERANCE * np.maximum(1.0, np.abs(level)))


def _grade(ratio: Floats) -> Ints:
    """status.grade per row (codes)."""
    return np.select([ratio >= ON_TRACK, ratio >= LAGGING, ratio >= 0.0],
                     [S["on_track"], S["lagging"], S["off_track"]], S["regressing"])


def _paths(out: _Columns, obs: _Rows, base: _Base, trend: _Trend, on_path: Bools, has_end: Bools, end: Floats,
           now: float) -> None:
    """progress._assess_path for every level and change target (computed on those rows only)."""
    rows = np.flatnonzero(on_path)
    y0, t0, level, d = base.value[rows], base.time[rows], out.level[rows], out.direction[rows]
    has_end, end, seen, trend = has_end[rows], end[rows], obs.any[rows], trend.take(rows)
    yt, t = obs.latest(obs.values, NAN)[rows], obs.latest(obs.time, NAN)[rows]
    known = ~np.isnan(y0) & ~np.isnan(level)
    with np.errstate(all="ignore"):
        geometric = (y0 != 0.0) & (level / y0 > 0.0)
        span = known & has_end & (end > t0)
        share = np.minimum(np.maximum((now - t0) / (end - t0), 0.0), 1.0)
        expected = np.where(geometric, y0 * np.power(level / y0, share), y0 + (level - y0) * share)
        forecast = trend.mean_value + trend.slope * (end - trend.mean_time)
        has_forecast = known & has_end & trend.ok
        shortfall = (level - forecast) / (level - y0)
        paced = known & seen & has_end & (t > t0) & (end > t0)
        cagr = paced & (y0 != 0.0) & (yt / y0 > 0.0) & (level / y0 > 0.0)
        sign = np.where(y0 > 0.0, 1.0, -1.0)
        actual = np.where(cagr, sign * (np.power(yt / y0, 1.0 / (t - t0)) - 1.0), (yt - y0) / (t - t0))
        required = np.where(cagr, sign * (np.power(level / y0, 1.0 / (end - t0)) - 1.0), (level - y0) / (end - t0))
        rated = paced & (required != 0.0)
        ratio = d * actual / np.abs(required)
        done = _reached(yt, level, d)
        moved = d * (yt - y0)
    out.status[rows] = np.select([~known | ~seen, done, has_end & (now > end), rated, moved < 0.0],
                                 [S["no_data"], S["achieved"], S["overdue"], _grade(ratio), S["regressing"]],
                                 S["no_trend"])
    out.baseline_value[rows] = y0
    out.baseline_period[rows] = base.ordinal[rows]
    out.expected[rows] = _where(span, expected, NAN)
    out.forecast[rows] = _where(has_forecast, forecast, NAN)
    out.shortfall[rows] = _where(has_forecast & (level != y0), shortfall, NAN)
    out.method[rows] = np.where(cagr, CAGR, np.where(paced, LINEAR, 0))
    out.actual[rows] = _where(paced, actual, NAN)
    out.required[rows] = _where(paced, required, NAN)
    out.ratio[rows] = _where(rated, ratio, NAN)
    out.forecast_year[rows] = _attainment(trend, level, d, now, known & seen & ~done)
    with np.errstate(all="ignore"):
        out.completion[rows] = _where(known & seen & (level != y0), (yt - y0) / (level - y0), NAN)


def _cumulatives(out: _Columns, cols: TargetTable, obs: _Rows, series: _Series, trend: _Trend, is_cum: Bools,
                 start: Floats, has_end: Bools, end: Floats, now: float) -> None:
    """progress._assess_cumulative for every cumulative target (computed on those rows only)."""
    rows = np.flatnonzero(is_cum)
    start, has_end, end, trend = start[rows], has_end[rows], end[rows], trend.take(rows)
    amount, d = out.level[rows], out.direction[rows]
    opened = ~np.isnan(start)
    counted = np.bincount(obs.owner, weights=series.counted, minlength=len(is_cum))[rows].astype(np.int64)
    added = opened & (counted > 0)
    last = obs.groups.last[rows]  # additions before t_s are the earliest rows, so the last row counts
    total = pick(series.values, last, added, NAN)
    with np.errstate(all="ignore"):
        timed = opened & has_end & (end > start)
        elapsed = np.where(timed, np.minimum(np.maximum((now - start) / (end - start), 0.0), 1.0), NAN)
        forecast = trend.mean_value + trend.slope * (end - trend.mean_time)
        has_forecast = timed & trend.ok
        shortfall = (amount - forecast) / (amount - 0.0)
        share = np.where(amount != 0.0, total / amount, NAN)
        rated = added & ~np.isnan(share) & timed & (elapsed > 0.0)
        ratio = np.where(rated, share / elapsed, NAN)
    overdue = has_end & (now > end)
    within = _reached(total, amount, -1.0)
    cap = np.select([~within, overdue, ~rated, ratio <= 1.0],
                    [S["off_track"], S["achieved"], S["no_trend"], S["on_track"]], S["lagging"])
    done = _reached(total, amount, 1.0)
    goal = np.select([done, overdue, rated], [S["achieved"], S["overdue"], _grade(ratio)], S["no_trend"])
    status = np.where(~added, S["no_data"], np.where(d < 0, cap, goal))
    out.method[rows] = SHARE
    out.baseline_value[rows] = np.where(opened, 0.0, NAN)
    out.baseline_period[rows] = np.where(opened, year_end_ordinals(start), 0)
    out.used[rows] = np.where(opened, counted, 0)
    out.expected[rows] = _where(timed, amount * elapsed, NAN)
    out.required[rows] = elapsed
    out.forecast[rows] = _where(has_forecast, forecast, NAN)
    out.shortfall[rows] = _where(has_forecast & (d > 0) & (amount != 0.0), shortfall, NAN)
    out.actual[rows] = _where(added, share, NAN)
    out.completion[rows] = _where(added, share, NAN)
    out.ratio[rows] = ratio
    out.total[rows] = total
    out.latest_value[rows] = total
    out.latest_period[rows] = pick(obs.ordinals, last, added, 0)
    out.status[rows] = status
    out.forecast_year[rows] = _attainment(trend, amount, d, now, added & (d > 0) & (status != S["achieved"]))


def _standards(out: _Columns, cols: TargetTable, obs: _Rows, is_std: Bools) -> None:
    """progress._assess_standard for every standard."""
    value, level, comparator = out.latest_value, cols.value, cols.comparator
    margin = TOLERANCE * np.maximum(1.0, np.abs(level))
    with np.errstate(invalid="ignore"):
        met = np.select([comparator == COMPARATORS.index(c) for c in (">=", ">", "<=", "<")],
                        [value >= level - margin, value > level, value <= level + margin, value < level],
                        np.abs(value - level) <= margin)
    rows = is_std
    out.method[rows] = COMPLIANCE
    out.expected[rows] = level[rows]
    out.status[rows] = np.where(obs.any, np.where(met, S["compliant"], S["non_compliant"]), S["no_data"])[rows]


@dataclass
class _Columns:
    """The output columns while they are filled (NaN / 0 mean None)."""

    status: Ints
    method: Ints
    direction: Floats
    level: Floats
    due: Ints
    baseline_value: Floats
    baseline_period: Ints
    latest_value: Floats
    latest_period: Ints
    used: Ints
    actual: Floats
    required: Floats
    ratio: Floats
    expected: Floats
    total: Floats
    slope: Floats
    mean_time: Floats
    mean_value: Floats
    forecast: Floats
    forecast_year: Ints
    shortfall: Floats
    note: Ints
    completion: Floats

    @classmethod
    def empty(cls, n: int) -> _Columns:
        """Columns of `n` rows, all None (status no_data)."""
        ints = {"status", "method", "due", "baseline_period", "latest_period", "used", "forecast_year", "note"}
        columns = cls(**{name: np.zeros(n, dtype=np.int64) if name in ints else np.full(n, NAN)
                         for name in cls.__dataclass_fields__})
        columns.status[:] = S["no_data"]
        return columns

    def finish(self) -> dict[str, np.ndarray]:
        """The columns by name, for AssessmentBatch."""
        return dict(self.__dict__)
