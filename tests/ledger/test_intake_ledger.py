"""Import into the ledger is all-or-nothing: a sheet with ten different mistakes is refused with all ten by row and
column and leaves observations and the audit log untouched; a clean sheet lands, audited; re-importing it is a no-op.

Runs on a fresh SQLite file and a fresh PostgreSQL schema holding the five seed plans, with the
real template of 金乡县住房和城乡建设局 filled in the way reporters get it wrong.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from greentrack.errors import ImportRejected, UnknownDepartment
from greentrack.ledger import repository
from greentrack.ledger.db import Ledger
from greentrack.ledger.intake import department_template, import_observations
from greentrack.ledger.intake_template import DATA_SHEET
from greentrack.pipeline.records import PlanToStore

from .conftest import store_plans
from .intake_helpers import AS_OF, HOUSING, WATER, write_csv

COLUMNS = {"id": 1, "period": 7, "value": 8, "unit": 9, "source": 10, "note": 11}


class Sheet:
    """The department's real template, opened for filling: rows found by the indicator of their target."""

    def __init__(self, ledger: Ledger, path: Path) -> None:
        department_template(ledger, "金乡县住建局", path, AS_OF)
        self.path = path
        self.book = load_workbook(path)
        self.sheet: Worksheet = self.book[DATA_SHEET]
        with ledger.session() as session:
            records = repository.documents.current_targets(session)
        self.ids = {}
        self.series = {str(r.id): r.observation_key for r in records}  # the series each target reads
        for record in records:
            if record.indicator_id and record.jurisdiction_name == "金乡县":
                self.ids.setdefault((record.indicator_id, HOUSING in record.departments), []).append(str(record.id))
        self.rows = {str(self.sheet.cell(n, 1).value): n for n in range(2, self.sheet.max_row + 1)
                     if self.sheet.cell(n, 1).value}
        self.next_blank = max(self.rows.values()) + 1

    def target(self, indicator_id: str, mine: bool = True, which: int = 0) -> str:
        return self.ids[(indicator_id, mine)][which]

    def fill(self, indicator_id: str, period: object, value: object, unit: object = None,
             source: object = "县住建局台账", which: int = 0) -> int:
        row = self.rows[self.target(indicator_id, which=which)]
        self._write(row, period, value, unit, source)
        return row

    def extra(self, target_id: str, period: object, value: object, unit: object, source: object = "台账") -> int:
        row = self.next_blank
        self.next_blank += 1
        self.sheet.cell(row, COLUMNS["id"], target_id)
        self._write(row, period, value, unit, source)
        return row

    def _write(self, row: int, period: object, value: object, unit: object, source: object) -> None:
        self.sheet.cell(row, COLUMNS["period"], period)
        self.sheet.cell(row, COLUMNS["value"], value)
        if unit is not None:
            self.sheet.cell(row, COLUMNS["unit"], unit)
        self.sheet.cell(row, COLUMNS["source"], source)

    def save(self, name: str) -> Path:
        path = self.path.with_name(name)
        self.book.save(path)
        return path


def _counts(ledger: Ledger) -> dict[str, int]:
    with ledger.session() as session:
        return repository.audit.row_counts(session)


def _observations(ledger: Ledger) -> list[tuple[str | None, str, float, str]]:
    with ledger.session() as session:
        return sorted((o.indicator_id, o.period, o.value, o.unit)
                      for o in repository.observations.list_observations(session))


