"""台账 (the sortable, filterable, paginated ledger table) and 横向比较 (one indicator across jurisdictions)."""

from __future__ import annotations

import math

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from greentrack.errors import UsageError
from greentrack.services.analysis import compare_indicator
from greentrack.services.facets import ledger_facets
from greentrack.services.target_query import TargetFilter
from greentrack.services.targets import TARGET_SORTS, list_targets
from greentrack.web import pages_charts
from greentrack.web.auth import who_of
from greentrack.web.kept import Kept
from greentrack.web.pages_common import as_of_of, fragment, lang_of, ledger_of, page, render

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 25
CHOICES_MAX = 300  # a filter with more choices than this is typed, not picked from a drop-down
LISTED_MAX = 5_000  # ...and its names offered as the user types up to this many (a country's 3,000 places: 150 KB;
#                     its 25,000 departments would be 2 MB a page)
FILTERS = ("jurisdiction", "department", "indicator", "dimension", "status", "year")


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
    facets = ledger_facets(ledger, found.as_of, who)  # from the target index, kept per mark and reader
    pages = max(1, math.ceil(found.total / PAGE_SIZE))
    return render(request, "ledger.html", found=found, facets=facets, chosen=chosen, sort=sort,
                  descending=descending, page_number=number, pages=pages, sorts=TARGET_SORTS,
                  export_url=export_url(request), choices_max=CHOICES_MAX, listed_max=LISTED_MAX)


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
