"""Target lists as JSON bytes: each row's `TargetSummary` serialised once per ledger mark and date, then reused.

A page of GET /api/v1/targets is 50 rows of a ledger that changes far less often than it is read; building
the rows (read the targets, assess them, validate and serialise the models) was half of a request's time.
The bytes of each row are kept per (ledger, mark, as_of, target id) — `repository.bulk.ledger_mark` moves with
every change to a target, an observation or a document, so a row made at an old mark is never served —
and the page is the model's own serialisation with those rows spliced in: the same bytes FastAPI writes
for the `TargetPage` model (pydantic's JSON, field order of the model), without validating it again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date

from greentrack.ledger.db import Ledger
from greentrack.services.status import target_rows
from greentrack.services.target_query import IndexedPage
from greentrack.web import api_records, schemas

ROWS = 20_000  # serialised rows kept per process (about 1 KB each)
GROUPS = 8  # (ledger, date) pairs kept at once, as the target indexes are
Group = tuple[str, date]  # (ledger, as_of): one mark at a time each

_ROWS: OrderedDict[Group, tuple[tuple[int, int, int], dict[int, bytes]]] = OrderedDict()
_LOCK = threading.Lock()
_SERIALISE = schemas.TargetSummary.__pydantic_serializer__


def page_json(ledger: Ledger, page: IndexedPage, as_of: date, limit: int, offset: int) -> bytes:
    """The JSON of a `TargetPage` over the page's targets: byte for byte what the response model gives."""
    head = schemas.TargetPage(as_of=as_of, total=page.total, limit=limit, offset=offset,
                              illustrative=page.illustrative, items=[]).model_dump_json().encode("utf-8")
    if not head.endswith(b"[]}"):  # items is the model's last field (schemas.TargetPage)
        raise AssertionError("TargetPage must end with its items")
    return head[:-2] + b",".join(rows_json(ledger, page, as_of)) + b"]}"


def rows_json(ledger: Ledger, page: IndexedPage, as_of: date) -> list[bytes]:
    """The serialised `TargetSummary` of each target of the page, in its order (the missing ones made now)."""
    group = (ledger.url, as_of)
    held = _held(group, page.mark)
    with _LOCK:
        found = {i: held[i] for i in page.ids if i in held}
    missing = [i for i in page.ids if i not in found]
    if missing:
        made = {row.record.id: _SERIALISE.to_json(api_records.target_summary(row))
                for row in target_rows(ledger, missing, as_of)}
        found.update(made)
        _keep(group, page.mark, made)
    return [found[i] for i in page.ids if i in found]


def _held(group: Group, mark: tuple[int, int, int]) -> dict[int, bytes]:
    """The rows kept for the group at this mark (an empty set when the ledger has moved on)."""
    with _LOCK:
        found = _ROWS.get(group)
        if found is None or found[0] != mark:
            return {}
        _ROWS.move_to_end(group)
        return found[1]


def _keep(group: Group, mark: tuple[int, int, int], made: dict[int, bytes]) -> None:
    """Keep the new rows under their mark (rows of another mark are dropped); past ROWS, the least recently
    used groups go first, then the group's oldest rows."""
    with _LOCK:
        found = _ROWS.get(group)
        if found is None or found[0] != mark:
            found = _ROWS[group] = (mark, {})
        found[1].update(made)
        _ROWS.move_to_end(group)
        while len(_ROWS) > GROUPS or (len(_ROWS) > 1 and sum(len(rows) for _, rows in _ROWS.values()) > ROWS):
            _ROWS.popitem(last=False)
        rows = found[1]
        for number in list(rows)[:max(0, len(rows) - ROWS)]:  # dicts keep insertion order: oldest first
            del rows[number]


def clear() -> None:
    """Forget every kept row (tests)."""
    with _LOCK:
        _ROWS.clear()
