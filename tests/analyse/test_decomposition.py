"""Decomposition: a child set below its parent is found (direction-aware, units converted), silent children
and parent targets nobody took up are named, and 完成市分解任务 rows are reported as undecided."""

from __future__ import annotations

from dataclasses import replace

import pytest

from greentrack.analyse import PlanTarget, check_decomposition, undecided_rows
from greentrack.analyse.decomposition import children_of, in_unit, weaker_children
from greentrack.models import Metadata, Outline, Table
from greentrack.pipeline.records import ExtractedPlan

from .helpers import placed, plan, target

JINING, JINXIANG, JIAXIANG = "370800", "370828", "370829"


@pytest.fixture(scope="module")
def parent() -> list[PlanTarget]:
    return placed(plan(JINING, "jining.txt"),
                  target("建成区绿地率", 40, "%"),
                  target("PM2.5年均浓度", 35, "微克/立方米", comparator="<="),
                  target("单位GDP能耗", -15, "%", kind="change", comparator="=", reference_year=2020),
                  target("新增绿色建筑面积", 1000, "万平方米", kind="cumulative", comparator="="),
                  target("常住人口城镇化率", 70, "%"))


@pytest.fixture(scope="module")
def children() -> list[PlanTarget]:
    jinxiang = placed(plan(JINXIANG, "jinxiang.txt"),
                      target("县城建成区绿地率", 37.3, "%"),
                      target("PM2.5年均浓度", 38, "微克/立方米", comparator="<="),
                      target("单位地区生产总值能耗", -13, "%", kind="change", comparator="=", reference_year=2020),
                      target("新增绿色建筑面积", 3_000_000, "平方米", kind="cumulative", comparator="="))
    jiaxiang = placed(plan(JIAXIANG, "jiaxiang.txt"),
                      target("建成区绿地率", 41, "%"),
                      target("PM2.5年均浓度", 34, "微克/立方米", comparator="<="),
                      target("单位GDP能耗", -16, "%", kind="change", comparator="=", reference_year=2020),
                      target("新增绿色建筑面积", 500, "万平方米", kind="cumulative", comparator="="))
    return jinxiang + jiaxiang


def test_weaker_children_direction_aware(parent: list[PlanTarget], children: list[PlanTarget]) -> None:
    report = check_decomposition(parent + children)
    assert [(w.parent.indicator_id, w.child.jurisdiction.name, w.parent_value, w.child_value, w.unit)
            for w in report.weaker] == [
        ("green_space_rate", "金乡县", 40, 37.3, "%"),
        ("pm25_concentration", "金乡县", 35, 38, "微克/立方米"),  # lower is better: 38 is weaker than 35
        ("energy_intensity", "金乡县", -15, -13, "%"),  # a smaller cut is weaker
    ]
    assert report.weaker[1].explanation == (
        "金乡县《金乡县jinxiang方案》对「PM2.5年均浓度」2025年的目标为≤38微克/立方米，弱于济宁市《济宁市jining方案》的"
        "≤35微克/立方米（该指标越低越好）。")


def test_amounts_are_summed_over_children_in_one_unit(parent: list[PlanTarget], children: list[PlanTarget]) -> None:
    [short] = check_decomposition(parent + children).shortfalls
    assert (short.parent.indicator_id, short.total, short.unit) == ("green_building_area_added", 800, "万平方米")
    assert sorted(c.jurisdiction.name for c in short.children) == ["嘉祥县", "金乡县"]
    assert len(short.missing) == 9 and "曲阜市" in {j.name for j in short.missing}
    assert short.explanation.startswith("济宁市《济宁市jining方案》对「新增绿色建筑面积」2025年要求1000万平方米，"
                                        "已有目标的2个下级合计800万平方米，少于上级目标。另有9个下级未提出该目标")


def test_children_who_add_up_are_quiet(parent: list[PlanTarget], children: list[PlanTarget]) -> None:
    more = placed(plan("370881", "qufu.txt"), target("新增绿色建筑面积", 2_000_000, "平方米", kind="cumulative",
                                                     comparator="="))
    assert check_decomposition(parent + children + more).shortfalls == ()


