"""Users and the audit trail as plain records: a user without a login (`ledger.users` adds accounts),
the audit rows, and how many rows each table holds.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from greentrack.ledger.records import AuditRecord, UserRecord
from greentrack.ledger.repository.departments import find_departments
from greentrack.ledger.schema import (
    AuditRow,
    Base,
    CycleItemRow,
    CycleRow,
    DepartmentRow,
    DocumentRow,
    EvidenceRow,
    JurisdictionRow,
    ObservationRow,
    ReminderRow,
    ResponsibilityRow,
    SectionRow,
    SupervisionAnswerRow,
    SupervisionDepartmentRow,
    SupervisionEventRow,
    SupervisionItemRow,
    SupervisionSubjectRow,
    TargetRow,
    TaskProgressRow,
    TaskRow,
    UserRow,
)

TABLES: tuple[type[Base], ...] = (JurisdictionRow, DocumentRow, SectionRow, TargetRow, TaskRow, DepartmentRow,
                                  ResponsibilityRow, ObservationRow, UserRow, AuditRow, CycleRow, CycleItemRow,
                                  ReminderRow, TaskProgressRow, SupervisionItemRow, SupervisionSubjectRow,
                                  SupervisionDepartmentRow, SupervisionAnswerRow, SupervisionEventRow, EvidenceRow)


def add_user(session: Session, name: str, role: str, department: str | None = None) -> UserRecord:
    """A new user; `department` is a canonical department name already in the ledger."""
    chosen = find_departments(session, department)[:1] if department else []
    if department and not chosen:
        raise ValueError(f"no department {department!r} in the ledger")
    row = UserRow(name=name, role=role, department_id=chosen[0].id if chosen else None)
    session.add(row)
    session.flush()
    return UserRecord(row.id, name, role, chosen[0].name if chosen else None)


def audit_entries(session: Session, entity: str | None = None, entity_id: str | int | None = None,
                  ) -> list[AuditRecord]:
    """Audit rows, oldest first, optionally for one entity kind (target, observation) and id."""
    query = select(AuditRow)
    if entity:
        query = query.where(AuditRow.entity == entity)
    if entity_id is not None:
        query = query.where(AuditRow.entity_id == str(entity_id))
    return [AuditRecord(r.id, r.at, r.actor, r.entity, r.entity_id, r.action, r.before, r.after)
            for r in session.scalars(query.order_by(AuditRow.id))]


def row_counts(session: Session) -> dict[str, int]:
    """Rows per table: what tests compare before and after an operation that must change nothing."""
    return {table.__tablename__: session.scalar(select(func.count()).select_from(table)) or 0 for table in TABLES}
