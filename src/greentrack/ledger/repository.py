"""The only SQL of greentrack: every read and write of the ledger, on a session the caller opened.

Callers open one transaction with `Ledger.session(actor)` and pass the session in; nothing here
commits, so a caller's block is all-or-nothing (an ingest per document, an import per sheet).
Functions return plain records (`ledger.records`), never ORM rows.

For the intake of monitoring data (`ledger/intake.py`): `intake_targets` lists what a department
answers for, `existing_observations` what is already recorded, and `apply_import` writes a checked
`ImportPlan` (inserts, and with `replaces` updates), each change audited with before and after.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Integer,
    case,
    cast,
    extract,
    false,
    func,
    insert,
    inspect,
    literal,
    literal_column,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from greentrack.errors import DuplicateObservation, UnknownDocument, UnknownTarget
from greentrack.ledger.audit import AUDITED, _plain
from greentrack.ledger.periods import period_end
from greentrack.ledger.records import (
    AuditRecord,
    DepartmentRecord,
    DocumentRecord,
    NewObservation,
    ObservationRecord,
    SectionRecord,
    TargetRecord,
    TaskRecord,
    UserRecord,
    observation_key,
)
from greentrack.ledger.schema import (
    AuditRow,
    Base,
    DepartmentRow,
    DocumentRow,
    JurisdictionRow,
    ObservationRow,
    ResponsibilityRow,
    SectionRow,
    TargetRow,
    TaskRow,
    UserRow,
)
from greentrack.models import Target, Task
from greentrack.pipeline.records import PlanToStore
from greentrack.resolve import get_jurisdiction, resolve_department, resolve_jurisdiction
from greentrack.resolve.models import DepartmentMatch, Jurisdiction, ResolvedTarget

TABLES: tuple[type[Base], ...] = (JurisdictionRow, DocumentRow, SectionRow, TargetRow, TaskRow, DepartmentRow,
                                  ResponsibilityRow, ObservationRow, UserRow, AuditRow)


# ---------------------------------------------------------------- jurisdictions


def ensure_jurisdiction(session: Session, code: str | None, stored: dict[str, bool] | None = None) -> str | None:
    """Store the division with this GB/T 2260 code and its parents (outermost first); returns the code.

    `stored` (a batch's look-ups, done once: code → whether the row exists) is used and kept up to date;
    with it, missing rows are written with a Core INSERT instead of through the session.
    """
    if not code:
        return None
    place = get_jurisdiction(code)
    if place is None:
        return None
    for item in _lineage_of(place):
        if item is None:
            continue
        if stored is None:
            if session.get(JurisdictionRow, item.code) is None:
                session.add(JurisdictionRow(code=item.code, name=item.name, level=item.level,
                                            parent_code=item.parent_code))
                session.flush()
            continue
        if item.code not in stored:
            stored[item.code] = session.connection().execute(
                select(JurisdictionRow.code).where(JurisdictionRow.code == item.code)).first() is not None
        if not stored[item.code]:
            session.connection().execute(insert(JurisdictionRow.__table__), {  # parameters: one cached statement
                "code": item.code, "name": item.name, "level": item.level, "parent_code": item.parent_code})
            stored[item.code] = True
    return place.code


def _lineage_of(place: Jurisdiction) -> list[Jurisdiction | None]:
    """The division's parents, outermost first, then the division itself."""
    return [*(get_jurisdiction(c) for c, _ in reversed(place.chain)), place]


def _stored_jurisdictions(session: Session, codes: Iterable[str | None]) -> dict[str, bool]:
    """Whether each of these divisions and their parents is stored already (one query per 500 codes)."""
    wanted = sorted({item.code for code in codes if code and (place := get_jurisdiction(code)) is not None
                     for item in _lineage_of(place) if item is not None})
    stored = dict.fromkeys(wanted, False)
    for start in range(0, len(wanted), 500):
        for found in session.connection().execute(select(JurisdictionRow.code).where(
                JurisdictionRow.code.in_(wanted[start:start + 500]))).scalars():
            stored[found] = True
    return stored


def jurisdiction_codes_under(session: Session, code: str) -> set[str]:
    """The code and every stored division below it (a province sees its cities and counties)."""
    children: dict[str | None, list[str]] = {}
    for child, parent in session.execute(select(JurisdictionRow.code, JurisdictionRow.parent_code)):
        children.setdefault(parent, []).append(child)
    found, todo = set(), [code]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(children.get(current, ()))
    return found


def find_jurisdiction_code(session: Session, query: str) -> str | None:
    """A stored division by code or name (金乡县, 金乡); None when the ledger holds no such place."""
    text = query.strip()
    if session.get(JurisdictionRow, text) is not None:
        return text
    row = session.scalars(select(JurisdictionRow).where(JurisdictionRow.name == text)).first()
    if row is not None:
        return row.code
    place = resolve_jurisdiction(text)
    return place.code if place and session.get(JurisdictionRow, place.code) is not None else None


# ---------------------------------------------------------------- documents


def series_key(title: str | None, name: str, jurisdiction_code: str | None) -> str:
    """What makes two documents versions of one plan: the same title (else file name) in the same place."""
    return f"{jurisdiction_code or '-'}|{(title or name).strip()}"


def document_by_hash(session: Session, content_hash: str) -> DocumentRecord | None:
    """The stored document with exactly this content, if any."""
    row = session.scalars(select(DocumentRow).where(DocumentRow.content_hash == content_hash)).first()
    return _document_record(session, row) if row else None


def documents_by_hashes(session: Session, hashes: Sequence[str]) -> dict[str, DocumentRecord]:
    """The stored documents whose content is any of these hashes, by hash (a batch checked before parsing)."""
    found: dict[str, DocumentRecord] = {}
    for start in range(0, len(hashes), 500):  # stay below the dialects' bound-parameter limits
        chunk = hashes[start:start + 500]
        for row in session.scalars(select(DocumentRow).where(DocumentRow.content_hash.in_(chunk))):
            found[row.content_hash] = _document_record(session, row)
    return found


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
    departments = _DepartmentCache(session, code)
    for row, (target, resolved) in zip(target_rows, plan.targets, strict=True):
        _add_responsibilities(session, departments, target.departments, target.lead_departments,
                              resolved.departments, target_id=row.id)
    for task_row, task, matches in zip(task_rows, plan.tasks, plan.task_departments, strict=True):
        _add_responsibilities(session, departments, task.departments, task.lead_departments, matches,
                              task_id=task_row.id)
    session.flush()
    return _document_record(session, document)


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
            "start": task.start, "end": task.end}


