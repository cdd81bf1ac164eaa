"""Monitoring values: recorded, corrected, listed, and each target's as its status reads them.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from greentrack.errors import DuplicateObservation
from greentrack.ledger.periods import period_end
from greentrack.ledger.records import NewObservation, ObservationRecord, TargetRecord, observation_key
from greentrack.ledger.repository.places import ensure_jurisdiction
from greentrack.ledger.schema import ObservationRow


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
        # plain rows, not ORM objects: only read, and a page of a list reads hundreds of them
        rows = session.execute(select(*ObservationRow.__table__.columns)
                               .where(ObservationRow.scope_key.in_(keys[start:start + 500]))
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
