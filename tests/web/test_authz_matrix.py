"""The authorization matrix: every API route × every role (and anonymous) → allowed (2xx), 401 or 403, in one
table. The demo's accounts act: an administrator, the coordinator and the viewer of 金乡县, and the reporter of
金乡县住房和城乡建设局. Routes are taken from the app itself, so a route added without a row fails the test;
refusals carry the one JSON error shape with a reason. Writes run on a private copy of the demo ledger.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from auth.clients import WAIT_FOR_JOBS, user_token
from greentrack.services.documents import list_documents, sample_paths
from greentrack.services.ledger import open_ledger
from greentrack.services.users import revoke_tokens
from greentrack.web import create_app

from .conftest import RouteRecorder

OK, NO_LOGIN, DENIED, UNSEEN = "ok", 401, 403, 404
CODES = {NO_LOGIN: "unauthorized", DENIED: "forbidden", UNSEEN: "unknown_job"}
ROLES = ("anonymous", "administrator", "coordinator", "reporter", "viewer")
ACCOUNTS = {"administrator": "admin", "coordinator": "jinxiang", "reporter": "zhujian", "viewer": "viewer"}
MINE, OTHERS, ELSEWHERE = 13, 55, 104  # 住建局's target in 金乡县; 科技局's in 金乡县; a target of 赤峰市
DOC_HERE, DOC_ELSEWHERE = 1, 5  # a plan of 金乡县; the plan of 赤峰市
DEPT_MINE, DEPT_OTHER, DEPT_ELSEWHERE = 3, 1, 36  # 金乡县住建局; 金乡县发改局; 赤峰市住建局
REVIEWED = (20, 21, 22)  # targets of 金乡县 the review rows correct, confirm and reject (no other row reads them)
REVIEWED_ELSEWHERE = (105, 106, 107)  # the same for 赤峰市
TASKS, TASKS_ELSEWHERE = (1, 2, 3), (21, 22, 23)  # tasks of 金乡县's plan 1 and of 赤峰市's plan
AREA = (60, 41)  # 住建局's targets of 金乡县 reading one series (累计新增绿色建筑面积, 新增绿色建筑)
TASK_MINE, TASK_OTHERS, TASK_ELSEWHERE = 7, 11, 24  # 住建局 leads 7; 11 of 金乡县 has no department; 24 of 赤峰市
NEW_CYCLE = {"name": "2025年度", "period": "2025", "due_on": "2099-01-31", "opens_on": "2025-12-01",
             "targets": [MINE], "tasks": []}
SHEET_HEADER = "目标编号 target id,期间 period,数值 value,单位 unit,来源 source,备注 note\n"


def entry(target_id: int) -> dict[str, Any]:
    """One value for a % target of 金乡县 (replace: every role that may write it does so again)."""
    return {"target_id": target_id, "period": "2024", "value": 91.5, "unit": "%", "source": "统计公报", "replace": True}


def sheet(target_id: int) -> dict[str, Any]:
    """A one-row reporting sheet for a target (CSV), as an upload."""
    body = SHEET_HEADER + f"{target_id},2024,91.5,%,统计公报,\n"
    return {"file": ("填报.csv", io.BytesIO(body.encode("utf-8")), "text/csv"), "replace": (None, "on")}


def progress() -> dict[str, Any]:
    """A task report (multipart form), with its note: the task may be overdue on the day the test runs."""
    return {"state": (None, "in_progress"), "note": (None, "推进中，已完成六成")}


def plan(document_id: int) -> Callable[[Path], dict[str, Any]]:
    """The seed plan stored as `document_id`, uploaded again (the ledger keeps it: unchanged)."""

    def files(ledger_path: Path) -> dict[str, Any]:
        ledger = open_ledger(db=ledger_path)
        try:
            name = next(d.name for d in list_documents(ledger) if d.id == document_id)
        finally:
            ledger.close()
        path = next(p for p in sample_paths() if p.name == name)
        return {"file": (path.name, path.read_bytes(), "text/plain")}

    return files


def value_of(target_id: int, path: str) -> Callable[[Path], str]:
    """`path` with the id of the first value that counts in the target's series (the demo's ids, read when asked)."""

    made: dict[Path, str] = {}  # once per ledger: every role asks about the same value

    def make(ledger_path: Path) -> str:
        from greentrack.services.series import series_of

        if ledger_path not in made:
            ledger = open_ledger(db=ledger_path)
            try:
                found = next(o.id for o in series_of(ledger, target_id).history if not o.withdrawn)
            finally:
                ledger.close()
            made[ledger_path] = path.format(found)
        return made[ledger_path]

    return make


def cycle_of(place: str, path: str) -> Callable[[Path], str]:
    """A path naming a reporting cycle of `place` (opened once per ledger, as the local operator, covering MINE in
    金乡县 or ELSEWHERE in 赤峰市)."""
    made: dict[tuple[Path, str], int] = {}

    def make(ledger_path: Path) -> str:
        import datetime as dt

        from greentrack.services.cycles import open_cycle
        if (ledger_path, place) not in made:
            ledger = open_ledger(db=ledger_path)
            try:
                made[(ledger_path, place)] = open_cycle(
                    ledger, "2025年度", place, "2025", dt.date(2099, 1, 31), dt.date(2025, 12, 1),
                    targets=[MINE if place == "金乡县" else ELSEWHERE], tasks=[]).id
            finally:
                ledger.close()
        return path.format(made[(ledger_path, place)])

    return make


def supervised(path: str, state: str = "open", lead: str = "金乡县住房和城乡建设局",
               evidence: bool = False) -> Callable[[Path], str]:
    """`path` with the id of a supervision item made for this request (each role meets one in `state`, addressed
    to `lead`), or with the id of the evidence file of its answer."""

    def make(ledger_path: Path) -> str:
        import datetime as dt

        from greentrack.auth import ADMINISTRATOR, Principal
        from greentrack.services import supervision_items as sv

        office = Principal("matrix", ADMINISTRATOR)
        ledger = open_ledger(db=ledger_path)
        try:
            made = sv.create_item(ledger, "矩阵督办", "请答复", dt.date.today() + dt.timedelta(days=30), lead=[lead],
                                  who=office)
            if state == "answered" or evidence:
                answered = sv.answer(ledger, made.id, "进展", "问题", "措施", "2027-06-30", [("说明.txt", b"x")],
                                     who=office)
                if evidence:
                    return path.format(answered.answers[-1].evidence[0].id)
        finally:
            ledger.close()
        return path.format(made.id)

    return make


def answer_parts(_: Path) -> dict[str, Any]:
    """A supervision answer's four parts and one evidence file, as a multipart form."""
    return {"progress": (None, "已完成"), "problems": (None, "无"), "measures": (None, "持续推进"),
            "complete_by": (None, "2027-06-30"), "files": ("说明.txt", b"evidence", "text/plain")}


