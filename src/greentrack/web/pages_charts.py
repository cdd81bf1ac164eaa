"""ECharts options for the dashboard, built from service records as plain dicts.

Pages put an option into a `<script type="application/json">` block; `static/dashboard.js` finds
each chart element and draws it. No page has inline script, so the Content-Security-Policy can
forbid it, and every figure on a chart is one the page's tables also show.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from markupsafe import Markup

from greentrack.ledger.status import StatusRow
from greentrack.services.targets import TargetDetail
from greentrack.track import STATUSES, Assessment
from greentrack.track.timeline import decimal_year
from greentrack.web import i18n

# One colour per status, the same on every chart and badge (greens good, reds bad, greys unknown).
STATUS_COLOURS = {
    "achieved": "#2e7d32", "late_achieved": "#827717", "on_track": "#66bb6a", "lagging": "#f9a825",
    "off_track": "#ef6c00", "regressing": "#c62828", "overdue": "#8e24aa", "no_data": "#9e9e9e", "no_trend": "#bdbdbd",
    "compliant": "#00897b", "non_compliant": "#d84315",
}
FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"


def as_json(option: dict[str, Any]) -> Markup:
    """An option as JSON that is safe inside a <script type="application/json"> block."""
    text = json.dumps(option, ensure_ascii=False, default=str)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def status_pie(counts: dict[str, int], lang: str) -> dict[str, Any]:
    """Targets by status as a ring."""
    data = [{"name": i18n.status_label(s, lang), "value": n, "itemStyle": {"color": STATUS_COLOURS[s]}}
            for s, n in counts.items()]
    # no legend in the chart: a scrolling one cut the statuses off; the page lists each below it, coloured, with counts
    return {"textStyle": {"fontFamily": FONT}, "tooltip": {"trigger": "item", "formatter": "{b}: {c} ({d}%)"},
            "legend": {"show": False},
            "series": [{"type": "pie", "radius": ["35%", "65%"], "center": ["50%", "50%"], "data": data,
                        "label": {"formatter": "{b}\n{c}"}}]}


def department_bars(by_department: Sequence[tuple[str, dict[str, int]]], lang: str,
                    shown: int = 12) -> dict[str, Any]:
    """Targets per responsible department, stacked by status: the departments with most targets only."""
    names = [name for name, _ in by_department[:shown]][::-1]  # largest at the top of a horizontal bar
    counts = dict(by_department)
    present = [s for s in STATUSES if any(s in per for _, per in by_department)]
    series = [{"name": i18n.status_label(status, lang), "type": "bar", "stack": "all",
               "itemStyle": {"color": STATUS_COLOURS[status]}, "data": [counts[n].get(status, 0) for n in names]}
              for status in present]
    return {"textStyle": {"fontFamily": FONT}, "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
            "legend": {"bottom": 0, "type": "scroll"}, "grid": {"left": 8, "right": 16, "top": 8, "bottom": 40,
                                                               "containLabel": True},
            "xAxis": {"type": "value", "minInterval": 1}, "yAxis": {"type": "category", "data": names},
            "series": series}


def period_x(day: date) -> float:
    """Where a value dated `day` sits on a chart's year axis: at its period, so a year's figure (31 December
    2024) is on the tick 2024, not beside 2025's; a value within a year sits between the ticks."""
    return round(decimal_year(day), 4)


def _point(day: date, value: float) -> dict[str, Any]:
    return {"value": [period_x(day), value], "name": day.isoformat()}


def target_lines(detail: TargetDetail, lang: str) -> dict[str, Any]:
    """Observations (running totals for a cumulative target), the expected path, the target line and the trend's
    forecast, on an axis of years where each value sits at its period."""
    t = i18n.translator(lang)
    assessment = detail.row.assessment
    observed = [_point(day, value) for day, value in assessment.series]
    expected = [_point(day, value) for day, value in detail.path]
    series: list[dict[str, Any]] = [
        {"name": t("target.series.observed"), "type": "line", "data": observed, "symbolSize": 8,
         "itemStyle": {"color": "#1565c0"}},
        {"name": t("target.series.expected"), "type": "line", "data": expected, "showSymbol": False,
         "lineStyle": {"type": "dashed"}, "itemStyle": {"color": "#757575"}},
    ]
    level = assessment.target_level
    if level is not None:
        series[0]["markLine"] = {"symbol": "none", "label": {"formatter": f"{t('target.series.target')} {level:g}",
                                                                   "position": "insideEndTop"},
                                 "lineStyle": {"color": "#c62828"}, "data": [{"yAxis": level}]}
        series.append({"name": t("target.series.target"), "type": "line", "data": [],
                       "itemStyle": {"color": "#c62828"}})
    forecast = forecast_series(assessment, t)
    if forecast is not None:
        series.append(forecast)
    return {"textStyle": {"fontFamily": FONT}, "tooltip": {"trigger": "item"}, "legend": {"bottom": 0},
            "grid": {"left": 8, "right": 24, "top": 24, "bottom": 40, "containLabel": True},
            "xAxis": {"type": "value", "name": t("target.axis.year"), "minInterval": 1, "scale": True,
                      "axisLabel": {"formatter": "{value}"}},
            "yAxis": {"type": "value", "name": assessment.unit, "scale": True}, "series": series}


def forecast_series(assessment: Assessment, t: Callable[..., str]) -> dict[str, Any] | None:
    """The trend from the latest value to the deadline, named by what it forecasts: the value at the deadline
    and, where the trend gets there, the year the target is reached."""
    if assessment.forecast is None or assessment.due is None or assessment.latest_period is None:
        return None
    if assessment.latest_value is None or assessment.latest_period >= assessment.due:
        return None
    name = t("target.series.forecast", year=assessment.due.year, value=f"{assessment.forecast:.4g}")
    if assessment.forecast_year is not None:
        name += t("target.series.reached", year=assessment.forecast_year)
    return {"name": name, "type": "line", "showSymbol": True, "symbol": "emptyCircle",
            "lineStyle": {"type": "dotted"}, "itemStyle": {"color": "#8e24aa"},
            "data": [_point(assessment.latest_period, assessment.latest_value),
                     _point(assessment.due, assessment.forecast)]}


def comparison_bars(rows: Sequence[StatusRow], lang: str) -> dict[str, Any]:
    """Each jurisdiction's target and latest value of one indicator, side by side."""
    t = i18n.translator(lang)
    labels = [f"{r.record.jurisdiction_name or '—'} {r.record.target.year or ''}".strip() for r in rows]
    targets = [_target_level(r) for r in rows]
    latest = [r.assessment.latest_value for r in rows]
    return {"textStyle": {"fontFamily": FONT}, "tooltip": {"trigger": "axis"}, "legend": {"bottom": 0},
            "grid": {"left": 8, "right": 16, "top": 24, "bottom": 40, "containLabel": True},
            "xAxis": {"type": "category", "data": labels}, "yAxis": {"type": "value"},
            "series": [{"name": t("compare.series.target"), "type": "bar", "data": targets,
                        "itemStyle": {"color": "#2e7d32"}},
                       {"name": t("compare.series.latest"), "type": "bar", "data": latest,
                        "itemStyle": {"color": "#1565c0"}}]}


def _target_level(row: StatusRow) -> float | None:
    """The level a target asks for in the tracked unit: derived for a change, as written otherwise."""
    if row.assessment.target_level is not None:
        return row.assessment.target_level
    return None if row.record.target.kind == "change" else row.tracked.target.value
