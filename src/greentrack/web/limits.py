"""The request body's limit, enforced while the body is read: before anything of it reaches the form parser,
and so before anything of it is written to disk.

FastAPI parses a multipart body before any dependency runs — the login guard included — and Starlette spools
each uploaded file to a temporary file past 1 MB. So a body's size is checked here, in the outermost layer:
a declared `Content-Length` over `max_request_mb` is refused (413) without reading a byte, a body sent
without one is counted as it arrives and cut off at the limit, and a request with no credentials at all
(no `Authorization` header, no session cookie) to a path that needs a login is answered 401 unread.
`RequestBudget` gives each GET its time budget and stops its work when the client goes away.
Uploads up to the limit are kept in memory (the spool threshold is raised to the limit): nothing of a
request body is ever written to the server's disk.
"""

from __future__ import annotations

import asyncio
import json
import weakref
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartParser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from greentrack import config
from greentrack.ledger.budget import Budget, budgeted
from greentrack.web.auth import SESSION_COOKIE, public_path
from greentrack.web.context import API_PREFIX
from greentrack.web.errors import error_body

_MB = 1024 * 1024
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def request_limit() -> int:
    """The largest request body read, in bytes (`max_request_mb`)."""
    return int(float(config.get("max_request_mb")) * _MB)


class BodyLimit:
    """ASGI middleware: 413 for a body over the limit, 401 (a page: the login) for a credential-less body on a
    guarded path."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        MultiPartParser.spool_max_size = max(MultiPartParser.spool_max_size, request_limit())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        limit = request_limit()
        headers = {name.lower(): value for name, value in scope["headers"]}
        declared = headers.get(b"content-length", b"").strip()
        if declared.isdigit() and int(declared) > limit:
            await _refuse(scope, send, 413, "too_large", _too_large(int(declared), limit))
            return
        if not public_path(scope["path"]) and b"authorization" not in headers \
                and f"{SESSION_COOKIE}=".encode() not in headers.get(b"cookie", b""):
            await _refuse(scope, send, 401, "unauthorized", "请先登录 log in first — the body was not read")
            return
        await self.app(scope, _counting(receive, limit), send)


def _counting(receive: Receive, limit: int) -> Receive:
    received = 0

    async def counted() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:  # FastAPI passes an HTTPException raised while parsing the body on as it is
                raise HTTPException(413, _too_large(received, limit))
        return message

    return counted


def _too_large(size: int, limit: int) -> str:
    return (f"请求过大 the request body is larger than {limit / _MB:g} MB ({size / _MB:.1f} MB or more; setting "
            "max_request_mb) — refused while it was read, nothing of it was stored")


async def _refuse(scope: Scope, send: Send, status: int, code: str, message: str) -> None:
    """Answer at once, in the API's error shape under /api/v1 and as plain text elsewhere (a page without a
    login: the way to the login form); the connection is closed, so the body left unread is never read."""
    path = scope["path"]
    api = path == API_PREFIX or path.startswith(API_PREFIX + "/")
    if api:
        body, kind = json.dumps(error_body(status, code, message), ensure_ascii=False).encode(), b"application/json"
    else:
        body, kind = message.encode(), b"text/plain; charset=utf-8"
    headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode()), (b"connection", b"close")]
    if status == 401 and api:
        headers.append((b"www-authenticate", b"Bearer"))
    elif status == 401:
        status = 303
        headers.append((b"location", f"/login?next={quote(path, safe='/')}".encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


ACTIVE: weakref.WeakSet[Budget] = weakref.WeakSet()  # the budgets of requests in flight (shutdown cancels them)


class RequestBudget:
    """ASGI middleware: each GET runs under a `Budget` — `request_seconds` to answer (503 with the reason past
    it, at the next page of rows) and cancelled when the client disconnects, so a request nobody waits for
    stops using the CPU. The budget reaches the worker thread of a sync route through the request's context."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        seconds = float(config.get("request_seconds"))
        budget = Budget(seconds if seconds > 0 else None)
        ACTIVE.add(budget)
        messages: asyncio.Queue[Message] = asyncio.Queue()

        async def watch() -> None:  # the only reader of `receive`: a disconnect arrives here while the route runs
            while True:
                message = await receive()
                await messages.put(message)
                if message["type"] == "http.disconnect":
                    budget.cancel()
                    return

        watcher = asyncio.create_task(watch())
        try:
            with budgeted(budget):
                await self.app(scope, messages.get, send)
        finally:
            watcher.cancel()
            ACTIVE.discard(budget)


def cancel_requests() -> None:
    """Stop the work of every request in flight (the server is shutting down)."""
    for budget in list(ACTIVE):
        budget.cancel()
