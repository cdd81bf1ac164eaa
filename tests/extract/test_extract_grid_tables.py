"""Targets from tables read as grids of cells, in every shape the spec's table conventions name, from .docx, .pdf
and .html alike: one record per value cell with its indicator, unit, year, scope, binding, baseline and
departments, and every quote a span of the normalised text."""

from __future__ import annotations

from pathlib import Path

import pytest

from greentrack.extract import extract_targets
from greentrack.models import Target
from greentrack.outline import build_outline
from greentrack.read import read_document
from read.table_fixtures import WRITERS, TableSpec

FORMATS = ["docx", "pdf", "html"]


def _targets(spec: TableSpec, fmt: str, tmp_path: Path) -> list[Target]:
    path = tmp_path / f"plan.{fmt}"
    WRITERS[fmt](spec, path)
    document = read_document(path)
    found = extract_targets(document, build_outline(document))
    for target in found:
        assert target.quote == document.text[target.start:target.end]
    return found


def _key(t: Target) -> tuple[object, ...]:
    return (t.indicator, t.value, t.unit, t.year, t.scope)


INDICATORS = TableSpec(
    caption="表1 某市“十四五”建筑节能主要指标",
    rows=[["序号", "指标", "2020年", "2025年", "指标属性", "责任单位"],
          ["1", "新建住宅全装修交付比例（%）", "42", "70", "约束性", "市住建局（牵头）、市发改委"],
          ["2", "既有居住建筑节能改造面积（万平方米）", "－", "260", "预期性", "市住建局"],
          ["3", "公共建筑单位面积能耗下降率（%）", "－", "12", "预期性", "市机关事务局"],
          ["4", "城市道路照明节能灯具普及率（%）", "88.5", "完成省下达任务", "预期性", "市城管局"]],
)


@pytest.mark.parametrize("fmt", FORMATS)
def test_indicator_rows_with_base_year_binding_and_departments(fmt: str, tmp_path: Path) -> None:
    found = {t.value: t for t in _targets(INDICATORS, fmt, tmp_path)}
    assert set(found) == {70, 260, -12}  # the fourth row's target is words, not a number
    share = found[70]
    assert (share.indicator, share.unit, share.year, share.comparator, share.kind) == (
        "新建住宅全装修交付比例", "%", 2025, ">=", "level")
    assert (share.baseline_value, share.baseline_year, share.binding) == (42, 2020, "约束性")
    assert share.departments == ("市住建局", "市发改委") and share.lead_departments == ("市住建局",)
    assert share.section[-1] == "某市“十四五”建筑节能主要指标"
    retrofit = found[260]
    assert (retrofit.unit, retrofit.kind, retrofit.comparator, retrofit.baseline_value) == (
        "万平方米", "cumulative", "=", None)
    assert retrofit.period_start is None  # one target column is no breakdown: the plan's period applies
    assert retrofit.departments == ("市住建局",) and retrofit.lead_departments == ()
    drop = found[-12]
    assert (drop.kind, drop.indicator, drop.reference_year) == ("change", "公共建筑单位面积能耗下降率", 2020)


BREAKDOWN = TableSpec(
    caption="表2 某市新建住宅全装修交付目标",
    rows=[["年份", "全装修交付比例（%）", "", "", "星级住宅比例（%）"],
          ["", "全市", "甲区", "乙区", "全市"],
          ["2023", "70%", "65%", "75%", "-"],
          ["2024", "80%", "85%", "80%", "30%"]],
    spans=[(0, 1, 0, 3), (0, 0, 1, 0)],
)


