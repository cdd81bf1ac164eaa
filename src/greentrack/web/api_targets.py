"""Targets: the ledger filtered and paginated, and one target with everything behind its status."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response

from greentrack.services import targets
from greentrack.services.target_query import TargetFilter
from greentrack.web import api_records, schemas, target_rows
from greentrack.web.api import AsOf, DepartmentQuery, JurisdictionQuery, LedgerDep, Limit, Offset
from greentrack.web.auth import Who

router = APIRouter(prefix="/targets", tags=["targets 目标"])


@router.get("", response_model=schemas.TargetPage, summary="List targets (filtered, sorted, paginated)")
def list_targets(
    ledger: LedgerDep, who: Who,
    jurisdiction: JurisdictionQuery = None,
    department: DepartmentQuery = None,
    indicator: Annotated[str | None, Query(description="catalog id, or words of the indicator as written")] = None,
    dimension: Annotated[schemas.Dimension | None, Query(description="城市体检 dimension of the indicator")] = None,
    status: Annotated[schemas.StatusCode | None, Query(description="status code on `as_of`")] = None,
    year: Annotated[int | None, Query(ge=1900, le=2100, description="target year")] = None,
    sort: Annotated[schemas.TargetSort, Query(description="field to sort by")] = schemas.DEFAULT_SORT,
    descending: Annotated[bool, Query(description="sort from the largest")] = False,
    limit: Limit = 50,
    offset: Offset = 0,
    as_of: AsOf = None,
) -> schemas.TargetPage | Response:
    """The current targets with their status; `total` counts every match, `items` holds one page of them."""
    filters = TargetFilter(jurisdiction, department, indicator, dimension.value if dimension else None,
                           status.value if status else None, year)
    page = targets.list_target_page(ledger, filters, sort.value, descending, limit, offset, as_of, who)
    if page is not None:  # the JSON of the response model, its rows kept per ledger mark (web/target_rows.py)
        body = target_rows.page_json(ledger, page, as_of or date.today(), limit, offset)
        return Response(body, media_type="application/json")
    found = targets.list_targets(ledger, filters, sort.value, descending, limit, offset, as_of, who)
    return schemas.TargetPage(as_of=found.as_of, total=found.total, limit=found.limit, offset=found.offset,
                              illustrative=found.illustrative,
                              items=[api_records.target_summary(row) for row in found.rows])


@router.get("/{target_id}", response_model=schemas.TargetDetail, summary="A target with its status and sources")
def get_target(ledger: LedgerDep, who: Who, target_id: int, as_of: AsOf = None) -> schemas.TargetDetail:
    """Status with every input of the computation, observations, status history, expected path, quote and span."""
    return api_records.target_detail(targets.target_detail(ledger, target_id, as_of, who))
