"""Reporting cycles (填报周期) and reminders (催报): a cycle with the targets and tasks it covers, closed, listed;
reminders sent and listed; and the raw facts a cycle's status is computed from — for each item who owes its report
(its lead departments, else all of its departments) and when it was first reported for the cycle's period.

A target counts as reported once its series (ledger/series.py: the one a person chose, else its default) or its own
series (`target:<id>`) holds a value for the cycle's period; a task once a task_progress row names the cycle.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from greentrack.errors import UnknownCycle
from greentrack.ledger.records import CycleItemFact, CycleRecord, ReminderRecord
from greentrack.ledger.repository.observations import series_sql
from greentrack.ledger.schema import (
    CycleItemRow,
    CycleRow,
    DepartmentRow,
    JurisdictionRow,
    ObservationRow,
    ReminderRow,
    ResponsibilityRow,
    TargetRow,
    TaskProgressRow,
    TaskRow,
    UserRow,
)

CHUNK = 500  # ids per IN list: below the dialects' bound-parameter limits
TASK_LABEL_CHARS = 80
Item = TypeVar("Item")


def _chunks(values: Sequence[Item]) -> Iterator[Sequence[Item]]:
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


# ---------------------------------------------------------------- cycles


def add_cycle(session: Session, name: str, jurisdiction_code: str | None, period: str, opens_on: dt.date,
              due_on: dt.date, actor: str, target_ids: Iterable[int], task_ids: Iterable[int]) -> CycleRecord:
    """A new cycle and its items (one row per target and per task it covers)."""
    row = CycleRow(name=name, jurisdiction_code=jurisdiction_code, period=period, opens_on=opens_on, due_on=due_on,
                   created_by=actor)
    session.add(row)
    session.flush()
    session.add_all([CycleItemRow(cycle_id=row.id, target_id=i) for i in sorted(set(target_ids))])
    session.add_all([CycleItemRow(cycle_id=row.id, task_id=i) for i in sorted(set(task_ids))])
    session.flush()
    return get_cycle(session, row.id)


def _row(session: Session, cycle_id: int) -> CycleRow:
    row = session.get(CycleRow, cycle_id)
    if row is None:
        raise UnknownCycle(f"no reporting cycle {cycle_id} in the ledger — `greentrack cycle list` lists them")
    return row


def _records(session: Session, rows: Sequence[CycleRow]) -> list[CycleRecord]:
    ids = [r.id for r in rows]
    counts: dict[int, list[int]] = {i: [0, 0] for i in ids}
    for chunk in _chunks(ids):
        query = (select(CycleItemRow.cycle_id, func.count(CycleItemRow.target_id), func.count(CycleItemRow.task_id))
                 .where(CycleItemRow.cycle_id.in_(chunk)).group_by(CycleItemRow.cycle_id))
        for cycle_id, targets, tasks in session.execute(query):
            counts[cycle_id] = [targets, tasks]
    codes = {r.jurisdiction_code for r in rows if r.jurisdiction_code}
    names = dict(session.execute(select(JurisdictionRow.code, JurisdictionRow.name)
                                 .where(JurisdictionRow.code.in_(sorted(codes)))).tuples().all()) if codes else {}
    return [CycleRecord(r.id, r.name, r.jurisdiction_code, names.get(r.jurisdiction_code or ""), r.period,
                        r.opens_on, r.due_on, r.created_by, r.created_at, r.closed_at, *counts[r.id]) for r in rows]


def get_cycle(session: Session, cycle_id: int) -> CycleRecord:
    """One cycle; UnknownCycle when there is none."""
    return _records(session, [_row(session, cycle_id)])[0]


def list_cycles(session: Session, places: Collection[str] | None = None, open_only: bool = False) -> list[CycleRecord]:
    """The cycles of these places (None: every place), newest first; only the open ones when `open_only`."""
    query = select(CycleRow)
    if places is not None:
        if not places:
            return []
        query = query.where(CycleRow.jurisdiction_code.in_(sorted(places)))
    if open_only:
        query = query.where(CycleRow.closed_at.is_(None))
    return _records(session, session.scalars(query.order_by(CycleRow.due_on.desc(), CycleRow.id.desc())).all())


def close_cycle(session: Session, cycle_id: int) -> CycleRecord:
    """Mark a cycle closed now (the caller checked it was open)."""
    row = _row(session, cycle_id)
    row.closed_at = _now()
    session.flush()
    return get_cycle(session, cycle_id)


# ---------------------------------------------------------------- what a cycle covers, and what was reported


def cycle_facts(session: Session, cycle_id: int, until: dt.datetime | None = None) -> list[CycleItemFact]:
    """Every item of a cycle with who owes it and when it was first reported for the cycle (reports after `until`
    do not count): targets first, then tasks, each in id order."""
    cycle = _row(session, cycle_id)
    items = session.execute(select(CycleItemRow.target_id, CycleItemRow.task_id)
                            .where(CycleItemRow.cycle_id == cycle_id)).all()
    target_ids = sorted(t for t, _ in items if t is not None)
    task_ids = sorted(t for _, t in items if t is not None)
    owers = _owers(session, ResponsibilityRow.target_id, target_ids) | _owers(session, ResponsibilityRow.task_id,
                                                                            task_ids, tasks=True)
    facts = [CycleItemFact("target", i, label, owers.get(("target", i), ()), at)
             for i, (label, at) in _targets_reported(session, target_ids, cycle.period, until).items()]
    facts += [CycleItemFact("task", i, label, owers.get(("task", i), ()), at)
              for i, (label, at) in _tasks_reported(session, task_ids, cycle_id, until).items()]
    return facts


def _owers(session: Session, column: Any, ids: Sequence[int], tasks: bool = False,
           ) -> dict[tuple[str, int], tuple[tuple[int, str], ...]]:
    """Who owes each item's report: its lead departments, else all its departments (id and name, in order)."""
    found: dict[int, list[tuple[int, str, bool]]] = {}
    for chunk in _chunks(ids):
        rows = session.execute(select(column, ResponsibilityRow.department_id, DepartmentRow.name,
                                      ResponsibilityRow.lead)
                               .join(DepartmentRow, DepartmentRow.id == ResponsibilityRow.department_id)
                               .where(column.in_(chunk)).order_by(ResponsibilityRow.id))
        for item_id, department_id, name, lead in rows:
            found.setdefault(item_id, []).append((department_id, name, bool(lead)))
    kind = "task" if tasks else "target"
    owed = {}
    for item_id, responsible in found.items():
        leads = [(d, n) for d, n, lead in responsible if lead] or [(d, n) for d, n, _ in responsible]
        owed[(kind, item_id)] = tuple(dict.fromkeys(leads))
    return owed


