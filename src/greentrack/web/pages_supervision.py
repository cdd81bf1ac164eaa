"""督查督办: the supervision items' list (escalated and overdue ones red) and an item's page — its subjects,
departments, requirement, answers with their evidence, timeline — with the forms of each step: the department's
answer (four parts and files), and the office's 印发 / 销号 / 退回 / 约谈; a warning's "create an item" button
posts here too.

Each form posts with the session's CSRF token, makes the one service call the API and the CLI make
(services/supervision_items.py) and goes back to the item's page; a refusal shows the error page with its reason.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from greentrack import config
from greentrack.auth import REPORTER, Principal, allowed
from greentrack.errors import InvalidField, UnknownSupervisionItem
from greentrack.ledger.supervision_records import ITEM_STATES, SupervisionItem
from greentrack.services import supervision_items as service
from greentrack.services.evidence import allowed_types
from greentrack.services.files import upload_name
from greentrack.web.auth import who_of
from greentrack.web.i18n import translator
from greentrack.web.pages_common import as_of_of, lang_of, ledger_of, page, parse_id, render

router = APIRouter(include_in_schema=False)
SEPARATORS = re.compile(r"[,，、;；\s]+")
ANSWER_DAYS = 15  # the answer deadline a warning's button proposes


def _day(lang: str) -> object:
    """How the pages write a date: 2026年12月6日, or ISO in English."""
    return lambda d: "—" if d is None else (service.chinese_date(d) if lang == "zh" else d.isoformat())


def _item_id(request: Request, ident: str) -> int:
    found = parse_id(ident)
    if found is None:
        t = translator(lang_of(request))
        raise UnknownSupervisionItem(t("error.no_record", what=t("sv.title"), ident=ident))
    return found


def _ids(field: str, text: str) -> list[int]:
    parts = [p for p in SEPARATORS.split(text.strip()) if p]
    if any(not p.isdigit() for p in parts):
        raise InvalidField(field, f"ids must be numbers separated by commas, not {text!r}")
    return [int(p) for p in parts]


def _names(text: str) -> list[str]:
    return [p for p in SEPARATORS.split(text.strip()) if p]


def _back(item_id: int) -> Response:
    return RedirectResponse(f"/supervision/{item_id}", status_code=303)


@router.get("/supervision", response_class=HTMLResponse)
@page
def supervision_page(request: Request) -> Response:
    """The items the user may see, newest first, filtered by place, department, state and overdue."""
    query = request.query_params
    as_of = as_of_of(request) or dt.date.today()
    chosen = {name: (query.get(name) or "").strip() for name in ("jurisdiction", "department", "state")}
    overdue = query.get("overdue") in ("1", "true", "on")
    items = service.list_items(ledger_of(request), chosen["jurisdiction"] or None, chosen["department"] or None,
                               chosen["state"] or None, overdue, as_of, who_of(request))
    return render(request, "supervision.html", items=items, as_of=as_of, chosen=chosen, overdue=overdue,
                  states=ITEM_STATES, day=_day(lang_of(request)),
                  default_due=as_of + dt.timedelta(days=ANSWER_DAYS))


@router.get("/supervision/{ident}", response_class=HTMLResponse)
@page
def item_page(request: Request, ident: str) -> Response:
    """One item: what it asks of whom, its answers with evidence, its timeline, and the forms of its steps."""
    who = who_of(request)
    as_of = as_of_of(request) or dt.date.today()
    detail = service.show_item(ledger_of(request), _item_id(request, ident), as_of, who)
    return render(request, "supervision_item.html", detail=detail, item=detail.item, as_of=as_of,
                  day=_day(lang_of(request)), may_answer=_may_answer(who, detail.item),
                  office_answers=who.role != REPORTER, today=dt.date.today(),
                  evidence_types=", ".join("." + kind for kind in allowed_types()),
                  evidence_mb=f"{float(config.get('max_evidence_mb')):g}")


def _may_answer(who: Principal, item: SupervisionItem) -> bool:
    """Whether the page offers the answer form: a department of the item, or the office (naming one)."""
    if item.state == "closed" or not allowed(who, "answer"):
        return False
    if who.role == REPORTER:
        return who.department_id in {d.department_id for d in item.departments}
    return True


@router.post("/supervision")
@page
def create(request: Request, title: Annotated[str, Form()] = "", requirement: Annotated[str, Form()] = "",
           answer_due: Annotated[str, Form()] = "", targets: Annotated[str, Form()] = "",
           tasks: Annotated[str, Form()] = "", lead: Annotated[str, Form()] = "",
           support: Annotated[str, Form()] = "") -> Response:
    """Create an item by hand."""
    found = service.create_item(ledger_of(request), title, requirement, answer_due, _ids("targets", targets),
                                _ids("tasks", tasks), _names(lead), _names(support), who_of(request))
    return _back(found.id)


@router.post("/supervision/from-warning")
@page
def from_warning(request: Request, target_id: Annotated[str, Form()] = "",
                 answer_due: Annotated[str, Form()] = "") -> Response:
    """Create an item from a target's warning (the button beside each warning)."""
    targets = _ids("target_id", target_id)
    if len(targets) != 1:
        raise InvalidField("target_id", "one target id is needed")
    as_of = as_of_of(request)
    due = answer_due or (as_of or dt.date.today()) + dt.timedelta(days=ANSWER_DAYS)
    found = service.create_from_warning(ledger_of(request), targets[0], due, None, who_of(request), as_of)
    return _back(found.id)