def test_a_parent_target_no_child_took_up(parent: list[PlanTarget], children: list[PlanTarget]) -> None:
    [uncovered] = check_decomposition(parent + children).uncovered
    assert uncovered.parent.indicator_id == "urbanisation_rate"
    assert [j.name for j in uncovered.children] == ["金乡县", "嘉祥县"]
    assert uncovered.explanation == ("济宁市《济宁市jining方案》提出「常住人口城镇化率」≥70%，"
                                     "下级（金乡县、嘉祥县）的规划均未提出对应目标。")


def test_a_value_kept_in_another_unit_is_converted(parent: list[PlanTarget]) -> None:
    waste = target("建筑施工现场建筑垃圾排放量", 300, "吨/万平方米", comparator="<=")
    stored = placed(plan(JINXIANG, "x.txt"), waste)[0]
    as_written = replace(stored, value=0.035, unit="吨/平方米")  # a ledger row kept in the written unit
    assert in_unit(as_written, "吨/万平方米") == pytest.approx(350)
    cap = placed(plan(JINING, "cap.txt"), target("建筑施工现场建筑垃圾排放量", 300, "吨/万平方米", comparator="<="))
    [weaker] = weaker_children([*cap, as_written])
    assert weaker.child_value == pytest.approx(350)
    assert "（折合350吨/万平方米）" in weaker.explanation


def test_no_children_no_findings(parent: list[PlanTarget]) -> None:
    report = check_decomposition(parent)
    assert (report.weaker, report.shortfalls, report.uncovered) == ((), (), ())


def test_children_of_follow_gbt2260(parent: list[PlanTarget]) -> None:
    assert len(children_of(parent[0].jurisdiction)) == 11
    assert children_of(placed(plan(JINXIANG), target("建成区绿地率", 1, "%"))[0].jurisdiction) == ()


def test_undecided_rows_of_the_jinxiang_table(seed_plans: dict[str, ExtractedPlan],
                                              seed_targets: dict[str, list[PlanTarget]],
                                              parent: list[PlanTarget]) -> None:
    seed = seed_plans["001"]
    rows = undecided_rows(seed.outline, seed_targets["001"][0].plan)
    assert [(r.row, r.indicator, r.indicator_id, r.year, r.phrase, r.binding) for r in rows] == [
        (4, "单位地区生产总值能耗降低(%)", "energy_intensity", 2025, "完成市分解任务", "约束性"),
        (5, "单位GDP建设用地面积下降率(%)", None, 2025, "完成市分解任务", "约束性"),
        (11, "地表水达到或好于Ⅲ类水体比例(%)", "surface_water_class3_share", 2025, "完成市分解任务", "约束性"),
        (12, "单位地区生产总值二氧化碳排放降低(%)", "co2_intensity", 2025, "完成市分解任务", "约束性"),
    ]
    assert rows[2].departments == "市生态环境局金乡县分局"
    assert seed.document.text[rows[0].start:rows[0].end].startswith("4.单位地区生产总值能耗降低(%)")
    report = check_decomposition(parent, rows)
    handed = {r.row: [t.target.value for t in r.handed_down] for r in report.undecided}
    assert handed == {4: [-15], 5: [], 11: [], 12: []}  # the city's −15% is what 完成市分解任务 refers to


def test_a_number_beside_the_phrase_is_not_undecided() -> None:
    table = Table(title="主要指标", columns=("指标", "2020年", "2025年", "属性", "责任单位"),
                  rows=(("城镇化率(%)", "60", "按省下达目标", "预期性", "县发改局"),
                        ("单位GDP能耗降低(%)", "[15]", "完成省下达任务13", "约束性", "县发改局"),
                        ("森林覆盖率(%)", "20", "22", "约束性", "县林业局")),
                  start=0, end=30, row_spans=((0, 10), (10, 20), (20, 30)))
    info = plan(JINXIANG)
    [row] = undecided_rows(Outline(Metadata(), (), (table,)), info)
    assert (row.row, row.indicator_id, row.year, row.phrase, row.departments) == (
        1, "urbanisation_rate", 2025, "按省下达目标", "县发改局")
