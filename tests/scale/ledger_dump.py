"""Every row of a ledger as comparable data, without what differs between two runs (times, row order of audit)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from greentrack.ledger.db import Ledger
from greentrack.ledger.schema import AuditRow, Base

VOLATILE = {"ingested_at", "recorded_at", "at"}


def dump(ledger: Ledger) -> dict[str, list[tuple[Any, ...]]]:
    """Rows per table, sorted; the audit log without its own ids and times (a batch writes them in one go)."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    with ledger.session() as session:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if c.name not in VOLATILE and not (table is AuditRow.__table__
                                                                                   and c.name == "id")]
            rows = session.execute(select(*columns)).all()
            tables[table.name] = sorted((tuple(_plain(v) for v in row) for row in rows), key=repr)
    return tables


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, _plain(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_plain(v) for v in value)
    return value
