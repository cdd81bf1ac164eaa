"""The dashboard (server-rendered pages): overview here; the ledger, targets, documents, departments,
comparison and uploads in the `pages_*` modules, all on `router`, which `create_app` includes.

Static files (CSS, the dashboard script, vendored ECharts) are served from the package under /static.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from greentrack.services import status
from greentrack.services.cycles import STATES as CYCLE_STATES
from greentrack.services.cycles import state_label as cycle_state_label
from greentrack.services.documents import document_count
from greentrack.services.follow_up import follow_up
from greentrack.services.task_progress import task_warnings
from greentrack.web import (
    i18n,
    pages_charts,
    pages_cycles,
    pages_ledger,
    pages_report_edit,
    pages_review,
    pages_series,
    pages_supervision,
    pages_target,
    pages_tasks,
    pages_upload,
)
from greentrack.web.auth import who_of
from greentrack.web.kept import Kept
from greentrack.web.pages_common import STATIC, as_of_of, error_page, lang_of, ledger_of, page, render

router = APIRouter(include_in_schema=False)
router.mount("/static", StaticFiles(directory=STATIC), name="static")
router.include_router(pages_ledger.router)
router.include_router(pages_target.router)
router.include_router(pages_series.router)
router.include_router(pages_upload.router)
router.include_router(pages_review.router)
router.include_router(pages_tasks.router)
router.include_router(pages_cycles.router)
router.include_router(pages_supervision.router)
router.include_router(pages_report_edit.router)


@router.get("/", response_class=HTMLResponse)
@page
def overview(request: Request) -> Response:
    """总览: targets by status and by lead department, upcoming deadlines, the latest warnings."""
    lang = lang_of(request)
    who = who_of(request)
    found = status.overview(ledger_of(request), as_of_of(request), who)
    summary = found.summary  # what /api/v1/status answers
    status_chart, department_chart, unassigned = _CHARTS.made(found, lang, lambda: _charts(summary, lang))
    task_warned = task_warnings(ledger_of(request), as_of_of(request), who=who)  # overdue tasks warn like targets
    loop = follow_up(ledger_of(request), None, as_of_of(request), who)  # cycles, tasks and 督办 items in one card
    return render(request, "overview.html", summary=summary, counts=summary.counts, warnings=found.warnings,
                  warned=found.warned, rows_by_id=found.rows_by_id, upcoming=found.upcoming,
                  documents=document_count(ledger_of(request), who),
                  status_chart=status_chart,
                  unassigned=unassigned, task_warnings=task_warned[:10], task_warned=len(task_warned), loop=loop,
                  cycle_states=CYCLE_STATES, cycle_state=lambda state: cycle_state_label(state, lang),
                  **pages_tasks.task_helpers(request),
                  department_chart=department_chart)


# a national overview counts tens of thousands of departments: its charts are made once per kept overview
# (services.status keeps it per ledger mark, day and reader's scope) and language
_CHARTS = Kept(32)


def _charts(summary: status.StatusSummary, lang: str) -> tuple[str, str, int]:
    """The overview's status pie and department bars (as JSON), and how many targets no department answers for."""
    assigned = [item for item in summary.by_department if item[0] != status.UNASSIGNED]
    unassigned = sum(dict(summary.by_department).get(status.UNASSIGNED, {}).values())
    return (pages_charts.as_json(pages_charts.status_pie(summary.counts, lang)),
            pages_charts.as_json(pages_charts.department_bars(assigned, lang)), unassigned)


@router.get("/lang/{code}")
def switch_language(request: Request, code: str, next: str = "/") -> Response:
    """Set the `lang` cookie and go back to the page the switch was pressed on."""
    lang = i18n.normalise_lang(code)
    if lang is None:
        return error_page(request, 404, i18n.label("error.lang", lang_of(request), code=code))
    # only a path on this server: never redirect a visitor elsewhere
    target = next if next.startswith("/") and not next.startswith("//") and "\\" not in next else "/"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(i18n.COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax")
    return response
