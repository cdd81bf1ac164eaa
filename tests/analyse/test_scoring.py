"""Scores follow the documented points and weights exactly; coverage says how much rests on data; bad input is named."""

from __future__ import annotations

import pytest

from greentrack.analyse import PlanTarget, place_targets, radar_chart, score_counts, score_jurisdictions
from greentrack.analyse.scoring import STATUS_POINTS, STATUS_ZH, STATUSES
from greentrack.errors import AnalysisError
from greentrack.track.models import STATUSES as TRACKED

from .helpers import placed, plan, target


@pytest.fixture(scope="module")
def data() -> tuple[list[PlanTarget], dict[str, str]]:
    jinxiang = placed(plan("370828"),
                      target("建成区绿地率", 40, "%"), target("PM2.5年均浓度", 35, "微克/立方米", comparator="<="),
                      target("再生水利用率", 55, "%"),
                      target("充电桩", 1600, "个", kind="cumulative", comparator="="),
                      target("充换电站", 110, "座", kind="cumulative", comparator="="),
                      target("新增绿色建筑面积", 200, "万平方米", kind="cumulative", comparator="="))
    unknown = place_targets([target("一带一路", 1, "")], jinxiang[0].plan)
    jiaxiang = placed(plan("370829"), target("建成区绿地率", 41, "%"))
    statuses = dict(zip((i.id for i in jinxiang),
                        ("achieved", "lagging", "no_data", "off_track", "no_trend", "overdue"), strict=True))
    statuses[jiaxiang[0].id] = "On track"  # spelled as a person might
    statuses[unknown[0].id] = "achieved"
    return jinxiang + unknown + jiaxiang, statuses


def test_points_per_status_are_the_documented_ones() -> None:
    assert STATUS_POINTS == {"achieved": 100, "compliant": 100, "late_achieved": 80, "on_track": 95, "lagging": 80,
                             "off_track": 30, "regressing": 0, "overdue": 0, "non_compliant": 0}


def test_scores_per_dimension_and_overall(data: tuple[list[PlanTarget], dict[str, str]]) -> None:
    jinxiang, jiaxiang = score_jurisdictions(*data)
    assert [(d.dimension, d.score, d.targets, d.with_data, d.scored) for d in jinxiang.dimensions] == [
        ("生态宜居", 90.0, 3, 2, 2), ("交通便捷", 30.0, 2, 2, 1), ("建筑", 0.0, 1, 1, 1)]
    assert jinxiang.dimensions[0].statuses == (("achieved", 1), ("lagging", 1), ("no_data", 1))
    assert (jinxiang.name, jinxiang.overall, jinxiang.targets, jinxiang.with_data, jinxiang.unclassified) == (
        "金乡县", 40.0, 6, 5, 1)
    assert jinxiang.coverage == pytest.approx(5 / 6)
    assert jinxiang.dimensions[0].coverage == pytest.approx(2 / 3)
    assert (jiaxiang.name, jiaxiang.overall, jiaxiang.coverage) == ("嘉祥县", 95.0, 1.0)


def test_dimension_weights(data: tuple[list[PlanTarget], dict[str, str]]) -> None:
    jinxiang, _ = score_jurisdictions(*data, dimension_weights={"生态宜居": 2})
    assert jinxiang.overall == 52.5  # (2·90 + 30 + 0) / 4
    jinxiang, _ = score_jurisdictions(*data, dimension_weights={"交通便捷": 0, "建筑": 0})
    assert jinxiang.overall == 90.0


def test_a_target_without_a_status_has_no_data(data: tuple[list[PlanTarget], dict[str, str]]) -> None:
    jinxiang, jiaxiang = score_jurisdictions(data[0], {})
    assert (jinxiang.overall, jinxiang.coverage, jiaxiang.overall) == (None, 0.0, None)
    assert all(d.score is None for d in jinxiang.dimensions)


