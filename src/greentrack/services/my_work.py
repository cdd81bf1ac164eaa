"""A department's work (我的工作): its targets due (not yet delivered) with their status, its tasks with their state
and warnings.

A reporter sees its own department's; an office user names a department, or sees its place's summary (an
administrator: the whole ledger's). The page's other sections (this period's cycles, open 督办 items) are filled by
their own services.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from greentrack.services.scope import acting, own_department
from greentrack.services.task_progress import TaskList, TaskWarning, list_tasks, warnings_of

if TYPE_CHECKING:
    from greentrack.auth import Principal
    from greentrack.ledger.db import Ledger
    from greentrack.ledger.status import StatusRow


@dataclass(frozen=True)
class DepartmentWork:
    """What a department owes on `as_of` (`department` None: a place's summary, `place` its name)."""

    as_of: date
    department: str | None
    place: str | None
    targets: tuple[StatusRow, ...]  # its targets with a due day still to deliver, soonest first, with their status
    tasks: TaskList
    warnings: tuple[TaskWarning, ...]


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
                          warnings_of(tasks.items))
