"""Supervision items (督办事项) stored: the item, its subjects (targets, tasks), its departments (牵头 · 配合), the
departments' answers and the timeline; and what the service needs to place them (a target's or task's place and
responsible departments, a task report's task).

Every write goes through the ORM, so the session's flush hook audits it; nothing here checks who may do it or
whether a step fits the item's state: `services.supervision_items` does, first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from greentrack.errors import UnknownSupervisionItem, UnknownTarget, UnknownTask
from greentrack.ledger.repository.evidence import list_evidence
from greentrack.ledger.schema import (
    DepartmentRow,
    DocumentRow,
    JurisdictionRow,
    ResponsibilityRow,
    SupervisionAnswerRow,
    SupervisionDepartmentRow,
    SupervisionEventRow,
    SupervisionItemRow,
    SupervisionSubjectRow,
    TargetRow,
    TaskProgressRow,
    TaskRow,
)
from greentrack.ledger.supervision_records import (
    SupervisionAnswer,
    SupervisionDepartment,
    SupervisionEvent,
    SupervisionItem,
    SupervisionSubject,
)

COMPARATORS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


# ---------------------------------------------------------------- writes


def add_item(session: Session, values: Mapping[str, Any], subjects: Iterable[tuple[int | None, int | None]],
             departments: Iterable[tuple[int, bool]]) -> int:
    """A new item with its subjects ((target id, task id) pairs) and departments ((id, lead) pairs); its id."""
    row = SupervisionItemRow(**values)
    session.add(row)
    session.flush()
    for target_id, task_id in subjects:
        session.add(SupervisionSubjectRow(item_id=row.id, target_id=target_id, task_id=task_id))
    for department_id, lead in departments:
        session.add(SupervisionDepartmentRow(item_id=row.id, department_id=department_id, lead=lead))
    session.flush()
    return row.id


def item_row(session: Session, item_id: int) -> SupervisionItemRow:
    """The item's row, to change it (locked for the transaction on PostgreSQL); UnknownSupervisionItem if none."""
    row = session.scalars(select(SupervisionItemRow).where(SupervisionItemRow.id == item_id)
                          .with_for_update()).first()
    if row is None:
        raise UnknownSupervisionItem(f"no supervision item {item_id} in the ledger — `greentrack supervise list` "
                                     "lists them")
    return row


def set_item(session: Session, row: SupervisionItemRow, **values: Any) -> None:
    """Change an item's columns (one flush: one audit row)."""
    for name, value in values.items():
        setattr(row, name, value)
    session.flush()


def add_event(session: Session, item_id: int, actor: str, action: str, note: str = "",
              at: dt.datetime | None = None) -> None:
    """One step of the item's timeline."""
    session.add(SupervisionEventRow(item_id=item_id, actor=actor, action=action, note=note, at=at or _now()))
    session.flush()


def add_answer(session: Session, item_id: int, department_id: int | None, values: Mapping[str, Any],
               actor: str) -> int:
    """A department's answer (progress, problems, measures, complete_by); its id."""
    row = SupervisionAnswerRow(item_id=item_id, department_id=department_id, answered_by=actor, **values)
    session.add(row)
    session.flush()
    return row.id


# ---------------------------------------------------------------- reads


def item_ids(session: Session, codes: Iterable[str] | None = None, department_ids: Iterable[int] | None = None,
             states: Sequence[str] = ()) -> list[int]:
    """Ids of the items of these places (None: any) addressed to any of these departments (None: any), in these
    states (none: any), newest first."""
    query = select(SupervisionItemRow.id).order_by(SupervisionItemRow.id.desc())
    if codes is not None:
        query = query.where(SupervisionItemRow.jurisdiction_code.in_(sorted(set(codes))))
    if department_ids is not None:
        query = query.where(SupervisionItemRow.id.in_(
            select(SupervisionDepartmentRow.item_id).where(
                SupervisionDepartmentRow.department_id.in_(sorted(set(department_ids))))))
    if states:
        query = query.where(SupervisionItemRow.state.in_(list(states)))
    return list(session.scalars(query))


