"""Tables whose rows keep their cells on one line (a plan pasted from Word or a spreadsheet into a .txt): read
as grids, so the same table gives the same records from .txt as from .docx — indicators, years per column,
areas per row or per column, units, binding; and lines that do not line up are left to the other readers."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.test_extract_grid_tables import AREAS, INDICATORS, REVIEW, YEARLY
from greentrack.extract import extract_targets
from greentrack.models import Target
from greentrack.outline import build_outline
from greentrack.read import read_document
from read.table_fixtures import WRITERS, TableSpec

DISTRICT_ROWS = TableSpec(
    caption="表2 各区城镇新建建筑中绿色建筑占比目标（%）",
    rows=[["区域", "2023年", "2024年", "2025年"],
          ["甲区", "70", "80", "90"],
          ["北山县", "65", "75", "85"]],
)
DISTRICT_COLUMNS = TableSpec(
    caption="表3 各区绿色建筑占比目标（单位：%）",
    rows=[["年份", "全市", "甲区", "北山县"],
          ["2023年", "70", "80", "90"],
          ["2025年", "75", "85", "95"]],
)


def _write_text(spec: TableSpec, path: Path, between: str) -> None:
    lines = [*spec.before, spec.caption, *(between.join(row) for row in spec.rows), *spec.after]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _records(path: Path) -> list[tuple[object, ...]]:
    document = read_document(path)
    found: list[Target] = extract_targets(document, build_outline(document))
    assert all(t.quote == document.text[t.start:t.end] for t in found)
    return sorted(((t.indicator, t.value, t.unit, t.year, t.scope, t.kind, t.comparator, t.binding, t.baseline_value)
                   for t in found), key=str)


@pytest.mark.parametrize("spec", [INDICATORS, YEARLY, AREAS, DISTRICT_ROWS, DISTRICT_COLUMNS, REVIEW],
                         ids=["indicators", "yearly", "areas", "district-rows", "district-columns", "review"])
@pytest.mark.parametrize("between", ["\t", "   "], ids=["tabs", "spaces"])
def test_a_text_table_gives_what_its_word_table_gives(spec: TableSpec, between: str, tmp_path: Path) -> None:
    WRITERS["docx"](spec, tmp_path / "plan.docx")
    _write_text(spec, tmp_path / "plan.txt", between)
    assert _records(tmp_path / "plan.txt") == _records(tmp_path / "plan.docx")


def test_district_rows_take_the_indicator_and_unit_from_the_caption(tmp_path: Path) -> None:
    _write_text(DISTRICT_ROWS, tmp_path / "plan.txt", "\t")
    found = _records(tmp_path / "plan.txt")
    assert [(i, v, u, y, s) for i, v, u, y, s, *_ in found][:3] == [
        ("城镇新建建筑中绿色建筑占比", 65.0, "%", 2023, "北山县"),
        ("城镇新建建筑中绿色建筑占比", 70.0, "%", 2023, "甲区"),
        ("城镇新建建筑中绿色建筑占比", 75.0, "%", 2024, "北山县")]
    assert len(found) == 6


def test_a_name_spread_by_justification_is_one_cell(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("一、发展目标\n表1 主要指标\n指标 单位 2025年 属性\n绿 色社区创建比例 % 60 预期性\n"
                    "公共建筑能耗强度下降 % 5 约束性\n二、重点任务\n", encoding="utf-8")
    document = read_document(path)
    [table] = build_outline(document).tables
    assert table.grid is not None and table.rows[0] == ("绿色社区创建比例", "%", "60", "预期性")
    assert [(t.indicator, t.value, t.year, t.binding) for t in extract_targets(document, build_outline(document))] == [
        ("绿色社区创建比例", 60, 2025, "预期性"), ("公共建筑能耗强度下降", -5, 2025, "约束性")]


def test_rows_that_do_not_line_up_are_no_aligned_grid(tmp_path: Path) -> None:
    # The second row wraps its name over two lines: the line reader's form, not a grid of one row per line.
    path = tmp_path / "plan.txt"
    path.write_text("一、发展目标\n表1 主要指标\n序号 指标 2020年 2025年 属性\n"
                    "1 新建住宅全装修交付比例（%） 42 70 约束性\n"
                    "2 既有居住建筑节能改造\n面积（万平方米） — 260 预期性\n二、重点任务\n", encoding="utf-8")
    document = read_document(path)
    tables = build_outline(document).tables
    assert all(t.grid is None or len(t.grid.rows) <= 2 for t in tables)
    values = sorted(t.value for t in extract_targets(document, build_outline(document)))
    assert values == [70, 260]  # the line reader still reads both rows
