"""Record writers keep the spec's field order and lose nothing between JSON Lines, CSV and Excel."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from greentrack.errors import UsageError
from greentrack.models import Target
from greentrack.reports.records import write_csv, write_jsonl, write_records, write_xlsx

TARGET = Target(id="t1", doc="plan.txt", indicator="充电桩", comparator="=", value=1600.0, unit="个", year=2025,
                deadline=None, kind="cumulative", reference_year=None, baseline_value=None, baseline_year=None,
                scope="全县", aspirational=False, binding=None, departments=("县住建局", "县发改局"),
                lead_departments=("县住建局",), section=("推动基础设施绿色升级", "推进城乡基础设施一体化"),
                quote="充电桩1600个", start=10, end=19)


def test_jsonl_keeps_lists_and_chinese() -> None:
    buffer = io.StringIO()
    write_jsonl([TARGET], buffer)
    line = buffer.getvalue()
    assert "充电桩" in line
    record = json.loads(line)
    assert record["departments"] == ["县住建局", "县发改局"]
    assert list(record)[:3] == ["id", "doc", "indicator"]


def test_csv_joins_names_and_section_path() -> None:
    buffer = io.StringIO()
    write_csv([TARGET], buffer)
    header, row = buffer.getvalue().splitlines()
    cells = dict(zip(header.split(","), row.split(","), strict=True))
    assert cells["departments"] == "县住建局、县发改局"
    assert cells["section"] == "推动基础设施绿色升级 > 推进城乡基础设施一体化"
    assert cells["aspirational"] == "false"


def test_xlsx_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    write_xlsx([TARGET], path)
    sheet = load_workbook(path).active
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["value"] == 1600 and row["quote"] == "充电桩1600个" and sheet.freeze_panes == "A2"


def test_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown format 'pdf' — choose one of jsonl, csv, xlsx"):
        write_records([TARGET], "pdf", None, io.StringIO())
