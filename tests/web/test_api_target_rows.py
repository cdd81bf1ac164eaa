"""GET /api/v1/targets through the index and the kept rows (web/target_rows.py) answers the very bytes the
report path and FastAPI's own serialisation of `TargetPage` give, for every filter, sort and reader, and a
value entered is in the next page at once (the rows are kept per ledger mark)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from auth.clients import user_token
from greentrack.web import target_rows

AS_OF = "2025-06-30"
QUERIES: list[dict[str, object]] = [
    {}, {"offset": 60, "limit": 30}, {"limit": 1000}, {"sort": "progress", "descending": True},
    {"jurisdiction": "济宁市", "sort": "jurisdiction"}, {"jurisdiction": "金乡县", "department": "住建局"},
    {"status": "no_data", "sort": "due"}, {"indicator": "污水", "sort": "indicator", "descending": True},
    {"dimension": "绿色低碳", "year": 2025, "sort": "year"}, {"department": "县水务局", "sort": "status"},
    {"jurisdiction": "无此地"}, {"offset": 500},
]


def _both(client: TestClient, monkeypatch: pytest.MonkeyPatch, params: dict[str, object]) -> tuple[bytes, bytes]:
    found = []
    for route in ("index", "report"):
        monkeypatch.setenv("GREENTRACK_TARGET_LIST", route)
        response = client.get("/api/v1/targets", params={"as_of": AS_OF, **params})
        found.append((response.status_code, response.headers["content-type"], response.content))
    assert found[0][:2] == found[1][:2], params
    return found[0][2], found[1][2]


@pytest.mark.parametrize("params", QUERIES)
def test_the_indexed_page_is_the_models_bytes(api: TestClient, monkeypatch: pytest.MonkeyPatch,
                                              params: dict[str, object]) -> None:
    target_rows.clear()
    cold = _both(api, monkeypatch, params)
    warm = _both(api, monkeypatch, params)  # the second answer comes from the kept rows
    assert cold[0] == cold[1] == warm[0]


def test_a_scoped_reader_gets_the_same_bytes(api: TestClient, api_demo_db: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    headers = {"Authorization": f"Bearer {user_token(api_demo_db, '县 viewer', 'viewer', '金乡县')}"}
    for params in QUERIES[:6]:
        answers = []
        for route in ("index", "report"):
            monkeypatch.setenv("GREENTRACK_TARGET_LIST", route)
            answers.append(api.get("/api/v1/targets", params={"as_of": AS_OF, **params}, headers=headers).content)
        assert answers[0] == answers[1], params


def test_a_value_entered_is_in_the_next_page(api_writable: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GREENTRACK_TARGET_LIST", "index")
    before = api_writable.get("/api/v1/targets", params={"as_of": AS_OF, "status": "no_data", "limit": 1000}).json()
    row = next(r for r in before["items"] if r["indicator_id"] and r["tracking_unit"] == "%")
    entry = {"target_id": row["id"], "period": "2024", "value": 50.0, "unit": "%", "source": "测试 test"}
    assert api_writable.post("/api/v1/observations", json=entry, params={"as_of": AS_OF}).status_code == 201
    fresh, report = _both(api_writable, monkeypatch, {"limit": 1000})
    assert fresh == report
    after = next(r for r in api_writable.get("/api/v1/targets", params={"as_of": AS_OF, "limit": 1000}).json()["items"]
                 if r["id"] == row["id"])
    assert (after["latest_value"], after["status"]["code"]) != (row["latest_value"], row["status"]["code"])


def test_kept_rows_stay_within_their_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import date

    target_rows.clear()
    monkeypatch.setattr(target_rows, "ROWS", 10)
    monkeypatch.setattr(target_rows, "GROUPS", 2)
    for day in range(1, 4):
        target_rows._keep(("db", date(2025, 1, day)), (1, 1, 1), {i: b"{}" for i in range(8)})
    assert list(target_rows._ROWS) == [("db", date(2025, 1, 3))]  # two groups would hold 16 rows > 10
    target_rows._keep(("db", date(2025, 1, 3)), (1, 1, 1), {i: b"{}" for i in range(8, 14)})
    assert list(target_rows._ROWS[("db", date(2025, 1, 3))][1]) == list(range(4, 14))  # the oldest rows went
    target_rows._keep(("db", date(2025, 1, 3)), (2, 1, 1), {0: b"[]"})  # a new mark: the old rows are gone
    assert target_rows._held(("db", date(2025, 1, 3)), (2, 1, 1)) == {0: b"[]"}
    assert target_rows._held(("db", date(2025, 1, 3)), (1, 1, 1)) == {}
    target_rows.clear()