def _target_values(document_id: int, code: str | None, target: Target, resolved: ResolvedTarget) -> dict[str, Any]:
    resolution, quantity, problem = resolved.resolution, resolved.quantity, resolved.unit_problem
    return {
        "document_id": document_id, "key": target.id, "jurisdiction_code": code, "indicator": target.indicator,
        "comparator": target.comparator, "value": target.value, "unit": target.unit, "year": target.year,
        "deadline": target.deadline, "kind": target.kind, "reference_year": target.reference_year,
        "baseline_value": target.baseline_value, "baseline_year": target.baseline_year, "scope": target.scope,
        "aspirational": target.aspirational, "binding": target.binding, "departments": list(target.departments),
        "lead_departments": list(target.lead_departments), "section": list(target.section), "quote": target.quote,
        "start": target.start, "end": target.end, "indicator_id": resolution.indicator_id,
        "resolution_score": resolution.score, "resolution_how": resolution.how,
        "canonical_value": quantity.value if quantity else None, "canonical_unit": quantity.unit if quantity else None,
        "unit_problem": problem.reason if problem else None}


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
    present = _stored_jurisdictions(session, (_jurisdiction_code(plan) for plan in plans))
    newest = _newest_of_series(session, plans)
    document_ids = _next_ids(session, DocumentRow, len(plans))
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
    target_ids = _insert_returning_ids(session, TargetRow, targets)
    task_ids = _insert_returning_ids(session, TaskRow, tasks)
    _write_audit(session, targets, target_ids)
    _add_batch_responsibilities(session, documents, iter(target_ids), iter(task_ids), present)
    places = {code: row.name for code, row in _jurisdiction_rows(session, {v["jurisdiction_code"]
                                                                             for _, _, v in documents})}
    return [DocumentRecord(document_id, plan.name, values["title"], values["doc_number"], values["issuer"],
                           values["issue_date"], values["jurisdiction_code"], places.get(values["jurisdiction_code"]),
                           values["version"], values["previous_id"], plan.content_hash, len(plan.targets),
                           len(plan.tasks)) for plan, document_id, values in documents]


def _next_ids(session: Session, table: type[Base], count: int) -> list[int] | None:
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


def _insert_returning_ids(session: Session, table: type[Base], rows: list[dict[str, Any]]) -> list[int]:
    if not rows:
        return []
    ids = _next_ids(session, table, len(rows))
    if ids is not None:
        session.connection().execute(insert(table.__table__),  # type: ignore[attr-defined]
                                     [{**row, "id": row_id} for row, row_id in zip(rows, ids, strict=True)])
        return ids
    columns = table.__table__.c  # type: ignore[attr-defined]
    statement = insert(table.__table__).returning(columns.id, sort_by_parameter_order=True)
    return list(session.connection().execute(statement, rows).scalars())


def _write_audit(session: Session, targets: list[dict[str, Any]], ids: list[int]) -> None:
    """The audit rows the flush hook writes for new targets (`audit.snapshot` of each), for rows it never sees."""
    columns = [attr.key for attr in inspect(TargetRow).column_attrs]
    actor = str(session.info.get("actor", "system"))
    at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    entries = [{"at": at, "actor": actor, "entity": AUDITED[TargetRow], "entity_id": str(target_id),
                "action": "create", "before": None, "after": _snapshot_of(values, target_id, columns)}
               for values, target_id in zip(targets, ids, strict=True)]
    if entries:
        session.connection().execute(insert(AuditRow.__table__), entries)


def _snapshot_of(values: dict[str, Any], target_id: int, columns: list[str]) -> dict[str, Any]:
    row = {**values, "id": target_id}
    return {key: _plain(row[key]) for key in columns}


def _add_batch_responsibilities(session: Session, documents: list[tuple[PlanToStore, int, dict[str, Any]]],
                                target_ids: Iterator[int], task_ids: Iterator[int],
                                present: dict[str, bool] | None = None) -> None:
    """The responsibilities of every target and task of the batch, each department found or created once.

    A first pass numbers the distinct departments in the order `add_plan` would meet them; one query
    finds those already stored and one INSERT creates the others, so the ids come out as `add_plan`'s.
    """
    keys: dict[tuple[str, str | None], tuple[int, str | None]] = {}  # (name, code) → (number, registry id)
    rows: list[dict[str, Any]] = []
    for plan, _, values in documents:
        departments = _DepartmentCache(session, values["jurisdiction_code"], present)

        def number(written: str, match: DepartmentMatch | None, cache: _DepartmentCache = departments) -> int:
            name, code, registry_id = cache.key(written, match)
            return keys.setdefault((name, code), (len(keys), registry_id))[0]

        for target, resolved in plan.targets:
            rows.extend(_responsibility_values(number, target.departments, target.lead_departments,
                                               resolved.departments, target_id=next(target_ids)))
        for task, matches in zip(plan.tasks, plan.task_departments, strict=True):
            rows.extend(_responsibility_values(number, task.departments, task.lead_departments, matches,
                                               task_id=next(task_ids)))
    ids = _department_ids(session, keys)
    for row in rows:
        row["department_id"] = ids[row["department_id"]]
    if rows:
        session.connection().execute(insert(ResponsibilityRow.__table__), rows)


