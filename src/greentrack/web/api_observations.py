"""Observations: the values recorded per target or indicator; one value entered, or a whole sheet uploaded."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, UploadFile, status

from greentrack.services.observations import (
    ObservationEntry,
    list_observation_records,
    record_observation,
    upload_observations,
)
from greentrack.web import api_records, schemas
from greentrack.web.api import AsOf, LedgerDep, Limit, Offset, read_upload
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


@router.post("/import", response_model=schemas.ImportResult, summary="Upload a reporting sheet", **CREATED)
async def import_sheet(
    ledger: LedgerDep, who: Who,
    file: Annotated[UploadFile, File(description="a filled reporting sheet (填报表): .xlsx or .csv")],
    department: Annotated[str | None, Form(description="import as this department")] = None,
    replace: Annotated[bool, Form(description="overwrite values already recorded (audited)")] = False,
    reporter: Annotated[str | None, Form(description="who reports, for the audit log")] = None,
    as_of: AsOf = None,
) -> schemas.ImportResult:
    """All rows or none: on any problem 422 with every row problem (row, column, field, reason)."""
    data = await read_upload(file)
    outcome = upload_observations(ledger, file.filename or "upload.xlsx", data, department or None,
                                  replace, reporter or None, as_of, who)
    return api_records.import_result(outcome)
