"""The text of one target's cells, the same in the Word report, the HTML report and the Excel 台账.

Figures are shown as people write them: no binary noise, no trailing `.0`; a relative change as
`比2020年下降15%`; the latest value with its unit and year.
"""

from __future__ import annotations

from greentrack.ledger.status import ILLUSTRATIVE, StatusRow
from greentrack.models import Target

COMPARATOR_TEXT = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": ""}
NONE = "—"
FIRST_NAMED = "（责任单位）"  # the first named unit answers where no unit leads: not 牵头


def number(value: float | None) -> str:
    """A figure without binary noise or a trailing .0 (40.11, 110, 0.6702); — for none."""
    if value is None:
        return NONE
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def target_text(target: Target) -> str:
    """The target as the plan sets it: `≥40.11%`, `1600个`, `比2020年下降15%`."""
    if target.kind == "change":
        verb = "下降" if target.value < 0 else "提高"
        return f"比{target.reference_year or '基期'}年{verb}{number(abs(target.value))}{target.unit}"
    return f"{COMPARATOR_TEXT.get(target.comparator, '')}{number(target.value)}{target.unit}"


def due_text(row: StatusRow) -> str:
    """The deadline: a date when the plan gives one (2023-10-31), else the year (2025年)."""
    target = row.record.target
    if target.deadline:
        return target.deadline
    return f"{target.year}年" if target.year else NONE


def latest_text(row: StatusRow) -> str:
    """The latest observed value with its unit and year (`38.9% (2024)`), — without data."""
    assessment = row.assessment
    if assessment.latest_value is None:
        return NONE
    year = f" ({assessment.latest_period.year})" if assessment.latest_period else ""
    return f"{number(assessment.latest_value)}{row.tracked.target.unit}{year}"


def leads_text(row: StatusRow) -> str:
    """The responsible unit: the lead departments (牵头) joined with 、, else the first named unit marked
    （责任单位）; — only where the plan names none."""
    record = row.record
    if record.responsible_named_first:
        return f"{record.responsible[0]}{FIRST_NAMED}"
    return "、".join(record.lead_departments) or NONE


def supports_text(row: StatusRow) -> str:
    """The supporting departments (配合): every named department that is not the responsible one."""
    leads = set(row.record.responsible)
    return "、".join(d for d in row.record.departments if d not in leads) or NONE


def measures_text(row: StatusRow) -> str:
    """完成率 and 进度比 side by side (`完成率 82% · 进度比 1.04`); one where the other is missing or they agree."""
    return measures(row.assessment.completion, row.assessment.ratio)


def completion_text(row: StatusRow) -> str:
    """完成率 as a percentage (82%), — where unknown."""
    completion = row.assessment.completion
    return NONE if completion is None else f"{completion:.0%}"


def ratio_text(row: StatusRow) -> str:
    """进度比 R to two decimals (1.02), — where unknown."""
    ratio = row.assessment.ratio
    return NONE if ratio is None else f"{ratio:.2f}"


def measures(completion: float | None, ratio: float | None) -> str:
    """The two measures of an assessment named plainly; — where neither is known."""
    parts = []
    if completion is not None:
        parts.append(f"完成率 {completion:.0%}")
    if ratio is not None and (completion is None or abs(ratio - completion) > 0.005):
        parts.append(f"进度比 {ratio:.2f}")
    return " · ".join(parts) or NONE


def remarks(row: StatusRow, warning: str | None = None) -> str:
    """备注: binding or expected, aspirational, a unit that does not convert, illustrative data, the warning."""
    target = row.record.target
    notes = []
    if target.binding:
        notes.append(target.binding)
    if target.aspirational:
        notes.append("力争")
    if row.record.unit_problem:
        notes.append(f"单位无法换算：{row.record.unit_problem}")
    if row.illustrative:
        notes.append(ILLUSTRATIVE)
    if warning:
        notes.append(warning)
    return "；".join(notes)


def source_text(row: StatusRow) -> str:
    """The plan a target comes from: 《title》 (file name when it has no title)."""
    record = row.record
    return f"《{record.document_title}》" if record.document_title else record.target.doc
