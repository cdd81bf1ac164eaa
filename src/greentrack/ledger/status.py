"""The ledger's status table: stored targets and observations, assessed by the track stage.

This module decides nothing about progress: it loads, translates (`tracking.py`), calls
`greentrack.track` and lays the result out as rows of text that the CLI, the exports and the
SQLite-versus-PostgreSQL test all share.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from greentrack.ledger.records import REVIEW_LABELS, ObservationRecord, TargetRecord
from greentrack.ledger.tracking import TrackInput, track_input
from greentrack.track import STATUS_LABELS, Assessment, Docket, EarlyWarning, assess_many, early_warnings
from greentrack.track import supervision_list as build_dockets

if TYPE_CHECKING:
    import numpy as np
    from sqlalchemy.orm import Session

ILLUSTRATIVE = "示例数据"
# (Chinese heading, English) of each column of the status table, in order.
STATUS_COLUMNS: tuple[tuple[str, str], ...] = (
    ("编号", "id"), ("辖区", "jurisdiction"), ("指标", "indicator"), ("目标", "target"), ("期限", "due"),
    ("最新值", "latest"), ("完成率 进度比", "completion pace"), ("状态", "status"), ("审核", "review"),
    ("牵头/责任单位", "responsible"), ("数据", "data"),
)
# The terminal's mark on a responsible unit that is only the first named one (no unit leads), and its legend.
FIRST_NAMED_MARK = "*"
FIRST_NAMED_LEGEND = "* 责任单位：未写明牵头，取首个列出的单位 (responsible, first named; not a lead 牵头)"


@dataclass(frozen=True)
class StatusRow:
    """One target with its observations and the track stage's assessment of it."""

    record: TargetRecord
    observations: tuple[ObservationRecord, ...]
    tracked: TrackInput
    assessment: Assessment

    @property
    def illustrative(self) -> bool:
        """True when the figures rest on bundled illustrative values (示例数据)."""
        return self.tracked.illustrative


@dataclass(frozen=True)
class StatusReport:
    """Every current target's status on `as_of`, in ledger order."""

    as_of: dt.date
    rows: tuple[StatusRow, ...]

    @property
    def illustrative(self) -> bool:
        """True when any row rests on illustrative values."""
        return any(row.illustrative for row in self.rows)

    def counts(self) -> dict[str, int]:
        """Targets per status code, in the track stage's order of statuses."""
        found = [row.assessment.status for row in self.rows]
        return {status: found.count(status) for status in STATUS_LABELS if status in found}


def build_status(session: Session, as_of: dt.date, jurisdiction: str | None = None,
                 department: str | None = None) -> StatusReport:
    """Assess every current target (filtered by jurisdiction and/or department) on `as_of`."""
    from greentrack.ledger import repository  # SQLAlchemy only when a ledger is really read
    from greentrack.ledger.budget import checkpoint

    records = repository.documents.current_targets(session, jurisdiction=jurisdiction, department=department)
    rows: list[StatusRow] = []
    for start in range(0, len(records), ASSESSED_AT_ONCE):  # a served request can stop between slices
        checkpoint()
        chunk = records[start:start + ASSESSED_AT_ONCE]
        observations = repository.observations.observations_for(session, chunk)
        inputs = [track_input(r, observations[r.id]) for r in chunk]
        assessments = assess_many([i.target for i in inputs], {i.target.id: i.observations for i in inputs}, as_of)
        rows.extend(StatusRow(r, tuple(observations[r.id]), i, a)
                    for r, i, a in zip(chunk, inputs, assessments, strict=True))
    return StatusReport(as_of, tuple(rows))


ASSESSED_AT_ONCE = 2_000  # targets whose observations are read and assessed together


def warnings_of(report: StatusReport) -> tuple[tuple[EarlyWarning, ...], tuple[Docket, ...]]:
    """The early warnings of a status report and the supervision list (督办清单) per department."""
    warnings = early_warnings((row.tracked.target, row.assessment) for row in report.rows)
    return warnings, build_dockets(warnings)


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.4g}"


def status_cells(row: StatusRow) -> tuple[str, ...]:
    """The row as the text of each STATUS_COLUMNS cell (the same in a terminal, a CSV and a test); the review
    column says 未审核 for machine output nobody has checked."""
    target, assessment = row.record.target, row.assessment
    tracked = row.tracked.target
    due = assessment.due.isoformat() if assessment.due else (str(target.year) if target.year else "—")
    latest = "—"
    if assessment.latest_value is not None:
        period = assessment.latest_period.year if assessment.latest_period else ""
        latest = f"{_number(assessment.latest_value)}{tracked.unit} ({period})"
    completion = "—" if assessment.completion is None else f"{assessment.completion:.0%}"
    progress = "—" if assessment.ratio is None else f"{assessment.ratio:.2f}"
    measures = "—" if assessment.completion is None and assessment.ratio is None else f"{completion} {progress}"
    zh, en = STATUS_LABELS[assessment.status]
    return (str(row.record.id), row.record.jurisdiction_name or "—", target.indicator,
            f"{target.comparator} {target.value:g}{target.unit}", due, latest, measures, f"{zh} {en}",
            REVIEW_LABELS[row.record.review.state][0], _departments(row.record),
            ILLUSTRATIVE if row.illustrative else "")


def _departments(record: TargetRecord, shown: int = 2) -> str:
    """The responsible unit without the row's own place (发展和改革局 in a 金乡县 row), the first few only: the lead
    departments, else the first named unit marked * (FIRST_NAMED_LEGEND says what it means)."""
    place = record.jurisdiction_name or ""
    names = [n.removeprefix(place) if place and len(n) > len(place) else n for n in record.responsible]
    if not names:
        return "—"
    if record.responsible_named_first:
        return f"{names[0]}{FIRST_NAMED_MARK}"
    more = f" 等{len(names)}个" if len(names) > shown else ""
    return "、".join(names[:shown]) + more


def responsible_names(session: Session) -> tuple[tuple[np.ndarray, np.ndarray], list[str]]:
    """Every target's responsibility rows as (target ids, department name codes) and the names coded, for bulk
    summaries: a target counts under each name as often as `TargetRecord.departments` lists it."""
    import numpy as np
    from sqlalchemy import select

    from greentrack.ledger.schema import DepartmentRow, ResponsibilityRow

    rows = session.execute(select(ResponsibilityRow.target_id, DepartmentRow.name)
                           .join(DepartmentRow, DepartmentRow.id == ResponsibilityRow.department_id)
                           .where(ResponsibilityRow.target_id.is_not(None))).all()
    names = sorted({name for _, name in rows})
    code = {name: number for number, name in enumerate(names)}
    targets = np.fromiter((t for t, _ in rows), np.int64, len(rows))
    codes = np.fromiter((code[n] for _, n in rows), np.int64, len(rows))
    return (targets, codes), names
