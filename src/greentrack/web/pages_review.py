"""审核: the review page of a plan version — its text with every target and task highlighted (coloured by review
state), the records beside it lowest confidence first, and the keys of the common path (static/review.js).

The page renders the records; every action (confirm, correct, reject, add from a selection of the text) is a
call of the review API (`web/api_review.py`) from the page's script, with the session's CSRF token, so the
page and the API share one set of rules.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from greentrack.errors import UnknownDocument
from greentrack.ledger.records import TargetRecord, TaskRecord
from greentrack.services.review_targets import review_sheet
from greentrack.web import api_review
from greentrack.web.auth import who_of
from greentrack.web.i18n import translator
from greentrack.web.pages_common import lang_of, ledger_of, page, parse_id, render

router = APIRouter(include_in_schema=False)
# the order in which overlapping records colour a piece of text: what still needs a person first
STATE_ORDER = ("extracted", "corrected", "added", "confirmed", "rejected")


@dataclass(frozen=True)
class Segment:
    """A piece of the plan's text and the targets and tasks whose quotes cover it (none: plain text)."""

    text: str
    targets: tuple[int, ...]
    tasks: tuple[int, ...]
    state: str | None
    task_state: str | None


def segments(text: str, targets: Sequence[TargetRecord], tasks: Sequence[TaskRecord]) -> list[Segment]:
    """The text cut at every quote's start and end, each piece with the records covering it."""
    spans = [(t.target.start, t.target.end, "target", t.id, t.review.state) for t in targets]
    spans += [(t.task.start, t.task.end, "task", t.id, t.review.state) for t in tasks]
    cuts = sorted({0, len(text), *(min(max(p, 0), len(text)) for s in spans for p in s[:2])})
    found = []
    for first, last in itertools.pairwise(cuts):
        covering = [s for s in spans if s[0] <= first and last <= s[1]]
        mine = tuple(s[3] for s in covering if s[2] == "target")
        theirs = tuple(s[3] for s in covering if s[2] == "task")
        found.append(Segment(text[first:last], mine, theirs, _first_state(s[4] for s in covering if s[2] == "target"),
                             _first_state(s[4] for s in covering if s[2] == "task")))
    return found


def _first_state(states: object) -> str | None:
    present = set(states)  # type: ignore[call-overload]
    return next((s for s in STATE_ORDER if s in present), None)


@router.get("/documents/{ident}/review", response_class=HTMLResponse)
@page
def review_page(request: Request, ident: str) -> Response:
    """The review of one plan version (administrators and the coordinators of its place)."""
    document_id = parse_id(ident)
    if document_id is None:
        t = translator(lang_of(request))
        raise UnknownDocument(t("error.no_record", what=t("what.document"), ident=ident))
    sheet = review_sheet(ledger_of(request), document_id, who_of(request))
    records = {"targets": {t.id: api_review.reviewed_target(t).model_dump() for t in sheet.targets},
               "tasks": {t.id: api_review.reviewed_task(t).model_dump() for t in sheet.tasks}}
    return render(request, "review.html", sheet=sheet, document=sheet.document,
                  pieces=segments(sheet.text, sheet.targets, sheet.tasks), records_json=_json(records),
                  labels_json=_json(script_labels(lang_of(request))))


def script_labels(lang: str) -> dict[str, object]:
    """The words the page's script writes (states, progress lines, dialog titles, messages) in `lang`."""
    t = translator(lang)
    return {"states": {s: t(f"review.state.{s}") for s in STATE_ORDER},
            "progress": {"targets": t("review.progress"), "tasks": t("review.task_progress")},
            "add": {"targets": t("review.add_target"), "tasks": t("review.add_task")},
            "edit": t("review.edit"), "saved": t("review.saved"), "failed": t("review.failed"),
            "selectFirst": t("review.select_first"), "selection": t("review.selection"), "lead": t("lead"),
            "confidence": t("review.confidence"), "comparators": {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}}


def _json(value: object) -> str:
    """JSON to sit inside a <script type="application/json"> block: no `<` that could end it."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")
