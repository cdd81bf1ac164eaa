"""Observations belong to a jurisdiction, a catalog indicator and a period, so one value serves every plan's
target on that indicator there; a target whose indicator is unresolved keeps observations of its own; one value
per key and period; filters by jurisdiction and department find what a person means."""

from __future__ import annotations

from pathlib import Path

import pytest

from greentrack.errors import DuplicateObservation, LedgerDataError
from greentrack.ledger import repository
from greentrack.ledger.db import Ledger
from greentrack.ledger.demo import DEMO_FILE, load_observations
from greentrack.ledger.periods import period_end
from greentrack.ledger.records import NewObservation
from greentrack.services.ingest import ingest_file

# a made-up indicator no catalog entry can fit
UNRESOLVABLE_PLAN = "某县绿色发展实施方案\n\n一、主要目标\n到2025年，全县小微湿地星空指数达到12个。\n"


def _green_space(period: str, value: float) -> NewObservation:
    return NewObservation(period=period, value=value, unit="%", jurisdiction_code="370828",
                          indicator_id="green_space_rate")


def test_one_value_serves_both_jinxiang_plans(seeded: Ledger) -> None:
    with seeded.session() as session:
        repository.observations.add_observation(session, _green_space("2023", 38.2))
        repository.observations.add_observation(session, _green_space("2022", 37.5))
        targets = [t for t in repository.documents.current_targets(session) if t.indicator_id == "green_space_rate"]
        found = repository.observations.observations_for(session, targets)
    assert len({t.document_id for t in targets}) == 2  # 000 promises 40.11% by 2023, 001 37.3% by 2025
    for target in targets:
        assert [(o.period, o.value) for o in found[target.id]] == [("2022", 37.5), ("2023", 38.2)]


def test_one_value_per_indicator_and_period(seeded: Ledger) -> None:
    with seeded.session() as session:
        repository.observations.add_observation(session, _green_space("2023", 38.2))
    with pytest.raises(DuplicateObservation, match="already has a value for 2023"), seeded.session() as session:
        repository.observations.add_observation(session, _green_space("2023", 39.0))


def test_an_unresolved_target_takes_observations_of_its_own(ledger: Ledger, tmp_path: Path) -> None:
    plan = tmp_path / "某县方案.txt"
    plan.write_text(UNRESOLVABLE_PLAN, encoding="utf-8")
    ingest_file(ledger, plan)
    with ledger.session() as session:
        [target] = repository.documents.current_targets(session)
        assert target.indicator_id is None
        repository.observations.add_observation(session, NewObservation(period="2024", value=9, unit="个",
                                                                         target_id=target.id))
        found = repository.observations.observations_for(session, [target])[target.id]
    assert [(o.target_id, o.value, o.indicator_id) for o in found] == [(target.id, 9, None)]


def test_periods_end_on_the_last_day() -> None:
    assert period_end("2024").isoformat() == "2024-12-31"
    assert period_end("2024-02").isoformat() == "2024-02-29"
    with pytest.raises(ValueError, match="neither YYYY nor YYYY-MM"):
        period_end("2024Q1")
    with pytest.raises(ValueError, match="no month 13"):
        period_end("2024-13")


def test_the_demo_observations_load_converted_and_marked(seeded: Ledger) -> None:
    with seeded.session() as session:
        stored = load_observations(session)
        observations = repository.observations.list_observations(session)
    rows = DEMO_FILE.read_text(encoding="utf-8").splitlines()[1:]
    assert stored == len(observations) >= len(rows)  # an indicator's row fills each series of its targets there
    assert all(row.startswith("示例数据,") for row in rows)
    # every row of the file is in the ledger, and nothing else is: same indicator (or target), period and value
    from_file = {(f[3] or f[4], f[5], float(f[6])) for f in (row.split(",") for row in rows)}
    with seeded.session() as session:
        keys = {r.id: r.target.id for r in repository.documents.current_targets(session)}
    stored_values = {(o.indicator_id or keys[o.target_id], o.period, o.value_written) for o in observations}
    assert stored_values == from_file
    assert all(o.illustrative for o in observations)
    grain = next(o for o in observations if o.indicator_id == "grain_capacity" and o.period == "2023")
    assert (grain.value_written, grain.unit_written) == (4.52, "亿斤")
    assert (round(grain.value, 6), grain.unit) == (22.6, "万吨")  # 1亿斤 = 5万吨


