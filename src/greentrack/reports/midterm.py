"""The 中期评估报告 of a jurisdiction as data: statuses, scores, supervision lists and the analyses' findings.

`build_midterm` is pure: the service layer loads the ledger's records and hands them in, so the same
report can be laid out as Word, HTML or PDF (`layout.py`) and tested without a database. A report
covers the jurisdiction and the places below it, as `greentrack status --jurisdiction` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from greentrack.analyse import (
    Contradiction,
    DecompositionReport,
    JurisdictionScore,
    PlanTarget,
    PlanTask,
    Timeline,
    UndecidedRow,
    check_decomposition,
    find_contradictions,
    score_jurisdictions,
    timeline,
)
from greentrack.ledger.records import DocumentRecord, ReviewProgress
from greentrack.ledger.status import StatusReport, warnings_of
from greentrack.resolve import Jurisdiction
from greentrack.track import Docket, EarlyWarning

DONE = ("achieved", "compliant")  # on time; 逾期完成 (late_achieved) is counted apart
BEHIND = ("lagging", "off_track", "regressing", "overdue", "non_compliant")
UNKNOWN = ("no_data", "no_trend")


SECTION_KEYS = ("basic", "progress", "problems", "plans")  # 一 … 四 of the body, in order
SECTION_TITLES = {"basic": ("基本情况", "Overview"), "progress": ("主要进展成效", "Progress and results"),
                  "problems": ("存在问题及原因", "Problems and their causes"),
                  "plans": ("下步工作打算", "Next steps")}


@dataclass(frozen=True)
class ReportFrame:
    """The 公文 frame of the report (GB/T 9704): 发文机关 (also its 落款), 文号, 主送机关, 抄送, 成文日期 — a place's
    settings (report_settings) or the command's options; empty parts are left out of the document."""

    issuer: str | None = None
    doc_number: str | None = None
    recipients: str | None = None
    copies: str | None = None
    dated: date | None = None  # 成文日期; None: the day the report is made


@dataclass(frozen=True)
class NarrativeSection:
    """One narrative section (一 … 四): drafted from the data by written rules, or as the office edited it."""

    key: str  # one of SECTION_KEYS
    paragraphs: tuple[str, ...]
    edited_by: str | None = None  # None: the draft
    edited_at: datetime | None = None

    @property
    def edited(self) -> bool:
        """True when the office's own text stands in for the draft."""
        return self.edited_by is not None


@dataclass(frozen=True)
class EvaluationSnapshot:
    """An evaluation kept when an earlier report was made final (table `evaluations`): what 年度对比 compares."""

    as_of: date
    overall: float | None
    dimensions: dict[str, float]
    statuses: dict[int, str]  # target id → status then


@dataclass(frozen=True)
class DepartmentWords:
    """What a department said itself — a 督办 answer, a task report — quoted in sections 三 and 四."""

    department: str
    subject: str  # the target's indicator or the task's text
    problems: str  # 存在问题 (a task report: its note)
    measures: str  # 整改措施 (empty for a task report)
    complete_by: date | None = None  # 完成时限


@dataclass(frozen=True)
class LoopSummary:
    """The supervision loop of the place as plain data (services/follow_up.py gathers it): the open cycles' departments
    per state, tasks per state, 督办 items per state, the open items, and the departments' own words."""

    cycles: tuple[tuple[str, date, dict[str, int]], ...] = ()  # (name, due date, departments per state)
    tasks: dict[str, int] = field(default_factory=dict)  # not_started · in_progress · done · overdue
    items: dict[str, int] = field(default_factory=dict)  # open · answered · returned · closed · escalated
    open_items: tuple[tuple[int, str, date, str], ...] = ()  # (id, title, answer due, state) of items not closed
    words: tuple[DepartmentWords, ...] = ()
    task_states: dict[str, str] = field(default_factory=dict)  # task id (TimelineRow.item_id) → state reported


