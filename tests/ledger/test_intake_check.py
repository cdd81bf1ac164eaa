"""Every wrong cell of a sheet is reported by row, column and reason; a clean sheet yields exact observations.

The check runs on real .xlsx and .csv files against plain target records, with no database.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from greentrack.errors import ImportRejected
from greentrack.ledger.intake import ExistingObservation, ImportPlan, plan_import, require_clean

from .intake_helpers import AS_OF, HOUSING, JINXIANG, TARGETS, WATER, write_csv, write_xlsx


def _plan(path: Path, existing: tuple[ExistingObservation, ...] = (), department: str | None = HOUSING,
          replace: bool = False) -> ImportPlan:
    return plan_import(path, TARGETS, existing, department, replace, AS_OF)


def _where(plan: ImportPlan) -> list[tuple[int, str]]:
    return [(p.row, p.column) for p in plan.problems]


def test_a_clean_sheet_gives_values_as_written_and_in_the_canonical_unit(tmp_path: Path) -> None:
    rows = [
        ("101", "常住人口城镇化率", "2024", 62.3, "%", "县统计局 2024年统计公报", ""),
        ("102", "新增绿色建筑", "2024", 1200000, "平方米", "住建局台账", "全年累计"),
        ("104", "充电桩", "2025-03", 0.12, "万个", "供电公司", ""),
        ("105", "人均公园绿地面积", 2023, "18.9", "㎡/人", "园林绿化服务中心", ""),
        ("201", "农田灌溉水有效利用系数", "2024", "67.1", "%", "水务局", ""),
    ]
    plan = _plan(write_xlsx(tmp_path / "clean.xlsx", rows), department=None)
    assert plan.problems == ()
    got = [(o.target_id, o.period, o.value, o.unit, o.value_written, o.unit_written) for o in plan.observations]
    assert got == [("101", "2024", 62.3, "%", 62.3, "%"),
                   ("102", "2024", 120.0, "万平方米", 1200000.0, "平方米"),
                   ("104", "2025-03", 1200.0, "个", 0.12, "万个"),
                   ("105", "2023", 18.9, "平方米/人", 18.9, "平方米/人"),
                   ("201", "2024", 0.671, "", 67.1, "%")]
    first = plan.observations[0]
    assert (first.jurisdiction, first.indicator_id) == (JINXIANG, "urbanisation_rate")
    assert first.source == "县统计局 2024年统计公报"
    assert plan.observations[1].note == "全年累计"


def test_rows_left_blank_in_the_template_are_skipped_not_reported(tmp_path: Path) -> None:
    rows = [("101", "常住人口城镇化率", None, None, "%", None, None), ("107", "污泥", "2023", 96, "%", "台账", "")]
    plan = _plan(write_xlsx(tmp_path / "partly.xlsx", rows))
    assert (plan.problems, plan.skipped, [o.row for o in plan.observations]) == ((), (2,), [3])


@pytest.mark.parametrize(("row", "column", "words"), [
    (("999", "", "2024", 1, "%", "x", ""), "A", "未知的目标编号"),
    (("201", "", "2024", 0.6, "", "x", ""), "A", f"由{WATER}负责"),
    (("101", "", "2024", "约30%", "%", "x", ""), "D", "不是数字"),
    (("101", "", "2024", "30左右", "%", "x", ""), "D", "不是数字"),
    (("107", "", "2023", 120, "%", "x", ""), "D", "0–100%"),
    (("107", "", "2023", -1, "%", "x", ""), "D", "0–100%"),
    (("104", "", "2024", -30, "个", "x", ""), "D", "不能为负"),
    (("102", "", "2024", 12, "公里", "x", ""), "E", "不能换算"),
    (("105", "", "2023", 18, "平方米", "x", ""), "E", "不能换算"),
    (("101", "", "2024", "62%", "万平方米", "x", ""), "E", "单位却是"),
    (("101", "", "2025-13", 60, "%", "x", ""), "C", "月份不存在"),
    (("101", "", "2025-07", 60, "%", "x", ""), "C", "尚未开始"),
    (("101", "", "2026", 60, "%", "x", ""), "C", "尚未开始"),
    (("101", "", "2024", 60, "%", "", ""), "F", "不能为空"),
    (("101", "", "", 60, "%", "x", ""), "C", "不能为空"),
    (("101", "", "2024", None, "%", "x", ""), "D", "不能为空"),
    (("101", "", "2024", 60, "", "x", ""), "E", "不能为空"),
    ((None, "", "2024", 60, "%", "x", ""), "A", "不能为空"),
])
def test_each_mistake_is_reported_at_its_cell(tmp_path: Path, row: tuple[object, ...], column: str,
                                              words: str) -> None:
    plan = _plan(write_xlsx(tmp_path / "one.xlsx", [row]))
    assert _where(plan) == [(2, column)]
    assert words in plan.problems[0].reason
    assert plan.observations == ()


def test_every_problem_of_a_row_is_reported_not_only_the_first(tmp_path: Path) -> None:
    plan = _plan(write_xlsx(tmp_path / "many.xlsx", [("102", "", "2024-13", "约30", "公里", "", "")]))
    assert _where(plan) == [(2, "C"), (2, "D"), (2, "E"), (2, "F")]


def test_a_unitless_target_accepts_a_blank_unit(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "coefficient.csv", [("201", "", "2024", "0.671", "", "水务局", "")])
    plan = _plan(path, department=WATER)
    assert plan.problems == () and plan.observations[0].value == 0.671


def test_a_percent_formatted_excel_cell_is_read_as_percent(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "pct.xlsx", [("101", "", "2024", 0.623, "%", "x", "")], formats={"D2": "0.0%"})
    plan = _plan(path)
    assert [(o.value, o.value_written) for o in plan.observations] == [(62.3, 62.3)]


def test_a_month_excel_turned_into_a_date_is_still_a_month(tmp_path: Path) -> None:
    plan = _plan(write_xlsx(tmp_path / "date.xlsx", [("101", "", datetime(2025, 3, 1), 61, "%", "x", "")]))
    assert [o.period for o in plan.observations] == ["2025-03"]


def test_duplicate_period_of_one_target_points_at_the_first_row(tmp_path: Path) -> None:
    rows = [("101", "", "2024", 61, "%", "x", ""), ("107", "", "2023", 96, "%", "x", ""),
            ("101", "", "2024年", 61.5, "%", "y", "")]
    plan = _plan(write_xlsx(tmp_path / "dup.xlsx", rows))
    assert _where(plan) == [(4, "C")]
    assert "与第2行重复" in plan.problems[0].reason


def test_two_targets_on_one_indicator_share_one_observation(tmp_path: Path) -> None:
    # 102 and 103 (two plans of 金乡县) both count new green-building area: one reported value serves both
    same = [("102", "", "2024", 150, "万平方米", "台账", ""), ("103", "", "2024", 1500000, "平方米", "台账", "")]
    plan = _plan(write_xlsx(tmp_path / "same.xlsx", same))
    assert (plan.problems, [o.row for o in plan.observations], plan.merged) == ((), [2], (3,))
    different = [("102", "", "2024", 150, "万平方米", "台账", ""), ("103", "", "2024", 160, "万平方米", "台账", "")]
    plan = _plan(write_xlsx(tmp_path / "different.xlsx", different))
    assert _where(plan) == [(3, "D")] and "与第2行矛盾" in plan.problems[0].reason


def _stored(value: float, source: str = "县统计局", note: str = "") -> ExistingObservation:
    return ExistingObservation(id=7, jurisdiction=JINXIANG, indicator_id="urbanisation_rate", target_id=None,
                               period="2024", value=value, unit="%", value_written=value, unit_written="%",
                               source=source, note=note)


def test_a_period_already_in_the_ledger(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "again.xlsx", [("101", "", "2024", 62.3, "%", "县统计局", "")])
    same = _plan(path, (_stored(62.3),))
    assert (same.problems, same.observations, same.unchanged) == ((), (), (2,))
    other = _plan(path, (_stored(61.0),))
    assert _where(other) == [(2, "C")]
    assert "台账中已有2024的数值61%" in other.problems[0].reason and "--replace" in other.problems[0].reason
    replaced = _plan(path, (_stored(61.0),), replace=True)
    assert replaced.problems == ()
    assert [(o.value, o.replaces and o.replaces.value) for o in replaced.observations] == [(62.3, 61.0)]


def test_a_changed_source_is_a_change_not_a_silent_no_op(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "source.xlsx", [("101", "", "2024", 62.3, "%", "2024年统计公报", "")])
    assert _where(_plan(path, (_stored(62.3, source="县统计局"),))) == [(2, "C")]


def test_without_a_department_any_known_target_may_be_reported(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "office.csv", [("201", "", "2024", "0.66", "", "水务局", ""),
                                               ("101", "", "2024", "62", "%", "统计局", "")])
    assert _plan(path, department=None).problems == ()
    assert _where(_plan(path, department=HOUSING)) == [(2, "A")]


def test_problems_print_file_row_column_and_reason(tmp_path: Path) -> None:
    plan = _plan(write_xlsx(tmp_path / "report.xlsx", [("101", "", "2024", "约30%", "%", "x", "")]))
    assert str(plan.problems[0]) == ("report.xlsx 第2行 row 2 D列 数值 value: "
                                     "数值“约30%”不是数字；只填数字，单位填在“单位”列 "
                                     "(not a number; write digits only and put the unit in 单位)")
    with pytest.raises(ImportRejected, match=r"^report.xlsx: 1 problem, nothing imported$") as caught:
        require_clean(plan)
    assert caught.value.problems == list(plan.problems)


def test_a_formula_never_computed_is_named_not_taken_for_empty(tmp_path: Path) -> None:
    # openpyxl, like many programs, saves formulas without their results; Excel would have saved both
    path = write_xlsx(tmp_path / "formula.xlsx", [("101", "", "2024", "=60+2.3", "%", "x", "")])
    plan = _plan(path)
    assert _where(plan) == [(2, "D")] and "公式“=60+2.3”没有计算结果" in plan.problems[0].reason


def test_a_target_of_a_superseded_plan_version_asks_for_a_new_template(tmp_path: Path) -> None:
    old = replace(TARGETS[0], id="99", superseded=True)
    path = write_xlsx(tmp_path / "old.xlsx", [("99", "", "2024", 62, "%", "x", "")])
    plan = plan_import(path, (*TARGETS, old), department=HOUSING, as_of=AS_OF)
    assert _where(plan) == [(2, "A")] and "已有新版本" in plan.problems[0].reason


def test_a_value_filed_for_the_target_alone_counts_as_already_reported(tmp_path: Path) -> None:
    # filed while 101's indicator was unresolved; the ledger shows the target its own value for that period
    own = replace(_stored(61.0), indicator_id=None, target_id="101", jurisdiction=None)
    path = write_xlsx(tmp_path / "own.xlsx", [("101", "", "2024", 62.3, "%", "县统计局", "")])
    assert _where(_plan(path, (own,))) == [(2, "C")]
    replaced = _plan(path, (own, _stored(60.0)), replace=True)
    assert [o.replaces for o in replaced.observations] == [own]
