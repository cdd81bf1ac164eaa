"""The review through the API and its page: PATCH/POST of targets and tasks, confirm and reject, each bad value a 422
naming its field in the one error shape with nothing changed; the review sheet lowest confidence first; target
lists carrying review_state; the review page (审核) in Chinese and English, refused to a viewer; the plans page
with each plan's review progress."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from auth.clients import signed_in
from greentrack.ledger.backup import snapshot
from greentrack.services.ledger import open_ledger

TARGET, TASK = 13, 4  # a target and a task of 金乡县's plan 1


def _tables(db: Path) -> dict:
    ledger = open_ledger(db=db)
    try:
        return snapshot(ledger)
    finally:
        ledger.close()


@pytest.mark.parametrize(("body", "field", "code"), [
    ({"value": "abc"}, "value", "validation_error"),
    ({"year": 1800}, "year", "invalid_field"),
    ({"lead_departments": ["县火星局"]}, "lead_departments", "invalid_field"),
    ({"start": 10, "end": 99_999_999}, "end", "invalid_field"),
    ({"start": 99_999_999, "end": 100_000_000}, "start", "invalid_field"),
    ({"kind": "wish"}, "kind", "invalid_field"),
    ({"colour": "red"}, "colour", "validation_error"),
])
def test_a_bad_correction_is_a_422_naming_the_field_and_changes_nothing(api_writable: TestClient,
                                                                         demo_ledger_copy: Path, body: dict,
                                                                         field: str, code: str) -> None:
    before = _tables(demo_ledger_copy)
    response = api_writable.patch(f"/api/v1/targets/{TARGET}", json=body)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert (error["status"], error["code"]) == (422, code)
    assert [d["field"] for d in error["details"]] == [field] and field in error["message"]
    assert _tables(demo_ledger_copy) == before


def test_correct_confirm_reject_and_add_through_the_api(api_writable: TestClient) -> None:
    corrected = api_writable.patch(f"/api/v1/targets/{TARGET}", json={"value": 70, "lead_departments": ["县住建局"],
                                                                      "scope": None})
    assert corrected.status_code == 200, corrected.text
    body = corrected.json()
    assert (body["value"], body["review"]["state"], body["lead_departments"]) == (70.0, "corrected", ["县住建局"])
    assert body["review"]["by"] == "admin" and body["review"]["at"].endswith("Z") and body["scope"] is None
    assert api_writable.post("/api/v1/targets/14/confirm").json()["review"]["state"] == "confirmed"
    missing = api_writable.post("/api/v1/targets/15/reject", json={})
    assert missing.status_code == 422 and missing.json()["error"]["details"][0]["field"] == "reason"
    rejected = api_writable.post("/api/v1/targets/15/reject", json={"reason": "不是目标"}).json()
    assert (rejected["review"]["state"], rejected["review"]["reason"]) == ("rejected", "不是目标")
    listed = api_writable.get("/api/v1/targets", params={"limit": 1000}).json()["items"]
    states = {t["id"]: t["review_state"] for t in listed}
    assert 15 not in states and (states[TARGET], states[14], states[16]) == ("corrected", "confirmed", "extracted")
    text = api_writable.get("/api/v1/documents/1/text").json()["text"]
    at = text.index("绿色")
    added = api_writable.post("/api/v1/targets", json={"document_id": 1, "start": at, "end": at + 8,
                                                       "indicator": "补录指标", "value": 4, "unit": "个"})
    assert added.status_code == 201, added.text
    assert (added.json()["review"]["state"], added.json()["quote"]) == ("added", text[at:at + 8])
    assert api_writable.post("/api/v1/targets", json={"document_id": 1, "indicator": "x", "value": 1,
                                                      "quote": "不在文中的话"}).json()["error"]["details"][0][
        "field"] == "quote"
    assert api_writable.patch("/api/v1/targets/999999", json={"value": 1}).status_code == 404


def test_tasks_through_the_api(api_writable: TestClient) -> None:
    corrected = api_writable.patch(f"/api/v1/tasks/{TASK}", json={"deadline": "2024-06-30"}).json()
    assert (corrected["deadline"], corrected["review"]["state"]) == ("2024-06-30", "corrected")
    bad = api_writable.patch(f"/api/v1/tasks/{TASK}", json={"year": 1800})
    assert bad.status_code == 422 and bad.json()["error"]["details"][0]["field"] == "year"
    assert api_writable.post(f"/api/v1/tasks/{TASK}/reject", json={"reason": "不是任务"}).json()["review"][
        "state"] == "rejected"
    added = api_writable.post("/api/v1/tasks", json={"document_id": 1, "start": 500, "end": 520, "year": 2024})
    assert added.status_code == 201 and added.json()["review"]["state"] == "added"
    sheet = api_writable.get("/api/v1/documents/1/review").json()
    assert {t["id"]: t["review"]["state"] for t in sheet["tasks"]}[TASK] == "rejected"
    assert sheet["task_progress"]["rejected"] == 1 and sheet["task_progress"]["added"] == 1
    assert api_writable.patch("/api/v1/tasks/999999", json={"year": 2025}).json()["error"]["code"] == "unknown_task"


def test_the_review_sheet_is_lowest_confidence_first(api: TestClient) -> None:
    sheet = api.get("/api/v1/documents/1/review").json()
    confidences = [t["confidence"] for t in sheet["targets"]]
    assert confidences == sorted(confidences) and len(confidences) == sheet["progress"]["total"] == 53
    assert sheet["progress"]["to_review"] == 53 and sheet["vanished"] == []


def test_the_review_page_in_both_languages_and_for_whom(api_demo_db: Path, tmp_path: Path) -> None:
    with TestClient(create_app_for(api_demo_db)) as client:
        signed_in(client, api_demo_db)
        page = client.get("/documents/1/review")
        assert page.status_code == 200
        assert "<h1>审核 · 金乡县推动城乡建设绿色发展实施方案</h1>" in page.text
        assert page.text.count('<li class="record" id=') == 53 + 7  # every target and task, each once
        assert page.text.count("data-targets=") >= 50 and 'src="/static/review.js"' in page.text
        assert "<script>" not in page.text  # the page's script is a file (CSP: script-src 'self')
        english = client.get("/documents/1/review", params={"lang": "en"})
        assert "<h1>Review 审核 · 金乡县推动城乡建设绿色发展实施方案</h1>" in english.text
        assert "53 targets · 0 confirmed" in english.text
        plans = client.get("/documents", params={"lang": "zh"}).text
        assert "53 项 · 确认 0 · 修正 0 · 补录 0 · 剔除 0 · 待审核 53" in plans
        assert 'href="/documents/1/review"' in plans
        ledger = client.get("/ledger").text
        assert ledger.count('class="badge unreviewed"') == 25  # every row of the first page is machine output
        signed_in(client, api_demo_db, "viewer-review", "viewer", "金乡县")
        refused = client.get("/documents/1/review")
        assert refused.status_code == 403 and "审核目标" in refused.text
        assert 'href="/documents/1/review"' not in client.get("/documents").text
        assert client.get("/documents/abc/review").status_code == 404


def create_app_for(db: Path) -> object:
    from greentrack.web import create_app

    return create_app(db)