@dataclass(frozen=True)
class MidtermReport:
    """Everything the 中期评估报告 of one jurisdiction shows, on one assessment date."""

    place: Jurisdiction
    as_of: date
    plans: tuple[DocumentRecord, ...]
    status: StatusReport
    warnings: tuple[EarlyWarning, ...]
    dockets: tuple[Docket, ...]
    scores: tuple[JurisdictionScore, ...]
    contradictions: tuple[Contradiction, ...]
    decomposition: DecompositionReport
    timeline: Timeline
    review: dict[int, ReviewProgress] = field(default_factory=dict)  # per plan: how far its targets' review is
    frame: ReportFrame = ReportFrame()
    narrative: tuple[NarrativeSection, ...] = ()  # 一 … 四, in SECTION_KEYS order (empty: not drafted)
    previous: EvaluationSnapshot | None = None  # the last evaluation kept before this one (年度对比)
    loop: LoopSummary = LoopSummary()  # the supervision loop: cycles, tasks, 督办 items, departments' words

    @property
    def unreviewed(self) -> int:
        """Targets of the report that are machine output nobody has checked (marked 未审核)."""
        return sum(1 for row in self.status.rows if row.record.review.unreviewed)

    @property
    def illustrative(self) -> bool:
        """True when any figure rests on illustrative values (示例数据)."""
        return self.status.illustrative

    @property
    def own_score(self) -> JurisdictionScore | None:
        """The jurisdiction's own evaluation (None when it states no target itself)."""
        return next((s for s in self.scores if s.code == self.place.code), None)

    def tally(self) -> dict[str, int]:
        """Targets done, on track, behind and without a judgement."""
        counts = self.status.counts()
        return {"done": sum(counts.get(s, 0) for s in DONE), "late": counts.get("late_achieved", 0),
                "on_track": counts.get("on_track", 0),
                "behind": sum(counts.get(s, 0) for s in BEHIND), "unknown": sum(counts.get(s, 0) for s in UNKNOWN)}


def covers(place: Jurisdiction, other: Jurisdiction) -> bool:
    """True when `other` is `place` or lies below it."""
    return other.code == place.code or any(code == place.code for code, _ in other.chain)


def build_midterm(place: Jurisdiction, status: StatusReport, plans: Sequence[DocumentRecord],
                  targets: Sequence[PlanTarget], tasks: Sequence[PlanTask], statuses: dict[str, str],
                  undecided: Sequence[UndecidedRow] = (), review: dict[int, ReviewProgress] | None = None,
                  ) -> MidtermReport:
    """The report of `place` from its status report and the ledger's targets (all places, for decomposition).

    `targets` may hold every place of the ledger: decomposition needs the levels above and below;
    contradictions, scores and the roadmap keep the place and what lies below it.
    """
    mine = [t for t in targets if covers(place, t.jurisdiction)]
    warnings, dockets = warnings_of(status)
    return MidtermReport(
        place=place, as_of=status.as_of, plans=tuple(plans), status=status, warnings=warnings, dockets=dockets,
        scores=tuple(score_jurisdictions(mine, statuses)), contradictions=tuple(find_contradictions(mine)),
        decomposition=decomposition_of(place, targets, undecided),
        timeline=timeline(mine, [t for t in tasks if covers(place, t.plan.jurisdiction)]), review=dict(review or {}))


def decomposition_of(place: Jurisdiction, targets: Sequence[PlanTarget],
                     undecided: Sequence[UndecidedRow]) -> DecompositionReport:
    """The decomposition findings in which the place, or a place below it, is the parent or the child."""
    found = check_decomposition(targets, [row for row in undecided if covers(place, row.plan.jurisdiction)])
    return DecompositionReport(
        weaker=tuple(w for w in found.weaker
                     if covers(place, w.parent.jurisdiction) or covers(place, w.child.jurisdiction)),
        shortfalls=tuple(s for s in found.shortfalls if covers(place, s.parent.jurisdiction)),
        uncovered=tuple(u for u in found.uncovered if covers(place, u.parent.jurisdiction)),
        undecided=found.undecided)