def overdue_ids(session: Session, as_of: dt.date, states: Sequence[str]) -> list[int]:
    """Items in these states whose answer deadline is before `as_of`."""
    return list(session.scalars(select(SupervisionItemRow.id).where(
        SupervisionItemRow.state.in_(list(states)), SupervisionItemRow.answer_due < as_of)
        .order_by(SupervisionItemRow.id)))


def items(session: Session, ids: Sequence[int]) -> list[SupervisionItem]:
    """The items with these ids, in that order, with subjects and departments."""
    if not ids:
        return []
    rows = {r.id: r for r in session.scalars(select(SupervisionItemRow).where(SupervisionItemRow.id.in_(ids)))}
    places = dict(session.execute(select(JurisdictionRow.code, JurisdictionRow.name).where(
        JurisdictionRow.code.in_({r.jurisdiction_code for r in rows.values() if r.jurisdiction_code}))).all())
    subjects = _subjects(session, list(rows))
    departments: dict[int, list[SupervisionDepartment]] = {i: [] for i in rows}
    query = (select(SupervisionDepartmentRow.item_id, DepartmentRow.id, DepartmentRow.name,
                    SupervisionDepartmentRow.lead)
             .join(DepartmentRow, DepartmentRow.id == SupervisionDepartmentRow.department_id)
             .where(SupervisionDepartmentRow.item_id.in_(list(rows)))
             .order_by(SupervisionDepartmentRow.lead.desc(), SupervisionDepartmentRow.id))
    for item_id, department_id, name, lead in session.execute(query):
        departments[item_id].append(SupervisionDepartment(department_id, name, bool(lead)))
    return [_item(rows[i], places.get(rows[i].jurisdiction_code or ""), subjects[i], departments[i])
            for i in ids if i in rows]


def get_item(session: Session, item_id: int) -> SupervisionItem:
    """One item; UnknownSupervisionItem when there is none."""
    found = items(session, [item_id])
    if not found:
        raise UnknownSupervisionItem(f"no supervision item {item_id} in the ledger — `greentrack supervise list` "
                                     "lists them")
    return found[0]


def _item(row: SupervisionItemRow, place: str | None, subjects: list[SupervisionSubject],
          departments: list[SupervisionDepartment]) -> SupervisionItem:
    return SupervisionItem(row.id, row.jurisdiction_code, place, row.title, row.requirement, row.answer_due, row.state,
                           row.source, row.severity, row.issuer, row.doc_number, row.issued_on, row.created_by,
                           row.created_at, row.closed_at, row.escalated_at, tuple(subjects), tuple(departments))


def _subjects(session: Session, item_ids_: list[int]) -> dict[int, list[SupervisionSubject]]:
    found: dict[int, list[SupervisionSubject]] = {i: [] for i in item_ids_}
    targets = (select(SupervisionSubjectRow.item_id, TargetRow.id, TargetRow.indicator, TargetRow.comparator,
                      TargetRow.value, TargetRow.unit, TargetRow.year, TargetRow.deadline)
               .join(TargetRow, TargetRow.id == SupervisionSubjectRow.target_id)
               .where(SupervisionSubjectRow.item_id.in_(item_ids_)).order_by(SupervisionSubjectRow.id))
    for item_id, target_id, indicator, comparator, value, unit, year, deadline in session.execute(targets):
        found[item_id].append(SupervisionSubject(target_id, None, indicator,
                                                 target_figures(comparator, value, unit, year, deadline)))
    tasks = (select(SupervisionSubjectRow.item_id, TaskRow.id, TaskRow.text, TaskRow.year, TaskRow.deadline)
             .join(TaskRow, TaskRow.id == SupervisionSubjectRow.task_id)
             .where(SupervisionSubjectRow.item_id.in_(item_ids_)).order_by(SupervisionSubjectRow.id))
    for item_id, task_id, text, year, deadline in session.execute(tasks):
        due = _chinese_deadline(deadline, year)
        found[item_id].append(SupervisionSubject(None, task_id, text, f"完成时限{due}" if due else ""))
    return found


