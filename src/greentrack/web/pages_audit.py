"""审计日志: the audit log as a page for coordinators and administrators (the service checks the role)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from greentrack.auth.changes import changed_fields
from greentrack.errors import UsageError
from greentrack.services.users import audit_entries
from greentrack.web.auth import who_of
from greentrack.web.pages_common import ledger_of, page, render

router = APIRouter(include_in_schema=False)
ENTITIES = ("target", "task", "observation", "user", "api_token")


def _since(text: str) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"since must be a date such as 2025-06-30 (or 2025-06-30T08:00), not {text!r}") from None


@router.get("/audit", response_class=HTMLResponse)
@page
def audit_page(request: Request) -> Response:
    """The newest 200 entries, filtered by entity, actor and time; each with the fields it changed."""
    params = request.query_params
    entity = params.get("entity") or None
    actor = params.get("actor", "").strip() or None
    since = params.get("since", "").strip()
    entries = audit_entries(ledger_of(request), entity, actor, _since(since), 200, who_of(request))
    rows = [(e, changed_fields(e.before, e.after)) for e in entries]
    return render(request, "audit.html", rows=rows, entities=ENTITIES, entity=entity or "", actor=actor or "",
                  since=since)
