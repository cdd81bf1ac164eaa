"""台账 (the sortable, filterable, paginated ledger table) and 横向比较 (one indicator across jurisdictions)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from greentrack.errors import UsageError
from greentrack.ledger.status import StatusReport
from greentrack.resolve import get_indicator
from greentrack.services.analysis import compare_indicator
from greentrack.services.status import ledger_status
from greentrack.services.target_query import TargetFilter
from greentrack.services.targets import TARGET_SORTS, indicator_dimension, list_targets
from greentrack.track import STATUSES
from greentrack.web import pages_charts
from greentrack.web.auth import who_of
from greentrack.web.kept import Kept
from greentrack.web.pages_common import as_of_of, fragment, lang_of, ledger_of, page, render

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 25
FILTERS = ("jurisdiction", "department", "indicator", "dimension", "status", "year")


@dataclass(frozen=True)
class Facets:
    """The choices of each filter: what the whole ledger holds, so a filter never offers an empty set."""

    jurisdictions: tuple[str, ...]
    departments: tuple[str, ...]
    indicators: tuple[tuple[str, str], ...]
    dimensions: tuple[str, ...]
    statuses: tuple[str, ...]
    years: tuple[int, ...]
    department_groups: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (place, its departments), for <optgroup>


def department_groups(departments: tuple[str, ...], places: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Departments under the place their name begins with (the longest such place: 济宁市生态环境局金乡县分局 is
    济宁市's), places in the order given, names without a place last under ""."""
    groups: dict[str, list[str]] = {place: [] for place in places}
    groups[""] = []
    for name in departments:
        owner = max((p for p in places if name.startswith(p)), key=len, default="")
        groups[owner].append(name)
    return tuple((place, tuple(names)) for place, names in groups.items() if names)


def facets_of(report: StatusReport) -> Facets:
    """The filter choices of a status report, sorted."""
    rows = report.rows
    indicators: dict[str, str] = {}
    for row in rows:
        if row.record.indicator_id:
            found = get_indicator(row.record.indicator_id)
            indicators[row.record.indicator_id] = found.zh if found else row.record.indicator_id
    places = tuple(sorted({r.record.jurisdiction_name for r in rows if r.record.jurisdiction_name}))
    departments = tuple(sorted({d for r in rows for d in r.record.departments}))
    return Facets(
        jurisdictions=places,
        departments=departments,
        department_groups=department_groups(departments, places),
        indicators=tuple(sorted(indicators.items(), key=lambda item: item[1])),
        dimensions=tuple(sorted({d for r in rows if (d := indicator_dimension(r))})),
        statuses=tuple(s for s in STATUSES if any(r.assessment.status == s for r in rows)),
        years=tuple(sorted({r.record.target.year for r in rows if r.record.target.year})))


def filter_of(request: Request) -> TargetFilter:
    """The ledger filters of the query string; a year that is not a number is a usage error."""
    values = {name: (request.query_params.get(name) or "").strip() or None for name in FILTERS}
    year = values.pop("year")
    if year is not None and not year.isdigit():
        raise UsageError(f"year must be a number such as 2025, not {year!r}")
    return TargetFilter(**values, year=int(year) if year else None)


def _page_number(request: Request) -> int:
    text = request.query_params.get("page", "1")
    if not text.isdigit() or int(text) < 1:
        raise UsageError(f"page must be a positive number, not {text!r}")
    return int(text)


@router.get("/ledger", response_class=HTMLResponse)
@page
def ledger_page(request: Request) -> Response:
    """台账: every current target with its status, filtered, sorted and paginated."""
    ledger, as_of = ledger_of(request), as_of_of(request)
    chosen = filter_of(request)
    sort = request.query_params.get("sort", "id")
    descending = request.query_params.get("order") == "desc"
    number = _page_number(request)
    who = who_of(request)
    found = list_targets(ledger, chosen, sort, descending, PAGE_SIZE, (number - 1) * PAGE_SIZE, as_of, who)
    facets = facets_of(ledger_status(ledger, found.as_of, who=who))
    pages = max(1, math.ceil(found.total / PAGE_SIZE))
    return render(request, "ledger.html", found=found, facets=facets, chosen=chosen, sort=sort,
                  descending=descending, page_number=number, pages=pages, sorts=TARGET_SORTS,
                  export_url=export_url(request))


def export_url(request: Request) -> str:
    """The Excel export of the ledger (the export service, as the API serves it), with the page's filters and
    date: the download holds the rows the filtered table shows."""
    from urllib.parse import urlencode

    chosen = filter_of(request)
    query = [("format", "xlsx")] + [(name, str(value)) for name in FILTERS
                                    if (value := getattr(chosen, name)) is not None]
    as_of = as_of_of(request)  # the date the table was assessed on (the app's own, when started with one)
    if as_of is not None:
        query.append(("as_of", as_of.isoformat()))
    return "/api/v1/export?" + urlencode(query)


@router.get("/compare", response_class=HTMLResponse)
@page
def compare_page(request: Request) -> Response:
    """横向比较: one indicator's targets and latest values across jurisdictions, as a chart and a table."""
    chosen = (request.query_params.get("indicator") or "").strip() or None
    comparison = compare_indicator(ledger_of(request), chosen, as_of_of(request), who_of(request))
    lang = lang_of(request)
    # a national indicator's comparison holds thousands of rows: its table and chart are made once per kept
    # comparison (services.analysis keeps it per ledger mark) and language
    chart, rows = _COMPARED.made(comparison, lang, lambda: (
        pages_charts.as_json(pages_charts.comparison_bars(comparison.rows, lang)),
        fragment(request, "compare_rows.html", comparison=comparison)))
    return render(request, "compare.html", comparison=comparison, chart_option=chart, table_rows=rows)


_COMPARED = Kept(16)