def target_figures(comparator: str, value: float, unit: str, year: int | None, deadline: str | None) -> str:
    """What a target asks, as a letter writes it: ≥70%（2025年）."""
    number = f"{value:.4f}".rstrip("0").rstrip(".")
    due = _chinese_deadline(deadline, year)
    return f"{COMPARATORS.get(comparator, comparator)}{number}{unit}" + (f"（{due}）" if due else "")


def _chinese_deadline(deadline: str | None, year: int | None) -> str:
    if deadline:
        try:
            day = dt.date.fromisoformat(deadline)
        except ValueError:
            return deadline
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{year}年" if year else ""


def answers(session: Session, item_id: int) -> list[SupervisionAnswer]:
    """The item's answers, oldest first, each with its evidence files (without their bytes)."""
    rows = session.execute(select(SupervisionAnswerRow, DepartmentRow.name)
                           .outerjoin(DepartmentRow, DepartmentRow.id == SupervisionAnswerRow.department_id)
                           .where(SupervisionAnswerRow.item_id == item_id).order_by(SupervisionAnswerRow.id)).all()
    files = list_evidence(session, "answer", [row.id for row, _ in rows])
    return [SupervisionAnswer(row.id, row.item_id, row.department_id, name, row.progress, row.problems, row.measures,
                              row.complete_by, row.answered_by, row.answered_at, tuple(files[row.id]))
            for row, name in rows]


def events(session: Session, item_id: int) -> list[SupervisionEvent]:
    """The item's timeline, oldest first."""
    rows = session.scalars(select(SupervisionEventRow).where(SupervisionEventRow.item_id == item_id)
                           .order_by(SupervisionEventRow.at, SupervisionEventRow.id))
    return [SupervisionEvent(r.id, r.at, r.actor, r.action, r.note) for r in rows]


def answer_item(session: Session, answer_id: int) -> int | None:
    """The item an answer belongs to (None: no such answer)."""
    return session.scalar(select(SupervisionAnswerRow.item_id).where(SupervisionAnswerRow.id == answer_id))


# ---------------------------------------------------------------- what items are made of


def target_place(session: Session, target_id: int) -> str | None:
    """The jurisdiction of a target's plan; UnknownTarget when there is no such target."""
    found = session.execute(select(TargetRow.id, DocumentRow.jurisdiction_code)
                            .join(DocumentRow, DocumentRow.id == TargetRow.document_id)
                            .where(TargetRow.id == target_id)).first()
    if found is None:
        raise UnknownTarget(f"no target {target_id} in the ledger — `greentrack status` lists them")
    return found[1]


def task_place(session: Session, task_id: int) -> str | None:
    """The jurisdiction of a task's plan; UnknownTask when there is no such task."""
    found = session.execute(select(TaskRow.id, DocumentRow.jurisdiction_code)
                            .join(DocumentRow, DocumentRow.id == TaskRow.document_id)
                            .where(TaskRow.id == task_id)).first()
    if found is None:
        raise UnknownTask(f"no task {task_id} in the ledger — `greentrack task list --document ID` lists them")
    return found[1]


def responsible(session: Session, target_id: int | None = None, task_id: int | None = None) -> list[tuple[int, bool]]:
    """The departments answering for a target or task, (id, lead), in the order the plan names them."""
    column = ResponsibilityRow.target_id if target_id is not None else ResponsibilityRow.task_id
    wanted = target_id if target_id is not None else task_id
    found: dict[int, bool] = {}
    for department_id, lead in session.execute(select(ResponsibilityRow.department_id, ResponsibilityRow.lead)
                                               .where(column == wanted).order_by(ResponsibilityRow.id)):
        found[department_id] = found.get(department_id, False) or bool(lead)
    return list(found.items())


def task_progress_owner(session: Session, progress_id: int) -> tuple[int, int | None, str | None] | None:
    """A task report's (task id, reporting department id, the task's place); None when there is no such report."""
    found = session.execute(select(TaskProgressRow.task_id, TaskProgressRow.department_id,
                                   DocumentRow.jurisdiction_code)
                            .join(TaskRow, TaskRow.id == TaskProgressRow.task_id)
                            .join(DocumentRow, DocumentRow.id == TaskRow.document_id)
                            .where(TaskProgressRow.id == progress_id)).first()
    return None if found is None else (found[0], found[1], found[2])
