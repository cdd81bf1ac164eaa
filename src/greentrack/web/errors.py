"""One JSON error shape for every API error: `{"error": {"status", "code", "message", "details"}}`.

A `GreentrackError` answers with its own `http_status`, `code` and message (the words the CLI
prints after `Error:`); a request that fails validation answers 422 with one detail per field
(`field`, `location`, `reason`); an HTTP error of the framework (unknown route, wrong method)
keeps its status under a code named after it; anything unexpected is a 500 that says no more
than that. Paths outside /api/v1 are answered by the dashboard's error page instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from greentrack.errors import GreentrackError, ImportRejected, InvalidField, LedgerDataError, UnknownDepartment
from greentrack.ledger.intake_read import header_field
from greentrack.web.context import API_PREFIX

HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 406: "not_acceptable", 409: "conflict", 413: "too_large",
              415: "unsupported_media_type", 422: "validation_error", 429: "too_many_requests"}
# (request, status, code, message) -> a response for a page outside the API (an HTML error page)
PageErrorRenderer = Callable[[Request, int, str, str], Response]
log = logging.getLogger("greentrack.web")


def error_body(status: int, code: str, message: str, details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The one shape every API error takes."""
    return {"error": {"status": status, "code": code, "message": message, "details": details or []}}


def greentrack_details(exc: GreentrackError) -> list[dict[str, Any]]:
    """What an error knows beyond its message: every row problem of a rejected import, close names …"""
    if isinstance(exc, ImportRejected):
        return [problem_detail(problem) for problem in exc.problems]
    if isinstance(exc, LedgerDataError):
        return [{"row": exc.row, "column": exc.column, "reason": exc.reason}]
    if isinstance(exc, InvalidField):
        return [{"field": exc.field, "location": "body", "reason": exc.reason, "suggestions": exc.suggestions}]
    if isinstance(exc, UnknownDepartment):
        return [{"field": "department", "reason": exc.message, "suggestions": exc.close}]
    return []


def problem_detail(problem: Any) -> dict[str, Any]:
    """A row problem of a reporting sheet (or a one-row entry) as a detail naming its field."""
    return {"field": header_field(problem.header) or "", "row": problem.row, "column": problem.column,
            "header": problem.header, "reason": problem.reason, "reason_en": problem.reason_en}


def validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    """One detail per invalid field: its name (dotted inside a body), where it was sent, and why."""
    details = []
    for error in exc.errors():
        location, *path = error.get("loc", ()) or ("request",)
        field = ".".join(str(part) for part in path) or str(location)
        details.append({"field": field, "location": str(location), "reason": error.get("msg", "invalid"),
                        "type": error.get("type", "")})
    return details


def _is_api(request: Request) -> bool:
    return request.url.path == API_PREFIX or request.url.path.startswith(API_PREFIX + "/")


def install_error_handlers(app: FastAPI, page_error: PageErrorRenderer) -> None:
    """Register the handlers that turn every error into the one JSON shape under /api/v1 (and into the page
    renderer's answer elsewhere)."""

    def answer(request: Request, status: int, code: str, message: str,
               details: list[dict[str, Any]] | None = None, headers: dict[str, str] | None = None) -> Response:
        if not _is_api(request):
            return page_error(request, status, code, message)
        return JSONResponse(error_body(status, code, message, details), status_code=status, headers=headers)

    async def on_greentrack(request: Request, exc: GreentrackError) -> Response:
        return answer(request, exc.http_status, exc.code, exc.message, greentrack_details(exc))

    async def on_validation(request: Request, exc: RequestValidationError) -> Response:
        details = validation_details(exc)
        named = "; ".join(f"{d['field']}: {d['reason']}" for d in details)
        return answer(request, 422, "validation_error", f"invalid request — {named}", details)

    async def on_http(request: Request, exc: HTTPException) -> Response:
        code = HTTP_CODES.get(exc.status_code, "http_error")
        message = exc.detail if isinstance(exc.detail, str) else code
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such resource: {request.url.path} — the routes are listed at {API_PREFIX}/docs"
        elif exc.status_code == 405:
            allowed = (getattr(exc, "headers", None) or {}).get("Allow", "")
            message = f"{request.method} is not allowed on {request.url.path} — use {allowed or 'another method'}"
        return answer(request, exc.status_code, code, message, headers=getattr(exc, "headers", None))

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        return answer(request, 500, "internal_error", "internal error — the server log has the details")

    # each handler takes the class it is registered for (Starlette dispatches on the exception's class)
    app.add_exception_handler(GreentrackError, on_greentrack)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, on_validation)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, on_http)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, on_unexpected)
