"""Early warnings (预警) and supervision lists (督办清单) a page at a time, at national size, from the target index.

A warning's level (red, orange, yellow or none) is told from the index's status and deadline where those decide it
(`track.warnings.known_levels`: overdue, off track, no data…); the targets on track, lagging or without a trend,
whose level rests on the trend's shortfall, are assessed in bulk by id ranges (`scale.status.load_tracking`, as the
index is built), once per ledger mark and date and only where a request's scope needs them. The warnings are then
ordered as `track.warnings.urgency` orders them, with numpy, and only the targets a page shows are read and assessed
one by one for their messages. The levels, each scope's order and department counts, and the pages made are kept per
(ledger, mark, date): the next page and the next reader read them from memory; a new observation or document moves
the mark and starts afresh.

`services.supervision` chooses this path with target_list = index and the status report with `report`; both give the
same pages (tests/scale/test_scale_warnings.py).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from greentrack.services.kept import KeptMap
from greentrack.services.target_query import TargetFilter, scoped_index

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from greentrack.auth import Principal
    from greentrack.ledger.db import Ledger
    from greentrack.scale.index import TargetIndex
    from greentrack.track import EarlyWarning

KEEP = 4  # (ledger, mark, date) entries kept, as the target index keeps its own
KEPT_PAGES = 64  # pages (and scopes' orders) kept per entry, least recently used dropped
SPAN = 5_000  # target ids at most per bulk assessment of the unsure targets (a few MB of observations)
GAP = 500  # unsure targets this close in id are assessed in one range


@dataclass(frozen=True)
class Ordered:
    """The warned rows of one scope, most urgent first, and each department's list (built when first asked)."""

    rows: Any  # index rows, in `urgency` order
    illustrative: bool  # any target of the scope rests on 示例数据 (as the status report says)
    departments: dict[str, Any] = field(default_factory=dict)  # "lists" → `_Lists`, made once


@dataclass(frozen=True)
class Lists:
    """The supervision lists of a scope as arrays: (row, department code) pairs of warned rows, and per department
    with a list, its name, worst level and count, in the lists' order (worst first, then longest, then name)."""

    pair_rows: Any
    pair_codes: Any
    order: list[int]  # department codes, in the lists' order
    names: list[str]  # by code; the last is the bucket of targets no department answers for
    worst: Any  # by code
    count: Any  # by code


class Levels:
    """Every row's warning level on one date at one ledger mark (-1: none; UNKNOWN until assessed)."""

    def __init__(self, index: TargetIndex) -> None:
        from greentrack.track.warnings import known_levels

        c = index.columns
        self.level = known_levels(c.status, c.due, c.as_of).astype(np.int8)
        self.due = np.where(c.due > 0, c.due, 10**9)  # `urgency`: no deadline last
        text = c.ids.astype(str)  # `urgency` compares target ids as text
        self.text_rank = np.empty(len(text), np.int64)
        self.text_rank[np.argsort(text, kind="stable")] = np.arange(len(text))
        self.lock = threading.Lock()
        self.kept: KeptMap[Any] = KeptMap(KEPT_PAGES)

    def fill(self, session: Session, index: TargetIndex, keep: Any) -> None:
        """Assess in bulk the kept rows whose level the index cannot tell (whole id ranges around them)."""
        from greentrack.ledger import repository
        from greentrack.ledger.budget import checkpoint
        from greentrack.scale.status import assess_tracking, load_tracking
        from greentrack.track.warnings import UNKNOWN, warning_levels

        with self.lock:  # concurrent readers wait for one assessment
            unsure = np.sort(index.columns.ids[keep & (self.level == UNKNOWN)])
            if not len(unsure):
                return
            documents = tuple(repository.bulk.newest_document_ids(session))
            for first, last in _ranges(unsure):
                checkpoint()  # an abandoned request, or one out of time, stops between ranges
                tracking = load_tracking(session, first, last, documents)
                batch = assess_tracking(tracking, index.columns.as_of)
                found = warning_levels(batch.columns["status"], batch.columns["shortfall"], batch.columns["due"],
                                       tracking.targets.kind, index.columns.as_of)
                rows = rows_of_ids(index, tracking.ids)
                held = rows >= 0
                self.level[rows[held]] = found[held]


def _ranges(ids: Any) -> list[tuple[int, int]]:
    """Ascending ids as (first, last) ranges: ids less than GAP apart together, at most SPAN ids wide."""
    ranges: list[tuple[int, int]] = []
    start = previous = int(ids[0])
    for value in ids[1:].tolist():
        if value - previous >= GAP or value - start >= SPAN:
            ranges.append((start, previous))
            start = value
        previous = value
    ranges.append((start, previous))
    return ranges


def rows_of_ids(index: TargetIndex, ids: Any) -> Any:
    """The index row of each of these target ids (-1 where the index holds none), in their order."""
    c = index.columns
    by_id = np.argsort(c.ids, kind="stable")
    held = c.ids[by_id]
    if not len(held):
        return np.full(len(ids), -1, np.int64)
    where = np.minimum(np.searchsorted(held, ids), len(held) - 1)
    return np.where(held[where] == ids, by_id[where], -1)


