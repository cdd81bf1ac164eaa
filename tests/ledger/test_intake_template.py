"""A department's template lists exactly its targets, guards its cells, and reads back through the import unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from greentrack.ledger.intake import compatible_units, plan_import, write_template
from greentrack.ledger.intake_template import DATA_SHEET, HELP_SHEET, LISTS_SHEET

from .intake_helpers import AS_OF, HOUSING, TARGETS

MINE = [t for t in TARGETS if HOUSING in t.departments]


@pytest.fixture()
def template(tmp_path: Path) -> Path:
    summary = write_template(tmp_path / "住建局.xlsx", HOUSING, MINE, AS_OF)
    assert (summary.department, summary.targets, summary.extra_rows) == (HOUSING, 7, 20)
    return summary.path


def _sheet(path: Path) -> Worksheet:
    return load_workbook(path)[DATA_SHEET]


def test_one_row_per_target_with_what_the_reporter_needs(template: Path) -> None:
    sheet = _sheet(template)
    header = [c.value for c in sheet[1]]
    assert header == ["目标编号 target id", "规划 plan", "指标 indicator", "目标值 target", "完成时限 deadline",
                      "牵头 lead", "期间 period", "数值 value", "单位 unit", "来源 source", "备注 note"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2, max_row=8)]
    assert [r[0] for r in rows] == ["101", "102", "103", "104", "105", "106", "107"]
    assert rows[0][2:6] == ["常住人口城镇化率", "≥ 65%", "2026", "是"]
    assert rows[1][3:6] == ["累计 = 200万平方米（填当年新增）", "2025", "是"]
    assert rows[3][5] == "否"
    assert rows[5][3] == "变化 ≥ -5%（填变化幅度）"  # an unresolved change: the change itself is reported
    assert [r[8] for r in rows] == ["%", "万平方米", "万平方米", "个", "平方米/人", "%", "%"]
    assert all(r[6] is None and r[7] is None for r in rows)


def test_target_cells_are_locked_and_fill_cells_open(template: Path) -> None:
    sheet = _sheet(template)
    assert sheet.protection.sheet and sheet.freeze_panes == "B2"
    assert all(sheet.cell(2, column).protection.locked for column in range(1, 7))
    assert not any(sheet.cell(2, column).protection.locked for column in range(7, 12))
    assert not sheet.cell(9, 1).protection.locked  # a blank row below: the id is picked from the list
    assert sheet.cell(2, 7).number_format == "@"  # periods stay text, so 2024-06 is not turned into a date
    assert sheet.column_dimensions["C"].width == 34


def _validations(sheet: Worksheet) -> dict[str, tuple[str, str | None, str | None]]:
    found = {}
    for rule in sheet.data_validations.dataValidation:
        for cells in str(rule.sqref).split():
            found[cells] = (rule.type, rule.formula1, rule.formula2)
    return found


def test_cells_validate_numbers_units_ids_and_periods(template: Path) -> None:
    book = load_workbook(template)
    sheet, lists = book[DATA_SHEET], book[LISTS_SHEET]
    rules = _validations(sheet)
    assert rules["H2"] == ("decimal", "0", "100")  # 城镇化率 is a share
    assert rules["H5"] == ("decimal", "0", None)  # 充电桩 cannot be negative
    assert rules["H7"] == ("decimal", "-1E+15", "1E+15")  # a change may be negative
    assert rules["G2:G28"][0] == "custom" and "--RIGHT(G2,2)<=12" in str(rules["G2:G28"][1])
    kind, source, _ = rules["I3"]
    assert kind == "list"
    column = str(source).split("!")[1].split(":")[0].replace("$", "")[0]
    assert [c.value for c in lists[column] if c.value][1:] == compatible_units("万平方米")
    assert rules["A9:A28"][0] == "list"
    assert [c.value for c in lists["A"] if c.value][1:] == ["101", "102", "103", "104", "105", "106", "107"]
    assert lists.sheet_state == "hidden"


def test_compatible_units_put_the_target_unit_first() -> None:
    assert compatible_units("万平方米")[:2] == ["万平方米", "平方米"] and "亩" in compatible_units("万平方米")
    assert compatible_units("个") == ["个", "万个"]
    assert compatible_units("%") == ["%", "‰"]
    assert compatible_units("平方米/人")[0] == "平方米/人" and "平方米/万人" in compatible_units("平方米/人")
    assert compatible_units("年一遇") == ["年一遇"]


def test_instructions_are_in_chinese_and_name_the_department(template: Path) -> None:
    text = "\n".join(str(c.value) for c in load_workbook(template)[HELP_SHEET]["A"] if c.value)
    assert text.startswith(f"{HOUSING} 监测数据填报表 填报说明")
    assert "目标数：7（其中牵头 2 项）" in text
    assert f"greentrack import 本文件.xlsx --department {HOUSING}" in text
    assert "2024-06" in text and "--replace" in text


def test_a_filled_template_imports_cleanly(template: Path, tmp_path: Path) -> None:
    book = load_workbook(template)
    sheet = book[DATA_SHEET]
    for row, period, value in ((2, "2024", 62.3), (3, "2024", 150), (8, "2023", 96.5)):
        sheet.cell(row, 7, period)
        sheet.cell(row, 8, value)
        sheet.cell(row, 10, "住建局台账")
    sheet.cell(9, 1, "101")  # a second period of 城镇化率 on a blank row
    sheet.cell(9, 7, "2023")
    sheet.cell(9, 8, 60.8)
    sheet.cell(9, 9, "%")
    sheet.cell(9, 10, "统计公报")
    filled = tmp_path / "filled.xlsx"
    book.save(filled)
    plan = plan_import(filled, TARGETS, department=HOUSING, as_of=AS_OF)
    assert plan.problems == ()
    assert [(o.target_id, o.period, o.value) for o in plan.observations] == [
        ("101", "2024", 62.3), ("102", "2024", 150.0), ("107", "2023", 96.5), ("101", "2023", 60.8)]
    assert plan.skipped == (4, 5, 6, 7)
