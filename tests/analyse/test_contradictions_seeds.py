"""The two plans of 金乡县 disagree exactly where a careful reader sees it, and nowhere else.

Read by hand (000 = 实施方案, 2023-07-19; 001 = “十四五”绿色低碳循环发展规划, 2024-04-22):
- 充换电站: 000 全县各类 110座 by 2025; 001 公共领域 180座 by 2025 — the public part exceeds the whole.
- 充电桩: 000 全县各类 1600个; 001 公共 1500个 — different numbers under different wordings.
- 新增绿色建筑面积: 000 200万平方米 by 2025 (start not said); 001 320万平方米 over 十四五, both in
  its prose and in its table (累计 290 → 610, i.e. 610 − 290 = 320).
- 再生水利用率: 001 ≥55% by 2025; 000 ≥50% by 2035 — the later target is the weaker one.
- 建成区绿地率: 000 ≥40.11% in 2023 (并逐年提高); 001 力争 37.3% by 2025 — later and weaker.
Consistent pairs that must stay silent: 001's table and prose on green building area (610 − 290 = 320),
on 空气质量优良天数比率 (66.6 in both wordings); 000's 装配式建筑占比 rising
from 40% (2023) to 50% (2025); and nothing at all in the single-plan jurisdictions (002–004).
"""

from __future__ import annotations

import pytest

from greentrack.analyse import Contradiction, PlanTarget, find_contradictions


@pytest.fixture(scope="module")
def found(jinxiang: list[PlanTarget]) -> list[Contradiction]:
    return find_contradictions(jinxiang)


def _summary(c: Contradiction) -> tuple[str, str, str, int | None, str, str]:
    return (c.indicator_id, c.kind, c.severity, c.year, c.first.target.quote, c.second.target.quote)


def test_every_disagreement_between_the_two_plans(found: list[Contradiction]) -> None:
    assert [_summary(c) for c in found] == [
        ("charging_stations", "part_exceeds_whole", "high", 2025, "全县建成各类充换电站110座",
         "建成公共领域充换电站180座"),
        ("green_building_area_added", "amount", "medium", 2025, "新增绿色建筑200万平方米",
         "9.累计新增绿色建筑面积(万平方米) 290 610 预期性 县住房和城乡建设局"),
        ("green_building_area_added", "amount", "medium", 2025, "新增绿色建筑200万平方米",
         "全县累计新增绿色建筑面积320万平方米"),
        ("green_space_rate", "later_weaker", "medium", 2025, "城市建成区绿地率达到40.11%以上",
         "县城建成区绿地率力争达到37.3%"),
        ("reclaimed_water_utilisation_rate", "later_weaker", "medium", 2035, "城市再生水利用率不低于50%",
         "全县城市再生水利用率达到55%"),
        ("charging_piles", "scope_differs", "low", 2025, "充电桩1600个", "公共充电桩1500个"),
    ]
    assert all(c.jurisdiction.code == "370828" and not c.same_document and not c.same_plan for c in found)
    assert {(c.first.plan.doc[:3], c.second.plan.doc[:3]) for c in found} == {("000", "001")}


def test_the_public_stations_exceed_all_stations(found: list[Contradiction]) -> None:
    stations = found[0]
    assert stations.stricter_id == stations.second.id
    assert stations.explanation == (
        "《金乡县“十四五”绿色低碳循环发展规划》仅公共范围就要求180座，多于《金乡县推动城乡建设绿色发展实施方案》"
        "在全域范围的110座：局部的数量不应超过整体。")
    assert (stations.severity_zh, stations.kind_zh) == ("高", "局部超过整体")
    row = stations.row()
    assert list(row) == ["严重程度", "类型", "地区", "指标", "年份", "文件一", "原文一", "文件二", "原文二", "说明"]
    assert (row["地区"], row["指标"], row["年份"], row["原文一"], row["原文二"]) == (
        "金乡县", "充换电站", "2025", "全县建成各类充换电站110座", "建成公共领域充换电站180座")
    assert row["文件一"] == "《金乡县推动城乡建设绿色发展实施方案》"


def test_green_building_area_reads_the_table_as_a_running_total(found: list[Contradiction]) -> None:
    table = found[1]
    assert "2021—2025年新增320万平方米（610−290）" in table.explanation
    assert "截至2025年（起算年份未写明）新增200万平方米" in table.explanation
    assert table.stricter_id == table.second.id


def test_later_weaker_names_the_earlier_stricter_target(found: list[Contradiction]) -> None:
    green, water = found[3], found[4]
    assert green.explanation == (
        "《金乡县推动城乡建设绿色发展实施方案》要求2023年≥40.11%，《金乡县“十四五”绿色低碳循环发展规划》却只要求到"
        "更晚的2025年≥37.3%（力争）：该指标越高越好，后期目标低于前期，两处的口径或力度不一致。"
        "更严格的是《金乡县推动城乡建设绿色发展实施方案》的≥40.11%。")
    assert green.stricter_id == green.first.id
    assert water.stricter_id == water.second.id  # 001's 55% by 2025
    assert water.explanation.startswith("《金乡县“十四五”绿色低碳循环发展规划》要求2025年≥55%")


def test_piles_are_flagged_for_review_not_as_a_conflict(found: list[Contradiction]) -> None:
    piles = found[5]
    assert piles.stricter_id is None
    assert "若前者包含公共以外的部分，两者可以并存" in piles.explanation


def test_consistent_pairs_are_not_flagged(jinxiang: list[PlanTarget], found: list[Contradiction]) -> None:
    flagged = {frozenset((c.first.id, c.second.id)) for c in found}
    quiet = {"green_building_area_added": ("001", "001"), "air_quality_good_days_ratio": ("001", "001"),
             "prefab_building_share": ("000", "000")}
    for indicator_id, docs in quiet.items():
        pair = [i for i in jinxiang if i.indicator_id == indicator_id and i.plan.doc[:3] in docs]
        pairs = [frozenset((a.id, b.id)) for a in pair for b in pair if a.id < b.id and a.plan.doc == b.plan.doc]
        assert pairs, indicator_id  # the pair exists in the pipeline output …
        assert not flagged & set(pairs), indicator_id  # … and is not flagged


def test_single_plan_jurisdictions_have_no_contradictions(seed_targets: dict[str, list[PlanTarget]]) -> None:
    others = seed_targets["002"] + seed_targets["003"] + seed_targets["004"]
    assert find_contradictions(others) == []


def test_across_documents_only_gives_the_same_six(jinxiang: list[PlanTarget], found: list[Contradiction]) -> None:
    assert find_contradictions(jinxiang, across_documents_only=True) == found
