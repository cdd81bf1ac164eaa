"""Ambition rankings compare like with like (indicator, kind, year, scope, unit) and put the best first by direction."""

from __future__ import annotations

from greentrack.analyse import PlanTarget, rank_ambition

from .helpers import placed, plan, target


def _green(code: str, value: float, doc: str = "", **extra: object) -> list[PlanTarget]:
    return placed(plan(code, doc), target("建成区绿地率", value, "%", **extra))


def test_higher_is_better_ties_share_a_rank_and_a_place_counts_once() -> None:
    items = (_green("370828", 37.3, "a.txt") + _green("370828", 38, "b.txt") + _green("370829", 41)
             + _green("370881", 41) + _green("370883", 36))
    [ranking] = rank_ambition(items)
    assert [(e.rank, e.jurisdiction_name, e.value) for e in ranking.entries] == [
        (1, "嘉祥县", 41), (1, "曲阜市", 41), (3, "金乡县", 38), (4, "邹城市", 36)]
    assert ranking.chart() == {
        "title": "建成区绿地率 · 2025年水平（%）", "unit": "%", "direction": "higher_better",
        "direction_zh": "越高越好",
        "categories": ["嘉祥县", "曲阜市", "金乡县", "邹城市"],
        "series": [{"name": "目标值", "type": "bar", "data": [41, 41, 38, 36],
                    "labels": ["≥41%", "≥41%", "≥38%", "≥36%"]}]}


def test_lower_is_better_ranks_the_smallest_first() -> None:
    items = (placed(plan("370828"), target("PM2.5年均浓度", 38, "微克/立方米", comparator="<="))
             + placed(plan("370829"), target("PM2.5年均浓度", 34, "微克/立方米", comparator="<=")))
    [ranking] = rank_ambition(items)
    assert [(e.rank, e.jurisdiction_name) for e in ranking.entries] == [(1, "嘉祥县"), (2, "金乡县")]


def test_year_scope_and_unit_split_the_groups() -> None:
    items = (_green("370828", 38) + _green("370829", 41, year=2023) + _green("370881", 39, scope="中心城区"))
    assert rank_ambition(items) == []
    singles = rank_ambition(items, min_jurisdictions=1)
    assert [(r.year, r.scope) for r in singles] == [(2023, "全域"), (2025, "中心城区"), (2025, "全域")]
    assert singles[1].title == "建成区绿地率 · 2025年水平 · 中心城区（%）"


def test_amounts_in_different_written_units_rank_in_the_canonical_unit() -> None:
    items = (placed(plan("370828"), target("新增绿色建筑面积", 3_000_000, "平方米", kind="cumulative", comparator="="))
             + placed(plan("370829"), target("新增绿色建筑面积", 200, "万平方米", kind="cumulative", comparator="=")))
    [ranking] = rank_ambition(items, indicator_id="green_building_area_added")
    assert [(e.jurisdiction_name, e.value) for e in ranking.entries] == [("金乡县", 300), ("嘉祥县", 200)]
    assert ranking.unit == "万平方米"


def test_seed_rankings(seed_targets: dict[str, list[PlanTarget]]) -> None:
    everything = [item for items in seed_targets.values() for item in items]
    titles = {r.title: [(e.rank, e.jurisdiction_name, e.value) for e in r.entries] for r in rank_ambition(everything)}
    assert titles["装配式建筑占新建建筑比例 · 2025年水平（%）"] == [(1, "金乡县", 50), (2, "赤峰市", 30)]
    assert titles["再生水利用率 · 2025年水平 · 城市（%）"] == [(1, "金乡县", 55), (2, "赤峰市", 35)]
