"""Task progress (任务进展): a department's reports on a task, newest first, and the current tasks with who answers.

A report is a task_progress row; the newest row of a task is its state and the older ones its history. Tasks are
read as the ledger holds them now: the newest version of every plan, rejected tasks left out (a person said so).
Nothing here checks who may report or whether a state is known: `services.task_progress` does, first.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from greentrack.errors import StateConflict, UnknownCycle
from greentrack.ledger.records import TaskProgressRecord, TaskRecord
from greentrack.ledger.repository.documents import current_tasks
from greentrack.ledger.schema import CycleItemRow, CycleRow, DepartmentRow, ResponsibilityRow, TaskProgressRow


def _record(row: TaskProgressRow, department: str | None) -> TaskProgressRecord:
    return TaskProgressRecord(row.id, row.task_id, row.state, row.note, row.department_id, department, row.cycle_id,
                              row.reported_by, row.reported_at)


def _names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    return dict(session.execute(select(DepartmentRow.id, DepartmentRow.name).where(DepartmentRow.id.in_(wanted))).all())


def add_progress(session: Session, task_id: int, state: str, note: str, department_id: int | None,
                 cycle_id: int | None, actor: str) -> TaskProgressRecord:
    """Store one report on a task (the caller checked it); flushed, so its id can own evidence files."""
    row = TaskProgressRow(task_id=task_id, state=state, note=note, department_id=department_id, cycle_id=cycle_id,
                          reported_by=actor)
    session.add(row)
    session.flush()
    return _record(row, _names(session, [department_id]).get(department_id or 0))


def task_history(session: Session, task_id: int) -> list[TaskProgressRecord]:
    """Every report on a task, newest first."""
    rows = session.scalars(select(TaskProgressRow).where(TaskProgressRow.task_id == task_id)
                           .order_by(TaskProgressRow.reported_at.desc(), TaskProgressRow.id.desc())).all()
    names = _names(session, (r.department_id for r in rows))
    return [_record(r, names.get(r.department_id or 0)) for r in rows]


def latest_progress(session: Session, task_ids: Collection[int]) -> dict[int, TaskProgressRecord]:
    """The newest report of each task that has one (one query per 500 tasks: the newest row is the highest id)."""
    wanted = sorted(set(task_ids))
    found: dict[int, TaskProgressRecord] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        newest = (select(func.max(TaskProgressRow.id)).where(TaskProgressRow.task_id.in_(chunk))
                  .group_by(TaskProgressRow.task_id))
        rows = session.scalars(select(TaskProgressRow).where(TaskProgressRow.id.in_(newest))).all()
        names = _names(session, (r.department_id for r in rows))
        found.update({r.task_id: _record(r, names.get(r.department_id or 0)) for r in rows})
    return found


def task_department_ids(session: Session, task_id: int) -> dict[int, bool]:
    """The departments answering for a task (responsibilities) and whether each leads it (牵头)."""
    found: dict[int, bool] = {}
    for department_id, lead in session.execute(select(ResponsibilityRow.department_id, ResponsibilityRow.lead)
                                               .where(ResponsibilityRow.task_id == task_id)):
        found[department_id] = found.get(department_id, False) or bool(lead)
    return found


def tasks_of(session: Session, jurisdiction: str | None = None,
             department_ids: Collection[int] | None = None) -> list[TaskRecord]:
    """Current, not rejected tasks (the newest version of every plan), under a jurisdiction (a name or code, with
    the places below it) and, with `department_ids`, only those the departments answer for (responsibilities)."""
    records = current_tasks(session, jurisdiction)
    if department_ids is None or not records:
        return records
    if not department_ids:
        return []
    mine = set(session.scalars(select(ResponsibilityRow.task_id).where(
        ResponsibilityRow.department_id.in_(sorted(department_ids)), ResponsibilityRow.task_id.is_not(None))))
    return [r for r in records if r.id in mine]


def check_cycle(session: Session, cycle_id: int, task_id: int) -> str | None:
    """The place (code) of the reporting cycle a task report is made in. Refused: no such cycle (UnknownCycle), a
    closed cycle, or a cycle that does not ask for this task — another place's, or opened before it (StateConflict)."""
    row = session.get(CycleRow, cycle_id)
    if row is None:
        raise UnknownCycle(f"no reporting cycle {cycle_id} in the ledger — leave the cycle out, or use the id of an "
                           "open cycle")
    if row.closed_at is not None:
        raise StateConflict(f"填报周期「{row.name}」已关闭 — reporting cycle {cycle_id} ({row.name}) was closed on "
                            f"{row.closed_at:%Y-%m-%d}; report the task without a cycle or in an open one")
    asked = session.scalar(select(CycleItemRow.id).where(CycleItemRow.cycle_id == cycle_id,
                                                         CycleItemRow.task_id == task_id))
    if asked is None:
        raise StateConflict(f"填报周期「{row.name}」不含任务 {task_id} — reporting cycle {cycle_id} ({row.name}) does "
                            f"not ask for task {task_id} (another place's cycle, or the task came later); report it "
                            "without a cycle or in a cycle of its place")
    return row.jurisdiction_code
