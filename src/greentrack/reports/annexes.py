"""The four annexes of the 中期评估报告, each starting on a new page: 附件1 指标完成情况表 (every target: target,
baseline, latest value, 完成率, status), 附件2 任务完成情况表 (the dated tasks: deadline, departments, state),
附件3 部门职责分工表 (every target's 牵头 and 配合 departments), 附件4 督办清单 (one row per warned target, its
departments in one column — not one row per department, which filled most of a county's report).

A task's state is the one its departments reported (MidtermReport.loop.task_states); a task past its due day and
not done shows 逾期 whatever was reported, as services/task_progress.py rules.
"""

from __future__ import annotations

import re
from datetime import date

from greentrack.analyse import TimelineRow
from greentrack.ledger.status import StatusRow
from greentrack.reports import cells
from greentrack.reports.blocks import Annex, Block, Paragraph, TableBlock
from greentrack.reports.labels import severity_word, status_word, word
from greentrack.reports.midterm import MidtermReport
from greentrack.reports.official import chinese_date, english_date
from greentrack.track import EarlyWarning

# the 指标完成情况表 (附件1): (label key) of each column, in order
TARGET_COLUMNS = ("col.number", "col.indicator", "col.target", "col.baseline", "col.latest", "col.completion",
                  "col.status")
TARGET_WIDTHS = (0.9, 3.4, 1.7, 1.7, 1.7, 1.2, 1.6)  # 序号 needs 13 mm for two characters
ANNEXES = ("annex.targets", "annex.tasks", "annex.duties", "annex.docket")  # 附件1 … 附件4, in order


def annex_note(lang: str = "zh") -> list[Paragraph]:
    """附件说明 under the body: 附件：1．指标完成情况表, the others aligned under the first."""
    lead = word("doc.annex_note", lang)
    pad = "　" * len(lead) if lang == "zh" else " " * len(lead)
    return [Paragraph("", indent=False)] + [  # a blank line between the 正文 and the 附件说明
        Paragraph(f"{lead if n == 1 else pad}{n}．{word(key, lang)}" if lang == "zh"
                  else f"{lead if n == 1 else pad}{n}. {word(key, lang)}")
        for n, key in enumerate(ANNEXES, 1)]


def annex_blocks(report: MidtermReport, lang: str = "zh") -> list[Block]:
    """The four annexes, each headed 附件N and its title."""
    bodies = (_targets(report, lang), _tasks(report, lang), _duties(report, lang), _docket(report, lang))
    blocks: list[Block] = []
    for n, (key, body) in enumerate(zip(ANNEXES, bodies, strict=True), 1):
        blocks.append(Annex(word("doc.annex", lang, n=n), word(key, lang)))
        blocks.extend(body)
    return blocks


def _several_places(report: MidtermReport) -> bool:
    return len({r.record.jurisdiction_code for r in report.status.rows}) > 1


def _targets(report: MidtermReport, lang: str) -> list[Block]:
    rows = report.status.rows
    if not rows:
        return [Paragraph(word("summary.no_score", lang))]
    several = _several_places(report)
    return [TableBlock(None, target_headings(lang), tuple(
        (str(n), indicator_text(r, several, lang), cells.target_text(r.record.target, lang), baseline_text(r),
         cells.latest_text(r), cells.completion_text(r), status_word(r.assessment.status, lang))
        for n, r in enumerate(rows, 1)), TARGET_WIDTHS, status_column=6,
        statuses=tuple(r.assessment.status for r in rows))]


def baseline_text(row: StatusRow) -> str:
    """The baseline value with its unit and year (`58.2% (2021)`), — where the ledger has none."""
    assessment = row.assessment
    if assessment.baseline_value is None:
        return cells.NONE
    year = f" ({assessment.baseline_period.year})" if assessment.baseline_period else ""
    return f"{cells.number(assessment.baseline_value)}{row.tracked.target.unit}{year}"


def task_state(row: TimelineRow, reported: str | None, as_of: date) -> str:
    """The state a task shows: the one reported (未开始 before any report), 逾期 once due and not done."""
    state = reported or "not_started"
    if state != "done" and _due(row) < as_of:
        return "overdue"
    return state


def _due(row: TimelineRow) -> date:
    if row.deadline:
        try:
            return date.fromisoformat(row.deadline)
        except ValueError:
            pass  # a deadline written as YYYY-MM falls back on the month or the year
    if row.month:
        following = date(row.year + 1, 1, 1) if row.month == 12 else date(row.year, row.month + 1, 1)
        return date.fromordinal(following.toordinal() - 1)
    return date(row.year, 12, 31)


def _when(row: TimelineRow, lang: str) -> str:
    """A task's deadline as the plan gives it: a day (2023年10月31日, 2025年底), a month or a year."""
    if row.deadline:
        try:
            return due_text(date.fromisoformat(row.deadline), lang)
        except ValueError:
            pass
    return row.when if lang == "zh" else row.when_en


