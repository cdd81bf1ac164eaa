"""Task progress over HTTP on the demo ledger: the list with states and counts, a task's progress with its history
and evidence, a report with files by the task's own department (multipart), refusals for another department, a
viewer, a bad state or a refused file with nothing stored, the task warnings; and the pages — /tasks, /tasks/{id}
with its report form (the session's CSRF token), /my for a reporter (who lands there after login), a coordinator
and an office user naming a department — in Chinese and English."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from auth.clients import signed_in
from greentrack.auth.demo import DEMO_ACCOUNTS
from greentrack.ledger import repository
from greentrack.services.ledger import open_ledger
from greentrack.web import create_app

from .conftest import RouteRecorder

AS_OF = "2025-06-30"
SURVEY = 3  # 全面完成农村房屋排查整治, due 2023-10-31: 住建局 among six departments
RENOVATION = 7  # 老旧小区改造, due 2025-12-31: 住建局 leads
UNASSIGNED = 11  # no department answers for it
HOUSING = "金乡县住房和城乡建设局"
ACCOUNT = {a.role: a for a in DEMO_ACCOUNTS}
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def _as(client: TestClient, db: Path, role: str) -> TestClient:
    account = ACCOUNT[role]
    return signed_in(client, db, account.name, account.role, account.jurisdiction, account.department)


@pytest.fixture
def clients(demo_ledger_copy: Path) -> Iterator[dict[str, TestClient]]:
    """One client per demo role over a private copy of the demo ledger (each with its own token)."""
    app = RouteRecorder(create_app(demo_ledger_copy))
    with TestClient(app) as admin, TestClient(app) as office, TestClient(app) as reporter, \
            TestClient(app) as viewer, TestClient(app) as nobody:
        yield {"admin": _as(admin, demo_ledger_copy, "administrator"),
               "office": _as(office, demo_ledger_copy, "coordinator"),
               "reporter": _as(reporter, demo_ledger_copy, "reporter"),
               "viewer": _as(viewer, demo_ledger_copy, "viewer"), "nobody": nobody}


def _rows(db: Path) -> dict[str, int]:
    ledger = open_ledger(db=db)
    try:
        with ledger.session() as session:
            return repository.audit.row_counts(session)
    finally:
        ledger.close()


def test_the_task_list_with_states_and_counts(clients: dict[str, TestClient]) -> None:
    everything = clients["admin"].get("/api/v1/tasks", params={"as_of": AS_OF}).json()
    assert everything["total"] == 24 and sum(everything["counts"].values()) == 24
    assert set(everything["counts"]) == {"not_started", "in_progress", "done", "overdue"}
    survey = next(t for t in everything["items"] if t["id"] == SURVEY)
    assert (survey["state"], survey["state_zh"], survey["due"], survey["latest"]) == ("overdue", "逾期", "2023-10-31",
                                                                                      None)
    assert survey["days_left"] < 0 and HOUSING in survey["departments"]
    page = clients["admin"].get("/api/v1/tasks", params={"as_of": AS_OF, "limit": 5, "offset": 5}).json()
    assert (page["total"], len(page["items"]), page["items"][0]["id"]) == (24, 5, everything["items"][5]["id"])
    overdue = clients["office"].get("/api/v1/tasks", params={"as_of": AS_OF, "state": "overdue"}).json()
    assert overdue["items"] and {t["state"] for t in overdue["items"]} == {"overdue"}
    assert {t["jurisdiction_name"] for t in overdue["items"]} == {"金乡县"}  # the coordinator's place only
    mine = clients["reporter"].get("/api/v1/tasks", params={"as_of": AS_OF}).json()
    assert mine["items"] and all(HOUSING in t["departments"] for t in mine["items"])
    housing = clients["office"].get("/api/v1/tasks", params={"department": "住建局", "jurisdiction": "金乡县"}).json()
    assert {t["id"] for t in housing["items"]} == {t["id"] for t in mine["items"]}
    assert clients["reporter"].get("/api/v1/tasks", params={"department": "县水务局"}).status_code == 403
    assert clients["office"].get("/api/v1/tasks", params={"jurisdiction": "赤峰市"}).status_code == 403
    assert clients["admin"].get("/api/v1/tasks", params={"state": "late"}).status_code == 422
    assert clients["nobody"].get("/api/v1/tasks").status_code == 401


def test_a_report_with_evidence_and_the_progress(clients: dict[str, TestClient], demo_ledger_copy: Path) -> None:
    reporter = clients["reporter"]
    sent = reporter.post(f"/api/v1/tasks/{RENOVATION}/progress", params={"as_of": AS_OF},
                         data={"state": "in_progress", "note": "已完成60%"},
                         files=[("files", ("进度.txt", "进度表".encode())), ("files", ("现场.png", PNG))])
    assert sent.status_code == 201, sent.text
    body = sent.json()
    assert (body["state"], body["department"], body["reported_by"]) == ("in_progress", HOUSING, "zhujian")
    assert [(e["name"], e["size"]) for e in body["evidence"]] == [("进度.txt", 9), ("现场.png", len(PNG))]
    assert body["evidence"][0]["url"] == f"/api/v1/evidence/{body['evidence'][0]['id']}"
    closed = clients["office"].post(f"/api/v1/tasks/{RENOVATION}/progress", data={"state": "done", "note": "完成"})
    assert closed.status_code == 201 and closed.json()["department"] is None
    progress = clients["viewer"].get(f"/api/v1/tasks/{RENOVATION}/progress", params={"as_of": AS_OF}).json()
    assert progress["as_of"] == AS_OF and progress["task"]["state"] == "done"
    assert progress["task"]["latest"]["id"] == closed.json()["id"]
    assert [h["id"] for h in progress["history"]] == [closed.json()["id"], body["id"]]
    assert [len(h["evidence"]) for h in progress["history"]] == [0, 2]
    assert clients["admin"].get("/api/v1/tasks/999999/progress").json()["error"]["code"] == "unknown_task"
    assert reporter.get(f"/api/v1/tasks/{UNASSIGNED}/progress").status_code == 403


def test_refusals_store_nothing(clients: dict[str, TestClient], demo_ledger_copy: Path) -> None:
    before = _rows(demo_ledger_copy)
    other = clients["reporter"].post(f"/api/v1/tasks/{UNASSIGNED}/progress", data={"state": "done", "note": "x"})
    assert other.status_code == 403 and "only its own department's tasks" in other.json()["error"]["message"]
    viewer = clients["viewer"].post(f"/api/v1/tasks/{RENOVATION}/progress", data={"state": "done", "note": "x"})
    assert viewer.status_code == 403
    bad = clients["reporter"].post(f"/api/v1/tasks/{RENOVATION}/progress", data={"state": "finished"})
    assert bad.status_code == 422 and bad.json()["error"]["details"][0]["field"] == "state"
    late = clients["reporter"].post(f"/api/v1/tasks/{SURVEY}/progress", data={"state": "in_progress"})
    assert late.status_code == 422 and late.json()["error"]["details"][0]["field"] == "note"
    refused = clients["reporter"].post(f"/api/v1/tasks/{RENOVATION}/progress", params={"as_of": AS_OF},
                                       data={"state": "in_progress", "note": "x"},
                                       files=[("files", ("现场.png", PNG)), ("files", ("run.exe", b"MZ\x90"))])
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "evidence_refused"
    assert "run.exe" in refused.json()["error"]["message"]
    no_cycle = clients["admin"].post(f"/api/v1/tasks/{RENOVATION}/progress", data={"state": "done", "note": "x",
                                                                                    "cycle_id": "42"})
    assert no_cycle.status_code == 404 and no_cycle.json()["error"]["code"] == "unknown_cycle"
    assert clients["nobody"].post(f"/api/v1/tasks/{RENOVATION}/progress", data={"state": "done"}).status_code == 401
    assert _rows(demo_ledger_copy) == before


def test_task_warnings(clients: dict[str, TestClient]) -> None:
    found = clients["office"].get("/api/v1/task-warnings", params={"as_of": "2025-10-15"}).json()
    assert found["as_of"] == "2025-10-15"
    by_id = {w["task_id"]: w for w in found["items"]}
    assert (by_id[SURVEY]["severity"], by_id[SURVEY]["severity_zh"]) == ("red", "红色预警")
    assert by_id[SURVEY]["message"].startswith("任务逾期715天未完成（完成时限2023年10月31日）")
    assert by_id[RENOVATION]["severity"] == "yellow" and "77" in by_id[RENOVATION]["message_en"]
    housing = clients["reporter"].get("/api/v1/task-warnings", params={"as_of": "2025-10-15"}).json()["items"]
    assert housing and all(HOUSING in w["departments"] for w in housing)
    warnings = clients["office"].get("/api/v1/warnings", params={"as_of": AS_OF}).json()
    assert {"as_of", "illustrative", "warnings", "supervision"} <= set(warnings)  # the targets' answer unchanged


def test_the_pages(clients: dict[str, TestClient]) -> None:
    reporter = clients["reporter"]
    listed = reporter.get("/tasks", params={"as_of": AS_OF})
    assert listed.status_code == 200 and "任务进展" in listed.text
    assert 'class="task-row overdue"' in listed.text and f'href="/tasks/{SURVEY}"' in listed.text
    assert 'data-state="overdue">3<' in listed.text
    only = reporter.get("/tasks", params={"as_of": AS_OF, "state": "not_started"}).text
    assert 'class="task-row overdue"' not in only
    task = reporter.get(f"/tasks/{SURVEY}", params={"as_of": AS_OF}).text
    assert "全面完成农村房屋排查整治" in task and "2023年10月31日" in task and "逾期" in task
    assert 'id="report-form"' in task and 'enctype="multipart/form-data"' in task and 'type="file"' in task
    english = reporter.get(f"/tasks/{SURVEY}", params={"as_of": AS_OF, "lang": "en"}).text
    assert "2023-10-31" in english and "Report progress" in english and "overdue 逾期" in english
    assert 'id="report-form"' not in clients["viewer"].get(f"/tasks/{SURVEY}").text  # a viewer may not report
    assert reporter.get(f"/tasks/{UNASSIGNED}").status_code == 403
    assert reporter.get("/tasks/abc").status_code == 404
    assert reporter.get("/tasks", params={"state": "late"}).status_code == 422

    work = reporter.get("/my", params={"as_of": AS_OF}).text
    assert HOUSING in work and 'id="my-targets"' in work and 'id="my-tasks"' in work
    assert 'id="my-cycles"' in work and 'id="my-items"' in work and work.count("暂无") >= 2
    assert f'href="/tasks/{RENOVATION}#report"' in work and 'href="/my"' in work
    place = clients["office"].get("/my", params={"as_of": AS_OF}).text
    assert "金乡县 汇总" in place
    named = clients["office"].get("/my", params={"as_of": AS_OF, "department": "住建局"}).text
    assert f"<strong>{HOUSING}</strong>" in named
    assert reporter.get("/my", params={"department": "县水务局"}).status_code == 403
    assert "My work 我的工作" in reporter.get("/my", params={"lang": "en"}).text
    overview = clients["office"].get("/", params={"as_of": AS_OF}).text
    assert 'id="task-warnings"' in overview and "任务逾期" in overview


def test_the_report_form_in_a_browser_session(demo_ledger_copy: Path) -> None:
    with TestClient(create_app(demo_ledger_copy)) as browser:
        form = browser.get("/login")
        account = ACCOUNT["reporter"]
        done = browser.post("/login", data={"name": account.name, "password": account.password, "next": "/",
                                            "csrf_token": TOKEN.search(form.text).group(1)}, follow_redirects=False)
        assert done.status_code == 303 and done.headers["location"] == "/my"  # a reporter lands on its work
        page = browser.get(f"/tasks/{RENOVATION}")
        token = TOKEN.search(page.text.split('id="report-form"')[1]).group(1)
        files = [("files", ("现场.png", PNG))]
        forged = browser.post(f"/tasks/{RENOVATION}/progress", data={"state": "done", "note": "完成"}, files=files)
        assert forged.status_code == 403  # no CSRF token
        empty = browser.post(f"/tasks/{RENOVATION}/progress", data={"state": "done", "csrf_token": token})
        assert empty.status_code == 422 and 'id="report-error"' in empty.text and "note" in empty.text
        assert 'id="report-form"' in empty.text
        sent = browser.post(f"/tasks/{RENOVATION}/progress", data={"state": "done", "note": "全部完成",
                                                                   "csrf_token": token}, files=files,
                            follow_redirects=False)
        assert sent.status_code == 303 and sent.headers["location"] == f"/tasks/{RENOVATION}#history"
        shown = browser.get(f"/tasks/{RENOVATION}").text
        assert "全部完成" in shown and 'class="evidence" href="/api/v1/evidence/' in shown and "现场.png" in shown
    with TestClient(create_app(demo_ledger_copy)) as office:
        form = office.get("/login")
        account = ACCOUNT["coordinator"]
        done = office.post("/login", data={"name": account.name, "password": account.password, "next": "/",
                                           "csrf_token": TOKEN.search(form.text).group(1)}, follow_redirects=False)
        assert done.headers["location"] == "/"  # the office keeps the overview


def test_the_department_page_lists_its_task_warnings(clients: dict[str, TestClient], demo_ledger_copy: Path) -> None:
    ledger = open_ledger(db=demo_ledger_copy)
    try:
        with ledger.session() as session:
            housing = next(d.id for d in repository.departments.list_departments(session) if d.name == HOUSING)
    finally:
        ledger.close()
    page = clients["office"].get(f"/departments/{housing}", params={"as_of": "2025-10-15"}).text
    section = page.split('id="task-warnings"')[1]
    assert f'href="/tasks/{SURVEY}"' in section and "任务逾期715天未完成" in section
    assert "days" in clients["office"].get(f"/departments/{housing}",
                                           params={"as_of": "2025-10-15", "lang": "en"}).text.split(
        'id="task-warnings"')[1]
