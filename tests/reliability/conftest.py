"""Fixtures of the fault, backup and load tests: the demo ledger, PostgreSQL schemas, a large valid sheet.

PostgreSQL (`pg_url`, `pg_schema_url`) comes from tests/conftest.py: when it cannot be reached those tests are
skipped with the reason — except under CI, where they fail.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from greentrack.ledger import repository
from greentrack.ledger.db import Ledger, open_ledger

HEADER = ["目标编号 target id", "期间 period", "数值 value", "单位 unit", "来源 source"]


@pytest.fixture(scope="session")
def reliability_demo(copy_demo_ledger: Callable[[Path], Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """These tests' copy of the session's demo ledger (seed plans and 示例数据)."""
    return copy_demo_ledger(tmp_path_factory.mktemp("reliability-demo"))


@pytest.fixture
def demo_copy(demo_ledger_copy: Path) -> Path:
    """A private copy of the demo ledger."""
    return demo_ledger_copy


def write_big_sheet(ledger: Ledger, out: Path, first_year: int = 2001, last_year: int = 2019) -> int:
    """A valid reporting sheet of many rows: every key the demo has values for, every month of the years given,
    at the value and unit the demo already accepted. Returns the number of rows."""
    with ledger.session() as session:
        # not cumulative targets: months of one figure each would read as additions beyond their amount
        targets = {record.observation_key: record.id for record in repository.documents.current_targets(session)
                   if record.target.kind != "cumulative"}
        samples = {}
        for observation in repository.observations.list_observations(session):
            key = observation.series  # the series it belongs to, which the targets read
            if key in targets:
                samples.setdefault(key, (targets[key], observation.value_written, observation.unit_written))
    rows = [[str(target), f"{year}-{month:02d}", f"{value:g}", unit, "故障测试 fault test"]
            for target, value, unit in samples.values()
            for year in range(first_year, last_year + 1) for month in range(1, 13)]
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return len(rows)


def ledger_at(url_or_path: str | Path) -> Ledger:
    """Open a ledger by URL or SQLite path."""
    text_form = str(url_or_path)
    return open_ledger(url=text_form) if "://" in text_form else open_ledger(db=text_form)
