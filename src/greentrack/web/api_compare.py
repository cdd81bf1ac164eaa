"""Comparisons of one indicator across jurisdictions, and exports of the whole ledger."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response

from greentrack.services.analysis import compare_indicator
from greentrack.services.reports import export_bytes
from greentrack.services.target_query import TargetFilter
from greentrack.web import api_records, schemas
from greentrack.web.api import AsOf, DepartmentQuery, JurisdictionQuery, LedgerDep
from greentrack.web.auth import Who
from greentrack.web.kept import Kept

router = APIRouter()
_ANSWERS = Kept(16)  # a national indicator's comparison is ~1 MB of JSON
MEDIA = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "csv": "text/csv; charset=utf-8", "json": "application/json"}


@router.get("/comparisons", response_model=schemas.ComparableIndicators, summary="Indicators to compare",
            tags=["comparisons 横向比较"])
def comparable_indicators(ledger: LedgerDep, who: Who) -> schemas.ComparableIndicators:
    """Catalog indicators with targets in the ledger, the ones set in most jurisdictions first."""
    found = compare_indicator(ledger, who=who)
    return schemas.ComparableIndicators(items=[
        schemas.ComparableIndicator(indicator_id=i, name=name, jurisdictions=n) for i, name, n in found.choices])


@router.get("/comparisons/{indicator_id}", response_model=schemas.Comparison,
            summary="One indicator across jurisdictions", tags=["comparisons 横向比较"])
def compare(ledger: LedgerDep, who: Who, indicator_id: str, as_of: AsOf = None) -> Response:
    """Every current target on the indicator (value, year, unit, status) and the ambition rankings."""
    when = as_of or date.today()
    found = compare_indicator(ledger, indicator_id, when, who)  # kept per ledger mark: so is its JSON
    return Response(_ANSWERS.made(found, when, lambda: api_records.comparison(found, when).model_dump_json().encode()),
                    media_type="application/json")


@router.get("/export", summary="Download the ledger", tags=["exports 导出"], response_class=Response,
            responses={200: {"description": "the ledger with statuses as a file",
                             "content": {media: {} for media in MEDIA.values()}}})
def export(ledger: LedgerDep, who: Who,
           format: Annotated[schemas.ExportFormat, Query(description="xlsx, csv or json")] = schemas.DEFAULT_FORMAT,
           as_of: AsOf = None,
           jurisdiction: JurisdictionQuery = None,
           department: DepartmentQuery = None,
           indicator: Annotated[str | None, Query(description="catalog id, or words of the indicator as written")]
           = None,
           dimension: Annotated[schemas.Dimension | None, Query(description="城市体检 dimension of the indicator")]
           = None,
           status: Annotated[schemas.StatusCode | None, Query(description="status code on `as_of`")] = None,
           year: Annotated[int | None, Query(ge=1900, le=2100, description="target year")] = None) -> Response:
    """The ledger (台账) with every target's status, as `greentrack export` writes it; the filters are the
    ledger page's, so a download holds exactly the rows the filtered table shows."""
    fmt = format.value
    chosen = TargetFilter(jurisdiction, department, indicator, dimension.value if dimension else None,
                          status.value if status else None, year)
    data = export_bytes(ledger, fmt, as_of, who, chosen)
    name = f"greentrack-ledger-{(as_of or date.today()).isoformat()}.{fmt}"
    return Response(data, media_type=MEDIA[fmt], headers={"Content-Disposition": f'attachment; filename="{name}"'})
