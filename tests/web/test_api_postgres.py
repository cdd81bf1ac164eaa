"""The API over a PostgreSQL ledger answers as it does over the SQLite demo: the same seed plans and 示例数据
give the same status counts, the same filtered page and the same target, and an entry and a rejected
sheet behave alike (written and audited, or nothing written). PostgreSQL comes from tests/conftest.py (`pg_url`):
when it cannot be reached the test is skipped — failed under CI.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from auth.clients import WAIT_FOR_JOBS, signed_in
from greentrack.ledger.db import Ledger
from greentrack.ledger.demo import load_observations
from greentrack.services.documents import sample_paths
from greentrack.services.ingest import ingest_plans
from greentrack.services.ledger import open_ledger
from greentrack.web import create_app

from .conftest import RouteRecorder

AS_OF = "2025-06-30"


@pytest.fixture(scope="module")
def pg_ledger(pg_module_schema_url: str) -> Iterator[Ledger]:
    """The demo (seed plans and 示例数据) in a fresh PostgreSQL schema (tests/conftest.py), dropped afterwards."""
    ledger = open_ledger(url=pg_module_schema_url)
    try:
        outcomes = list(ingest_plans(ledger, sample_paths(), actor="demo"))
        assert all(o.error is None for o in outcomes)
        with ledger.session("demo") as session:
            load_observations(session)
        yield ledger
    finally:
        ledger.close()


@pytest.fixture(scope="module")
def pg_api(pg_ledger: Ledger) -> Iterator[TestClient]:
    with TestClient(RouteRecorder(create_app(pg_ledger))) as client:
        client.headers.update(WAIT_FOR_JOBS)
        yield signed_in(client, pg_ledger)


def test_postgresql_answers_as_sqlite_does(pg_api: TestClient, api: TestClient) -> None:
    for path, params in [("/api/v1/status", {}), ("/api/v1/targets", {"department": "县水务局", "limit": 100}),
                         ("/api/v1/comparisons/reclaimed_water_utilisation_rate", {}),
                         ("/api/v1/warnings", {"jurisdiction": "赤峰市"}), ("/api/v1/tasks", {"limit": 1000}),
                         ("/api/v1/task-warnings", {"jurisdiction": "金乡县"})]:
        on_pg = pg_api.get(path, params={"as_of": AS_OF, **params})
        on_sqlite = api.get(path, params={"as_of": AS_OF, **params})
        assert on_pg.status_code == on_sqlite.status_code == 200, path
        assert on_pg.json() == on_sqlite.json(), path
    pg_target = pg_api.get("/api/v1/targets/14", params={"as_of": AS_OF}).json()
    sqlite_target = api.get("/api/v1/targets/14", params={"as_of": AS_OF}).json()
    for part in ("target", "assessment", "history", "expected_path", "source", "warning"):
        assert pg_target[part] == sqlite_target[part], part


def test_an_entry_is_written_and_a_bad_sheet_is_not(pg_api: TestClient) -> None:
    entry = {"target_id": 13, "period": "2024", "value": 98.2, "unit": "%", "source": "县水务局年报"}
    written = pg_api.post("/api/v1/observations", json=entry, params={"as_of": AS_OF})
    assert written.status_code == 201 and len(written.json()["added"]) == 1
    before = pg_api.get("/api/v1/observations", params={"limit": 1000}).json()["total"]
    sheet = "目标编号,期间,数值,单位,来源\n13,2023,97,%,年报\n13,2030,99,%,年报\n".encode()
    refused = pg_api.post("/api/v1/observations/import", files={"file": ("data.csv", sheet)},
                          params={"as_of": AS_OF})
    assert refused.status_code == 422
    assert [(d["row"], d["field"]) for d in refused.json()["error"]["details"]] == [(3, "period")]
    assert pg_api.get("/api/v1/observations", params={"limit": 1000}).json()["total"] == before
