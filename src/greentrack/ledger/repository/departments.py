"""Departments and responsibilities: who answers for each target and task (牵头 or supporting).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from greentrack.ledger.records import DepartmentRecord
from greentrack.ledger.repository.inserts import insert_returning_ids
from greentrack.ledger.repository.places import ensure_jurisdiction
from greentrack.ledger.schema import DepartmentRow, ResponsibilityRow
from greentrack.pipeline.records import PlanToStore
from greentrack.resolve import get_jurisdiction, resolve_department, resolve_jurisdiction
from greentrack.resolve.models import DepartmentMatch


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


def target_ids_of_departments(session: Session, department_ids: Sequence[int]) -> set[int]:
    """The targets any of these departments answers for (lead or supporting)."""
    found: set[int] = set()
    for start in range(0, len(department_ids), 500):
        found.update(session.scalars(select(ResponsibilityRow.target_id).where(
            ResponsibilityRow.department_id.in_(list(department_ids[start:start + 500])),
            ResponsibilityRow.target_id.is_not(None))))
    return found


class DepartmentCache:
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


def add_responsibilities(session: Session, departments: DepartmentCache, written: Sequence[str],
                          leads: Sequence[str], matches: Sequence[DepartmentMatch | None],
                          target_id: int | None = None, task_id: int | None = None) -> None:
    """Add the responsibility rows of one target or task, each department found or created once (`add_plan`)."""
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


def add_batch_responsibilities(session: Session, documents: list[tuple[PlanToStore, int, dict[str, Any]]],
                                target_ids: Iterator[int], task_ids: Iterator[int],
                                present: dict[str, bool] | None = None) -> None:
    """The responsibilities of every target and task of the batch, each department found or created once.

    A first pass numbers the distinct departments in the order `add_plan` would meet them; one query
    finds those already stored and one INSERT creates the others, so the ids come out as `add_plan`'s.
    """
    keys: dict[tuple[str, str | None], tuple[int, str | None]] = {}  # (name, code) → (number, registry id)
    rows: list[dict[str, Any]] = []
    for plan, _, values in documents:
        departments = DepartmentCache(session, values["jurisdiction_code"], present)

        def number(written: str, match: DepartmentMatch | None, cache: DepartmentCache = departments) -> int:
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
    for values, department_id in zip(missing, insert_returning_ids(session, DepartmentRow, missing), strict=True):
        found[(values["name"], values["jurisdiction_code"])] = department_id
    ids = [0] * len(keys)
    for key, (index, _) in keys.items():
        ids[index] = found[key]
    return ids


def responsibility_pairs(session: Session) -> list[tuple[int, int, bool]]:
    """Every (department id, target id, leads) responsibility row naming a target (any version), for bulk counts."""
    rows = session.execute(select(ResponsibilityRow.department_id, ResponsibilityRow.target_id, ResponsibilityRow.lead)
                           .where(ResponsibilityRow.target_id.is_not(None)))
    return [(department, target, bool(lead)) for department, target, lead in rows]
