"""Indicator tables in layouts other than the seeds': cell-per-line rows, a unit column, no 属性 column."""

from __future__ import annotations

from greentrack.extract.tables import _Columns, parse_row

from .helpers import one, targets_of

CELL_PER_LINE = """某某市“十四五”建筑节能与绿色建筑发展规划
表1 主要指标
序号
指标名称
单位
2020年
2025年
指标属性
1
城镇新建建筑中绿色建筑
面积占比
%
76.5
100
约束性
2
既有建筑节能改造面积
万平方米
--
300
预期性
3
城镇新建建筑能效提升
%
/
完成省下达任务
约束性
注：既有建筑节能改造面积为五年累计值。
二、重点任务
"""


def test_cell_per_line_table() -> None:
    found = targets_of(CELL_PER_LINE)
    share = one(found, 100)
    assert share.indicator == "城镇新建建筑中绿色建筑面积占比"
    assert (share.unit, share.year, share.baseline_value, share.baseline_year) == ("%", 2025, 76.5, 2020)
    assert (share.binding, share.comparator, share.kind) == ("约束性", ">=", "level")
    retrofit = one(found, 300)
    assert (retrofit.unit, retrofit.baseline_value, retrofit.binding) == ("万平方米", None, "预期性")
    assert len(found) == 2  # the third row's target is not a number


def test_row_with_departments_and_no_binding_column() -> None:
    columns = _Columns(years=(2020, 2025), target_year=2025, baseline_year=2020, has_unit_column=False)
    row = parse_row(["3.城市污水处理率(%) 95 98 市水务局、市住建局"], columns)
    assert row is not None
    assert (row["indicator"], row["value"], row["unit"], row["baseline_value"]) == ("城市污水处理率", 98.0, "%", 95.0)
    assert row["departments"] == ("市水务局", "市住建局")


def test_decrease_row_is_a_change_and_ceiling_row_is_lower_better() -> None:
    columns = _Columns(years=(2020, 2025), target_year=2025, baseline_year=2020, has_unit_column=False)
    drop = parse_row(["4.单位GDP能耗降低(%) -- 14 约束性"], columns)
    assert drop is not None and (drop["kind"], drop["value"], drop["reference_year"]) == ("change", -14.0, 2020)
    pm = parse_row(["5.细颗粒物（PM2.5）年均浓度（微克/立方米） 38 33 约束性"], columns)
    assert pm is not None and (pm["comparator"], pm["unit"], pm["value"]) == ("<=", "微克/立方米", 33.0)


def test_non_numeric_target_cell_gives_no_row() -> None:
    columns = _Columns(years=(2020, 2025), target_year=2025, baseline_year=2020, has_unit_column=False)
    assert parse_row(["6.单位地区生产总值二氧化碳排放降低(%) [18] 完成市分解任务 约束性"], columns) is None


ROW_PER_LINE_NO_YEARS = """某某县城乡建设绿色发展实施方案
一、主要目标
到2025年，主要指标如下表。
表1 某某县城乡建设绿色发展主要指标
序号 指标名称 单位 基期值 目标值 指标属性
1 城镇新建建筑中绿色建筑占比 % 60 100 约束性
2 既有建筑节能改造面积 万平方米 — 50 预期性
3 城市道路长度 公里 120.5 150 预期性
二、重点任务
（一）推进绿色建筑。加强组织领导。
"""


def test_a_target_column_without_a_year_takes_the_year_of_the_sentence_introducing_the_table() -> None:
    found = {t.value: t for t in targets_of(ROW_PER_LINE_NO_YEARS)}
    assert {t.year for t in found.values()} == {2025}  # 目标值 and a caption without a year: "到2025年…如下表"
    assert (found[100].kind, found[100].baseline_value) == ("level", 60)
    assert (found[50].kind, found[50].comparator) == ("cumulative", "=")  # an amount to add
    assert found[150].baseline_value == 120.5


def test_no_year_is_guessed_where_the_sentence_before_does_not_introduce_the_table() -> None:
    text = ROW_PER_LINE_NO_YEARS.replace("到2025年，主要指标如下表。", "到2025年，全面推进绿色发展。")
    assert {t.year for t in targets_of(text)} == {None}
