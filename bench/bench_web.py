"""Server-side time of each API route and dashboard page on the demo ledger (median of repeated requests).

    python bench/bench_web.py [--repeat 20] [--db PATH]

Builds a fresh demo ledger (the seed plans and 示例数据) unless `--db` names one, opens the app once
and sends each request `--repeat` times through Starlette's TestClient (in process, no network). The
time is measured around the app's ASGI call — routing, the service call, the database, rendering and
serialising — so the client's own work is left out. The first request of each row is a warm-up and
not counted. Writes (POST) run against a scratch copy of the ledger so every repeat sees the same data.

Rows are (kind, label, method, path, request keywords): API rows here, dashboard rows in PAGES; add a
tuple to time another route.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_api_load import bench_token
from fastapi.testclient import TestClient
from measure import Figure

from greentrack.services.demo import build_demo
from greentrack.services.documents import sample_paths
from greentrack.web import create_app

AS_OF = "2025-06-30"
Row = tuple[str, str, str, str, dict[str, Any]]

API: list[Row] = [
    ("api", "index", "GET", "/api/v1", {}),
    ("api", "documents", "GET", "/api/v1/documents", {}),
    ("api", "document + outline", "GET", "/api/v1/documents/1", {"params": {"as_of": AS_OF}}),
    ("api", "document text + spans", "GET", "/api/v1/documents/1/text", {}),
    ("api", "targets (page of 50)", "GET", "/api/v1/targets", {"params": {"as_of": AS_OF}}),
    ("api", "targets (all, 1000)", "GET", "/api/v1/targets", {"params": {"as_of": AS_OF, "limit": 1000}}),
    ("api", "targets ?department", "GET", "/api/v1/targets", {"params": {"as_of": AS_OF, "department": "住建局"}}),
    ("api", "targets ?status&year", "GET", "/api/v1/targets",
     {"params": {"as_of": AS_OF, "status": "lagging", "year": 2025}}),
    ("api", "target detail", "GET", "/api/v1/targets/14", {"params": {"as_of": AS_OF}}),
    ("api", "observations ?target", "GET", "/api/v1/observations", {"params": {"target_id": 14}}),
    ("api", "observations (all)", "GET", "/api/v1/observations", {"params": {"limit": 1000}}),
    ("api", "status summary", "GET", "/api/v1/status", {"params": {"as_of": AS_OF}}),
    ("api", "warnings", "GET", "/api/v1/warnings", {"params": {"as_of": AS_OF}}),
    ("api", "supervision", "GET", "/api/v1/supervision", {"params": {"as_of": AS_OF}}),
    ("api", "departments", "GET", "/api/v1/departments", {"params": {"as_of": AS_OF}}),
    ("api", "department detail", "GET", "/api/v1/departments/3", {"params": {"as_of": AS_OF}}),
    ("api", "comparisons", "GET", "/api/v1/comparisons", {}),
    ("api", "comparison", "GET", "/api/v1/comparisons/reclaimed_water_utilisation_rate",
     {"params": {"as_of": AS_OF}}),
    ("api", "export xlsx", "GET", "/api/v1/export", {"params": {"format": "xlsx", "as_of": AS_OF}}),
    ("api", "export csv", "GET", "/api/v1/export", {"params": {"format": "csv", "as_of": AS_OF}}),
    ("api", "export json", "GET", "/api/v1/export", {"params": {"format": "json", "as_of": AS_OF}}),
    ("api", "openapi.json", "GET", "/api/v1/openapi.json", {}),
    ("api", "observation (same value: no-op)", "POST", "/api/v1/observations",
     {"params": {"as_of": AS_OF}, "json": {"target_id": 14, "period": "2024", "value": 38.9, "unit": "%",
                                            "source": "示例数据 illustrative", "note": "虚构数值，仅供演示"}}),
    ("api", "observation (rejected, 422)", "POST", "/api/v1/observations",
     {"json": {"target_id": 14, "period": "2031", "value": "x", "unit": "%", "source": ""}}),
    ("api", "document upload (bytes already stored)", "POST", "/api/v1/documents",
     {"files": {"file": ("plan.txt", sample_paths()[0].read_bytes())}}),
    ("api", "tasks 任务进展 (all)", "GET", "/api/v1/tasks", {"params": {"as_of": AS_OF}}),
    ("api", "task progress + history", "GET", "/api/v1/tasks/7/progress", {"params": {"as_of": AS_OF}}),
    ("api", "task warnings", "GET", "/api/v1/task-warnings", {"params": {"as_of": AS_OF}}),
    ("api", "task report (one evidence file)", "POST", "/api/v1/tasks/7/progress",
     {"params": {"as_of": AS_OF}, "data": {"state": "in_progress", "note": "推进中"},
      "files": {"files": ("进度.txt", "已完成六成".encode())}}),
]

WAIT = {"Prefer": "wait=600"}  # uploads are jobs: the timed call waits for the outcome, as it did before them

BAD_SHEET = ("目标编号 target id,期间 period,数值 value,单位 unit,来源 source,备注 note\n"
             "14,2024,很多,%,统计局,\n14,明年,50,%,统计局,\n999999,2024,50,%,统计局,\n").encode()
PAGES: list[Row] = [  # the dashboard's pages (HTML rendered on the server), each assessed on AS_OF
    ("page", "overview 总览", "GET", "/", {"params": {"as_of": AS_OF}}),
    ("page", "overview 总览 (English)", "GET", "/", {"params": {"as_of": AS_OF, "lang": "en"}}),
    ("page", "ledger 台账 (page 1 of 25)", "GET", "/ledger", {"params": {"as_of": AS_OF}}),
    ("page", "ledger ?department&status", "GET", "/ledger",
     {"params": {"as_of": AS_OF, "department": "金乡县住房和城乡建设局", "status": "overdue"}}),
    ("page", "ledger sorted by progress, page 2", "GET", "/ledger",
     {"params": {"as_of": AS_OF, "sort": "progress", "order": "desc", "page": 2}}),
    ("page", "target 目标 (quote in document, chart)", "GET", "/targets/14", {"params": {"as_of": AS_OF}}),
    ("page", "documents 规划文件", "GET", "/documents", {}),
    ("page", "document + outline", "GET", "/documents/1", {"params": {"as_of": AS_OF}}),
    ("page", "departments 责任部门", "GET", "/departments", {"params": {"as_of": AS_OF}}),
    ("page", "department + 督办清单", "GET", "/departments/3", {"params": {"as_of": AS_OF}}),
    ("page", "comparison 横向比较", "GET", "/compare",
     {"params": {"as_of": AS_OF, "indicator": "reclaimed_water_utilisation_rate"}}),
    ("page", "upload forms", "GET", "/upload", {}),
    ("page", "upload bad sheet (422, every problem)", "POST", "/upload/data",
     {"params": {"as_of": AS_OF}, "files": {"file": ("填报表.csv", BAD_SHEET)}}),
    ("page", "tasks 任务进展", "GET", "/tasks", {"params": {"as_of": AS_OF}}),
    ("page", "task + history + report form", "GET", "/tasks/7", {"params": {"as_of": AS_OF}}),
    ("page", "my work 我的工作 (the place's summary)", "GET", "/my", {"params": {"as_of": AS_OF}}),
    ("page", "not found (404 page)", "GET", "/targets/999999", {}),
]


class Timed:
    """An ASGI wrapper keeping the duration of the last call to the app."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.last = 0.0

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        began = time.perf_counter()
        try:
            await self.app(scope, receive, send)
        finally:
            self.last = time.perf_counter() - began


