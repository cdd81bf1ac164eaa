"""Reporting sheets are read from .xlsx and from UTF-8/GBK .csv with Chinese or English headers; a bad file is named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import Workbook

from greentrack.errors import CorruptDocument, DocumentNotFound, UndecodableText, UnsupportedFormat
from greentrack.ledger.intake_read import header_field, read_sheet

from .intake_helpers import write_csv, write_xlsx

ROW = ("101", "常住人口城镇化率", "2024", "62.3", "%", "县统计局", "")


@pytest.mark.parametrize(("header", "field"), [
    ("目标编号 target id", "target_id"), ("Target ID", "target_id"), ("target_id", "target_id"), ("编号", "target_id"),
    ("期间 period", "period"), ("Period", "period"), ("年份", "period"), ("数值 value", "value"),
    ("完成值", "value"), ("VALUE", "value"), ("单位", "unit"), ("Unit", "unit"), ("数据来源", "source"),
    ("Source", "source"), ("备注 note", "note"), ("Remarks", "note"), ("*数值（value）", "value"),
    ("目标值 target", None), ("指标 indicator", None), ("完成时限 deadline", None), ("牵头 lead", None), (None, None),
])
def test_headers_are_known_in_chinese_or_english(header: object, field: str | None) -> None:
    assert header_field(header) == field


def test_xlsx_rows_keep_their_spreadsheet_numbers_and_columns(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [ROW, [None] * 7, ("107", "污泥", "2023", 96, "%", "台账", "")])
    sheet = read_sheet(path)
    assert sheet.problems == ()
    assert [row.number for row in sheet.rows] == [2, 4]  # the empty row 3 is not a row to check
    value = sheet.rows[1].cell("value")
    assert (value.value, value.column, value.header) == (96, "D", "数值 value")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_utf8_or_gbk_reads_the_same(tmp_path: Path, encoding: str) -> None:
    path = write_csv(tmp_path / f"r-{encoding}.csv", [ROW], encoding=encoding)
    sheet = read_sheet(path)
    assert sheet.problems == ()
    assert [c.value for c in sheet.rows[0].cells.values()] == ["101", "2024", "62.3", "%", "县统计局", ""]


def test_english_headers_in_another_order(tmp_path: Path) -> None:
    header = ("Source", "Value", "Unit", "Period", "Target ID")
    sheet = read_sheet(write_csv(tmp_path / "en.csv", [("年鉴", "62.3", "%", "2024", "101")], header))
    row = sheet.rows[0]
    assert (row.cell("target_id").value, row.cell("period").column, row.cell("note").value) == ("101", "D", None)


def test_a_title_line_above_the_header_is_passed_over(tmp_path: Path) -> None:
    rows = [("目标编号", "期间", "数值", "单位", "来源"), ("101", "2024", 60, "%", "x")]
    path = write_xlsx(tmp_path / "titled.xlsx", rows, header=("金乡县住建局 2024年 监测数据",))
    sheet = read_sheet(path)
    assert sheet.problems == () and sheet.rows[0].number == 3


def test_missing_and_repeated_columns_are_all_reported(tmp_path: Path) -> None:
    header = ("目标编号", "期间", "数值", "Value", "备注")
    sheet = read_sheet(write_csv(tmp_path / "cols.csv", [("101", "2024", "1", "1", "")], header))
    assert [(p.row, p.column, p.header) for p in sheet.problems] == [
        (1, "D", "Value"), (1, "", "单位 unit"), (1, "", "来源 source")]
    assert "重复" in sheet.problems[0].reason and "缺少" in sheet.problems[1].reason


def test_a_sheet_without_a_header_is_one_problem(tmp_path: Path) -> None:
    sheet = read_sheet(write_csv(tmp_path / "none.csv", [("1", "2")], header=("a", "b")))
    assert len(sheet.problems) == 1 and "找不到表头" in sheet.problems[0].reason


def test_the_report_sheet_is_found_among_others(tmp_path: Path) -> None:
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "说明"
    first.append(["请填写第二个工作表"])
    report = book.create_sheet("填报 report")
    report.append(list(("目标编号", "期间", "数值", "单位", "来源")))
    report.append(["101", "2024", 61, "%", "年鉴"])
    book.save(tmp_path / "two.xlsx")
    assert read_sheet(tmp_path / "two.xlsx").rows[0].cell("value").value == 61


def test_unreadable_files_raise_errors_that_name_them(tmp_path: Path) -> None:
    with pytest.raises(DocumentNotFound, match=re.escape("absent.xlsx")):
        read_sheet(tmp_path / "absent.xlsx")
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(UnsupportedFormat, match=re.escape("save it as .xlsx")):
        read_sheet(tmp_path / "old.xls")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(CorruptDocument, match=re.escape("broken.xlsx")):
        read_sheet(tmp_path / "broken.xlsx")
    (tmp_path / "binary.csv").write_bytes(bytes(range(256)) * 4)
    with pytest.raises(UndecodableText, match=re.escape("binary.csv")):
        read_sheet(tmp_path / "binary.csv")
