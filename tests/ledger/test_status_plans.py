"""Constructed plans, stored and tracked: the period and baseline a plan states, late achievement, the responsible unit.

Each plan is written here in our own words; it goes read → extract → resolve → ledger like any plan, and its
targets are tracked against plain observations (the track stage takes them as data, whatever the storage).
Every case asserts the status, the numbers and the text a reader sees (CLI status row, report cells).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pytest

from greentrack.ledger import repository
from greentrack.ledger.db import Ledger
from greentrack.ledger.records import TargetRecord
from greentrack.ledger.status import StatusRow, status_cells
from greentrack.ledger.tracking import track_input
from greentrack.pipeline.steps import content_hash, prepare_plan
from greentrack.reports import cells
from greentrack.track import Observation, assess
from read.table_fixtures import TableSpec, write_docx

ISSUED_LATER = """某某县城乡建设绿色低碳发展行动方案
某某县人民政府办公室
2024年3月15日
一、主要目标
“十四五”期间，全县累计新增城镇绿色建筑面积320万平方米。到2024年，全县城镇生活污水集中收集率达到75%以上，全县城市道路照明节能灯具使用率达到90%以上。（县住房城乡建设局、县水务局、县城市管理局按照职责分工负责）
2023—2025年，全县累计建成口袋公园30个。（县城市管理局牵头，县自然资源局配合）
表1 主要指标
指标 2020年 2025年 责任部门
1.累计新增绿色建筑面积(万平方米) 290 610 县住房城乡建设局
2.新能源公交车占比(%) 40 80 县交通运输局
二、重点任务
（一）推广绿色出行。更新公交车辆，到2025年全县新能源公交车占比力争达到85%。
"""


def _year(year: int, value: float) -> Observation:
    return Observation(dt.date(year, 12, 31), value)


@pytest.fixture
def records(sqlite_ledger: Ledger, tmp_path: Path) -> list[TargetRecord]:
    path = tmp_path / "county-plan.txt"
    path.write_text(ISSUED_LATER, encoding="utf-8")
    with sqlite_ledger.session("test") as session:
        repository.plans.add_plan(session, prepare_plan(path, content_hash(path)))
    with sqlite_ledger.session() as session:
        return repository.documents.current_targets(session)


def _one(records: Sequence[TargetRecord], value: float, *, table: bool | None = None) -> TargetRecord:
    found = [r for r in records if r.target.value == value
             and (table is None or (r.target.baseline_year is not None) == table)]
    assert len(found) == 1, [(r.target.indicator, r.target.value) for r in records]
    return found[0]


def _row(record: TargetRecord, observations: Sequence[Observation], as_of: dt.date) -> StatusRow:
    tracked = track_input(record, ())
    return StatusRow(record, (), tracked, assess(tracked.target, observations, as_of))


def _cell(row: StatusRow, heading: str) -> str:
    from greentrack.ledger.status import STATUS_COLUMNS

    return status_cells(row)[[zh for zh, _ in STATUS_COLUMNS].index(heading)]


ADDITIONS = [_year(2021, 70.0), _year(2022, 60.0), _year(2023, 66.0), _year(2024, 65.0)]  # 261 added


def test_a_table_baseline_row_is_the_level_reached_from_the_baseline(records: list[TargetRecord]) -> None:
    record = _one(records, 610.0)
    assert (record.target.kind, record.target.baseline_value, record.target.baseline_year) == ("cumulative", 290, 2020)
    row = _row(record, ADDITIONS, dt.date(2024, 12, 31))
    a = row.assessment
    # 320 to add from 290, not 610: 261 over 80% of 2021–2025 is on pace (R = 0.8156/0.8), not 严重滞后
    assert a.target_level == 320.0 and a.total == 261.0
    assert a.required_rate == pytest.approx(0.8) and a.completion == pytest.approx(261 / 320)
    assert a.ratio == pytest.approx(261 / 320 / 0.8)
    assert a.status == "on_track"
    assert "目标610为期末总量，自基期290起需新增320" in a.note
    assert cells.measures_text(row) == "完成率 82% · 进度比 1.02"
    assert (_cell(row, "完成率 进度比"), _cell(row, "状态")) == ("82% 1.02", "正常推进 on track")


def test_a_fourteenth_plan_period_counts_from_2021_in_a_plan_issued_in_2024(records: list[TargetRecord]) -> None:
    record = _one(records, 320.0)
    assert record.document_issue_date == "2024-03-15" and record.target.period_start == 2021
    assert track_input(record, ()).target.start_year == 2021
    row = _row(record, ADDITIONS, dt.date(2024, 12, 31))
    a = row.assessment
    assert a.baseline_period == dt.date(2020, 12, 31)  # the period opens at the end of 2020: 2021's 70 counts
    assert (a.total, a.observations_used, a.status) == (261.0, 4, "on_track")
    assert a.required_rate == pytest.approx(0.8) and a.completion == pytest.approx(261 / 320)
    assert _cell(row, "完成率 进度比") == "82% 1.02" and _cell(row, "状态") == "正常推进 on track"


def test_a_year_range_opens_the_period_at_its_first_year(records: list[TargetRecord]) -> None:
    record = _one(records, 30.0)
    assert record.target.period_start == 2023
    row = _row(record, [_year(2022, 5.0), _year(2023, 10.0), _year(2024, 12.0)], dt.date(2024, 12, 31))
    a = row.assessment
    assert a.baseline_period == dt.date(2022, 12, 31) and a.total == 22.0  # 2022's 5 lies before the period
    assert a.required_rate == pytest.approx(2 / 3) and a.ratio == pytest.approx(22 / 30 / (2 / 3))
    assert a.status == "on_track" and cells.measures_text(row) == "完成率 73% · 进度比 1.10"


def test_a_target_reached_after_its_deadline_is_late_not_achieved(records: list[TargetRecord]) -> None:
    sewage, lighting = _one(records, 75.0), _one(records, 90.0)
    assert sewage.target.year == lighting.target.year == 2024
    reached_in_spring = Observation(dt.date(2025, 3, 31), 76.0)  # after the deadline, 31 Dec 2024
    late = _row(sewage, [_year(2022, 60.0), _year(2023, 66.0), _year(2024, 72.0), reached_in_spring],
                dt.date(2025, 6, 30))
    on_time = _row(lighting, [_year(2022, 70.0), _year(2023, 85.0), _year(2024, 91.0)], dt.date(2025, 6, 30))
    assert late.assessment.status == "late_achieved" and on_time.assessment.status == "achieved"
    assert late.assessment.latest_value == 76.0 and late.assessment.due == dt.date(2024, 12, 31)
    assert _cell(late, "状态") == "逾期完成 achieved late" and _cell(on_time, "状态") == "已完成 achieved"
    # 完成率 from the first observation (60) to 75: 16/15; the report shows both measures where they differ
    assert late.assessment.completion == pytest.approx(16 / 15)
    assert cells.measures_text(late).startswith("完成率 107%")


def test_a_note_without_a_lead_names_its_first_unit_responsible(records: list[TargetRecord]) -> None:
    record = _one(records, 75.0)
    assert record.lead_departments == () and len(record.departments) == 3
    assert record.responsible == record.departments[:1] and record.responsible_named_first
    assert "住房" in record.responsible[0]
    row = _row(record, (), dt.date(2024, 12, 31))
    shown = _cell(row, "牵头/责任单位")  # the terminal marks it * and its caption says what * means
    assert shown.endswith("*") and "住房" in shown and "牵头" not in shown
    assert cells.leads_text(row) == f"{record.responsible[0]}（责任单位）"
    assert "住房" not in cells.supports_text(row) and "水务" in cells.supports_text(row)


def test_a_lead_in_the_note_stays_the_lead(records: list[TargetRecord]) -> None:
    record = _one(records, 30.0)
    assert record.responsible == record.lead_departments and not record.responsible_named_first
    assert "城市管理" in record.responsible[0]
    assert cells.leads_text(_row(record, (), dt.date(2024, 12, 31))) == record.lead_departments[0]


def test_a_sentence_naming_no_unit_takes_the_unit_its_plan_names_for_the_indicator(
        records: list[TargetRecord]) -> None:
    restated, row = _one(records, 85.0), _one(records, 80.0)
    assert restated.indicator_id is not None and restated.indicator_id == row.indicator_id
    assert restated.departments == () and restated.indicator_units == row.departments
    assert restated.responsible == row.responsible and restated.responsible_named_first
    shown = cells.leads_text(_row(restated, (), dt.date(2024, 12, 31)))
    assert shown == f"{row.responsible[0]}（责任单位）"


def test_a_table_responsibility_column_gives_each_row_its_unit(records: list[TargetRecord]) -> None:
    buses, building = _one(records, 80.0), _one(records, 610.0)
    assert "交通运输" in buses.responsible[0] and "住房" in building.responsible[0]
    for record in (buses, building):
        row = _row(record, (), dt.date(2024, 12, 31))
        assert _cell(row, "牵头/责任单位") == f"{record.responsible[0].removeprefix(record.jurisdiction_name or '')}*"
        assert cells.leads_text(row) == f"{record.responsible[0]}（责任单位）"


YEARLY_TABLE = TableSpec(
    caption="表2 某县既有建筑改造年度分解目标",
    rows=[["项目", "单位", "2023年", "2024年", "2025年", "总计"],
          ["既有公共建筑节能改造面积", "万平方米", "10", "15", "20", "45"]],
    before=["某某县既有建筑节能改造实施方案", "某某县人民政府办公室", "2022年6月1日", "一、主要目标",
            "改造任务逐年分解如下。"],
)


def test_a_yearly_breakdown_cell_counts_only_its_own_year(sqlite_ledger: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "yearly.docx"
    write_docx(YEARLY_TABLE, path)
    with sqlite_ledger.session("test") as session:
        repository.plans.add_plan(session, prepare_plan(path, content_hash(path)))
    with sqlite_ledger.session() as session:
        records = repository.documents.current_targets(session)
    seen = [_year(2022, 5.0), _year(2023, 9.0), _year(2024, 12.0)]
    year_2024 = _row(_one(records, 15.0), seen, dt.date(2024, 12, 31)).assessment
    # what 2024 adds is measured from the end of 2023: 2023's 9 belongs to the 2023 cell
    assert year_2024.baseline_period == dt.date(2023, 12, 31) and year_2024.total == 12.0
    assert year_2024.completion == pytest.approx(12 / 15)
    total = _row(_one(records, 45.0), seen, dt.date(2024, 12, 31)).assessment
    # the total runs over every year column, from the end of 2022 (not from the plan's issue in mid-2022)
    assert total.baseline_period == dt.date(2022, 12, 31) and total.total == 21.0
