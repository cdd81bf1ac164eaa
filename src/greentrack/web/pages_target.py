"""A target (its quote highlighted in the document, chart, computation, history), a document (outline with
its targets), and a department (its targets and its supervision list, 督办清单)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from greentrack.auth.policy import Principal
from greentrack.errors import GreentrackError, UnknownDepartmentId, UnknownDocument, UnknownTarget
from greentrack.ledger.db import Ledger
from greentrack.ledger.records import SectionRecord
from greentrack.ledger.status import StatusRow
from greentrack.services.departments import department_detail, department_summaries
from greentrack.services.documents import document_detail, list_documents
from greentrack.services.review_targets import plans_progress
from greentrack.services.series import series_of
from greentrack.services.targets import target_detail
from greentrack.services.task_progress import task_warnings
from greentrack.web import pages_charts
from greentrack.web.auth import who_of
from greentrack.web.i18n import translator
from greentrack.web.pages_common import as_of_of, lang_of, ledger_of, page, parse_id, render

router = APIRouter(include_in_schema=False)
Detail = TypeVar("Detail")
# What a malformed id raises: the same error (and so the same 404) as a well-formed id that is not in the ledger.
NOT_FOUND: dict[str, type[GreentrackError]] = {"target": UnknownTarget, "document": UnknownDocument,
                                               "department": UnknownDepartmentId}


@dataclass(frozen=True)
class Highlight:
    """A document's text cut around one span, so the template can wrap the span in <mark> (each part escaped)."""

    before: str
    quote: str
    after: str


def highlight(text: str, start: int, end: int, quote: str) -> Highlight:
    """The text around [start, end); if the span no longer holds the quote, its first occurrence instead."""
    if text[start:end] != quote and quote in text:
        start = text.index(quote)
        end = start + len(quote)
    return Highlight(text[:start], text[start:end], text[end:])


def _lookup(request: Request, what: str, ident: str,
            fetch: Callable[[Ledger, int, date | None, Principal], Detail]) -> Detail:
    """The record the path names, fetched for this request's ledger, date and user; @page shows a 404 for a bad id."""
    record_id = parse_id(ident)
    if record_id is None:
        t = translator(lang_of(request))
        raise NOT_FOUND[what](t("error.no_record", what=t(f"what.{what}"), ident=ident))
    return fetch(ledger_of(request), record_id, as_of_of(request), who_of(request))


@router.get("/targets/{ident}", response_class=HTMLResponse)
@page
def target_page(request: Request, ident: str) -> Response:
    """One target: the sentence it came from inside its document, observations, status and how it was computed."""
    detail = _lookup(request, "target", ident, target_detail)
    target = detail.row.record.target
    chart = pages_charts.as_json(pages_charts.target_lines(detail, lang_of(request)))
    values = series_of(ledger_of(request), detail.row.record.id, who_of(request))
    return render(request, "target.html", detail=detail, row=detail.row, target=target, chart_option=chart,
                  marked=highlight(detail.text, target.start, target.end, target.quote), series=values)


@router.get("/documents", response_class=HTMLResponse)
@page
def documents_page(request: Request) -> Response:
    """Every stored plan version."""
    documents = list_documents(ledger_of(request), who_of(request))
    return render(request, "documents.html", documents=documents,
                  progress=plans_progress(ledger_of(request), [d.id for d in documents]))


@dataclass(frozen=True)
class OutlineEntry:
    """A heading of the outline with the targets whose quote starts inside its own part of the text."""

    section: SectionRecord
    rows: tuple[StatusRow, ...]


def outline_entries(sections: tuple[SectionRecord, ...], rows: tuple[StatusRow, ...]) -> list[OutlineEntry]:
    """Each target under the deepest section that contains its start; targets before any heading come first."""
    owner: dict[int, int | None] = {}
    for row in rows:
        start = row.record.target.start
        inside = [s for s in sections if s.start <= start < s.end]
        owner[row.record.id] = max(inside, key=lambda s: (s.level, s.start)).position if inside else None
    entries = [OutlineEntry(s, tuple(r for r in rows if owner[r.record.id] == s.position)) for s in sections]
    loose = tuple(r for r in rows if owner[r.record.id] is None)
    if loose:
        entries.insert(0, OutlineEntry(SectionRecord(-1, None, 1, "", "", (), 0, 0), loose))
    return entries


@router.get("/documents/{ident}", response_class=HTMLResponse)
@page
def document_page(request: Request, ident: str) -> Response:
    """One plan: its metadata and outline, with the targets of each section."""
    detail = _lookup(request, "document", ident, document_detail)
    return render(request, "document.html", detail=detail, document=detail.document,
                  entries=outline_entries(detail.sections, detail.rows))


@router.get("/departments", response_class=HTMLResponse)
@page
def departments_page(request: Request) -> Response:
    """Every department with its number of targets, how many it leads and how many are on its supervision list."""
    return render(request, "departments.html",
                  summaries=department_summaries(ledger_of(request), as_of_of(request), who_of(request)))


@router.get("/departments/{ident}", response_class=HTMLResponse)
@page
def department_page(request: Request, ident: str) -> Response:
    """One department: the targets it answers for (牵头 marked) and its supervision list (督办清单)."""
    summary = _lookup(request, "department", ident, department_detail)
    # its overdue and due-soon tasks stand on its supervision list beside the warned targets
    tasks = task_warnings(ledger_of(request), as_of_of(request), None, summary.department.name, who_of(request))
    return render(request, "department.html", summary=summary, task_warnings=tasks)