@pytest.mark.parametrize(("cell", "column", "reason"), [
    ("2024Q1", "period", "neither YYYY nor YYYY-MM"),
    ("lots", "value", "'lots' is not a number"),
])
def test_a_bad_demo_row_is_named_and_nothing_is_stored(sqlite_ledger: Ledger, tmp_path: Path, cell: str,
                                                       column: str, reason: str) -> None:
    header, first, *rest = DEMO_FILE.read_text(encoding="utf-8").splitlines()
    fields = rest[0].split(",")
    fields[5 if column == "period" else 6] = cell
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([header, first, ",".join(fields)]) + "\n", encoding="utf-8")
    with pytest.raises(LedgerDataError) as caught, sqlite_ledger.session() as session:
        load_observations(session, bad)
    assert str(caught.value).startswith(f"{bad} row 3 column {column}: ")
    assert reason in str(caught.value)
    with sqlite_ledger.session() as session:
        assert repository.audit.row_counts(session)["observations"] == 0


def test_filters_by_jurisdiction_include_the_places_below(seeded: Ledger) -> None:
    with seeded.session() as session:
        everything = repository.documents.current_targets(session)
        shandong = repository.documents.current_targets(session, jurisdiction="山东省")
        by_code = repository.documents.current_targets(session, jurisdiction="370828")
        nowhere = repository.documents.current_targets(session, jurisdiction="海南省")
    assert {t.jurisdiction_code for t in shandong} == {"370828"}
    assert by_code == shandong
    assert 0 < len(shandong) < len(everything)
    assert nowhere == []


def test_filters_by_department_read_abbreviations_in_each_place(seeded: Ledger) -> None:
    with seeded.session() as session:
        housing = repository.documents.current_targets(session, department="住建局")
        jinxiang = repository.documents.current_targets(session, department="金乡县住房和城乡建设局")
        written = repository.documents.current_targets(session, department="县住建局")
    assert {t.jurisdiction_code for t in housing} >= {"370828", "150400"}
    assert {t.jurisdiction_code for t in jinxiang} == {"370828"}
    assert all("金乡县住房和城乡建设局" in t.departments for t in jinxiang)
    assert set(t.id for t in jinxiang) <= set(t.id for t in written) <= set(t.id for t in housing)


def test_every_demo_observation_serves_a_current_target(seeded: Ledger) -> None:
    # Guards the demo against pipeline changes: a row whose indicator no seed target resolves to any more
    # (or whose target key extraction no longer produces) would silently show nothing.
    with seeded.session() as session:
        load_observations(session)
        targets = repository.documents.current_targets(session)
        served = {o.id for found in repository.observations.observations_for(session, targets).values() for o in found}
        orphans = [(o.jurisdiction_code, o.indicator_id, o.target_id, o.period)
                   for o in repository.observations.list_observations(session) if o.id not in served]
    assert orphans == []


def test_a_target_keeps_its_own_observations_once_resolved(ledger: Ledger, tmp_path: Path) -> None:
    plan = tmp_path / "某县方案.txt"
    plan.write_text(UNRESOLVABLE_PLAN, encoding="utf-8")
    ingest_file(ledger, plan)
    with ledger.session() as session:
        [target] = repository.documents.current_targets(session)
        repository.observations.add_observation(session, NewObservation(period="2024", value=9, unit="个",
                                                                         target_id=target.id))
    with ledger.session("复核员") as session:
        resolved = repository.documents.update_target(session, target.id, indicator_id="green_space_rate")
        found = repository.observations.observations_for(session, [resolved])[target.id]
    assert [(o.period, o.value) for o in found] == [("2024", 9)]
