"""The ledger page's filter choices through the target index equal those of the per-target status report
(`facets_of(ledger_status(...))`): the same places, departments (and their groups), indicators, dimensions,
statuses and years, on the demo ledger for each reader (administrator, a coordinator of 金乡县, a department
reporter) and date, and on a synthetic ledger; a new observation that moves a status moves them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import ModuleType

import pytest

from greentrack.auth import COORDINATOR, Principal
from greentrack.ledger.db import Ledger, open_ledger
from greentrack.ledger.demo import load_observations
from greentrack.services.department_counts import DepartmentCounts, department_counts
from greentrack.services.documents import sample_paths
from greentrack.services.facets import Facets, department_groups, facets_of, ledger_facets
from greentrack.services.ingest import ingest_plans
from greentrack.services.status import ledger_status

from .conftest import county_readers

DATES = (dt.date(2019, 12, 31), dt.date(2025, 6, 30), dt.date(2031, 1, 1))


def _both(monkeypatch: pytest.MonkeyPatch, ledger: Ledger, as_of: dt.date, who: Principal | None) -> Facets:
    """The facets by the index (asked twice: the second answer is the kept one) and by the report, asserted equal."""
    monkeypatch.setenv("GREENTRACK_TARGET_LIST", "report")
    expected = facets_of(ledger_status(ledger, as_of, who=who))
    assert ledger_facets(ledger, as_of, who) == expected
    monkeypatch.setenv("GREENTRACK_TARGET_LIST", "index")
    first = ledger_facets(ledger, as_of, who)
    assert first == expected
    assert ledger_facets(ledger, as_of, who) is first
    return first


def _readers(ledger: Ledger) -> list[Principal | None]:
    with ledger.session() as session:
        return county_readers(session, COORDINATOR, "县里 coordinator")


def test_facets_through_the_index_equal_the_reports_on_the_demo(ledger: Ledger,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    list(ingest_plans(ledger, sample_paths(), actor="test"))
    with ledger.session("test") as session:
        load_observations(session)
    everyone, county, reporter = (_both(monkeypatch, ledger, as_of, who) for who in _readers(ledger)
                                  for as_of in DATES[1:2])
    for as_of in (DATES[0], DATES[2]):
        for who in _readers(ledger):
            _both(monkeypatch, ledger, as_of, who)
    # the readers see different things, each a part of the whole
    assert len(everyone.jurisdictions) > 1 and "金乡县" in everyone.jurisdictions
    assert set(county.jurisdictions) < set(everyone.jurisdictions) and "金乡县" in county.jurisdictions
    assert set(reporter.departments) < set(county.departments) < set(everyone.departments)
    assert "金乡县水务局" in reporter.departments
    assert len(everyone.indicators) > len(reporter.indicators) > 0 and len(everyone.statuses) > 2
    assert everyone.years and everyone.dimensions and everyone.department_groups


def test_facets_through_the_index_equal_the_reports_on_a_synthetic_ledger(
        synthetic: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synthetic.write_ledger(str(tmp_path / "national.db"), targets=2_000, seed=23)
    ledger = open_ledger(db=tmp_path / "national.db")
    try:
        found = _both(monkeypatch, ledger, DATES[1], None)
        assert len(found.departments) > 50 and len(found.jurisdictions) > 10
    finally:
        ledger.close()


def test_departments_are_grouped_under_the_longest_place_their_name_begins_with() -> None:
    groups = department_groups(("济宁市生态环境局金乡县分局", "金乡县水务局", "济宁市水务局", "国家统计局"),
                               ("济宁市", "金乡县", "济宁市金乡"))
    assert groups == (("济宁市", ("济宁市生态环境局金乡县分局", "济宁市水务局")), ("金乡县", ("金乡县水务局",)),
                      ("", ("国家统计局",)))


def test_a_filter_with_hundreds_of_choices_is_typed_with_the_names_offered(
        synthetic: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """More departments than a drop-down can show: a search field offering them as a <datalist>, which filters."""
    from fastapi.testclient import TestClient

    from auth.clients import signed_in
    from greentrack.web import create_app

    synthetic.write_ledger(str(tmp_path / "national.db"), targets=2_000, seed=23)
    monkeypatch.setenv("GREENTRACK_TARGET_LIST", "index")
    ledger = open_ledger(db=tmp_path / "national.db")
    try:
        facets = ledger_facets(ledger, dt.date.today())
        assert 300 < len(facets.departments) <= 5_000 and len(facets.jurisdictions) <= 300
        with TestClient(create_app(ledger)) as client:
            signed_in(client, ledger)
            html = client.get("/ledger").text
            typed = '<input type="search" name="department" value="" autocomplete="off" list="department-choices"'
            assert typed in html
            assert html.count('<option value="', html.index('<datalist id="department-choices">')) >= len(
                facets.departments)
            assert '<select name="jurisdiction">' in html and '<select name="department">' not in html
            chosen = facets.departments[0]
            page = client.get("/ledger", params={"department": chosen}).text
            assert f'name="department" value="{chosen}"' in page
    finally:
        ledger.close()


def _counts(monkeypatch: pytest.MonkeyPatch, ledger: Ledger, as_of: dt.date, who: Principal | None, limit: int,
            offset: int) -> DepartmentCounts:
    """The department counts by the index (twice: the second is kept) and by the report, asserted equal."""
    monkeypatch.setenv("GREENTRACK_TARGET_LIST", "report")
    expected = department_counts(ledger, as_of, who, limit, offset)
    monkeypatch.setenv("GREENTRACK_TARGET_LIST", "index")
    assert department_counts(ledger, as_of, who, limit, offset) == expected
    assert department_counts(ledger, as_of, who, limit, offset) == expected
    return expected


def test_department_counts_through_the_index_equal_the_reports_on_the_demo(
        ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    list(ingest_plans(ledger, sample_paths(), actor="test"))
    with ledger.session("test") as session:
        load_observations(session)
    readers = _readers(ledger)
    for who in readers:
        for as_of in DATES:
            for limit, offset in ((1000, 0), (7, 5)):
                _counts(monkeypatch, ledger, as_of, who, limit, offset)
    every = _counts(monkeypatch, ledger, DATES[1], None, 1000, 0)
    assert every.total == len(every.items) == 54  # the API's test counts them too
    housing = every.items[0]
    counted = (housing.department.name, housing.targets, housing.leads, housing.warned)
    assert counted == ("金乡县住房和城乡建设局", 54, 23, 37)
    assert _counts(monkeypatch, ledger, DATES[1], readers[2], 1000, 0).total == 1


def test_department_counts_through_the_index_equal_the_reports_on_a_synthetic_ledger(
        synthetic: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synthetic.write_ledger(str(tmp_path / "national.db"), targets=2_000, seed=29)
    ledger = open_ledger(db=tmp_path / "national.db")
    try:
        found = _counts(monkeypatch, ledger, DATES[1], None, 1000, 0)
        assert found.total > 300 and sum(c.warned for c in found.items) > 100
        _counts(monkeypatch, ledger, DATES[1], None, 50, 250)
    finally:
        ledger.close()
