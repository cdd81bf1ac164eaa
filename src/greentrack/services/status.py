"""Status of the ledger's targets: the report, its warnings, rows by id, the summary and the overview (总览).

With the setting target_list = index, the summary, the overview and the ids of the status table come from
the target index (`target_query`); with `report`, from the per-target status report. Both give the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from greentrack.services.scope import acting, check_place_query, visible_report
from greentrack.services.status_rows import responsible, target_rows
from greentrack.services.target_query import TargetFilter, index_scope, scoped_index, target_list_route

if TYPE_CHECKING:

    from greentrack.auth import Principal
    from greentrack.ledger.db import Ledger
    from greentrack.ledger.status import StatusReport, StatusRow
    from greentrack.scale.index import TargetIndex
    from greentrack.track import Docket, EarlyWarning


def ledger_status(ledger: Ledger, as_of: date | None = None, jurisdiction: str | None = None,
                  department: str | None = None, who: Principal | None = None) -> StatusReport:
    """Every current target `who` may see, with its status on `as_of` (today by default), optionally filtered."""
    from greentrack.auth import require
    from greentrack.ledger.status import build_status

    reader = acting(ledger, who)
    require(reader, "read")
    with ledger.session() as session:
        check_place_query(session, reader, jurisdiction)
        report = build_status(session, as_of or date.today(), jurisdiction, department)
    return visible_report(reader, report)


def ledger_warnings(ledger: Ledger, as_of: date | None = None, jurisdiction: str | None = None,
                    department: str | None = None, who: Principal | None = None,
                    ) -> tuple[StatusReport, tuple[EarlyWarning, ...], tuple[Docket, ...]]:
    """The status report, its early warnings and the supervision list (督办清单) per department."""
    from greentrack.ledger.status import warnings_of

    report = ledger_status(ledger, as_of, jurisdiction, department, who)
    return (report, *warnings_of(report))


def status_ids(ledger: Ledger, as_of: date, jurisdiction: str | None = None, department: str | None = None,
               who: Principal | None = None) -> list[int] | None:
    """The ids of the rows `ledger_status` gives, in its (ledger) order, from the target index, checked as it
    checks; None when the setting target_list is `report`. A caller then reads them in pages with `target_rows`,
    so that memory stays bounded at national size (the CLI's status table)."""
    from greentrack.auth import require
    from greentrack.ledger import repository

    if target_list_route() != "index":
        return None
    reader = acting(ledger, who)
    if reader.everywhere and not jurisdiction and not department:  # every target: no statuses needed to list them
        require(reader, "read")
        with ledger.session() as session:
            return repository.documents.current_target_ids(session)
    chosen = TargetFilter(jurisdiction=jurisdiction, department=department)
    with scoped_index(ledger, as_of, chosen, who) as scoped:
        return scoped.index.columns.ids[scoped.matching()].tolist()  # the index's columns are in ledger order


PAGE = 2_000  # rows read and assessed at a time when a whole ledger is written out


@dataclass(frozen=True)
class StatusPages:
    """The rows `ledger_status` gives, as ids in its order to be read a page at a time (bounded memory)."""

    as_of: date
    ids: list[int]
    illustrative: bool | None  # None: not looked up (`status_pages(flagged=False)`)

    def pages(self, ledger: Ledger, size: int = PAGE) -> Iterator[list[StatusRow]]:
        """The rows, `size` at a time, in ledger order."""
        for start in range(0, len(self.ids), size):
            yield target_rows(ledger, self.ids[start:start + size], self.as_of)


def status_pages(ledger: Ledger, as_of: date, jurisdiction: str | None = None, department: str | None = None,
                 who: Principal | None = None, filters: TargetFilter | None = None,
                 flagged: bool = True) -> StatusPages | None:
    """`status_ids` with whether any of those rows rests on illustrative values (known before any is read);
    None when the setting target_list is `report`. `filters`, when given, narrows as the ledger page does
    (place, department, indicator, dimension, status, year) in place of `jurisdiction` and `department`.

    `flagged=False`: the caller learns `illustrative` from the rows themselves (it is None here), so the whole
    ledger's ids come as `status_ids` gives them — for a reader who sees every target straight from the
    ledger, without building the target index (~400 MB at 300,000 targets)."""
    if target_list_route() != "index":
        return None
    chosen = filters or TargetFilter(jurisdiction=jurisdiction, department=department)
    if not flagged and chosen == TargetFilter():
        ids = status_ids(ledger, as_of, who=who)
        return StatusPages(as_of, ids or [], None)
    with scoped_index(ledger, as_of, chosen, who) as scoped:
        keep = scoped.matching(chosen)
        columns = scoped.index.columns
        return StatusPages(as_of, columns.ids[keep].tolist(), bool(columns.illustrative[keep].any()))


def warning_pages(ledger: Ledger, paged: StatusPages, size: int = PAGE,
                  ) -> Iterator[tuple[list[StatusRow], tuple[EarlyWarning, ...]]]:
    """Each page of rows with its early warnings (most urgent first within the page)."""
    from greentrack.track import early_warnings

    for rows in paged.pages(ledger, size):
        yield rows, early_warnings((row.tracked.target, row.assessment) for row in rows)


def light_warnings(warnings: Iterable[EarlyWarning]) -> list[EarlyWarning]:
    """The warnings without their message and assessment: what a supervision list prints of each, kept for a
    whole national ledger (a few hundred bytes a warning instead of kilobytes)."""
    from dataclasses import replace

    return [replace(w, message="", assessment=None) for w in warnings]  # type: ignore[arg-type]


UNASSIGNED = "未分配部门"  # the bucket of targets no department answers for


@dataclass(frozen=True)
class StatusSummary:
    """Targets per status, overall and per department, jurisdiction (code, name) on `as_of`.

    A target counts once for every department answering for it; one with none counts under UNASSIGNED.
    """

    as_of: date
    total: int
    counts: dict[str, int]
    by_department: tuple[tuple[str, dict[str, int]], ...]
    by_jurisdiction: tuple[tuple[str | None, str | None, dict[str, int]], ...]
    illustrative: bool


def status_summary(ledger: Ledger, as_of: date | None = None, jurisdiction: str | None = None,
                   department: str | None = None, who: Principal | None = None) -> StatusSummary:
    """Counts of targets by status, by department and by jurisdiction (for the overview and /api/v1/status).

    With target_list = index the counts come from the target index's columns (no target is read one by one);
    with `report`, from the per-target status report. Both give the same summary (tests/scale hold them to it).
    """
    if target_list_route() == "index":
        return _indexed_summary(ledger, as_of or date.today(), TargetFilter(jurisdiction=jurisdiction,
                                                                            department=department), who)
    return summary_of(ledger_status(ledger, as_of, jurisdiction, department, who))


def _indexed_summary(ledger: Ledger, as_of: date, chosen: TargetFilter, who: Principal | None) -> StatusSummary:
    """`status_summary` from the target index: masks and bincounts over its columns, as `summary_of` counts."""
    with scoped_index(ledger, as_of, chosen, who) as scoped:
        index, keep = scoped.index, scoped.matching()
        found = responsible(ledger, scoped.session, index)
    return _counted(index, keep, as_of, *found)


def _counted(index: TargetIndex, keep: Any, as_of: date, targets: Any, names: list[str]) -> StatusSummary:
    """The summary of the kept rows of `index`; `targets[i]` answers to department `names[codes[i]]`."""
    import numpy as np

    from greentrack.track import STATUS_LABELS, STATUSES

    c = index.columns
    width = len(STATUSES)
    order = list(STATUS_LABELS)  # the order `StatusReport.counts` gives

    def labelled(counts: Any) -> dict[str, int]:
        return {s: int(counts[STATUSES.index(s)]) for s in order if counts[STATUSES.index(s)]}

    status = c.status[keep]
    places = np.bincount(index.jurisdiction[keep] * width + status,
                         minlength=len(index.places) * width).reshape(-1, width)
    by_place = [(code, index.place_names.get(code or ""), labelled(row))
                for code, row in zip(index.places, places, strict=True) if row.any()]
    by_place.sort(key=lambda item: (-sum(item[2].values()), item[0] or ""))
    # each responsibility row of a kept target counts once, as `row.record.departments` lists them
    target_ids, codes = targets
    by_id = np.argsort(c.ids, kind="stable")
    held = c.ids[by_id]
    where = np.minimum(np.searchsorted(held, target_ids), max(len(held) - 1, 0))
    found = (held[where] == target_ids) if len(held) else np.zeros(len(target_ids), bool)
    rows, codes = by_id[where[found]], codes[found]
    answered = np.zeros(len(c.ids), bool)
    answered[rows] = True
    counted = keep[rows]
    departments = np.bincount(codes[counted] * width + c.status[rows[counted]],
                              minlength=len(names) * width).reshape(-1, width)
    by_department = {name: labelled(row) for name, row in zip(names, departments, strict=True) if row.any()}
    unassigned = np.bincount(c.status[keep & ~answered], minlength=width)
    if unassigned.any():
        by_department[UNASSIGNED] = labelled(unassigned)  # a department so named would share the bucket
    ranked = sorted(by_department.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    return StatusSummary(as_of, int(keep.sum()), labelled(np.bincount(status, minlength=width)), tuple(ranked),
                         tuple(by_place), bool(c.illustrative[keep].any()))


def summary_of(report: StatusReport) -> StatusSummary:
    """`status_summary` of a status report already built (the overview has one: no second assessment)."""
    departments: dict[str, dict[str, int]] = {}
    places: dict[tuple[str | None, str | None], dict[str, int]] = {}
    for row in report.rows:
        status = row.assessment.status
        for name in row.record.departments or (UNASSIGNED,):
            departments.setdefault(name, {}).setdefault(status, 0)
            departments[name][status] += 1
        place = places.setdefault((row.record.jurisdiction_code, row.record.jurisdiction_name), {})
        place[status] = place.get(status, 0) + 1
    by_department = sorted(departments.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    by_place = sorted(places.items(), key=lambda item: (-sum(item[1].values()), item[0][0] or ""))
    return StatusSummary(report.as_of, len(report.rows), report.counts(), tuple(by_department),
                         tuple((code, name, counts) for (code, name), counts in by_place), report.illustrative)


FINISHED = ("achieved", "late_achieved", "compliant")  # statuses no upcoming deadline lists


ROW_CHUNK = 20_000  # target ids read per query when rows are built for part of a ledger


@dataclass(frozen=True)
class Overview:
    """What the overview (总览) shows: the summary, the most urgent early warnings and how many there are in
    all, the next deadlines not met (soonest first) and the rows of the targets those name, by id."""

    summary: StatusSummary
    warnings: tuple[EarlyWarning, ...]
    warned: int
    upcoming: tuple[StatusRow, ...]
    rows_by_id: dict[str, StatusRow]


def overview(ledger: Ledger, as_of: date | None = None, who: Principal | None = None, shown: int = 10) -> Overview:
    """The overview's figures (`shown` warnings and deadlines). With target_list = index the summary and the
    deadlines come from the target index and only the targets whose warning a status cannot tell are read
    and assessed one by one; with `report`, all are."""
    when = as_of or date.today()
    if target_list_route() == "index":
        return _indexed_overview(ledger, when, who, shown)
    report, warnings, _dockets = ledger_warnings(ledger, when, who=who)
    upcoming = sorted((r for r in report.rows if r.assessment.due and r.assessment.due >= report.as_of
                       and r.assessment.status not in FINISHED), key=lambda r: (r.assessment.due, r.record.id))
    return Overview(summary_of(report), warnings[:shown], len(warnings), tuple(upcoming[:shown]),
                    {str(r.record.id): r for r in report.rows})


def _indexed_overview(ledger: Ledger, as_of: date, who: Principal | None, shown: int) -> Overview:
    """`overview` through the target index: the warnings are the first of `warning_list`'s order (each target's
    level told from its status, or assessed in bulk where the trend's shortfall decides it), the deadlines the
    index's; only the targets shown are read one by one. The whole overview is kept per ledger mark, day and
    reader's scope: the next request for it reads it from memory."""
    import numpy as np

    from greentrack.services.warning_list import scoped_warnings
    from greentrack.track import STATUSES, warn

    scoped = scoped_warnings(ledger, as_of, TargetFilter(), who)  # checks the reader
    key = ("overview", scoped.key, shown)
    found = scoped.levels.kept.get(key)
    if found is not None:
        return found
    summary = _indexed_summary(ledger, as_of, TargetFilter(), who)
    c, day = scoped.index.columns, as_of.toordinal()
    reader = acting(ledger, who)
    with ledger.session() as session:
        places, _, _ = index_scope(session, scoped.index, reader, TargetFilter())
    keep = scoped.index.matching(places, reader.target_ids)
    settled = np.isin(c.status, [STATUSES.index(s) for s in FINISHED])
    soon = np.flatnonzero(keep & ~settled & (c.due >= day))
    soon = soon[np.lexsort((c.ids[soon], c.due[soon]))][:shown]
    warned = c.ids[scoped.ordered.rows[:shown]].tolist()
    rows = _rows_by_id(ledger, set(warned) | set(c.ids[soon].tolist()), as_of)
    first = [w for i in warned if (w := warn(rows[str(i)].tracked.target, rows[str(i)].assessment))]
    return scoped.levels.kept.put(key, Overview(summary, tuple(first), len(scoped.ordered.rows),
                                                tuple(rows[str(i)] for i in c.ids[soon].tolist()), rows))


def _rows_by_id(ledger: Ledger, ids: set[int], as_of: date) -> dict[str, StatusRow]:
    """These targets' rows, assessed on `as_of`, by id as text, read ROW_CHUNK at a time."""
    ordered = sorted(ids)
    return {str(r.record.id): r for start in range(0, len(ordered), ROW_CHUNK)
            for r in target_rows(ledger, ordered[start:start + ROW_CHUNK], as_of)}
