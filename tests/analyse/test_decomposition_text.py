"""Decomposition reads children's targets the catalog could not place by their words: a close wording takes the
parent's target up, a looser one makes the finding unsure (naming the candidate) instead of "uncovered"."""

from __future__ import annotations

from dataclasses import replace

from greentrack.analyse import PlanTarget, check_decomposition, place_targets

from .helpers import placed, plan, target

JINING, JINXIANG = "370800", "370828"


def _parent() -> list[PlanTarget]:
    return placed(plan(JINING, "city.txt"), target("常住人口城镇化率", 70, "%"))


def _child(words: str, quote: str) -> PlanTarget:
    item = place_targets([target(words, 62, "%", quote=quote)], plan(JINXIANG, "county.txt"))[0]
    return replace(item, indicator_id=None, indicator_name=None)  # the resolver was not confident of it


def test_a_child_worded_like_the_parent_takes_it_up() -> None:
    child = _child("县域常住人口城镇化率", "全县县域常住人口城镇化率达到62%")
    assert check_decomposition([*_parent(), child]).uncovered == ()


def test_a_loosely_worded_child_makes_the_finding_unsure_not_uncovered() -> None:
    child = _child("人口城镇化发展水平", "全县人口城镇化发展水平达到62%")
    [found] = check_decomposition([*_parent(), child]).uncovered
    assert found.unsure and found.candidates == (child,)
    assert "均未提出" not in found.explanation
    assert found.explanation == ("济宁市《济宁市city方案》提出「常住人口城镇化率」≥70%，"
                                 "下级规划中有表述相近但未能对应到指标目录的目标（金乡县“全县人口城镇化发展水平达到62%”），无法确定是否承接，请人工核实。")


def test_a_child_on_something_else_leaves_the_target_uncovered() -> None:
    child = _child("农村生活污水治理率", "全县农村生活污水治理率达到62%")
    [found] = check_decomposition([*_parent(), child]).uncovered
    assert not found.unsure
    assert found.explanation.endswith("下级（金乡县）的规划均未提出对应目标。")
