"""Supervision lists (督办清单): a department's own warned targets; early warnings and the lists a page at a time.

A national ledger warns on a couple of hundred thousand targets for tens of thousands of departments, so the served
lists are pages: `warning_page` gives `limit` warnings from `offset`, most urgent first, with how many there are in
all and the page's warnings grouped by department; `supervision_page` gives `limit` departments' lists from
`offset`, worst first, each with how many warned targets it holds and its `per_department` most urgent ones (a
department's whole list, page by page, is `warning_page` with that department). With target_list = index they come
from the target index (`warning_list`), with `report` from the status report; both give the same pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from greentrack.services.status import ledger_warnings
from greentrack.services.target_query import TargetFilter, target_list_route

if TYPE_CHECKING:
    from greentrack.auth import Principal
    from greentrack.ledger.db import Ledger
    from greentrack.ledger.status import StatusReport
    from greentrack.services.warning_list import Scoped
    from greentrack.track import Docket, DocketItem, EarlyWarning

PAGE = 100  # warnings, or departments' lists, a page holds unless asked otherwise
MAX_PAGE = 1_000


def supervision_lists(ledger: Ledger, as_of: date | None = None, jurisdiction: str | None = None,
                      department: str | None = None, who: Principal | None = None,
                      ) -> tuple[StatusReport, tuple[EarlyWarning, ...], tuple[Docket, ...]]:
    """Warnings and supervision lists (督办清单); with `department`, only the lists of the departments it names.

    `ledger_warnings` narrows to the targets a department answers for, whose lists name their other
    departments too; a department asking for its supervision list wants its own.
    """
    from greentrack.ledger import repository

    report, warnings, dockets = ledger_warnings(ledger, as_of, jurisdiction, department, who)
    if department:
        with ledger.session() as session:
            names = {d.name for d in repository.departments.find_departments(session, department)}
        dockets = tuple(d for d in dockets if d.department in names)
    return report, warnings, dockets


@dataclass(frozen=True)
class DocketPage:
    """A department's supervision list: its most severe warning, how many warned targets it holds in all, and
    the items shown (most urgent first)."""

    department: str
    worst: str
    total: int
    items: tuple[DocketItem, ...]


@dataclass(frozen=True)
class WarningPage:
    """One page of the early warnings, most urgent first, of `total`; `dockets`: the page's warnings under each
    department answering for them, in the supervision lists' order (each with its whole list's worst and total)."""

    as_of: date
    illustrative: bool  # some target the warnings cover rests on 示例数据
    total: int
    warnings: tuple[EarlyWarning, ...]
    dockets: tuple[DocketPage, ...]
    marked: frozenset[str]  # ids of the shown targets resting on 示例数据


@dataclass(frozen=True)
class SupervisionPage:
    """One page of the departments' supervision lists, worst first, of `total` departments with a list."""

    as_of: date
    total: int
    dockets: tuple[DocketPage, ...]
    marked: frozenset[str]


def _checked(limit: int, offset: int) -> None:
    from greentrack.errors import InvalidField

    if not 1 <= limit <= MAX_PAGE:
        raise InvalidField("limit", f"limit must be 1–{MAX_PAGE}, not {limit}")
    if offset < 0:
        raise InvalidField("offset", f"offset must be 0 or more, not {offset}")


def warning_page(ledger: Ledger, as_of: date | None = None, jurisdiction: str | None = None,
                 department: str | None = None, who: Principal | None = None, limit: int = PAGE,
                 offset: int = 0) -> WarningPage:
    """`limit` early warnings from `offset`, most urgent first, of those `who` may see (under a place, for a
    department), with the page's warnings under each department's list."""
    _checked(limit, offset)
    when = as_of or date.today()
    if target_list_route() == "index":
        return _indexed_warnings(ledger, when, TargetFilter(jurisdiction=jurisdiction, department=department), who,
                                 limit, offset)
    report, warnings, dockets = supervision_lists(ledger, when, jurisdiction, department, who)
    shown = warnings[offset:offset + limit]
    ids = {w.target_id for w in shown}
    pages = (DocketPage(d.department, d.worst, len(d.items), tuple(i for i in d.items if i.warning.target_id in ids))
             for d in dockets)
    return WarningPage(report.as_of, report.illustrative, len(warnings), shown, tuple(p for p in pages if p.items),
                       _marked(report, ids))


