"""Ledgers for the storage tests: a fresh SQLite file per test, and the same on PostgreSQL in a schema of its own.

PostgreSQL comes from tests/conftest.py: when it cannot be reached the PostgreSQL half is skipped with the
reason — unless CI is set, where it fails.
The seed plans go through read → extract → resolve once per session; each test stores them anew.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from greentrack.auth.demo import DEMO_ACCOUNTS
from greentrack.ledger import repository, users
from greentrack.ledger.db import Ledger, open_ledger
from greentrack.ledger.demo import load_observations
from greentrack.pipeline.records import PlanToStore
from greentrack.pipeline.steps import content_hash
from greentrack.pipeline.steps import prepare_plan as process
from greentrack.services.documents import sample_paths


@pytest.fixture
def postgresql_ledger(pg_schema_url: str) -> Iterator[Ledger]:
    """A ledger in a fresh PostgreSQL schema (tests/conftest.py), dropped afterwards."""
    ledger = open_ledger(url=pg_schema_url)
    try:
        yield ledger
    finally:
        ledger.close()


@pytest.fixture
def sqlite_ledger(tmp_path: Path) -> Iterator[Ledger]:
    """A ledger in a fresh SQLite file."""
    ledger = open_ledger(db=tmp_path / "ledger.db")
    yield ledger
    ledger.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger(request: pytest.FixtureRequest) -> Ledger:
    """The same test on a fresh SQLite file and on a fresh PostgreSQL schema."""
    return request.getfixturevalue(f"{request.param}_ledger")


@pytest.fixture(scope="session")
def seed_plans() -> tuple[PlanToStore, ...]:
    """The five seed plans processed once (read → outline → extract → resolve), ready to store."""
    return tuple(process(path, content_hash(path)) for path in sample_paths())


def store_plans(ledger: Ledger, plans: tuple[PlanToStore, ...]) -> None:
    """Store processed plans, one transaction each, as ingest does."""
    for plan in plans:
        with ledger.session("test") as session:
            repository.plans.add_plan(session, plan)


@pytest.fixture
def seeded(ledger: Ledger, seed_plans: tuple[PlanToStore, ...]) -> Ledger:
    """A ledger (both dialects) holding the five seed plans."""
    store_plans(ledger, seed_plans)
    return ledger


@pytest.fixture(scope="module")
def pg_demo(pg_module_schema_url: str, seed_plans: tuple[PlanToStore, ...]) -> Iterator[Ledger]:
    """The demo (seed plans, 示例数据, the demo accounts) in a PostgreSQL schema of the module
    that asks for it (tests on both databases: test_report_texts, test_supervision_items)."""
    ledger = open_ledger(url=pg_module_schema_url)
    try:
        store_plans(ledger, seed_plans)
        with ledger.session("demo") as session:
            load_observations(session)
            for account in DEMO_ACCOUNTS:
                users.add_user(session, "demo", account.name, account.role, "", account.jurisdiction,
                               account.department)
        yield ledger
    finally:
        ledger.close()
