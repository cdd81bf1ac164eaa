"""Every API route of the app is reached by some test: the route table and the tests' coverage match.

The API clients of `tests/web` record each route they were routed to (conftest `API_HITS`); this check
runs after every other test of the session (the conftest moves it last) and names each route no test
reached. It only means something when the whole API suite ran, so a partial run skips it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.routing import APIRoute, iter_route_contexts

from greentrack.web import create_app

from .conftest import API_HITS

API_MODULES = {p.stem for p in Path(__file__).parent.glob("test_api_*.py")} - {Path(__file__).stem}


def test_every_api_route_is_exercised(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    ran = {Path(str(item.fspath)).stem for item in request.session.items}
    if not ran >= API_MODULES:
        pytest.skip(f"run all of {', '.join(sorted(API_MODULES))} for the route check")
    app = create_app(tmp_path / "empty.db")
    table = {(method, context.path, context.original_route.endpoint) for context in iter_route_contexts(app.routes)
             if isinstance(context.original_route, APIRoute) and context.path.startswith("/api/v1")
             for method in context.methods}
    assert len(table) >= 18
    missed = sorted(f"{method} {path}" for method, path, endpoint in table if (method, endpoint) not in API_HITS)
    assert missed == [], "API routes no test reaches"
