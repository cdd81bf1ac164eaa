"""A place's report as the office shaped it: its edited narrative sections (report_texts), its 公文 frame
(report_settings) and the evaluations kept when a report was made final (evaluations).

The draft of a section is computed (reports/narrative.py), never stored: a row here is the office's own text.
Nothing here checks who may write or whether a text fits: `services.report_texts` does, first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from greentrack.ledger.schema import (
    DepartmentRow,
    EvaluationRow,
    ReportSettingRow,
    ReportTextRow,
    SupervisionAnswerRow,
)

SETTING_FIELDS = ("issuer", "doc_number", "recipients", "copies")


def section_texts(session: Session, code: str) -> dict[str, tuple[str, str, dt.datetime]]:
    """The place's edited sections: section key → (text, edited_by, edited_at)."""
    rows = session.scalars(select(ReportTextRow).where(ReportTextRow.jurisdiction_code == code)).all()
    return {row.section: (row.text, row.edited_by, row.edited_at) for row in rows}


def put_section_text(session: Session, code: str, section: str, text: str, actor: str, at: dt.datetime) -> None:
    """Store (or replace) the office's text of one section."""
    row = session.scalars(select(ReportTextRow).where(ReportTextRow.jurisdiction_code == code,
                                                      ReportTextRow.section == section)).one_or_none()
    if row is None:
        session.add(ReportTextRow(jurisdiction_code=code, section=section, text=text, edited_by=actor, edited_at=at))
    else:
        row.text, row.edited_by, row.edited_at = text, actor, at
    session.flush()


def delete_section_text(session: Session, code: str, section: str) -> bool:
    """Drop the office's text of one section (the draft stands again); True when there was one."""
    row = session.scalars(select(ReportTextRow).where(ReportTextRow.jurisdiction_code == code,
                                                      ReportTextRow.section == section)).one_or_none()
    if row is None:
        return False
    session.delete(row)  # through the ORM, so the flush hook audits the removal
    session.flush()
    return True


def report_settings(session: Session, code: str) -> tuple[dict[str, str | None], str | None, dt.datetime | None]:
    """The place's 公文 frame by field (every field None when never set), who set it last and when."""
    row = session.scalars(select(ReportSettingRow).where(ReportSettingRow.jurisdiction_code == code)).one_or_none()
    if row is None:
        return dict.fromkeys(SETTING_FIELDS), None, None
    return {name: getattr(row, name) for name in SETTING_FIELDS}, row.updated_by, row.updated_at


def put_report_settings(session: Session, code: str, values: Mapping[str, str | None], actor: str,
                        at: dt.datetime) -> None:
    """Store the place's 公文 frame (every field given: None clears it)."""
    row = session.scalars(select(ReportSettingRow).where(ReportSettingRow.jurisdiction_code == code)).one_or_none()
    if row is None:
        row = ReportSettingRow(jurisdiction_code=code, updated_by=actor, updated_at=at)
        session.add(row)
    for name in SETTING_FIELDS:
        setattr(row, name, values.get(name))
    row.updated_by, row.updated_at = actor, at
    session.flush()


def add_evaluation(session: Session, code: str, as_of: dt.date, overall: float | None,
                   dimensions: Mapping[str, float], statuses: Mapping[int, str], actor: str) -> int:
    """Keep one evaluation of a place; its id."""
    row = EvaluationRow(jurisdiction_code=code, as_of=as_of, overall=overall, dimensions=dict(dimensions),
                        statuses={str(k): v for k, v in statuses.items()}, created_by=actor)
    session.add(row)
    session.flush()
    return row.id


Kept = tuple[dt.date, float | None, dict[str, float], dict[int, str]]  # as_of, overall, dimensions, statuses


def _snapshot(row: EvaluationRow) -> Kept:
    statuses: dict[str, Any] = row.statuses or {}
    return (row.as_of, row.overall, {k: float(v) for k, v in (row.dimensions or {}).items()},
            {int(k): str(v) for k, v in statuses.items()})


def evaluations(session: Session, code: str) -> list[Kept]:
    """The place's kept evaluations (as_of, overall, dimensions, statuses), oldest first."""
    rows = session.scalars(select(EvaluationRow).where(EvaluationRow.jurisdiction_code == code)
                           .order_by(EvaluationRow.as_of, EvaluationRow.id)).all()
    return [_snapshot(row) for row in rows]


def last_evaluation(session: Session, code: str, before: dt.date) -> Kept | None:
    """The newest evaluation of the place assessed before `before` (the latest kept one on a tie)."""
    row = session.scalars(select(EvaluationRow).where(EvaluationRow.jurisdiction_code == code,
                                                      EvaluationRow.as_of < before)
                          .order_by(EvaluationRow.as_of.desc(), EvaluationRow.id.desc()).limit(1)).one_or_none()
    return _snapshot(row) if row is not None else None


def latest_answers(session: Session, item_ids: Sequence[int]) -> list[tuple[int, str | None, str, str, dt.date]]:
    """The newest answer of each department to each item: (item id, department, 存在问题, 整改措施, 完成时限)."""
    if not item_ids:
        return []
    rows = session.execute(select(SupervisionAnswerRow.item_id, SupervisionAnswerRow.department_id,
                                  DepartmentRow.name, SupervisionAnswerRow.problems, SupervisionAnswerRow.measures,
                                  SupervisionAnswerRow.complete_by)
                           .outerjoin(DepartmentRow, DepartmentRow.id == SupervisionAnswerRow.department_id)
                           .where(SupervisionAnswerRow.item_id.in_(sorted(set(item_ids))))
                           .order_by(SupervisionAnswerRow.id)).all()
    newest: dict[tuple[int, int | None], tuple[int, str | None, str, str, dt.date]] = {}
    for item_id, department_id, name, problems, measures, complete_by in rows:
        newest[(item_id, department_id)] = (item_id, name, problems, measures, complete_by)  # later rows win
    return list(newest.values())
