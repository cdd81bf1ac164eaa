"""A prepared plan (`PlanToStore`) written as a document version with its sections, targets, tasks and
responsibilities: `add_plan` one at a time, `add_plans` a batch with multi-row INSERTs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import false, insert, inspect, select, update
from sqlalchemy.orm import Session

from greentrack.ledger.audit import AUDITED, _plain
from greentrack.ledger.records import EXTRACTED, DocumentRecord
from greentrack.ledger.repository.departments import DepartmentCache, add_batch_responsibilities, add_responsibilities
from greentrack.ledger.repository.documents import document_record, series_key
from greentrack.ledger.repository.inserts import insert_returning_ids, next_ids
from greentrack.ledger.repository.places import ensure_jurisdiction, jurisdiction_rows, stored_jurisdictions
from greentrack.ledger.repository.review import carry_reviews
from greentrack.ledger.schema import AuditRow, DocumentRow, SectionRow, TargetRow, TaskRow
from greentrack.models import Target, Task
from greentrack.pipeline.records import PlanToStore
from greentrack.resolve import get_jurisdiction
from greentrack.resolve.models import ResolvedTarget


def add_plan(session: Session, plan: PlanToStore) -> DocumentRecord:
    """Store a processed plan as a new document (a new version when its series exists) with everything in it."""
    values = _document_values(session, plan)
    code = values["jurisdiction_code"]
    document = DocumentRow(**values)
    session.add(document)
    session.flush()
    session.add_all(SectionRow(**v) for v in _section_values(document.id, plan))
    target_rows = [TargetRow(**_target_values(document.id, code, target, resolved))
                   for target, resolved in plan.targets]
    task_rows = [TaskRow(**_task_values(document.id, task)) for task in plan.tasks]
    session.add_all([*target_rows, *task_rows])
    session.flush()  # one batched INSERT per table; the ids come back for the responsibilities
    departments = DepartmentCache(session, code)
    for row, (target, resolved) in zip(target_rows, plan.targets, strict=True):
        add_responsibilities(session, departments, target.departments, target.lead_departments,
                              resolved.departments, target_id=row.id)
    for task_row, task, matches in zip(task_rows, plan.tasks, plan.task_departments, strict=True):
        add_responsibilities(session, departments, task.departments, task.lead_departments, matches,
                              task_id=task_row.id)
    session.flush()
    if document.previous_id is not None:  # a new version: the review of the previous one is carried over
        carry_reviews(session, document.id, document.previous_id)
    return document_record(session, document)


def _document_values(session: Session, plan: PlanToStore, present: dict[str, bool] | None = None,
                     newest: dict[str, tuple[int, int]] | None = None) -> dict[str, Any]:
    """The documents row of a plan: its place stored first, its version after the newest of its series.

    `present` and `newest` (series → (id, version)) are a batch's look-ups, done once for all its plans.
    """
    code = ensure_jurisdiction(session, plan.jurisdiction.code if plan.jurisdiction else None, present)
    meta = plan.metadata
    series = series_key(meta.title, plan.name, code)
    if newest is None:
        previous = session.execute(select(DocumentRow.id, DocumentRow.version).where(DocumentRow.series == series)
                                   .order_by(DocumentRow.version.desc()).limit(1)).first()
    else:
        previous = newest.get(series)
    return {"name": plan.name, "path": plan.path, "content_hash": plan.content_hash, "title": meta.title,
            "doc_number": meta.doc_number, "issuer": meta.issuer, "issue_date": meta.issue_date,
            "level": meta.level, "jurisdiction_code": code, "series": series,
            "version": previous[1] + 1 if previous else 1,
            "previous_id": previous[0] if previous else None, "text": plan.text}


def _newest_of_series(session: Session, plans: Sequence[PlanToStore]) -> dict[str, tuple[int, int]]:
    """(id, version) of the newest stored document of each plan's series (one query per 500 series)."""
    keys = sorted({series_key(plan.metadata.title, plan.name, _jurisdiction_code(plan)) for plan in plans})
    newest: dict[str, tuple[int, int]] = {}
    for start in range(0, len(keys), 500):
        query = select(DocumentRow.id, DocumentRow.series, DocumentRow.version).where(
            DocumentRow.series.in_(keys[start:start + 500])).order_by(DocumentRow.version, DocumentRow.id)
        for document_id, series, version in session.execute(query):
            newest[series] = (document_id, version)
    return newest


def _jurisdiction_code(plan: PlanToStore) -> str | None:
    """The code `ensure_jurisdiction` stores the plan under (None for a place not in GB/T 2260)."""
    place = get_jurisdiction(plan.jurisdiction.code) if plan.jurisdiction and plan.jurisdiction.code else None
    return place.code if place else None


def _section_values(document_id: int, plan: PlanToStore) -> list[dict[str, Any]]:
    return [{"document_id": document_id, "position": s.id, "parent_position": s.parent, "level": s.level,
             "number": s.number, "title": s.title, "path": list(s.path), "start": s.start, "end": s.end}
            for s in plan.sections]


def _task_values(document_id: int, task: Task) -> dict[str, Any]:
    return {"document_id": document_id, "key": task.id, "text": task.text, "year": task.year,
            "deadline": task.deadline, "departments": list(task.departments),
            "lead_departments": list(task.lead_departments), "section": list(task.section), "quote": task.quote,
            "start": task.start, "end": task.end, "review_state": EXTRACTED}


