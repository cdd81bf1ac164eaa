"""After new or corrected observations the target index is brought up to date without a build: only the
statuses of the targets reading them are recomputed, and every column and page equals an index built afresh
(and lists equal the per-target report). A document, a target correction, a new place or too many changes
build it afresh."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator

import numpy as np
import pytest
from sqlalchemy import insert

from greentrack.ledger import repository
from greentrack.ledger.db import Ledger
from greentrack.ledger.demo import load_observations
from greentrack.ledger.records import NewObservation, TargetRecord
from greentrack.ledger.schema import ObservationRow
from greentrack.scale import index as index_module
from greentrack.scale.index import TargetIndex, target_index
from greentrack.scale.status import status_columns
from greentrack.services.documents import sample_paths
from greentrack.services.ingest import ingest_plans
from greentrack.services.observations import ObservationEntry, record_observation
from greentrack.services.target_query import TargetFilter
from greentrack.services.targets import TARGET_SORTS, list_targets

AS_OF = dt.date(2025, 6, 30)
LATER = dt.date(2031, 1, 1)


@pytest.fixture
def demo(ledger: Ledger) -> Ledger:
    """The demo ledger (seed plans, 示例数据) and one target's own value."""
    list(ingest_plans(ledger, sample_paths(), actor="test"))
    with ledger.session("test") as session:
        load_observations(session)
        unresolved = next(r for r in repository.documents.current_targets(session) if _trackable_unresolved(r))
        repository.observations.add_observation(session, NewObservation("2019", 1.0, unresolved.target.unit,
                                                                        target_id=unresolved.id))
    return ledger