def supervision_page(ledger: Ledger, as_of: date | None = None, jurisdiction: str | None = None,
                     department: str | None = None, who: Principal | None = None, limit: int = PAGE,
                     offset: int = 0, per_department: int = PAGE) -> SupervisionPage:
    """`limit` departments' supervision lists from `offset`, worst first, each with its `per_department` most
    urgent items and how many it holds; with `department`, the lists of the departments it names."""
    from greentrack.errors import InvalidField

    _checked(limit, offset)
    if not 1 <= per_department <= MAX_PAGE:
        raise InvalidField("per_department", f"per_department must be 1–{MAX_PAGE}, not {per_department}")
    when = as_of or date.today()
    if target_list_route() == "index":
        return _indexed_supervision(ledger, when, TargetFilter(jurisdiction=jurisdiction, department=department),
                                    who, limit, offset, per_department)
    report, _, dockets = supervision_lists(ledger, when, jurisdiction, department, who)
    shown = tuple(DocketPage(d.department, d.worst, len(d.items), d.items[:per_department])
                  for d in dockets[offset:offset + limit])
    return SupervisionPage(report.as_of, len(dockets), shown,
                           _marked(report, {i.warning.target_id for d in shown for i in d.items}))


def _marked(report: StatusReport, ids: set[str]) -> frozenset[str]:
    return frozenset(str(r.record.id) for r in report.rows if r.illustrative and str(r.record.id) in ids)


def _indexed_warnings(ledger: Ledger, as_of: date, chosen: TargetFilter, who: Principal | None, limit: int,
                      offset: int) -> WarningPage:
    """`warning_page` from the target index (`warning_list`): only the page's targets are read."""
    from greentrack.services.warning_list import scoped_warnings, warnings_of
    from greentrack.track import DocketItem
    from greentrack.track.supervision import answerable

    scoped = scoped_warnings(ledger, as_of, chosen, who, lists=True)  # checks the reader
    key = ("warnings", scoped.key, scoped.names, limit, offset)
    found = scoped.levels.kept.get(key)
    if found is not None:
        return found
    rows = scoped.ordered.rows
    warnings, marked = warnings_of(ledger, rows[offset:offset + limit], scoped)
    groups: dict[str, list[DocketItem]] = {}
    for warning in warnings:  # most urgent first: so is each group
        for name in answerable(warning):
            if scoped.names is None or name in scoped.names:
                groups.setdefault(name, []).append(DocketItem(warning, name in warning.lead_departments))
    lists = scoped.ordered.departments["lists"]
    code = {name: number for number, name in enumerate(lists.names)}
    place = {number: position for position, number in enumerate(lists.order)}
    dockets = sorted((_docket(lists, code[name], tuple(items)) for name, items in groups.items()),
                     key=lambda d: place[code[d.department]])
    return scoped.levels.kept.put(key, WarningPage(as_of, scoped.ordered.illustrative, len(rows), tuple(warnings),
                                                   tuple(dockets), marked))


def _docket(lists: Any, code: int, items: tuple[DocketItem, ...]) -> DocketPage:
    from greentrack.track import SEVERITIES

    return DocketPage(lists.names[code], SEVERITIES[int(lists.worst[code])], int(lists.count[code]), items)


def _indexed_supervision(ledger: Ledger, as_of: date, chosen: TargetFilter, who: Principal | None, limit: int,
                         offset: int, per_department: int) -> SupervisionPage:
    """`supervision_page` from the target index: the lists' order and sizes from arrays; only the items shown
    are read."""
    from greentrack.services.warning_list import scoped_warnings

    scoped = scoped_warnings(ledger, as_of, chosen, who, lists=True)  # checks the reader
    key = ("supervision", scoped.key, scoped.names, limit, offset, per_department)
    found = scoped.levels.kept.get(key)
    if found is None:
        found = scoped.levels.kept.put(key, _listed(ledger, scoped, as_of, limit, offset, per_department))
    return found


def _listed(ledger: Ledger, scoped: Scoped, as_of: date, limit: int, offset: int,
            per_department: int) -> SupervisionPage:
    import numpy as np

    from greentrack.services.warning_list import warnings_of
    from greentrack.track import DocketItem

    lists = scoped.ordered.departments["lists"]
    order = [c for c in lists.order if scoped.names is None or lists.names[c] in scoped.names]
    codes = order[offset:offset + limit]
    rank = np.zeros(len(scoped.index.columns.ids), np.int64)
    rank[scoped.ordered.rows] = np.arange(len(scoped.ordered.rows))  # place in `urgency` order
    chosen = np.isin(lists.pair_codes, codes)
    rows, owners = lists.pair_rows[chosen], lists.pair_codes[chosen]
    by_urgency = np.argsort(rank[rows], kind="stable")
    rows, owners = rows[by_urgency], owners[by_urgency]
    shown = {c: rows[owners == c][:per_department] for c in codes}
    every = np.unique(np.concatenate([*shown.values(), np.zeros(0, np.int64)]))
    warnings, marked = warnings_of(ledger, every, scoped)
    by_id = {w.target_id: w for w in warnings}
    ids = scoped.index.columns.ids
    dockets = []
    for c in codes:
        name = lists.names[c]
        items = tuple(DocketItem(w, name in w.lead_departments)
                      for w in (by_id.get(str(i)) for i in ids[shown[c]].tolist()) if w is not None)
        dockets.append(_docket(lists, c, items))
    return SupervisionPage(as_of, len(order), tuple(dockets), marked)
