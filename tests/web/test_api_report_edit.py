"""The report's words and frame through the API: the four sections (draft or edited, who and when), an edit by the
place's coordinator standing in for the draft until it is reset, a bad text a 422 naming its field in the one
error shape with nothing stored, another place refused; the 公文 settings read back as stored."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from auth.clients import signed_in
from greentrack.ledger.backup import snapshot
from greentrack.services.ledger import open_ledger
from greentrack.web import create_app

from .conftest import RouteRecorder


@pytest.fixture
def office(demo_ledger_copy: Path) -> Iterator[TestClient]:
    """金乡县's coordinator over a private copy of the demo ledger."""
    with TestClient(RouteRecorder(create_app(demo_ledger_copy))) as client:
        yield signed_in(client, demo_ledger_copy, "jinxiang")


def _tables(db: Path) -> dict:
    ledger = open_ledger(db=db)
    try:
        return snapshot(ledger)
    finally:
        ledger.close()


def test_edit_a_section_and_reset_it(office: TestClient) -> None:
    drafted = office.get("/api/v1/reports/金乡县/sections", params={"as_of": "2025-06-30"})
    assert drafted.status_code == 200, drafted.text
    body = drafted.json()
    assert [s["key"] for s in body["sections"]] == ["basic", "progress", "problems", "plans"]
    assert [s["title"] for s in body["sections"]] == ["基本情况", "主要进展成效", "存在问题及原因", "下步工作打算"]
    assert not any(s["edited"] for s in body["sections"]) and body["sections"][0]["paragraphs"]

    text = "一是加快进度。\n二是强化督办。"
    saved = office.put("/api/v1/reports/金乡县/sections", json={"section": "plans", "text": text})
    assert saved.status_code == 200, saved.text
    assert saved.json()["paragraphs"] == text.split("\n") and saved.json()["edited_by"] == "jinxiang"
    assert saved.json()["edited_at"].endswith("Z")
    again = office.get("/api/v1/reports/金乡县/sections", params={"as_of": "2025-06-30"}).json()["sections"]
    assert again[3]["edited"] and again[3]["paragraphs"] == ["一是加快进度。", "二是强化督办。"]

    reset = office.delete("/api/v1/reports/金乡县/sections/plans", params={"as_of": "2025-06-30"})
    assert reset.status_code == 200 and reset.json() == body
    english = office.get("/api/v1/reports/金乡县/sections", params={"lang": "en"}).json()["sections"]
    assert english[0]["title"] == "Overview"


@pytest.mark.parametrize(("body", "field", "code"), [
    ({"section": "plans", "text": "  "}, "text", "invalid_field"),
    ({"section": "plans", "text": "字" * 20_001}, "text", "invalid_field"),
    ({"section": "ending", "text": "正文"}, "section", "invalid_field"),
    ({"section": "plans"}, "text", "validation_error"),
])
def test_a_bad_text_is_a_422_and_stores_nothing(office: TestClient, demo_ledger_copy: Path, body: dict, field: str,
                                                code: str) -> None:
    before = _tables(demo_ledger_copy)
    response = office.put("/api/v1/reports/金乡县/sections", json=body)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == code and field in error["message"] + str(error.get("details"))
    assert _tables(demo_ledger_copy) == before


def test_another_place_is_refused(office: TestClient, demo_ledger_copy: Path) -> None:
    before = _tables(demo_ledger_copy)
    response = office.put("/api/v1/reports/赤峰市/sections", json={"section": "basic", "text": "正文"})
    assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"
    assert office.delete("/api/v1/reports/赤峰市/sections/basic").status_code == 403
    assert _tables(demo_ledger_copy) == before


def test_settings_round_trip(office: TestClient) -> None:
    assert office.get("/api/v1/reports/金乡县/settings").json()["issuer"] is None
    sent = {"issuer": "金乡县住房和城乡建设局", "doc_number": "金建发〔2026〕3号", "recipients": "县人民政府",
            "copies": ""}
    stored = office.put("/api/v1/reports/金乡县/settings", json=sent)
    assert stored.status_code == 200, stored.text
    read = office.get("/api/v1/reports/金乡县/settings").json()
    assert {k: read[k] for k in sent} == {**sent, "copies": None} and read["updated_by"] == "jinxiang"
    refused = office.put("/api/v1/reports/金乡县/settings", json={"issuer": "某局\n某处"})
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "invalid_field"
