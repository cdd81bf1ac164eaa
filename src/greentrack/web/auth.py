"""Who is asking: API tokens (Bearer) and dashboard sessions (a cookie), CSRF, login and logout.

`require_user` guards every API route and every page (`create_app` puts it on their routers, so a
route added later cannot forget it) and hands the handler the `Principal` the services check. A
request signed in by cookie that changes something (POST …) must also carry the session's CSRF
token, in the `csrf_token` form field or the `X-CSRF-Token` header; a Bearer request needs none,
since a browser never adds that header on its own. Without a login the API answers 401 in the one
error shape and a page sends the browser to /login.
"""

from __future__ import annotations

import threading
import time
from typing import Annotated
from urllib.parse import quote

import anyio
from fastapi import APIRouter, Depends, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy import func, select
from starlette.concurrency import run_in_threadpool

from greentrack import config
from greentrack.auth import REPORTER, Principal
from greentrack.auth.secrets import new_token, same, token_hash
from greentrack.errors import Forbidden, LoginThrottled, NotAuthenticated, ServerBusy
from greentrack.ledger.db import Ledger
from greentrack.ledger.schema import AuditRow
from greentrack.services import users
from greentrack.web import i18n
from greentrack.web.context import API_PREFIX, ledger_of
from greentrack.web.errors import error_body

SESSION_COOKIE = "greentrack_session"
LOGIN_COOKIE = "greentrack_login"  # the login form's own CSRF token (double submit: cookie = field)
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Reachable without a login: the login page, the language switch, static files, the API's docs page.
PUBLIC_PREFIXES = ("/login", "/lang/", "/static/")
PUBLIC_PATHS = frozenset({f"{API_PREFIX}/docs"})

def public_path(path: str) -> bool:
    """Whether a path is reachable without a login."""
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def _public(request: Request) -> bool:
    return public_path(request.url.path)


def _authenticate(request: Request) -> tuple[Principal, str | None]:
    """(the user, the session's CSRF token — None for a Bearer token); NotAuthenticated when neither is valid."""
    ledger = ledger_of(request)
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, token = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NotAuthenticated("Authorization must read `Bearer <token>` — create a token with "
                                   "`greentrack user token NAME`")
        return _token_principal(ledger, token.strip()), None
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        return users.session_principal(ledger, cookie)
    raise NotAuthenticated("请先登录 log in first — send `Authorization: Bearer <token>` (`greentrack user token "
                           "NAME`) or log in at /login")


def _token_principal(ledger: Ledger, token: str) -> Principal:
    """`services.users.token_principal`, kept per token hash for TOKEN_SECONDS while no audited change is made.

    Every change to a user or a token (create, disable, password, revoke) writes an audit row, so one
    look at the newest audit id (a primary-key max) tells whether a kept principal may still be used: a
    revoked token is refused at once, and a reporter's scope is read again after a few seconds at most.
    """
    key = (ledger.url, token_hash(token))
    audited = _newest_audit(ledger)
    with _TOKENS_LOCK:
        found = _TOKENS.get(key)
    if found is not None and found[1] == audited and time.monotonic() - found[2] < TOKEN_SECONDS:
        return found[0]
    principal = users.token_principal(ledger, token)  # NotAuthenticated is never kept
    with _TOKENS_LOCK:
        if len(_TOKENS) >= TOKENS_KEPT:
            _TOKENS.clear()
        _TOKENS[key] = (principal, audited, time.monotonic())
    return principal


def _newest_audit(ledger: Ledger) -> int:
    with ledger.engine.connect() as connection:  # core, not a session: the cheapest read there is
        return connection.scalar(_NEWEST_AUDIT) or 0


TOKEN_SECONDS = 5.0
TOKENS_KEPT = 10_000
_TOKENS: dict[tuple[str, str], tuple[Principal, int, float]] = {}  # (ledger, token hash) → (who, audit id, when)
_TOKENS_LOCK = threading.Lock()
_NEWEST_AUDIT = select(func.max(AuditRow.id))


async def _sent_csrf(request: Request) -> str:
    """The CSRF token a request carries: the header, else the form field."""
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    kind = request.headers.get("content-type", "")
    if kind.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        value = (await request.form()).get(CSRF_FIELD)  # starlette keeps the parsed form for the handler
        return value if isinstance(value, str) else ""
    return ""


async def require_user(request: Request) -> Principal | None:
    """The signed-in user (None only on the public paths); NotAuthenticated without a login, Forbidden on a bad
    CSRF token."""
    if _public(request):
        return None
    found = getattr(request.state, "principal", None)
    if found is not None:
        return found
    principal, csrf = await run_in_threadpool(_authenticate, request)
    if csrf is not None and request.method not in SAFE_METHODS:
        sent = await _sent_csrf(request)
        if not sent or not same(sent, csrf):
            raise Forbidden("CSRF 校验失败 the form's security token is missing or wrong — reload the page and "
                            "submit again")
    request.state.principal = principal
    request.state.csrf = csrf or ""
    return principal


