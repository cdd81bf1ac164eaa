"""Early warnings (预警) from assessments: severity by documented rules and a message with the figures (Chinese,
or English for the dashboard's English mode).

Rules (docs/methodology.md, "Warnings"), each a reason code; the most severe reason sets the level:
红 red    — overdue (逾期未完成); regressing (逆向变化)
橙 orange — off track (严重滞后, or a cap exceeded); trend shortfall at the deadline above 25%;
            a standard not met (不符合标准); deadline passed with no data at all
黄 yellow — lagging (进度滞后); deadline within 180 days and not achieved;
            no data with the deadline within a year
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from greentrack.track.models import (
    KINDS,
    SEVERITIES,
    SEVERITY_LABELS,
    STATUSES,
    Assessment,
    EarlyWarning,
    TrackedTarget,
)

SHORTFALL_LIMIT = 0.25
DUE_SOON_DAYS = 180
NO_DATA_NOTICE_DAYS = 365
SETTLED = ("achieved", "late_achieved", "compliant")

# reason code → severity; the order is the order reasons are listed in a message.
REASONS: dict[str, str] = {
    "overdue": "red",
    "regressing": "red",
    "off_track": "orange",
    "cap_exceeded": "orange",
    "shortfall": "orange",
    "non_compliant": "orange",
    "no_data_overdue": "orange",
    "lagging": "yellow",
    "due_soon": "yellow",
    "no_data_due_soon": "yellow",
}


def _n(value: float | None) -> str:
    """A figure for a message: at most four decimals, no trailing zeros."""
    if value is None:
        return "—"
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _reasons(a: Assessment, days_left: int | None) -> list[str]:
    """The reason codes that apply to `a`, in the order of REASONS."""
    found: set[str] = set()
    cap = a.kind == "cumulative" and a.direction < 0
    if a.status in ("overdue", "regressing", "non_compliant", "lagging"):
        found.add(a.status)
    if a.status == "off_track":
        found.add("cap_exceeded" if cap else "off_track")
    unsettled = a.status not in SETTLED and a.status != "no_data"
    if unsettled and a.shortfall is not None and a.shortfall > SHORTFALL_LIMIT:
        found.add("shortfall")
    if days_left is not None and a.status == "no_data":
        if days_left < 0:
            found.add("no_data_overdue")
        elif days_left <= NO_DATA_NOTICE_DAYS:
            found.add("no_data_due_soon")
    if unsettled and a.kind != "standard" and days_left is not None and 0 <= days_left <= DUE_SOON_DAYS:
        found.add("due_soon")
    return [code for code in REASONS if code in found]


def _goal(a: Assessment) -> str:
    """`≥70%`-style text for the target level."""
    sign = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "="}.get(a.comparator, "")
    unit = "" if a.kind == "change" and a.unit == "%" else a.unit
    return f"{sign}{_n(a.target_level)}{unit}"


def _text(code: str, a: Assessment, days_left: int | None, lang: str = "zh") -> str:
    """One reason as a clause with its figures (each value with its unit), in Chinese or English."""
    due = a.due.isoformat() if a.due else "—"
    unit = "" if a.kind == "change" and a.unit == "%" else a.unit
    latest = f"{_n(a.latest_value)}{unit}（{a.latest_period.isoformat()}）" if a.latest_period else "—"
    late = -days_left if days_left is not None and days_left < 0 else None
    if lang == "en":
        latest = f"{_n(a.latest_value)}{unit} ({a.latest_period.isoformat()})" if a.latest_period else "—"
        overdue = f" ({late} days overdue)" if late is not None else ""
        texts = {
            "overdue": f"past its deadline {due}{overdue} and not met: latest {latest}, target {_goal(a)}",
            "regressing": f"moving away from the target: from the baseline {_n(a.baseline_value)}{unit} to {latest}, "
                          f"target {_goal(a)}",
            "off_track": f"far behind: progress ratio R={_n(a.ratio)} (below 0.60), expected {_n(a.expected)}{unit}, "
                         f"actual {latest}",
            "cap_exceeded": f"the total {_n(a.total)}{a.unit} is over the cap {_n(a.target_level)}{a.unit}",
            "shortfall": f"the trend reaches {_n(a.forecast)}{unit} by the deadline, a shortfall of "
                         f"{a.shortfall:.0%} (over 25%)" if a.shortfall else "",
            "non_compliant": f"the standard is not met: latest {latest}, required {_goal(a)}",
            "no_data_overdue": f"past its deadline {due}{overdue} with no monitoring data",
            "lagging": f"lagging: progress ratio R={_n(a.ratio)} (0.60–0.95), expected {_n(a.expected)}{unit}, "
                       f"actual {latest}",
            "due_soon": f"{days_left} days left to its deadline {due}, not met yet (target {_goal(a)})",
            "no_data_due_soon": f"less than a year to its deadline {due} ({days_left} days left) and no monitoring "
                                "data",
        }
        return texts[code]
    overdue = f"（逾期{late}天）" if late is not None else ""
    texts = {
        "overdue": f"已过完成期限{due}{overdue}仍未达标：最新值{latest}，目标{_goal(a)}",
        "regressing": f"逆向变化：由基期值{_n(a.baseline_value)}{unit}变为{latest}，目标{_goal(a)}",
        "off_track": f"进度严重滞后：进度比R={_n(a.ratio)}（低于0.60），应达{_n(a.expected)}{unit}，实际{latest}",
        "cap_exceeded": f"累计{_n(a.total)}{a.unit}已超出上限{_n(a.target_level)}{a.unit}",
        "shortfall": f"按趋势预计到期值{_n(a.forecast)}{unit}，缺口{a.shortfall:.0%}（超过25%）" if a.shortfall else "",
        "non_compliant": f"不符合标准：最新值{latest}，要求{_goal(a)}",
        "no_data_overdue": f"已过完成期限{due}{overdue}仍无监测数据",
        "lagging": f"进度滞后：进度比R={_n(a.ratio)}（0.60–0.95），应达{_n(a.expected)}{unit}，实际{latest}",
        "due_soon": f"距完成期限{due}仅剩{days_left}天，尚未达标（目标{_goal(a)}）",
        "no_data_due_soon": f"距完成期限{due}不足一年（剩余{days_left}天）仍无监测数据",
    }
    return texts[code]


def _message(indicator: str, severity: str, codes: Iterable[str], a: Assessment, days_left: int | None,
             lang: str) -> str:
    if lang == "en":
        clauses = "; ".join(_text(code, a, days_left, "en") for code in codes)
        return f"[{SEVERITY_LABELS[severity][1]} warning] {indicator}: {clauses}."
    clauses = "；".join(_text(code, a, days_left) for code in codes)
    return f"【{SEVERITY_LABELS[severity][0]}】{indicator}：{clauses}。"


def warning_message(warning: EarlyWarning, lang: str = "zh") -> str:
    """A warning's message in Chinese (as stored in `message`) or English, from its reasons and assessment."""
    if lang != "en":
        return warning.message
    return _message(warning.indicator, warning.severity, warning.reasons, warning.assessment, warning.days_left,
                    "en")