@pytest.mark.parametrize("fmt", FORMATS)
def test_year_per_row_and_area_per_column(fmt: str, tmp_path: Path) -> None:
    found = sorted(map(_key, _targets(BREAKDOWN, fmt, tmp_path)), key=str)
    assert found == sorted([
        ("全装修交付比例", 70.0, "%", 2023, "全市"), ("全装修交付比例", 65.0, "%", 2023, "甲区"),
        ("全装修交付比例", 75.0, "%", 2023, "乙区"), ("全装修交付比例", 80.0, "%", 2024, "全市"),
        ("全装修交付比例", 85.0, "%", 2024, "甲区"), ("全装修交付比例", 80.0, "%", 2024, "乙区"),
        ("星级住宅比例", 30.0, "%", 2024, "全市")], key=str)


YEARLY = TableSpec(
    caption="表3 光伏装机年度分解目标",
    rows=[["项目", "单位", "2023年", "2024年", "2025年", "总计", "属性"],
          ["新增建筑光伏装机容量", "万千瓦", "12", "15", "18", "45", "约束性"],
          ["公共机构屋顶光伏覆盖率", "%", "20", "35", "50", "—", "预期性"]],
)


@pytest.mark.parametrize("fmt", FORMATS)
def test_year_per_column_with_a_total(fmt: str, tmp_path: Path) -> None:
    found = _targets(YEARLY, fmt, tmp_path)
    solar = sorted((t.year, t.value, t.kind, t.binding, t.period_start) for t in found
                   if t.indicator == "新增建筑光伏装机容量")
    # a year's cell adds in that year alone; the total adds over every year column
    assert solar == [(2023, 12, "cumulative", "约束性", 2023), (2024, 15, "cumulative", "约束性", 2024),
                     (2025, 18, "cumulative", "约束性", 2025), (2025, 45, "cumulative", "约束性", 2023)]
    roofs = sorted((t.year, t.value, t.comparator) for t in found if t.indicator == "公共机构屋顶光伏覆盖率")
    assert roofs == [(2023, 20, ">="), (2024, 35, ">="), (2025, 50, ">=")]


QUALIFIED = TableSpec(
    caption="专栏2 某省“十四五”装配式建造推广目标",
    rows=[["主要指标", "2025年"],
          ["新开工项目装配式建造比例", "35%（全省）60%（重点发展地区）"],
          ["装配式建筑产业基地（个）", "10"]],
    note="（注：本表所列均为预期性指标；数值类指标为“十四五”期间累计值。）",
)


@pytest.mark.parametrize("fmt", FORMATS)
def test_bracketed_qualifier_is_the_scope_and_the_note_gives_binding(fmt: str, tmp_path: Path) -> None:
    found = _targets(QUALIFIED, fmt, tmp_path)
    assert sorted(map(_key, found), key=str) == sorted([
        ("新开工项目装配式建造比例", 35.0, "%", 2025, "全省"),
        ("新开工项目装配式建造比例", 60.0, "%", 2025, "重点发展地区"),
        ("装配式建筑产业基地", 10.0, "个", 2025, None)], key=str)
    assert {t.binding for t in found} == {"预期性"}
    assert next(t for t in found if t.value == 10).kind == "cumulative"


SAME_VALUE = TableSpec(
    caption="专栏3 某省“十四五”绿色建材推广目标",
    rows=[["主要指标", "2025年"],
          ["政府投资工程绿色建材应用比例", "40%（全省）40%（沿江地区）60%（中心城区）"]],
)


@pytest.mark.parametrize("fmt", FORMATS)
def test_two_areas_of_one_cell_with_one_value_are_two_records_with_their_own_ids(fmt: str, tmp_path: Path) -> None:
    found = _targets(SAME_VALUE, fmt, tmp_path)
    assert sorted((t.value, t.scope) for t in found) == [(40, "全省"), (40, "沿江地区"), (60, "中心城区")]
    assert len({t.id for t in found}) == 3  # the ledger keys a target by its id


AREAS = TableSpec(
    caption="表4 各区“十四五”既有建筑节能改造任务",
    rows=[["地区", "改造面积（万平方米）", "公共建筑能效提升（%）"],
          ["甲区", "30", "15"],
          ["北山县", "12", "10"]],
)


