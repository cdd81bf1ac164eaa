"""Fixtures of the fault, backup and load tests: the demo ledger, PostgreSQL schemas, a large valid sheet.

PostgreSQL is the server on 127.0.0.1:5432 (database `test`) or GREENTRACK_TEST_DATABASE_URL; when it cannot be
reached those tests are skipped with the reason — except under CI, where they fail.
"""

from __future__ import annotations

import csv
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from greentrack import services
from greentrack.ledger import repository
from greentrack.ledger.db import Ledger, open_ledger

PG_URL = os.environ.get("GREENTRACK_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
HEADER = ["目标编号 target id", "期间 period", "数值 value", "单位 unit", "来源 source"]


@pytest.fixture(scope="session")
def reliability_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo ledger (seed plans and 示例数据), built once for these tests."""
    return services.build_demo(tmp_path_factory.mktemp("reliability-demo") / "demo.db").path


@pytest.fixture
def demo_copy(reliability_demo: Path, tmp_path: Path) -> Path:
    """A private copy of the demo ledger."""
    return Path(shutil.copy(reliability_demo, tmp_path / "demo.db"))


@pytest.fixture(scope="session")
def pg_url() -> str:
    """The PostgreSQL URL, once it answers; skip (or, under CI, fail) when it does not."""
    engine = create_engine(PG_URL)
    try:
        with engine.connect() as connection:
            connection.execute(text("select 1"))
    except Exception as exc:  # any reason at all: the message says which
        reason = f"PostgreSQL not reachable at {make_url(PG_URL).render_as_string(hide_password=True)}: " \
                 f"{str(exc).splitlines()[0]}"
        if os.environ.get("CI"):
            pytest.fail(reason + " — CI must run the reliability tests on PostgreSQL")
        pytest.skip(reason)
    finally:
        engine.dispose()
    return PG_URL


@pytest.fixture
def pg_schema_url(pg_url: str) -> Iterator[str]:
    """The URL of a fresh, empty PostgreSQL schema (search_path set), dropped afterwards."""
    schema = f"gt_rel_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_url)
    with admin.begin() as connection:
        connection.execute(text(f'create schema "{schema}"'))
    url = make_url(pg_url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'drop schema "{schema}" cascade'))
        admin.dispose()


def write_big_sheet(ledger: Ledger, out: Path, first_year: int = 2001, last_year: int = 2019) -> int:
    """A valid reporting sheet of many rows: every key the demo has values for, every month of the years given,
    at the value and unit the demo already accepted. Returns the number of rows."""
    with ledger.session() as session:
        targets = {record.observation_key: record.id for record in repository.current_targets(session)}
        samples = {}
        for observation in repository.list_observations(session):
            key = repository.observation_key(observation.jurisdiction_code, observation.indicator_id,
                                             observation.target_id)
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
