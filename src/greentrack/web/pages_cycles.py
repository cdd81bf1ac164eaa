"""填报周期: the reporting cycles page (the list, and a form to open one for the office) and a cycle's page (each
department's state, coloured, with a 催报 button per department for the office; a reporter sees its own line, its
reminders and a button to download its sheet). Thin, over `services.cycles`, as the API (`web/api_cycles.py`) is.

`reminders_of` is what a department's own page ("my work") includes with `_reminders.html`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from greentrack.errors import GreentrackError, UnknownCycle, UsageError
from greentrack.ledger.records import ReminderRecord
from greentrack.services import cycles
from greentrack.web.api_cycles import XLSX
from greentrack.web.auth import who_of
from greentrack.web.i18n import translator
from greentrack.web.pages_common import as_of_of, lang_of, ledger_of, page, parse_id, render

router = APIRouter(include_in_schema=False)


def reminders_of(request: Request, department: str | None = None, limit: int = 20) -> list[ReminderRecord]:
    """The newest reminders sent to a department (the signed-in reporter's own when none is named), for
    `_reminders.html` on the department's page."""
    return cycles.department_reminders(ledger_of(request), department, limit, who_of(request))


def _cycle_id(request: Request, ident: str) -> int:
    found = parse_id(ident)
    if found is None:
        t = translator(lang_of(request))
        raise UnknownCycle(t("cycles.unknown", ident=ident))
    return found


def _list(request: Request, status_code: int = 200, message: str | None = None,
          form: dict[str, str] | None = None) -> Response:
    who = who_of(request)
    found = cycles.list_cycles(ledger_of(request), who=who)
    defaults = {"name": "", "jurisdiction": who.jurisdiction_name or "", "period": "", "due_on": "", "opens_on": ""}
    return render(request, "cycles.html", status_code=status_code, cycles=found, message=message,
                  form={**defaults, **(form or {})}, cn_date=cycles.cn_date)


@router.get("/cycles", response_class=HTMLResponse)
@page
def cycles_page(request: Request) -> Response:
    """The cycles of the places the user sees; the office's form to open one."""
    return _list(request)


def _date(text: str, field: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{field}: {text!r} is not a date (YYYY-MM-DD)") from None


@router.post("/cycles", response_class=HTMLResponse)
def open_cycle_form(request: Request, name: Annotated[str, Form()] = "", jurisdiction: Annotated[str, Form()] = "",
                    period: Annotated[str, Form()] = "", due_on: Annotated[str, Form()] = "",
                    opens_on: Annotated[str, Form()] = "") -> Response:
    """Open a cycle covering every current target and task of the place, then show it; a refusal re-shows the
    form with the reason."""
    form = {"name": name, "jurisdiction": jurisdiction, "period": period, "due_on": due_on, "opens_on": opens_on}
    try:
        due = _date(due_on, "due_on")
        if due is None:
            raise UsageError("due_on: the due date is needed (YYYY-MM-DD)")
        cycle = cycles.open_cycle(ledger_of(request), name, jurisdiction.strip() or None, period, due,
                                  _date(opens_on, "opens_on"), who=who_of(request))
    except GreentrackError as exc:
        return _list(request, exc.http_status, exc.message, form)
    return RedirectResponse(f"/cycles/{cycle.id}", status_code=303)


def _cycle(request: Request, cycle_id: int, status_code: int = 200, notice: str | None = None,
           problem: str | None = None) -> Response:
    who = who_of(request)
    status = cycles.cycle_status(ledger_of(request), cycle_id, as_of_of(request), who)
    lang = lang_of(request)
    return render(request, "cycle.html", status_code=status_code, status=status, cycle=status.cycle,
                  states=cycles.STATES, state_label=lambda s: cycles.state_label(s, lang), cn_date=cycles.cn_date,
                  notice=notice, problem=problem, reporter=who.role == "reporter",
                  office=status.cycle.open and _may_run(request))


def _may_run(request: Request) -> bool:
    from greentrack.auth import allowed

    return allowed(who_of(request), "run_cycles")


@router.get("/cycles/{ident}", response_class=HTMLResponse)
@page
def cycle_page(request: Request, ident: str) -> Response:
    """A cycle's status per department (a reporter: its own line, its reminders and its sheet)."""
    return _cycle(request, _cycle_id(request, ident))


@router.post("/cycles/{ident}/remind", response_class=HTMLResponse)
@page
def remind_form(request: Request, ident: str, department: Annotated[str, Form()] = "",
                message: Annotated[str, Form()] = "") -> Response:
    """催报 one department; the page again with what became of it (stored, mailed, or the mail's failure)."""
    cycle_id = _cycle_id(request, ident)
    t = translator(lang_of(request))
    try:
        sent = cycles.remind(ledger_of(request), cycle_id, department, message, who_of(request))
    except GreentrackError as exc:
        return _cycle(request, cycle_id, exc.http_status, problem=exc.message)
    notice = t("cycles.reminded", department=sent.reminder.department)
    if sent.mailed:
        notice += " " + t("cycles.mailed", to=", ".join(sent.reminder.emailed_to))
    return _cycle(request, cycle_id, notice=notice, problem=t("cycles.mail_failed", reason=sent.mail_error)
                  if sent.mail_error else None)


@router.post("/cycles/{ident}/close", response_class=HTMLResponse)
@page
def close_form(request: Request, ident: str) -> Response:
    """Close the cycle, then show it."""
    cycle_id = _cycle_id(request, ident)
    cycles.close_cycle(ledger_of(request), cycle_id, who_of(request))
    return RedirectResponse(f"/cycles/{cycle_id}", status_code=303)


@router.get("/cycles/{ident}/sheet")
@page
def sheet_download(request: Request, ident: str) -> Response:
    """The department's reporting sheet for the cycle (a reporter: its own; the office: `?department=`)."""
    found = cycles.cycle_sheet(ledger_of(request), _cycle_id(request, ident),
                               request.query_params.get("department") or None, who_of(request))
    disposition = f"attachment; filename=\"cycle-sheet.xlsx\"; filename*=UTF-8''{quote(found.name)}"
    return Response(found.data, media_type=XLSX, headers={"Content-Disposition": disposition})