@pytest.mark.parametrize("fmt", FORMATS)
def test_area_per_row(fmt: str, tmp_path: Path) -> None:
    found = sorted(map(_key, _targets(AREAS, fmt, tmp_path)), key=str)
    assert found == sorted([
        ("改造面积", 30.0, "万平方米", 2025, "甲区"), ("改造面积", 12.0, "万平方米", 2025, "北山县"),
        ("公共建筑能效提升", 15.0, "%", 2025, "甲区"), ("公共建筑能效提升", 10.0, "%", 2025, "北山县")], key=str)


REVIEW = TableSpec(
    caption="表1 “十三五”建筑节能规划完成情况",
    before=["一、发展基础", "“十三五”期间取得明显成效。"],
    rows=[["序号", "任务", "单位", "规划目标", "完成情况"],
          ["1", "新增节能建筑面积", "万平方米", "8000", "9100"],
          ["2", "既有建筑节能改造", "万平方米", "300", "420"]],
)


@pytest.mark.parametrize("fmt", FORMATS)
def test_review_of_a_past_period_gives_nothing(fmt: str, tmp_path: Path) -> None:
    assert [t for t in _targets(REVIEW, fmt, tmp_path) if t.value in (8000, 9100, 300, 420)] == []


def test_a_table_of_words_is_left_to_the_prose_reader(tmp_path: Path) -> None:
    spec = TableSpec(caption="专栏3 重点工程", rows=[["工程", "主要内容"],
                                                  ["屋顶光伏工程", "到2025年，新建公共建筑屋顶光伏覆盖率达到50%。"]])
    found = _targets(spec, "docx", tmp_path)
    assert [(t.value, t.year) for t in found] == [(50.0, 2025)]
    assert "屋顶光伏覆盖率" in found[0].indicator


def test_a_restated_table_value_is_one_record_but_an_area_cell_is_its_own(tmp_path: Path) -> None:
    spec = TableSpec(
        caption="表2 某市新建住宅全装修交付目标",
        before=["一、发展目标", "到2024年，新建住宅全装修交付比例达到80%。"],
        rows=[["年份", "全装修交付比例（%）", ""], ["", "全市", "甲区"], ["2024", "80%", "80%"]],
        spans=[(0, 1, 0, 2), (0, 0, 1, 0)])
    found = [(t.value, t.year, t.scope) for t in _targets(spec, "docx", tmp_path)]
    assert sorted(found, key=str) == sorted([(80.0, 2024, None), (80.0, 2024, "全市"), (80.0, 2024, "甲区")],
                                            key=str)


CELL_PER_LINE = """三、发展目标
到2025年，建筑节能水平明显提高。
专栏一 某市建筑节能“十四五”目标
指标名称

2020 年底

2025 年底

属性

新建住宅全装修交付比
例（%）

42.5

70

约束性

880

1300

预期性

既有居住建筑节能改造面
积（万平方米）

—9—


第三章 重点任务
一、推进既有建筑改造
"""


def test_cell_per_line_text_table_gives_records_with_a_doubt() -> None:
    from .helpers import one, targets_of

    found = targets_of(CELL_PER_LINE)
    share = one(found, 70)
    assert (share.indicator, share.unit, share.year, share.deadline) == (
        "新建住宅全装修交付比例", "%", 2025, "2025-12-31")
    assert (share.baseline_value, share.baseline_year, share.binding) == (42.5, 2020, "约束性")
    assert "table_rebuilt" in share.doubts and share.confidence < 1
    retrofit = one(found, 1300)
    assert (retrofit.indicator, retrofit.unit, retrofit.kind, retrofit.baseline_value) == (
        "既有居住建筑节能改造面积", "万平方米", "cumulative", 880)
    assert retrofit.quote.startswith("1300") or "1300" in retrofit.quote


