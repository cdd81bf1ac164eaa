"""Departments with the targets they answer for and their supervision lists (督办清单)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from greentrack.services.scope import acting, sees_department
from greentrack.services.status import ledger_status

if TYPE_CHECKING:
    from greentrack.auth import Principal
    from greentrack.ledger.db import Ledger
    from greentrack.ledger.records import DepartmentRecord
    from greentrack.ledger.status import StatusRow
    from greentrack.track import Docket


@dataclass(frozen=True)
class DepartmentSummary:
    """A department with the current targets it answers for, how many it leads, and how many are warned."""

    department: DepartmentRecord
    jurisdiction_name: str | None
    rows: tuple[StatusRow, ...]
    leads: frozenset[int]
    docket: Docket | None


def department_summaries(ledger: Ledger, as_of: date | None = None,
                         who: Principal | None = None) -> list[DepartmentSummary]:
    """Every department `who` may see with its current targets and supervision list (督办清单), most targets first.

    A reporter sees its own department; a coordinator or viewer those of its places.
    """
    from greentrack.ledger import repository
    from greentrack.ledger.status import StatusReport, warnings_of
    from greentrack.resolve import get_jurisdiction

    reader = acting(ledger, who)
    report = ledger_status(ledger, as_of, who=reader)
    with ledger.session() as session:
        departments = [d for d in repository.departments.list_departments(session) if sees_department(reader, d)]
        answers = repository.departments.department_responsibilities(session)
    summaries = []
    for department in departments:
        mine = answers.get(department.id, {})
        rows = tuple(row for row in report.rows if row.record.id in mine)
        dockets = warnings_of(StatusReport(report.as_of, rows))[1]
        docket = next((d for d in dockets if d.department == department.name), None)
        place = get_jurisdiction(department.jurisdiction_code) if department.jurisdiction_code else None
        summaries.append(DepartmentSummary(department, place.name if place else None, rows,
                                           frozenset(t for t, lead in mine.items() if lead), docket))
    return sorted(summaries, key=lambda s: (-len(s.rows), s.department.name, s.department.id))


def department_detail(ledger: Ledger, department_id: int, as_of: date | None = None,
                      who: Principal | None = None) -> DepartmentSummary:
    """One department's current targets and supervision list; UnknownDepartmentId when none, Forbidden if not yours."""
    from greentrack.errors import Forbidden, UnknownDepartmentId
    from greentrack.ledger import repository

    reader = acting(ledger, who)
    if not reader.everywhere:
        with ledger.session() as session:
            known = {d.id: d for d in repository.departments.list_departments(session)}
        if department_id in known and not sees_department(reader, known[department_id]):
            raise Forbidden(f"部门 {known[department_id].name} 不在你的范围内 — department {department_id} is outside "
                            "what your role may see")
    for summary in department_summaries(ledger, as_of, reader):
        if summary.department.id == department_id:
            return summary
    raise UnknownDepartmentId(f"no department {department_id} in the ledger — see the list of departments")
