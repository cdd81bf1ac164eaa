"""A person's review of targets and tasks, stored: states, corrected fields, records a person added, review
progress per plan, and the decisions carried from a plan's previous version to its new one (`carry_reviews`).

Every change goes through the ORM, so the session's flush hook audits it (ledger/audit.py) with before and after;
nothing here checks who may do it or whether a value makes sense: `services.review_targets` does, first.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePath
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from greentrack.errors import UnknownTarget, UnknownTask
from greentrack.ledger.carry import CHANGED, SAME, Stated, machine_span, match_records
from greentrack.ledger.records import (
    ADDED,
    CONFIRMED,
    CORRECTED,
    EXTRACTED,
    REJECTED,
    REVIEW_STATES,
    TargetRecord,
    TaskRecord,
)
from greentrack.ledger.repository.departments import DepartmentCache
from greentrack.ledger.repository.documents import document_targets, get_target, review_of
from greentrack.ledger.schema import (
    DepartmentRow,
    DocumentRow,
    JurisdictionRow,
    ObservationRow,
    ResponsibilityRow,
    SectionRow,
    TargetRow,
    TaskRow,
)
from greentrack.models import Task
from greentrack.resolve import resolve_department

# The fields of the extraction contract a person reviews (shared/spec/targets.md), and a task's.
TARGET_FIELDS = ("indicator", "comparator", "value", "unit", "year", "deadline", "kind", "reference_year",
                 "baseline_value", "baseline_year", "scope", "aspirational", "binding", "departments",
                 "lead_departments")
RESOLUTION_FIELDS = ("indicator_id", "resolution_score", "resolution_how", "canonical_value", "canonical_unit",
                     "unit_problem")
TASK_FIELDS = ("text", "year", "deadline", "departments", "lead_departments")
Row = TargetRow | TaskRow


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def target_row(session: Session, target_id: int) -> TargetRow:
    """The stored target; UnknownTarget when there is none."""
    row = session.get(TargetRow, target_id)
    if row is None:
        raise UnknownTarget(f"no target {target_id} in the ledger — `greentrack target list --document ID` lists a "
                            "plan's targets")
    return row


def task_row(session: Session, task_id: int) -> TaskRow:
    """The stored task; UnknownTask when there is none."""
    row = session.get(TaskRow, task_id)
    if row is None:
        raise UnknownTask(f"no task {task_id} in the ledger — `greentrack task list --document ID` lists a plan's "
                          "tasks")
    return row


def decide(row: Row, state: str, actor: str, reason: str | None = None) -> None:
    """Set a record's review state (a rejection with its reason), naming who decided and when."""
    if state not in REVIEW_STATES:
        raise ValueError(f"unknown review state {state!r}")
    row.review_state = state
    row.review_reason = reason
    row.reviewed_by = actor
    row.reviewed_at = _now()


def set_fields(session: Session, row: Row, values: Mapping[str, Any]) -> None:
    """Write checked values onto a record; new departments rebuild its responsibilities (牵头 included)."""
    for name, value in values.items():
        setattr(row, name, list(value) if isinstance(value, tuple) else value)
    if "departments" in values or "lead_departments" in values:
        _responsibilities(session, row)
    session.flush()


def _place_code(session: Session, document_id: int) -> str | None:
    return session.scalar(select(DocumentRow.jurisdiction_code).where(DocumentRow.id == document_id))


def _responsibilities(session: Session, row: Row) -> None:
    """The record's responsibility rows made again from its departments as written (canonical names resolved)."""
    owner = ResponsibilityRow.target_id if isinstance(row, TargetRow) else ResponsibilityRow.task_id
    for old in session.scalars(select(ResponsibilityRow).where(owner == row.id)):
        session.delete(old)
    session.flush()
    code = _place_code(session, row.document_id)
    cache = DepartmentCache(session, code)
    seen: set[int] = set()
    for written in row.departments:
        department_id = cache.department_id(written, resolve_department(written, code))
        if department_id in seen:
            continue
        seen.add(department_id)
        session.add(ResponsibilityRow(department_id=department_id, written=written,
                                      lead=written in row.lead_departments,
                                      target_id=row.id if isinstance(row, TargetRow) else None,
                                      task_id=row.id if isinstance(row, TaskRow) else None))


def person_key(document_name: str, start: int, end: int, kind: str = "added") -> str:
    """The key of a record a person made: its span and a random part, so it never collides with an extraction id
    (`stem:start-end:hash`) nor with another record a person made at the same span."""
    return f"{PurePath(document_name).stem}:{start}-{end}:{kind}-{uuid.uuid4().hex[:12]}"


def section_at(session: Session, document_id: int, offset: int) -> list[str]:
    """The outline path of the deepest section of a stored document holding `offset`."""
    rows = session.scalars(select(SectionRow).where(SectionRow.document_id == document_id,
                                                    SectionRow.start <= offset, SectionRow.end > offset)).all()
    best = max(rows, key=lambda r: (r.level, r.start), default=None)
    return list(best.path) if best is not None else []