def _targets_reported(session: Session, ids: Sequence[int], period: str, until: dt.datetime | None,
                      ) -> dict[int, tuple[str, dt.datetime | None]]:
    """Each target's indicator and the first time a value for `period` was recorded in its series or its own."""
    keys: dict[int, tuple[str, str, str]] = {}
    for chunk in _chunks(ids):
        for target_id, indicator, key in session.execute(select(TargetRow.id, TargetRow.indicator, series_sql())
                                                         .where(TargetRow.id.in_(chunk))):
            keys[target_id] = (indicator, key, f"target:{target_id}")
    wanted = sorted({k for _, *both in keys.values() for k in both})
    first: dict[str, dt.datetime] = {}
    for chunk in _chunks(wanted):
        query = (select(ObservationRow.scope_key, func.min(ObservationRow.recorded_at))
                 .where(ObservationRow.scope_key.in_(chunk), ObservationRow.period == period)
                 .group_by(ObservationRow.scope_key))
        if until is not None:
            query = query.where(ObservationRow.recorded_at < until)
        first.update(dict(session.execute(query).tuples().all()))
    found = {}
    for target_id in sorted(keys):
        indicator, key, own = keys[target_id]
        times = [first[k] for k in (key, own) if k in first]
        found[target_id] = (indicator, min(times) if times else None)
    return found