_LEVELS: OrderedDict[tuple[Any, ...], Levels] = OrderedDict()
_LOCK = threading.Lock()


def levels_of(ledger: Ledger, index: TargetIndex) -> Levels:
    """The levels of `index` (its ledger, mark and date), made once."""
    key = (ledger.url, index.columns.mark, index.columns.as_of)
    with _LOCK:
        found = _LEVELS.get(key)
        if found is None:
            found = _LEVELS[key] = Levels(index)
            while len(_LEVELS) > KEEP:
                _LEVELS.popitem(last=False)
        _LEVELS.move_to_end(key)
        return found


@dataclass(frozen=True)
class Scoped:
    """What a warnings request reads: the index, its levels, the scope's ordered warnings and its cache key."""

    index: TargetIndex
    levels: Levels
    ordered: Ordered
    key: tuple[Any, ...]
    names: frozenset[str] | None  # the departments a `department` query names (their lists only), None: all


def scoped_warnings(ledger: Ledger, as_of: date, chosen: TargetFilter, who: Principal | None,
                    lists: bool = False) -> Scoped:
    """The warned targets `who` may see under `chosen` (place, department), most urgent first, checked as the
    status report checks; with `lists`, the supervision lists' arrays too (each made once per scope)."""
    from greentrack.ledger import repository

    with scoped_index(ledger, as_of, chosen, who) as scoped:
        index, reader = scoped.index, scoped.reader
        levels = levels_of(ledger, index)
        key = ("scope", None if scoped.places is None else frozenset(scoped.places),
               None if reader.target_ids is None else frozenset(reader.target_ids), scoped.department_key)
        names = None
        if chosen.department:  # the departments a query names, found once per ledger mark (thousands, nationally)
            names = levels.kept.get(("names", scoped.department_key))
            if names is None:
                names = levels.kept.put(("names", scoped.department_key), frozenset(
                    d.name for d in repository.departments.find_departments(scoped.session, chosen.department)))
        ordered = levels.kept.get(key)
        if ordered is None:
            keep = scoped.matching()
            levels.fill(scoped.session, index, keep)
            rows = np.flatnonzero(keep & (levels.level >= 0))
            rows = rows[np.lexsort((levels.text_rank[rows], levels.due[rows], levels.level[rows]))]
            ordered = levels.kept.put(key, Ordered(rows, bool(index.columns.illustrative[keep].any())))
        if lists and "lists" not in ordered.departments:
            ordered.departments["lists"] = _lists(ledger, scoped.session, index, levels, ordered.rows)
    return Scoped(index, levels, ordered, key, names)


def _lists(ledger: Ledger, session: Session, index: TargetIndex, levels: Levels, rows: Any) -> Lists:
    """The supervision lists of these warned rows: each department answering for one (`track.supervision`)."""
    from greentrack.services.status_rows import responsible
    from greentrack.track.supervision import UNASSIGNED

    (target_ids, codes), names = responsible(ledger, session, index)
    pair_rows = rows_of_ids(index, target_ids)
    warned = np.zeros(len(index.columns.ids), bool)
    warned[rows] = True
    kept = (pair_rows >= 0) & warned[np.maximum(pair_rows, 0)]
    width = len(names) + 1
    pairs = np.unique(pair_rows[kept] * width + codes[kept])  # a department once per target
    pair_rows, pair_codes = pairs // width, pairs % width
    answered = np.zeros(len(warned), bool)
    answered[pair_rows] = True
    alone = rows[~answered[rows]]  # warned targets no department answers for
    pair_rows = np.concatenate([pair_rows, alone])
    pair_codes = np.concatenate([pair_codes, np.full(len(alone), len(names))])
    count = np.bincount(pair_codes, minlength=width)
    worst = np.full(width, 9, np.int64)
    np.minimum.at(worst, pair_codes, levels.level[pair_rows].astype(np.int64))
    every = [*names, UNASSIGNED]
    order = sorted(np.flatnonzero(count).tolist(), key=lambda code: (int(worst[code]), -int(count[code]), every[code]))
    return Lists(pair_rows, pair_codes, order, every, worst, count)


def warnings_of(ledger: Ledger, rows: Any, scoped: Scoped) -> tuple[list[EarlyWarning], frozenset[str]]:
    """The warnings of these index rows (read and assessed now), in their order, and which rest on 示例数据."""
    from greentrack.services.status_rows import target_rows
    from greentrack.track import warn

    ids = scoped.index.columns.ids[rows].tolist()
    found = {row.record.id: row for row in target_rows(ledger, sorted(ids), scoped.index.columns.as_of)}
    warnings = [w for i in ids if i in found and (w := warn(found[i].tracked.target, found[i].assessment))]
    return warnings, frozenset(str(i) for i in ids if i in found and found[i].illustrative)
