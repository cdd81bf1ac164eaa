"""Status summaries (counts by status, department, jurisdiction) through the target index equal those of
the per-target status report: on the demo ledger for every reader and filter, and on a synthetic ledger."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import ModuleType

import pytest

from greentrack.auth import REPORTER, VIEWER, Principal
from greentrack.errors import GreentrackError
from greentrack.ledger import repository
from greentrack.ledger.db import Ledger, open_ledger
from greentrack.ledger.demo import load_observations
from greentrack.services.documents import sample_paths
from greentrack.services.ingest import ingest_plans
from greentrack.services.status import Overview, StatusSummary, overview, status_summary

DATES = (dt.date(2019, 12, 31), dt.date(2025, 6, 30), dt.date(2031, 1, 1))


def _both(ledger: Ledger, monkeypatch: pytest.MonkeyPatch, as_of: dt.date, jurisdiction: str | None = None,
          department: str | None = None, who: Principal | None = None) -> object:
    """The summary by each route, asserted equal (a refusal must be the same refusal); the index's."""
    found = {}
    for route in ("report", "index"):
        monkeypatch.setenv("GREENTRACK_TARGET_LIST", route)
        try:
            found[route] = status_summary(ledger, as_of, jurisdiction, department, who)
        except GreentrackError as exc:
            found[route] = (type(exc), str(exc))
    assert found["index"] == found["report"], (as_of, jurisdiction, department, who)
    return found["index"]


def test_summaries_through_the_index_equal_the_reports_on_the_demo(ledger: Ledger,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    list(ingest_plans(ledger, sample_paths(), actor="test"))
    with ledger.session("test") as session:
        load_observations(session)
        county = repository.places.find_jurisdiction_code(session, "金乡县")
        water = repository.departments.find_departments(session, "金乡县水务局")[0]
        theirs = frozenset(repository.departments.target_ids_of_departments(session, [water.id]))
    readers = [None, Principal("县里 county", VIEWER, county, "金乡县", places=frozenset({county})),  # type: ignore[arg-type]
               Principal("水务 reporter", REPORTER, county, "金乡县", water.id, water.name, target_ids=theirs)]
    filters = [(None, None), ("金乡县", None), ("济宁市", None), ("不存在县", None), (None, "住建局"),
               (None, "金乡县水务局"), ("金乡县", "住建局"), (None, "没有这个局")]
    nonempty = 0
    for as_of in DATES:
        for who in readers:
            for jurisdiction, department in filters:
                summary = _both(ledger, monkeypatch, as_of, jurisdiction, department, who)
                nonempty += isinstance(summary, StatusSummary) and summary.total > 0
    assert nonempty > 20
    whole = _both(ledger, monkeypatch, DATES[1])
    assert whole.total > 0 and whole.by_department and whole.by_jurisdiction and whole.illustrative  # type: ignore[attr-defined]


def test_summaries_through_the_index_equal_the_reports_on_a_synthetic_ledger(
        synthetic: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synthetic.write_ledger(str(tmp_path / "national.db"), targets=1_000, seed=13)
    ledger = open_ledger(db=tmp_path / "national.db")
    try:
        with ledger.session() as session:
            place = next(iter(repository.places.jurisdiction_names(session).values()))
            department = repository.departments.list_departments(session)[0].name
        for as_of in DATES:
            summary = _both(ledger, monkeypatch, as_of)
            assert summary.total > 700 and len(summary.by_department) > 1  # type: ignore[attr-defined]
        _both(ledger, monkeypatch, DATES[1], jurisdiction=place)
        _both(ledger, monkeypatch, DATES[1], department=department)
    finally:
        ledger.close()


def _overviews(ledger: Ledger, monkeypatch: pytest.MonkeyPatch, as_of: dt.date, who: Principal | None = None,
               shown: int = 10) -> Overview:
    found = {}
    for route in ("report", "index"):
        monkeypatch.setenv("GREENTRACK_TARGET_LIST", route)
        found[route] = overview(ledger, as_of, who, shown)
    index, report = found["index"], found["report"]
    assert index.summary == report.summary and index.warnings == report.warnings, (as_of, who, shown)
    assert index.warned == report.warned and len(index.warnings) == min(shown, index.warned)
    assert [(r.record, r.assessment) for r in index.upcoming] == [(r.record, r.assessment) for r in report.upcoming]
    for warning in index.warnings:  # the rows the page shows beside each warning
        mine, theirs = index.rows_by_id[str(warning.target_id)], report.rows_by_id[str(warning.target_id)]
        assert (mine.record, mine.assessment) == (theirs.record, theirs.assessment)
    return index


def test_the_overview_through_the_index_equals_the_reports(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    list(ingest_plans(ledger, sample_paths(), actor="test"))
    with ledger.session("test") as session:
        load_observations(session)
        county = repository.places.find_jurisdiction_code(session, "金乡县")
    viewer = Principal("县里 county", VIEWER, county, "金乡县", places=frozenset({county}))  # type: ignore[arg-type]
    seen = [_overviews(ledger, monkeypatch, as_of, who, shown) for as_of in DATES for who in (None, viewer)
            for shown in (1, 3, 10, 1000)]  # few: the first warnings are red ones, found from the statuses
    assert any(o.warnings for o in seen) and any(o.upcoming for o in seen)


def test_the_overview_through_the_index_equals_the_reports_on_a_synthetic_ledger(
        synthetic: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synthetic.write_ledger(str(tmp_path / "national.db"), targets=1_000, seed=17)
    ledger = open_ledger(db=tmp_path / "national.db")
    try:
        seen = [_overviews(ledger, monkeypatch, as_of, shown=shown) for as_of in DATES for shown in (10, 1_000)]
        assert any(o.warned > 100 for o in seen) and any(o.upcoming for o in seen)
    finally:
        ledger.close()