def add_target(session: Session, document_id: int, values: Mapping[str, Any], actor: str) -> TargetRecord:
    """A target a person added (state `added`) to a stored document: `values` hold every column but the ids."""
    document = session.get(DocumentRow, document_id)
    row = TargetRow(document_id=document_id, jurisdiction_code=document.jurisdiction_code,
                    key=person_key(document.name, values["start"], values["end"]), confidence=1.0, doubts=[],
                    **{name: list(v) if isinstance(v, tuple) else v for name, v in values.items()})
    decide(row, ADDED, actor)
    session.add(row)
    session.flush()
    _responsibilities(session, row)
    session.flush()
    return get_target(session, row.id)


def add_task(session: Session, document_id: int, values: Mapping[str, Any], actor: str) -> TaskRecord:
    """A task a person added (state `added`) to a stored document."""
    document = session.get(DocumentRow, document_id)
    row = TaskRow(document_id=document_id, key=person_key(document.name, values["start"], values["end"]),
                  **{name: list(v) if isinstance(v, tuple) else v for name, v in values.items()})
    decide(row, ADDED, actor)
    session.add(row)
    session.flush()
    _responsibilities(session, row)
    session.flush()
    return get_task(session, row.id)


def document_tasks(session: Session, document_id: int, rejected: bool = True) -> list[TaskRecord]:
    """Every task of one document version in reading order (the rejected ones too, unless `rejected` is False)."""
    document = session.get(DocumentRow, document_id)
    query = select(TaskRow).where(TaskRow.document_id == document_id)
    if not rejected:
        query = query.where(TaskRow.review_state != REJECTED)
    return _task_records(session, document, session.scalars(query.order_by(TaskRow.start, TaskRow.id)).all())


def get_task(session: Session, task_id: int) -> TaskRecord:
    """One stored task by id; UnknownTask when there is none."""
    row = task_row(session, task_id)
    return _task_records(session, session.get(DocumentRow, row.document_id), [row])[0]


def _task_records(session: Session, document: DocumentRow, rows: Sequence[TaskRow]) -> list[TaskRecord]:
    place = session.get(JurisdictionRow, document.jurisdiction_code) if document.jurisdiction_code else None
    names: dict[int, list[str]] = {}
    leads: dict[int, list[str]] = {}
    for task_id, lead, name in session.execute(
            select(ResponsibilityRow.task_id, ResponsibilityRow.lead, DepartmentRow.name)
            .join(DepartmentRow, DepartmentRow.id == ResponsibilityRow.department_id)
            .where(ResponsibilityRow.task_id.in_([r.id for r in rows])).order_by(ResponsibilityRow.id)):
        names.setdefault(task_id, []).append(name)
        if lead:
            leads.setdefault(task_id, []).append(name)
    return [TaskRecord(r.id, r.document_id, document.title, document.issue_date, document.jurisdiction_code,
                       place.name if place else None,
                       Task(id=r.key, doc=document.name, text=r.text, year=r.year, deadline=r.deadline,
                            departments=tuple(r.departments), lead_departments=tuple(r.lead_departments),
                            section=tuple(r.section), quote=r.quote, start=r.start, end=r.end),
                       tuple(names.get(r.id, ())), tuple(leads.get(r.id, ())), review_of(r)) for r in rows]


def review_progress(session: Session, document_ids: Iterable[int]) -> dict[int, dict[str, Counter[str]]]:
    """Per document: how many targets and how many tasks are in each review state."""
    wanted = list(document_ids)
    found: dict[int, dict[str, Counter[str]]] = {d: {"targets": Counter(), "tasks": Counter()} for d in wanted}
    for table, name in ((TargetRow, "targets"), (TaskRow, "tasks")):
        for start in range(0, len(wanted), 500):
            for document_id, state in session.execute(select(table.document_id, table.review_state).where(
                    table.document_id.in_(wanted[start:start + 500]))):
                found[document_id][name][state] += 1
    return found


def previous_decisions(session: Session, document_id: int) -> list[TargetRecord]:
    """The reviewed targets of the previous version of this plan that no target of this version continues (their
    statement vanished): shown on the review page, so that no decision is lost without a word."""
    previous = session.scalar(select(DocumentRow.previous_id).where(DocumentRow.id == document_id))
    if previous is None:
        return []
    continued = set(session.scalars(select(TargetRow.previous_id).where(TargetRow.document_id == document_id,
                                                                        TargetRow.previous_id.is_not(None))))
    return [t for t in document_targets(session, previous, rejected=True)
            if not t.review.unreviewed and t.id not in continued]


# ---------------------------------------------------------------- carrying decisions to a new version


