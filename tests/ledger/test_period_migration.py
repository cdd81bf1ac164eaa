"""0006_period adds the stated period's first year to every target and keeps what a 0005 ledger holds: the same
targets with the same values, read as before (no stated period: tracking opens at the issue year), on SQLite and
PostgreSQL alike."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import inspect, text

from greentrack.ledger import repository
from greentrack.ledger.db import Ledger, alembic_config, current_revision, head_revision, upgrade
from greentrack.ledger.tracking import track_input
from greentrack.pipeline.steps import content_hash, prepare_plan

PLAN = """某某县绿色低碳发展行动方案
某某县人民政府办公室
2024年3月15日
一、主要目标
“十四五”期间，全县累计新增城镇绿色建筑面积320万平方米。到2025年，全县城镇生活污水集中收集率达到75%以上。
"""
COLUMNS = "id, key, indicator, value, unit, year, kind, baseline_value, baseline_year"


def _rows(ledger: Ledger) -> list[tuple[Any, ...]]:
    with ledger.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text(f"SELECT {COLUMNS} FROM targets ORDER BY id"))]


def _downgrade_to_0005(ledger: Ledger) -> None:
    from alembic import command

    config = alembic_config()
    with ledger.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0005_review")


def test_a_0005_ledger_upgrades_keeping_every_target(ledger: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    with ledger.session("test") as session:
        repository.plans.add_plan(session, prepare_plan(path, content_hash(path)))
    before = _rows(ledger)
    assert len(before) == 2
    _downgrade_to_0005(ledger)
    assert current_revision(ledger.engine) == "0005_review"
    assert "period_start" not in {c["name"] for c in inspect(ledger.engine).get_columns("targets")}
    upgrade(ledger.engine)
    assert current_revision(ledger.engine) == head_revision()
    assert _rows(ledger) == before
    with ledger.session() as session:
        records = repository.documents.current_targets(session)
    assert [r.target.period_start for r in records] == [None, None]  # the 0005 ledger never knew the period
    assert {track_input(r, ()).target.start_year for r in records} == {2024}  # read as before: the issue year


def test_a_new_ledger_stores_the_stated_period(ledger: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    with ledger.session("test") as session:
        repository.plans.add_plan(session, prepare_plan(path, content_hash(path)))
    with ledger.session() as session:
        records = {r.target.value: r for r in repository.documents.current_targets(session)}
    assert records[320.0].target.period_start == 2021 and records[75.0].target.period_start is None
    assert track_input(records[320.0], ()).target.start_year == 2021
    assert track_input(records[75.0], ()).target.start_year == 2024
