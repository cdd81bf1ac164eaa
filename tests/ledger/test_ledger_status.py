"""The status table is the track stage's verdict on what the ledger holds: the same plans and observations give
identical tables in SQLite and PostgreSQL, illustrative values are marked on every row that uses them, and the
exports carry the same rows in xlsx, csv and json."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook

from greentrack.errors import UsageError
from greentrack.ledger import repository
from greentrack.ledger.db import Ledger
from greentrack.ledger.demo import load_observations
from greentrack.ledger.status import ILLUSTRATIVE, StatusReport, build_status, status_cells
from greentrack.pipeline.records import PlanToStore
from greentrack.reports.export import FIELDS, render

from .conftest import store_plans

AS_OF = dt.date(2025, 6, 30)


def _demo_status(ledger: Ledger, plans: tuple[PlanToStore, ...], **filters: str) -> StatusReport:
    store_plans(ledger, plans)
    with ledger.session() as session:
        load_observations(session)
    with ledger.session() as session:
        return build_status(session, AS_OF, **filters)


def _table(report: StatusReport) -> list[tuple[str, ...]]:
    return [status_cells(row) for row in report.rows]


def test_sqlite_and_postgresql_give_identical_status_tables(
        sqlite_ledger: Ledger, postgresql_ledger: Ledger, seed_plans: tuple[PlanToStore, ...]) -> None:
    on_sqlite = _demo_status(sqlite_ledger, seed_plans)
    on_postgresql = _demo_status(postgresql_ledger, seed_plans)
    assert _table(on_sqlite) == _table(on_postgresql)
    assert [row.assessment for row in on_sqlite.rows] == [row.assessment for row in on_postgresql.rows]
    assert render(on_sqlite, "json") == render(on_postgresql, "json")
    assert len(on_sqlite.rows) == sum(len(p.targets) for p in seed_plans)
    assert len(on_sqlite.counts()) >= 4  # the demo data gives a spread of statuses, not one verdict


def test_rows_with_illustrative_values_are_marked(sqlite_ledger: Ledger,
                                                  seed_plans: tuple[PlanToStore, ...]) -> None:
    report = _demo_status(sqlite_ledger, seed_plans)
    marked = [row for row in report.rows if status_cells(row)[-1] == ILLUSTRATIVE]
    assert report.illustrative
    assert marked == [row for row in report.rows if row.observations]
    assert all(row.assessment.status == "no_data" for row in report.rows if not row.observations)


def test_status_reads_the_stored_observations(sqlite_ledger: Ledger,
                                              seed_plans: tuple[PlanToStore, ...]) -> None:
    report = _demo_status(sqlite_ledger, seed_plans, jurisdiction="金乡县")
    urbanisation = next(r for r in report.rows if r.record.indicator_id == "urbanisation_rate")
    assert status_cells(urbanisation)[0] == str(urbanisation.record.id)
    assert urbanisation.assessment.latest_value == 62.1  # 2025's figure is after as_of and is not used
    assert urbanisation.assessment.latest_period == dt.date(2024, 12, 31)
    assert status_cells(urbanisation)[5] == "62.1% (2024)"
    grain = next(r for r in report.rows if r.record.indicator_id == "grain_capacity")
    assert grain.tracked.target.unit == "万吨" and grain.tracked.target.value == 23.0  # 4.6亿斤 → 23万吨
    assert [o.value for o in grain.tracked.observations] == pytest.approx([22.4, 22.6, 23.05])


def test_filters_narrow_the_table(sqlite_ledger: Ledger, seed_plans: tuple[PlanToStore, ...]) -> None:
    everything = _demo_status(sqlite_ledger, seed_plans)
    with sqlite_ledger.session() as session:
        chifeng = build_status(session, AS_OF, jurisdiction="赤峰市")
        water = build_status(session, AS_OF, jurisdiction="金乡县", department="县水务局")
    assert {r.record.jurisdiction_code for r in chifeng.rows} == {"150400"}
    assert 0 < len(water.rows) < len(everything.rows)
    assert all("金乡县水务局" in r.record.departments for r in water.rows)


def test_exports_hold_the_same_rows_in_every_format(sqlite_ledger: Ledger,
                                                    seed_plans: tuple[PlanToStore, ...]) -> None:
    report = _demo_status(sqlite_ledger, seed_plans)
    as_json = json.loads(render(report, "json"))
    as_csv = list(csv.reader(io.StringIO(render(report, "csv").decode("utf-8-sig"))))
    book = load_workbook(io.BytesIO(render(report, "xlsx")))
    sheet = [[("" if v is None else v) for v in row] for row in book["台账 ledger"].iter_rows(values_only=True)]
    ids = [str(row.record.id) for row in report.rows]
    assert as_json["as_of"] == "2025-06-30" and as_json["illustrative"] is True
    assert [str(t["id"]) for t in as_json["targets"]] == ids
    assert as_csv[0] == sheet[0] == [f"{zh} {en}" for _, zh, en in FIELDS]
    assert [r[0] for r in as_csv[1:]] == ids == [str(r[0]) for r in sheet[1:]]
    status = [name for name, _, _ in FIELDS].index("status")
    assert [r[status] for r in as_csv[1:]] == [t["status"] for t in as_json["targets"]] == [
        r[status] for r in sheet[1:]]
    marked = [name for name, _, _ in FIELDS].index("illustrative")
    assert {r[marked] for r in as_csv[1:]} == {ILLUSTRATIVE, ""}
    assert any(ILLUSTRATIVE in str(c) for row in book["说明 about"].iter_rows(values_only=True) for c in row)


def test_an_unknown_export_format_is_refused(sqlite_ledger: Ledger) -> None:
    with sqlite_ledger.session() as session:
        report = build_status(session, AS_OF)
        assert repository.audit.row_counts(session)["targets"] == 0
    with pytest.raises(UsageError, match="unknown export format 'pdf'"):
        render(report, "pdf")
