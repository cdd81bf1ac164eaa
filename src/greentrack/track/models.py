"""Records of the track stage: what a target promises, what was observed, and what follows from both.

Plain frozen dataclasses, no storage and no clock: the ledger builds `TrackedTarget` and
`Observation` from its rows; `assess` / `assess_many` return `Assessment`; warnings and the
supervision list are built from those. Every figure of an `Assessment` is reproducible from
its `series`, its other fields and `docs/methodology.md`; `inputs` and `formula` spell it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from greentrack.track.status import LAGGING, ON_TRACK
from greentrack.track.timeline import decimal_year

KINDS = ("level", "change", "cumulative", "standard")
COMPARATORS = (">=", ">", "<=", "<", "=")
DIRECTIONS = ("higher_better", "lower_better", "target_range", "")

# Status codes, in the order a table lists them, with their Chinese and English labels.
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "achieved": ("已完成", "achieved"),
    "late_achieved": ("逾期完成", "achieved late"),
    "on_track": ("正常推进", "on track"),
    "lagging": ("进度滞后", "lagging"),
    "off_track": ("严重滞后", "off track"),
    "regressing": ("逆向变化", "regressing"),
    "overdue": ("逾期未完成", "overdue"),
    "no_data": ("暂无数据", "no data"),
    "no_trend": ("趋势不明", "no trend"),
    "compliant": ("符合标准", "compliant"),
    "non_compliant": ("不符合标准", "non-compliant"),
}
STATUSES = tuple(STATUS_LABELS)
DONE_STATUSES = ("achieved", "late_achieved", "compliant")  # nothing more to deliver

# The two measures of an assessment, named plainly (zh, en): how far along, and how fast.
COMPLETION_LABEL = ("完成率", "completion")  # share of the distance from the baseline to the target covered
PACE_LABEL = ("进度比", "pace ratio")  # R: actual pace against the pace the expected path requires

# Warning severities, most severe first (红 > 橙 > 黄).
SEVERITY_LABELS: dict[str, tuple[str, str]] = {
    "red": ("红色预警", "red"),
    "orange": ("橙色预警", "orange"),
    "yellow": ("黄色预警", "yellow"),
}
SEVERITIES = tuple(SEVERITY_LABELS)

Number = float | int | str | None  # a figure of an assessment's inputs


@dataclass(frozen=True)
class TrackedTarget:
    """A target as tracking needs it: the promise, its dates, its baseline and who answers for it.

    `value` is in `unit`, and so must be every observation of it (the ledger converts first).
    `direction` is the catalog's (`higher_better`, `lower_better`, `target_range` or `""`);
    where it is neither higher nor lower the rule in `direction.py` decides. `start_year` is
    the first year of the plan period (the period the plan states, "“十四五”期间" → 2021, else the
    plan's issue year); for a cumulative target whose `baseline_year` is given, the period opens at
    the end of that year instead. A cumulative target whose plan states a baseline stock below its
    number (a table's 2020: 290 beside 2025: 610) is the level reached from it: 320 to add.
    """

    id: str
    indicator: str
    kind: str
    comparator: str
    value: float
    unit: str = ""
    year: int | None = None
    deadline: date | None = None
    baseline_value: float | None = None
    baseline_year: int | None = None
    reference_year: int | None = None
    direction: str = ""
    start_year: int | None = None
    departments: tuple[str, ...] = ()
    lead_departments: tuple[str, ...] = ()


@dataclass(frozen=True)
class Observation:
    """One reported value of a target's indicator; a year's figure is dated 31 December of that year.

    For a cumulative target each observation is the amount *added* in its period, not a running total.
    """

    period: date
    value: float
    unit: str = ""
    source: str = ""
    note: str = ""


@dataclass(frozen=True)
class Assessment:
    """Where one target stands on `as_of`, with every number the verdict rests on.

    Times inside the computation are decimal years (31 Dec 2020 → 2020.0; see `timeline.py`).
    `series` holds the points the trend was fitted to (for a cumulative target: the period's
    start at 0, then the running totals); for a standard, the observations considered.
    `method` is `cagr`, `linear`, `share`, `compliance` or `""` where no ratio could be computed.
    `target_value` is the number as the plan wrote it (−15 for 下降15%); `target_level` the value
    to reach (derived from the reference year for a change; the amount for a cumulative target).
    """

    target_id: str
    kind: str
    comparator: str
    target_value: float
    unit: str
    status: str
    as_of: date
    direction: int
    method: str
    target_level: float | None
    due: date | None
    baseline_value: float | None
    baseline_period: date | None
    latest_value: float | None
    latest_period: date | None
    observations_used: int
    actual_rate: float | None
    required_rate: float | None
    ratio: float | None
    expected: float | None
    total: float | None
    trend_slope: float | None
    trend_mean_time: float | None
    trend_mean_value: float | None
    forecast: float | None
    forecast_year: int | None
    shortfall: float | None
    series: tuple[tuple[date, float], ...]
    note: str = ""
    completion: float | None = None  # 完成率: (yt − y0)/(y* − y0), or S/A for a cumulative target

    @property
    def late(self) -> bool:
        """Achieved, but only after the deadline (逾期完成)."""
        return self.status == "late_achieved"

    @property
    def status_zh(self) -> str:
        """The status in Chinese (已完成, 进度滞后 …)."""
        return STATUS_LABELS[self.status][0]

    @property
    def inputs(self) -> dict[str, Number]:
        """Every number the computation used, by the name `docs/methodology.md` gives it."""
        return _inputs_of(self)

    @property
    def formula(self) -> str:
        """The computation written out with its numbers, so a reader can redo it by hand."""
        return _formula_of(self)


@dataclass(frozen=True)
class EarlyWarning:
    """A target that needs attention: severity, the reasons (codes) and a Chinese message with the figures."""

    target_id: str
    indicator: str
    severity: str
    reasons: tuple[str, ...]
    message: str
    status: str
    due: date | None
    days_left: int | None
    departments: tuple[str, ...]
    lead_departments: tuple[str, ...]
    assessment: Assessment

    @property
    def severity_zh(self) -> str:
        """The severity in Chinese (红色预警 …)."""
        return SEVERITY_LABELS[self.severity][0]


@dataclass(frozen=True)
class DocketItem:
    """One warned target on a department's supervision list; `lead` when the department leads it (牵头)."""

    warning: EarlyWarning
    lead: bool


@dataclass(frozen=True)
class Docket:
    """The supervision list (督办清单) of one department: its warned targets, most urgent first."""

    department: str
    items: tuple[DocketItem, ...]

    @property
    def worst(self) -> str:
        """The most severe warning on the list."""
        return min((item.warning.severity for item in self.items), key=SEVERITIES.index)


# ---------------------------------------------------------------- an assessment explained
# Its numbers by name and its computation written out, for a reader to redo by hand.

def _n(value: float | None) -> str:
    """A number for a formula: six significant digits, or — where there is none."""
    return "—" if value is None else f"{value:.6g}"


def _time(day: date | None) -> float | None:
    return decimal_year(day) if day is not None else None


def _inputs_of(a: Assessment) -> dict[str, Number]:
    """Every figure behind `a`, named as in docs/methodology.md (times in decimal years)."""
    values: dict[str, Number] = {
        "kind": a.kind, "status": a.status, "as_of": a.as_of.isoformat(), "τ_now": decimal_year(a.as_of),
        "comparator": a.comparator, "value": a.target_value, "unit": a.unit, "d": a.direction,
        "y*": a.target_level, "T": _time(a.due), "y0": a.baseline_value, "t0": _time(a.baseline_period),
        "yt": a.latest_value, "t": _time(a.latest_period), "n": a.observations_used, "method": a.method,
        "completion (完成率)": a.completion}
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


def _formula_of(a: Assessment) -> str:
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
    if a.completion is not None:
        lines.append(f"完成率 completion = {_n(a.completion)}; 进度比 pace ratio R = {_n(a.ratio)}")
    lines.append(f"status: {a.status}" + (f" — {a.note}" if a.note else ""))
    return "\n".join(lines)