def _target_values(document_id: int, code: str | None, target: Target, resolved: ResolvedTarget) -> dict[str, Any]:
    resolution, quantity, problem = resolved.resolution, resolved.quantity, resolved.unit_problem
    return {
        "document_id": document_id, "key": target.id, "jurisdiction_code": code, "indicator": target.indicator,
        "comparator": target.comparator, "value": target.value, "unit": target.unit, "year": target.year,
        "deadline": target.deadline, "kind": target.kind, "reference_year": target.reference_year,
        "baseline_value": target.baseline_value, "baseline_year": target.baseline_year,
        "period_start": target.period_start, "scope": target.scope,
        "aspirational": target.aspirational, "binding": target.binding, "departments": list(target.departments),
        "lead_departments": list(target.lead_departments), "section": list(target.section), "quote": target.quote,
        "start": target.start, "end": target.end, "indicator_id": resolution.indicator_id,
        "resolution_score": resolution.score, "resolution_how": resolution.how,
        "canonical_value": quantity.value if quantity else None, "canonical_unit": quantity.unit if quantity else None,
        "unit_problem": problem.reason if problem else None, "confidence": target.confidence,
        "doubts": list(target.doubts), "review_state": EXTRACTED}


def begin_writing(session: Session) -> None:
    """Open the write transaction at once, so that SAVEPOINTs nest inside it.

    The SQLite driver begins its transaction only at the first INSERT, UPDATE or DELETE; a SAVEPOINT
    issued before that starts a transaction of its own, and releasing it commits (and syncs to disk)
    every time. A no-op UPDATE first makes a batch one transaction on SQLite as on PostgreSQL.
    """
    # Core, not ORM: nothing in the session to synchronise with a statement that changes no row
    session.connection().execute(update(DocumentRow.__table__).where(false()).values(id=DocumentRow.__table__.c.id))


def add_plans(session: Session, plans: Sequence[PlanToStore]) -> list[DocumentRecord]:
    """Store several processed plans with multi-row INSERTs: the rows and audit entries `add_plan` writes.

    All or nothing for the batch (the caller wraps it in a SAVEPOINT): when it fails, the caller rolls it
    back and stores the plans one at a time with `add_plan` to find the one at fault.
    """
    documents: list[tuple[PlanToStore, int, dict[str, Any]]] = []
    sections: list[dict[str, Any]] = []
    targets: list[dict[str, Any]] = []
    tasks: list[dict[str, Any]] = []
    present = stored_jurisdictions(session, (_jurisdiction_code(plan) for plan in plans))
    newest = _newest_of_series(session, plans)
    document_ids = next_ids(session, DocumentRow, len(plans))
    for number, plan in enumerate(plans):
        values = _document_values(session, plan, present, newest)
        if document_ids is None:
            document_id = session.connection().execute(
                insert(DocumentRow.__table__).returning(DocumentRow.__table__.c.id), values).scalar_one()
        else:
            document_id = document_ids[number]
        newest[values["series"]] = (document_id, values["version"])  # a later plan of the batch follows it
        documents.append((plan, document_id, values))
        sections.extend(_section_values(document_id, plan))
        targets.extend(_target_values(document_id, values["jurisdiction_code"], t, r) for t, r in plan.targets)
        tasks.extend(_task_values(document_id, task) for task in plan.tasks)
    if document_ids is not None:
        session.connection().execute(insert(DocumentRow.__table__),
                                     [{**values, "id": document_id} for _, document_id, values in documents])
    if sections:
        session.connection().execute(insert(SectionRow.__table__), sections)
    target_ids = insert_returning_ids(session, TargetRow, targets)
    task_ids = insert_returning_ids(session, TaskRow, tasks)
    _write_audit(session, TargetRow, targets, target_ids)
    _write_audit(session, TaskRow, tasks, task_ids)
    add_batch_responsibilities(session, documents, iter(target_ids), iter(task_ids), present)
    for _, document_id, values in documents:  # in order: a later version of the batch carries an earlier one's
        if values["previous_id"] is not None:
            carry_reviews(session, document_id, values["previous_id"])
    places = {code: row.name for code, row in jurisdiction_rows(session, {v["jurisdiction_code"]
                                                                             for _, _, v in documents})}
    return [DocumentRecord(document_id, plan.name, values["title"], values["doc_number"], values["issuer"],
                           values["issue_date"], values["jurisdiction_code"], places.get(values["jurisdiction_code"]),
                           values["version"], values["previous_id"], plan.content_hash, len(plan.targets),
                           len(plan.tasks)) for plan, document_id, values in documents]


def _write_audit(session: Session, table: type[TargetRow] | type[TaskRow], rows: list[dict[str, Any]],
                 ids: list[int]) -> None:
    """The audit rows the flush hook writes for new targets or tasks (`audit.snapshot` of each), for rows it never
    sees."""
    columns = [attr.key for attr in inspect(table).column_attrs]
    actor = str(session.info.get("actor", "system"))
    at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    entries = [{"at": at, "actor": actor, "entity": AUDITED[table], "entity_id": str(row_id),
                "action": "create", "before": None, "after": _snapshot_of(values, row_id, columns)}
               for values, row_id in zip(rows, ids, strict=True)]
    if entries:
        session.connection().execute(insert(AuditRow.__table__), entries)


def _snapshot_of(values: dict[str, Any], row_id: int, columns: list[str]) -> dict[str, Any]:
    row = {**values, "id": row_id}
    return {key: _plain(row.get(key)) for key in columns}  # the review's other columns are empty until reviewed