def _department_ids(session: Session, keys: dict[tuple[str, str | None], tuple[int, str | None]]) -> list[int]:
    """The id of each numbered department: the stored one, or a new row (created in number order)."""
    found: dict[tuple[str, str | None], int] = {}
    names = sorted({name for name, _ in keys})
    for start in range(0, len(names), 500):
        query = select(DepartmentRow.id, DepartmentRow.name, DepartmentRow.jurisdiction_code).where(
            DepartmentRow.name.in_(names[start:start + 500])).order_by(DepartmentRow.id)
        for department_id, name, code in session.execute(query):
            found.setdefault((name, code), department_id)  # the first, as `.first()` would pick
    missing = [{"name": name, "registry_id": registry_id, "jurisdiction_code": code}
               for (name, code), (_, registry_id) in keys.items() if (name, code) not in found]
    for values, department_id in zip(missing, _insert_returning_ids(session, DepartmentRow, missing), strict=True):
        found[(values["name"], values["jurisdiction_code"])] = department_id
    ids = [0] * len(keys)
    for key, (index, _) in keys.items():
        ids[index] = found[key]
    return ids


def _jurisdiction_rows(session: Session, codes: set[str | None]) -> list[tuple[str, JurisdictionRow]]:
    wanted = sorted(c for c in codes if c)
    if not wanted:
        return []
    return [(row.code, row) for row in session.scalars(select(JurisdictionRow).where(JurisdictionRow.code.in_(wanted)))]


class _DepartmentCache:
    """Get-or-create of department rows within one transaction (a plan names the same ones many times)."""

    def __init__(self, session: Session, document_code: str | None, present: dict[str, bool] | None = None) -> None:
        self.session = session
        self.document_code = document_code
        self.present = present  # the batch's stored divisions, when a batch is written
        self.rows: dict[tuple[str, str | None], int] = {}
        self.places: dict[str, str | None] = {}

    def key(self, written: str, match: DepartmentMatch | None) -> tuple[str, str | None, str | None]:
        """(name, jurisdiction code, registry id) of the department that a name as written stands for."""
        if match is None:
            return written, self.document_code, None
        code = self._place_code(match.branch_in or match.place) or self.document_code
        return match.canonical_name, code, match.department.id

    def department_id(self, written: str, match: DepartmentMatch | None) -> int:
        name, code, registry_id = self.key(written, match)
        if (name, code) not in self.rows:
            row = self.session.scalars(select(DepartmentRow).where(
                DepartmentRow.name == name,
                DepartmentRow.jurisdiction_code.is_(None) if code is None else DepartmentRow.jurisdiction_code == code,
            )).first()
            if row is None:
                row = DepartmentRow(name=name, registry_id=registry_id, jurisdiction_code=code)
                self.session.add(row)
                self.session.flush()
            self.rows[(name, code)] = row.id
        return self.rows[(name, code)]

    def _place_code(self, place: str | None) -> str | None:
        if not place:
            return None
        if place not in self.places:
            context = " ".join(self._lineage())
            found = resolve_jurisdiction(place, context or None)
            self.places[place] = ensure_jurisdiction(self.session, found.code, self.present) if found else None
        return self.places[place]

    def _lineage(self) -> list[str]:
        if not self.document_code:
            return []
        place = get_jurisdiction(self.document_code)
        return [self.document_code, *(c for c, _ in place.chain)] if place else [self.document_code]


def _add_responsibilities(session: Session, departments: _DepartmentCache, written: Sequence[str],
                          leads: Sequence[str], matches: Sequence[DepartmentMatch | None],
                          target_id: int | None = None, task_id: int | None = None) -> None:
    for values in _responsibility_values(departments.department_id, written, leads, matches, target_id, task_id):
        session.add(ResponsibilityRow(**values))


def _responsibility_values(department_id_of: Callable[[str, DepartmentMatch | None], int], written: Sequence[str],
                           leads: Sequence[str], matches: Sequence[DepartmentMatch | None],
                           target_id: int | None = None, task_id: int | None = None) -> list[dict[str, Any]]:
    seen: set[int] = set()
    rows = []
    for name, match in zip(written, matches, strict=True):
        department_id = department_id_of(name, match)
        if department_id in seen:
            continue  # 县住建局 and 县住房和城乡建设局 in one note are one department
        seen.add(department_id)
        rows.append({"department_id": department_id, "target_id": target_id, "task_id": task_id, "written": name,
                     "lead": name in leads})
    return rows


def list_documents(session: Session) -> list[DocumentRecord]:
    """Every stored document version, in the order they were stored."""
    return [_document_record(session, row) for row in session.scalars(select(DocumentRow).order_by(DocumentRow.id))]


def _document_record(session: Session, row: DocumentRow) -> DocumentRecord:
    place = session.get(JurisdictionRow, row.jurisdiction_code) if row.jurisdiction_code else None
    targets = session.scalar(select(func.count()).select_from(TargetRow).where(TargetRow.document_id == row.id))
    tasks = session.scalar(select(func.count()).select_from(TaskRow).where(TaskRow.document_id == row.id))
    return DocumentRecord(row.id, row.name, row.title, row.doc_number, row.issuer, row.issue_date,
                          row.jurisdiction_code, place.name if place else None, row.version, row.previous_id,
                          row.content_hash, targets or 0, tasks or 0)


def document_text(session: Session, document_id: int) -> str:
    """The normalised text of a stored document (every target's span points into it)."""
    row = session.get(DocumentRow, document_id)
    if row is None:
        raise KeyError(document_id)
    return row.text