@dataclass(frozen=True)
class Call:
    """A concrete request for a route (a path, or one made from the ledger)."""

    path: str | Callable[[Path], str]
    params: dict[str, Any] = field(default_factory=dict)
    json: dict[str, Any] | None = None
    files: Callable[[Path], dict[str, Any]] | None = None


A, U, F, N = OK, NO_LOGIN, DENIED, UNSEEN
# (method, route, a request for it, expected for: anonymous, administrator, coordinator, reporter, viewer)
MATRIX: list[tuple[str, str, Call, tuple[Any, ...]]] = [
    ("GET", "/api/v1", Call("/api/v1"), (U, A, A, A, A)),
    ("GET", "/api/v1/docs", Call("/api/v1/docs"), (A, A, A, A, A)),  # the Swagger page is public
    ("GET", "/api/v1/me", Call("/api/v1/me"), (U, A, A, A, A)),
    ("GET", "/api/v1/audit", Call("/api/v1/audit"), (U, A, A, F, F)),
    ("GET", "/api/v1/documents", Call("/api/v1/documents"), (U, A, A, A, A)),
    ("POST", "/api/v1/documents", Call("/api/v1/documents", files=plan(DOC_HERE)), (U, A, A, F, F)),
    ("POST", "/api/v1/documents", Call("/api/v1/documents", files=plan(DOC_ELSEWHERE)), (U, A, F, F, F)),
    ("GET", "/api/v1/documents/{document_id}", Call(f"/api/v1/documents/{DOC_HERE}"), (U, A, A, A, A)),
    ("GET", "/api/v1/documents/{document_id}", Call(f"/api/v1/documents/{DOC_ELSEWHERE}"), (U, A, F, F, F)),
    ("GET", "/api/v1/documents/{document_id}/text", Call(f"/api/v1/documents/{DOC_HERE}/text"), (U, A, A, A, A)),
    ("GET", "/api/v1/documents/{document_id}/text", Call(f"/api/v1/documents/{DOC_ELSEWHERE}/text"),
     (U, A, F, F, F)),
    ("GET", "/api/v1/targets", Call("/api/v1/targets"), (U, A, A, A, A)),
    ("GET", "/api/v1/targets/{target_id}", Call(f"/api/v1/targets/{MINE}"), (U, A, A, A, A)),
    ("GET", "/api/v1/targets/{target_id}", Call(f"/api/v1/targets/{OTHERS}"), (U, A, A, F, A)),
    ("GET", "/api/v1/targets/{target_id}", Call(f"/api/v1/targets/{ELSEWHERE}"), (U, A, F, F, F)),
    ("GET", "/api/v1/observations", Call("/api/v1/observations"), (U, A, A, A, A)),
    ("GET", "/api/v1/observations", Call("/api/v1/observations", {"target_id": OTHERS}), (U, A, A, F, A)),
    ("GET", "/api/v1/observations", Call("/api/v1/observations", {"jurisdiction": "赤峰市"}), (U, A, F, F, F)),
    ("POST", "/api/v1/observations", Call("/api/v1/observations", json=entry(MINE)), (U, A, A, A, F)),
    ("POST", "/api/v1/observations", Call("/api/v1/observations", json=entry(OTHERS)), (U, A, A, F, F)),
    ("POST", "/api/v1/observations/import", Call("/api/v1/observations/import", files=lambda _: sheet(MINE)),
     (U, A, A, A, F)),
    ("POST", "/api/v1/observations/import", Call("/api/v1/observations/import", files=lambda _: sheet(OTHERS)),
     (U, A, A, F, F)),
    # an upload's job is its uploader's (and the administrators'): someone else's id reads as no such job
    # (tests/web/test_jobs.py submits one and asks as each role)
    ("GET", "/api/v1/jobs/{job_id}", Call("/api/v1/jobs/not-a-job"), (U, N, N, N, N)),
    ("GET", "/api/v1/status", Call("/api/v1/status"), (U, A, A, A, A)),
    ("GET", "/api/v1/status", Call("/api/v1/status", {"jurisdiction": "赤峰市"}), (U, A, F, F, F)),
    ("GET", "/api/v1/warnings", Call("/api/v1/warnings"), (U, A, A, A, A)),
    ("GET", "/api/v1/warnings", Call("/api/v1/warnings", params={"limit": 5, "offset": 5}), (U, A, A, A, A)),
    ("GET", "/api/v1/warnings", Call("/api/v1/warnings", params={"jurisdiction": "赤峰市", "limit": 5}),
     (U, A, F, F, F)),
    ("GET", "/api/v1/supervision", Call("/api/v1/supervision"), (U, A, A, A, A)),
    ("GET", "/api/v1/supervision", Call("/api/v1/supervision", params={"limit": 3, "offset": 1,
                                                                       "per_department": 2}), (U, A, A, A, A)),
    ("GET", "/api/v1/departments", Call("/api/v1/departments"), (U, A, A, A, A)),
    ("GET", "/api/v1/departments", Call("/api/v1/departments", params={"limit": 5, "offset": 2}), (U, A, A, A, A)),
    ("GET", "/api/v1/departments/{department_id}", Call(f"/api/v1/departments/{DEPT_MINE}"), (U, A, A, A, A)),
    ("GET", "/api/v1/departments/{department_id}", Call(f"/api/v1/departments/{DEPT_OTHER}"), (U, A, A, F, A)),
    ("GET", "/api/v1/departments/{department_id}", Call(f"/api/v1/departments/{DEPT_ELSEWHERE}"),
     (U, A, F, F, F)),
    ("GET", "/api/v1/comparisons", Call("/api/v1/comparisons"), (U, A, A, A, A)),
    ("GET", "/api/v1/comparisons/{indicator_id}", Call("/api/v1/comparisons/green_space_rate"), (U, A, A, A, A)),
    ("GET", "/api/v1/export", Call("/api/v1/export", {"format": "csv"}), (U, A, A, A, A)),
    ("GET", "/api/v1/analysis/contradictions", Call("/api/v1/analysis/contradictions"), (U, A, A, F, A)),
    ("GET", "/api/v1/analysis/decomposition", Call("/api/v1/analysis/decomposition"), (U, A, A, F, A)),
    ("GET", "/api/v1/analysis/ambition/{indicator}", Call("/api/v1/analysis/ambition/green_space_rate"),
     (U, A, A, F, A)),
    ("GET", "/api/v1/analysis/timeline", Call("/api/v1/analysis/timeline", {"jurisdiction": "金乡县"}),
     (U, A, A, F, A)),
    ("GET", "/api/v1/analysis/timeline", Call("/api/v1/analysis/timeline", {"jurisdiction": "赤峰市"}),
     (U, A, F, F, F)),
    ("GET", "/api/v1/analysis/evaluation", Call("/api/v1/analysis/evaluation"), (U, A, A, F, A)),
    ("GET", "/api/v1/reports/{jurisdiction}", Call("/api/v1/reports/金乡县", {"format": "html"}), (U, A, A, F, A)),
    ("GET", "/api/v1/reports/{jurisdiction}", Call("/api/v1/reports/赤峰市", {"format": "html"}), (U, A, F, F, F)),
    # a report made as a job: refused at once as the synchronous report is; its file is its owner's (someone
    # else's id reads as no such job: tests/web/test_api_report_jobs.py makes one and asks as another user)
    ("POST", "/api/v1/reports/{jurisdiction}/jobs", Call("/api/v1/reports/金乡县/jobs", {"format": "html"}),
     (U, A, A, F, A)),
    ("POST", "/api/v1/reports/{jurisdiction}/jobs", Call("/api/v1/reports/赤峰市/jobs", {"format": "html"}),
     (U, A, F, F, F)),
    ("GET", "/api/v1/jobs/{job_id}/file", Call("/api/v1/jobs/not-a-job/file"), (U, N, N, N, N)),
    # the report's words and frame (services/report_texts.py): read with the report, written by the place's office
    ("GET", "/api/v1/reports/{jurisdiction}/sections", Call("/api/v1/reports/金乡县/sections"), (U, A, A, F, A)),
    ("GET", "/api/v1/reports/{jurisdiction}/sections", Call("/api/v1/reports/赤峰市/sections"), (U, A, F, F, F)),
    ("PUT", "/api/v1/reports/{jurisdiction}/sections", Call("/api/v1/reports/金乡县/sections",
     json={"section": "plans", "text": "下一步，加快推进各项任务。"}), (U, A, A, F, F)),
    ("PUT", "/api/v1/reports/{jurisdiction}/sections", Call("/api/v1/reports/赤峰市/sections",
     json={"section": "plans", "text": "下一步，加快推进各项任务。"}), (U, A, F, F, F)),
    ("DELETE", "/api/v1/reports/{jurisdiction}/sections/{key}", Call("/api/v1/reports/金乡县/sections/plans"),
     (U, A, A, F, F)),
    ("DELETE", "/api/v1/reports/{jurisdiction}/sections/{key}", Call("/api/v1/reports/赤峰市/sections/plans"),
     (U, A, F, F, F)),
    ("GET", "/api/v1/reports/{jurisdiction}/settings", Call("/api/v1/reports/金乡县/settings"), (U, A, A, F, A)),
    ("GET", "/api/v1/reports/{jurisdiction}/settings", Call("/api/v1/reports/赤峰市/settings"), (U, A, F, F, F)),
    ("PUT", "/api/v1/reports/{jurisdiction}/settings", Call("/api/v1/reports/金乡县/settings",
     json={"issuer": "金乡县住房和城乡建设局", "doc_number": "金建发〔2026〕3号"}), (U, A, A, F, F)),
    ("PUT", "/api/v1/reports/{jurisdiction}/settings", Call("/api/v1/reports/赤峰市/settings",
     json={"issuer": "赤峰市住房和城乡建设局"}), (U, A, F, F, F)),
    # the review (审核): administrators and the coordinators of the plan's place
    ("GET", "/api/v1/documents/{document_id}/review", Call(f"/api/v1/documents/{DOC_HERE}/review"),
     (U, A, A, F, F)),
    ("GET", "/api/v1/documents/{document_id}/review", Call(f"/api/v1/documents/{DOC_ELSEWHERE}/review"),
     (U, A, F, F, F)),
    ("PATCH", "/api/v1/targets/{target_id}", Call(f"/api/v1/targets/{REVIEWED[0]}", json={"value": 70}),
     (U, A, A, F, F)),
    ("PATCH", "/api/v1/targets/{target_id}", Call(f"/api/v1/targets/{REVIEWED_ELSEWHERE[0]}", json={"value": 70}),
     (U, A, F, F, F)),
    ("POST", "/api/v1/targets", Call("/api/v1/targets", json={"document_id": DOC_HERE, "start": 200, "end": 220,
                                                              "indicator": "补录指标", "value": 1}), (U, A, A, F, F)),
    ("POST", "/api/v1/targets", Call("/api/v1/targets", json={"document_id": DOC_ELSEWHERE, "start": 200, "end": 220,
                                                              "indicator": "补录指标", "value": 1}), (U, A, F, F, F)),
    ("POST", "/api/v1/targets/{target_id}/confirm", Call(f"/api/v1/targets/{REVIEWED[1]}/confirm"), (U, A, A, F, F)),
    ("POST", "/api/v1/targets/{target_id}/confirm", Call(f"/api/v1/targets/{REVIEWED_ELSEWHERE[1]}/confirm"),
     (U, A, F, F, F)),
    ("POST", "/api/v1/targets/{target_id}/reject", Call(f"/api/v1/targets/{REVIEWED[2]}/reject",
                                                        json={"reason": "不是目标"}), (U, A, A, F, F)),
    ("POST", "/api/v1/targets/{target_id}/reject", Call(f"/api/v1/targets/{REVIEWED_ELSEWHERE[2]}/reject",
                                                        json={"reason": "不是目标"}), (U, A, F, F, F)),
    # a target's series (docs/ledger.md "Series"): read as the target; shared, split and its reporting rule set with
    # the review right; a value corrected or withdrawn as values are recorded
    ("GET", "/api/v1/targets/{target_id}/series", Call(f"/api/v1/targets/{MINE}/series"), (U, A, A, A, A)),
    ("GET", "/api/v1/targets/{target_id}/series", Call(f"/api/v1/targets/{ELSEWHERE}/series"), (U, A, F, F, F)),
    ("POST", "/api/v1/targets/{target_id}/series/share", Call(f"/api/v1/targets/{AREA[0]}/series/share",
                                                              json={"targets": [AREA[1]]}), (U, A, A, F, F)),
    ("PUT", "/api/v1/targets/{target_id}/reporting", Call(f"/api/v1/targets/{AREA[0]}/reporting",
                                                          json={"rule": "default"}), (U, A, A, F, F)),
    ("POST", "/api/v1/targets/{target_id}/series/split", Call(f"/api/v1/targets/{ELSEWHERE}/series/split",
                                                              json={}), (U, A, F, F, F)),
    ("POST", "/api/v1/observations/{observation_id}/correction",
     Call(value_of(AREA[0], "/api/v1/observations/{}/correction"), json={"value": 56, "reason": "核对台账"}),
     (U, A, A, A, F)),
    ("POST", "/api/v1/observations/{observation_id}/withdrawal",
     Call(value_of(ELSEWHERE + 1, "/api/v1/observations/{}/withdrawal"), json={"reason": "重复填报"}),
     (U, A, F, F, F)),  # 赤峰市's: withdrawn by the administrator, refused to the others before they learn more
    ("PATCH", "/api/v1/tasks/{task_id}", Call(f"/api/v1/tasks/{TASKS[0]}", json={"year": 2025}), (U, A, A, F, F)),
    ("PATCH", "/api/v1/tasks/{task_id}", Call(f"/api/v1/tasks/{TASKS_ELSEWHERE[0]}", json={"year": 2025}),
     (U, A, F, F, F)),
    ("POST", "/api/v1/tasks", Call("/api/v1/tasks", json={"document_id": DOC_HERE, "start": 200, "end": 220}),
     (U, A, A, F, F)),
    ("POST", "/api/v1/tasks", Call("/api/v1/tasks", json={"document_id": DOC_ELSEWHERE, "start": 200, "end": 220}),
     (U, A, F, F, F)),
    ("POST", "/api/v1/tasks/{task_id}/confirm", Call(f"/api/v1/tasks/{TASKS[1]}/confirm"), (U, A, A, F, F)),
    ("POST", "/api/v1/tasks/{task_id}/confirm", Call(f"/api/v1/tasks/{TASKS_ELSEWHERE[1]}/confirm"), (U, A, F, F, F)),
    ("POST", "/api/v1/tasks/{task_id}/reject", Call(f"/api/v1/tasks/{TASKS[2]}/reject", json={"reason": "不是任务"}),
     (U, A, A, F, F)),
    ("POST", "/api/v1/tasks/{task_id}/reject", Call(f"/api/v1/tasks/{TASKS_ELSEWHERE[2]}/reject",
                                                    json={"reason": "不是任务"}), (U, A, F, F, F)),
    # task progress (任务进展): read as the task's place (a reporter: its department's tasks); reported by the task's
    # own departments' reporters, the coordinators of its place and administrators
    ("GET", "/api/v1/tasks", Call("/api/v1/tasks"), (U, A, A, A, A)),
    ("GET", "/api/v1/tasks", Call("/api/v1/tasks", {"jurisdiction": "赤峰市"}), (U, A, F, F, F)),
    ("GET", "/api/v1/tasks/{task_id}/progress", Call(f"/api/v1/tasks/{TASK_MINE}/progress"), (U, A, A, A, A)),
    ("GET", "/api/v1/tasks/{task_id}/progress", Call(f"/api/v1/tasks/{TASK_OTHERS}/progress"), (U, A, A, F, A)),
    ("GET", "/api/v1/tasks/{task_id}/progress", Call(f"/api/v1/tasks/{TASK_ELSEWHERE}/progress"), (U, A, F, F, F)),
    ("POST", "/api/v1/tasks/{task_id}/progress", Call(f"/api/v1/tasks/{TASK_MINE}/progress",
                                                      files=lambda _: progress()), (U, A, A, A, F)),
    ("POST", "/api/v1/tasks/{task_id}/progress", Call(f"/api/v1/tasks/{TASK_OTHERS}/progress",
                                                      files=lambda _: progress()), (U, A, A, F, F)),
    ("POST", "/api/v1/tasks/{task_id}/progress", Call(f"/api/v1/tasks/{TASK_ELSEWHERE}/progress",
                                                      files=lambda _: progress()), (U, A, F, F, F)),
    ("GET", "/api/v1/task-warnings", Call("/api/v1/task-warnings"), (U, A, A, A, A)),
    # reporting cycles (填报周期): the office of the place opens, closes and reminds; those who see it read; the
    # reporter reads its own line and downloads its own sheet
    ("GET", "/api/v1/cycles", Call("/api/v1/cycles"), (U, A, A, A, A)),
    ("POST", "/api/v1/cycles", Call("/api/v1/cycles", json={**NEW_CYCLE, "jurisdiction": "金乡县"}), (U, A, A, F, F)),
    ("POST", "/api/v1/cycles", Call("/api/v1/cycles", json={**NEW_CYCLE, "jurisdiction": "赤峰市",
                                                            "targets": [ELSEWHERE]}), (U, A, F, F, F)),
    ("GET", "/api/v1/cycles/{cycle_id}", Call(cycle_of("金乡县", "/api/v1/cycles/{}")), (U, A, A, A, A)),
    ("GET", "/api/v1/cycles/{cycle_id}", Call(cycle_of("赤峰市", "/api/v1/cycles/{}")), (U, A, F, F, F)),
    ("POST", "/api/v1/cycles/{cycle_id}/reminders", Call(cycle_of("金乡县", "/api/v1/cycles/{}/reminders"),
                                                         json={"department": "住建局"}), (U, A, A, F, F)),
    ("GET", "/api/v1/cycles/{cycle_id}/sheet", Call(cycle_of("金乡县", "/api/v1/cycles/{}/sheet"),
                                                    {"department": "住建局"}), (U, A, A, A, F)),
    ("POST", "/api/v1/cycles/{cycle_id}/close", Call(cycle_of("赤峰市", "/api/v1/cycles/{}/close")),
     (U, A, F, F, F)),  # the administrator closes it; the others are refused before they learn it is closed
    # supervision items (督办事项): the office creates and runs them in its place; the department answers its own;
    # every role reads what it may see (a reporter its department's)
    ("GET", "/api/v1/supervision/items", Call("/api/v1/supervision/items"), (U, A, A, A, A)),
    ("POST", "/api/v1/supervision", Call("/api/v1/supervision", json={
        "title": "矩阵督办", "requirement": "请答复", "answer_due": "2030-01-01", "lead": ["金乡县住房和城乡建设局"]}),
     (U, A, A, F, F)),
    ("POST", "/api/v1/supervision", Call("/api/v1/supervision", json={
        "title": "矩阵督办", "requirement": "请答复", "answer_due": "2030-01-01", "lead": ["赤峰市住房和城乡建设局"]}),
     (U, A, F, F, F)),
    ("POST", "/api/v1/supervision/from-warning", Call("/api/v1/supervision/from-warning",
                                                      json={"target_id": 14, "answer_due": "2030-01-01"}),
     (U, A, A, F, F)),
    ("GET", "/api/v1/supervision/{item_id}", Call(supervised("/api/v1/supervision/{}")), (U, A, A, A, A)),
    ("GET", "/api/v1/supervision/{item_id}", Call(supervised("/api/v1/supervision/{}", lead="金乡县发展和改革局")),
     (U, A, A, F, A)),
    ("POST", "/api/v1/supervision/{item_id}/issue", Call(supervised("/api/v1/supervision/{}/issue"), json={
        "issuer": "金乡县人民政府督查室", "doc_number": "金督办〔2026〕1号"}), (U, A, A, F, F)),
    ("POST", "/api/v1/supervision/{item_id}/answers", Call(supervised("/api/v1/supervision/{}/answers"),
                                                           files=answer_parts), (U, A, A, A, F)),
    ("POST", "/api/v1/supervision/{item_id}/answers",
     Call(supervised("/api/v1/supervision/{}/answers", lead="金乡县发展和改革局"), files=answer_parts),
     (U, A, A, F, F)),
    ("POST", "/api/v1/supervision/{item_id}/close", Call(supervised("/api/v1/supervision/{}/close", "answered")),
     (U, A, A, F, F)),
    ("POST", "/api/v1/supervision/{item_id}/return", Call(supervised("/api/v1/supervision/{}/return", "answered"),
                                                          json={"reason": "措施不具体"}), (U, A, A, F, F)),
    ("POST", "/api/v1/supervision/{item_id}/escalate", Call(supervised("/api/v1/supervision/{}/escalate"),
                                                            json={"record": "约谈记录"}), (U, A, A, F, F)),
    ("GET", "/api/v1/supervision/{item_id}/letter", Call(supervised("/api/v1/supervision/{}/letter")),
     (U, A, A, A, A)),
    ("GET", "/api/v1/evidence/{evidence_id}", Call(supervised("/api/v1/evidence/{}", evidence=True)),
     (U, A, A, A, A)),
    ("GET", "/api/v1/evidence/{evidence_id}",
     Call(supervised("/api/v1/evidence/{}", lead="金乡县发展和改革局", evidence=True)), (U, A, A, F, A)),
]