def who_of(request: Request) -> Principal:
    """The user `require_user` found for this request (pages call it; API routes take `Who`)."""
    found = getattr(request.state, "principal", None)
    if found is None:
        raise NotAuthenticated("请先登录 log in first")
    return found


async def _who(request: Request) -> Principal:
    found = await require_user(request)
    if found is None:
        raise NotAuthenticated("请先登录 log in first")
    return found


Who = Annotated[Principal, Depends(_who)]
GUARD = [Depends(require_user)]  # the dependency create_app puts on the API's and the pages' routers


def _secure(request: Request) -> bool:
    mode = str(config.get("cookie_secure")).strip().lower()
    if mode == "always":
        return True
    if mode == "never":
        return False
    return request.url.scheme == "https"


def _next_path(text: str | None) -> str:
    """Only a path on this server: never send a browser elsewhere after login."""
    return text if text and text.startswith("/") and not text.startswith("//") and "\\" not in text else "/"


# ---------------------------------------------------------------- login and logout

router = APIRouter(include_in_schema=False)


def _login_page(request: Request, status_code: int = 200, message: str | None = None,
                next_path: str = "/") -> Response:
    from greentrack.web.pages_common import render

    token = new_token()
    state = request.app.state
    if not hasattr(state, "demo_accounts"):  # checked once per server: the ledger's users change only by the CLI
        from greentrack.services.users import demo_accounts

        state.demo_accounts = demo_accounts(state.ledger)
    response = render(request, "login.html", status_code=status_code, message=message, next_path=next_path,
                      login_token=token, demo_accounts=state.demo_accounts)
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", secure=_secure(request),
                        max_age=3600, path="/login")
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> Response:
    """The login form."""
    return _login_page(request, next_path=_next_path(next))


@router.post("/login")
async def login(request: Request, name: Annotated[str, Form()], password: Annotated[str, Form()],
                csrf_token: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/") -> Response:
    """Check the name and password, open a session (HttpOnly, SameSite=Lax cookie) and go on to `next`.

    At most `login_concurrency` password checks run at once (each argon2id check takes 64 MB and ~0.2 s of a
    core); the others wait here without holding a thread, and past `login_queue` waiting a login gets 503."""
    from greentrack.web.pages_common import lang_of

    lang = lang_of(request)
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not same(csrf_token, expected):
        return _login_page(request, 403, i18n.label("login.csrf", lang), _next_path(next))
    address = request.client.host if request.client else "unknown"
    try:
        done = await _checked(request, name, password, address)
    except NotAuthenticated:
        return _login_page(request, 401, i18n.label("login.failed", lang), _next_path(next))
    except (LoginThrottled, ServerBusy) as exc:
        page = _login_page(request, exc.http_status, exc.message, _next_path(next))
        page.headers["Retry-After"] = str(int(getattr(exc, "seconds", 5)))
        return page
    landing = _next_path(next)
    if landing == "/" and done.principal.role == REPORTER:
        landing = "/my"  # a department reporter starts on its own work (我的工作), not the whole ledger's overview
    response = RedirectResponse(landing, status_code=303)
    hours = float(config.get("session_hours"))
    response.set_cookie(SESSION_COOKIE, done.cookie, max_age=int(hours * 3600), httponly=True, samesite="lax",
                        secure=_secure(request), path="/")
    response.delete_cookie(LOGIN_COOKIE, path="/login")
    return response


async def _checked(request: Request, name: str, password: str, address: str) -> users.Login:
    """`users.login` on a worker thread, at most `login_concurrency` at once (per app: a limiter belongs to the
    event loop that made it, and an app is served by one loop)."""
    state = request.app.state
    if getattr(state, "password_checks", None) is None:
        state.password_checks = anyio.CapacityLimiter(max(1, int(config.get("login_concurrency"))))
        state.logins_waiting = 0
    if state.logins_waiting >= int(config.get("login_queue")):
        raise ServerBusy("登录请求过多 too many logins at once — retry in a few seconds")
    state.logins_waiting += 1
    try:
        return await anyio.to_thread.run_sync(users.login, ledger_of(request), name, password, address,
                                              limiter=state.password_checks)
    finally:
        state.logins_waiting -= 1


@router.post("/logout", dependencies=GUARD)
def logout(request: Request) -> Response:
    """End the session (the CSRF token is checked by the guard) and go to the login page."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        users.logout(ledger_of(request), cookie)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def install_auth(app: FastAPI) -> None:
    """Answer NotAuthenticated: 401 in the API's error shape, a redirect to /login for a page; add login/logout."""

    async def on_unauthenticated(request: Request, exc: NotAuthenticated) -> Response:
        path = request.url.path
        if path == API_PREFIX or path.startswith(API_PREFIX + "/"):
            return JSONResponse(error_body(401, exc.code, exc.message), status_code=401,
                                headers={"WWW-Authenticate": "Bearer"})
        target = path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='/')}", status_code=303)

    app.add_exception_handler(NotAuthenticated, on_unauthenticated)  # type: ignore[arg-type]
    app.include_router(router)