def get_document(session: Session, document_id: int) -> DocumentRecord:
    """One stored document version by id; UnknownDocument when there is none."""
    row = session.get(DocumentRow, document_id)
    if row is None:
        raise UnknownDocument(f"no document {document_id} in the ledger — see the list of plans")
    return _document_record(session, row)


def newest_version_id(session: Session, document_id: int) -> int:
    """The id of the newest version in the same series as this document (itself when it is the newest)."""
    series = select(DocumentRow.series).where(DocumentRow.id == document_id).scalar_subquery()
    row = session.scalars(select(DocumentRow).where(DocumentRow.series == series)
                          .order_by(DocumentRow.version.desc())).first()
    return row.id if row is not None else document_id


def document_sections(session: Session, document_id: int) -> list[SectionRecord]:
    """The outline of a stored document, in reading order."""
    rows = session.scalars(select(SectionRow).where(SectionRow.document_id == document_id)
                           .order_by(SectionRow.position))
    return [SectionRecord(r.position, r.parent_position, r.level, r.number, r.title, tuple(r.path), r.start, r.end)
            for r in rows]


def document_targets(session: Session, document_id: int) -> list[TargetRecord]:
    """Every target of one document version, in reading order."""
    rows = session.scalars(select(TargetRow).where(TargetRow.document_id == document_id)
                           .order_by(TargetRow.start, TargetRow.id)).all()
    return _target_records(session, rows)


# ---------------------------------------------------------------- targets


def current_targets(session: Session, jurisdiction: str | None = None,
                    department: str | None = None) -> list[TargetRecord]:
    """Targets of the latest version of every plan, optionally under a jurisdiction or for a department.

    `jurisdiction` is a code or a name and includes the divisions below it; `department` is a canonical
    name, a name as written, or an abbreviation (住建局), matched as `find_departments` does.
    """
    latest = (select(DocumentRow.series, func.max(DocumentRow.version).label("version"))
              .group_by(DocumentRow.series).subquery())
    query = (select(TargetRow).join(DocumentRow, DocumentRow.id == TargetRow.document_id)
             .join(latest, (latest.c.series == DocumentRow.series) & (latest.c.version == DocumentRow.version)))
    if jurisdiction:
        code = find_jurisdiction_code(session, jurisdiction)
        if code is None:
            return []
        query = query.where(TargetRow.jurisdiction_code.in_(jurisdiction_codes_under(session, code)))
    if department:
        ids = [d.id for d in find_departments(session, department)]
        query = query.where(TargetRow.id.in_(select(ResponsibilityRow.target_id)
                                             .where(ResponsibilityRow.department_id.in_(ids))))
    rows = session.scalars(query.order_by(TargetRow.document_id, TargetRow.start, TargetRow.id)).all()
    return _target_records(session, rows)


def targets_by_ids(session: Session, ids: Sequence[int]) -> list[TargetRecord]:
    """Stored targets by ledger id, in the order given (one page of a list); ids not stored are left out."""
    # plain rows (the same attribute names as TargetRow): read only, and a list shows up to 1,000 of them
    found = session.execute(select(*TargetRow.__table__.columns).where(TargetRow.id.in_(list(ids))))
    rows = {row.id: row for row in found}
    return _target_records(session, [rows[i] for i in ids if i in rows])


def jurisdiction_names(session: Session) -> dict[str, str]:
    """The name of every stored division, by code."""
    return {code: name for code, name in session.execute(select(JurisdictionRow.code, JurisdictionRow.name))}


def jurisdiction_parents(session: Session) -> dict[str, str | None]:
    """The parent code of every stored division, by code."""
    return {code: parent for code, parent in session.execute(select(JurisdictionRow.code,
                                                                    JurisdictionRow.parent_code))}


def target_ids_of_departments(session: Session, department_ids: Sequence[int]) -> set[int]:
    """The targets any of these departments answers for (lead or supporting)."""
    found: set[int] = set()
    for start in range(0, len(department_ids), 500):
        found.update(session.scalars(select(ResponsibilityRow.target_id).where(
            ResponsibilityRow.department_id.in_(list(department_ids[start:start + 500])),
            ResponsibilityRow.target_id.is_not(None))))
    return found


def get_target(session: Session, target_id: int) -> TargetRecord:
    """One stored target by its ledger id; UnknownTarget when there is none."""
    row = session.get(TargetRow, target_id)
    if row is None:
        raise UnknownTarget(f"no target {target_id} in the ledger — run `greentrack status` to list the targets")
    return _target_records(session, [row])[0]


def targets_by_key(session: Session, key: str) -> list[TargetRecord]:
    """Stored targets with this extraction id (doc:start-end:hash), newest document version first."""
    rows = session.scalars(select(TargetRow).join(DocumentRow, DocumentRow.id == TargetRow.document_id)
                           .where(TargetRow.key == key).order_by(DocumentRow.version.desc(), TargetRow.id)).all()
    return _target_records(session, rows)