def _tasks_reported(session: Session, ids: Sequence[int], cycle_id: int, until: dt.datetime | None,
                    ) -> dict[int, tuple[str, dt.datetime | None]]:
    """Each task's text (shortened) and the first time a progress report named this cycle."""
    labels: dict[int, str] = {}
    first: dict[int, dt.datetime] = {}
    for chunk in _chunks(ids):
        labels.update({i: text[:TASK_LABEL_CHARS] for i, text in session.execute(
            select(TaskRow.id, TaskRow.text).where(TaskRow.id.in_(chunk)))})
        query = (select(TaskProgressRow.task_id, func.min(TaskProgressRow.reported_at))
                 .where(TaskProgressRow.cycle_id == cycle_id, TaskProgressRow.task_id.in_(chunk))
                 .group_by(TaskProgressRow.task_id))
        if until is not None:
            query = query.where(TaskProgressRow.reported_at < until)
        first.update(dict(session.execute(query).tuples().all()))
    return {i: (labels[i], first.get(i)) for i in sorted(labels)}


def cycle_target_ids(session: Session, cycle_id: int) -> list[int]:
    """The ids of the targets a cycle covers."""
    return sorted(session.scalars(select(CycleItemRow.target_id).where(CycleItemRow.cycle_id == cycle_id,
                                                                       CycleItemRow.target_id.is_not(None))))


# ---------------------------------------------------------------- reminders (催报)


def add_reminder(session: Session, cycle_id: int, department_id: int, message: str, actor: str) -> ReminderRecord:
    """Store a reminder to a department (shown on its page)."""
    row = ReminderRow(cycle_id=cycle_id, department_id=department_id, message=message, sent_by=actor)
    session.add(row)
    session.flush()
    return list_reminders(session, reminder_id=row.id)[0]


def set_emailed(session: Session, reminder_id: int, addresses: Sequence[str]) -> ReminderRecord:
    """Note the addresses a reminder was mailed to."""
    row = session.get(ReminderRow, reminder_id)
    if row is None:
        raise KeyError(reminder_id)
    row.emailed_to = ", ".join(addresses) or None
    session.flush()
    return list_reminders(session, reminder_id=reminder_id)[0]


def list_reminders(session: Session, cycle_ids: Collection[int] | None = None, department_id: int | None = None,
                   reminder_id: int | None = None) -> list[ReminderRecord]:
    """Reminders, newest first: of these cycles, to this department, or one by id."""
    query = (select(ReminderRow, CycleRow.name, CycleRow.due_on, DepartmentRow.name)
             .join(CycleRow, CycleRow.id == ReminderRow.cycle_id)
             .join(DepartmentRow, DepartmentRow.id == ReminderRow.department_id))
    if cycle_ids is not None:
        if not cycle_ids:
            return []
        query = query.where(ReminderRow.cycle_id.in_(sorted(cycle_ids)))
    if department_id is not None:
        query = query.where(ReminderRow.department_id == department_id)
    if reminder_id is not None:
        query = query.where(ReminderRow.id == reminder_id)
    rows = session.execute(query.order_by(ReminderRow.sent_at.desc(), ReminderRow.id.desc()))
    return [ReminderRecord(r.id, r.cycle_id, cycle, r.department_id, department, r.message, r.sent_by, r.sent_at,
                           tuple(a.strip() for a in (r.emailed_to or "").split(",") if a.strip()), due, r.read_at)
            for r, cycle, due, department in rows]


def mark_reminders_read(session: Session, department_id: int, when: dt.datetime) -> int:
    """Mark the department's unread reminders read at `when`; how many were."""
    rows = session.scalars(select(ReminderRow).where(ReminderRow.department_id == department_id,
                                                     ReminderRow.read_at.is_(None))).all()
    for row in rows:
        row.read_at = when
    return len(rows)


def department_emails(session: Session, department_id: int) -> list[str]:
    """The e-mail addresses of the department's active users (those that have one)."""
    return sorted(set(session.scalars(select(UserRow.email).where(
        UserRow.department_id == department_id, UserRow.active.is_(True), UserRow.email.is_not(None),
        UserRow.email != ""))))


def department_of(session: Session, department_id: int) -> tuple[int, str, str | None] | None:
    """A department's id, name and place; None when there is none."""
    row = session.get(DepartmentRow, department_id)
    return None if row is None else (row.id, row.name, row.jurisdiction_code)
