"""Views of targets (dashboard pages and API alike): the filtered, sorted list and one target in detail.

The page /targets/{id} and the route /api/v1/targets/{id} both call `target_detail`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from greentrack.services.scope import acting
from greentrack.services.status import ledger_status
from greentrack.services.status_rows import status_rows, target_rows
from greentrack.services.target_query import IndexedPage, TargetFilter, indexed_page, target_list_route

if TYPE_CHECKING:
    from greentrack.auth import Principal
    from greentrack.ledger.db import Ledger
    from greentrack.ledger.records import DocumentRecord
    from greentrack.ledger.status import StatusRow
    from greentrack.track import Assessment


TARGET_SORTS = ("id", "jurisdiction", "indicator", "year", "due", "status", "progress")


@dataclass(frozen=True)
class TargetList:
    """One page of filtered, sorted targets with their status, and how many matched in all."""

    as_of: date
    rows: tuple[StatusRow, ...]
    total: int
    limit: int
    offset: int
    illustrative: bool


def list_targets(ledger: Ledger, filters: TargetFilter | None = None, sort: str = "id", descending: bool = False,
                 limit: int = 50, offset: int = 0, as_of: date | None = None,
                 who: Principal | None = None) -> TargetList:
    """Current targets with their status, filtered, sorted and paginated (limit 1–1000, offset ≥ 0)."""
    chosen = _checked_list(filters, sort, limit, offset)
    if target_list_route() == "index":
        return _indexed_targets(ledger, chosen, sort, descending, limit, offset, as_of or date.today(), who)
    report = ledger_status(ledger, as_of, chosen.jurisdiction, chosen.department, who)
    matched = [row for row in report.rows if row_matches(row, chosen)]
    value = _sort_value(sort)
    rows = sorted((r for r in matched if value(r) is not None), key=lambda r: (value(r), r.record.id),
                  reverse=descending) + [r for r in matched if value(r) is None]  # blanks last either way
    return TargetList(report.as_of, tuple(rows[offset:offset + limit]), len(rows), limit, offset,
                      any(row.illustrative for row in rows))


def list_target_page(ledger: Ledger, filters: TargetFilter | None = None, sort: str = "id",
                     descending: bool = False, limit: int = 50, offset: int = 0, as_of: date | None = None,
                     who: Principal | None = None) -> IndexedPage | None:
    """The ids of the page `list_targets` gives, when lists go through the target index (None when the setting
    target_list is `report`): the API then serialises each target's row once per ledger mark."""
    chosen = _checked_list(filters, sort, limit, offset)
    if target_list_route() != "index":
        return None
    return indexed_page(ledger, chosen, sort, descending, limit, offset, as_of or date.today(), who)


def _checked_list(filters: TargetFilter | None, sort: str, limit: int, offset: int) -> TargetFilter:
    """The filter of a list (all targets when None); UsageError on a sort, status or window out of range."""
    from greentrack.errors import UsageError
    from greentrack.track import STATUSES

    chosen = filters or TargetFilter()
    if sort not in TARGET_SORTS:
        raise UsageError(f"cannot sort by {sort!r} — use one of {', '.join(TARGET_SORTS)}")
    if chosen.status and chosen.status not in STATUSES:
        raise UsageError(f"unknown status {chosen.status!r} — use one of {', '.join(STATUSES)}")
    if not 1 <= limit <= 1000 or offset < 0:
        raise UsageError(f"limit must be 1–1000 and offset ≥ 0 (got limit={limit}, offset={offset})")
    return chosen


def _indexed_targets(ledger: Ledger, chosen: TargetFilter, sort: str, descending: bool, limit: int, offset: int,
                     as_of: date, who: Principal | None) -> TargetList:
    """`list_targets` through the ledger's target index (greentrack.scale.index): statuses computed in bulk
    once per date and ledger change, filters and order by numpy, only the page's targets read and assessed."""
    page = indexed_page(ledger, chosen, sort, descending, limit, offset, as_of, who)
    return TargetList(as_of, tuple(target_rows(ledger, page.ids, as_of)), page.total, limit, offset,
                      page.illustrative)


def indicator_dimension(row: StatusRow) -> str | None:
    """The 城市体检 dimension of a target's catalog indicator (None when unresolved)."""
    from greentrack.resolve import get_indicator

    indicator = get_indicator(row.record.indicator_id) if row.record.indicator_id else None
    return indicator.dimension if indicator else None


def row_matches(row: StatusRow, chosen: TargetFilter) -> bool:
    """Whether a row passes the status, year, dimension and indicator of a filter (place and department are
    applied as the report is built)."""
    target = row.record.target
    if chosen.status and row.assessment.status != chosen.status:
        return False
    if chosen.year is not None and target.year != chosen.year:
        return False
    if chosen.dimension and indicator_dimension(row) != chosen.dimension:
        return False
    wanted = (chosen.indicator or "").strip()
    return not wanted or row.record.indicator_id == wanted or wanted in target.indicator


def _sort_value(sort: str) -> Callable[[StatusRow], Any]:
    from greentrack.track import STATUSES

    def value(row: StatusRow) -> Any:
        target, assessment = row.record.target, row.assessment
        return {
            "id": row.record.id, "jurisdiction": row.record.jurisdiction_name or "", "indicator": target.indicator,
            "year": target.year, "due": assessment.due, "status": STATUSES.index(assessment.status),
            "progress": assessment.ratio,
        }[sort]

    return value


@dataclass(frozen=True)
class TargetDetail:
    """One target with everything behind its status: document text, observations, history and expected path.

    `history` is the target re-assessed on each observation's date (the ledger keeps no status history);
    `path` the expected value (预期进度) at each year end from its baseline to its due date.
    """

    row: StatusRow
    document: DocumentRecord
    text: str
    history: tuple[Assessment, ...]
    path: tuple[tuple[date, float], ...]


def target_detail(ledger: Ledger, target_id: int, as_of: date | None = None,
                  who: Principal | None = None) -> TargetDetail:
    """A stored target (any version) with its status on `as_of`; UnknownTarget when none, Forbidden when not yours."""
    from greentrack.auth import require, require_target
    from greentrack.ledger import repository
    from greentrack.track import assess

    reader = acting(ledger, who)
    require(reader, "read")
    when = as_of or date.today()
    with ledger.session() as session:
        record = repository.documents.get_target(session, target_id)
        require_target(reader, record.id, record.jurisdiction_code)
        row = status_rows(session, [record], when)[0]
        document = repository.documents.get_document(session, record.document_id)
        text = repository.documents.document_text(session, record.document_id)
    target, observed = row.tracked.target, row.tracked.observations
    history = tuple(assess(target, observed, day) for day in sorted({o.period for o in observed if o.period <= when}))
    return TargetDetail(row, document, text, history, _expected_path(row, when))


def _expected_path(row: StatusRow, as_of: date) -> tuple[tuple[date, float], ...]:
    """The track stage's expected value at each year end from the baseline year to the due year."""
    from greentrack.track import assess

    first, due = row.assessment.baseline_period, row.assessment.due
    if first is None or due is None or row.assessment.kind == "standard":
        return ()
    points = []
    for year in range(first.year, due.year + 1):
        day = min(date(year, 12, 31), due)
        expected = assess(row.tracked.target, row.tracked.observations, day).expected
        if expected is not None:
            points.append((day, expected))
    return tuple(points)
