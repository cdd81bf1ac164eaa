"""Ledgers for the storage tests: a fresh SQLite file per test, and the same on PostgreSQL in a schema of its own.

PostgreSQL is the server on 127.0.0.1:5432 (database `test`), or GREENTRACK_TEST_DATABASE_URL. When it
cannot be reached the PostgreSQL half is skipped with the reason — unless CI is set, where it fails.
The seed plans go through read → extract → resolve once per session; each test stores them anew.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from greentrack.ledger import repository
from greentrack.ledger.db import Ledger, open_ledger
from greentrack.ledger.ingest import content_hash, process
from greentrack.ledger.records import PlanToStore
from greentrack.services import sample_paths

PG_URL = os.environ.get("GREENTRACK_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The PostgreSQL URL, once it answers; skip (or, under CI, fail) when it does not."""
    engine = create_engine(PG_URL)
    try:
        with engine.connect() as connection:
            connection.execute(text("select 1"))
    except Exception as exc:  # any reason at all: the message says which
        reason = f"PostgreSQL not reachable at {make_url(PG_URL).render_as_string(hide_password=True)}: " \
                 f"{str(exc).splitlines()[0]}"
        if os.environ.get("CI"):
            pytest.fail(reason + " — CI must run the storage tests on PostgreSQL")
        pytest.skip(reason)
    finally:
        engine.dispose()
    return PG_URL


@pytest.fixture
def postgresql_ledger(pg_server: str) -> Iterator[Ledger]:
    """A ledger in a fresh PostgreSQL schema, dropped afterwards."""
    schema = f"gt_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_server)
    with admin.begin() as connection:
        connection.execute(text(f'create schema "{schema}"'))
    url = make_url(pg_server).update_query_dict({"options": f"-csearch_path={schema}"})
    ledger = open_ledger(url=url.render_as_string(hide_password=False))
    try:
        yield ledger
    finally:
        ledger.close()
        with admin.begin() as connection:
            connection.execute(text(f'drop schema "{schema}" cascade'))
        admin.dispose()


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
            repository.add_plan(session, plan)


@pytest.fixture
def seeded(ledger: Ledger, seed_plans: tuple[PlanToStore, ...]) -> Ledger:
    """A ledger (both dialects) holding the five seed plans."""
    store_plans(ledger, seed_plans)
    return ledger
