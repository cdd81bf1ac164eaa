"""Fixtures of the API tests: a copy of the demo ledger per module, a client that records which API routes it reached.

`API_HITS` gathers (method, endpoint) of every API route a test request was routed to, across the
modules of the session; `test_api_routes.py` compares it with the app's route table and runs last.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from auth.clients import signed_in
from greentrack.web import create_app

API_HITS: set[tuple[str, Callable[..., Any]]] = set()
ROUTE_CHECK = "test_every_api_route_is_exercised"


class RouteRecorder:
    """An ASGI wrapper noting the API route each request was routed to (FastAPI puts it in the scope)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        try:
            await self.app(scope, receive, send)
        finally:
            route = scope.get("route")
            if scope["type"] == "http" and isinstance(route, APIRoute):
                API_HITS.add((scope["method"], route.endpoint))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The route-coverage check runs after every other test, whatever the order of collection."""
    items.sort(key=lambda item: item.name == ROUTE_CHECK)


@pytest.fixture(scope="module")
def api_demo_db(copy_demo_ledger: Callable[[Path], Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The module's own copy of the session's demo ledger (the seed plans and 示例数据)."""
    return copy_demo_ledger(tmp_path_factory.mktemp("api-demo"))


@pytest.fixture(scope="module")
def api(api_demo_db: Path) -> Iterator[TestClient]:
    """A client of the app over the module's demo ledger, for tests that only read (signed in as administrator)."""
    with TestClient(RouteRecorder(create_app(api_demo_db))) as client:
        yield signed_in(client, api_demo_db)


@pytest.fixture
def api_writable(demo_ledger_copy: Path) -> Iterator[TestClient]:
    """A client over a private copy of the demo ledger, for tests that write."""
    with TestClient(RouteRecorder(create_app(demo_ledger_copy))) as client:
        yield signed_in(client, demo_ledger_copy)
