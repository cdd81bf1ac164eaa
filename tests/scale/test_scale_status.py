"""Status computed in bulk over the ledger equals the ledger's own status report, target for target, and
lists of targets through the index equal lists through the report: same rows, order, totals and flags."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from greentrack.auth import REPORTER, VIEWER, Principal
from greentrack.errors import GreentrackError
from greentrack.ledger import repository
from greentrack.ledger.db import Ledger, open_ledger
from greentrack.ledger.demo import load_observations
from greentrack.ledger.records import NewObservation
from greentrack.scale.status import status_columns
from greentrack.services.documents import sample_paths
from greentrack.services.ingest import ingest_plans
from greentrack.services.status import ledger_status
from greentrack.services.target_query import TargetFilter
from greentrack.services.targets import TARGET_SORTS, list_targets
from greentrack.track import STATUSES

AS_OF = dt.date(2025, 6, 30)


@pytest.fixture
def demo(ledger: Ledger) -> Ledger:
    """The demo ledger (seed plans, 示例数据) plus the awkward cases: a target's own values, one of them
    shadowing its indicator's value for the same period, one in another unit and one in no usable unit."""
    list(ingest_plans(ledger, sample_paths(), actor="test"))
    with ledger.session("test") as session:
        load_observations(session)
        records = repository.documents.current_targets(session)
        unresolved = next(r for r in records if r.indicator_id is None and r.target.unit == "万平方米")
        for period, value, unit in (("2019-03", 10.0, "万平方米"), ("2019-06", 123456.0, "平方米"),
                                    ("2019-09", 3.0, "吨")):
            repository.observations.add_observation(session,
                                                    NewObservation(period, value, unit, target_id=unresolved.id))
        resolved = next(r for r in records if r.indicator_id and r.canonical_unit == "%" and r.target.kind == "level")
        repository.observations.add_observation(session, NewObservation("2018-03", 55.5, "%", target_id=resolved.id))
        repository.observations.add_observation(session, NewObservation(
            "2018-03", 44.4, "%", jurisdiction_code=resolved.jurisdiction_code, indicator_id=resolved.indicator_id))
        repository.observations.add_observation(session, NewObservation(
            "2018-09", 47.123456789012345, "%", jurisdiction_code=resolved.jurisdiction_code,
            indicator_id=resolved.indicator_id))
    return ledger


def _same(report_rows: tuple, columns: object) -> None:
    assert columns.ids.tolist() == [r.record.id for r in report_rows]  # type: ignore[attr-defined]
    assert [STATUSES[c] for c in columns.status.tolist()] == [r.assessment.status for r in report_rows]  # type: ignore[attr-defined]
    assert [None if np.isnan(x) else x for x in columns.ratio.tolist()] == [r.assessment.ratio for r in report_rows]  # type: ignore[attr-defined]
    assert [d or None for d in columns.due.tolist()] == [  # type: ignore[attr-defined]
        r.assessment.due.toordinal() if r.assessment.due else None for r in report_rows]
    assert columns.illustrative.tolist() == [r.illustrative for r in report_rows]  # type: ignore[attr-defined]


@pytest.mark.parametrize("slice_size", [7, 50_000])
def test_bulk_status_equals_the_status_report(demo: Ledger, slice_size: int) -> None:
    report = ledger_status(demo, AS_OF)
    with demo.session() as session:
        columns = status_columns(session, AS_OF, slice_size)
    assert len(report.rows) > 100 and len(set(columns.status.tolist())) >= 4
    _same(report.rows, columns)


def test_bulk_status_equals_the_status_report_on_a_synthetic_ledger(synthetic: ModuleType, tmp_path: Path) -> None:
    synthetic.write_ledger(str(tmp_path / "national.db"), targets=1_000, seed=11)
    ledger = open_ledger(db=tmp_path / "national.db")
    for as_of in (dt.date(2019, 12, 31), AS_OF, dt.date(2031, 1, 1)):
        with ledger.session() as session:
            columns = status_columns(session, as_of, 700)
        _same(ledger_status(ledger, as_of).rows, columns)
    ledger.close()


def _cases() -> Iterator[tuple[TargetFilter, str, bool, int, int]]:
    filters = [TargetFilter(), TargetFilter(status="on_track"), TargetFilter(status="no_data"),
               TargetFilter(year=2025), TargetFilter(dimension="绿色低碳"), TargetFilter(indicator="污水"),
               TargetFilter(indicator="reclaimed_water_utilisation_rate"), TargetFilter(jurisdiction="济宁市"),
               TargetFilter(jurisdiction="金乡县", department="住建局", year=2025), TargetFilter(department="县水务局"),
               TargetFilter(jurisdiction="无此地")]
    for chosen, sort, descending in itertools.product(filters, TARGET_SORTS, (False, True)):
        yield chosen, sort, descending, 20, 0
    yield TargetFilter(), "progress", True, 30, 60
    yield TargetFilter(), "id", False, 1000, 0


def test_lists_through_the_index_equal_lists_through_the_report(demo: Ledger, monkeypatch: pytest.MonkeyPatch
                                                                ) -> None:
    with demo.session() as session:
        county = repository.places.find_jurisdiction_code(session, "金乡县")
        water = repository.departments.find_departments(session, "金乡县水务局")[0]
        theirs = frozenset(repository.departments.target_ids_of_departments(session, [water.id]))
    readers = [None, Principal("县里 county", VIEWER, county, "金乡县", places=frozenset({county})),  # type: ignore[arg-type]
               Principal("水务 reporter", REPORTER, county, "金乡县", water.id, water.name, target_ids=theirs)]
    compared = 0
    cases = [(case, None) for case in _cases()] + [
        (case, who) for case in _cases() for who in readers[1:] if case[1] in ("id", "progress")]
    for (chosen, sort, descending, limit, offset), who in cases:
        found = {}
        for route in ("report", "index"):
            monkeypatch.setenv("GREENTRACK_TARGET_LIST", route)
            try:
                page = list_targets(demo, chosen, sort, descending, limit, offset, AS_OF, who)
            except GreentrackError as exc:  # a place outside the reader's: refused alike
                found[route] = (type(exc), str(exc))
                continue
            found[route] = (page.total, page.illustrative, [(r.record.id, r.assessment) for r in page.rows])
        assert found["index"] == found["report"], (chosen, sort, descending, who)
        compared += isinstance(found["index"][0], int) and found["index"][0] > 0
    assert compared > 150


def test_the_index_sees_a_new_value_at_once(demo: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GREENTRACK_TARGET_LIST", "index")
    before = list_targets(demo, TargetFilter(status="no_data"), limit=1000, as_of=AS_OF)
    target = before.rows[0].record
    with demo.session("test") as session:
        repository.observations.add_observation(
            session, NewObservation("2024", 1.0, target.target.unit, target_id=target.id)
            if target.indicator_id is None else NewObservation(
                "2024", 1.0, target.canonical_unit or "", jurisdiction_code=target.jurisdiction_code,
                indicator_id=target.indicator_id))
    after = list_targets(demo, TargetFilter(status="no_data"), limit=1000, as_of=AS_OF)
    assert target.id not in [r.record.id for r in after.rows] and after.total < before.total
