"""Contradiction rules on constructed plans: what is flagged, how severe, which side is stricter, what stays quiet."""

from __future__ import annotations

from greentrack.analyse import find_contradictions

from .helpers import placed, plan, target

JINXIANG = "370828"


def _kinds(items: list) -> list[tuple[str, str]]:
    return [(c.kind, c.severity) for c in find_contradictions(items)]


def test_two_lower_bounds_for_the_same_year_differ_in_ambition() -> None:
    a = placed(plan(JINXIANG, "a.txt"), target("建成区绿地率", 38, "%"))
    b = placed(plan(JINXIANG, "b.txt"), target("城市建成区绿地率", 40, "%"))
    [found] = find_contradictions(a + b)
    assert (found.kind, found.severity, found.year, found.stricter_id) == ("ambition", "medium", 2025, b[0].id)
    assert found.explanation.endswith("两者可以同时满足，但承诺的力度不同。更严格的是《金乡县b方案》的≥40%。")


def test_upper_bounds_the_lower_is_stricter() -> None:
    a = placed(plan(JINXIANG, "a.txt"), target("PM2.5年均浓度", 42, "微克/立方米", comparator="<="))
    b = placed(plan(JINXIANG, "b.txt"), target("PM2.5年均浓度", 38, "微克/立方米", comparator="<="))
    [found] = find_contradictions(a + b)
    assert (found.kind, found.stricter_id) == ("ambition", b[0].id)


def test_bounds_no_value_can_meet_are_incompatible() -> None:
    a = placed(plan(JINXIANG, "a.txt"), target("PM2.5年均浓度", 30, "微克/立方米", comparator="<="))
    b = placed(plan(JINXIANG, "b.txt"), target("PM2.5年均浓度", 35, "微克/立方米", comparator="="))
    assert _kinds(a + b) == [("incompatible", "high")]


def test_equal_numbers_in_different_units_are_consistent() -> None:
    a = placed(plan(JINXIANG, "a.txt"), target("新增绿色建筑面积", 200, "万平方米", kind="cumulative", comparator="="))
    b = placed(plan(JINXIANG, "b.txt"),
               target("新增绿色建筑面积", 2_000_000, "平方米", kind="cumulative", comparator="="))
    assert (a[0].value, b[0].value) == (200, 200)
    assert find_contradictions(a + b) == []


def test_same_stated_period_different_amounts_are_incompatible() -> None:
    a = placed(plan(JINXIANG, "a.txt"), target("充电桩", 1600, "个", kind="cumulative", comparator="=",
                                                quote="“十四五”期间建成充电桩1600个"))
    b = placed(plan(JINXIANG, "b.txt"), target("充电桩", 1500, "个", kind="cumulative", comparator="=",
                                                quote="2021—2025年建成充电桩1500个"))
    [found] = find_contradictions(a + b)
    assert (found.kind, found.severity, found.stricter_id) == ("incompatible", "high", a[0].id)
    assert found.explanation.startswith("同一期间（2021—2025年）新增的数量不一致")


def test_a_part_of_the_period_adding_more_than_the_whole_period() -> None:
    a = placed(plan(JINXIANG, "a.txt"), target("充电桩", 900, "个", year=2023, kind="cumulative", comparator="=",
                                                quote="2021—2023年建成充电桩900个"))
    b = placed(plan(JINXIANG, "b.txt"), target("充电桩", 800, "个", kind="cumulative", comparator="=",
                                                quote="“十四五”期间建成充电桩800个"))
    [found] = find_contradictions(a + b)
    assert (found.kind, found.year, found.stricter_id) == ("incompatible", 2025, a[0].id)
    assert found.explanation.startswith("2021—2023年是2021—2025年的一部分")
    fewer = placed(plan(JINXIANG, "c.txt"), target("充电桩", 500, "个", year=2023, kind="cumulative", comparator="=",
                                                   quote="2021—2023年建成充电桩500个"))
    assert find_contradictions(fewer + b) == []


def test_county_wide_and_urban_rates_are_different_things() -> None:
    a = placed(plan(JINXIANG, "a.txt"), target("生活垃圾回收利用率", 35, "%", scope="全县"))
    b = placed(plan(JINXIANG, "b.txt"), target("生活垃圾回收利用率", 40, "%", scope="城区"))
    assert find_contradictions(a + b) == []


