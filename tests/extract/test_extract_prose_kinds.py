"""Kind and comparator over constructed sentences: what makes an amount cumulative, a share a standard, a
reach a ceiling (shared/spec/targets.md and the corpus gold's conventions)."""

from __future__ import annotations

from greentrack.models import Target

from .helpers import one, targets_of


def _one(sentence: str, value: float) -> Target:
    return one(targets_of(f"某某市方案\n（一）测试任务。{sentence}\n"), value)


def test_a_creating_verb_with_a_comparator_adds_an_amount() -> None:
    t = _one("到2025年，建设近零能耗建筑达到80万平方米以上。", 80)
    assert (t.kind, t.comparator) == ("cumulative", ">=")


def test_an_area_indicator_is_an_amount_added_but_per_capita_is_a_level() -> None:
    assert _one("到2024年，高标准农田面积力争超过85万亩。", 85).kind == "cumulative"
    assert _one("到2024年，城区人均绿地面积提高到14平方米。", 14).kind == "level"


def test_a_share_of_a_total_to_complete_is_cumulative() -> None:
    t = _one("2022年~2023年完成总体目标300万平方米的45%。", 45)
    assert (t.kind, t.year) == ("cumulative", 2023)


def test_a_verb_before_an_area_word_is_not_a_scope() -> None:
    t = _one("到2025年，推广园区循环化改造典型模式6个。", 6)
    assert (t.kind, t.scope) == ("cumulative", None)


def test_a_condition_in_the_sentence_makes_a_share_a_standard() -> None:
    t = _one("对单体面积超过3万平方米的公共建筑项目，不低于总建筑面积35%的部分采用装配式建造。", 35)
    assert t.kind == "standard"
    later = _one("年货运量150万吨以上的工矿企业新建铁路专用线，2024年大宗物料清洁运输比例达到85%以上。", 85)
    assert later.kind == "level"  # a time phrase after the condition starts a target of its own


def test_a_named_standard_is_a_floor_every_project_meets() -> None:
    t = _one("“十四五”期间，全市民用建筑全面执行72%节能设计标准。", 72)
    assert (t.kind, t.comparator, t.year) == ("standard", ">=", 2025)


def test_a_reach_in_time_or_distance_is_a_ceiling() -> None:
    found = targets_of("某某市方案\n（二）发展公共交通。到2025年，中心城区力争实现8分钟换乘、300米乘车。\n")
    for value in (8, 300):
        t = one(found, value)
        assert (t.kind, t.comparator, t.aspirational) == ("level", "<=", True)


def test_a_stock_reached_and_a_length_built() -> None:
    stock = _one("到2024年，建成风电光伏发电装机总量达到45万千瓦左右。", 45)
    assert stock.kind == "level"
    pipes = _one("到2025年，完成3.5公里雨污分流管网改造。", 3.5)
    assert (pipes.kind, pipes.comparator) == ("cumulative", "=")
