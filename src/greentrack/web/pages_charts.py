"""ECharts options for the dashboard, built from service records as plain dicts.

Pages put an option into a `<script type="application/json">` block; `static/dashboard.js` finds
each chart element and draws it. No page has inline script, so the Content-Security-Policy can
forbid it, and every figure on a chart is one the page's tables also show.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from markupsafe import Markup

from greentrack.ledger.status import StatusRow
from greentrack.services.targets import TargetDetail
from greentrack.track import STATUSES
from greentrack.web import i18n

# One colour per status, the same on every chart and badge (greens good, reds bad, greys unknown).
STATUS_COLOURS = {
    "achieved": "#2e7d32", "late_achieved": "#827717", "on_track": "#66bb6a", "lagging": "#f9a825",
    "off_track": "#ef6c00",
    "regressing": "#c62828", "overdue": "#8e24aa", "no_data": "#9e9e9e", "no_trend": "#bdbdbd",
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
    return {"textStyle": {"fontFamily": FONT}, "tooltip": {"trigger": "item", "formatter": "{b}: {c} ({d}%)"},
            "legend": {"bottom": 0, "type": "scroll"},
            "series": [{"type": "pie", "radius": ["35%", "65%"], "center": ["50%", "45%"], "data": data,
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


def _day(value: date) -> str:
    return value.isoformat()


def target_lines(detail: TargetDetail, lang: str) -> dict[str, Any]:
    """Observations (running totals for a cumulative target), the expected path and the target line."""
    t = i18n.translator(lang)
    assessment = detail.row.assessment
    observed = [[_day(day), value] for day, value in assessment.series]
    expected = [[_day(day), value] for day, value in detail.path]
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
    return {"textStyle": {"fontFamily": FONT}, "tooltip": {"trigger": "axis"}, "legend": {"bottom": 0},
            "grid": {"left": 8, "right": 24, "top": 24, "bottom": 40, "containLabel": True},
            "xAxis": {"type": "time"}, "yAxis": {"type": "value", "name": assessment.unit, "scale": True},
            "series": series}


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