def _trackable_unresolved(record: TargetRecord) -> bool:
    """A target without a catalog indicator whose status its own values can move (one due in a year)."""
    return record.indicator_id is None and record.target.kind != "standard" and record.target.year is not None


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dt.date]]:
    """The dates of the whole-ledger builds made while a test runs."""
    made: list[dt.date] = []

    def counted(session: object, as_of: dt.date, *args: object, **kwargs: object) -> object:
        made.append(as_of)
        return status_columns(session, as_of, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(index_module, "status_columns", counted)
    index_module._INDEXES.clear()
    yield made
    index_module._INDEXES.clear()


def _index(ledger: Ledger, as_of: dt.date = AS_OF) -> TargetIndex:
    with ledger.session() as session:
        return target_index(session, ledger.url, as_of)


def _as_built(ledger: Ledger, index: TargetIndex) -> None:
    """The index equals one built afresh: every column, and the pages of every sort on status filters."""
    as_of = index.columns.as_of
    with ledger.session() as session:
        fresh = TargetIndex(status_columns(session, as_of), repository.places.jurisdiction_names(session),
                            repository.places.jurisdiction_parents(session))
    for name in ("mark", "ids", "status", "ratio", "due", "illustrative", "year"):
        got, want = getattr(index.columns, name), getattr(fresh.columns, name)
        assert np.array_equal(got, want, equal_nan=True) if isinstance(got, np.ndarray) else got == want, name
    for status, sort, descending in itertools.product((None, "on_track", "no_data", "lagging"), TARGET_SORTS,
                                                      (False, True)):
        assert index.page(status, sort=sort, descending=descending, limit=1000) == fresh.page(
            status, sort=sort, descending=descending, limit=1000), (status, sort, descending)


def _same_lists(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    """Lists through the index equal lists through the per-target report."""
    for chosen, sort in itertools.product((TargetFilter(), TargetFilter(status="no_data")), ("status", "progress")):
        found = {}
        for route in ("report", "index"):
            monkeypatch.setenv("GREENTRACK_TARGET_LIST", route)
            page = list_targets(ledger, chosen, sort, True, 1000, 0, AS_OF)
            found[route] = (page.total, page.illustrative, [(r.record.id, r.assessment) for r in page.rows])
        assert found["index"] == found["report"], (chosen, sort)


def _shared_subject(ledger: Ledger) -> TargetRecord:
    """A resolved level target due from 2025 whose jurisdiction and indicator another current target shares."""
    with ledger.session() as session:
        records = repository.documents.current_targets(session)
    keys = [r.observation_key for r in records if r.indicator_id]
    return next(r for r in records if r.indicator_id and keys.count(r.observation_key) > 1
                and r.target.kind == "level" and (r.target.year or 0) >= 2025)


def _add(ledger: Ledger, *observations: NewObservation) -> None:
    with ledger.session("test") as session:
        for observation in observations:
            repository.observations.add_observation(session, observation)


def test_new_values_update_the_index_without_a_build(demo: Ledger, builds: list[dt.date],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    first = _index(demo)
    _index(demo, LATER)
    assert builds == [AS_OF, LATER]
    shared = _shared_subject(demo)
    with demo.session() as session:
        records = repository.documents.current_targets(session)
    unresolved = next(r for r in records if _trackable_unresolved(r))
    resolved = next(r for r in records if r.indicator_id and r.target.kind == "level" and r.id != shared.id)
    unit = shared.canonical_unit or shared.target.unit
    with demo.session() as session:
        keyed = [o for o in repository.observations.observations_for(session, [resolved])[resolved.id]
                 if o.indicator_id]
    changes: list[Callable[[], None]] = [
        # one value under an indicator several targets read
        lambda: _add(demo, NewObservation("2025-03", 12.5, unit, jurisdiction_code=shared.jurisdiction_code,
                                          indicator_id=shared.indicator_id)),
        # a target's own values, one shadowing its indicator's value for the same period
        lambda: _add(demo, NewObservation("2024-09", 3.0, unresolved.target.unit, target_id=unresolved.id),
                     NewObservation(keyed[-1].period, 1.0, keyed[-1].unit, target_id=resolved.id)),
        # a value corrected (audited with before and after)
        lambda: _correct(demo, shared),
        # a value written without the ORM: no audit row, found by its id
        lambda: _insert_unaudited(demo, shared, "2025-05", dt.date(2025, 5, 31), 99.0),
    ]
    moved, previous = 0, first
    for change in changes:
        change()
        index = _index(demo)
        assert builds == [AS_OF, LATER], change
        _as_built(demo, index)
        _same_lists(demo, monkeypatch)
        moved += not all(np.array_equal(getattr(index.columns, name), getattr(previous.columns, name), equal_nan=True)
                         for name in ("status", "ratio", "due"))
        previous = index
    assert moved == len(changes)  # each change moved a status the update had to find
    _as_built(demo, _index(demo, LATER))
    assert builds == [AS_OF, LATER]
    assert first.columns.mark != _index(demo).columns.mark  # the old index stayed as it was
    assert _index(demo) is _index(demo)  # the ledger stands still: the index is kept


def _correct(ledger: Ledger, target: TargetRecord) -> None:
    with ledger.session("test") as session:
        found = repository.observations.observations_for(session, [target])[target.id]
        repository.observations.update_observation(session, found[-1].id, value=found[-1].value * 2 + 1)


def _insert_unaudited(ledger: Ledger, target: TargetRecord, period: str, end: dt.date, value: float) -> None:
    with ledger.engine.begin() as connection:
        connection.execute(insert(ObservationRow), {
            "scope_key": target.observation_key,  # the series the target reads
            "jurisdiction_code": target.jurisdiction_code, "indicator_id": target.indicator_id, "target_id": None,
            "period": period, "period_end": end, "value": value,
            "unit": target.canonical_unit or target.target.unit, "value_written": value,
            "unit_written": target.canonical_unit or target.target.unit, "source": "", "reporter": "", "note": "",
            "illustrative": False, "recorded_at": dt.datetime(2025, 1, 1)})


def test_a_value_through_the_import_updates_the_index(demo: Ledger, builds: list[dt.date],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _index(demo)
    shared = _shared_subject(demo)
    entry = ObservationEntry(shared.id, "2025-04", 7.5, shared.canonical_unit or "", "台账")
    record_observation(demo, entry, as_of=AS_OF)
    record_observation(demo, ObservationEntry(shared.id, "2025-04", 8.5, shared.canonical_unit or "",
                                              "台账"), replace=True, as_of=AS_OF)
    _as_built(demo, _index(demo))
    assert builds == [AS_OF]
    _same_lists(demo, monkeypatch)


def test_anything_but_values_builds_afresh(demo: Ledger, builds: list[dt.date],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    _index(demo)
    shared = _shared_subject(demo)
    with demo.session("test") as session:  # a target corrected
        repository.documents.update_target(session, shared.id, year=2024)
    _as_built(demo, _index(demo))
    assert len(builds) == 2
    _add(demo, NewObservation("2024-09", 1.0, "%", jurisdiction_code="110101", indicator_id="green_building_share"))
    _as_built(demo, _index(demo))  # a place the ledger did not hold
    assert len(builds) == 3
    monkeypatch.setattr(index_module, "FEW_CHANGES", 0)
    _add(demo, NewObservation("2023-09", 2.0, shared.canonical_unit or "", jurisdiction_code=shared.jurisdiction_code,
                              indicator_id=shared.indicator_id))
    _as_built(demo, _index(demo))  # too many changes
    assert len(builds) == 4