def carry_reviews(session: Session, document_id: int, previous_id: int) -> Counter[str]:
    """Carry the decisions on the previous version's targets and tasks to this version's (ledger/carry.py):
    a statement unchanged keeps its decision (a correction's fields, a rejection's reason, a record a person
    added), a changed one sends its record back to review with the old decision beside it; own observations follow
    the record that continues theirs. Returns how many records were carried, sent back to review and lost."""
    texts = dict(session.execute(select(DocumentRow.id, DocumentRow.text)
                                 .where(DocumentRow.id.in_([document_id, previous_id]))).all())
    counts: Counter[str] = Counter()
    for table, fields in ((TargetRow, TARGET_FIELDS), (TaskRow, TASK_FIELDS)):
        old = session.scalars(select(table).where(table.document_id == previous_id)).all()
        new = {row.id: row for row in session.scalars(select(table).where(table.document_id == document_id))}
        matches = match_records(texts[previous_id], texts[document_id], [_stated(r) for r in old],
                                [_stated(r) for r in new.values()])
        by_id = {row.id: row for row in old}
        for found in matches:
            counts[_carry(session, by_id[found.old_id], found, new, fields, document_id)] += 1
    session.flush()
    return counts


def _stated(row: Row) -> Stated:
    return Stated(row.id, row.start, row.end, machine_span(row.key, row.start, row.end), row.quote)


def _carry(session: Session, old: Row, found: Any, new: dict[int, Row], fields: Sequence[str],
           document_id: int) -> str:
    """Apply one match; the word for what became of the old record's decision. Every change to the new record is
    made before one flush, so the audit log holds one entry for it."""
    target = new.get(found.new_id) if found.new_id is not None else None
    reviewed = old.review_state != EXTRACTED
    if found.kind == CHANGED and target is not None:
        target.previous_id = old.id
        if reviewed:
            target.review_previous = decision_of(old, fields)
        _move_observations(session, old, target)
        return "sent back to review" if reviewed else "unreviewed"
    if found.kind != SAME:
        return "lost" if reviewed else "unreviewed"
    if target is None:
        if old.review_state not in (ADDED, CONFIRMED, CORRECTED):  # a rejection needs no record
            return "carried" if reviewed else "unreviewed"
        target = _copy(session, old, found.shift, document_id)  # the extractor no longer finds it there
    target.previous_id = old.id
    taken = reviewed and old.review_state != REJECTED
    if taken:
        same = all(getattr(target, name) == getattr(old, name) for name in fields)
        _take_fields(old, target, fields, found.shift)
        state = CORRECTED if old.review_state == CONFIRMED and not same else old.review_state
    else:
        state = old.review_state
    if reviewed:
        target.review_state, target.review_reason = state, old.review_reason
        target.reviewed_by, target.reviewed_at = old.reviewed_by, old.reviewed_at
    if taken:
        _responsibilities(session, target)  # its first flush writes the record's changes, once
    _move_observations(session, old, target)
    return "carried" if reviewed else "unreviewed"


def decision_of(row: Row, fields: Sequence[str]) -> dict[str, Any]:
    """A record's decision as JSON: state, reason, who and when, and the record's reviewed fields and quote."""
    return {"state": row.review_state, "reason": row.review_reason, "by": row.reviewed_by,
            "at": row.reviewed_at.isoformat() if row.reviewed_at else None, "id": row.id,
            "document_id": row.document_id, "quote": row.quote,
            "fields": {name: getattr(row, name) for name in fields}}


def _take_fields(old: Row, target: Row, fields: Sequence[str], shift: int | None) -> None:
    """The old record's reviewed fields (and its resolution, and its quote moved by `shift`) onto the new one."""
    for name in (*fields, *(RESOLUTION_FIELDS if isinstance(old, TargetRow) else ())):
        setattr(target, name, getattr(old, name))
    if shift is not None:
        target.start, target.end, target.quote = old.start + shift, old.end + shift, old.quote


def _copy(session: Session, old: Row, shift: int | None, document_id: int) -> Row:
    """A record of the new version repeating an old one at its moved place (the extractor no longer finds it)."""
    moved = shift or 0
    document = session.get(DocumentRow, document_id)
    columns = {c.key: getattr(old, c.key) for c in old.__table__.columns
               if c.key not in ("id", "document_id", "key", "start", "end")}
    values = {**columns, "document_id": document_id, "start": old.start + moved, "end": old.end + moved}
    copy = type(old)(**values, key=person_key(document.name, values["start"], values["end"], "carried"))
    session.add(copy)
    return copy


def _move_observations(session: Session, old: Row, target: Row) -> None:
    """Values filed for the old target itself now belong to the target that continues it, which keeps the old
    one's series and reporting rule when a person chose them (ledger/series.py)."""
    if not isinstance(old, TargetRow):
        return
    if old.series_key is not None and old.series_key != f"target:{old.id}":
        target.series_key = old.series_key
    if old.reporting is not None:
        target.reporting = old.reporting
    session.flush()  # the copy of a record has its id
    for row in session.scalars(select(ObservationRow).where(ObservationRow.target_id == old.id)):
        row.target_id = target.id
        if row.withdrawn_at is None:
            row.scope_key = f"target:{target.id}"
        else:
            row.withdrawn_key = f"target:{target.id}"
    for row in session.scalars(select(TargetRow).where(TargetRow.series_key == f"target:{old.id}")):
        row.series_key = f"target:{target.id}"  # targets that shared the old one's own series follow its values
    if old.series_key == f"target:{old.id}":
        target.series_key = f"target:{target.id}"
