"""Reporting cycles through the API, on the demo ledger: the office (jinxiang) opens, lists, reads, reminds and closes;
another place's coordinator and the viewer are refused what is not theirs (403); the reporter (zhujian, 住建局) sees
only its own line, downloads its sheet with the cycle's period written in, fills and uploads it, and its line goes from
未报 to 已报; past the due date the line is 逾期, completed late 逾期已报; a reminder is shown to the department and
mailed where SMTP is set (a refused server is named, the reminder stays)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from auth.clients import signed_in
from greentrack.ledger.schema import UserRow
from greentrack.services.cycles import department_reminders
from greentrack.services.ledger import open_ledger
from greentrack.services.scope import user_principal
from greentrack.web import create_app

from .conftest import RouteRecorder
from .smtp_sink import refused_port, smtp_sink

ZHUJIAN = "金乡县住房和城乡建设局"
GREEN_SPACE, SLUDGE = 14, 18  # level targets 住建局 leads (绿地率 with two other leads; 污泥无害化处置率 alone)
CYCLE = {"name": "2025年度", "jurisdiction": "金乡县", "period": "2025", "opens_on": "2025-12-01",
         "due_on": "2099-01-31", "targets": [GREEN_SPACE, SLUDGE], "tasks": []}


@pytest.fixture
def client(demo_ledger_copy: Path) -> TestClient:
    with TestClient(RouteRecorder(create_app(demo_ledger_copy))) as found:
        yield found


def _as(client: TestClient, db: Path, name: str, role: str = "administrator", place: str | None = None) -> TestClient:
    return signed_in(client, db, name, role, place)


def _opened(client: TestClient, db: Path, **changes: object) -> dict:
    _as(client, db, "jinxiang")
    response = client.post("/api/v1/cycles", json={**CYCLE, **changes})
    assert response.status_code == 201, response.text
    return response.json()


def _line(body: dict, department: str = ZHUJIAN) -> dict:
    return next(d for d in body["departments"] if d["department"] == department)


def test_the_office_opens_lists_reads_and_closes_a_cycle(client: TestClient, demo_ledger_copy: Path) -> None:
    cycle = _opened(client, demo_ledger_copy)
    assert (cycle["name"], cycle["jurisdiction"], cycle["targets"], cycle["tasks"], cycle["open"]) == (
        "2025年度", "金乡县", 2, 0, True)
    assert cycle["created_by"] == "jinxiang" and cycle["created_at"].endswith("Z")
    listed = client.get("/api/v1/cycles").json()["items"]
    assert [c["id"] for c in listed] == [cycle["id"]]
    assert client.get("/api/v1/cycles", params={"jurisdiction": "金乡县", "open_only": True}).json()["items"]
    status = client.get(f"/api/v1/cycles/{cycle['id']}", params={"as_of": "2026-01-10"}).json()
    owed = {d["department"]: (d["targets"], d["reported"], d["state"]["code"]) for d in status["departments"]}
    assert owed == {ZHUJIAN: (2, 0, "not_yet"), "金乡县自然资源和规划局": (1, 0, "not_yet"),
                    "金乡县综合行政执法局": (1, 0, "not_yet")}
    assert _line(status)["state"] == {"code": "not_yet", "zh": "未报", "en": "not yet"}
    assert status["counts"]["not_yet"] == 3 and status["unowned"] == 0
    closed = client.post(f"/api/v1/cycles/{cycle['id']}/close")
    assert closed.status_code == 200 and closed.json()["open"] is False and closed.json()["closed_at"].endswith("Z")
    again = client.post(f"/api/v1/cycles/{cycle['id']}/close")
    assert again.status_code == 409 and again.json()["error"]["code"] == "state_conflict"
    assert client.post(f"/api/v1/cycles/{cycle['id']}/reminders", json={"department": "住建局"}).status_code == 409
    assert client.get("/api/v1/cycles/999999").json()["error"]["code"] == "unknown_cycle"


def test_a_cycle_of_the_whole_place_covers_every_current_target_and_task(client: TestClient,
                                                                         demo_ledger_copy: Path) -> None:
    cycle = _opened(client, demo_ledger_copy, targets=None, tasks=None, name="2025年度（全部）")
    assert (cycle["targets"], cycle["tasks"]) == (91, 12)
    status = client.get(f"/api/v1/cycles/{cycle['id']}").json()
    assert _line(status)["owed"] == _line(status)["targets"] + _line(status)["tasks"] and _line(status)["tasks"] == 5


@pytest.mark.parametrize(("body", "field"), [
    ({"period": "2025-13"}, "period"), ({"due_on": "2025-11-30"}, "due_on"), ({"targets": [999999]}, "targets"),
    ({"tasks": [20]}, "tasks"),  # a task of another place's plan
])
def test_a_bad_cycle_is_a_422_naming_the_field(client: TestClient, demo_ledger_copy: Path, body: dict,
                                               field: str) -> None:
    _as(client, demo_ledger_copy, "jinxiang")
    response = client.post("/api/v1/cycles", json={**CYCLE, **body})
    assert response.status_code == 422, response.text
    assert response.json()["error"]["details"][0]["field"] == field
    assert client.get("/api/v1/cycles").json()["items"] == []


def test_who_may_do_what(client: TestClient, demo_ledger_copy: Path) -> None:
    cycle = _opened(client, demo_ledger_copy)
    url = f"/api/v1/cycles/{cycle['id']}"
    _as(client, demo_ledger_copy, "chifeng", "coordinator", "赤峰市")  # another place's office
    assert client.post("/api/v1/cycles", json=CYCLE).status_code == 403
    assert client.get(url).status_code == 403
    assert client.post(f"{url}/close").status_code == 403
    assert client.get("/api/v1/cycles").json()["items"] == []
    _as(client, demo_ledger_copy, "viewer")
    assert client.post("/api/v1/cycles", json=CYCLE).status_code == 403
    assert client.post(f"{url}/reminders", json={"department": "住建局"}).status_code == 403
    assert len(client.get(url).json()["departments"]) == 3  # a viewer of the place reads every line
    _as(client, demo_ledger_copy, "zhujian")
    mine = client.get(url).json()
    assert [d["department"] for d in mine["departments"]] == [ZHUJIAN]
    assert client.post(f"{url}/reminders", json={"department": "住建局"}).status_code == 403
    assert client.get(f"{url}/sheet", params={"department": "自然资源局"}).status_code == 403
    assert client.post(f"{url}/close").status_code == 403


def _filled(data: bytes, values: dict[int, float]) -> bytes:
    """The sheet with a value and a source written beside each target's prefilled period."""
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    for row in range(2, sheet.max_row + 1):
        ident = sheet.cell(row=row, column=1).value
        if ident and int(ident) in values:
            assert sheet.cell(row=row, column=7).value == "2025"  # the cycle's period, written in
            sheet.cell(row=row, column=8, value=values[int(ident)])
            sheet.cell(row=row, column=10, value="县住建局台账")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_department_fills_its_sheet_and_its_line_goes_from_not_yet_to_submitted(
        client: TestClient, demo_ledger_copy: Path) -> None:
    cycle = _opened(client, demo_ledger_copy)
    url = f"/api/v1/cycles/{cycle['id']}"
    _as(client, demo_ledger_copy, "zhujian")
    assert _line(client.get(url).json())["state"]["code"] == "not_yet"
    sheet = client.get(f"{url}/sheet")
    assert sheet.status_code == 200 and sheet.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in sheet.headers["content-disposition"]
    rows = [r for r in load_workbook(io.BytesIO(sheet.content)).worksheets[0].iter_rows(min_row=2, values_only=True)
            if r[0]]
    assert sorted(int(r[0]) for r in rows) == [GREEN_SPACE, SLUDGE]
    upload = client.post("/api/v1/observations/import", files={
        "file": ("住建局-2025.xlsx", _filled(sheet.content, {GREEN_SPACE: 38.5, SLUDGE: 96}))})
    assert upload.status_code == 201, upload.text
    line = _line(client.get(url).json())
    assert (line["reported"], line["owed"], line["state"]["zh"]) == (2, 2, "已报")
    assert line["last_report"].endswith("Z") and all(i["reported_at"] for i in line["items"])
    _as(client, demo_ledger_copy, "jinxiang")
    everyone = client.get(url).json()
    assert everyone["counts"]["submitted"] == 3  # the series of 绿地率 is shared: its other two leads are done too


