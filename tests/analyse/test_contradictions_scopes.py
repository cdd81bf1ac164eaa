"""Contradictions compare targets of the same scope only: a 分别 list gives each value its scope, and a "其中…"
clause is a stricter part of its sentence's whole, not a second number for it. Constructed plans, our own words."""

from __future__ import annotations

from greentrack.analyse import find_contradictions, place_targets
from greentrack.analyse.compare import scope_of, scope_relation
from greentrack.extract import extract_targets
from greentrack.models import ReadDocument, Target
from greentrack.outline import build_outline
from greentrack.read import normalise

from .helpers import placed, plan, target

PROVINCE = "370000"


def targets_of(text: str) -> list[Target]:
    """The targets the extractor finds in a plan written inline."""
    out, offsets = normalise(text)
    doc = ReadDocument(name="plan.txt", path="plan.txt", format="txt", encoding="utf-8", source_text=text, text=out,
                       offsets=offsets)
    return extract_targets(doc, build_outline(doc))

SUB_REGION = """某某省推动绿色建筑高质量发展方案
2022年5月10日
一、主要目标
到2025年，全省城镇新建建筑中星级绿色建筑占比达到30%，其中甲市、乙市等中心城市达到45%。
"""

TWO_NUMBERS = """某某省城市供水节水方案
2022年5月10日
一、主要目标
到2025年，全省城市公共供水管网漏损率控制在9%以内。
二、保障措施
到2025年，全省城市公共供水管网漏损率控制在8%以内。
"""


def test_a_sub_region_clause_is_a_narrower_scope_not_a_contradiction() -> None:
    items = place_targets(targets_of(SUB_REGION), plan(PROVINCE, "sub.txt"))
    whole, part = sorted(items, key=lambda i: i.value or 0)
    assert (whole.value, part.value, whole.indicator_id) == (30.0, 45.0, part.indicator_id)
    assert part.target.quote.startswith("其中") and part.target.scope == "甲市、乙市等中心城市"
    assert scope_relation(scope_of(part), scope_of(whole)) == "narrower"
    assert scope_of(part).describe().startswith("其中甲市、乙市等中心城市")
    assert find_contradictions(items) == []


def test_two_numbers_for_one_scope_still_contradict() -> None:
    items = place_targets(targets_of(TWO_NUMBERS), plan(PROVINCE, "two.txt"))
    found = find_contradictions(items)
    assert [(c.kind, c.year) for c in found] == [("ambition", 2025)]
    assert "同一口径下" in found[0].explanation and "≤9%" in found[0].explanation and "≤8%" in found[0].explanation


def test_each_value_of_a_fenbie_list_has_its_own_scope() -> None:
    # "城市、县城…分别达到97%、95%": the extractor quotes the first value, then the sentence up to the second
    sentence = "全省城市、县城生活污水处理率分别达到97%、95%"
    city = target("生活污水处理率", 97.0, "%", scope="全省", quote=sentence[:sentence.index("、95%")])
    county = target("生活污水处理率", 95.0, "%", scope="全省", quote=sentence)
    items = placed(plan(PROVINCE, "split.txt"), city, county)
    assert items[0].indicator_id == items[1].indicator_id
    assert scope_relation(scope_of(items[0]), scope_of(items[1])) == "same"  # the words alone cannot tell them apart
    assert find_contradictions(items) == []
    # the same two numbers written as two statements of one scope are a contradiction
    apart = placed(plan(PROVINCE, "apart.txt"),
                   target("生活污水处理率", 97.0, "%", scope="全省", quote="全省生活污水处理率达到97%"),
                   target("生活污水处理率", 95.0, "%", scope="全省", quote="全省生活污水处理率达到95%"))
    assert [c.kind for c in find_contradictions(apart)] == ["ambition"]


AREAS = """某某县城乡建设绿色发展实施方案
2023年3月1日
一、主要目标
到2025年，城市、县城生活污水集中收集率分别达到70%、60%。
"""


def test_an_extracted_fenbie_list_of_areas_gives_each_value_its_area() -> None:
    items = place_targets(targets_of(AREAS), plan(PROVINCE, "areas.txt"))
    assert sorted((i.target.scope, i.value) for i in items) == [("县城", 60.0), ("城市", 70.0)]
    assert items[0].indicator_id == items[1].indicator_id
    assert find_contradictions(items) == []
