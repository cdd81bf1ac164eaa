"""`greentrack template` and `greentrack import` are thin: a refused sheet prints every problem, one per line, then
`Error: <file>: N problems, nothing imported` and exits non-zero; bad arguments are one line, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from greentrack.errors import ImportRejected
from greentrack.ledger.db import open_ledger
from greentrack.ledger.intake_template import DATA_SHEET
from greentrack.pipeline.records import PlanToStore

from .conftest import store_plans
from .intake_helpers import HOUSING


def run(*args: str, cwd: Path, db: Path) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GREENTRACK_")}
    environment["GREENTRACK_DB"] = str(db)
    return subprocess.run([sys.executable, "-m", "greentrack.cli", *args], capture_output=True, text=True, cwd=cwd,
                          env=environment, timeout=300)


@pytest.fixture()
def db(tmp_path: Path, seed_plans: tuple[PlanToStore, ...]) -> Path:
    path = tmp_path / "ledger.db"
    ledger = open_ledger(db=path)
    store_plans(ledger, seed_plans[:2])  # 金乡县's two plans
    ledger.close()
    return path


def test_template_then_import_from_the_command_line(tmp_path: Path, db: Path) -> None:
    made = run("template", "--department", "县住建局", "--out", "住建局.xlsx", cwd=tmp_path, db=db)
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith(f"wrote 住建局.xlsx: {HOUSING} · ")
    book = load_workbook(tmp_path / "住建局.xlsx")
    sheet = book[DATA_SHEET]
    sheet["G2"], sheet["H2"], sheet["J2"] = "2024", "约63%", "统计公报"  # not a number
    sheet["G3"], sheet["H3"], sheet["J3"] = "2024-13", 20, "台账"  # no such month
    book.save(tmp_path / "bad.xlsx")

    refused = run("import", "bad.xlsx", "--department", "县住建局", "--as-of", "2025-06-30", cwd=tmp_path, db=db)

    assert refused.returncode == ImportRejected.exit_code
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 3 and "Traceback" not in refused.stderr
    assert lines[0].startswith("bad.xlsx 第2行 row 2 H列 数值 value: 数值“约63%”不是数字")
    assert lines[1].startswith("bad.xlsx 第3行 row 3 G列 期间 period: 期间“2024-13”的月份不存在")
    assert lines[2] == "Error: bad.xlsx: 2 problems, nothing imported"

    sheet["H2"], sheet["G3"] = 63.1, "2024-12"
    book.save(tmp_path / "good.xlsx")
    done = run("import", "good.xlsx", "--department", "县住建局", "--as-of", "2025-06-30", cwd=tmp_path, db=db)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("good.xlsx: 新增 2 added · 覆盖 0 replaced · 已有相同 0 unchanged")
    again = run("import", "good.xlsx", "--department", "县住建局", "--as-of", "2025-06-30", cwd=tmp_path, db=db)
    assert again.returncode == 0 and "新增 0 added" in again.stdout and "已有相同 2 unchanged" in again.stdout


def test_bad_arguments_are_one_line_errors(tmp_path: Path, db: Path) -> None:
    unknown = run("template", "--department", "县住建", "--out", "x.xlsx", cwd=tmp_path, db=db)
    assert unknown.returncode == 2
    assert unknown.stderr.strip() == f"Error: unknown department '县住建' — did you mean: {HOUSING}?"
    wrong_suffix = run("template", "--department", "县住建局", "--out", "x.csv", cwd=tmp_path, db=db)
    assert wrong_suffix.returncode == 2 and "must name an .xlsx file" in wrong_suffix.stderr
    missing = run("import", "nowhere.xlsx", cwd=tmp_path, db=db)
    assert missing.returncode == 3 and missing.stderr.strip().startswith("Error: cannot read nowhere.xlsx")
    (tmp_path / "plan.docx").write_bytes(b"")
    unsupported = run("import", "plan.docx", cwd=tmp_path, db=db)
    assert unsupported.returncode == 2 and "must be .xlsx or .csv" in unsupported.stderr
