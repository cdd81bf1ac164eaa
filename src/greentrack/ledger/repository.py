"""The only SQL of greentrack: every read and write of the ledger, on a session the caller opened.

Callers open one transaction with `Ledger.session(actor)` and pass the session in; nothing here
commits, so a caller's block is all-or-nothing (an ingest per document, an import per sheet).
Functions return plain records (`ledger.records`), never ORM rows.

For the intake of monitoring data (`ledger/intake.py`): `intake_targets` lists what a department
answers for, `existing_observations` what is already recorded, and `apply_import` writes a checked
`ImportPlan` (inserts, and with `replaces` updates), each change audited with before and after.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from greentrack.errors import DuplicateObservation, UnknownDocument, UnknownTarget
from greentrack.ledger.periods import period_end
from greentrack.ledger.records import (
    AuditRecord,
    DepartmentRecord,
    DocumentRecord,
    NewObservation,
    ObservationRecord,
    PlanToStore,
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
from greentrack.resolve import get_jurisdiction, resolve_department, resolve_jurisdiction
from greentrack.resolve.models import DepartmentMatch, ResolvedTarget

TABLES: tuple[type[Base], ...] = (JurisdictionRow, DocumentRow, SectionRow, TargetRow, TaskRow, DepartmentRow,
                                  ResponsibilityRow, ObservationRow, UserRow, AuditRow)


# ---------------------------------------------------------------- jurisdictions


def ensure_jurisdiction(session: Session, code: str | None) -> str | None:
    """Store the division with this GB/T 2260 code and its parents (outermost first); returns the code."""
    if not code:
        return None
    place = get_jurisdiction(code)
    if place is None:
        return None
    chain = [get_jurisdiction(c) for c, _ in reversed(place.chain)]
    for item in (*chain, place):
        if item is not None and session.get(JurisdictionRow, item.code) is None:
            session.add(JurisdictionRow(code=item.code, name=item.name, level=item.level,
                                        parent_code=item.parent_code))
            session.flush()
    return place.code


def jurisdiction_codes_under(session: Session, code: str) -> set[str]:
    """The code and every stored division below it (a province sees its cities and counties)."""
    children: dict[str | None, list[str]] = {}
    for row in session.scalars(select(JurisdictionRow)):
        children.setdefault(row.parent_code, []).append(row.code)
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


def add_plan(session: Session, plan: PlanToStore) -> DocumentRecord:
    """Store a processed plan as a new document (a new version when its series exists) with everything in it."""
    code = ensure_jurisdiction(session, plan.jurisdiction.code if plan.jurisdiction else None)
    meta = plan.metadata
    series = series_key(meta.title, plan.name, code)
    previous = session.scalars(select(DocumentRow).where(DocumentRow.series == series)
                               .order_by(DocumentRow.version.desc())).first()
    document = DocumentRow(name=plan.name, path=plan.path, content_hash=plan.content_hash, title=meta.title,
                           doc_number=meta.doc_number, issuer=meta.issuer, issue_date=meta.issue_date,
                           level=meta.level, jurisdiction_code=code, series=series,
                           version=previous.version + 1 if previous else 1,
                           previous_id=previous.id if previous else None, text=plan.text)
    session.add(document)
    session.flush()
    session.add_all(SectionRow(document_id=document.id, position=s.id, parent_position=s.parent, level=s.level,
                               number=s.number, title=s.title, path=list(s.path), start=s.start, end=s.end)
                    for s in plan.sections)
    target_rows = [_target_row(document.id, code, target, resolved) for target, resolved in plan.targets]
    task_rows = [TaskRow(document_id=document.id, key=task.id, text=task.text, year=task.year,
                         deadline=task.deadline, departments=list(task.departments),
                         lead_departments=list(task.lead_departments), section=list(task.section),
                         quote=task.quote, start=task.start, end=task.end) for task in plan.tasks]
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


def _target_row(document_id: int, code: str | None, target: Target, resolved: ResolvedTarget) -> TargetRow:
    resolution, quantity, problem = resolved.resolution, resolved.quantity, resolved.unit_problem
    return TargetRow(
        document_id=document_id, key=target.id, jurisdiction_code=code, indicator=target.indicator,
        comparator=target.comparator, value=target.value, unit=target.unit, year=target.year,
        deadline=target.deadline, kind=target.kind, reference_year=target.reference_year,
        baseline_value=target.baseline_value, baseline_year=target.baseline_year, scope=target.scope,
        aspirational=target.aspirational, binding=target.binding, departments=list(target.departments),
        lead_departments=list(target.lead_departments), section=list(target.section), quote=target.quote,
        start=target.start, end=target.end, indicator_id=resolution.indicator_id,
        resolution_score=resolution.score, resolution_how=resolution.how,
        canonical_value=quantity.value if quantity else None, canonical_unit=quantity.unit if quantity else None,
        unit_problem=problem.reason if problem else None)


class _DepartmentCache:
    """Get-or-create of department rows within one transaction (a plan names the same ones many times)."""

    def __init__(self, session: Session, document_code: str | None) -> None:
        self.session = session
        self.document_code = document_code
        self.rows: dict[tuple[str, str | None], int] = {}
        self.places: dict[str, str | None] = {}

    def department_id(self, written: str, match: DepartmentMatch | None) -> int:
        if match is None:
            name, registry_id, code = written, None, self.document_code
        else:
            name, registry_id = match.canonical_name, match.department.id
            code = self._place_code(match.branch_in or match.place) or self.document_code
        key = (name, code)
        if key not in self.rows:
            row = self.session.scalars(select(DepartmentRow).where(
                DepartmentRow.name == name,
                DepartmentRow.jurisdiction_code.is_(None) if code is None else DepartmentRow.jurisdiction_code == code,
            )).first()
            if row is None:
                row = DepartmentRow(name=name, registry_id=registry_id, jurisdiction_code=code)
                self.session.add(row)
                self.session.flush()
            self.rows[key] = row.id
        return self.rows[key]

    def _place_code(self, place: str | None) -> str | None:
        if not place:
            return None
        if place not in self.places:
            context = " ".join(self._lineage())
            found = resolve_jurisdiction(place, context or None)
            self.places[place] = ensure_jurisdiction(self.session, found.code) if found else None
        return self.places[place]

    def _lineage(self) -> list[str]:
        if not self.document_code:
            return []
        place = get_jurisdiction(self.document_code)
        return [self.document_code, *(c for c, _ in place.chain)] if place else [self.document_code]


def _add_responsibilities(session: Session, departments: _DepartmentCache, written: Sequence[str],
                          leads: Sequence[str], matches: Sequence[DepartmentMatch | None],
                          target_id: int | None = None, task_id: int | None = None) -> None:
    seen: set[int] = set()
    for name, match in zip(written, matches, strict=True):
        department_id = departments.department_id(name, match)
        if department_id in seen:
            continue  # 县住建局 and 县住房和城乡建设局 in one note are one department
        seen.add(department_id)
        session.add(ResponsibilityRow(department_id=department_id, target_id=target_id, task_id=task_id,
                                      written=name, lead=name in leads))


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


def _target_records(session: Session, rows: Sequence[TargetRow]) -> list[TargetRecord]:
    if not rows:
        return []
    ids = [r.id for r in rows]
    documents = {d.id: d for d in session.scalars(select(DocumentRow).where(
        DocumentRow.id.in_({r.document_id for r in rows})))}
    places = {j.code: j.name for j in session.scalars(select(JurisdictionRow))}
    names: dict[int, list[str]] = {}
    leads: dict[int, list[str]] = {}
    responsible = session.execute(select(ResponsibilityRow.target_id, ResponsibilityRow.lead, DepartmentRow.name)
                                  .join(DepartmentRow, DepartmentRow.id == ResponsibilityRow.department_id)
                                  .where(ResponsibilityRow.target_id.in_(ids)).order_by(ResponsibilityRow.id))
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


def _target(row: TargetRow, doc: str) -> Target:
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
    for record in list_departments(session):
        if record.name == text or record.id in written:
            found.append(record)
            continue
        match = resolve_department(text, record.jurisdiction_code)
        if match is not None and match.canonical_name == record.name:
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
        rows = session.scalars(select(ObservationRow).where(ObservationRow.scope_key.in_(keys[start:start + 500]))
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
