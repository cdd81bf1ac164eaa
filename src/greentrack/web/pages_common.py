"""What every dashboard page shares: the template environment, the language, the ledger, and error pages.

A page handler parses its arguments, makes one call into `greentrack.services`, and renders a
template with records (never SQL rows). Expected errors (a missing id, a bad filter) become an
HTML error page with the error's HTTP status, not a JSON body and never a traceback.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from greentrack.auth import allowed
from greentrack.errors import GreentrackError, UsageError
from greentrack.track.warnings import warning_message
from greentrack.web import i18n
from greentrack.web.context import ledger_of

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
# Everything a page loads comes from this server: the browser refuses anything else.
__all__ = ["CSP", "ENV", "as_of_of", "error_page", "lang_of", "ledger_of", "page", "parse_id", "render", "url_with"]
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def _number(value: float | None, digits: int = 4) -> str:
    """A figure for people: up to `digits` significant digits, — where there is none."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    return f"{value:.{digits}g}"


def _days_left(days: int | None, lang: str) -> str:
    """Days to a deadline for people: 逾期1071天 / 1071 days overdue rather than -1071."""
    if days is None:
        return "—"
    if days < 0:
        return i18n.label("days.overdue", lang, n=-days)
    return i18n.label("days.left", lang, n=days)


COMPARATORS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}


def _comparator(sign: str) -> str:
    """A comparator as people write it (≥ rather than >=)."""
    return COMPARATORS.get(sign, sign)


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(("html",)),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = _number
    env.filters["cmp"] = _comparator
    env.filters["warning_text"] = warning_message  # {{ w | warning_text(lang) }}: the message in the page's language
    env.filters["days_left"] = _days_left
    return env


ENV = _environment()


def lang_of(request: Request) -> str:
    """The page language: `?lang=` first, then the `lang` cookie, else Chinese."""
    return (i18n.normalise_lang(request.query_params.get("lang"))
            or i18n.normalise_lang(request.cookies.get(i18n.COOKIE)) or i18n.DEFAULT_LANG)


def as_of_of(request: Request) -> date | None:
    """The assessment date: `?as_of=YYYY-MM-DD`, else the one the app was started with, else None (today)."""
    text = request.query_params.get("as_of")
    if text:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise UsageError(f"as_of must be a date such as 2025-06-30, not {text!r}") from None
    return getattr(request.app.state, "as_of", None)


def url_with(request: Request, **changes: object) -> str:
    """This page's path with some query parameters changed (None removes one); `lang` is never carried."""
    params = {k: v for k, v in request.query_params.items() if k != "lang"}
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    query = urlencode(params)
    return request.url.path + (f"?{query}" if query else "")


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render a page in the request's language, with the labels, helpers and security headers every page needs."""
    response = HTMLResponse(ENV.get_template(template).render(_values(request, context)), status_code=status_code)
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    if request.query_params.get("lang") == lang_of(request):  # ?lang=en also sticks for the next pages
        response.set_cookie(i18n.COOKIE, lang_of(request), max_age=365 * 24 * 3600, samesite="lax")
    return response


def fragment(request: Request, template: str, **context: Any) -> Markup:
    """Part of a page rendered as `render` renders pages (what a page keeps and puts in with `{{ name }}`)."""
    return Markup(ENV.get_template(template).render(_values(request, context)))


def _values(request: Request, context: dict[str, Any]) -> dict[str, Any]:
    """What every template sees: the labels and helpers in the request's language, the user, and `context`."""
    lang = lang_of(request)
    return {
        "request": request, "lang": lang, "t": i18n.translator(lang),
        "status_label": lambda s: i18n.status_label(s, lang),
        "severity_label": lambda s: i18n.severity_label(s, lang),
        "dimension_label": lambda d: i18n.dimension_label(d, lang),
        "url_with": lambda **changes: url_with(request, **changes),
        "other_lang": "en" if lang == "zh" else "zh",
        # the signed-in user, the session's CSRF token for every form that POSTs, and what the role may do
        "me": getattr(request.state, "principal", None), "csrf_token": getattr(request.state, "csrf", ""),
        "can": lambda action: _may(request, action), **context,
    }


def _may(request: Request, action: str) -> bool:
    """Whether the request's user may take `action` (templates use it to leave out forms and links)."""
    found = getattr(request.state, "principal", None)
    return found is not None and allowed(found, action)


def error_page(request: Request, status_code: int, message: str) -> HTMLResponse:
    """An HTML page for an error, with its status code."""
    return render(request, "error.html", status_code=status_code, message=message, code=status_code)


def page(handler: Callable[..., Response]) -> Callable[..., Response]:
    """Turn the expected errors a page handler raises into an error page with the error's HTTP status."""

    @functools.wraps(handler)
    def wrapper(request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            return handler(request, *args, **kwargs)
        except GreentrackError as exc:
            return error_page(request, exc.http_status, exc.message)

    return wrapper


def parse_id(text: str) -> int | None:
    """A positive integer id from a path segment, else None (shown as not found)."""
    return int(text) if text.isdigit() and len(text) < 12 else None