def app_routes(app: Any) -> set[tuple[str, str]]:
    """(method, path) of every API route the app serves."""
    return {(method, context.path) for context in iter_route_contexts(app.routes)
            if isinstance(context.original_route, APIRoute) and context.path.startswith("/api/v1")
            for method in context.methods}


@pytest.fixture(scope="module")
def served(api_demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Path, dict]]:
    """A client over a private copy of the demo ledger, and an API token for each demo account."""
    copy = tmp_path_factory.mktemp("authz") / "demo.db"
    shutil.copy(api_demo_db, copy)
    tokens = {role: user_token(copy, name) for role, name in ACCOUNTS.items()}
    with TestClient(RouteRecorder(create_app(copy))) as client:
        client.headers.update(WAIT_FOR_JOBS)
        yield client, copy, tokens


def test_every_api_route_has_a_row_and_every_row_a_route(api_demo_db: Path) -> None:
    routes = app_routes(create_app(api_demo_db))
    rows = {(method, route) for method, route, _, _ in MATRIX}
    assert routes - rows == set(), "API routes without a row in the authorization matrix"
    assert rows - routes == set(), "rows for routes the app no longer has"
    assert all(len(expected) == len(ROLES) for *_, expected in MATRIX)


@pytest.mark.parametrize(("method", "route", "call", "expected"), MATRIX,
                         ids=[f"{m} {c.path if isinstance(c.path, str) else r} {c.params or ''}".strip()
                              for m, r, c, _ in MATRIX])
