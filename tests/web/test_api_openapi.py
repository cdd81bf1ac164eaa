"""The OpenAPI document is served at /api/v1/openapi.json and describes every API route with its methods and the
one error shape; the docs page at /api/v1/docs loads Swagger UI from the server itself (the assets ship
in a wheel), so that no request leaves the server; the index says where things are.
"""

from __future__ import annotations

import re

from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from greentrack.web import create_app

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I)


def api_routes(app) -> set[tuple[str, str]]:
    """(method, path) of every documented API route of the app."""
    return {(method, context.path) for context in iter_route_contexts(app.routes)
            if isinstance(context.original_route, APIRoute) and context.path.startswith("/api/v1")
            and context.original_route.include_in_schema for method in context.methods}


def test_the_openapi_document_lists_every_api_route(api: TestClient, api_demo_db) -> None:
    response = api.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    assert document["info"]["title"] == "greentrack API"
    documented = {(method.upper(), path) for path, operations in document["paths"].items() for method in operations}
    routes = api_routes(create_app(api_demo_db))
    assert documented == routes
    assert {
        ("GET", "/api/v1/targets"), ("GET", "/api/v1/targets/{target_id}"), ("POST", "/api/v1/observations"),
        ("POST", "/api/v1/observations/import"), ("POST", "/api/v1/documents"), ("GET", "/api/v1/export"),
        ("GET", "/api/v1/comparisons/{indicator_id}"), ("GET", "/api/v1/status"), ("GET", "/api/v1/warnings"),
    } <= routes


def test_every_operation_documents_the_error_shape(api: TestClient) -> None:
    document = api.get("/api/v1/openapi.json").json()
    error_ref = "#/components/schemas/ErrorResponse"
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert responses["422"]["content"]["application/json"]["schema"]["$ref"] == error_ref, (method, path)
            assert responses["404"]["content"]["application/json"]["schema"]["$ref"] == error_ref, (method, path)
    assert set(document["components"]["schemas"]["ErrorBody"]["properties"]) == {"status", "code", "message",
                                                                                 "details"}
    assert "HTTPValidationError" not in document["components"]["schemas"]  # FastAPI's own shape is not used


def test_the_docs_page_loads_everything_from_the_server(api: TestClient) -> None:
    page = api.get("/api/v1/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert not EXTERNAL.search(page.text), "the docs page must not load anything from elsewhere"
    assert "validatorUrl: null" in page.text  # Swagger UI would send the document to an outside validator
    assets = re.findall(r"""(?:src|href)="([^"]+)\"""", page.text)
    assert sorted(assets) == ["docs/assets/swagger-ui-bundle.js", "docs/assets/swagger-ui.css"]
    for asset in assets:
        served = api.get(f"/api/v1/{asset}")
        assert served.status_code == 200 and len(served.content) > 100_000, asset


def test_the_index_says_where_things_are(api: TestClient) -> None:
    assert api.get("/api/v1").json() == {"name": "greentrack", "version": "1", "openapi": "/api/v1/openapi.json",
                                         "docs": "/api/v1/docs", "documents": 5}
