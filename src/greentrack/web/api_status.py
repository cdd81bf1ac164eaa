"""Status, warnings and supervision lists, and the departments that answer for targets."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter

from greentrack.services import status
from greentrack.services.departments import department_detail, department_summaries
from greentrack.services.supervision import supervision_lists
from greentrack.web import api_records, schemas
from greentrack.web.api import AsOf, DepartmentQuery, JurisdictionQuery, LedgerDep
from greentrack.web.auth import Who

router = APIRouter(tags=["status 进度与预警"])


@router.get("/status", response_model=schemas.StatusSummary, summary="Targets by status, department, jurisdiction")
def status_summary(ledger: LedgerDep, who: Who, jurisdiction: JurisdictionQuery = None,
                   department: DepartmentQuery = None,
                   as_of: AsOf = None) -> schemas.StatusSummary:
    """How many current targets have each status, overall, per department and per jurisdiction."""
    return api_records.status_summary(status.status_summary(ledger, as_of, jurisdiction, department, who))


@router.get("/warnings", response_model=schemas.Warnings, summary="Early warnings and supervision lists")
def warnings(ledger: LedgerDep, who: Who, jurisdiction: JurisdictionQuery = None,
                   department: DepartmentQuery = None,
             as_of: AsOf = None) -> schemas.Warnings:
    """Early warnings (预警), most urgent first, and each department's supervision list (督办清单)."""
    report, found, dockets = supervision_lists(ledger, as_of, jurisdiction, department, who)
    marked = api_records.illustrative_ids(report.rows)
    return schemas.Warnings(as_of=report.as_of, illustrative=report.illustrative,
                            warnings=[api_records.warning(w, w.target_id in marked) for w in found],
                            supervision=[api_records.docket(d, marked) for d in dockets])


@router.get("/supervision", response_model=schemas.Supervision, summary="Supervision lists per department")
def supervision(ledger: LedgerDep, who: Who, jurisdiction: JurisdictionQuery = None,
                   department: DepartmentQuery = None,
                as_of: AsOf = None) -> schemas.Supervision:
    """The supervision list (督办清单) of each department with a warned target, worst first."""
    report, _, dockets = supervision_lists(ledger, as_of, jurisdiction, department, who)
    marked = api_records.illustrative_ids(report.rows)
    return schemas.Supervision(as_of=report.as_of, items=[api_records.docket(d, marked) for d in dockets])


@router.get("/departments", response_model=schemas.DepartmentList, summary="List departments",
            tags=["departments 责任部门"])
def list_departments(ledger: LedgerDep, who: Who, as_of: AsOf = None) -> schemas.DepartmentList:
    """Every department with how many current targets it answers for, leads, and has warned."""
    when = as_of or date.today()
    return schemas.DepartmentList(as_of=when, items=[api_records.department(s)
                                                     for s in department_summaries(ledger, when, who)])


@router.get("/departments/{department_id}", response_model=schemas.DepartmentDetail,
            summary="A department's targets and supervision list", tags=["departments 责任部门"])
def get_department(ledger: LedgerDep, who: Who, department_id: int, as_of: AsOf = None) -> schemas.DepartmentDetail:
    """The current targets a department answers for, with status, and its supervision list."""
    when = as_of or date.today()
    return api_records.department_detail(department_detail(ledger, department_id, when, who), when)