def measure_row(client: TestClient, timed: Timed, row: Row, repeat: int) -> tuple[int, list[float]]:
    """The status of the row's request and the server-side seconds of each counted repeat."""
    _, _, method, path, keywords = row
    status = client.request(method, path, **keywords).status_code  # warm-up
    timings = []
    for _ in range(repeat):
        client.request(method, path, **keywords)
        timings.append(timed.last)
    return status, timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--db", type=Path, help="an existing ledger to copy (default: a fresh demo ledger)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="greentrack-bench-") as folder:
        db = Path(folder) / "bench.db"
        if args.db:
            shutil.copy(args.db, db)
        else:
            began = time.perf_counter()
            build_demo(db)
            print(f"demo ledger built in {time.perf_counter() - began:.1f} s")
        timed = Timed(create_app(db))
        rows = API + PAGES
        print(f"\nserver-side time per request, median of {args.repeat} (after one warm-up); as_of {AS_OF}\n")
        print("| kind | route | status | median ms | min ms | max ms |")
        print("|---|---|---:|---:|---:|---:|")
        with TestClient(timed, headers={"Authorization": f"Bearer {bench_token(db)}", **WAIT}) as client:
            for row in rows:
                status, timings = measure_row(client, timed, row, args.repeat)
                ms = [t * 1000 for t in timings]
                print(f"| {row[0]} | {row[2]} {row[1]} | {status} | {statistics.median(ms):.1f} | "
                      f"{min(ms):.1f} | {max(ms):.1f} |")


def measure(repeat: int = 5) -> list[Figure]:
    """Median server-side time over every API route and every dashboard page on a fresh demo ledger."""
    with tempfile.TemporaryDirectory(prefix="greentrack-bench-") as folder:
        db = Path(folder) / "bench.db"
        build_demo(db)
        timed = Timed(create_app(db))
        found: dict[str, list[float]] = {"api": [], "page": []}
        with TestClient(timed, headers={"Authorization": f"Bearer {bench_token(db)}", **WAIT}) as client:
            for row in API + PAGES:
                _, timings = measure_row(client, timed, row, repeat)
                found[row[0]].append(statistics.median(timings) * 1000)
    return [Figure(f"demo ledger: median of the {len(ms)} {kind} routes' median server time", statistics.median(ms),
                   "ms") for kind, ms in found.items()] + [
        Figure(f"demo ledger: slowest {kind} route's median server time", max(ms), "ms") for kind, ms in found.items()]


if __name__ == "__main__":
    main()
