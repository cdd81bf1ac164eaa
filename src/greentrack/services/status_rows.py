"""Stored targets read and assessed by id (a page of a list, the targets a page shows), and who answers for every
target, read once per ledger mark: what the status services and the warning lists (`warning_list`) share."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from greentrack.ledger.db import Ledger
    from greentrack.ledger.records import TargetRecord
    from greentrack.ledger.status import StatusRow
    from greentrack.scale.index import TargetIndex


def target_rows(ledger: Ledger, ids: Sequence[int], as_of: date) -> list[StatusRow]:
    """Stored targets by id, in that order, assessed on `as_of` (a page of `indexed_page`; no access check)."""
    from greentrack.ledger import repository
    from greentrack.ledger.budget import checkpoint

    checkpoint()  # between pages, a served request that was abandoned or ran out of time stops
    if not ids:
        return []
    with ledger.session() as session:
        return status_rows(session, repository.documents.targets_by_ids(session, ids), as_of)


def status_rows(session: Session, records: list[TargetRecord], as_of: date) -> list[StatusRow]:
    """Stored targets of any version assessed on `as_of`, as the status report does for current ones."""
    from greentrack.ledger import repository
    from greentrack.ledger.status import StatusRow
    from greentrack.ledger.tracking import track_input
    from greentrack.track import assess_many

    observations = repository.observations.observations_for(session, records)
    inputs = [track_input(r, observations[r.id]) for r in records]
    assessments = assess_many([i.target for i in inputs], {i.target.id: i.observations for i in inputs}, as_of)
    return [StatusRow(r, tuple(observations[r.id]), i, a) for r, i, a in zip(records, inputs, assessments, strict=True)]


_RESPONSIBLE: dict[tuple[str, tuple[int, int, int]], tuple[Any, list[str]]] = {}  # (ledger, mark) → names


def responsible(ledger: Ledger, session: Session, index: TargetIndex) -> tuple[Any, list[str]]:
    """`ledger.status.responsible_names` at the index's ledger mark, read once per mark."""
    from greentrack.ledger.status import responsible_names

    key = (ledger.url, index.columns.mark)  # a new document or correction moves the mark
    found = _RESPONSIBLE.get(key)
    if found is None:
        found = responsible_names(session)
        _RESPONSIBLE.clear()  # one ledger's at a time: a national one is a few MB
        _RESPONSIBLE[key] = found
    return found