def test_each_role_is_allowed_or_refused_as_the_matrix_says(served: tuple[TestClient, Path, dict], method: str,
                                                             route: str, call: Call, expected: tuple) -> None:
    client, ledger_path, tokens = served
    for role, want in zip(ROLES, expected, strict=True):
        headers = {"Authorization": f"Bearer {tokens[role]}"} if role in tokens else {}
        files = call.files(ledger_path) if call.files else None
        path = call.path if isinstance(call.path, str) else call.path(ledger_path)
        response = client.request(method, path, params=call.params, json=call.json, files=files,
                                  headers=headers)
        where = f"{role}: {method} {path} {call.params} → {response.status_code} {response.text[:300]}"
        if want == OK:
            assert 200 <= response.status_code < 300, where
            continue
        assert response.status_code == want, where
        error = response.json()["error"]
        assert (error["status"], error["code"]) == (want, CODES[want]), where
        assert error["message"], where
        if want == 401:
            assert response.headers["www-authenticate"] == "Bearer"


def test_a_reporter_is_told_why_another_departments_target_is_refused(served: tuple[TestClient, Path, dict]) -> None:
    client, _, tokens = served
    response = client.post("/api/v1/observations", json=entry(OTHERS),
                           headers={"Authorization": f"Bearer {tokens['reporter']}"})
    assert response.status_code == 403
    message = response.json()["error"]["message"]
    assert f"target {OTHERS} belongs to other departments" in message and "金乡县住房和城乡建设局" in message