def test_ten_mistakes_are_all_reported_and_nothing_is_written(seeded: Ledger, tmp_path: Path) -> None:
    sheet = Sheet(seeded, tmp_path / "template.xlsx")
    recycling = sheet.target("msw_recycling_rate")
    already = write_csv(tmp_path / "earlier.csv", [(recycling, "", "2024", "30", "%", "市容环卫中心", "")])
    import_observations(seeded, already, "金乡县住建局", as_of=AS_OF)
    before, stored = _counts(seeded), _observations(seeded)

    sheet.fill("charging_piles", "2024", 800, "个")  # two right rows, which must not go in either
    sheet.fill("rural_sewage_treatment_rate", "2024", 90)
    expected = [
        (sheet.fill("urbanisation_rate", "2024", "约65%"), "H"),  # text, not a number
        (sheet.fill("sludge_safe_disposal_rate", "2024", 120), "H"),  # a share above 100%
        (sheet.fill("green_building_area_added", "2024", 12, unit="公里"), "I"),  # a length for an area
        (sheet.fill("park_green_space_per_capita", "2024-13", 15), "G"),  # no 13th month
        (sheet.fill("clean_heating_rate", "2031", 70), "G"),  # a period in the future
        (sheet.fill("green_space_rate", "2024", 38, source=None), "J"),  # no source
        (sheet.extra("99999", "2024", 1, "%"), "A"),  # no such target
        (sheet.extra(sheet.target("irrigation_efficiency", mine=False), "2024", 0.66, ""), "A"),  # 水务局's
        (sheet.extra(recycling, "2024", 32, "%"), "G"),  # the ledger has 30 for 2024 already
    ]
    first = sheet.fill("smart_community_coverage", "2024", 60)
    expected.append((sheet.extra(sheet.target("smart_community_coverage"), "2024", 61, "%"), "G"))  # twice
    bad = sheet.save("十处错误.xlsx")

    with pytest.raises(ImportRejected) as caught:
        import_observations(seeded, bad, "金乡县住建局", as_of=AS_OF)

    problems = caught.value.problems
    assert sorted((p.row, p.column) for p in problems) == sorted(expected)
    assert len({p.reason_en for p in problems}) == 10  # ten different kinds of mistake
    assert all(p.file == "十处错误.xlsx" for p in problems)
    assert str(caught.value) == "十处错误.xlsx: 10 problems, nothing imported"
    assert any(f"与第{first}行重复" in p.reason for p in problems)
    assert _counts(seeded) == before and _observations(seeded) == stored


def test_a_clean_sheet_lands_audited_and_its_reimport_is_a_no_op(seeded: Ledger, tmp_path: Path) -> None:
    sheet = Sheet(seeded, tmp_path / "template.xlsx")
    sheet.fill("urbanisation_rate", "2024", 62.3)
    sheet.fill("charging_piles", "2024", 0.08, unit="万个")
    sheet.fill("green_building_area_added", "2024", 100000, unit="平方米", which=0)
    area = sheet.ids[("green_building_area_added", True)]
    partner = next(n for n, t in enumerate(area) if n and sheet.series[t] == sheet.series[area[0]])
    sheet.fill("green_building_area_added", "2024", 10, which=partner)  # another plan's target, the same series
    sheet.extra(sheet.target("urbanisation_rate"), "2023", 60.8, "%")
    clean = sheet.save("clean.xlsx")
    before = _counts(seeded)

    plan, outcome = import_observations(seeded, clean, "金乡县住建局", as_of=AS_OF)

    assert plan.problems == () and len(outcome.added) == 4 and outcome.replaced == () and len(outcome.merged) == 1
    assert _observations(seeded) == [("charging_piles", "2024", 800.0, "个"),
                                     ("green_building_area_added", "2024", 10.0, "万平方米"),
                                     ("urbanisation_rate", "2023", 60.8, "%"),
                                     ("urbanisation_rate", "2024", 62.3, "%")]
    after = _counts(seeded)
    assert after["observations"] - before["observations"] == 4
    assert after["audit_log"] - before["audit_log"] == 4
    with seeded.session() as session:
        entries = repository.audit.audit_entries(session, "observation")
        piles = next(o for o in repository.observations.list_observations(session)
                     if o.indicator_id == "charging_piles")
        both = repository.observations.observations_for(
            session, repository.documents.current_targets(session, department=HOUSING))
    assert {(e.actor, e.action) for e in entries} == {(HOUSING, "create")}
    assert (piles.value_written, piles.unit_written, piles.reporter, piles.source) == (0.08, "万个", HOUSING,
                                                                                      "县住建局台账")
    shared = [t for t in area if sheet.series[t] == sheet.series[area[0]]]
    apart = [t for t in area if sheet.series[t] != sheet.series[area[0]]]  # another quantity (建筑面积): its own
    assert len(shared) >= 2 and all(len(both[int(t)]) == 1 for t in shared)  # one value serves the series
    assert apart and all(both[int(t)] == [] for t in apart)

    _, again = import_observations(seeded, clean, "金乡县住建局", as_of=AS_OF)
    assert (again.added, again.replaced, len(again.unchanged), len(again.merged)) == ((), (), 4, 1)
    assert _counts(seeded) == after


