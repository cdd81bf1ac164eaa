"""Records of the track stage: what a target promises, what was observed, and what follows from both.

Plain frozen dataclasses, no storage and no clock: the ledger builds `TrackedTarget` and
`Observation` from its rows; `assess` / `assess_many` return `Assessment`; warnings and the
supervision list are built from those. Every figure of an `Assessment` is reproducible from
its `series`, its other fields and `docs/methodology.md`; `inputs` and `formula` spell it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

KINDS = ("level", "change", "cumulative", "standard")
COMPARATORS = (">=", ">", "<=", "<", "=")
DIRECTIONS = ("higher_better", "lower_better", "target_range", "")

# Status codes, in the order a table lists them, with their Chinese and English labels.
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "achieved": ("已完成", "achieved"),
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

# Warning severities, most severe first (红 > 橙 > 黄).
SEVERITY_LABELS: dict[str, tuple[str, str]] = {
    "red": ("红色预警", "red"),
    "orange": ("橙色预警", "orange"),
    "yellow": ("黄色预警", "yellow"),
}
SEVERITIES = tuple(SEVERITY_LABELS)


@dataclass(frozen=True)
class TrackedTarget:
    """A target as tracking needs it: the promise, its dates, its baseline and who answers for it.

    `value` is in `unit`, and so must be every observation of it (the ledger converts first).
    `direction` is the catalog's (`higher_better`, `lower_better`, `target_range` or `""`);
    where it is neither higher nor lower the rule in `direction.py` decides. `start_year` is
    the first year of the plan period (the plan's issue year); for a cumulative target whose
    `baseline_year` is given, the period opens at the end of that year instead.
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

    @property
    def status_zh(self) -> str:
        """The status in Chinese (已完成, 进度滞后 …)."""
        return STATUS_LABELS[self.status][0]

    @property
    def inputs(self) -> dict[str, float | int | str | None]:
        """Every number the computation used, by the name `docs/methodology.md` gives it."""
        from greentrack.track.explain import inputs_of

        return inputs_of(self)

    @property
    def formula(self) -> str:
        """The computation written out with its numbers, so a reader can redo it by hand."""
        from greentrack.track.explain import formula_of

        return formula_of(self)


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
