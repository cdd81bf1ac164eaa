"""Filtered, sorted, paginated lists of a ledger's targets in milliseconds, at national size.

A `TargetIndex` holds every current target's status on one date (computed in bulk by `status.py`)
and the fields lists filter and sort on, as numpy arrays. A list query is then masks, the ledger's
order for its sort (made once per sort) filtered by them, and a slice; the ordered matches of recent
queries are kept, so paging through one costs a slice. Only the page's targets are read from the
database and assessed again (the web layer keeps their serialised rows per ledger mark). The index is
built once per ledger, date and ledger mark (`repository.bulk.ledger_mark`), so a new observation or
document is seen by the next request, and kept for a few dates. When only observations changed since
an index's mark (the audit log names them, no document came), the next request recomputes the statuses
of the targets that read those observations (`TargetIndex.with_statuses`) instead of the whole ledger.

The semantics are `services.targets.list_targets`': the same filters (status, year, dimension, indicator
id or words of it), the same order (value then id, blanks last either way) and the same total.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Hashable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from greentrack.resolve import get_indicator
from greentrack.scale import status as bulk_status
from greentrack.scale.status import StatusColumns, status_columns
from greentrack.track import STATUSES
from greentrack.track.columns import Bools, Ints

KEEP = 4  # indexes kept per process (dates × ledgers); a national one is about 20 MB
MATCHES_BYTES = 16 * 1024 * 1024  # ordered matches kept per index: a national query's are 1.2 MB at most
ROW = np.int32  # row numbers: half the bytes of int64 for what is cached per sort and per query
FEW_CHANGES = 20_000  # audit rows and new observations since an index's mark past which it is built afresh
GAP = 100  # changed targets this close in id are recomputed as one range (a range costs a few queries)
STATUS_SORTS = ("status", "progress", "due")  # the sorts whose order a status change moves
Rows = np.ndarray


@dataclass(frozen=True)
class Page:
    """The ids of one page of matching targets, how many matched in all, and whether any rests on 示例数据."""

    ids: list[int]
    total: int
    illustrative: bool


class TargetIndex:
    """The status columns of a ledger on one date, with the lookups lists need made once."""

    def __init__(self, columns: StatusColumns, place_names: dict[str, str],
                 parents: dict[str, str | None] | None = None) -> None:
        self.columns = columns
        self.place_names, self.parents = place_names, parents or {}
        self._departments: dict[str, Bools] = {}  # department query → the rows of its targets, at this mark
        self._place_codes: dict[str, str | None] = {}  # jurisdiction query → its division's code, at this mark
        self.children: dict[str | None, list[str]] = {}
        for code, parent in (parents or {}).items():
            self.children.setdefault(parent, []).append(code)
        self.jurisdiction, self.places = _categories(columns.jurisdiction)
        self.indicator_id, self.indicator_ids = _categories(columns.indicator_id)
        self.indicator, self.indicators = _categories(columns.indicator)
        # the per-target lists are held as codes now; 300,000 strings each need not stay
        self.columns = dataclasses.replace(columns, jurisdiction=[], indicator_id=[], indicator=[])
        names = [place_names.get(code or "", "") for code in self.places]  # `jurisdiction_name or ""`
        self.place_rank = _ranks(names)
        self.indicator_rank = _ranks(self.indicators)
        self.dimensions = [_dimension(i) for i in self.indicator_ids]
        self._lock = threading.Lock()
        self._orders: dict[str, tuple[Rows, Rows]] = {}  # sort → the ledger's order (see `_order`)
        self._matches = _Matches(MATCHES_BYTES)
        self._by_id: Rows | None = None  # the rows in ascending id (see `rows_of`)

    def rows_of(self, ids: Iterable[int]) -> Rows:
        """The rows of these target ids, those the index holds (in ascending id)."""
        if self._by_id is None:
            self._by_id = np.argsort(self.columns.ids, kind="stable").astype(ROW)
        wanted = np.unique(np.fromiter(ids, np.int64))
        held = self.columns.ids[self._by_id]
        where = np.minimum(np.searchsorted(held, wanted), max(len(held) - 1, 0))
        found = where[held[where] == wanted] if len(held) else where[:0]
        return self._by_id[found]

    def rows_reading(self, scope_keys: Collection[str], target_ids: Collection[int]) -> Rows:
        """The rows whose status reads an observation filed under one of `scope_keys` or for one of `target_ids`.

        As `repository.bulk.tracking_observations` joins them: a resolved target reads the values filed under
        `indicator:<its jurisdiction or ''>:<its indicator id>`, any target those filed for its own id.
        """
        places: dict[str, list[int]] = {}
        for number, code in enumerate(self.places):
            places.setdefault(code or "", []).append(number)
        indicators = {code: number for number, code in enumerate(self.indicator_ids) if code is not None}
        width = max(len(self.indicator_ids), 1)
        pairs = set()  # jurisdiction code · width + indicator code, of the keys named
        for key in scope_keys:
            if not key.startswith("indicator:"):
                continue  # target:<id>: the same target's own value, found by `target_ids`
            rest = key.removeprefix("indicator:")
            for colon in (i for i, char in enumerate(rest) if char == ":"):
                place, indicator = rest[:colon], rest[colon + 1:]  # a split that names a held place and indicator
                if indicator in indicators:
                    pairs.update(number * width + indicators[indicator] for number in places.get(place, ()))
        keyed = np.isin(self.jurisdiction * width + self.indicator_id, np.fromiter(pairs, np.int64, len(pairs)))
        return np.union1d(np.flatnonzero(keyed), self.rows_of(target_ids)).astype(ROW)

    def with_statuses(self, mark: tuple[int, int, int], rows: Rows, status: Ints, ratio: np.ndarray, due: Ints,
                      illustrative: Bools) -> TargetIndex:
        """This index at `mark`, with these rows' status columns replaced: a new object (a request reading this
        one keeps it whole); what no status moves — codes, ranks, the orders of other sorts — is shared."""
        old = self.columns
        columns = dataclasses.replace(old, mark=mark, status=old.status.copy(), ratio=old.ratio.copy(),
                                      due=old.due.copy(), illustrative=old.illustrative.copy())
        columns.status[rows], columns.ratio[rows], columns.due[rows] = status, ratio, due
        columns.illustrative[rows] = illustrative
        index = copy.copy(self)
        index.columns = columns
        index._departments, index._place_codes = dict(self._departments), dict(self._place_codes)
        index._lock = threading.Lock()
        with self._lock:
            index._orders = {sort: order for sort, order in self._orders.items() if sort not in STATUS_SORTS}
        index._matches = _Matches(MATCHES_BYTES)
        return index

    def department_rows(self, query: str, find: Callable[[str], set[int]]) -> Bools:
        """Which rows the departments `query` names answer for; `find` reads their targets once per index."""
        key = query.strip()
        if key not in self._departments:
            found = np.fromiter(find(key), np.int64)
            self._departments[key] = np.isin(self.columns.ids, found)
        return self._departments[key]

    def place_code(self, query: str, find: Callable[[str], str | None]) -> str | None:
        """The division a jurisdiction query names; `find` (repository.places.find_jurisdiction_code) asked once per
        query and index — places come with documents, which move the ledger mark."""
        key = query.strip()
        if key not in self._place_codes:
            self._place_codes[key] = find(key)
        return self._place_codes[key]

    def codes_under(self, code: str) -> set[str]:
        """The code and every stored division below it, as `repository.places.jurisdiction_codes_under` (read once)."""
        found, todo = set(), [code]
        while todo:
            current = todo.pop()
            if current not in found:
                found.add(current)
                todo.extend(self.children.get(current, ()))
        return found

    def page(self, status: str | None = None, year: int | None = None, dimension: str | None = None,
             indicator: str | None = None, places: Collection[str] | None = None,
             target_ids: Collection[int] | None = None, rows: Bools | None = None, sort: str = "id",
             descending: bool = False, limit: int = 50, offset: int = 0, rows_key: str | None = None) -> Page:
        """One page of the targets that pass every filter given (None: no such filter).

        `rows_key` names `rows` (a department query) so that the matches can be cached; without it they are not.
        """
        key = None
        if rows is None or rows_key is not None:  # a query is paged through: its ordered matches are kept
            key = (status, year, dimension, (indicator or "").strip(), _frozen(places), _frozen(target_ids),
                   rows_key, sort, descending)
        found = self._matches.get(key) if key is not None else None
        if found is None:
            keep = self._keep(status, year, dimension, indicator, places, target_ids, rows)
            found = self._ordered(keep, sort, descending)
            if key is not None:
                self._matches.put(key, found)
        order, illustrative = found
        return Page(self.columns.ids[order[offset:offset + limit]].tolist(), len(order), illustrative)

    def matching(self, places: Collection[str] | None = None, target_ids: Collection[int] | None = None,
                 rows: Bools | None = None, status: str | None = None, year: int | None = None,
                 dimension: str | None = None, indicator: str | None = None) -> Bools:
        """Which rows pass these filters, unordered (read-only: what a summary counts; `page` orders them)."""
        return self._keep(status, year, dimension, indicator, places, target_ids, rows)

    def _keep(self, status: str | None, year: int | None, dimension: str | None, indicator: str | None,
              places: Collection[str] | None, target_ids: Collection[int] | None, rows: Bools | None) -> Bools:
        """Which rows pass every filter given."""
        c = self.columns
        keep = np.ones(len(c.ids), dtype=bool)
        if status:
            keep &= c.status == STATUSES.index(status)
        if year is not None:
            keep &= c.year == year
        if dimension:
            keep &= np.isin(self.indicator_id, [i for i, d in enumerate(self.dimensions) if d == dimension])
        wanted = (indicator or "").strip()
        if wanted:
            keep &= (np.isin(self.indicator_id, [i for i, v in enumerate(self.indicator_ids) if v == wanted])
                     | np.isin(self.indicator, [i for i, text in enumerate(self.indicators) if wanted in text]))
        if places is not None:
            keep &= np.isin(self.jurisdiction, [i for i, code in enumerate(self.places) if code in places])
        if target_ids is not None:
            keep &= np.isin(c.ids, np.fromiter(target_ids, np.int64, len(target_ids)))
        if rows is not None:
            keep &= rows
        return keep

    def _ordered(self, keep: Bools, sort: str, descending: bool) -> tuple[Rows, bool]:
        """The kept rows by (value, id), reversed when descending, then the blank values in ledger order.

        The whole ledger's order per sort is made once; a query's order is that order with its rows kept
        (a stable filter), so each query costs a pass over the ledger rather than a sort of its matches.
        """
        filled, blank = self._order(sort)
        chosen = filled[keep[filled]]
        order = np.concatenate([chosen[::-1] if descending else chosen, blank[keep[blank]]])
        return order, bool(self.columns.illustrative[keep].any())

    def _order(self, sort: str) -> tuple[Rows, Rows]:
        """Every row with a value by (value, id) and the rows without one in ledger order (made once per sort)."""
        with self._lock:
            found = self._orders.get(sort)
        if found is None:
            c = self.columns
            value = {
                "id": lambda: c.ids.astype(float), "jurisdiction": lambda: self.place_rank[self.jurisdiction],
                "indicator": lambda: self.indicator_rank[self.indicator], "year": lambda: c.year,
                "due": lambda: np.where(c.due > 0, c.due, np.nan), "status": lambda: c.status.astype(float),
                "progress": lambda: c.ratio,
            }[sort]()
            blank = np.isnan(value)
            filled = np.flatnonzero(~blank)
            found = (filled[np.lexsort((c.ids[filled], value[filled]))].astype(ROW),
                     np.flatnonzero(blank).astype(ROW))
            with self._lock:
                self._orders[sort] = found
        return found


class _Matches:
    """The ordered matches of recent queries, least recently used dropped past a budget of bytes."""

    def __init__(self, budget: int) -> None:
        self._budget = budget
        self._held: OrderedDict[Hashable, tuple[Rows, bool]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> tuple[Rows, bool] | None:
        with self._lock:
            found = self._held.get(key)
            if found is not None:
                self._held.move_to_end(key)
            return found

    def put(self, key: Hashable, found: tuple[Rows, bool]) -> None:
        with self._lock:
            if key in self._held:
                return
            self._held[key] = found
            self._bytes += found[0].nbytes
            while self._bytes > self._budget and len(self._held) > 1:
                _, dropped = self._held.popitem(last=False)
                self._bytes -= dropped[0].nbytes


def _frozen(values: Collection[Any] | None) -> frozenset[Any] | None:
    return None if values is None else frozenset(values)


def _categories(values: list[Any]) -> tuple[Ints, list[Any]]:
    """Each value as a small integer, and the distinct values in order of first appearance."""
    codes: dict[Any, int] = {}
    column = np.fromiter((codes.setdefault(v, len(codes)) for v in values), np.int64, len(values))
    return column, list(codes)


def _ranks(texts: list[str]) -> np.ndarray:
    """Each text's place in Python's own string order (what sorting the rows compares); equal texts tie."""
    place = {text: rank for rank, text in enumerate(sorted(set(texts)))}
    return np.array([place[text] for text in texts], dtype=float)


def _dimension(indicator_id: str | None) -> str | None:
    indicator = get_indicator(indicator_id) if indicator_id else None
    return indicator.dimension if indicator else None


_INDEXES: OrderedDict[tuple[str, dt.date], TargetIndex] = OrderedDict()
_LOCK = threading.Lock()
_BUILDING: dict[tuple[str, dt.date], threading.Lock] = {}


def ledger_mark(session: Any) -> tuple[int, int, int]:
    """`repository.bulk.ledger_mark` in one statement (three primary-key maxima): every list request reads it."""
    found = session.execute(_mark_query()).one()
    return (found[0] or 0, found[1] or 0, found[2] or 0)


@functools.cache
def _mark_query() -> Any:
    from sqlalchemy import func, select

    from greentrack.ledger.schema import AuditRow, DocumentRow, ObservationRow

    return select(*(select(func.max(row.id)).scalar_subquery() for row in (AuditRow, DocumentRow, ObservationRow)))


def target_index(session: Any, ledger_key: str, as_of: dt.date) -> TargetIndex:
    """The index of the ledger on `as_of`, built (once, whoever asks first) when the ledger has changed.

    When only observations changed since the index kept for that date, it is brought up to date in place
    of a build: the statuses of the targets reading them are recomputed (`updated`).
    """
    from greentrack.ledger import repository

    key = (ledger_key, as_of)
    mark = ledger_mark(session)
    with _LOCK:
        found = _INDEXES.get(key)
        if found is not None and found.columns.mark == mark:
            _INDEXES.move_to_end(key)
            return found
        building = _BUILDING.setdefault(key, threading.Lock())
    with building:  # concurrent requests for the same index wait for one build
        with _LOCK:
            found = _INDEXES.get(key)
            if found is not None and found.columns.mark == mark:
                return found
        index = updated(session, found, mark) if found is not None else None
        if index is None:
            index = TargetIndex(status_columns(session, as_of), repository.places.jurisdiction_names(session),
                                repository.places.jurisdiction_parents(session))
        with _LOCK:
            _INDEXES[key] = index
            _INDEXES.move_to_end(key)
            while len(_INDEXES) > KEEP:
                _INDEXES.popitem(last=False)
        return index


def updated(session: Any, index: TargetIndex, mark: tuple[int, int, int]) -> TargetIndex | None:
    """`index` brought to `mark` when only observations changed since its own, else None (build it afresh).

    Observations move only the statuses of the targets that read them: those are recomputed from the
    database (`status._slice_status`, a range of ids at a time, as a build computes them) and nothing
    else is read. Documents, target corrections, new places or many changes need a build.
    """
    from greentrack.ledger import repository

    rows = _rows_changed(session, index, mark)
    if rows is None:
        return None
    if not len(rows):
        return index.with_statuses(mark, rows, *(np.zeros(0),) * 4)
    ids = np.sort(index.columns.ids[rows])
    documents = tuple(_documents_of(session, ids.tolist()))  # current, as the index's targets are
    summarise = mark[2] < repository.bulk.KEY_SCALE
    parts = [bulk_status._slice_status(session, index.columns.as_of, first, last, summarise, documents)
             for first, last in _ranges(ids)]
    found = np.concatenate([p[0] for p in parts])
    rows_found = index.rows_of(found)  # in ascending id
    if len(rows_found) != len(found) or not np.isin(rows, rows_found).all():
        return None  # the ledger's targets are not the index's: build afresh
    order = np.argsort(found, kind="stable")

    def joined(field: int) -> np.ndarray:
        return np.concatenate([p[field] for p in parts])[order]

    return index.with_statuses(mark, rows_found, joined(1), joined(2), joined(3), joined(4))


def _rows_changed(session: Any, index: TargetIndex, mark: tuple[int, int, int]) -> Rows | None:
    """The rows whose status the changes between the index's mark and `mark` may move; None when anything
    but observations changed (a document, a target, a place) or too much did."""
    from greentrack.ledger import repository

    (audit_was, documents_was, observations_was), (audit, documents, observations) = index.columns.mark, mark
    if (documents != documents_was or audit < audit_was or observations < observations_was
            or audit - audit_was + observations - observations_was > FEW_CHANGES):
        return None
    keys: set[str] = set()
    own: set[int] = set()
    for entity, before, after in session.execute(_audit_query(), {"first": audit_was, "last": audit}):
        if entity != "observation":
            return None
        for snapshot in (before, after):
            if snapshot:
                _note(keys, own, snapshot.get("scope_key"), snapshot.get("target_id"))
    # rows written without the ORM leave no audit row: the new ones are read by id
    for scope_key, target_id in session.execute(_observations_query(),
                                                {"first": observations_was, "last": observations}):
        _note(keys, own, scope_key, target_id)
    if (repository.places.jurisdiction_names(session) != index.place_names
            or repository.places.jurisdiction_parents(session) != index.parents):
        return None  # an observation brought a place: names, ranks and the tree move
    own |= repository.observations.targets_reading(session, keys)  # a series with its measure, scope, or shared
    return index.rows_reading(keys, own)


def _note(keys: set[str], own: set[int], scope_key: str | None, target_id: int | None) -> None:
    if scope_key:
        keys.add(scope_key)
    if target_id is not None:
        own.add(int(target_id))


def _ranges(ids: np.ndarray) -> list[tuple[int, int]]:
    """Ascending ids as (first, last) ranges, ids less than GAP apart in one."""
    breaks = np.flatnonzero(np.diff(ids) >= GAP) + 1
    return [(int(chunk[0]), int(chunk[-1])) for chunk in np.split(ids, breaks)]


def _documents_of(session: Any, ids: list[int]) -> set[int]:
    """The documents of these targets, a few hundred ids per query."""
    from sqlalchemy import select

    from greentrack.ledger.schema import TargetRow

    found: set[int] = set()
    for start in range(0, len(ids), 500):
        found.update(session.scalars(select(TargetRow.document_id).where(TargetRow.id.in_(ids[start:start + 500]))))
    return found


@functools.cache
def _audit_query() -> Any:
    from sqlalchemy import bindparam, select

    from greentrack.ledger.schema import AuditRow

    return (select(AuditRow.entity, AuditRow.before, AuditRow.after)
            .where(AuditRow.id > bindparam("first"), AuditRow.id <= bindparam("last")))


@functools.cache
def _observations_query() -> Any:
    from sqlalchemy import bindparam, select

    from greentrack.ledger.schema import ObservationRow

    return (select(ObservationRow.scope_key, ObservationRow.target_id)
            .where(ObservationRow.id > bindparam("first"), ObservationRow.id <= bindparam("last")))