def test_late_and_submitted_late_with_as_of(client: TestClient, demo_ledger_copy: Path) -> None:
    cycle = _opened(client, demo_ledger_copy, due_on="2025-12-31")
    url = f"/api/v1/cycles/{cycle['id']}"
    assert _line(client.get(url, params={"as_of": "2025-12-20"}).json())["state"]["code"] == "not_yet"
    late = _line(client.get(url, params={"as_of": "2026-01-15"}).json())
    assert (late["state"]["code"], late["state"]["zh"]) == ("late", "逾期")
    _as(client, demo_ledger_copy, "zhujian")
    sheet = client.get(f"{url}/sheet").content
    assert client.post("/api/v1/observations/import", files={
        "file": ("f.xlsx", _filled(sheet, {GREEN_SPACE: 38.5, SLUDGE: 96}))}).status_code == 201
    done = _line(client.get(url).json())  # reported today, after the due date
    assert (done["state"]["code"], done["state"]["zh"]) == ("submitted_late", "逾期已报")
    assert _line(client.get(url, params={"as_of": "2026-01-15"}).json())["state"]["code"] == "late"


def _set_email(db: Path, name: str, email: str) -> None:
    ledger = open_ledger(db=db)
    try:
        with ledger.session("test") as session:
            row = session.query(UserRow).filter_by(name=name).one()
            row.email = email
    finally:
        ledger.close()


