"""Alembic environment: run migrations on the connection greentrack hands over (or on `sqlalchemy.url`)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from greentrack.ledger.schema import Base


def _run(connection: object) -> None:
    # render_as_batch: SQLite cannot ALTER most things in place; batch mode copies the table instead.
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    """Use the caller's connection when given (greentrack upgrades on open); else the configured URL."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(context.config.get_main_option("sqlalchemy.url") or "sqlite:///greentrack.db")
    with engine.begin() as conn:
        _run(conn)


main()
