"""The app factory: one FastAPI app serving the REST API (/api/v1) and the dashboard pages.

Both layers reach the ledger through `context.ledger_of(request)` and call the same functions of
`greentrack.services`; the app owns the `Ledger` it opened and closes it on shutdown.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.routing import BaseRoute
from swagger_ui_bundle import swagger_ui_path

from greentrack.ledger.db import Ledger
from greentrack.services.ledger import open_ledger
from greentrack.web import (
    api_analysis,
    api_auth,
    api_compare,
    api_cycles,
    api_docs,
    api_documents,
    api_jobs,
    api_observations,
    api_report_edit,
    api_review,
    api_series,
    api_status,
    api_supervision,
    api_targets,
    api_tasks,
    pages,
    pages_analysis,
    pages_audit,
)
from greentrack.web.api import ERRORS, ids_in_range
from greentrack.web.auth import GUARD, install_auth
from greentrack.web.context import API_PREFIX
from greentrack.web.errors import install_error_handlers
from greentrack.web.limits import BodyLimit, RequestBudget, cancel_requests
from greentrack.web.schemas import ApiIndex


def _open(source: Ledger | str | Path | None) -> tuple[Ledger, bool]:
    """The ledger to serve and whether the app opened it (and so must close it)."""
    if isinstance(source, Ledger):
        return source, False
    if source is None:
        return open_ledger(), True
    text = str(source)
    if "://" in text:
        return open_ledger(url=text), True
    return open_ledger(db=text), True


def api_router() -> APIRouter:
    """Every API route under /api/v1, gathered from the per-noun modules."""
    router = APIRouter(prefix=API_PREFIX, responses=ERRORS, dependencies=[Depends(ids_in_range)])
    # the index sits at the prefix itself, which an included router cannot declare
    router.add_api_route("", api_docs.index, response_model=ApiIndex, summary="Index of the API",
                         tags=["about 说明"])
    for module in (api_docs, api_documents, api_jobs, api_targets, api_review, api_observations, api_series,
                   api_status, api_compare, api_tasks, api_cycles, api_supervision, api_report_edit):
        router.include_router(module.router)
    return router


def create_app(ledger_or_url: Ledger | str | Path | None = None, warm_index: bool = False) -> FastAPI:
    """A FastAPI app over a ledger: a `Ledger`, a database URL, a SQLite path, or (None) the settings.

    `warm_index`: build today's target index in the background at start-up (`web.warm`; `serve` asks for it),
    once `app.state.listening()` is true when the server sets it.
    """
    ledger, owned = _open(ledger_or_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if warm_index:
            from greentrack.web.warm import start_warm_up

            start_warm_up(ledger, getattr(_app.state, "listening", None))
        yield
        cancel_requests()  # work still running for a request stops at its next page of rows
        if owned:
            ledger.close()

    app = FastAPI(
        title="greentrack API",
        summary="绿色发展规划目标台账 (ledger of green-development plan commitments)",
        version="1",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # the Swagger page is served from local assets in api_docs, never from a CDN
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.ledger = ledger
    app.add_middleware(RequestBudget)  # a GET's time budget, and its work stopped when the client goes away
    app.add_middleware(BodyLimit)  # the outermost layer: a body's size is known before anything parses it
    # errors outside /api/v1 are rendered as the dashboard's error page
    install_error_handlers(app, lambda request, status, _code, message: pages.error_page(request, status, message))
    install_auth(app)  # login and logout; 401 as the error shape or a redirect to /login
    app.router.routes.extend(_routes())
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


@cache
def _routes() -> tuple[BaseRoute, ...]:
    """Every API route and page, built once per process and shared by its apps: FastAPI works out an included
    router's models and dependencies on an app's first request (0.4 s), and no app's state lives in a route (the
    ledger is `app.state`'s; dependency overrides, which would be the app's, are not used)."""
    root = APIRouter()
    # every API route and page is behind the login guard (docs/security.md), added to the routers as a whole
    root.include_router(api_router(), dependencies=GUARD)
    root.include_router(api_analysis.router, prefix=API_PREFIX, dependencies=GUARD)
    root.include_router(api_auth.router, prefix=API_PREFIX, dependencies=GUARD)
    root.mount(f"{API_PREFIX}/docs/assets", StaticFiles(directory=swagger_ui_path), name="api-docs-assets")
    root.include_router(pages.router, dependencies=GUARD)
    root.include_router(pages_analysis.router, dependencies=GUARD)
    root.include_router(pages_audit.router, dependencies=GUARD)
    return tuple(root.routes)


_OPENAPI: dict[str, Any] = {}


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document, the same for every app of the process (the same routes and title): made once."""
    if not _OPENAPI:
        _OPENAPI.update(FastAPI.openapi(app))
    app.openapi_schema = _OPENAPI
    return _OPENAPI


SHUTDOWN_SECONDS = 3  # how long requests in flight may go on after SIGTERM


def serve(ledger_or_url: Ledger | str | Path | None, host: str = "127.0.0.1", port: int = 8000,
          as_of: date | None = None) -> None:
    """Serve the API and the dashboard with uvicorn until interrupted; `as_of` fixes the dashboard's date."""
    import uvicorn

    from greentrack.web.memory import limit_malloc_arenas

    limit_malloc_arenas()  # before uvicorn's threads (and the app's first allocations) start
    app = create_app(ledger_or_url, warm_index=True)
    app.state.as_of = as_of  # the pages assess on this date (None: today)
    # uvicorn.run's single-process path, keeping the server so the index warm-up can wait until it listens
    # SIGTERM: stop accepting, give requests in flight SHUTDOWN_SECONDS, then cancel them (their work stops at
    # its next page of rows) — the process ends within 10 s however heavy a request was
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="info",
                                           timeout_graceful_shutdown=SHUTDOWN_SECONDS))
    app.state.listening = lambda: server.started
    with suppress(KeyboardInterrupt):
        server.run()
    if not server.started:
        raise SystemExit(3)  # uvicorn's STARTUP_FAILURE, as uvicorn.run exits