def test_lists_are_narrowed_to_what_each_role_may_see(served: tuple[TestClient, Path, dict]) -> None:
    client, _, tokens = served

    def targets(role: str) -> list[dict]:
        response = client.get("/api/v1/targets", params={"limit": 1000},
                              headers={"Authorization": f"Bearer {tokens[role]}"})
        assert response.status_code == 200
        return response.json()["items"]

    everything, place, own = targets("administrator"), targets("coordinator"), targets("reporter")
    assert {t["jurisdiction_code"] for t in place} == {"370828"} < {t["jurisdiction_code"] for t in everything}
    assert targets("viewer") == place
    assert own and all("金乡县住房和城乡建设局" in t["departments"] for t in own)
    assert len(own) < len(place) < len(everything)
    departments = client.get("/api/v1/departments", headers={"Authorization": f"Bearer {tokens['reporter']}"})
    assert [d["name"] for d in departments.json()["items"]] == ["金乡县住房和城乡建设局"]


def test_a_bad_or_revoked_token_is_401(served: tuple[TestClient, Path, dict]) -> None:
    client, ledger_path, _ = served
    for header in ("Bearer gt_not-a-token", "Basic YWRtaW46eA==", "Bearer "):
        response = client.get("/api/v1/targets", headers={"Authorization": header})
        assert response.status_code == 401, header
        assert response.json()["error"]["code"] == "unauthorized"
    token = user_token(ledger_path, "viewer")
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    ledger = open_ledger(db=ledger_path)
    try:
        revoke_tokens(ledger, "viewer", token[:10])
    finally:
        ledger.close()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
