"""Open the ledger: an engine from the settings, the schema brought to the latest revision, sessions.

`open_ledger()` reads `database_url` (PostgreSQL or any SQLAlchemy URL) or else `db` (a SQLite
file), upgrades the database with the migrations shipped in the package, and returns a `Ledger`
whose `session(actor)` is one transaction: committed when the block ends, rolled back on error.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from greentrack import config
from greentrack.errors import LedgerBusy, LedgerError
from greentrack.ledger.audit import install_audit

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
# The newest migration's revision (tests/ledger/test_ledger_schema.py holds it equal to Alembic's head): a ledger
# already there opens without importing Alembic and reading every migration script, half a second of each command.
HEAD_REVISION = "0010_report"


def database_url(db: str | Path | None = None, url: str | None = None) -> str:
    """The URL to open: `url`, else the `database_url` setting, else SQLite at `db` (or the `db` setting)."""
    chosen = url or (None if db is not None else config.get("database_url"))
    if chosen:
        return chosen
    path = Path(db if db is not None else config.get("db")).expanduser().resolve()
    return f"sqlite:///{path}"


def describe(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite enforces foreign keys (off by default there)."""
    try:
        engine = create_engine(url)
    except (ArgumentError, ImportError) as exc:
        raise LedgerError(f"cannot use database URL {describe(url)}: {exc} — check GREENTRACK_DATABASE_URL") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:
    # Python's sqlite3 would open transactions itself, late and always DEFERRED; `_sqlite_begin` opens them
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # another process writing: wait for it this long instead of failing at once with "database is locked"
    cursor.execute(f"PRAGMA busy_timeout={int(float(config.get('busy_timeout_seconds')) * 1000)}")
    cursor.close()


WRITE = {"greentrack_write": True}  # execution option of a session that will write (`Ledger.session(write=True)`)


def _sqlite_begin(connection: Any) -> None:
    """BEGIN, or BEGIN IMMEDIATE for a writer: a DEFERRED transaction that reads and then writes cannot wait for
    another writer (SQLite answers "database is locked" at once, whatever the busy timeout), so a writer takes
    the write lock first and waits its turn (busy_timeout) instead."""
    immediate = connection.get_execution_options().get("greentrack_write")
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def alembic_config() -> Config:
    """An Alembic configuration pointing at the migrations shipped in the package (no alembic.ini needed)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str | None:
    """The newest revision shipped with the package, as Alembic reads it from the migration scripts."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _at_head(engine: Engine) -> bool:
    """Whether the database is at HEAD_REVISION, read without Alembic (False when it has no version table)."""
    with engine.connect() as connection:
        if "alembic_version" not in sa_inspect(connection).get_table_names():
            return False
        versions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return versions == [HEAD_REVISION]


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest revision, in one transaction; a no-op when it is there already."""
    if _at_head(engine):
        return
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    head = head_revision()
    with engine.begin() as connection:
        if MigrationContext.configure(connection).get_current_revision() == head:
            return
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


class Ledger:
    """An open ledger database: the engine and a factory of audited sessions."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        install_audit(self._sessions)

    @property
    def url(self) -> str:
        """Where the ledger lives (password hidden)."""
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def session(self, actor: str = "system", write: bool = False) -> Iterator[Session]:
        """One transaction, committed at the end of the block and rolled back on any error.

        `actor` is written into every audit row of the transaction. `write`: the transaction will write, so on
        SQLite it takes the write lock at its start (waiting for other writers) rather than at its first write.
        A ledger another process keeps locked past `busy_timeout_seconds` raises LedgerBusy.
        """
        session = self._sessions(info={"actor": actor})
        try:
            if write and self.engine.dialect.name == "sqlite":
                session.connection(execution_options=WRITE)
            yield session
            session.commit()
        except OperationalError as exc:
            session.rollback()
            if _locked(exc):
                raise LedgerBusy(f"the ledger {self.url} is busy: another process kept it locked for more than "
                                 f"{config.get('busy_timeout_seconds'):g} s — retry in a moment (or raise "
                                 "busy_timeout_seconds)") from exc
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        """Release the engine's connections."""
        self.engine.dispose()


def _locked(exc: OperationalError) -> bool:
    text = str(exc.orig if exc.orig is not None else exc).lower()
    return "database is locked" in text or "database table is locked" in text


def open_ledger(db: str | Path | None = None, url: str | None = None) -> Ledger:
    """Open (creating and migrating when needed) the ledger named by the arguments or the settings."""
    target = database_url(db, url)
    engine = make_engine(target)
    if engine.dialect.name == "sqlite":
        folder = Path(engine.url.database or ".").parent
        if engine.url.database not in (None, "", ":memory:") and not folder.is_dir():
            raise LedgerError(f"cannot create the ledger {engine.url.database}: folder {folder} does not exist "
                              "— create it or set GREENTRACK_DB")
    try:
        upgrade(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        reason = str(exc.orig if getattr(exc, "orig", None) else exc).strip().splitlines()[0]
        raise LedgerError(f"cannot open the ledger at {describe(target)}: {reason} — "
                          "check GREENTRACK_DB / GREENTRACK_DATABASE_URL") from exc
    return Ledger(engine)