@pytest.mark.parametrize(("weights", "message"), [
    ({"宜居": 1}, "unknown dimension '宜居' in the weights — use one of 生态宜居, "),
    ({"建筑": -1}, "weight of dimension '建筑' is -1 — weights must be 0 or more"),
    ({d: 0 for d in ("生态宜居", "健康舒适", "安全韧性", "交通便捷", "风貌特色", "整洁有序", "多元包容", "创新活力",
                     "产业", "能源", "建筑", "农业")}, "every dimension weight is 0"),
])
def test_bad_weights_are_named(data: tuple[list[PlanTarget], dict[str, str]], weights: dict[str, float],
                               message: str) -> None:
    with pytest.raises(AnalysisError, match="^" + message.replace("(", r"\(")):
        score_jurisdictions(*data, dimension_weights=weights)


def test_an_unknown_status_is_named(data: tuple[list[PlanTarget], dict[str, str]]) -> None:
    items, statuses = data
    wrong = {**statuses, items[0].id: "done"}
    with pytest.raises(AnalysisError) as caught:
        score_jurisdictions(items, wrong)
    assert str(caught.value) == (f"unknown status 'done' for target {items[0].id} — use one of achieved, compliant, "
                                 "late_achieved, on_track, lagging, off_track, regressing, overdue, non_compliant, "
                                 "no_data, no_trend")


def test_radar_chart(data: tuple[list[PlanTarget], dict[str, str]]) -> None:
    chart = radar_chart(score_jurisdictions(*data))
    assert chart == {
        "indicator": [{"name": "生态宜居", "max": 100}, {"name": "交通便捷", "max": 100}, {"name": "建筑", "max": 100}],
        "series": [{"name": "金乡县", "value": [90.0, 30.0, 0.0]}, {"name": "嘉祥县", "value": [95.0, None, None]}]}


def test_seed_plans_score_by_jurisdiction(seed_targets: dict[str, list[PlanTarget]]) -> None:
    everything = [item for items in seed_targets.values() for item in items]
    statuses = {item.id: "on_track" for item in everything}
    scores = score_jurisdictions(everything, statuses)
    assert [s.name for s in scores] == ["平陆县", "赤峰市", "金乡县", "甘肃省"]  # GB/T 2260 code order
    assert {s.overall for s in scores} == {95.0}
    assert all(s.coverage == 1.0 for s in scores)


def test_every_status_of_the_track_stage_is_scored_or_declared_unscored() -> None:
    assert sorted(STATUSES) == sorted(TRACKED)
    assert STATUS_ZH["on_track"] == "正常推进"


def test_the_overall_weighs_the_unrounded_dimension_scores() -> None:
    # 生态宜居 {achieved, achieved, lagging} = 93.333…, 交通便捷 {achieved, off_track, off_track} = 53.333…,
    # 建筑 {on_track} = 95.0: rounded first (93.3 + 53.3 + 95.0) / 3 = 80.533… → 80.5 (the old, wrong figure);
    # unrounded 241.666… / 3 = 80.555… → 80.6
    items = placed(plan("370828"),
                   target("建成区绿地率", 40, "%"), target("PM2.5年均浓度", 35, "微克/立方米", comparator="<="),
                   target("再生水利用率", 55, "%"),
                   target("充电桩", 1600, "个", kind="cumulative", comparator="="),
                   target("充换电站", 110, "座", kind="cumulative", comparator="="),
                   target("新能源公交车", 100, "%"),
                   target("新增绿色建筑面积", 200, "万平方米", kind="cumulative", comparator="="))
    (place,) = score_jurisdictions(items, dict(zip((i.id for i in items), (
        "achieved", "achieved", "lagging", "achieved", "off_track", "off_track", "on_track"), strict=True)))
    assert [(d.dimension, d.score) for d in place.dimensions] == [
        ("生态宜居", 93.3), ("交通便捷", 53.3), ("建筑", 95.0)]
    assert place.dimensions[0].mean == pytest.approx(280 / 3)
    assert place.overall == 80.6


def test_scores_from_counts_agree_with_scores_from_targets(data: tuple[list[PlanTarget], dict[str, str]]) -> None:
    jinxiang, _ = score_jurisdictions(*data)
    counted = score_counts("370828", "金乡县", {d.dimension: dict(d.statuses) for d in jinxiang.dimensions},
                           unclassified=jinxiang.unclassified)
    assert counted == jinxiang
    with pytest.raises(AnalysisError, match=r"^unknown dimension '宜居' in the counts"):
        score_counts("370828", "金乡县", {"宜居": {"achieved": 1}})
