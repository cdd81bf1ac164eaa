"""The roadmap (路线图) of a jurisdiction: every deadline of its targets and tasks by year and month.

A deadline with a month (2023年10月底前) keeps it; a bare year (到2025年) is due within that year
and sorts after its dated months. Targets and tasks without a year have no deadline: they are
counted, not placed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from greentrack.analyse.compare import as_written, as_written_en
from greentrack.analyse.models import PlanInfo, PlanTarget, PlanTask

KIND_ZH = {"target": "指标", "task": "任务"}


@dataclass(frozen=True)
class TimelineRow:
    """One deadline: when (year, month or None), what (a target or a task), whose plan and departments."""

    year: int
    month: int | None
    deadline: str | None
    kind: str
    item_id: str
    label: str
    plan: PlanInfo
    departments: tuple[str, ...]
    lead_departments: tuple[str, ...]
    quote: str
    label_en: str  # a target's words in English where they are ours (a change's "down 15% from 2020")
    start: int = 0  # where its statement starts in the plan's text: rows due together keep the plan's order

    @property
    def when(self) -> str:
        """`2023年10月` or `2025年`."""
        return f"{self.year}年{self.month}月" if self.month else f"{self.year}年"

    @property
    def when_en(self) -> str:
        """`2023-10` or `2025`."""
        return f"{self.year}-{self.month:02d}" if self.month else str(self.year)


@dataclass(frozen=True)
class Timeline:
    """A jurisdiction's deadlines in order, and how many of its items carry none."""

    rows: tuple[TimelineRow, ...]
    undated_targets: int
    undated_tasks: int

    def chart(self) -> dict[str, Any]:
        """ECharts-ready data: one category per year, stacked bars of targets and tasks due, labels per year."""
        years = sorted({row.year for row in self.rows})
        series = []
        for kind in ("target", "task"):
            counts = [sum(1 for r in self.rows if r.year == year and r.kind == kind) for year in years]
            series.append({"name": KIND_ZH[kind], "type": "bar", "stack": "deadlines", "data": counts})
        items = {str(year): [f"{r.when} {r.label}" for r in self.rows if r.year == year] for year in years}
        return {"categories": [f"{year}年" for year in years], "series": series, "items": items}


def timeline(targets: Sequence[PlanTarget], tasks: Sequence[PlanTask] = (),
             jurisdiction_code: str | None = None) -> Timeline:
    """The deadlines of the targets and tasks (of one jurisdiction when a code is given), earliest first."""
    chosen_targets = [t for t in targets if jurisdiction_code is None or t.jurisdiction.code == jurisdiction_code]
    chosen_tasks = [t for t in tasks if jurisdiction_code is None or t.plan.jurisdiction.code == jurisdiction_code]
    rows = [_target_row(t) for t in chosen_targets if t.target.year is not None]
    rows += [_task_row(t) for t in chosen_tasks if t.task.year is not None]
    rows.sort(key=lambda r: (r.year, r.month or 13, r.kind, r.plan.doc, r.start, r.item_id))
    return Timeline(tuple(rows), sum(1 for t in chosen_targets if t.target.year is None),
                    sum(1 for t in chosen_tasks if t.task.year is None))


def _month(deadline: str | None) -> int | None:
    """The month of an ISO deadline (2023-10-31 → 10)."""
    if not deadline or len(deadline) < 7 or not deadline[5:7].isdigit():
        return None
    return int(deadline[5:7])


def _target_row(item: PlanTarget) -> TimelineRow:
    t = item.target
    return TimelineRow(year=t.year or 0, month=_month(t.deadline), deadline=t.deadline, kind="target",
                       item_id=t.id, label=as_written(item), plan=item.plan, departments=t.departments,
                       lead_departments=t.lead_departments, quote=t.quote, label_en=as_written_en(item),
                       start=t.start)


def _task_row(item: PlanTask) -> TimelineRow:
    t = item.task
    return TimelineRow(year=t.year or 0, month=_month(t.deadline), deadline=t.deadline, kind="task", item_id=t.id,
                       label=t.text, plan=item.plan, departments=t.departments,
                       lead_departments=t.lead_departments, quote=t.quote, label_en=t.text, start=t.start)
