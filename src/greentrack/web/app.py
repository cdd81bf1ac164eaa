"""The app factory: one FastAPI app serving the REST API (/api/v1) and the dashboard pages.

Both layers reach the ledger through `ledger_of(request)` and call the same functions of
`greentrack.services`; the app owns the `Ledger` it opened and closes it on shutdown.
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from datetime import date
from pathlib import Path
from types import ModuleType

from fastapi import APIRouter, FastAPI, Request
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from greentrack.ledger.db import Ledger
from greentrack.services.ledger import open_ledger
from greentrack.web.errors import PageErrorRenderer

API_PREFIX = "/api/v1"


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


def _pages() -> ModuleType | None:
    """The dashboard's module, when present (it is built alongside the API)."""
    try:
        return importlib.import_module("greentrack.web.pages")
    except ModuleNotFoundError as exc:
        if exc.name != "greentrack.web.pages":
            raise  # a missing dependency inside the pages module is a real error
        return None


def _page_error(pages: ModuleType | None) -> PageErrorRenderer | None:
    """Errors outside /api/v1 rendered by the dashboard's `error_page(request, status, message)`, if it has one."""
    render = getattr(pages, "error_page", None)
    if render is None:
        return None
    return lambda request, status, _code, message: render(request, status, message)


def _analysis(module: str) -> APIRouter:
    """The router of the analyses' API routes or pages (imported late: they import this module)."""
    return importlib.import_module(f"greentrack.web.{module}").router


def create_app(ledger_or_url: Ledger | str | Path | None = None, warm_index: bool = False) -> FastAPI:
    """A FastAPI app over a ledger: a `Ledger`, a database URL, a SQLite path, or (None) the settings.

    `warm_index`: build today's target index in the background at start-up (`web.warm`; `serve` asks for it),
    once `app.state.listening()` is true when the server sets it.
    """
    from greentrack.web.api import api_router
    from greentrack.web.auth import GUARD, install_auth
    from greentrack.web.errors import install_error_handlers

    ledger, owned = _open(ledger_or_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if warm_index:
            from greentrack.web.warm import start_warm_up

            start_warm_up(ledger, getattr(_app.state, "listening", None))
        yield
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
    pages = _pages()
    install_error_handlers(app, _page_error(pages))
    install_auth(app)  # login and logout; 401 as the error shape or a redirect to /login
    # every API route and page is behind the login guard (docs/security.md), added to the routers as a whole
    app.include_router(api_router(), dependencies=GUARD)
    app.include_router(_analysis("api_analysis"), prefix=API_PREFIX, dependencies=GUARD)
    app.include_router(_analysis("api_auth"), prefix=API_PREFIX, dependencies=GUARD)
    app.mount(f"{API_PREFIX}/docs/assets", StaticFiles(directory=swagger_ui_path), name="api-docs-assets")
    if pages is not None:
        app.include_router(pages.router, dependencies=GUARD)
        app.include_router(_analysis("pages_analysis"), dependencies=GUARD)
        app.include_router(_analysis("pages_audit"), dependencies=GUARD)
    return app


def ledger_of(request: Request) -> Ledger:
    """The ledger the app serves (a FastAPI dependency for API routes and pages alike)."""
    return request.app.state.ledger


def serve(ledger_or_url: Ledger | str | Path | None, host: str = "127.0.0.1", port: int = 8000,
          as_of: date | None = None) -> None:
    """Serve the API and the dashboard with uvicorn until interrupted; `as_of` fixes the dashboard's date."""
    import uvicorn

    from greentrack.web.memory import limit_malloc_arenas

    limit_malloc_arenas()  # before uvicorn's threads (and the app's first allocations) start
    app = create_app(ledger_or_url, warm_index=True)
    app.state.as_of = as_of  # the pages assess on this date (None: today)
    # uvicorn.run's single-process path, keeping the server so the index warm-up can wait until it listens
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="info"))
    app.state.listening = lambda: server.started
    with suppress(KeyboardInterrupt):
        server.run()
    if not server.started:
        raise SystemExit(3)  # uvicorn's STARTUP_FAILURE, as uvicorn.run exits
