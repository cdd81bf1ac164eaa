"""报告文字编辑: the edit page of a place's 中期评估报告 — one form per section (一–四) showing its current text (the
draft from the data, or the office's edit with who and when), save and reset; and a form for the place's 公文
frame (发文机关, 文号, 主送, 抄送).

Each form posts with the session's CSRF token, makes the one service call the API and the CLI make
(services/report_texts.py) and comes back to the page; a bad text shows the page again with its reason, nothing
stored; a refusal shows the error page.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from greentrack.errors import InvalidField
from greentrack.reports.narrative import section_text
from greentrack.services import report_texts as service
from greentrack.web.auth import who_of
from greentrack.web.i18n import translator
from greentrack.web.pages_common import as_of_of, lang_of, ledger_of, page, render

router = APIRouter(include_in_schema=False)


def _when(at: object, lang: str) -> str:
    """An edit's time as people read it (2026年12月6日 10:45, UTC)."""
    import datetime as dt

    if not isinstance(at, dt.datetime):
        return ""
    return f"{at.year}年{at.month}月{at.day}日 {at:%H:%M}" if lang == "zh" else f"{at:%Y-%m-%d %H:%M} UTC"


def _show(request: Request, place: str, status_code: int = 200, notice: str = "", problem: str = "",
          sent: dict[str, str] | None = None) -> Response:
    who, lang = who_of(request), lang_of(request)
    ledger = ledger_of(request)
    sections = service.report_sections(ledger, place, as_of_of(request), who, lang=lang)
    settings = service.report_settings(ledger, place, who)
    texts = {s.key: section_text(s) for s in sections}
    texts.update(sent or {})
    return render(request, "report_edit.html", status_code=status_code, place=place, sections=sections, texts=texts,
                  settings=settings, frame=settings.frame, notice=notice, problem=problem,
                  when=lambda at: _when(at, lang), may_edit=service.may_edit(who))


def _back(place: str, notice: str) -> Response:
    return RedirectResponse(f"/reports/{quote(place)}/edit?done={notice}", status_code=303)


@router.get("/reports/{place}/edit", response_class=HTMLResponse)
@page
def edit_page(request: Request, place: str) -> Response:
    """The four sections as they stand and the 公文 frame, each with its form."""
    t = translator(lang_of(request))
    done = request.query_params.get("done")
    notice = {"saved": t("re.saved"), "reset": t("re.was_reset")}.get(done or "", "")
    return _show(request, place, notice=notice)


@router.post("/reports/{place}/edit/{key}")
@page
def save(request: Request, place: str, key: str, text: Annotated[str, Form()] = "") -> Response:
    """Store the office's text of one section; a bad text shows the page again with its reason."""
    try:
        service.save_section(ledger_of(request), place, key, text, who_of(request))
    except InvalidField as exc:
        return _show(request, place, 422, problem=exc.message, sent={key: text})
    return _back(place, "saved")


@router.post("/reports/{place}/edit/{key}/reset")
@page
def reset(request: Request, place: str, key: str) -> Response:
    """Drop the office's text of one section: the draft stands again."""
    service.reset_section(ledger_of(request), place, key, who_of(request))
    return _back(place, "reset")


@router.post("/reports/{place}/settings")
@page
def save_settings(request: Request, place: str, issuer: Annotated[str, Form()] = "",
                  doc_number: Annotated[str, Form()] = "", recipients: Annotated[str, Form()] = "",
                  copies: Annotated[str, Form()] = "") -> Response:
    """Store the place's 公文 frame; a bad field shows the page again with its reason."""
    try:
        service.save_report_settings(ledger_of(request), place, issuer, doc_number, recipients, copies,
                                     who_of(request))
    except InvalidField as exc:
        return _show(request, place, 422, problem=exc.message)
    return _back(place, "saved")
