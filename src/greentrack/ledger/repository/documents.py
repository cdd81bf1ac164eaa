"""Documents and their targets and tasks, read from the ledger; the newest version of every plan is
its current one.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from greentrack.errors import UnknownDocument, UnknownTarget
from greentrack.ledger.budget import checkpoint
from greentrack.ledger.records import REJECTED, DocumentRecord, Review, SectionRecord, TargetRecord, TaskRecord
from greentrack.ledger.repository.departments import find_departments
from greentrack.ledger.repository.places import find_jurisdiction_code, jurisdiction_codes_under, jurisdiction_names
from greentrack.ledger.schema import (
    DepartmentRow,
    DocumentRow,
    JurisdictionRow,
    ResponsibilityRow,
    SectionRow,
    TargetRow,
    TaskRow,
)
from greentrack.models import Target, Task


def in_newest_versions(query: Any, series: Any = None) -> Any:
    """`query`, which reads documents, kept to the newest version of every plan (its current one).

    `series`, a select of series keys, bounds the versions compared to those plans (a place's): without it
    every document of the ledger is grouped.
    """
    latest = select(DocumentRow.series, func.max(DocumentRow.version).label("version"))
    if series is not None:
        latest = latest.where(DocumentRow.series.in_(series))
    latest = latest.group_by(DocumentRow.series).subquery()
    return query.join(latest, (latest.c.series == DocumentRow.series) & (latest.c.version == DocumentRow.version))


def series_of_targets_in(codes: Collection[str]) -> Any:
    """A select of the series keys of the plans holding targets of these places (for `in_newest_versions`)."""
    return select(DocumentRow.series).where(DocumentRow.id.in_(
        select(TargetRow.document_id).where(TargetRow.jurisdiction_code.in_(sorted(codes)))))


def series_key(title: str | None, name: str, jurisdiction_code: str | None) -> str:
    """What makes two documents versions of one plan: the same title (else file name) in the same place."""
    return f"{jurisdiction_code or '-'}|{(title or name).strip()}"


def document_by_hash(session: Session, content_hash: str) -> DocumentRecord | None:
    """The stored document with exactly this content, if any."""
    row = session.scalars(select(DocumentRow).where(DocumentRow.content_hash == content_hash)).first()
    return document_record(session, row) if row else None


def documents_by_hashes(session: Session, hashes: Sequence[str]) -> dict[str, DocumentRecord]:
    """The stored documents whose content is any of these hashes, by hash (a batch checked before parsing)."""
    found: dict[str, DocumentRecord] = {}
    for start in range(0, len(hashes), 500):  # stay below the dialects' bound-parameter limits
        chunk = hashes[start:start + 500]
        for row in session.scalars(select(DocumentRow).where(DocumentRow.content_hash.in_(chunk))):
            found[row.content_hash] = document_record(session, row)
    return found


def documents_per_place(session: Session) -> dict[str | None, int]:
    """How many document versions are stored for each place (code; None: no place), counted by the database."""
    query = select(DocumentRow.jurisdiction_code, func.count()).group_by(DocumentRow.jurisdiction_code)
    return {code: int(count) for code, count in session.execute(query)}


def list_documents(session: Session) -> list[DocumentRecord]:
    """Every stored document version, in the order they were stored."""
    return [document_record(session, row) for row in session.scalars(select(DocumentRow).order_by(DocumentRow.id))]


def document_record(session: Session, row: DocumentRow) -> DocumentRecord:
    """A stored document as its record: its place's name and how many targets and tasks it holds."""
    place = session.get(JurisdictionRow, row.jurisdiction_code) if row.jurisdiction_code else None
    targets = session.scalar(select(func.count()).select_from(TargetRow).where(
        TargetRow.document_id == row.id, TargetRow.review_state != REJECTED))
    tasks = session.scalar(select(func.count()).select_from(TaskRow).where(
        TaskRow.document_id == row.id, TaskRow.review_state != REJECTED))
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
    return document_record(session, row)


def document_exists(session: Session, document_id: int) -> bool:
    """Whether a document version of this id is stored."""
    return session.get(DocumentRow, document_id) is not None


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


def document_targets(session: Session, document_id: int, rejected: bool = False) -> list[TargetRecord]:
    """Every target of one document version, in reading order; the rejected ones only when `rejected` (review)."""
    query = select(TargetRow).where(TargetRow.document_id == document_id)
    if not rejected:
        query = query.where(TargetRow.review_state != REJECTED)
    return _target_records(session, session.scalars(query.order_by(TargetRow.start, TargetRow.id)).all())


def current_targets(session: Session, jurisdiction: str | None = None,
                    department: str | None = None, places: Collection[str] | None = None) -> list[TargetRecord]:
    """Targets of the latest version of every plan, optionally under a jurisdiction or for a department.

    `jurisdiction` is a code or a name and includes the divisions below it; `places` (codes, exactly) keeps
    those places only; `department` is a canonical name, a name as written, or an abbreviation (住建局),
    matched as `find_departments` does. Rejected targets are not part of the ledger (a person said so): they
    are left out, here as in `repository.bulk`. With a place, the query reads that place's rows only.
    """
    codes: set[str] | None = set(places) if places is not None else None
    if jurisdiction:
        code = find_jurisdiction_code(session, jurisdiction)
        if code is None:
            return []
        under = jurisdiction_codes_under(session, code)
        codes = under if codes is None else codes & under
    base = select(TargetRow).join(DocumentRow, DocumentRow.id == TargetRow.document_id)
    if codes is not None:
        if not codes:
            return []
        query = in_newest_versions(base, series_of_targets_in(codes))
        query = query.where(TargetRow.jurisdiction_code.in_(sorted(codes)))
    else:
        query = in_newest_versions(base)
    query = query.where(TargetRow.review_state != REJECTED)
    if department:
        ids = [d.id for d in find_departments(session, department)]
        query = query.where(TargetRow.id.in_(select(ResponsibilityRow.target_id)
                                             .where(ResponsibilityRow.department_id.in_(ids))))
    rows = session.scalars(query.order_by(TargetRow.document_id, TargetRow.start, TargetRow.id)).all()
    return _target_records(session, rows)


def current_target_ids(session: Session) -> list[int]:
    """The ids of `current_targets()`, in its order, without reading the targets (a whole ledger's list starts
    at once)."""
    query = in_newest_versions(select(TargetRow.id).join(DocumentRow, DocumentRow.id == TargetRow.document_id))
    query = query.where(TargetRow.review_state != REJECTED)
    return list(session.scalars(query.order_by(TargetRow.document_id, TargetRow.start, TargetRow.id)))


def targets_by_ids(session: Session, ids: Sequence[int]) -> list[TargetRecord]:
    """Stored targets by ledger id, in the order given (one page of a list); ids not stored are left out."""
    # plain rows (the same attribute names as TargetRow): read only, and a list shows up to 1,000 of them
    found = session.execute(select(*TargetRow.__table__.columns).where(TargetRow.id.in_(list(ids))))
    rows = {row.id: row for row in found}
    return _target_records(session, [rows[i] for i in ids if i in rows])


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
        checkpoint()  # a served request that was abandoned stops here
        responsible = session.execute(
            select(ResponsibilityRow.target_id, ResponsibilityRow.lead, DepartmentRow.name)
            .join(DepartmentRow, DepartmentRow.id == ResponsibilityRow.department_id)
            .where(ResponsibilityRow.target_id.in_(ids[start:start + 500])).order_by(ResponsibilityRow.id))
        for target_id, lead, name in responsible:
            names.setdefault(target_id, []).append(name)
            if lead:
                leads.setdefault(target_id, []).append(name)
    named_elsewhere = _units_of_the_indicator(session, [r for r in rows if r.id not in names and r.indicator_id])
    return [TargetRecord(
        id=r.id, document_id=r.document_id, document_title=documents[r.document_id].title,
        document_version=documents[r.document_id].version,
        document_issue_date=documents[r.document_id].issue_date, jurisdiction_code=r.jurisdiction_code,
        jurisdiction_name=places.get(r.jurisdiction_code or ""), target=_target(r, documents[r.document_id].name),
        indicator_id=r.indicator_id, resolution_score=r.resolution_score, canonical_value=r.canonical_value,
        canonical_unit=r.canonical_unit, unit_problem=r.unit_problem, departments=tuple(names.get(r.id, ())),
        lead_departments=tuple(leads.get(r.id, ())), review=review_of(r),
        indicator_units=named_elsewhere.get((r.document_id, r.indicator_id), ()) if r.id not in names else (),
        series_key=r.series_key, reporting=r.reporting) for r in rows]


def _units_of_the_indicator(session: Session, bare: Sequence[Any]) -> dict[tuple[int, str], tuple[str, ...]]:
    """The units a plan names for a catalog indicator on another of its targets (its indicator table's row, often),
    for targets that name none of their own: (document id, indicator id) → units, in the plan's order."""
    wanted = {(r.document_id, r.indicator_id) for r in bare}
    found: dict[tuple[int, str], list[str]] = {}
    documents = sorted({document for document, _ in wanted})
    for start in range(0, len(documents), 500):
        named = session.execute(
            select(TargetRow.document_id, TargetRow.indicator_id, DepartmentRow.name)
            .join(ResponsibilityRow, ResponsibilityRow.target_id == TargetRow.id)
            .join(DepartmentRow, DepartmentRow.id == ResponsibilityRow.department_id)
            .where(TargetRow.document_id.in_(documents[start:start + 500]), TargetRow.review_state != REJECTED,
                   TargetRow.indicator_id.in_({indicator for _, indicator in wanted}))
            .order_by(TargetRow.start, ResponsibilityRow.id))
        for document, indicator, name in named:
            units = found.setdefault((document, indicator), [])
            if (document, indicator) in wanted and name not in units:
                units.append(name)
    return {key: tuple(units) for key, units in found.items() if units}


def review_of(row: Any) -> Review:
    """The review columns of a target or task row (or a plain row of its columns) as a record."""
    return Review(row.review_state, row.review_reason, row.reviewed_by, row.reviewed_at, row.review_previous,
                  row.previous_id)


def _target(row: Any, doc: str) -> Target:  # a TargetRow or a plain row of its columns
    return Target(id=row.key, doc=doc, indicator=row.indicator, comparator=row.comparator, value=row.value,
                  unit=row.unit, year=row.year, deadline=row.deadline, kind=row.kind,
                  reference_year=row.reference_year, baseline_value=row.baseline_value,
                  baseline_year=row.baseline_year, scope=row.scope, aspirational=row.aspirational,
                  binding=row.binding, departments=tuple(row.departments),
                  lead_departments=tuple(row.lead_departments), section=tuple(row.section), quote=row.quote,
                  start=row.start, end=row.end, confidence=row.confidence, doubts=tuple(row.doubts or ()),
                  period_start=row.period_start)


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


def _newest_documents(session: Session, jurisdiction: str | None) -> list[DocumentRow] | None:
    """The newest version of every plan, under a jurisdiction when one is named (None: no such place)."""
    query = _newest_query(session, jurisdiction, select(DocumentRow))
    return None if query is None else list(session.scalars(query.order_by(DocumentRow.id)))


def _newest_query(session: Session, jurisdiction: str | None, query: Any, series: Any = None) -> Any:
    """`query` (of documents) kept to the newest version of every plan under a jurisdiction when one is named
    (None: no such place); without one, of the plans `series` (a select of series keys) names, when given."""
    if not jurisdiction:
        return in_newest_versions(query, series)
    code = find_jurisdiction_code(session, jurisdiction)
    if code is None:
        return None
    codes = sorted(jurisdiction_codes_under(session, code))
    query = in_newest_versions(query, select(DocumentRow.series).where(DocumentRow.jurisdiction_code.in_(codes)))
    return query.where(DocumentRow.jurisdiction_code.in_(codes))


def current_documents(session: Session, jurisdiction: str | None = None) -> list[DocumentRecord]:
    """The newest version of every plan (under a jurisdiction and the places below it, when named)."""
    return [document_record(session, row) for row in _newest_documents(session, jurisdiction) or []]


def current_tasks(session: Session, jurisdiction: str | None = None) -> list[TaskRecord]:
    """Dated tasks of the newest version of every plan, in reading order, with canonical departments.

    Only the documents holding tasks are read: a national ledger's ten thousand plans may hold none.
    """
    with_tasks = select(DocumentRow.series).where(DocumentRow.id.in_(select(TaskRow.document_id)))
    newest = _newest_query(session, jurisdiction, select(DocumentRow.id).where(DocumentRow.series.in_(with_tasks)),
                           with_tasks)
    if newest is None:
        return []
    rows = session.scalars(select(TaskRow).where(TaskRow.document_id.in_(newest),
                                                 TaskRow.review_state != REJECTED)
                           .order_by(TaskRow.document_id, TaskRow.start, TaskRow.id)).all()
    held = sorted({r.document_id for r in rows})
    documents = {row.id: row for start in range(0, len(held), 500)  # below the dialects' bound-parameter limits
                 for row in session.scalars(select(DocumentRow).where(DocumentRow.id.in_(held[start:start + 500])))}
    if not documents:
        return []
    codes = {d.jurisdiction_code for d in documents.values() if d.jurisdiction_code}
    places = (jurisdiction_names(session) if len(codes) > 500 else  # the documents' places only
              {j.code: j.name for j in session.scalars(select(JurisdictionRow).where(JurisdictionRow.code.in_(codes)))})
    names: dict[int, list[str]] = {}
    leads: dict[int, list[str]] = {}
    responsible = [] if not rows else session.execute(  # an empty IN would scan every responsibility
        select(ResponsibilityRow.task_id, ResponsibilityRow.lead, DepartmentRow.name)
        .join(DepartmentRow, DepartmentRow.id == ResponsibilityRow.department_id)
        .where(ResponsibilityRow.task_id.in_([r.id for r in rows])).order_by(ResponsibilityRow.id))
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
                                  tuple(names.get(r.id, ())), tuple(leads.get(r.id, ())), review_of(r)))
    return records