def _tasks(report: MidtermReport, lang: str) -> list[Block]:
    tasks = [r for r in report.timeline.rows if r.kind == "task"]
    if not tasks:
        return [Paragraph(word("tasks.none", lang))]
    header = (word("col.number", lang), word("col.task", lang), word("col.due", lang), word("col.departments", lang),
              word("col.state", lang))
    states = report.loop.task_states
    place = report.place.name
    rows = tuple((str(n), r.label, _when(r, lang),
                  short(named(r.lead_departments, r.departments), place),
                  word(f"task.{task_state(r, states.get(r.item_id), report.as_of)}", lang))
                 for n, r in enumerate(tasks, 1))
    return [TableBlock(None, header, rows, (0.9, 4.4, 1.6, 3.4, 1.4))]


def _duties(report: MidtermReport, lang: str) -> list[Block]:
    rows = report.status.rows
    if not rows:
        return [Paragraph(word("summary.no_score", lang))]
    header = (word("col.number", lang), word("col.indicator", lang), word("col.lead_only", lang),
              word("col.support", lang))
    several = _several_places(report)
    place = report.place.name
    return [TableBlock(None, header, tuple(
        (str(n), indicator_text(r, several, lang), short(cells.leads_text(r), place),
         short(cells.supports_text(r), place))
        for n, r in enumerate(rows, 1)), (0.8, 2.8, 2.6, 6.0))]


def short(names: str, place: str) -> str:
    """Departments joined with 、, each without the report's own place in front (金乡县住房和城乡建设局 →
    住房和城乡建设局): in a place's own report its departments need no place name, and the tables stay short."""
    return "、".join(name[len(place):] if name.startswith(place) and not name[len(place):].startswith(KEEP) else name
                    for name in names.split("、"))


KEEP = ("委", "人民", "政", "人大", "分局")  # 金乡县委组织部, 金乡县人民政府: the place belongs to the name


def _docket(report: MidtermReport, lang: str) -> list[Block]:
    warnings: dict[str, EarlyWarning] = {}
    for warning in report.warnings:  # one row per target, the most urgent warning first
        warnings.setdefault(warning.target_id, warning)
    if not warnings:
        return [Paragraph(word("supervision.none", lang))]
    header = (word("col.number", lang), word("col.indicator", lang), word("col.severity", lang),
              word("col.message", lang), word("col.due", lang), word("col.departments", lang))
    place = report.place.name
    rows = tuple((str(n), w.indicator, severity_word(w.severity, lang), message(w.message),
                  due_text(w.due, lang) if w.due else cells.NONE, short(departments_text(w), place))
                 for n, w in enumerate(warnings.values(), 1))
    return [Paragraph(word("docket.intro", lang)), TableBlock(None, header, rows, (0.8, 2.0, 1.1, 5.0, 1.3, 2.6))]


def due_text(day: date, lang: str = "zh") -> str:
    """A deadline as a 公文 writes it: 2025年底 for the year's end, else 2025年6月30日."""
    if lang != "zh":
        return english_date(day)
    return f"{day.year}年底" if (day.month, day.day) == (12, 31) else chinese_date(day)


# the message's parts the table's columns already say, or say longer than a 清单 needs
_PAST_DUE = re.compile(r"已过完成期限[^（]*（逾期(\d+)天）")  # the 完成时限 column names the day
_YEAR_END = re.compile(r"（(\d{4})(?:年12月31日|-12-31)）")  # a year's value: （2024年）


def message(text: str) -> str:
    """A warning's message as the 清单 says it: without its 【红色预警】指标： lead-in (the table's own columns say
    it), the deadline said as 逾期N天, a year's value dated by its year."""
    body = text.split("】", 1)[-1]
    body = body.split("：", 1)[-1] if "：" in body else body
    return _YEAR_END.sub(r"（\1年）", _PAST_DUE.sub(r"逾期\1天", body))


def departments_text(warning: EarlyWarning) -> str:
    """A warned target's departments in one cell: the lead ones (牵头), else the first named (the responsible one
    by the plans' convention) and how many more; the supporting departments (配合) are in 附件3."""
    return named(warning.lead_departments, warning.departments)


def named(leads: tuple[str, ...], departments: tuple[str, ...]) -> str:
    """The lead departments, else the named ones — the first and how many when they are many."""
    if leads:
        return "、".join(leads)
    if len(departments) > MANY:
        return f"{departments[0]}等{len(departments)}个单位"
    return "、".join(departments) or cells.NONE


MANY = 3  # more named departments than this, and no lead: the first stands for them


def target_headings(lang: str = "zh") -> tuple[str, ...]:
    """The headings of the targets-by-status table in `lang`."""
    return tuple(word(key, lang) for key in TARGET_COLUMNS)


def indicator_text(row: StatusRow, with_place: bool, lang: str = "zh") -> str:
    """The indicator's name (with its place's when the report spans several), marked 未审核 when nobody checked it."""
    name = row.record.target.indicator
    name = f"{row.record.jurisdiction_name}·{name}" if with_place and row.record.jurisdiction_name else name
    return name + word("review.mark", lang) if row.record.review.unreviewed else name