def test_replace_overwrites_with_before_and_after_in_the_audit(seeded: Ledger, tmp_path: Path) -> None:
    sheet = Sheet(seeded, tmp_path / "template.xlsx")
    ident = sheet.target("urbanisation_rate")
    first = write_csv(tmp_path / "first.csv", [(ident, "", "2024", "61", "%", "快报", "")])
    import_observations(seeded, first, "金乡县住建局", as_of=AS_OF)
    corrected = write_csv(tmp_path / "corrected.csv", [(ident, "", "2024", "62.3", "%", "统计公报", "修正")])
    with pytest.raises(ImportRejected, match="1 problem"):
        import_observations(seeded, corrected, "金乡县住建局", as_of=AS_OF)
    before = _counts(seeded)

    _, outcome = import_observations(seeded, corrected, "金乡县住建局", replace=True, as_of=AS_OF, reporter="张三")

    assert [o.value for o in outcome.replaced] == [62.3] and outcome.added == ()
    after = _counts(seeded)
    assert (after["observations"], after["audit_log"]) == (before["observations"], before["audit_log"] + 1)
    with seeded.session() as session:
        entry = repository.audit.audit_entries(session, "observation")[-1]
    assert (entry.action, entry.actor) == ("update", "张三")
    assert entry.before is not None and entry.after is not None
    assert (entry.before["value"], entry.before["source"]) == (61.0, "快报")
    assert (entry.after["value"], entry.after["source"], entry.after["note"]) == (62.3, "统计公报", "修正")


def test_a_department_imports_its_own_targets_only(seeded: Ledger, tmp_path: Path) -> None:
    sheet = Sheet(seeded, tmp_path / "template.xlsx")
    irrigation = sheet.target("irrigation_efficiency", mine=False)
    path = write_csv(tmp_path / "water.csv", [(irrigation, "", "2024", "0.66", "", "水务局", "")], encoding="gbk")
    with pytest.raises(ImportRejected) as caught:
        import_observations(seeded, path, "金乡县住建局", as_of=AS_OF)
    assert f"由{WATER}负责" in caught.value.problems[0].reason
    _, outcome = import_observations(seeded, path, "金乡县水务局", as_of=AS_OF)
    assert [(o.indicator_id, o.value, o.unit) for o in outcome.added] == [("irrigation_efficiency", 0.66, "")]


def test_a_template_lists_exactly_the_targets_the_department_answers_for(seeded: Ledger, tmp_path: Path) -> None:
    sheet = Sheet(seeded, tmp_path / "template.xlsx")
    with seeded.session() as session:
        mine = {str(t.id) for t in repository.documents.current_targets(session) if HOUSING in t.departments}
        leads = {str(t.id) for t in repository.documents.current_targets(session) if HOUSING in t.lead_departments}
    assert set(sheet.rows) == mine and len(mine) > 40
    assert {i for i, n in sheet.rows.items() if sheet.sheet.cell(n, 6).value == "是"} == leads


def test_unknown_or_ambiguous_departments_list_the_names_to_use(seeded: Ledger, tmp_path: Path) -> None:
    with pytest.raises(UnknownDepartment) as caught:
        department_template(seeded, "金乡县住建", tmp_path / "x.xlsx")
    assert HOUSING in caught.value.close
    with pytest.raises(UnknownDepartment) as caught:
        department_template(seeded, "县住建局", tmp_path / "x.xlsx")  # 金乡县's and 平陆县's
    assert HOUSING in caught.value.close and len(caught.value.close) >= 2
    assert not (tmp_path / "x.xlsx").exists()


def test_a_template_older_than_its_plan_is_refused_by_row(ledger: Ledger, seed_plans: tuple[PlanToStore, ...],
                                                         tmp_path: Path) -> None:
    store_plans(ledger, seed_plans[:2])
    sheet = Sheet(ledger, tmp_path / "template.xlsx")
    sheet.fill("urbanisation_rate", "2024", 62.3)
    old = sheet.save("old.xlsx")
    store_plans(ledger, (replace(seed_plans[0], content_hash="0" * 64),))  # the plan revised: a new version
    before = _counts(ledger)
    with pytest.raises(ImportRejected) as caught:
        import_observations(ledger, old, "金乡县住建局", as_of=AS_OF)
    assert [(p.column, "已有新版本" in p.reason) for p in caught.value.problems] == [("A", True)]
    assert _counts(ledger) == before
