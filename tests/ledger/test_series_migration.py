"""A ledger made by the previous release (revision 0005_review), with values filed per indicator and place, upgrades
to per-target series keeping every observation: the same rows (ids, periods, values), and each target reads
exactly the values it read before — on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

from alembic import command
from sqlalchemy import MetaData, insert, inspect, select, text

from greentrack.ledger import repository
from greentrack.ledger.db import Ledger, alembic_config, current_revision, head_revision, upgrade

PLACE = "370828"
TARGETS = [  # id, indicator as written, catalog id, kind, value, unit, scope
    (1, "累计建成充电桩", "charging_piles", "cumulative", 1200.0, "个", "全县"),
    (2, "公共充电桩", "charging_piles", "cumulative", 400.0, "个", None),
    (3, "常住人口城镇化率", "urbanisation_rate", "level", 65.0, "%", None),
    (4, "新能源公交车占比", None, "level", 90.0, "%", None),
]
OBSERVATIONS = [  # id, key, indicator, own target, period, value
    (1, f"indicator:{PLACE}:charging_piles", "charging_piles", None, "2022", 300.0),
    (2, f"indicator:{PLACE}:charging_piles", "charging_piles", None, "2023", 420.0),
    (3, f"indicator:{PLACE}:urbanisation_rate", "urbanisation_rate", None, "2023", 61.5),
    (4, "target:4", None, 4, "2023", 72.0),
    (5, f"indicator:{PLACE}:sewage_treatment_rate", "sewage_treatment_rate", None, "2023", 95.0),  # no target reads
]


def _at_previous_release(ledger: Ledger) -> None:
    config = alembic_config()
    with ledger.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
        command.upgrade(config, "0005_review")
    assert current_revision(ledger.engine) == "0005_review"
    assert "series_key" not in {c["name"] for c in inspect(ledger.engine).get_columns("targets")}
    tables = _tables(ledger)
    with ledger.engine.begin() as connection:
        connection.execute(insert(tables["jurisdictions"]), [{"code": PLACE, "name": "金乡县", "level": "county"}])
        connection.execute(insert(tables["documents"]), [{
            "id": 1, "name": "plan.txt", "path": "plan.txt", "content_hash": "h1", "series": "金乡县|plan",
            "version": 1, "text": "……", "ingested_at": dt.datetime(2024, 1, 1), "jurisdiction_code": PLACE}])
        connection.execute(insert(tables["targets"]), [{
            "id": ident, "document_id": 1, "key": f"plan:{ident}", "jurisdiction_code": PLACE, "indicator": words,
            "comparator": ">=", "value": value, "unit": unit, "year": 2025, "kind": kind, "scope": scope,
            "aspirational": False, "departments": [], "lead_departments": [], "section": [], "quote": words,
            "start": ident * 10, "end": ident * 10 + 5, "indicator_id": indicator, "resolution_score": 1.0,
            "resolution_how": "test"} for ident, words, indicator, kind, value, unit, scope in TARGETS])
        connection.execute(insert(tables["observations"]), [{
            "id": ident, "scope_key": key, "jurisdiction_code": PLACE if indicator else None,
            "indicator_id": indicator, "target_id": own, "period": period,
            "period_end": dt.date(int(period), 12, 31), "value": value, "unit": "个", "value_written": value,
            "unit_written": "个", "source": "台账", "reporter": "县住建局", "note": "", "illustrative": False,
            "recorded_at": dt.datetime(2024, 1, 1)} for ident, key, indicator, own, period, value in OBSERVATIONS])
        if ledger.engine.dialect.name == "postgresql":  # ids given above: move the sequences past them, as use would
            for table in ("documents", "targets", "observations"):
                connection.execute(text(f"select setval(pg_get_serial_sequence('{table}', 'id'), "
                                        f"(select max(id) from {table}))"))


def _tables(ledger: Ledger) -> dict[str, Any]:
    metadata = MetaData()
    metadata.reflect(ledger.engine, only=["jurisdictions", "documents", "targets", "observations"])
    return dict(metadata.tables)


def _stored(ledger: Ledger) -> list[tuple[Any, ...]]:
    observations = _tables(ledger)["observations"]
    with ledger.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(
            select(observations.c.id, observations.c.period, observations.c.value, observations.c.value_written,
                   observations.c.source).order_by(observations.c.id))]


def test_an_old_ledger_upgrades_keeping_every_observation(ledger: Ledger) -> None:
    _at_previous_release(ledger)
    before = _stored(ledger)
    upgrade(ledger.engine)
    assert current_revision(ledger.engine) == head_revision()
    after = _stored(ledger)
    assert after[:len(before)] == before  # every row kept: id, period, value as written, source
    assert len(after) == len(before) + 2  # 充电桩 and 公共充电桩 each got a series: one copy of each of two values
    with ledger.session() as session:
        records = repository.documents.targets_by_ids(session, [1, 2, 3, 4])
        read = {t: [(o.period, o.value) for o in found]
                for t, found in repository.observations.observations_for(session, records).items()}
        keys = {r.id: r.observation_key for r in records}
    assert read == {1: [("2022", 300.0), ("2023", 420.0)], 2: [("2022", 300.0), ("2023", 420.0)],
                    3: [("2023", 61.5)], 4: [("2023", 72.0)]}  # what each target read before the upgrade
    assert keys[1] != keys[2]  # from now on reported apart
    assert keys[1] == f"indicator:{PLACE}:charging_piles|added|充电桩"
    with ledger.session() as session:
        orphan = repository.observations.get_observation(session, 5)
    assert (orphan.series, orphan.value) == (f"indicator:{PLACE}:sewage_treatment_rate", 95.0)


def test_the_upgraded_ledger_takes_series_values_apart(ledger: Ledger) -> None:
    _at_previous_release(ledger)
    upgrade(ledger.engine)
    with ledger.session("test") as session:
        repository.observations.update_observation(session, 1, value=310.0, value_written=310.0,
                                                   change_reason="核对台账")
        records = repository.documents.targets_by_ids(session, [1, 2])
        read = repository.observations.observations_for(session, records)
    # the row kept moved to one target's series; the other's copy is unchanged: they are apart now
    assert sorted(o.value for t in (1, 2) for o in read[t] if o.period == "2022") == [300.0, 310.0]