def test_an_urban_amount_above_the_county_amount() -> None:
    a = placed(plan(JINXIANG, "a.txt"), target("充电桩", 1000, "个", kind="cumulative", comparator="=", scope="全县"))
    b = placed(plan(JINXIANG, "b.txt"), target("充电桩", 1200, "个", kind="cumulative", comparator="=", scope="城区"))
    assert _kinds(a + b) == [("part_exceeds_whole", "high")]
    below = placed(plan(JINXIANG, "c.txt"),
                   target("充电桩", 700, "个", kind="cumulative", comparator="=", scope="城区"))
    assert find_contradictions(a + below) == []  # an urban share of a county total is expected


def test_different_jurisdictions_never_contradict() -> None:
    a = placed(plan(JINXIANG, "a.txt"), target("建成区绿地率", 38, "%"))
    b = placed(plan("370829", "b.txt"), target("建成区绿地率", 40, "%"))
    assert find_contradictions(a + b) == []


def test_changes_compare_only_against_the_same_reference_year() -> None:
    a = placed(plan(JINXIANG, "a.txt"), target("单位GDP能耗", -15, "%", kind="change", comparator="=",
                                                reference_year=2020))
    b = placed(plan(JINXIANG, "b.txt"), target("单位GDP能耗", -17, "%", kind="change", comparator="=",
                                                reference_year=2020))
    c = placed(plan(JINXIANG, "c.txt"), target("单位GDP能耗", -10, "%", kind="change", comparator="=",
                                                reference_year=2022))
    [found] = find_contradictions(a + b + c)
    assert (found.kind, found.stricter_id) == ("ambition", b[0].id)  # lower is better: −17% is stricter
    assert "同为2025年相对2020年的变化" in found.explanation


def test_lower_is_better_later_target_higher_is_weaker() -> None:
    a = placed(plan(JINXIANG, "a.txt"), target("PM2.5年均浓度", 35, "微克/立方米", year=2025, comparator="<="))
    b = placed(plan(JINXIANG, "b.txt"), target("PM2.5年均浓度", 38, "微克/立方米", year=2030, comparator="<="))
    [found] = find_contradictions(a + b)
    assert (found.kind, found.year, found.stricter_id) == ("later_weaker", 2030, a[0].id)
    better = placed(plan(JINXIANG, "c.txt"), target("PM2.5年均浓度", 30, "微克/立方米", year=2030, comparator="<="))
    assert find_contradictions(a + better) == []  # tightening over time is what a plan should do


def test_versions_of_one_plan_name_the_newer_one() -> None:
    old = placed(plan(JINXIANG, "draft.txt", title="金乡县某规划", issued="2023-03-01", version="征求意见稿"),
                 target("建成区绿地率", 38, "%"))
    new = placed(plan(JINXIANG, "final.txt", title="金乡县某规划", issued="2023-09-01", version="正式稿"),
                 target("建成区绿地率", 40, "%"))
    [found] = find_contradictions(new + old)
    assert (found.first.plan.doc, found.same_plan) == ("draft.txt", True)
    assert found.explanation.endswith("两份文件是同一规划的不同版本，以正式稿版为准。")


def test_one_plan_contradicting_itself_and_the_filter() -> None:
    one = plan(JINXIANG, "a.txt")
    items = placed(one, target("建成区绿地率", 38, "%"), target("建成区绿地率", 40, "%"))
    [found] = find_contradictions(items)
    assert found.same_document
    assert found.explanation.startswith("同一年份（2025年）、同一口径下，《金乡县a方案》一处要求≥38%，另一处要求≥40%")
    assert find_contradictions(items, across_documents_only=True) == []


def test_standards_and_unresolved_targets_are_left_out() -> None:
    a = placed(plan(JINXIANG, "a.txt"), target("绿色建筑标准", 2, "星级", year=None, kind="standard"))
    b = placed(plan(JINXIANG, "b.txt"), target("绿色建筑标准", 3, "星级", year=None, kind="standard"))
    assert find_contradictions(a + b) == []


def test_a_level_with_a_baseline_against_an_amount_added() -> None:
    level = placed(plan(JINXIANG, "a.txt"), target("内河高等级航道里程", 45.9, "公里", baseline_value=38.4,
                                                    baseline_year=2020))
    added = placed(plan(JINXIANG, "b.txt"), target("内河高等级航道里程", 5000, "米", kind="cumulative",
                                                    comparator="=", quote="“十四五”期间新增内河高等级航道5000米"))
    [found] = find_contradictions(level + added)
    assert (found.kind, found.severity, found.stricter_id) == ("incompatible", "high", level[0].id)
    assert "2021—2025年新增7.5公里（45.9−38.4）" in found.explanation
    same = placed(plan(JINXIANG, "c.txt"), target("内河高等级航道里程", 7500, "米", kind="cumulative",
                                                   comparator="=", quote="“十四五”期间新增内河高等级航道7500米"))
    assert find_contradictions(level + same) == []
