"""The roadmap lists every dated target and task of a jurisdiction, month-dated ones before the bare year's."""

from __future__ import annotations

from greentrack.analyse import PlanTarget, PlanTask, timeline
from greentrack.models import Task

from .helpers import placed, plan, target


def test_order_labels_and_chart() -> None:
    info = plan("370828", "a.txt")
    items = placed(info,
                   target("充电桩", 1600, "个", year=2025, kind="cumulative", comparator="="),
                   target("污泥无害化处置率", 95, "%", year=2023, deadline="2023-12-31"),
                   target("建成区绿地率", 40.11, "%", year=2023),
                   target("单位GDP能耗", -15, "%", kind="change", comparator="=", reference_year=2020),
                   target("原煤入洗率", 80, "%", year=None))
    task = Task(id="a:1-2:task", doc="a.txt", text="全面完成农村房屋排查整治", year=2023, deadline="2023-10-31",
                departments=("县住建局",), lead_departments=(), section=(),
                quote="2023年10月底前全面完成农村房屋排查整治", start=1, end=2)
    result = timeline(items, [PlanTask(task, info)])
    assert [(r.when, r.kind, r.label) for r in result.rows] == [
        ("2023年10月", "task", "全面完成农村房屋排查整治"),
        ("2023年12月", "target", "污泥无害化处置率 ≥95%"),
        ("2023年", "target", "建成区绿地率 ≥40.11%"),
        ("2025年", "target", "充电桩 1600个"),
        ("2025年", "target", "单位GDP能耗 比2020年下降15%"),
    ]
    assert (result.undated_targets, result.undated_tasks) == (1, 0)
    assert result.rows[0].departments == ("县住建局",)
    assert result.chart() == {
        "categories": ["2023年", "2025年"],
        "series": [{"name": "指标", "type": "bar", "stack": "deadlines", "data": [2, 2]},
                   {"name": "任务", "type": "bar", "stack": "deadlines", "data": [1, 0]}],
        "items": {"2023": ["2023年10月 全面完成农村房屋排查整治", "2023年12月 污泥无害化处置率 ≥95%",
                           "2023年 建成区绿地率 ≥40.11%"],
                  "2025": ["2025年 充电桩 1600个", "2025年 单位GDP能耗 比2020年下降15%"]}}


def test_only_the_jurisdiction_asked_for() -> None:
    items = (placed(plan("370828"), target("建成区绿地率", 40, "%"))
             + placed(plan("370829"), target("建成区绿地率", 41, "%")))
    assert [r.plan.jurisdiction.name for r in timeline(items, jurisdiction_code="370829").rows] == ["嘉祥县"]


def test_jinxiang_roadmap_from_both_plans(seed_targets: dict[str, list[PlanTarget]],
                                          seed_tasks: dict[str, list[PlanTask]]) -> None:
    targets = [i for key in ("000", "001", "004") for i in seed_targets[key]]
    tasks = [i for key in ("000", "001", "004") for i in seed_tasks[key]]
    result = timeline(targets, tasks, "370828")
    assert {r.plan.doc[:3] for r in result.rows} == {"000", "001"}
    first = result.rows[0]
    assert (first.when, first.kind, first.label) == ("2023年10月", "task", "全面完成农村房屋排查整治")
    dated = sum(1 for key in ("000", "001") for i in seed_targets[key] if i.target.year is not None)
    assert sum(1 for r in result.rows if r.kind == "target") == dated
    assert result.undated_targets == sum(len(seed_targets[k]) for k in ("000", "001")) - dated
    assert [r.year for r in result.rows] == sorted(r.year for r in result.rows)
    assert result.chart()["categories"] == ["2023年", "2025年", "2026年", "2035年"]
