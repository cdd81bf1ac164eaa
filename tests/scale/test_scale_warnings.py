"""Early warnings and supervision lists a page at a time through the target index equal those of the per-target
status report: the same warnings in the same order (most urgent first), the same totals, the same departments'
lists in the same order with the same items — on the demo ledger for every reader and filter, and on a synthetic
ledger page by page. The levels told in bulk (`track.warnings.warning_levels`) are `warn`'s for every target."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from greentrack.auth import VIEWER, Principal
from greentrack.errors import GreentrackError
from greentrack.ledger import repository
from greentrack.ledger.db import Ledger, open_ledger
from greentrack.ledger.demo import load_observations
from greentrack.services.documents import sample_paths
from greentrack.services.ingest import ingest_plans
from greentrack.services.status import ledger_status
from greentrack.services.supervision import SupervisionPage, WarningPage, supervision_page, warning_page
from greentrack.track import SEVERITIES, STATUSES, warn
from greentrack.track.warnings import UNKNOWN, known_levels, warning_levels

from .conftest import county_readers

DATES = (dt.date(2019, 12, 31), dt.date(2025, 6, 30), dt.date(2031, 1, 1))


def _both(monkeypatch: pytest.MonkeyPatch, ask: Callable[..., object], *args: object, **kwargs: object) -> object:
    """`ask(*args, **kwargs)` by each route, asserted equal (a refusal must be the same refusal); the index's."""
    found = {}
    for route in ("report", "index"):
        monkeypatch.setenv("GREENTRACK_TARGET_LIST", route)
        try:
            found[route] = ask(*args, **kwargs)
        except GreentrackError as exc:
            found[route] = (type(exc), str(exc))
    assert found["index"] == found["report"]
    return found["index"]


def _demo(ledger: Ledger) -> list[Principal | None]:
    list(ingest_plans(ledger, sample_paths(), actor="test"))
    with ledger.session("test") as session:
        load_observations(session)
        return county_readers(session, VIEWER, "县里 county")


def test_warning_pages_through_the_index_equal_the_reports_on_the_demo(ledger: Ledger,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    readers = _demo(ledger)
    filters = [(None, None), ("金乡县", None), ("不存在县", None), (None, "住建局"), (None, "金乡县水务局"),
               ("金乡县", "住建局"), (None, "没有这个局")]
    seen: list[WarningPage] = []
    for who in readers:
        for jurisdiction, department in filters:
            for limit, offset in ((100, 0), (7, 5)):
                found = _both(monkeypatch, warning_page, ledger, DATES[1], jurisdiction, department, who, limit,
                              offset)
                seen += [found] if isinstance(found, WarningPage) else []
            _both(monkeypatch, supervision_page, ledger, DATES[1], jurisdiction, department, who, 4, 1, 2)
    for as_of in (DATES[0], DATES[2]):
        _both(monkeypatch, warning_page, ledger, as_of, limit=1000)
    whole = next(p for p in seen if p.total == 83)  # the demo's warnings, the API's test counts them too
    assert len(whole.warnings) == 83 and whole.dockets and whole.illustrative and whole.marked
    assert sum(p.total > 0 and len(p.warnings) == 7 for p in seen) > 5  # pages from the middle were compared


def test_supervision_pages_through_the_index_equal_the_reports_on_the_demo(ledger: Ledger,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    readers = _demo(ledger)
    pages = [(100, 0, 100), (3, 0, 2), (5, 40, 1), (1000, 0, 1000)]
    every = None
    for who in readers:
        for limit, offset, per in pages:
            found = _both(monkeypatch, supervision_page, ledger, DATES[1], None, None, who, limit, offset, per)
            assert isinstance(found, SupervisionPage)
            every = every or found
    assert every is not None and every.total == 43 and len(every.dockets) == 43
    housing = _both(monkeypatch, supervision_page, ledger, DATES[1], None, "住房和城乡建设局", per_department=5)
    assert isinstance(housing, SupervisionPage) and all("住房和城乡建设局" in d.department for d in housing.dockets)
    assert housing.dockets[0].total > 5 and len(housing.dockets[0].items) == 5


def test_warning_and_supervision_pages_equal_the_reports_on_a_synthetic_ledger(
        synthetic: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synthetic.write_ledger(str(tmp_path / "national.db"), targets=1_200, seed=19)
    ledger = open_ledger(db=tmp_path / "national.db")
    try:
        with ledger.session() as session:
            place = next(iter(repository.places.jurisdiction_names(session).values()))
        total = 0
        for offset in range(0, 1_200, 400):  # every warning, page by page
            found = _both(monkeypatch, warning_page, ledger, DATES[1], limit=400, offset=offset)
            assert isinstance(found, WarningPage)
            total = found.total
        assert total > 400
        _both(monkeypatch, warning_page, ledger, DATES[1], place, limit=20, offset=3)
        lists = _both(monkeypatch, supervision_page, ledger, DATES[1], limit=50, offset=10, per_department=3)
        assert isinstance(lists, SupervisionPage) and lists.total > 60 and len(lists.dockets) == 50
    finally:
        ledger.close()


def test_levels_told_in_bulk_are_the_warnings_of_each_target(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    """`warning_levels` over columns gives `warn`'s severity for every target of the demo, on every date; where
    `known_levels` tells one from the status and deadline alone, it is the same."""
    from greentrack.track import KINDS

    _demo(ledger)
    monkeypatch.setenv("GREENTRACK_TARGET_LIST", "report")
    unsure: set[int] = set()
    for as_of in DATES:
        rows = ledger_status(ledger, as_of).rows
        a = [row.assessment for row in rows]
        status = np.array([STATUSES.index(x.status) for x in a])
        due = np.array([x.due.toordinal() if x.due else 0 for x in a])
        shortfall = np.array([np.nan if x.shortfall is None else x.shortfall for x in a])
        kind = np.array([KINDS.index(x.kind) for x in a])
        expected = [SEVERITIES.index(w.severity) if (w := warn(r.tracked.target, r.assessment)) else -1 for r in rows]
        assert warning_levels(status, shortfall, due, kind, as_of).tolist() == expected
        known = known_levels(status, due, as_of)
        told = known != UNKNOWN
        assert (known[told] == np.array(expected)[told]).all() and told.sum() > len(rows) / 2
        unsure |= set(np.array(expected)[~told].tolist())
    assert unsure > {-1}  # of the unsure ones, some warn and some do not
