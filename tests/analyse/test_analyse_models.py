"""plan_targets places every extracted target in its plan's jurisdiction, on the catalog, in the canonical unit."""

from __future__ import annotations

import pytest

from greentrack.analyse import PlanTarget, plan_targets
from greentrack.errors import AnalysisError
from greentrack.models import Metadata, Outline
from greentrack.pipeline.records import ExtractedPlan

from .helpers import place


def _one(items: list[PlanTarget], indicator_id: str, value: float) -> PlanTarget:
    hits = [i for i in items if i.indicator_id == indicator_id and i.value == pytest.approx(value)]
    assert len(hits) == 1, [(i.indicator_id, i.value) for i in items if i.indicator_id == indicator_id]
    return hits[0]


def test_the_plan_and_its_jurisdiction(seed_targets: dict[str, list[PlanTarget]]) -> None:
    item = seed_targets["001"][0]
    assert item.plan.doc == "001_f604e91a367c2879.txt"
    assert item.plan.title == "金乡县“十四五”绿色低碳循环发展规划"
    assert (item.plan.issue_date, item.plan.version) == ("2024-04-22", "2024-04-22")
    assert item.jurisdiction.display() == "金乡县 370828 → 济宁市 370800 → 山东省 370000"
    assert seed_targets["004"][0].jurisdiction.name == "赤峰市"


def test_indicator_direction_dimension_and_canonical_value(seed_targets: dict[str, list[PlanTarget]]) -> None:
    grain = _one(seed_targets["001"], "grain_capacity", 23)  # 4.6亿斤 in 万吨
    assert (grain.target.value, grain.target.unit, grain.unit) == (4.6, "亿斤", "万吨")
    pm25 = _one(seed_targets["001"], "pm25_concentration", 42)
    assert (pm25.direction, pm25.dimension, pm25.indicator_name) == ("lower_better", "生态宜居", "PM2.5年均浓度")
    change = _one(seed_targets["001"], "industrial_energy_intensity", -17)
    assert (change.unit, change.target.kind, change.target.reference_year) == ("%", "change", 2020)


def test_every_seed_target_is_placed(seed_plans: dict[str, ExtractedPlan],
                                     seed_targets: dict[str, list[PlanTarget]]) -> None:
    for key, plan in seed_plans.items():
        assert [i.target for i in seed_targets[key]] == list(plan.targets)
    resolved = sum(i.comparable for items in seed_targets.values() for i in items)
    total = sum(len(items) for items in seed_targets.values())
    assert resolved / total >= 0.9


def test_version_and_jurisdiction_can_be_given(seed_plans: dict[str, ExtractedPlan]) -> None:
    plan = seed_plans["000"]
    items = plan_targets(plan.document, plan.outline, plan.targets[:1], version="修订稿", jurisdiction=place("370800"))
    assert (items[0].plan.version, items[0].jurisdiction.name) == ("修订稿", "济宁市")


def test_a_plan_without_a_jurisdiction_is_a_clear_error(seed_plans: dict[str, ExtractedPlan]) -> None:
    plan = seed_plans["000"]
    bare = Outline(Metadata(issuer="某某办公室"), plan.outline.sections, plan.outline.tables)
    with pytest.raises(AnalysisError, match=r"^000_4e207f5d02bba44c.txt: cannot tell which jurisdiction the plan "
                                            r"belongs to \(metadata names 某某办公室\) — pass the jurisdiction"):
        plan_targets(plan.document, bare, plan.targets)