def _target_records(session: Session, rows: Sequence[Any]) -> list[TargetRecord]:  # TargetRow or its plain rows
    if not rows:
        return []
    ids = [r.id for r in rows]
    documents = {d.id: d for d in session.execute(select(  # not the texts: a page names up to 1,000 plans
        DocumentRow.id, DocumentRow.name, DocumentRow.title, DocumentRow.version, DocumentRow.issue_date).where(
        DocumentRow.id.in_({r.document_id for r in rows})))}
    codes = {r.jurisdiction_code for r in rows if r.jurisdiction_code}
    places = (jurisdiction_names(session) if len(codes) > 500 else  # a page needs its few places only
              {j.code: j.name for j in session.scalars(select(JurisdictionRow).where(JurisdictionRow.code.in_(codes)))})
    names: dict[int, list[str]] = {}
    leads: dict[int, list[str]] = {}
    for start in range(0, len(ids), 500):  # stay below the dialects' bound-parameter limits
        responsible = session.execute(
            select(ResponsibilityRow.target_id, ResponsibilityRow.lead, DepartmentRow.name)
            .join(DepartmentRow, DepartmentRow.id == ResponsibilityRow.department_id)
            .where(ResponsibilityRow.target_id.in_(ids[start:start + 500])).order_by(ResponsibilityRow.id))
        for target_id, lead, name in responsible:
            names.setdefault(target_id, []).append(name)
            if lead:
                leads.setdefault(target_id, []).append(name)
    return [TargetRecord(
        id=r.id, document_id=r.document_id, document_title=documents[r.document_id].title,
        document_version=documents[r.document_id].version,
        document_issue_date=documents[r.document_id].issue_date, jurisdiction_code=r.jurisdiction_code,
        jurisdiction_name=places.get(r.jurisdiction_code or ""), target=_target(r, documents[r.document_id].name),
        indicator_id=r.indicator_id, resolution_score=r.resolution_score, canonical_value=r.canonical_value,
        canonical_unit=r.canonical_unit, unit_problem=r.unit_problem, departments=tuple(names.get(r.id, ())),
        lead_departments=tuple(leads.get(r.id, ()))) for r in rows]


def _target(row: Any, doc: str) -> Target:  # a TargetRow or a plain row of its columns
    return Target(id=row.key, doc=doc, indicator=row.indicator, comparator=row.comparator, value=row.value,
                  unit=row.unit, year=row.year, deadline=row.deadline, kind=row.kind,
                  reference_year=row.reference_year, baseline_value=row.baseline_value,
                  baseline_year=row.baseline_year, scope=row.scope, aspirational=row.aspirational,
                  binding=row.binding, departments=tuple(row.departments),
                  lead_departments=tuple(row.lead_departments), section=tuple(row.section), quote=row.quote,
                  start=row.start, end=row.end)


def update_target(session: Session, target_id: int, **changes: object) -> TargetRecord:
    """Correct fields of a stored target (value, year, indicator_id …); the change is audited."""
    row = session.get(TargetRow, target_id)
    if row is None:
        raise UnknownTarget(f"no target {target_id} in the ledger")
    for name, value in changes.items():
        if name not in TargetRow.__table__.columns or name in ("id", "document_id"):
            raise ValueError(f"targets have no editable field {name!r}")
        setattr(row, name, value)
    session.flush()
    return get_target(session, target_id)


# ---------------------------------------------------------------- current versions (the analyses read these)


def _newest_documents(session: Session, jurisdiction: str | None) -> list[DocumentRow] | None:
    """The newest version of every plan, under a jurisdiction when one is named (None: no such place)."""
    latest = (select(DocumentRow.series, func.max(DocumentRow.version).label("version"))
              .group_by(DocumentRow.series).subquery())
    query = select(DocumentRow).join(
        latest, (latest.c.series == DocumentRow.series) & (latest.c.version == DocumentRow.version))
    if jurisdiction:
        code = find_jurisdiction_code(session, jurisdiction)
        if code is None:
            return None
        query = query.where(DocumentRow.jurisdiction_code.in_(jurisdiction_codes_under(session, code)))
    return list(session.scalars(query.order_by(DocumentRow.id)))


def current_documents(session: Session, jurisdiction: str | None = None) -> list[DocumentRecord]:
    """The newest version of every plan (under a jurisdiction and the places below it, when named)."""
    return [_document_record(session, row) for row in _newest_documents(session, jurisdiction) or []]


def current_tasks(session: Session, jurisdiction: str | None = None) -> list[TaskRecord]:
    """Dated tasks of the newest version of every plan, in reading order, with canonical departments."""
    documents = {row.id: row for row in _newest_documents(session, jurisdiction) or []}
    if not documents:
        return []
    rows = session.scalars(select(TaskRow).where(TaskRow.document_id.in_(documents))
                           .order_by(TaskRow.document_id, TaskRow.start, TaskRow.id)).all()
    places = {j.code: j.name for j in session.scalars(select(JurisdictionRow))}
    names: dict[int, list[str]] = {}
    leads: dict[int, list[str]] = {}
    responsible = session.execute(select(ResponsibilityRow.task_id, ResponsibilityRow.lead, DepartmentRow.name)
                                  .join(DepartmentRow, DepartmentRow.id == ResponsibilityRow.department_id)
                                  .where(ResponsibilityRow.task_id.in_([r.id for r in rows]))
                                  .order_by(ResponsibilityRow.id))
    for task_id, lead, name in responsible:
        names.setdefault(task_id, []).append(name)
        if lead:
            leads.setdefault(task_id, []).append(name)
    records = []
    for r in rows:
        document = documents[r.document_id]
        task = Task(id=r.key, doc=document.name, text=r.text, year=r.year, deadline=r.deadline,
                    departments=tuple(r.departments), lead_departments=tuple(r.lead_departments),
                    section=tuple(r.section), quote=r.quote, start=r.start, end=r.end)
        records.append(TaskRecord(r.id, r.document_id, document.title, document.issue_date,
                                  document.jurisdiction_code, places.get(document.jurisdiction_code or ""), task,
                                  tuple(names.get(r.id, ())), tuple(leads.get(r.id, ()))))
    return records


# ---------------------------------------------------------------- departments and users


def list_departments(session: Session) -> list[DepartmentRecord]:
    """Every department the ledger knows, by name."""
    rows = session.scalars(select(DepartmentRow).order_by(DepartmentRow.name, DepartmentRow.id))
    return [DepartmentRecord(r.id, r.name, r.registry_id, r.jurisdiction_code) for r in rows]


