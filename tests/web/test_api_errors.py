"""Every API error has one JSON shape: `{"error": {"status", "code", "message", "details"}}` with the HTTP status
repeated in the body — for greentrack's own errors (their http_status, code and message), for invalid
requests (422, one detail per field with where it was sent and why), for the framework's HTTP errors
(unknown route, wrong method) and for an unexpected failure (500, no traceback). Paths outside the
API are left to the dashboard's error page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from auth.clients import signed_in
from greentrack.errors import (
    DuplicateObservation,
    FileTooLarge,
    GreentrackError,
    LedgerDataError,
    LedgerError,
    UnknownDepartment,
    UsageError,
)
from greentrack.web import create_app

SHAPE = {"status", "code", "message", "details"}


def assert_shape(response, status: int, code: str) -> dict:
    """The one shape, with the status in the body equal to the response's."""
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == SHAPE
    assert (body["error"]["status"], body["error"]["code"]) == (status, code)
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]


@pytest.fixture(scope="module")
def raising_app(api_demo_db: Path) -> FastAPI:
    """The app with test-only routes that raise, so that each kind of failure can be provoked."""
    app = create_app(api_demo_db)
    failures: dict[str, Exception] = {
        "usage": UsageError("--format docx is not a format — use xlsx, csv or json"),
        "too-large": FileTooLarge("plan.pdf", "larger than 20 MB (setting max_file_mb)"),
        "duplicate": DuplicateObservation("indicator:370828:green_space_rate already has a value for 2024"),
        "ledger": LedgerError("cannot open the ledger at sqlite:///x.db: disk I/O error"),
        "cell": LedgerDataError("data.csv", 7, "D", "not a number"),
        "department": UnknownDepartment("县住建", ["金乡县住房和城乡建设局"]),
        "bug": RuntimeError("a bug with a secret path /srv/greentrack/x.py"),
    }
    for name, exc in failures.items():
        app.add_api_route(f"/api/v1/test-failures/{name}", _raiser(exc), include_in_schema=False)
    return app


def _raiser(exc: Exception) -> Callable[[], None]:
    def boom() -> None:
        raise exc

    return boom


@pytest.fixture(scope="module")
def raising(raising_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(raising_app, raise_server_exceptions=False) as client:
        yield signed_in(client, raising_app.state.ledger)


@pytest.mark.parametrize(("name", "error"), [
    ("usage", UsageError), ("too-large", FileTooLarge), ("duplicate", DuplicateObservation),
    ("ledger", LedgerError), ("cell", LedgerDataError), ("department", UnknownDepartment),
])
def test_a_greentrack_error_answers_with_its_status_code_and_message(raising: TestClient, name: str,
                                                                     error: type[GreentrackError]) -> None:
    found = assert_shape(raising.get(f"/api/v1/test-failures/{name}"), error.http_status, error.code)
    assert found["message"] == {
        "usage": "--format docx is not a format — use xlsx, csv or json",
        "too-large": "cannot read plan.pdf: larger than 20 MB (setting max_file_mb)",
        "duplicate": "indicator:370828:green_space_rate already has a value for 2024",
        "ledger": "cannot open the ledger at sqlite:///x.db: disk I/O error",
        "cell": "data.csv row 7 column D: not a number",
        "department": "unknown department '县住建' — did you mean: 金乡县住房和城乡建设局?",
    }[name]


def test_details_of_errors_that_know_more(raising: TestClient) -> None:
    cell = raising.get("/api/v1/test-failures/cell").json()["error"]
    assert cell["details"] == [{"row": 7, "column": "D", "reason": "not a number"}]
    department = raising.get("/api/v1/test-failures/department").json()["error"]
    assert department["details"] == [{"field": "department", "suggestions": ["金乡县住房和城乡建设局"],
                                      "reason": "unknown department '县住建' — did you mean: 金乡县住房和城乡建设局?"}]


def test_an_unexpected_failure_is_a_500_that_tells_nothing_of_the_inside(raising: TestClient) -> None:
    found = assert_shape(raising.get("/api/v1/test-failures/bug"), 500, "internal_error")
    assert found == {"status": 500, "code": "internal_error", "details": [],
                     "message": "internal error — the server log has the details"}


def test_invalid_query_path_and_body_name_the_field_and_where_it_was_sent(api: TestClient) -> None:
    query = assert_shape(api.get("/api/v1/targets", params={"limit": "many"}), 422, "validation_error")
    assert query["details"] == [{"field": "limit", "location": "query", "type": "int_parsing",
                                 "reason": "Input should be a valid integer, unable to parse string as an integer"}]
    assert query["message"] == ("invalid request — limit: Input should be a valid integer, "
                                "unable to parse string as an integer")
    path = assert_shape(api.get("/api/v1/targets/x1"), 422, "validation_error")
    assert [(d["field"], d["location"]) for d in path["details"]] == [("target_id", "path")]
    body = assert_shape(api.post("/api/v1/observations", json={"period": 2024}), 422, "validation_error")
    assert [(d["field"], d["location"], d["reason"]) for d in body["details"]] == [
        ("target_id", "body", "Field required"), ("value", "body", "Field required")]


def test_several_invalid_fields_are_all_reported(api: TestClient) -> None:
    found = assert_shape(api.get("/api/v1/targets", params={"limit": 0, "offset": -5, "status": "late"}),
                         422, "validation_error")
    assert [d["field"] for d in found["details"]] == ["status", "limit", "offset"]


def test_a_rejected_entry_lists_its_problems_by_field_row_and_reason(api: TestClient) -> None:
    entry = {"target_id": 13, "period": "二〇二四", "value": 98, "unit": "%", "source": "年报"}
    found = assert_shape(api.post("/api/v1/observations", json=entry), 422, "import_rejected")
    assert found["details"] == [{
        "field": "period", "row": 2, "column": "B", "header": "期间 period",
        "reason": "期间“二〇二四”格式不对，应为年份（2024）或年月（2024-06）",
        "reason_en": "malformed period; write YYYY or YYYY-MM"}]


def test_unknown_route_and_wrong_method(api: TestClient) -> None:
    missing = assert_shape(api.get("/api/v1/plans"), 404, "not_found")
    assert missing["message"] == "no such resource: /api/v1/plans — the routes are listed at /api/v1/docs"
    wrong = api.delete("/api/v1/targets/1")
    assert assert_shape(wrong, 405, "method_not_allowed")["message"] == (
        "DELETE is not allowed on /api/v1/targets/1 — use GET")
    assert wrong.headers["allow"] == "GET"


def test_errors_outside_the_api_are_the_dashboards_pages(api: TestClient) -> None:
    response = api.get("/no-such-page")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