def test_caption_row_group_rows_and_numbered_rows(tmp_path: Path) -> None:
    spec = TableSpec(
        caption="附件",
        rows=[["某县“十四五”节能减排主要指标", "", "", ""],
              ["指标", "2020年", "2025年", "属性"],
              ["（一）能源利用", "", "", ""],
              ["1.单位建筑面积能耗降低率（%）", "--", "8", "约束性"],
              ["（二）示范创建", "", "", ""],
              ["2.绿色建筑示范区（个）", "1", "4", "预期性"]],
        spans=[(0, 0, 0, 3), (2, 0, 2, 3), (4, 0, 4, 3)])
    found = {t.value: t for t in _targets(spec, "docx", tmp_path)}
    assert set(found) == {-8, 4}
    assert found[-8].section[-2:] == ("某县“十四五”节能减排主要指标", "能源利用")
    areas = found[4]
    assert (areas.indicator, areas.scope, areas.baseline_value, areas.kind) == ("绿色建筑示范区", None, 1, "cumulative")


def test_past_period_columns_beside_new_targets(tmp_path: Path) -> None:
    spec = TableSpec(
        caption="表1 建筑节能指标",
        rows=[["指标", "单位", "“十三五”目标", "完成情况", "“十四五”目标"],
              ["新增节能建筑面积", "万平方米", "8000", "9100", "9500"]])
    found = _targets(spec, "docx", tmp_path)
    assert [(t.value, t.year) for t in found] == [(9500, 2025)]


def test_consecutive_years_are_all_targets(tmp_path: Path) -> None:
    spec = TableSpec(caption="表5 屋顶光伏覆盖率年度目标",
                     rows=[["指标", "2021年", "2022年"], ["公共机构屋顶光伏覆盖率（%）", "20", "30"]])
    found = sorted((t.year, t.value, t.baseline_value) for t in _targets(spec, "html", tmp_path))
    assert found == [(2021, 20, None), (2022, 30, None)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_unit_given_by_the_caption(fmt: str, tmp_path: Path) -> None:
    spec = TableSpec(caption="表6 各区既有建筑改造任务（单位：万平方米）",
                     rows=[["地区", "2024年", "2025年"], ["甲区", "20", "25"], ["北山县", "8", "10"]])
    found = sorted((t.scope, t.year, t.value, t.unit) for t in _targets(spec, fmt, tmp_path))
    assert found == [("北山县", 2024, 8, "万平方米"), ("北山县", 2025, 10, "万平方米"),
                     ("甲区", 2024, 20, "万平方米"), ("甲区", 2025, 25, "万平方米")]


def test_category_column_before_the_indicator_column(tmp_path: Path) -> None:
    spec = TableSpec(rows=[["类别", "指标名称", "单位", "目标值", "负责部门"],
                           ["能源利用", "可再生能源替代率", "%", "10", "市发改委"],
                           ["", "屋顶光伏装机容量", "万千瓦", "30", "市住建局、市能源局"]],
                     spans=[(1, 0, 2, 0)])
    found = {t.value: t for t in _targets(spec, "docx", tmp_path)}
    assert (found[10].indicator, found[10].year, found[10].departments) == ("可再生能源替代率", 2025, ("市发改委",))
    assert (found[30].indicator, found[30].departments) == ("屋顶光伏装机容量", ("市住建局", "市能源局"))


QUALIFIED_LINES = """二、发展目标
专栏 3 “十四五”时期某省建材推广具体目标
主要指标

2025 年

政府投资工程绿色建材应用比例

40%（全省）
40%（沿江地区）
60%（中心城区）

预拌砂浆使用比例

85%

（注：表中指标均为预期性指标。）
三、重点任务
"""


def test_two_areas_of_a_rebuilt_cell_with_one_value_have_their_own_ids() -> None:
    from .helpers import targets_of

    found = [t for t in targets_of(QUALIFIED_LINES) if "绿色建材" in t.indicator]
    assert sorted((t.value, t.scope) for t in found) == [(40, "全省"), (40, "沿江地区"), (60, "中心城区")]
    assert len({t.id for t in found}) == 3  # the ledger keys a target by its id
