"""任务进展 and 我的工作: the task list with states, one task's page (history, evidence, the report form), and a
department's "my work" page.

Each page makes the one service call the API and the CLI make (services/task_progress.py, services/my_work.py).
The report form posts multipart (state, note, files) with the session's CSRF token; a refusal shows the task's page
again with the reason and nothing stored.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from greentrack.errors import GreentrackError, UnknownTask, UsageError
from greentrack.services import task_progress as tasks
from greentrack.services.my_work import department_work
from greentrack.web.api_tasks import read_evidence
from greentrack.web.auth import who_of
from greentrack.web.i18n import translator
from greentrack.web.pages_common import as_of_of, error_page, lang_of, ledger_of, page, parse_id, render

router = APIRouter(include_in_schema=False)
SHOWN = 500  # tasks listed on one page at most; filters narrow a longer list


def task_helpers(request: Request) -> dict[str, Any]:
    """What the task templates share: a date as people read it, a state's label."""
    lang = lang_of(request)
    t = translator(lang)
    return {"day": lambda d: "—" if d is None else (tasks.chinese_date(d) if lang == "zh" else d.isoformat()),
            "state_label": lambda s: t(f"task.state.{s}"), "task_states": tasks.STATES,
            "reported_states": tasks.REPORTED}


def _query(request: Request, name: str) -> str | None:
    return (request.query_params.get(name) or "").strip() or None


@router.get("/tasks", response_class=HTMLResponse)
@page
def tasks_page(request: Request) -> Response:
    """Every task the user may see with its state (overdue red), filtered by place, department and state."""
    chosen = {name: _query(request, name) for name in ("jurisdiction", "department", "state")}
    found = tasks.list_tasks(ledger_of(request), chosen["jurisdiction"], chosen["department"], chosen["state"],
                             as_of_of(request), who_of(request))
    return render(request, "tasks.html", found=found, items=found.items[:SHOWN], chosen=chosen,
                  **task_helpers(request))


def _task_page(request: Request, task_id: int, status_code: int = 200, message: str | None = None,
               sent: dict[str, str] | None = None) -> Response:
    found = tasks.task_history(ledger_of(request), task_id, as_of_of(request), who_of(request))
    return render(request, "task.html", status_code=status_code, found=found, task=found.current.record,
                  message=message, sent=sent or {}, **task_helpers(request))


def _task_id(request: Request, ident: str) -> int:
    task_id = parse_id(ident)
    if task_id is None:
        t = translator(lang_of(request))
        raise UnknownTask(t("error.no_record", what=t("what.task"), ident=ident))
    return task_id


@router.get("/tasks/{ident}", response_class=HTMLResponse)
@page
def task_page(request: Request, ident: str) -> Response:
    """One task: its text and quote, departments, due day, state, the history of reports with evidence links, and
    the report form for those who may report it."""
    return _task_page(request, _task_id(request, ident))


@router.post("/tasks/{ident}/progress", response_class=HTMLResponse)
async def report_progress(request: Request, ident: str, state: Annotated[str, Form()] = "",
                          note: Annotated[str, Form()] = "", cycle_id: Annotated[str, Form()] = "",
                          files: Annotated[list[UploadFile] | None, File()] = None) -> Response:
    """Store a report from the form and go back to the task's history; a refusal shows the page with its reason."""
    try:
        task_id = _task_id(request, ident)
    except GreentrackError as exc:
        return error_page(request, exc.http_status, exc.message)
    sent = {"state": state, "note": note, "cycle_id": cycle_id}
    try:
        cycle = parse_id(cycle_id.strip()) if cycle_id.strip() else None
        if cycle_id.strip() and cycle is None:
            raise UsageError(f"cycle_id: not an id: {cycle_id!r}")
        uploads = [await read_evidence(f) for f in files or [] if f.filename]
        await run_in_threadpool(tasks.report_task, ledger_of(request), task_id, state, note, uploads, cycle,
                                as_of_of(request), who_of(request))
    except GreentrackError as exc:
        try:
            return await run_in_threadpool(_task_page, request, task_id, exc.http_status, exc.message, sent)
        except GreentrackError as shown:
            return error_page(request, shown.http_status, shown.message)
    day = request.query_params.get("as_of")  # the page keeps the day it was shown on
    return RedirectResponse(f"/tasks/{task_id}{'?as_of=' + quote(day) if day else ''}#history", status_code=303)


@router.get("/my", response_class=HTMLResponse)
@page
def my_work(request: Request) -> Response:
    """我的工作: a reporter's department's targets due and tasks; an office user's place (or ?department=)."""
    work = department_work(ledger_of(request), _query(request, "department"), as_of_of(request), who_of(request))
    from greentrack.services.cycles import state_label

    lang = lang_of(request)
    return render(request, "my.html", work=work, today=date.today(), cycle_state=lambda s: state_label(s, lang),
                  **task_helpers(request))
