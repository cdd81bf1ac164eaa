"""The bulk status reads the database's per-target summary of the values (first, last and reference-year
row) instead of every row: it must equal the per-target path on the cases that summary could get wrong —
values of one date (ties), values after as_of only, units that do not convert, illustrative values, targets
without values, cumulative targets — and fall back to every row where a summary cannot tell (two units
under one key, a target's own values), on SQLite and PostgreSQL, in one process and in two."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from greentrack.errors import TrackInputError
from greentrack.ledger import repository
from greentrack.ledger.db import Ledger
from greentrack.ledger.records import NewObservation, TargetRecord
from greentrack.scale import status
from greentrack.scale.status import status_columns
from greentrack.services.documents import sample_paths
from greentrack.services.ingest import ingest_plans
from greentrack.services.status import ledger_status
from greentrack.track import STATUSES

DATES = (dt.date(2019, 12, 31), dt.date(2021, 6, 30), dt.date(2025, 6, 30), dt.date(2031, 1, 1))


def _pick(records: list[TargetRecord], taken: set[tuple[str | None, str]],
          wanted: Callable[[TargetRecord], bool]) -> TargetRecord:
    """The first resolved target passing `wanted` whose (jurisdiction, indicator) no earlier case used."""
    for record in records:
        key = (record.jurisdiction_code, record.indicator_id or "")
        if record.indicator_id and key not in taken and wanted(record):
            taken.add(key)
            return record
    raise LookupError("no such target in the seed plans")


def _add(session: Any, record: TargetRecord, values: list[tuple[str, float, str, bool]]) -> None:
    for period, value, unit, illustrative in values:
        repository.observations.add_observation(session, NewObservation(
            period, value, unit, jurisdiction_code=record.jurisdiction_code, indicator_id=record.indicator_id,
            illustrative=illustrative))


def _cases(ledger: Ledger, awkward: bool) -> None:
    """Values for a few targets of the seed plans (the others have none); `awkward` adds what needs every row."""
    list(ingest_plans(ledger, sample_paths(), actor="test"))
    with ledger.session("test") as session:
        records = repository.documents.current_targets(session)
        taken: set[tuple[str | None, str]] = set()
        percent = _pick(records, taken, lambda r: r.target.kind == "level" and r.canonical_unit == "%")
        # two values dated 31 December 2019 (a year and its December): the later id counts, as in the loop
        _add(session, percent, [("2018", 40.0, "%", False), ("2019", 41.0, "%", False),
                                ("2019-12", 43.5, "%", False), ("2022-03", 47.0, "%", False),
                                ("2027", 90.0, "%", True)])  # after every as_of but the last: illustrative all the same
        later = _pick(records, taken, lambda r: r.target.kind == "level")
        _add(session, later, [("2030", 1.0, later.canonical_unit or "", True)])  # only after most as_of
        change = _pick(records, taken, lambda r: r.target.kind == "change"
                       and (r.target.reference_year or r.target.baseline_year) is not None)
        reference = change.target.reference_year or change.target.baseline_year or 2020
        unit = services_unit(change)
        _add(session, change, [(f"{reference - 1}", 80.0, unit, False), (f"{reference}-06", 90.0, unit, False),
                               (f"{reference}", 100.0, unit, False), (f"{reference}-12", 101.0, unit, False),
                               (f"{reference + 2}", 108.0, unit, False), (f"{reference + 4}-03", 111.0, unit, True)])
        wrong = _pick(records, taken, lambda r: r.target.kind == "level" and r.canonical_unit == "%")
        _add(session, wrong, [("2020", 3.0, "吨", True), ("2021", 4.0, "吨", True)])  # no % in tonnes
        cumulative = _pick(records, taken, lambda r: r.target.kind == "cumulative")
        unit = services_unit(cumulative)
        _add(session, cumulative, [(f"{y}", 0.1 * y - 200.0, unit, False) for y in range(2018, 2026)])
        if awkward:
            mixed = _pick(records, taken, lambda r: r.target.kind == "level" and services_unit(r) not in ("吨", ""))
            _add(session, mixed, [("2020", 10.0, services_unit(mixed), False), ("2021", 12.0, "吨", False)])
            own = next(r for r in records if r.indicator_id is None)
            repository.observations.add_observation(session,
                                                    NewObservation("2020", 5.0, own.target.unit, target_id=own.id))


def services_unit(record: TargetRecord) -> str:
    """The unit a target's values are filed in (its indicator's)."""
    from greentrack.ledger.tracking import tracking_unit

    return tracking_unit(record)[1]


def _same(ledger: Ledger, as_of: dt.date, **options: int) -> None:
    report = ledger_status(ledger, as_of)
    with ledger.session() as session:
        columns = status_columns(session, as_of, **options)
    rows = report.rows
    assert columns.ids.tolist() == [r.record.id for r in rows]
    assert [STATUSES[c] for c in columns.status.tolist()] == [r.assessment.status for r in rows]
    assert [None if np.isnan(x) else x for x in columns.ratio.tolist()] == [r.assessment.ratio for r in rows]
    assert [d or None for d in columns.due.tolist()] == [
        r.assessment.due.toordinal() if r.assessment.due else None for r in rows]
    assert columns.illustrative.tolist() == [r.illustrative for r in rows]


@pytest.mark.parametrize("awkward", [False, True])
def test_the_summary_equals_the_per_target_path(ledger: Ledger, awkward: bool,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    _cases(ledger, awkward)
    answers: list[bool] = []
    summarised = status._summarised

    def spy(*args: Any) -> Any:
        found = summarised(*args)
        answers.append(found is not None)
        return found

    monkeypatch.setattr(status, "_summarised", spy)
    for as_of in DATES:
        for options in ({"slice_size": 5}, {"slice_size": 100_000}):
            _same(ledger, as_of, **options)
    assert any(answers) and (not all(answers)) == awkward  # the awkward slices, and only they, read every row


def test_two_processes_equal_one(ledger: Ledger) -> None:
    _cases(ledger, awkward=True)
    for as_of in DATES[1:3]:
        _same(ledger, as_of, slice_size=7, workers=2)


def test_a_value_that_is_no_number_is_refused_as_before(sqlite_ledger: Ledger) -> None:
    """An infinite value (SQLite stores it) makes the slice read every row, so `assess`'s refusal stands."""
    _cases(sqlite_ledger, awkward=False)
    with sqlite_ledger.session("test") as session:
        record = next(r for r in repository.documents.current_targets(session)
                      if r.indicator_id and r.target.kind == "standard")
        _add(session, record, [("2020", float("inf"), services_unit(record), False)])
    with pytest.raises(TrackInputError, match="finite number"):
        ledger_status(sqlite_ledger, DATES[2])
    with pytest.raises(TrackInputError, match="finite number"), sqlite_ledger.session() as session:
        status_columns(session, DATES[2])
