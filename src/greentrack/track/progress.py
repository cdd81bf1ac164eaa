"""One target at a time: expected path, progress ratio, status and forecast (the reference implementation).

`bulk.py` computes the same figures for many targets with numpy; a test holds the two equal
to the last bit, so any change here must be mirrored there (same formulas, same order of operations).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from operator import attrgetter

import numpy as np

from greentrack.track import status as rules
from greentrack.track.checks import check_observations, check_target
from greentrack.track.direction import cumulative_direction, direction_of
from greentrack.track.forecast import Trend, attainment_year, fit_trend
from greentrack.track.models import Assessment, Observation, TrackedTarget
from greentrack.track.timeline import decimal_year, year_end

NOTE_UNDATED_BASELINE = "基期值未注明年份，以首个观测值为基期 (baseline without a year: first observation used)"
NOTE_NO_REFERENCE_YEAR = "未注明参考年，无法确定目标值 (no reference year: target level unknown)"
NOTE_NO_REFERENCE_VALUE = "参考年{year}年无观测值，无法确定目标值 (no value for the reference year {year})"
NOTE_NO_TARGET_YEAR = "未注明目标年份，无法计算所需进度 (no target year: required pace unknown)"
NOTE_STOCK = ("目标{value:g}为期末总量，自基期{base:g}起需新增{amount:g} "
              "(the target is a level: {amount:g} to add to the baseline {base:g})")


def power(base: float, exponent: float) -> float:
    """`base ** exponent` by numpy's array power loop, the routine the bulk path runs, so both agree to the bit.

    Not `**` (the C library's pow) nor a numpy scalar (which takes a square root for 0.5): each
    differs from the vectorised loop in the last bit for some inputs.
    """
    return float(np.power(np.array([base]), np.array([exponent]))[0])


@dataclass(frozen=True)
class _Baseline:
    """The starting point of a level or change target, and whether it came from the plan's text."""

    value: float | None
    period: date | None
    stated: bool
    note: str = ""


def assess(target: TrackedTarget, observations: Sequence[Observation], as_of: date) -> Assessment:
    """Where `target` stands on `as_of`, given its observations (those dated after `as_of` are ignored)."""
    check_target(target)
    check_observations(target.id, observations)
    seen = sorted((o for o in observations if o.period <= as_of), key=attrgetter("period"))
    if target.kind == "standard":
        return _assess_standard(target, seen, as_of)
    if target.kind == "cumulative":
        return _assess_cumulative(target, seen, as_of)
    return _assess_path(target, seen, as_of)


def due_date(target: TrackedTarget) -> date | None:
    """The date by which the target must hold: its deadline, else 31 December of its year."""
    if target.deadline is not None:
        return target.deadline
    return year_end(target.year) if target.year is not None else None


def _blank(target: TrackedTarget, as_of: date, **fields: object) -> Assessment:
    """An Assessment with every figure empty except those given."""
    values: dict[str, object] = {
        "target_id": target.id, "kind": target.kind, "comparator": target.comparator,
        "target_value": target.value, "unit": target.unit, "status": "no_data", "as_of": as_of, "direction": 1,
        "method": "", "target_level": None, "due": due_date(target), "baseline_value": None,
        "baseline_period": None, "latest_value": None, "latest_period": None, "observations_used": 0,
        "actual_rate": None, "required_rate": None, "ratio": None, "expected": None, "total": None,
        "trend_slope": None, "trend_mean_time": None, "trend_mean_value": None, "forecast": None,
        "forecast_year": None, "shortfall": None, "series": (), "note": "", "completion": None}
    values.update(fields)
    return Assessment(**values)  # type: ignore[arg-type]


def _trend_fields(trend: Trend | None) -> dict[str, float | None]:
    if trend is None:
        return {"trend_slope": None, "trend_mean_time": None, "trend_mean_value": None}
    return {"trend_slope": trend.slope, "trend_mean_time": trend.mean_time, "trend_mean_value": trend.mean_value}


def _assess_standard(target: TrackedTarget, seen: list[Observation], as_of: date) -> Assessment:
    """A standard is met or not by its latest value; it has no path and no forecast."""
    series = tuple((o.period, o.value) for o in seen)
    fields: dict[str, object] = {"method": "compliance", "target_level": target.value, "expected": target.value,
                                 "direction": direction_of(target, None, target.value), "series": series,
                                 "observations_used": len(seen)}
    if seen:
        latest = seen[-1]
        met = rules.complies(latest.value, target.comparator, target.value)
        fields.update(status="compliant" if met else "non_compliant", latest_value=latest.value,
                      latest_period=latest.period)
    return _blank(target, as_of, **fields)


def _baseline(target: TrackedTarget, seen: list[Observation]) -> _Baseline:
    """Level: the stated baseline, else the first observation. Change: the reference year's value."""
    if target.kind == "change":
        year = target.reference_year if target.reference_year is not None else target.baseline_year
        if year is None:
            return _Baseline(None, None, False, NOTE_NO_REFERENCE_YEAR)
        in_year = [o for o in seen if o.period.year == year]
        if in_year:
            return _Baseline(in_year[-1].value, in_year[-1].period, False)
        if target.baseline_value is not None and target.baseline_year == year:
            return _Baseline(target.baseline_value, year_end(year), True)
        return _Baseline(None, None, False, NOTE_NO_REFERENCE_VALUE.format(year=year))
    year = target.baseline_year if target.baseline_year is not None else target.start_year
    if target.baseline_value is not None and year is not None:
        return _Baseline(target.baseline_value, year_end(year), True)
    note = NOTE_UNDATED_BASELINE if target.baseline_value is not None else ""
    if seen:
        return _Baseline(seen[0].value, seen[0].period, False, note)
    return _Baseline(None, None, False, note)


def _target_level(target: TrackedTarget, baseline: float | None) -> float | None:
    """y*: the number itself for a level; for a change, the reference value moved by it (% or absolute)."""
    if target.kind == "level":
        return target.value
    if baseline is None:
        return None
    if target.unit == "%":
        return baseline * (1.0 + target.value / 100.0)
    return baseline + target.value


def _rates(y0: float, t0: float, yt: float, t: float, level: float, end: float) -> tuple[str, float, float] | None:
    """(method, actual pace, required pace): growth rates where defined, else slopes; None without time."""
    if not (t > t0 and end > t0):
        return None
    if y0 != 0.0 and yt / y0 > 0.0 and level / y0 > 0.0:
        sign = 1.0 if y0 > 0.0 else -1.0  # with y0 < 0 a falling ratio is a rising value
        actual = sign * (power(yt / y0, 1.0 / (t - t0)) - 1.0)
        required = sign * (power(level / y0, 1.0 / (end - t0)) - 1.0)
        return "cagr", actual, required
    return "linear", (yt - y0) / (t - t0), (level - y0) / (end - t0)


def _expected(y0: float, t0: float, level: float, end: float, now: float) -> float | None:
    """The value the path from (t0, y0) to (T, y*) passes on `now`: geometric where y0, y* share a sign."""
    if not end > t0:
        return None
    share = min(max((now - t0) / (end - t0), 0.0), 1.0)
    if y0 != 0.0 and level / y0 > 0.0:
        return y0 * power(level / y0, share)
    return y0 + (level - y0) * share


def _path_status(reached: bool, overdue: bool, ratio: float | None, moved: float) -> str:
    """The verdict for a level or change target with observations, in the documented order."""
    if reached:
        return "achieved"
    if overdue:
        return "overdue"
    if ratio is not None:
        return rules.grade(ratio)
    return "regressing" if moved < 0.0 else "no_trend"


def _assess_path(target: TrackedTarget, seen: list[Observation], as_of: date) -> Assessment:
    """A level or change target: path from baseline to target, ratio R, status, trend forecast."""
    now = decimal_year(as_of)
    due = due_date(target)
    end = decimal_year(due) if due is not None else None
    base = _baseline(target, seen)
    level = _target_level(target, base.value)
    d = direction_of(target, base.value, level)
    points = [(o.period, o.value) for o in seen]
    if base.stated and base.period not in {p for p, _ in points}:
        points.append((base.period, base.value))  # type: ignore[arg-type]
    # The fit adds the observations in date order, then the stated baseline: the bulk path adds in that order too.
    trend = fit_trend([(decimal_year(p), v) for p, v in points])
    points.sort(key=lambda point: point[0])
    note = base.note or ("" if end is not None else NOTE_NO_TARGET_YEAR)
    fields: dict[str, object] = {
        "direction": d, "target_level": level, "baseline_value": base.value, "baseline_period": base.period,
        "series": tuple(points), "observations_used": len(seen), "note": note, **_trend_fields(trend)}
    if base.value is None or level is None or base.period is None:
        if seen:
            fields.update(latest_value=seen[-1].value, latest_period=seen[-1].period)
        return _blank(target, as_of, **fields)
    y0, t0 = base.value, decimal_year(base.period)
    if end is not None:
        fields["expected"] = _expected(y0, t0, level, end, now)
        if trend is not None:
            fields["forecast"] = trend.at(end)
            if level != y0:
                fields["shortfall"] = (level - fields["forecast"]) / (level - y0)  # type: ignore[operator]
    if not seen:
        return _blank(target, as_of, **fields)
    latest = seen[-1]
    yt, t = latest.value, decimal_year(latest.period)
    rates = _rates(y0, t0, yt, t, level, end) if end is not None else None
    ratio = None
    if rates is not None:
        fields.update(method=rates[0], actual_rate=rates[1], required_rate=rates[2])
        if rates[2] != 0.0:
            ratio = d * rates[1] / abs(rates[2])
    done = rules.reached(yt, level, d)
    status = _path_status(done, end is not None and now > end, ratio, d * (yt - y0))
    if status == "achieved" and _late(points, due, level, d, now, end):
        status = "late_achieved"
    if trend is not None and not done:
        fields["forecast_year"] = attainment_year(trend, level, d, now)
    completion = (yt - y0) / (level - y0) if level != y0 else None
    fields.update(status=status, ratio=ratio, latest_value=yt, latest_period=latest.period, completion=completion)
    return _blank(target, as_of, **fields)


def _late(points: Sequence[tuple[date, float]], due: date | None, level: float, d: int, now: float,
          end: float | None) -> bool:
    """Reached now, after the deadline, and no point of the series dated by the deadline had reached it."""
    if due is None or end is None or not now > end:
        return False
    return not any(rules.reached(value, level, d) for day, value in points if day <= due)


def cumulative_amount(target: TrackedTarget, d: int) -> float:
    """A: the amount to add. A stated baseline stock below the target's number makes the number the level to
    reach (2020: 290, 2025: 610 → 320 to add); otherwise the number is the amount itself."""
    base = target.baseline_value
    if d > 0 and base is not None and 0.0 < base < target.value:
        return target.value - base
    return target.value


def stock_note(target: TrackedTarget, amount: float) -> str:
    """What a cumulative target read as a level from its baseline stock says about its amount."""
    return NOTE_STOCK.format(value=target.value, base=target.baseline_value, amount=amount)


def _period_start(target: TrackedTarget, seen: list[Observation]) -> int | None:
    """The year at whose end a cumulative target's period opens (additions after it count)."""
    if target.baseline_year is not None:
        return target.baseline_year
    if target.start_year is not None:
        return target.start_year - 1
    return seen[0].period.year - 1 if seen else None


def _cumulative_status(d: int, total: float, amount: float, overdue: bool, ratio: float | None) -> str:
    """Amount to deliver: reached, overdue, or graded by R. Cap: breached, held to the end, or pace vs time."""
    if d < 0:
        if not rules.reached(total, amount, -1):
            return "off_track"
        if overdue:
            return "achieved"
        if ratio is None:
            return "no_trend"
        return "on_track" if ratio <= 1.0 else "lagging"
    if rules.reached(total, amount, 1):
        return "achieved"
    if overdue:
        return "overdue"
    return rules.grade(ratio) if ratio is not None else "no_trend"


def _assess_cumulative(target: TrackedTarget, seen: list[Observation], as_of: date) -> Assessment:
    """A cumulative target: the sum of additions in the period against the amount, at the pace of time."""
    now = decimal_year(as_of)
    due = due_date(target)
    end = decimal_year(due) if due is not None else None
    d = cumulative_direction(target)
    amount = cumulative_amount(target, d)
    start_year = _period_start(target, seen)
    note = NOTE_NO_TARGET_YEAR if end is None else ""
    if end is not None and amount != target.value:
        note = stock_note(target, amount)
    fields: dict[str, object] = {"direction": d, "method": "share", "target_level": amount, "note": note}
    if start_year is None:
        return _blank(target, as_of, **fields)
    start = float(start_year)
    opened = year_end(start_year)
    counted = [o for o in seen if decimal_year(o.period) > start]
    running, points = 0.0, []
    for o in counted:
        running += o.value
        points.append((o.period, running))
    points.append((opened, 0.0))  # the origin is fitted last, as the bulk path adds it
    trend = fit_trend([(decimal_year(p), v) for p, v in points])
    points.insert(0, points.pop())
    fields.update(baseline_value=0.0, baseline_period=opened, series=tuple(points),
                  observations_used=len(counted), **_trend_fields(trend))
    elapsed = None
    if end is not None and end > start:
        elapsed = min(max((now - start) / (end - start), 0.0), 1.0)
        fields.update(expected=amount * elapsed, required_rate=elapsed)
        if trend is not None:
            fields["forecast"] = trend.at(end)
            if d > 0 and amount != 0.0:
                fields["shortfall"] = (amount - fields["forecast"]) / (amount - 0.0)  # type: ignore[operator]
    if not counted:
        return _blank(target, as_of, **fields)
    share = running / amount if amount != 0.0 else None
    ratio = share / elapsed if share is not None and elapsed is not None and elapsed > 0.0 else None
    status = _cumulative_status(d, running, amount, end is not None and now > end, ratio)
    if trend is not None and d > 0 and status != "achieved":
        fields["forecast_year"] = attainment_year(trend, amount, d, now)
    if status == "achieved" and d > 0 and _late(points, due, amount, d, now, end):
        status = "late_achieved"
    fields.update(status=status, ratio=ratio, actual_rate=share, total=running, latest_value=running,
                  latest_period=counted[-1].period, completion=share)
    return _blank(target, as_of, **fields)
