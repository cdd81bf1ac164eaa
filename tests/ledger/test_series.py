"""Each target reads a series of its own quantity: two targets of one indicator that count different things
(充电桩 · 公共充电桩; all new buildings · 其他新建民用建筑) are reported and assessed apart, and a cumulative target's
reporting rule (当年新增 · 累计) decides how its values add up and which rows an import refuses, by row, with the
target, the value and the reason, nothing written. A constructed plan, real sheets, a real ledger.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from greentrack.errors import ImportRejected, SeriesConflict, UsageError
from greentrack.ledger import repository
from greentrack.ledger.db import Ledger, open_ledger
from greentrack.ledger.intake import department_template, import_observations
from greentrack.ledger.intake_read import LABELS
from greentrack.pipeline.steps import content_hash, prepare_plan
from greentrack.services import series
from greentrack.services.status_rows import status_rows
from greentrack.track import STATUS_LABELS

AS_OF = date(2024, 6, 30)
PLAN = """某县“十四五”充电设施与绿色建筑发展规划

某县人民政府
2022年3月1日

一、发展目标
到2025年，全县累计建成充电桩1200个，其中公共充电桩累计建成400个。
到2025年，全县新建民用建筑中绿色建筑面积占比达到100%，其他新建民用建筑中绿色建筑面积占比达到80%。
“十四五”期间，全县累计新增绿色建筑面积200万平方米。（责任单位：县住房城乡建设局）
"""


@pytest.fixture
def county(tmp_path: Path) -> Ledger:
    """A fresh SQLite ledger holding the constructed plan (placed in 金乡县 so its units resolve)."""
    path = tmp_path / "金乡县充电设施与绿色建筑规划.txt"
    path.write_text(PLAN.replace("某县", "金乡县"), encoding="utf-8")
    ledger = open_ledger(db=tmp_path / "ledger.db")
    with ledger.session("test") as session:
        repository.plans.add_plan(session, prepare_plan(path, content_hash(path)))
    return ledger


def _target(ledger: Ledger, words: str) -> int:
    with ledger.session() as session:
        return next(r.id for r in repository.documents.current_targets(session) if r.target.indicator == words)


def _sheet(folder: Path, rows: list[tuple[int, str, float, str]], name: str = "sheet.csv") -> Path:
    path = folder / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([LABELS[f] for f in ("target_id", "period", "value", "unit", "source", "note")])
        for target_id, period, value, unit in rows:
            writer.writerow([target_id, period, value, unit, "县住建局台账", ""])
    return path


def _template_target(ledger: Ledger, folder: Path, target_id: int) -> str:
    """The 目标值 cell of the target's row in the department's reporting sheet (填报表)."""
    from openpyxl import load_workbook

    department_template(ledger, "县住房城乡建设局", folder / "template.xlsx", AS_OF)
    sheet = load_workbook(folder / "template.xlsx").worksheets[0]
    return next(str(row[3].value) for row in sheet.iter_rows(min_row=2) if row[0].value == str(target_id))


def _bulk_status(ledger: Ledger, as_of: date) -> dict[int, str]:
    from greentrack.scale.status import status_columns
    from greentrack.track import STATUSES

    with ledger.session() as session:
        columns = status_columns(session, as_of)
    return {int(i): STATUSES[int(s)] for i, s in zip(columns.ids, columns.status, strict=True)}


def _rows(ledger: Ledger, *ids: int, as_of: date = AS_OF,
          ) -> dict[int, tuple[str, float | None, list[tuple[str, float]]]]:
    """Per target: its status in Chinese, its total (cumulative) or latest value, and the values it reads."""
    with ledger.session() as session:
        found = status_rows(session, repository.documents.targets_by_ids(session, list(ids)), as_of)
    return {r.record.id: (STATUS_LABELS[r.assessment.status][0],
                          r.assessment.total if r.assessment.total is not None else r.assessment.latest_value,
                          [(o.period, o.value) for o in r.observations]) for r in found}


def test_two_quantities_of_one_indicator_are_reported_and_assessed_apart(county: Ledger, tmp_path: Path) -> None:
    piles, public = _target(county, "累计建成充电桩"), _target(county, "公共充电桩")
    share = _target(county, "新建民用建筑中绿色建筑面积占比")
    other = _target(county, "其他新建民用建筑中绿色建筑面积占比")
    with county.session() as session:
        records = {r.id: r for r in repository.documents.targets_by_ids(session, [piles, public, share, other])}
    assert records[piles].indicator_id == records[public].indicator_id == "charging_piles"
    assert records[share].indicator_id == records[other].indicator_id
    assert records[piles].observation_key == "indicator:370828:charging_piles|added|充电桩"
    assert records[public].observation_key == "indicator:370828:charging_piles|added|公共充电桩"
    assert records[share].observation_key != records[other].observation_key

    sheet = _sheet(tmp_path, [(piles, "2022", 700, "个"), (piles, "2023", 600, "个"), (public, "2023", 100, "个"),
                              (share, "2023", 100, "%"), (other, "2023", 60, "%")])
    _, outcome = import_observations(county, sheet, as_of=AS_OF)
    assert len(outcome.added) == 5 and outcome.merged == ()

    got = _rows(county, piles, public, share, other)
    assert got[piles] == ("已完成", 1300.0, [("2022", 700.0), ("2023", 600.0)])  # 1,300 added ≥ 1,200
    assert got[public][1:] == (100.0, [("2023", 100.0)]) and got[public][0] != "已完成"  # 100 of 400: its own
    assert got[share] == ("已完成", 100.0, [("2023", 100.0)])
    assert got[other][1:] == (60.0, [("2023", 60.0)]) and got[other][0] != "已完成"  # 60% < 80%


def test_shared_and_split_series(county: Ledger) -> None:
    piles, public = _target(county, "累计建成充电桩"), _target(county, "公共充电桩")
    area = _target(county, "累计新增绿色建筑面积")
    with pytest.raises(SeriesConflict, match="another indicator"):
        series.share_series(county, piles, [area])
    shared = series.share_series(county, piles, [public])
    assert shared.chosen and [t.id for t in shared.sharing] == [public]
    with county.session("test") as session:
        repository.observations.add_observation(session, _new(shared.key, "2023", 300.0, piles))
    assert _rows(county, public)[public][2] == [("2023", 300.0)]  # read through the shared series

    apart = series.split_series(county, public, copy_values=True)
    assert apart.key == f"target:{public}" and apart.sharing == ()
    assert [(o.period, o.value) for o in apart.history] == [("2023", 300.0)]  # a copy: the status is unchanged
    with pytest.raises(SeriesConflict, match="already reads a series of its own"):
        series.split_series(county, public)


def _new(key: str, period: str, value: float, target_id: int) -> repository.observations.NewObservation:
    return repository.observations.NewObservation(period, value, "个", jurisdiction_code="370828",
                                                  indicator_id="charging_piles", target_id=target_id,
                                                  series_key=key, source="台账")


def test_annual_additions_add_up_and_a_running_total_entered_as_one_is_refused(county: Ledger,
                                                                             tmp_path: Path) -> None:
    area = _target(county, "累计新增绿色建筑面积")
    assert series.series_of(county, area).rule == "annual"  # a cumulative target reports 当年新增 by default
    assert _template_target(county, tmp_path, area) == "累计 = 200万平方米（填当年新增）"

    import_observations(county, _sheet(tmp_path, [(area, "2022", 50, "万平方米"), (area, "2023", 60, "万平方米")]),
                        as_of=AS_OF)
    assert _rows(county, area)[area][1:] == (110.0, [("2022", 50.0), ("2023", 60.0)])  # 50 + 60 added

    running = _sheet(tmp_path, [(area, "2024", 180, "万平方米")], "running.csv")  # 50 + 60 + 70, the total
    with pytest.raises(ImportRejected) as refused:
        import_observations(county, running, as_of=date(2024, 12, 31))
    [problem] = refused.value.problems
    assert problem.row == 2
    assert problem.reason == (f"目标{area}（累计新增绿色建筑面积（新增绿色建筑面积））2024填报180万平方米："
                              "不小于此前各期新增之和110（2022、2023），像是累计值；请改填当年新增"
                              "（该目标填报口径：当年新增）")
    too_much = _sheet(tmp_path, [(area, "2024", 250, "万平方米")], "too-much.csv")
    with pytest.raises(ImportRejected) as refused:
        import_observations(county, too_much, as_of=date(2024, 12, 31))
    assert "2024填报250万平方米：一期新增超过目标总量200万平方米" in refused.value.problems[0].reason
    assert _rows(county, area)[area][1:] == (110.0, [("2022", 50.0), ("2023", 60.0)])  # nothing written


def test_running_totals_count_as_their_growth_and_a_falling_total_is_refused(county: Ledger,
                                                                           tmp_path: Path) -> None:
    area = _target(county, "累计新增绿色建筑面积")
    totals = [(area, "2022", 60, "万平方米"), (area, "2023", 130, "万平方米"), (area, "2024", 200, "万平方米")]
    with pytest.raises(ImportRejected) as refused:  # as 当年新增 these totals would add up to 390
        import_observations(county, _sheet(tmp_path, totals), as_of=date(2024, 12, 31))
    assert [(p.row, "像是累计值" in p.reason) for p in refused.value.problems] == [(4, True)]

    shown = series.set_reporting(county, area, "累计")
    assert shown.rule == "running"
    assert _template_target(county, tmp_path, area) == "累计 = 200万平方米（填累计值）"

    import_observations(county, _sheet(tmp_path, totals), as_of=date(2024, 12, 31))
    status, total, values = _rows(county, area, as_of=date(2024, 12, 31))[area]
    assert (status, total) == ("已完成", 200.0)  # the running total reached 200 before 2025, not 390
    assert values == [("2022", 60.0), ("2023", 130.0), ("2024", 200.0)]
    assert _bulk_status(county, date(2024, 12, 31))[area] == "achieved"  # the bulk (scale) path agrees
    # mid-2024, 3.5 of the 5 years of “十四五” (2021–2025) gone: 130 of 200 is behind the pace, on both paths
    assert _bulk_status(county, AS_OF)[area] == "lagging"
    assert _rows(county, area)[area][:2] == ("进度滞后", 130.0)

    falling = _sheet(tmp_path, [(area, "2024-06", 90, "万平方米")], "falling.csv")  # between 130 and 200
    with pytest.raises(ImportRejected) as refused:
        import_observations(county, falling, as_of=date(2024, 12, 31))
    assert "2024-06填报90万平方米：累计值小于台账中2023的累计值130；累计值不会减少" in refused.value.problems[0].reason
    with pytest.raises(UsageError, match="cumulative targets only"):
        series.set_reporting(county, _target(county, "新建民用建筑中绿色建筑面积占比"), "累计")


def test_a_value_corrected_and_withdrawn_with_the_cli(county: Ledger, tmp_path: Path) -> None:
    area = _target(county, "累计新增绿色建筑面积")
    _, outcome = import_observations(county, _sheet(tmp_path, [(area, "2022", 50, "万平方米"),
                                                               (area, "2023", 60, "万平方米")]), as_of=AS_OF)
    first, second = (o.id for o in outcome.added)
    db = str(tmp_path / "ledger.db")

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "greentrack.cli", *args], capture_output=True, text=True,
                              env={**os.environ, "GREENTRACK_DB": db, "GREENTRACK_USER": ""}, timeout=120)

    done = cli("observation", "correct", str(first), "--value", "55", "--reason", "统计口径更正")
    assert done.returncode == 0, done.stderr
    assert "已更正 corrected observation" in done.stdout
    done = cli("observation", "withdraw", str(second), "--reason", "重复填报")
    assert done.returncode == 0, done.stderr
    refused = cli("observation", "withdraw", str(second), "--reason", "again")
    assert refused.returncode == 2 and "was withdrawn on" in refused.stderr
    assert cli("observation", "correct", str(first), "--value", "1", "--reason", " ").returncode == 2

    assert _rows(county, area)[area][1:] == (55.0, [("2022", 55.0)])  # the withdrawn one no longer counts
    view = series.series_of(county, area)
    assert [(o.period, o.value, o.withdrawn, o.change_reason) for o in view.history] == [
        ("2022", 55.0, False, "统计口径更正"), ("2023", 60.0, True, "重复填报")]
    changes = [(e.entity_id, (e.before or {})["value_written"], (e.after or {})["value_written"],
                (e.after or {})["change_reason"]) for e in view.changes]
    assert changes == [(str(first), 50.0, 55.0, "统计口径更正"), (str(second), 60.0, 60.0, "重复填报")]
    shown = cli("series", "show", str(area))
    assert shown.returncode == 0 and "当年新增" in shown.stdout and "已撤回" in shown.stdout
    # the withdrawn period takes a new value
    import_observations(county, _sheet(tmp_path, [(area, "2023", 65, "万平方米")], "again.csv"), as_of=AS_OF)
    assert _rows(county, area)[area][1] == 120.0