@router.post("/supervision/{ident}/issue")
@page
def issue(request: Request, ident: str, issuer: Annotated[str, Form()] = "",
          doc_number: Annotated[str, Form()] = "", issued_on: Annotated[str, Form()] = "") -> Response:
    """Set the letter's issuer, number and date."""
    item_id = _item_id(request, ident)
    service.issue(ledger_of(request), item_id, issuer, doc_number, issued_on or None, who_of(request))
    return _back(item_id)


@router.post("/supervision/{ident}/answer")
@page
def answer(request: Request, ident: str, progress: Annotated[str, Form()] = "",
           problems: Annotated[str, Form()] = "", measures: Annotated[str, Form()] = "",
           complete_by: Annotated[str, Form()] = "", department: Annotated[str, Form()] = "",
           files: Annotated[list[UploadFile] | None, File()] = None) -> Response:
    """A department's answer with its evidence files."""
    item_id = _item_id(request, ident)
    limit = int(float(config.get("max_evidence_mb")) * 1024 * 1024)
    read = [(upload_name(f.filename, "evidence"), f.file.read(limit + 1)) for f in files or [] if f.filename]
    service.answer(ledger_of(request), item_id, progress, problems, measures, complete_by or None, read,
                   department or None, who_of(request))
    return _back(item_id)


@router.post("/supervision/{ident}/close")
@page
def close(request: Request, ident: str, note: Annotated[str, Form()] = "") -> Response:
    """Close an answered item (销号)."""
    item_id = _item_id(request, ident)
    service.close(ledger_of(request), item_id, note, who_of(request))
    return _back(item_id)


@router.post("/supervision/{ident}/return")
@page
def return_item(request: Request, ident: str, reason: Annotated[str, Form()] = "") -> Response:
    """Return an answer (退回) with a reason."""
    item_id = _item_id(request, ident)
    service.return_item(ledger_of(request), item_id, reason, who_of(request))
    return _back(item_id)


@router.post("/supervision/{ident}/escalate")
@page
def escalate(request: Request, ident: str, record: Annotated[str, Form()] = "") -> Response:
    """Escalate (约谈) with the record."""
    item_id = _item_id(request, ident)
    service.escalate(ledger_of(request), item_id, record, who_of(request))
    return _back(item_id)
