"""Warnings follow the documented severity rules and carry the figures; the supervision list orders them per department.

One county's ledger on 1 Sep 2025, built so that each rule fires once (see the comment of each target).
"""

from __future__ import annotations

from datetime import date

from greentrack.track import Observation, TrackedTarget, assess, early_warnings, supervision_list, warn
from greentrack.track.warnings import warning_message

AS_OF = date(2025, 9, 1)


def ye(year: int, value: float) -> Observation:
    return Observation(date(year, 12, 31), value)


def level(tid: str, name: str, value: float, year: int, base: float | None = None, *, deadline: date | None = None,
          departments: tuple[str, ...] = (), lead: tuple[str, ...] = ()) -> TrackedTarget:
    return TrackedTarget(tid, name, "level", ">=", value, "%", year, deadline, base, 2020 if base is not None else None,
                         departments=departments, lead_departments=lead)


LEDGER: list[tuple[TrackedTarget, list[Observation]]] = [
    # 55 < 60 and 2024 is over → overdue (red); trend (2020, 50)–(2024, 55) gives ŷ2024 = 55, shortfall 0.5 (orange).
    (level("over", "绿色建筑占比", 60.0, 2024, 50.0, departments=("县住建局", "县水务局"), lead=("县住建局",)),
     [ye(2024, 55.0)]),
    # 70 → 65 against ≥ 80: regressing (red); trend b = −1.25, ŷ2027 = 67.5 − 6.25 = 61.25,
    # shortfall (80 − 61.25)/(80 − 70) = 1.875 (orange, outranked).
    (level("reg", "污水集中收集率", 80.0, 2027, 70.0, departments=("县水务局",), lead=("县水务局",)), [ye(2024, 65.0)]),
    # CAGR (55/50)^(1/4) − 1 = 0.0241, CAGR* 2^(1/7) − 1 = 0.1041: R = 0.2316 off track (orange);
    # trend ŷ2027 = 52.5 + 1.25·5 = 58.75, shortfall (100 − 58.75)/50 = 0.825 (orange).
    (level("off", "可再生能源占比", 100.0, 2027, 50.0, departments=("县发改局",)), [ye(2024, 55.0)]),
    # latest 1 星级 against ≥ 2: not compliant (orange).
    (TrackedTarget("std", "绿色建筑星级", "standard", ">=", 2.0, "星级", departments=("县住建局",)), [ye(2024, 1.0)]),
    # no data and the deadline (2024) has passed (orange); nobody named → 未明确责任单位.
    (level("nodata_over", "再生水利用率", 10.0, 2024), []),
    # linear pace (y0 = 0): v = 32/4 = 8 against v* = 70/7 = 10, R = 0.8 lagging (yellow);
    # ŷ2027 = 16 + 8·5 = 56, shortfall (70 − 56)/70 = 0.2 ≤ 0.25: no orange.
    (level("lag", "雨水资源利用率", 70.0, 2027, 0.0, departments=("县水务局",)), [ye(2024, 32.0)]),
    # on track (R = 11.25/10) but due 31 Dec 2025, 121 days away (yellow).
    (level("soon", "公共充电设施覆盖率", 50.0, 2025, 0.0, departments=("县发改局", "县住建局"), lead=("县发改局",)),
     [ye(2024, 45.0)]),
    # no data, deadline 30 Jun 2026 is 302 days away (yellow).
    (level("nodata_soon", "节水器具普及率", 10.0, 2026, deadline=date(2026, 6, 30), departments=("县水务局",)), []),
    # on track with time to spare, achieved, and no data two years ahead: no warning.
    (level("calm", "公园绿地服务半径覆盖率", 50.0, 2027, 0.0, departments=("县住建局",)), [ye(2024, 40.0)]),
    (level("done", "城镇化率", 60.0, 2025, 50.0, departments=("县住建局",)), [ye(2024, 61.0)]),
    (level("later", "绿色出行比例", 70.0, 2027, departments=("县交通运输局",)), []),
]


def _warnings() -> tuple:
    return early_warnings((t, assess(t, obs, AS_OF)) for t, obs in LEDGER)


def test_severity_and_reasons_per_rule() -> None:
    found = {w.target_id: (w.severity, w.reasons) for w in _warnings()}
    assert found == {
        "over": ("red", ("overdue", "shortfall")),
        "reg": ("red", ("regressing", "shortfall")),
        "off": ("orange", ("off_track", "shortfall")),
        "std": ("orange", ("non_compliant",)),
        "nodata_over": ("orange", ("no_data_overdue",)),
        "lag": ("yellow", ("lagging",)),
        "soon": ("yellow", ("due_soon",)),
        "nodata_soon": ("yellow", ("no_data_due_soon",)),
    }


def test_warnings_are_ordered_by_severity_then_deadline() -> None:
    assert [w.target_id for w in _warnings()] == ["over", "reg", "nodata_over", "off", "std", "soon", "nodata_soon",
                                                  "lag"]


def test_messages_carry_the_key_figures_with_units_in_chinese_and_english() -> None:
    by_id = {w.target_id: w for w in _warnings()}
    assert by_id["over"].message == ("【红色预警】绿色建筑占比：已过完成期限2024-12-31（逾期244天）仍未达标：最新值55%"
                                     "（2024-12-31），目标≥60%；按趋势预计到期值55%，缺口50%（超过25%）。")
    assert warning_message(by_id["over"], "en") == (
        "[red warning] 绿色建筑占比: past its deadline 2024-12-31 (244 days overdue) and not met: latest 55% "
        "(2024-12-31), target ≥60%; the trend reaches 55% by the deadline, a shortfall of 50% (over 25%).")
    assert warning_message(by_id["over"], "zh") == by_id["over"].message
    # Expected on 1 Sep 2025 (day 244 of 365, τ = 2024.66849): 70·(4.66849/7) = 46.6849 on the linear path.
    assert by_id["lag"].message == ("【黄色预警】雨水资源利用率：进度滞后：进度比R=0.8（0.60–0.95），应达46.6849%，"
                                    "实际32%（2024-12-31）。")
    assert by_id["soon"].message == ("【黄色预警】公共充电设施覆盖率：距完成期限2025-12-31仅剩121天，"
                                     "尚未达标（目标≥50%）。")
    assert warning_message(by_id["soon"], "en") == (
        "[yellow warning] 公共充电设施覆盖率: 121 days left to its deadline 2025-12-31, not met yet (target ≥50%).")
    assert by_id["nodata_soon"].days_left == 302
    assert by_id["over"].severity_zh == "红色预警"


def test_no_warning_for_settled_or_distant_targets() -> None:
    for tid in ("calm", "done", "later"):
        target, observations = next((t, o) for t, o in LEDGER if t.id == tid)
        assert warn(target, assess(target, observations, AS_OF)) is None


def test_supervision_list_per_department() -> None:
    dockets = supervision_list(_warnings())
    assert [(d.department, d.worst, [(i.warning.target_id, i.lead) for i in d.items]) for d in dockets] == [
        ("县水务局", "red", [("over", False), ("reg", True), ("nodata_soon", False), ("lag", False)]),
        ("县住建局", "red", [("over", True), ("std", False), ("soon", False)]),
        ("县发改局", "orange", [("off", False), ("soon", True)]),
        ("未明确责任单位", "orange", [("nodata_over", False)]),
    ]
