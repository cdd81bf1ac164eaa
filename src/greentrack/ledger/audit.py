"""Every change to a target, a task or an observation writes an audit row in the same transaction.

The rows are written from the session's `after_flush` hook rather than by each repository function,
so that no code path that changes a target, a task or an observation through the ORM can forget it
(a person's review of targets and tasks included). Who made
the change is the session's `info["actor"]` (set by `Ledger.session(actor)`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, sessionmaker

from greentrack.errors import AuditImmutable
from greentrack.ledger.schema import (
    AuditRow,
    Base,
    CycleRow,
    EvidenceRow,
    ObservationRow,
    ReminderRow,
    ReportSettingRow,
    ReportTextRow,
    SupervisionAnswerRow,
    SupervisionItemRow,
    TargetRow,
    TaskProgressRow,
    TaskRow,
)

AUDITED: dict[type[Base], str] = {TargetRow: "target", TaskRow: "task", ObservationRow: "observation",
                                  CycleRow: "cycle", ReminderRow: "reminder", TaskProgressRow: "task_progress",
                                  SupervisionItemRow: "supervision", SupervisionAnswerRow: "supervision_answer",
                                  EvidenceRow: "evidence", ReportSettingRow: "report_setting",
                                  ReportTextRow: "report_text"}


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):  # an evidence file's content: its size is audited, not the bytes
        return f"<{len(value)} bytes>"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def snapshot(row: Base) -> dict[str, Any]:
    """The row's column values as JSON-ready data."""
    return {attr.key: _plain(getattr(row, attr.key)) for attr in inspect(row).mapper.column_attrs}


def _before(row: Base) -> dict[str, Any]:
    """The row as it was loaded, from the attribute history of the pending change."""
    state = inspect(row)
    values: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if history.deleted:
            values[attr.key] = _plain(history.deleted[0])
        else:
            values[attr.key] = _plain(getattr(row, attr.key))
    return values


def _changed(row: Base) -> bool:
    state = inspect(row)
    return any(state.attrs[attr.key].history.has_changes() for attr in state.mapper.column_attrs)


def _entries(session: Session) -> list[dict[str, Any]]:
    actor = str(session.info.get("actor", "system"))
    at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    entries: list[dict[str, Any]] = []
    for row in session.new:
        if type(row) in AUDITED:
            entries.append(_entry(actor, at, row, "create", None, snapshot(row)))
    for row in session.dirty:
        if type(row) in AUDITED and _changed(row):
            entries.append(_entry(actor, at, row, "update", _before(row), snapshot(row)))
    for row in session.deleted:
        if type(row) in AUDITED:
            entries.append(_entry(actor, at, row, "delete", _before(row), None))
    return entries


def _entry(actor: str, at: dt.datetime, row: Base, action: str, before: dict[str, Any] | None,
           after: dict[str, Any] | None) -> dict[str, Any]:
    key = inspect(row).mapper.primary_key_from_instance(row)[0]
    return {"at": at, "actor": actor, "entity": AUDITED[type(row)], "entity_id": str(key), "action": action,
            "before": before, "after": after}


def _after_flush(session: Session, _context: object) -> None:
    # In after_flush the ids are assigned while new/dirty/deleted and the histories still show the change.
    entries = _entries(session)
    if entries:
        session.connection().execute(insert(AuditRow), entries)


def _refuse_change(_mapper: object, _connection: object, row: AuditRow) -> None:
    raise AuditImmutable(f"audit_log is append-only: entry {row.id} cannot be changed or deleted")


# The ORM refuses first, with a clear error; the database's triggers (migration 0002) refuse every other path.
event.listen(AuditRow, "before_update", _refuse_change)
event.listen(AuditRow, "before_delete", _refuse_change)


def install_audit(factory: sessionmaker[Session]) -> None:
    """Make every session of `factory` (a new one: call once per factory) audit its changes to targets, tasks and
    observations."""
    # No `event.contains` guard: SQLAlchemy keys its listener registry by id(factory), so a new factory at
    # the address of a freed one "contains" the listener already and would go unaudited.
    event.listen(factory, "after_flush", _after_flush)
