"""Status, warnings and supervision lists, and the departments that answer for targets."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response

from greentrack.services import status, supervision
from greentrack.services.department_counts import department_counts
from greentrack.services.departments import department_detail
from greentrack.web import api_records, schemas
from greentrack.web.api import AsOf, DepartmentQuery, JurisdictionQuery, LedgerDep, Limit, Offset
from greentrack.web.auth import Who
from greentrack.web.kept import Kept

router = APIRouter(tags=["status 进度与预警"])
_ANSWERS = Kept(64)  # the JSON of the pages the services keep (a national ledger's are made once per mark)
PerDepartment = Annotated[int, Query(ge=1, le=1000, description="items shown of each department's list (1–1000)")]


@router.get("/status", response_model=schemas.StatusSummary, summary="Targets by status, department, jurisdiction")
def status_summary(ledger: LedgerDep, who: Who, jurisdiction: JurisdictionQuery = None,
                   department: DepartmentQuery = None,
                   as_of: AsOf = None) -> schemas.StatusSummary:
    """How many current targets have each status, overall, per department and per jurisdiction."""
    return api_records.status_summary(status.status_summary(ledger, as_of, jurisdiction, department, who))


@router.get("/warnings", response_model=schemas.Warnings, summary="Early warnings and supervision lists")
def warnings(ledger: LedgerDep, who: Who, jurisdiction: JurisdictionQuery = None,
             department: DepartmentQuery = None, as_of: AsOf = None, limit: Limit = 100,
             offset: Offset = 0) -> Response:
    """Early warnings (预警), most urgent first, a page at a time (`total` in all), and the page's warnings under
    each department's supervision list (督办清单; each list's `total` and `worst` are the whole list's)."""
    found = supervision.warning_page(ledger, as_of, jurisdiction, department, who, limit, offset)

    def made() -> bytes:
        return schemas.Warnings(
            as_of=found.as_of, illustrative=found.illustrative, total=found.total, limit=limit, offset=offset,
            warnings=[api_records.warning(w, w.target_id in found.marked) for w in found.warnings],
            supervision=[api_records.docket(d, found.marked) for d in found.dockets]).model_dump_json().encode()

    return Response(_ANSWERS.made(found, (limit, offset), made), media_type="application/json")


@router.get("/supervision", response_model=schemas.Supervision, summary="Supervision lists per department")
def supervision_lists(ledger: LedgerDep, who: Who, jurisdiction: JurisdictionQuery = None,
                      department: DepartmentQuery = None, as_of: AsOf = None, limit: Limit = 100,
                      offset: Offset = 0, per_department: PerDepartment = 100) -> Response:
    """The supervision list (督办清单) of each department with a warned target, worst first, a page of departments
    at a time (`total` in all); each list with how many warned targets it holds and its most urgent ones."""
    found = supervision.supervision_page(ledger, as_of, jurisdiction, department, who, limit, offset, per_department)

    def made() -> bytes:
        return schemas.Supervision(
            as_of=found.as_of, total=found.total, limit=limit, offset=offset,
            items=[api_records.docket(d, found.marked) for d in found.dockets]).model_dump_json().encode()

    return Response(_ANSWERS.made(found, (limit, offset), made), media_type="application/json")


@router.get("/departments", response_model=schemas.DepartmentList, summary="List departments",
            tags=["departments 责任部门"])
def list_departments(ledger: LedgerDep, who: Who, as_of: AsOf = None, limit: Limit = 100,
                     offset: Offset = 0) -> schemas.DepartmentList:
    """The departments you may see with how many current targets each answers for, leads, and has warned, most
    targets first, a page at a time (`total` in all)."""
    found = department_counts(ledger, as_of or date.today(), who, limit, offset)
    return schemas.DepartmentList(as_of=found.as_of, total=found.total, limit=limit, offset=offset,
                                  items=[api_records.department_count(c) for c in found.items])


@router.get("/departments/{department_id}", response_model=schemas.DepartmentDetail,
            summary="A department's targets and supervision list", tags=["departments 责任部门"])
def get_department(ledger: LedgerDep, who: Who, department_id: int, as_of: AsOf = None) -> schemas.DepartmentDetail:
    """The current targets a department answers for, with status, and its supervision list."""
    when = as_of or date.today()
    return api_records.department_detail(department_detail(ledger, department_id, when, who), when)
