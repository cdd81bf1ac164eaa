"""`greentrack cycle …` is thin: open, list, status (text and JSON), remind, sheet and close print one line or a table
from the service; a refused step is one `Error:` line and a non-zero exit, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook


def run(*args: str, cwd: Path, db: Path, user: str | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GREENTRACK_")}
    environment["GREENTRACK_DB"] = str(db)
    if user:
        environment["GREENTRACK_USER"] = user
    return subprocess.run([sys.executable, "-m", "greentrack.cli", "cycle", *args], capture_output=True, text=True,
                          cwd=cwd, env=environment, timeout=300)


def test_a_cycle_from_the_command_line(tmp_path: Path, demo_ledger_copy: Path) -> None:
    db = demo_ledger_copy
    opened = run("open", "2025年度", "--place", "金乡县", "--period", "2025", "--due", "2099-01-31", "--opens",
                 "2025-12-01", "--target", "14", "--target", "18", cwd=tmp_path, db=db, user="jinxiang")
    assert opened.returncode == 0, opened.stderr
    assert opened.stdout.startswith("#1 2025年度 · 金乡县 · 期间 2025 · 截止 due 2099-01-31 · "
                                    "2 目标 targets, 0 任务 tasks")
    assert "#1 2025年度" in run("list", cwd=tmp_path, db=db).stdout
    status = json.loads(run("status", "1", "--json", cwd=tmp_path, db=db).stdout)
    assert {d["department"]: d["state"] for d in status["departments"]} == {
        "金乡县住房和城乡建设局": "not_yet", "金乡县自然资源和规划局": "not_yet", "金乡县综合行政执法局": "not_yet"}
    table = run("status", "1", cwd=tmp_path, db=db).stdout
    assert "未报" in table and "金乡县" in table
    reminded = run("remind", "1", "--department", "住建局", "--message", "请尽快报送", cwd=tmp_path, db=db)
    assert reminded.returncode == 0
    assert reminded.stdout.strip() == "催报 reminder #1 → 金乡县住房和城乡建设局: 请尽快报送"
    sheet = run("sheet", "1", "--department", "住建局", "-o", "住建局.xlsx", cwd=tmp_path, db=db)
    assert sheet.stdout.strip() == "wrote 住建局.xlsx: 金乡县住房和城乡建设局 · 2 目标 targets", sheet.stderr
    rows = list(load_workbook(tmp_path / "住建局.xlsx").worksheets[0].iter_rows(min_row=2, max_row=3, values_only=True))
    assert [(r[0], r[6]) for r in rows] == [("14", "2025"), ("18", "2025")]
    refused = run("close", "1", cwd=tmp_path, db=db, user="viewer")
    assert refused.returncode != 0 and refused.stderr.startswith("Error: viewer") and "Traceback" not in refused.stderr
    assert "已关闭 closed" in run("close", "1", cwd=tmp_path, db=db).stdout
    again = run("close", "1", cwd=tmp_path, db=db)
    assert again.returncode == 2 and again.stderr.startswith("Error: cycle 1 (2025年度) was closed already")
