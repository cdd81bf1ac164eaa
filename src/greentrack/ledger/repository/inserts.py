"""The ids of rows written in bulk: known beforehand on SQLite, returned by the database elsewhere.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from greentrack.ledger.schema import Base


def next_ids(session: Session, table: type[Base], count: int) -> list[int] | None:
    """The ids the next `count` rows of `table` will get, on SQLite; None elsewhere (ids come back by RETURNING).

    SQLite numbers a new row max(id) + 1 (no AUTOINCREMENT here) and, inside the write transaction
    `begin_writing` opened, no other writer can insert meanwhile: the ids are known beforehand. Inserting
    them explicitly lets one executemany write a batch, where an INSERT … RETURNING in parameter order
    is sent by SQLAlchemy one row at a time on SQLite.
    """
    if session.get_bind().dialect.name != "sqlite":
        return None
    last = session.connection().execute(select(func.max(table.__table__.c.id))).scalar()  # type: ignore[attr-defined]
    first = (last or 0) + 1
    return list(range(first, first + count))


def insert_returning_ids(session: Session, table: type[Base], rows: list[dict[str, Any]]) -> list[int]:
    """Insert the rows with one executemany and return their ids, in the rows' order."""
    if not rows:
        return []
    ids = next_ids(session, table, len(rows))
    if ids is not None:
        session.connection().execute(insert(table.__table__),  # type: ignore[attr-defined]
                                     [{**row, "id": row_id} for row, row_id in zip(rows, ids, strict=True)])
        return ids
    columns = table.__table__.c  # type: ignore[attr-defined]
    statement = insert(table.__table__).returning(columns.id, sort_by_parameter_order=True)
    return list(session.connection().execute(statement, rows).scalars())
