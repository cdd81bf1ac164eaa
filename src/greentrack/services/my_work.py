"""A department's work (我的工作): its targets due (not yet delivered) with their status, its tasks with their state
and warnings.

A reporter sees its own department's; an office user names a department, or sees its place's summary (an
administrator: the whole ledger's). Beside them the supervision loop's parts (docs/supervision.md): what the
department owes in the open reporting cycles and the reminders it got (services/cycles.py), and its open 督办 items
(services/supervision_items.py); a place's summary lists the open cycles and the place's open items instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from greentrack.services.scope import acting, own_department
from greentrack.services.task_progress import TaskList, TaskWarning, list_tasks, warnings_of

if TYPE_CHECKING:
    from greentrack.auth import Principal
    from greentrack.ledger.db import Ledger
    from greentrack.ledger.records import CycleRecord, ReminderRecord
    from greentrack.ledger.status import StatusRow
    from greentrack.ledger.supervision_records import SupervisionItem
    from greentrack.services.cycles import Owing


@dataclass(frozen=True)
class DepartmentWork:
    """What a department owes on `as_of` (`department` None: a place's summary, `place` its name)."""

    as_of: date
    department: str | None
    place: str | None
    targets: tuple[StatusRow, ...]  # its targets with a due day still to deliver, soonest first, with their status
    tasks: TaskList
    warnings: tuple[TaskWarning, ...]
    owing: tuple[Owing, ...] = ()  # a department's lines of the open cycles, nearest due date first
    cycles: tuple[CycleRecord, ...] = ()  # a place's summary: its open cycles
    reminders: tuple[ReminderRecord, ...] = ()  # the department's newest reminders (催报)
    items: tuple[SupervisionItem, ...] = ()  # open 督办 items (not closed), overdue and escalated first

    def items_overdue(self) -> int:
        """How many of the open items are past their answer deadline or escalated."""
        return sum(1 for item in self.items if item.state == "escalated" or item.overdue(self.as_of))


def department_work(ledger: Ledger, department: str | None = None, as_of: date | None = None,
                    who: Principal | None = None) -> DepartmentWork:
    """The "my work" page of `who`'s department (a reporter), of `department` (office users), or of `who`'s
    place when it names none; Forbidden for a reporter naming another department."""
    from greentrack.auth import REPORTER, require
    from greentrack.errors import Forbidden
    from greentrack.services.status import ledger_status
    from greentrack.track import DONE_STATUSES

    reader = acting(ledger, who)
    require(reader, "read")
    if reader.role == REPORTER:
        if not reader.department:
            raise Forbidden(f"{reader.name} has no department — ask an administrator to set one")
        department = own_department(ledger, reader, department)
    day = as_of or date.today()
    place = None if department else reader.jurisdiction_code
    report = ledger_status(ledger, day, place, department or None, reader)
    due = sorted((r for r in report.rows if r.assessment.due is not None and r.assessment.status not in DONE_STATUSES),
                 key=lambda r: (r.assessment.due, r.record.id))
    tasks = list_tasks(ledger, place, department or None, None, day, reader)
    return DepartmentWork(day, department or None, reader.jurisdiction_name, tuple(due), tasks,
                          warnings_of(tasks.items), **_loop(ledger, department or None, day, reader))


def _loop(ledger: Ledger, department: str | None, day: date, reader: Principal) -> dict[str, Any]:
    """The supervision loop's part of the page: cycles owed (or open), reminders, open items."""
    from greentrack.services import cycles
    from greentrack.services.supervision_items import list_items

    items = [item for item in list_items(ledger, department=department, as_of=day, who=reader)
             if item.state != "closed"]
    items.sort(key=lambda item: (item.state != "escalated" and not item.overdue(day), item.answer_due, item.id))
    if department is None:
        return {"cycles": tuple(cycles.list_cycles(ledger, open_only=True, who=reader)), "items": tuple(items)}
    return {"owing": tuple(cycles.owed_by_department(ledger, department, day, reader)),
            "reminders": tuple(cycles.department_reminders(ledger, department, 10, reader)), "items": tuple(items)}
