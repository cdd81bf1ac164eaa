"""At least 95% of gold targets resolve to their hand-labelled catalog id; nothing is forced onto a wrong id."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from greentrack.models import Target
from greentrack.resolve.resolver import (
    UnknownIndicator,
    confirm_alias,
    load_aliases,
    resolve_indicator,
    resolve_target,
    unresolved,
)


def test_gold_resolution_rate(gold: list[dict], labels: dict) -> None:
    misses = []
    for record in gold:
        expected = labels[(record["doc"], record["quote"], float(record["value"]))]
        got = resolve_indicator(record["indicator"], record["unit"], record["section"], record["kind"],
                                record["quote"])
        if got.indicator_id != expected:
            misses.append(f"{record['doc'][:3]} {record['indicator']} [{record['unit']}]: "
                          f"expected {expected}, got {got.indicator_id} ({got.reason or got.how})")
    rate = 1 - len(misses) / len(gold)
    print(f"gold resolution {rate:.1%} ({len(gold) - len(misses)}/{len(gold)})", *misses, sep="\n  ")
    assert len(labels) == len(gold) == 125
    assert rate >= 0.95


@pytest.mark.parametrize(("phrase", "unit"), [
    ("农村卫生厕所普及率", "%"),
    ("高速公路里程", "公里"),
    ("城市人均住房面积", "平方米"),
    ("一带一路", ""),
])
def test_unknown_indicators_stay_unresolved(phrase: str, unit: str) -> None:
    result = resolve_indicator(phrase, unit)
    assert result.indicator_id is None
    assert result.how == "unresolved"


def test_unit_mismatch_blocks_a_textual_match() -> None:
    result = resolve_indicator("充电桩", "公里")
    assert result.indicator_id is None
    assert result.reason.startswith("unit does not fit the closest indicator charging_piles")


def test_generic_wording_needs_agreeing_context() -> None:
    assert resolve_indicator("营业收入", "亿元", ["优化调整农业产业结构"]).indicator_id == "agri_processing_revenue"
    assert resolve_indicator("营业收入", "亿元", ["发展数字经济"]).indicator_id is None


def test_scope_words_and_paraphrases() -> None:
    assert resolve_indicator("全县空气优良天数比例", "%").indicator_id == "air_quality_good_days_ratio"
    assert resolve_indicator("城市绿化覆盖率", "%").indicator_id == "green_coverage_rate"
    assert resolve_indicator("新建建筑装配式建筑占比", "%").indicator_id == "prefab_building_share"
    assert resolve_indicator("单位GDP能耗", "%", kind="change").indicator_id == "energy_intensity"


def _target(indicator: str, value: float, unit: str, kind: str = "level", **extra: object) -> Target:
    fields = dict(id="t1", doc="plan.txt", indicator=indicator, comparator=">=", value=value, unit=unit,
                  year=2025, deadline=None, kind=kind, reference_year=None, baseline_value=None, baseline_year=None,
                  scope=None, aspirational=False, binding=None, departments=(), lead_departments=(), section=(),
                  quote=indicator, start=0, end=1)
    fields.update(extra)
    return Target(**fields)  # type: ignore[arg-type]


def test_resolve_target_converts_to_the_canonical_unit() -> None:
    resolved = resolve_target(_target("粮食产能", 4.6, "亿斤", departments=("县农业农村局",)), jurisdiction="金乡县")
    assert resolved.resolution.indicator_id == "grain_capacity"
    assert (resolved.quantity.value, resolved.quantity.unit) == (pytest.approx(23), "万吨")
    assert resolved.departments[0].canonical_name == "金乡县农业农村局"


def test_relative_change_is_kept_as_a_percentage() -> None:
    resolved = resolve_target(_target("单位工业增加值能耗", -17, "%", kind="change"))
    assert resolved.quantity.relative and resolved.quantity.value == -17
    assert resolved.unit_problem is None


def test_review_queue_lists_unresolved_and_unit_problems(gold_targets: list[Target]) -> None:
    queue = unresolved([*gold_targets[:5], _target("农村卫生厕所普及率", 95, "%"),
                        _target("城区合流制道路", 3, "")])
    assert [item.phrase for item in queue] == ["农村卫生厕所普及率", "城区合流制道路"]
    assert queue[1].reason == "'(none)' is ratio, '公里' is length"


def test_confirmed_alias_is_remembered(tmp_path: Path) -> None:
    store = tmp_path / "aliases.json"
    assert resolve_indicator("农村卫生厕所普及率", "%", store_path=store).indicator_id is None
    confirm_alias("农村卫生厕所普及率", "rural_tap_water_coverage", store)
    result = resolve_indicator("农村卫生厕所普及率", "%", store_path=store)
    assert (result.indicator_id, result.how) == ("rural_tap_water_coverage", "confirmed")
    assert json.loads(store.read_text("utf-8")) == {"aliases": {"农村卫生厕所普及率": "rural_tap_water_coverage"}}
    assert load_aliases(store) == {"农村卫生厕所普及率": "rural_tap_water_coverage"}
    assert resolve_indicator("农村卫生厕所普及率", "%").indicator_id is None


def test_confirming_an_unknown_id_fails(tmp_path: Path) -> None:
    with pytest.raises(UnknownIndicator, match="unknown indicator id 'no_such_id'"):
        confirm_alias("x", "no_such_id", tmp_path / "aliases.json")