def test_a_reminder_shows_on_the_department_and_is_not_mailed_without_smtp(
        client: TestClient, demo_ledger_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GREENTRACK_SMTP_HOST", raising=False)
    cycle = _opened(client, demo_ledger_copy)
    _set_email(demo_ledger_copy, "zhujian", "zhujian@example.org")
    sent = client.post(f"/api/v1/cycles/{cycle['id']}/reminders", json={"department": "住建局"})
    assert sent.status_code == 201, sent.text
    body = sent.json()
    assert (body["mailed"], body["mail_error"], body["reminder"]["emailed_to"]) == (False, None, [])
    assert body["reminder"]["message"] == "请于2099年1月31日前完成「2025年度」填报：尚有 2 项未报（共 2 项）。"
    assert body["reminder"]["department"] == ZHUJIAN and body["reminder"]["sent_by"] == "jinxiang"
    unknown = client.post(f"/api/v1/cycles/{cycle['id']}/reminders", json={"department": "县火星局"})
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown_department"
    outside = client.post(f"/api/v1/cycles/{cycle['id']}/reminders", json={"department": "县水务局"})
    assert outside.status_code == 422 and "owes no report" in outside.json()["error"]["message"]
    _as(client, demo_ledger_copy, "zhujian")
    assert [r["message"] for r in _line(client.get(f"/api/v1/cycles/{cycle['id']}").json())["reminders"]] == [
        body["reminder"]["message"]]
    ledger = open_ledger(db=demo_ledger_copy)
    try:
        shown = department_reminders(ledger, who=user_principal(ledger, "zhujian"))
    finally:
        ledger.close()
    assert [(r.cycle_name, r.department) for r in shown] == [("2025年度", ZHUJIAN)]


def test_a_reminder_is_mailed_to_the_departments_users(client: TestClient, demo_ledger_copy: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    cycle = _opened(client, demo_ledger_copy)
    _set_email(demo_ledger_copy, "zhujian", "zhujian@example.org")
    with smtp_sink() as sink:
        monkeypatch.setenv("GREENTRACK_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("GREENTRACK_SMTP_PORT", str(sink.port))
        sent = client.post(f"/api/v1/cycles/{cycle['id']}/reminders",
                           json={"department": "金乡县住房和城乡建设局", "message": "请尽快报送"}).json()
    assert (sent["mailed"], sent["mail_error"], sent["reminder"]["emailed_to"]) == (
        True, None, ["zhujian@example.org"])
    assert len(sink.mails) == 1
    recipients, raw = sink.mails[0]
    assert recipients == ["zhujian@example.org"] and "Subject:" in raw


def test_a_refused_mail_server_is_named_and_the_reminder_stays(client: TestClient, demo_ledger_copy: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    cycle = _opened(client, demo_ledger_copy)
    _set_email(demo_ledger_copy, "zhujian", "zhujian@example.org")
    port = refused_port()
    monkeypatch.setenv("GREENTRACK_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("GREENTRACK_SMTP_PORT", str(port))
    sent = client.post(f"/api/v1/cycles/{cycle['id']}/reminders", json={"department": "住建局"})
    assert sent.status_code == 201
    assert sent.json()["mailed"] is False and f"127.0.0.1:{port} failed" in sent.json()["mail_error"]
    status = client.get(f"/api/v1/cycles/{cycle['id']}").json()
    assert len(_line(status)["reminders"]) == 1 and _line(status)["reminders"][0]["emailed_to"] == []
