"""The app factory: one FastAPI app serving the REST API (/api/v1) and the dashboard pages.

Both layers reach the ledger through `ledger_of(request)` and call the same functions of
`greentrack.services`; the app owns the `Ledger` it opened and closes it on shutdown.
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request

from greentrack import services
from greentrack.ledger.db import Ledger

API_PREFIX = "/api/v1"


def _open(source: Ledger | str | Path | None) -> tuple[Ledger, bool]:
    """The ledger to serve and whether the app opened it (and so must close it)."""
    if isinstance(source, Ledger):
        return source, False
    if source is None:
        return services.open_ledger(), True
    text = str(source)
    if "://" in text:
        return services.open_ledger(url=text), True
    return services.open_ledger(db=text), True


def _pages_router() -> APIRouter | None:
    """The dashboard's router, when that module is present (it is built alongside the API)."""
    try:
        module = importlib.import_module("greentrack.web.pages")
    except ModuleNotFoundError as exc:
        if exc.name != "greentrack.web.pages":
            raise  # a missing dependency inside the pages module is a real error
        return None
    return getattr(module, "router", None)


def create_app(ledger_or_url: Ledger | str | Path | None = None) -> FastAPI:
    """A FastAPI app over a ledger: a `Ledger`, a database URL, a SQLite path, or (None) the settings."""
    from greentrack.web.api import router as api_router
    from greentrack.web.errors import install_error_handlers

    ledger, owned = _open(ledger_or_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
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
    install_error_handlers(app)
    app.include_router(api_router, prefix=API_PREFIX)
    pages = _pages_router()
    if pages is not None:
        app.include_router(pages)
    return app


def ledger_of(request: Request) -> Ledger:
    """The ledger the app serves (a FastAPI dependency for API routes and pages alike)."""
    return request.app.state.ledger
