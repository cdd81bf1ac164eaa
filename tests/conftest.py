"""Shared fixtures: the bundled seeds, the gold copied into fixtures, the optional shared corpus, and PostgreSQL.

PostgreSQL is the server on 127.0.0.1:5432 (database `test`), or GREENTRACK_TEST_DATABASE_URL. When it cannot be
reached the tests that need it are skipped with the reason — unless CI is set, where they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from greentrack.services import sample_paths

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
SHARED = HERE.parent.parent / "shared"
CORPUS = SHARED / "corpus"


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    paths = sample_paths()
    assert len(paths) == 5, "the five seed plans ship inside the package"
    return paths


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not present at {CORPUS} (it sits beside the repository on dev machines)")
    return CORPUS


PG_URL = os.environ.get("GREENTRACK_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


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
            pytest.fail(reason + " — CI must run the storage and reliability tests on PostgreSQL")
        pytest.skip(reason)
    finally:
        engine.dispose()
    return PG_URL


@pytest.fixture
def pg_schema_url(pg_url: str) -> Iterator[str]:
    """The URL of a fresh, empty PostgreSQL schema (search_path set), dropped afterwards."""
    schema = f"gt_test_{uuid.uuid4().hex[:12]}"
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


# The seeds written as .docx, .pdf, GBK/UTF-16 .txt and .html (session-scoped; see the module).
from read.formats_fixtures import seed_formats  # noqa: E402, F401
