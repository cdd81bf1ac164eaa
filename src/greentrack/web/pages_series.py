"""The target page's forms on its series: a value corrected or withdrawn (with a reason), the reporting rule set.

Each posts (with the session's CSRF token), makes the one service call the API and the CLI make
(services/series.py) and goes back to the target page; a refusal shows the error page with its reason.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from greentrack.errors import UsageError
from greentrack.services import series
from greentrack.web.auth import who_of
from greentrack.web.pages_common import ledger_of, page, parse_id

router = APIRouter(include_in_schema=False)


def _ids(*texts: str) -> list[int]:
    found = [parse_id(text) for text in texts]
    if any(i is None for i in found):
        raise UsageError(f"not an id: {' / '.join(texts)}")
    return [i for i in found if i is not None]


def _back(target_id: int) -> Response:
    return RedirectResponse(f"/targets/{target_id}#series", status_code=303)


@router.post("/targets/{ident}/observations/{number}/correct")
@page
def correct(request: Request, ident: str, number: str, value: Annotated[str, Form()],
            reason: Annotated[str, Form()] = "", unit: Annotated[str, Form()] = "") -> Response:
    """Correct one value of the target's series."""
    target_id, observation_id = _ids(ident, number)
    try:
        written = float(value.strip().replace(",", ""))
    except ValueError:
        raise UsageError(f"“{value}”不是数字 is not a number") from None
    series.correct_observation(ledger_of(request), observation_id, written, reason, unit.strip() or None,
                               target_id, who_of(request))
    return _back(target_id)


@router.post("/targets/{ident}/observations/{number}/withdraw")
@page
def withdraw(request: Request, ident: str, number: str, reason: Annotated[str, Form()] = "") -> Response:
    """Withdraw one value of the target's series."""
    target_id, observation_id = _ids(ident, number)
    series.withdraw_observation(ledger_of(request), observation_id, reason, target_id, who_of(request))
    return _back(target_id)


@router.post("/targets/{ident}/reporting")
@page
def reporting(request: Request, ident: str, rule: Annotated[str, Form()]) -> Response:
    """Set the target's reporting rule (当年新增 · 累计 · default)."""
    [target_id] = _ids(ident)
    series.set_reporting(ledger_of(request), target_id, rule, who_of(request))
    return _back(target_id)
