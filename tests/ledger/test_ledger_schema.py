"""Opening a ledger migrates it to the newest revision, the migrated tables are exactly the ORM's, and a ledger
that cannot be opened is named in a clear LedgerError (never a traceback)."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from greentrack.errors import LedgerError
from greentrack.ledger.db import HEAD_REVISION, Ledger, current_revision, head_revision, open_ledger
from greentrack.ledger.schema import Base

TABLES = {"jurisdictions", "documents", "sections", "targets", "tasks", "departments", "responsibilities",
          "observations", "users", "user_sessions", "api_tokens", "audit_log", "alembic_version",
          "reporting_cycles", "cycle_items", "cycle_reminders", "task_progress", "supervision_items",
          "supervision_subjects", "supervision_departments", "supervision_answers", "supervision_events",
          "evidence_files", "report_settings", "report_texts", "evaluations"}


def test_a_fresh_ledger_is_at_the_newest_revision(ledger: Ledger) -> None:
    assert head_revision() == "0010_report" == HEAD_REVISION  # a new migration moves the constant too
    assert current_revision(ledger.engine) == "0010_report"
    assert set(inspect(ledger.engine).get_table_names()) == TABLES


def test_the_migration_creates_exactly_the_orm_schema(ledger: Ledger) -> None:
    with ledger.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_the_migration_can_be_undone_and_redone(ledger: Ledger) -> None:
    from alembic import command

    from greentrack.ledger.db import alembic_config, upgrade

    config = alembic_config()
    with ledger.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert set(inspect(ledger.engine).get_table_names()) == {"alembic_version"}
    assert current_revision(ledger.engine) is None
    upgrade(ledger.engine)
    assert set(inspect(ledger.engine).get_table_names()) == TABLES


def test_opening_again_keeps_the_data(tmp_path: Path) -> None:
    path = tmp_path / "again.db"
    first = open_ledger(db=path)
    with first.session() as session:
        from greentrack.ledger import repository

        repository.audit.add_user(session, "王科长", "coordinator")
    first.close()
    second = open_ledger(db=path)
    with second.session() as session:
        assert repository.audit.row_counts(session)["users"] == 1
    second.close()


def test_settings_choose_the_sqlite_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GREENTRACK_DATABASE_URL", raising=False)
    monkeypatch.setenv("GREENTRACK_DB", str(tmp_path / "from-env.db"))
    ledger = open_ledger()
    ledger.close()
    assert (tmp_path / "from-env.db").is_file()


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match=r"folder .*nowhere does not exist"):
        open_ledger(db=tmp_path / "nowhere" / "ledger.db")


def test_a_file_that_is_not_a_database_is_named(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("这不是数据库 not a database\n" * 100, encoding="utf-8")
    with pytest.raises(LedgerError, match=r"cannot open the ledger at sqlite:///.*notes\.db"):
        open_ledger(db=path)


def test_a_bad_url_is_named() -> None:
    with pytest.raises(LedgerError, match=r"cannot use database URL nosuchdialect://x"):
        open_ledger(url="nosuchdialect://x")


def test_an_unreachable_server_is_named_without_its_password() -> None:
    url = "postgresql+psycopg://postgres:secret@127.0.0.1:1/test?connect_timeout=2"
    with pytest.raises(LedgerError) as caught:
        open_ledger(url=url)
    assert "127.0.0.1:1/test" in str(caught.value)
    assert "secret" not in str(caught.value)


def test_a_ledger_behind_the_head_is_migrated_when_opened(tmp_path: Path) -> None:
    """The fast check reads the version table; a ledger one revision behind still goes through Alembic."""
    from alembic import command

    from greentrack.ledger.db import alembic_config

    ledger = open_ledger(db=tmp_path / "behind.db")
    config = alembic_config()
    with ledger.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "-1")
    assert current_revision(ledger.engine) not in (None, HEAD_REVISION)
    ledger.close()
    again = open_ledger(db=tmp_path / "behind.db")
    try:
        assert current_revision(again.engine) == HEAD_REVISION
        assert set(inspect(again.engine).get_table_names()) == TABLES
    finally:
        again.close()

