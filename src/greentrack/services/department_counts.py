"""Departments with how many current targets each answers for, leads and has warned, a page at a time.

With target_list = index the counts are bincounts over the target index (its rows the reader may see, its warned
rows as `services.warning_list` tells them) and the responsibility rows: no target is read or assessed one by one,
and the ranking is kept per ledger mark, date and reader's scope. With `report` they are those of
`services.departments.department_summaries`. Both give the same pages (tests/scale/test_scale_facets.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from greentrack.services.scope import acting, sees_department
from greentrack.services.target_query import TargetFilter, index_scope, target_list_route

if TYPE_CHECKING:
    from greentrack.auth import Principal
    from greentrack.ledger.db import Ledger
    from greentrack.ledger.records import DepartmentRecord

Ranked = tuple[tuple["DepartmentRecord", int, int, int], ...]  # (department, targets, leads, warned), ranked


@dataclass(frozen=True)
class DepartmentCount:
    """A department with how many current targets it answers for, how many it leads, and how many are warned."""

    department: DepartmentRecord
    jurisdiction_name: str | None
    targets: int
    leads: int
    warned: int


@dataclass(frozen=True)
class DepartmentCounts:
    """One page of the departments `who` may see, most targets first, and how many there are in all."""

    as_of: date
    total: int
    items: tuple[DepartmentCount, ...]


def department_counts(ledger: Ledger, as_of: date, who: Principal | None = None, limit: int = 100,
                      offset: int = 0) -> DepartmentCounts:
    """The departments `who` may see with their counts (as `department_summaries` gives them), a page at a time."""
    from greentrack.resolve import get_jurisdiction

    ranked = _indexed(ledger, as_of, who) if target_list_route() == "index" else _reported(ledger, as_of, who)

    def place(record: DepartmentRecord) -> str | None:
        found = get_jurisdiction(record.jurisdiction_code) if record.jurisdiction_code else None
        return found.name if found else None

    items = tuple(DepartmentCount(record, place(record), targets, leads, warned)
                  for record, targets, leads, warned in ranked[offset:offset + limit])
    return DepartmentCounts(as_of, len(ranked), items)


def _reported(ledger: Ledger, as_of: date, who: Principal | None) -> Ranked:
    from greentrack.services.departments import department_summaries

    return tuple((s.department, len(s.rows), len(s.leads), len(s.docket.items) if s.docket else 0)
                 for s in department_summaries(ledger, as_of, who))


def _indexed(ledger: Ledger, as_of: date, who: Principal | None) -> Ranked:
    """The ranking from the index: a department's targets are the current ones the reader sees among those its
    responsibility rows name, warned those `warning_list` warns; leads count every version, as the report does."""
    from greentrack.ledger import repository
    from greentrack.services.warning_list import rows_of_ids, scoped_warnings

    scoped = scoped_warnings(ledger, as_of, TargetFilter(), who)  # checks the reader
    key = ("departments", scoped.key)
    found: Ranked | None = scoped.levels.kept.get(key)
    if found is not None:
        return found
    reader, index = acting(ledger, who), scoped.index
    with ledger.session() as session:
        places, _, _ = index_scope(session, index, reader, TargetFilter())
        departments = [d for d in repository.departments.list_departments(session) if sees_department(reader, d)]
        pairs = repository.departments.responsibility_pairs(session)
    ids = np.array([d.id for d in departments], np.int64)
    department = np.fromiter((p[0] for p in pairs), np.int64, len(pairs))
    target = np.fromiter((p[1] for p in pairs), np.int64, len(pairs))
    lead = np.fromiter((p[2] for p in pairs), bool, len(pairs))
    leads = _counted(ids, _once(department[lead], target[lead])[0])
    department, target = _once(department, target)
    rows = rows_of_ids(index, target)
    visible = index.matching(places, reader.target_ids)
    warned = np.zeros(len(visible), bool)
    warned[scoped.ordered.rows] = True
    seen = (rows >= 0) & visible[np.maximum(rows, 0)]
    alarmed = seen & warned[np.maximum(rows, 0)]
    ranked = sorted(zip(departments, _counted(ids, department[seen]).tolist(), leads.tolist(),
                        _counted(ids, department[alarmed]).tolist(), strict=True),
                    key=lambda item: (-item[1], item[0].name, item[0].id))
    return scoped.levels.kept.put(key, tuple(ranked))  # type: ignore[no-any-return]


def _once(department: Any, target: Any) -> tuple[Any, Any]:
    """The (department, target) pairs once each: a department may name a target in several rows."""
    width = int(target.max()) + 1 if len(target) else 1
    pairs = np.unique(department * width + target)
    return pairs // width, pairs % width


def _counted(ids: Any, department: Any) -> Any:
    """How many times each department of `ids` occurs in `department`, in the order of `ids`."""
    if not len(ids):
        return np.zeros(0, np.int64)
    order = np.argsort(ids)
    where = np.minimum(np.searchsorted(ids[order], department), len(ids) - 1)
    held = ids[order][where] == department
    return np.bincount(order[where[held]], minlength=len(ids))
