"""An assessment's numbers by name and its computation written out, for a reader to redo by hand."""

from __future__ import annotations

from datetime import date

from greentrack.track.models import Assessment
from greentrack.track.status import LAGGING, ON_TRACK
from greentrack.track.timeline import decimal_year

Number = float | int | str | None


def _n(value: float | None) -> str:
    """A number for a formula: six significant digits, or — where there is none."""
    return "—" if value is None else f"{value:.6g}"


def _time(day: date | None) -> float | None:
    return decimal_year(day) if day is not None else None


def inputs_of(a: Assessment) -> dict[str, Number]:
    """Every figure behind `a`, named as in docs/methodology.md (times in decimal years)."""
    values: dict[str, Number] = {
        "kind": a.kind, "status": a.status, "as_of": a.as_of.isoformat(), "τ_now": decimal_year(a.as_of),
        "comparator": a.comparator, "value": a.target_value, "unit": a.unit, "d": a.direction,
        "y*": a.target_level, "T": _time(a.due), "y0": a.baseline_value, "t0": _time(a.baseline_period),
        "yt": a.latest_value, "t": _time(a.latest_period), "n": a.observations_used, "method": a.method}
    if a.kind == "cumulative":
        values.update({"S": a.total, "a (actual share)": a.actual_rate, "e (expected share)": a.required_rate})
    elif a.method == "cagr":
        values.update({"CAGR": a.actual_rate, "CAGR*": a.required_rate})
    elif a.method == "linear":
        values.update({"v (actual slope)": a.actual_rate, "v* (required slope)": a.required_rate})
    values.update({"R": a.ratio, "expected": a.expected, "b (trend slope)": a.trend_slope,
                   "t̄ (trend mean time)": a.trend_mean_time, "ȳ (trend mean value)": a.trend_mean_value,
                   "ŷT (forecast)": a.forecast, "forecast_year": a.forecast_year, "shortfall": a.shortfall,
                   "on_track_threshold": ON_TRACK, "lagging_threshold": LAGGING})
    for index, (day, value) in enumerate(a.series, start=1):
        values[f"series[{index}]"] = f"{day.isoformat()} {value:.12g}"
    return values


def formula_of(a: Assessment) -> str:
    """The computation of `a` with its numbers substituted, one step a line."""
    lines = [f"τ(as_of {a.as_of.isoformat()}) = {decimal_year(a.as_of):.6f}; d = {a.direction:+d}"]
    if a.kind == "standard":
        lines.append(f"standard: latest {_n(a.latest_value)} {a.comparator} {_n(a.target_level)} → {a.status}")
        return "\n".join(lines)
    t0, t, end = _time(a.baseline_period), _time(a.latest_period), _time(a.due)
    if a.kind == "cumulative":
        lines += [f"S = Σ additions after {_n(t0)} up to as_of = {_n(a.total)} (n = {a.observations_used})",
                  f"e = clamp((τ − t_s)/(T − t_s), 0, 1) = clamp(({decimal_year(a.as_of):.6f} − {_n(t0)})"
                  f"/({_n(end)} − {_n(t0)})) = {_n(a.required_rate)}; expected = A·e = {_n(a.expected)}",
                  f"a = S/A = {_n(a.total)}/{_n(a.target_level)} = {_n(a.actual_rate)}; R = a/e = {_n(a.ratio)}"]
    else:
        if a.kind == "change":
            lines.append(f"y* from the reference value: y0 = {_n(a.baseline_value)}, change {_n(a.target_value)}"
                         f"{a.unit} → y* = {_n(a.target_level)}")
        if a.method == "cagr":
            lines += [f"CAGR = s·((yt/y0)^(1/(t−t0)) − 1) = (({_n(a.latest_value)}/{_n(a.baseline_value)})"
                      f"^(1/({_n(t)}−{_n(t0)})) − 1) = {_n(a.actual_rate)}",
                      f"CAGR* = s·((y*/y0)^(1/(T−t0)) − 1) = (({_n(a.target_level)}/{_n(a.baseline_value)})"
                      f"^(1/({_n(end)}−{_n(t0)})) − 1) = {_n(a.required_rate)}  (s = sign of y0)"]
        elif a.method == "linear":
            lines += [f"v = (yt − y0)/(t − t0) = ({_n(a.latest_value)} − {_n(a.baseline_value)})"
                      f"/({_n(t)} − {_n(t0)}) = {_n(a.actual_rate)}",
                      f"v* = (y* − y0)/(T − t0) = ({_n(a.target_level)} − {_n(a.baseline_value)})"
                      f"/({_n(end)} − {_n(t0)}) = {_n(a.required_rate)}"]
        if a.ratio is not None:
            lines.append(f"R = d·rate/|rate*| = {a.direction:+d} × {_n(a.actual_rate)} / |{_n(a.required_rate)}|"
                         f" = {_n(a.ratio)}")
        lines.append(f"expected on as_of (path from (t0, y0) to (T, y*)) = {_n(a.expected)}")
    if a.trend_slope is not None:
        lines.append(f"trend ŷ(τ) = ȳ + b(τ − t̄) = {_n(a.trend_mean_value)} + {_n(a.trend_slope)}"
                     f"(τ − {_n(a.trend_mean_time)}); ŷT = {_n(a.forecast)}")
    if a.shortfall is not None:
        lines.append(f"shortfall = (y* − ŷT)/(y* − y0) = ({_n(a.target_level)} − {_n(a.forecast)})"
                     f"/({_n(a.target_level)} − {_n(a.baseline_value)}) = {_n(a.shortfall)}")
    if a.forecast_year is not None:
        lines.append(f"trend reaches y* by the end of {a.forecast_year}")
    lines.append(f"status: {a.status}" + (f" — {a.note}" if a.note else ""))
    return "\n".join(lines)