def warn(target: TrackedTarget, assessment: Assessment) -> EarlyWarning | None:
    """The warning a target's assessment calls for, or None when it needs none."""
    days_left = (assessment.due - assessment.as_of).days if assessment.due is not None else None
    codes = _reasons(assessment, days_left)
    if not codes:
        return None
    severity = min((REASONS[code] for code in codes), key=SEVERITIES.index)
    message = _message(target.indicator, severity, codes, assessment, days_left, "zh")
    return EarlyWarning(
        target_id=target.id, indicator=target.indicator, severity=severity, reasons=tuple(codes), message=message,
        status=assessment.status, due=assessment.due, days_left=days_left, departments=target.departments,
        lead_departments=target.lead_departments, assessment=assessment)


def urgency(warning: EarlyWarning) -> tuple[int, int, str]:
    """Sort key: severity (red first), then deadline (earliest first, none last), then target id."""
    due = warning.due.toordinal() if warning.due is not None else 10**9
    return SEVERITIES.index(warning.severity), due, warning.target_id


def early_warnings(pairs: Iterable[tuple[TrackedTarget, Assessment]]) -> tuple[EarlyWarning, ...]:
    """Every warning among `(target, assessment)` pairs, most severe first, then by deadline."""
    found = (warn(target, assessment) for target, assessment in pairs)
    return tuple(sorted((w for w in found if w is not None), key=urgency))


UNKNOWN = -2  # a level `known_levels` cannot tell from the status and the deadline alone
UNSURE = ("on_track", "lagging", "no_trend")  # statuses whose level rests on the trend's shortfall


def warning_levels(status: Any, shortfall: Any, due: Any, kind: Any, as_of: date) -> Any:
    """The severity (its index in SEVERITIES; -1: no warning) `warn` gives each assessment, over columns:
    `status` and `kind` index STATUSES and KINDS, `due` is a day's ordinal (0: none), `shortfall` NaN where
    there is none. The rules of `_reasons`, the most severe reason of each setting its level."""
    import numpy as np

    def having(*names: str) -> Any:
        return np.isin(status, [STATUSES.index(name) for name in names])

    days = due - as_of.toordinal()
    dated = due > 0
    no_data = having("no_data")
    unsettled = ~having(*SETTLED) & ~no_data
    with np.errstate(invalid="ignore"):
        short = unsettled & (shortfall > SHORTFALL_LIMIT)
    red = having("overdue", "regressing")
    orange = having("off_track", "non_compliant") | short | (no_data & dated & (days < 0))
    yellow = (having("lagging") | (no_data & dated & (days >= 0) & (days <= NO_DATA_NOTICE_DAYS))
              | (unsettled & (kind != KINDS.index("standard")) & dated & (days >= 0) & (days <= DUE_SOON_DAYS)))
    return np.select([red, orange, yellow], [SEVERITIES.index(s) for s in ("red", "orange", "yellow")], -1)


def known_levels(status: Any, due: Any, as_of: date) -> Any:
    """`warning_levels` from the status and deadline alone (what a target index holds): UNKNOWN for the
    statuses (UNSURE) whose level a shortfall of the trend or the kind of target may change."""
    import numpy as np

    found = warning_levels(status, np.full(len(status), np.nan), due, np.zeros(len(status), np.int64), as_of)
    return np.where(np.isin(status, [STATUSES.index(s) for s in UNSURE]), UNKNOWN, found)
