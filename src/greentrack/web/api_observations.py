"""Observations: the values recorded per target or indicator; one value entered, or a whole sheet uploaded."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, Response, UploadFile, status
from starlette.concurrency import run_in_threadpool

from greentrack.services.jobs import submit_sheet
from greentrack.services.observations import (
    ObservationEntry,
    list_observation_records,
    record_observation,
)
from greentrack.web import api_records, schemas
from greentrack.web.api import AsOf, LedgerDep, Limit, Offset, read_upload
from greentrack.web.api_jobs import ACCEPTED, outcome_or_job
from greentrack.web.auth import Who

router = APIRouter(prefix="/observations", tags=["observations 监测数据"])
CREATED = {"status_code": status.HTTP_201_CREATED,
           "responses": {409: {"model": schemas.ErrorResponse, "description": "the period is already recorded"}}}


@router.get("", response_model=schemas.ObservationPage, summary="List observations")
def list_observations(
    ledger: LedgerDep, who: Who,
    target_id: Annotated[int | None, Query(description="the values a target's status uses")] = None,
    indicator: Annotated[str | None, Query(description="catalog indicator id")] = None,
    jurisdiction: Annotated[str | None, Query(description="name or code; includes places below")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> schemas.ObservationPage:
    """Recorded values of one target, or of an indicator (optionally in a jurisdiction), or all of them."""
    found = list_observation_records(ledger, target_id, indicator, jurisdiction, who)
    return schemas.ObservationPage(total=len(found), limit=limit, offset=offset,
                                   items=[api_records.observation(o) for o in found[offset:offset + limit]])


@router.post("", response_model=schemas.ImportResult, summary="Record one value", **CREATED)
def create_observation(ledger: LedgerDep, who: Who, entry: schemas.ObservationIn,
                       as_of: AsOf = None) -> schemas.ImportResult:
    """Record a value with the checks of the spreadsheet import; 422 lists each field's problem."""
    cells = ObservationEntry(entry.target_id, entry.period, entry.value, entry.unit, entry.source,
                             entry.note)
    outcome = record_observation(ledger, cells, entry.department, entry.replace, entry.reporter, as_of,
                                           who)
    return api_records.import_result(outcome)


@router.post("/import", response_model=schemas.ImportResult, summary="Upload a reporting sheet",
             status_code=status.HTTP_201_CREATED, responses={**CREATED["responses"], **ACCEPTED})
async def import_sheet(
    ledger: LedgerDep, who: Who, request: Request,
    file: Annotated[UploadFile, File(description="a filled reporting sheet (填报表): .xlsx or .csv")],
    department: Annotated[str | None, Form(description="import as this department")] = None,
    replace: Annotated[bool, Form(description="overwrite values already recorded (audited)")] = False,
    reporter: Annotated[str | None, Form(description="who reports: the signed-in user (another name is "
                                                     "refused)")] = None,
    as_of: AsOf = None,
) -> Any:
    """All rows or none, as a job: 202 with the job to poll; with `Prefer: wait=N`, 201 with what was imported
    (or 422 with every row problem: row, column, field, reason) if it ends within N seconds."""
    name, data = await read_upload(file, "upload.xlsx")
    job = await run_in_threadpool(submit_sheet, ledger, name, data, department or None, replace, reporter or None,
                                  as_of, who)
    outcome = await outcome_or_job(job, request)
    return outcome if isinstance(outcome, Response) else api_records.import_result(outcome)