def department_responsibilities(session: Session) -> dict[int, dict[int, bool]]:
    """For each department id, the targets it answers for (any version) and whether it leads each (牵头)."""
    found: dict[int, dict[int, bool]] = {}
    rows = session.execute(select(ResponsibilityRow.department_id, ResponsibilityRow.target_id, ResponsibilityRow.lead)
                           .where(ResponsibilityRow.target_id.is_not(None)))
    for department_id, target_id, lead in rows:
        mine = found.setdefault(department_id, {})
        mine[target_id] = mine.get(target_id, False) or bool(lead)
    return found


def find_departments(session: Session, query: str) -> list[DepartmentRecord]:
    """Departments a person means by `query`: the canonical name, a name as written, or its abbreviation.

    县住建局 or 住建局 finds each jurisdiction's 住房和城乡建设局 (the registry's abbreviations are
    read in each department's own jurisdiction); 金乡县住建局 finds only 金乡县's.
    """
    text = query.strip()
    written = set(session.scalars(select(ResponsibilityRow.department_id).where(ResponsibilityRow.written == text)))
    found = []
    meant: dict[str | None, str | None] = {}  # what the text names in each place, read once per place
    for record in list_departments(session):
        if record.name == text or record.id in written:
            found.append(record)
            continue
        if record.jurisdiction_code not in meant:
            match = resolve_department(text, record.jurisdiction_code)
            meant[record.jurisdiction_code] = match.canonical_name if match is not None else None
        if meant[record.jurisdiction_code] == record.name:
            found.append(record)
    return found


def add_user(session: Session, name: str, role: str, department: str | None = None) -> UserRecord:
    """A new user; `department` is a canonical department name already in the ledger."""
    chosen = find_departments(session, department)[:1] if department else []
    if department and not chosen:
        raise ValueError(f"no department {department!r} in the ledger")
    row = UserRow(name=name, role=role, department_id=chosen[0].id if chosen else None)
    session.add(row)
    session.flush()
    return UserRecord(row.id, name, role, chosen[0].name if chosen else None)


# ---------------------------------------------------------------- observations


def add_observation(session: Session, new: NewObservation) -> ObservationRecord:
    """Record one value; DuplicateObservation when its key and period are already recorded."""
    key = observation_key(new.jurisdiction_code, new.indicator_id, new.target_id)
    existing = session.scalars(select(ObservationRow).where(ObservationRow.scope_key == key,
                                                            ObservationRow.period == new.period)).first()
    if existing is not None:
        raise DuplicateObservation(f"{key} already has a value for {new.period} ({existing.value:g} {existing.unit})"
                                   " — correct it instead of adding another")
    if new.jurisdiction_code:
        ensure_jurisdiction(session, new.jurisdiction_code)
    row = ObservationRow(
        scope_key=key, jurisdiction_code=new.jurisdiction_code, indicator_id=new.indicator_id,
        target_id=None if new.indicator_id else new.target_id, period=new.period,
        period_end=period_end(new.period), value=new.value, unit=new.unit,
        value_written=new.value if new.value_written is None else new.value_written,
        unit_written=new.unit if new.unit_written is None else new.unit_written, source=new.source,
        reporter=new.reporter, note=new.note, illustrative=new.illustrative)
    session.add(row)
    try:
        session.flush()
    except IntegrityError as exc:  # another writer got there between our check and our insert
        raise DuplicateObservation(f"{key} already has a value for {new.period}") from exc
    return _observation_record(row)


def update_observation(session: Session, observation_id: int, **changes: object) -> ObservationRecord:
    """Correct a recorded value (value, unit, source, note …); the change is audited with before and after."""
    row = session.get(ObservationRow, observation_id)
    if row is None:
        raise KeyError(observation_id)
    for name, value in changes.items():
        if name not in ("value", "unit", "value_written", "unit_written", "source", "reporter", "note"):
            raise ValueError(f"observations have no editable field {name!r}")
        setattr(row, name, value)
    session.flush()
    return _observation_record(row)


def list_observations(session: Session) -> list[ObservationRecord]:
    """Every recorded value, by key and period."""
    rows = session.scalars(select(ObservationRow).order_by(ObservationRow.scope_key, ObservationRow.period_end))
    return [_observation_record(r) for r in rows]


def observations_for(session: Session, targets: Iterable[TargetRecord]) -> dict[int, list[ObservationRecord]]:
    """Each target's observations, oldest first: its indicator's in its jurisdiction, and its own.

    A target's own observations (filed while its indicator was unresolved) stay its own after a person
    resolves it; for a period both have, its own value wins.
    """
    wanted = {t.id: t.observation_key for t in targets}
    own = {t_id: observation_key(None, None, t_id) for t_id in wanted}
    by_key: dict[str, list[ObservationRecord]] = {}
    keys = sorted(set(wanted.values()) | set(own.values()))
    for start in range(0, len(keys), 500):  # stay below the dialects' bound-parameter limits
        # plain rows, not ORM objects: only read, and a page of a list reads hundreds of them
        rows = session.execute(select(*ObservationRow.__table__.columns)
                               .where(ObservationRow.scope_key.in_(keys[start:start + 500]))
                               .order_by(ObservationRow.period_end, ObservationRow.id))
        for row in rows:
            by_key.setdefault(row.scope_key, []).append(_observation_record(row))
    found: dict[int, list[ObservationRecord]] = {}
    for target_id, key in wanted.items():
        mine = by_key.get(own[target_id], []) if key != own[target_id] else []
        periods = {o.period for o in mine}
        merged = [o for o in by_key.get(key, []) if o.period not in periods] + mine
        found[target_id] = sorted(merged, key=lambda o: (o.period_end, o.id))
    return found


def _observation_record(row: ObservationRow) -> ObservationRecord:
    return ObservationRecord(row.id, row.jurisdiction_code, row.indicator_id, row.target_id, row.period,
                             row.period_end, row.value, row.unit, row.value_written, row.unit_written, row.source,
                             row.reporter, row.note, row.illustrative)


# ---------------------------------------------------------------- audit and housekeeping


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


# ---------------------------------------------------------------- bulk reads for tracking (greentrack.scale.status)
# Set-based: one query for every current target and one per kind of observation key, read as the driver's
# own tuples (no ORM objects, no Row wrappers, no bound-parameter lists), so that 300,000 targets and
# 3 million observations cost what the database and the driver cost.


def _current_targets_query() -> Any:
    latest = (select(DocumentRow.series, func.max(DocumentRow.version).label("version"))
              .group_by(DocumentRow.series).subquery())
    return (select(TargetRow.id).join(DocumentRow, DocumentRow.id == TargetRow.document_id)
            .join(latest, (latest.c.series == DocumentRow.series) & (latest.c.version == DocumentRow.version)))


def _newest_documents_query() -> Any:
    latest = (select(DocumentRow.series, func.max(DocumentRow.version).label("version"))
              .group_by(DocumentRow.series).subquery())
    return select(DocumentRow.id).join(
        latest, (latest.c.series == DocumentRow.series) & (latest.c.version == DocumentRow.version))


def newest_document_ids(session: Session) -> list[int]:
    """The id of the newest version of every document (those whose targets are current)."""
    return [row[0] for row in _driver_rows(session, _newest_documents_query())]


def _in_current_document(documents: Sequence[int] | None = None) -> Any:
    """Whether a target is in the newest version of its document (`documents`, when the caller has them).

    A test per target row, for a range of ids: joined instead, the database would walk every
    document's targets for each slice of ids; `document_id + 0` keeps it from reading targets by that
    index. Finding the newest versions costs ~35 ms on 10,000 documents, so a caller reading many
    slices finds them once and passes them, written out (compiling 10,000 bound literals costs more).
    """
    if documents is None:
        return (TargetRow.document_id + 0).in_(_newest_documents_query())
    return (TargetRow.document_id + 0).op("IN")(literal_column(_listed(tuple(documents))))


@lru_cache(maxsize=4)
def _listed(numbers: tuple[int, ...]) -> str:
    """The numbers as an SQL list, written once for the many queries of one run."""
    return "(" + (", ".join(str(int(number)) for number in numbers) or "NULL") + ")"


def _driver_rows(session: Session, statement: Any) -> Iterator[tuple[Any, ...]]:
    """The rows of a statement (literal values only) as the driver's tuples, from a cursor of its own.

    A plain DBAPI cursor on the session's connection (so in its transaction): SQLAlchemy's result
    objects would wrap every row, and a streamed result keeps rows of its own in a buffer.
    """
    connection = session.connection()
    sql = str(statement.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    cursor = connection.connection.cursor()
    cursor.execute(sql)
    return iter(cursor)  # type: ignore[arg-type]


TRACKING_FIELDS = ("id", "kind", "comparator", "value", "unit", "year", "deadline", "baseline_value",
                   "baseline_year", "reference_year", "indicator_id", "canonical_value", "canonical_unit",
                   "indicator", "jurisdiction_code", "issue_date")


def tracking_ids(session: Session) -> list[int]:
    """The id of every current target, in ledger order (document, position, id)."""
    query = _current_targets_query().order_by(TargetRow.document_id, TargetRow.start, TargetRow.id)
    return [row[0] for row in _driver_rows(session, query)]


def tracking_rows(session: Session, first: int | None = None, last: int | None = None,
                  documents: Sequence[int] | None = None) -> list[tuple[Any, ...]]:
    """TRACKING_FIELDS of every current target (with `first` ≤ id ≤ `last` when given), one tuple each.

    `documents`: the newest documents' ids (`newest_document_ids`), when the caller has them.
    """
    columns = [getattr(TargetRow, name) for name in TRACKING_FIELDS[:-1]]
    query = (select(*columns, DocumentRow.issue_date).join(DocumentRow, DocumentRow.id == TargetRow.document_id)
             .where(_in_current_document(documents)))
    return list(_driver_rows(session, _id_range(query, first, last).order_by(TargetRow.id)))


def _id_range(query: Any, first: int | None, last: int | None, column: Any = TargetRow.id) -> Any:
    """`query` kept to target ids from `first` to `last` (either open), read in `column`."""
    if first is not None:
        query = query.where(column >= first)
    if last is not None:
        query = query.where(column <= last)
    return query


def _ordinal(session: Session) -> Any:
    """period_end as a proleptic Gregorian ordinal (`date.toordinal()`), computed by the database."""
    if session.get_bind().dialect.name == "sqlite":
        return cast(func.julianday(ObservationRow.period_end) - 1721424.5, Integer)
    return (ObservationRow.period_end - literal(dt.date(1, 1, 1))) + 1


OBSERVATION_FIELDS = ("target_id", "ordinal", "value", "unit", "illustrative", "id", "period")


def tracking_observations(session: Session, own: bool = False, first: int | None = None,
                          last: int | None = None, kind: str | None = None,
                          documents: Sequence[int] | None = None) -> Iterator[tuple[Any, ...]]:
    """OBSERVATION_FIELDS of the values every current target reads, streamed as driver tuples.

    `own=False`: the values filed under each resolved target's jurisdiction and indicator (the
    period is left out: None); `own=True`: the values filed for one target itself, period included.
    `observations_for` merges the two (a target's own value wins for its period). `first` and `last`
    bound the target ids, so that a national ledger can be read a slice at a time; `kind` keeps the
    targets of that kind only; `documents` as in `tracking_rows`.
    """
    fields = [TargetRow.id, _ordinal(session), ObservationRow.value, ObservationRow.unit,
              ObservationRow.illustrative, ObservationRow.id, ObservationRow.period if own else literal(None)]
    query = _id_range(select(*fields).select_from(TargetRow).where(_in_current_document(documents)), first, last)
    if kind is not None:
        query = query.where(TargetRow.kind == kind)
    if own:
        query = query.join(ObservationRow, ObservationRow.target_id == TargetRow.id)
    else:
        query = query.join(ObservationRow, ObservationRow.scope_key == _indicator_key()).where(
            TargetRow.indicator_id.is_not(None))
    return _driver_rows(session, query)


def _indicator_key() -> Any:
    """The scope_key of the values filed under a target's jurisdiction and indicator."""
    return literal("indicator:") + func.coalesce(TargetRow.jurisdiction_code, "") + ":" + TargetRow.indicator_id


KEY_SCALE = 1 << 32  # an observation's (date, id) as one integer: ordinal · 2³² + id (ids below 2³²)
SUMMARY_FIELDS = ("target_id", "unit", "other_unit", "flags", "first_key", "last_key", "reference_key", "first_value",
                  "last_value", "reference_value")
FLAG_ILLUSTRATIVE, FLAG_NOT_FINITE = 1, 2  # SUMMARY_FIELDS' flags: the largest of its rows'


def tracking_summaries(session: Session, as_of: dt.date, first: int | None = None, last: int | None = None,
                       documents: Sequence[int] | None = None) -> Iterator[tuple[Any, ...]]:
    """SUMMARY_FIELDS per current target with values under its jurisdiction and indicator, grouped in the database.

    What a status on `as_of` reads of a target's values, instead of every row: the last row dated
    on or before `as_of`, the first one for a level target (its baseline when the plan states none)
    and the last one in the reference year (reference_year, else baseline_year) for a change target,
    each as a key `ordinal · KEY_SCALE + id` (−1 when there is none) and its value (0.0 then); the
    smallest and the largest unit of all its rows (equal when they share one);
    FLAG_NOT_FINITE when a value is not a finite number, else FLAG_ILLUSTRATIVE when a row is
    illustrative, else 0. Rows of equal date are ordered by id, as `observations_for` orders them;
    `documents` as in `tracking_rows`.
    Each row costs the database a few aggregate steps: dates compare as dates, the ordinal is
    computed only inside the keys.
    """
    key = _ordinal(session) * literal(KEY_SCALE) + ObservationRow.id
    dated = ObservationRow.period_end <= as_of
    in_reference = _year(session) == func.coalesce(TargetRow.reference_year, TargetRow.baseline_year)
    finite = ObservationRow.value.between(-sys.float_info.max, sys.float_info.max)  # NaN and ±inf fail
    flag = case((finite, cast(ObservationRow.illustrative, Integer) * FLAG_ILLUSTRATIVE), else_=FLAG_NOT_FINITE)
    grouped = _id_range(  # targets read in id order (a test, not a join, for current ones): grouped without a sort

        select(TargetRow.id.label("target_id"), func.min(ObservationRow.unit).label("unit"),
               func.max(ObservationRow.unit).label("other_unit"), func.max(flag).label("flags"),
               func.coalesce(func.min(case(((TargetRow.kind == "level") & dated, key))), -1).label("first_key"),
               func.coalesce(func.max(case((dated, key))), -1).label("last_key"),
               func.coalesce(func.max(case(((TargetRow.kind == "change") & dated & in_reference, key))),
                             -1).label("reference_key"))
        .join(ObservationRow, ObservationRow.scope_key == _indicator_key())
        .where(_in_current_document(documents), TargetRow.indicator_id.is_not(None)), first, last
    ).group_by(TargetRow.id).subquery()
    picked = [aliased(ObservationRow) for _ in range(3)]
    query = select(*grouped.c, *(func.coalesce(row.value, 0.0) for row in picked))
    for row, column in zip(picked, (grouped.c.first_key, grouped.c.last_key, grouped.c.reference_key), strict=True):
        scale = literal(KEY_SCALE)  # key − (key ÷ scale)·scale, not %: psycopg reads % in a query as a parameter
        query = query.outerjoin(row, row.id == column - column // scale * scale)
    return _driver_rows(session, query)


def _year(session: Session) -> Any:
    """The calendar year of period_end (SQLite: its first four characters, cheaper than parsing the date)."""
    if session.get_bind().dialect.name == "sqlite":
        return cast(func.substr(ObservationRow.period_end, 1, 4), Integer)
    return cast(extract("year", ObservationRow.period_end), Integer)


def own_observations_between(session: Session, first: int | None = None, last: int | None = None) -> int:
    """How many values are filed for a target itself (its own, not its indicator's) among these target ids."""
    return session.scalar(_id_range(select(func.count()).select_from(ObservationRow)
                                    .where(ObservationRow.target_id.is_not(None)), first, last,
                                    ObservationRow.target_id)) or 0


def keyed_periods(session: Session, observation_ids: Sequence[int]) -> dict[int, str]:
    """The period of each of these observations (for the few a target's own values may shadow)."""
    found: dict[int, str] = {}
    for start in range(0, len(observation_ids), 500):
        chunk = list(observation_ids[start:start + 500])
        found.update((number, period) for number, period in session.execute(
            select(ObservationRow.id, ObservationRow.period).where(ObservationRow.id.in_(chunk))))
    return found


def ledger_mark(session: Session) -> tuple[int, int, int]:
    """What moves whenever a target, an observation or a document does: the newest audit row, document, observation.

    Every change to a target or an observation through the ledger is audited (the audit log only
    grows) and a new document brings targets; a status computed at one mark holds while the mark does.
    """
    return (session.scalar(select(func.max(AuditRow.id))) or 0, session.scalar(select(func.max(DocumentRow.id))) or 0,
            session.scalar(select(func.max(ObservationRow.id))) or 0)
