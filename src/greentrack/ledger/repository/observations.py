"""Monitoring values: recorded, corrected, withdrawn, listed, and each target's series as its status reads them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import String, case, cast, func, literal, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from greentrack.errors import DuplicateObservation, SeriesConflict, UnknownObservation
from greentrack.ledger.periods import period_end
from greentrack.ledger.records import NewObservation, ObservationRecord, TargetRecord, observation_key
from greentrack.ledger.repository.places import ensure_jurisdiction
from greentrack.ledger.schema import ObservationRow, TargetRow
from greentrack.ledger.series import ADDED, GENERIC_WORDS, SCOPE_CHARS, WHAT_CHARS, WHOLE_PLACE


def series_sql() -> Any:
    """The key of the series each target reads, in SQL: `ledger.series.default_series_key` unless a person chose."""
    scope = func.trim(func.coalesce(TargetRow.scope, ""))
    what: Any = TargetRow.indicator
    for word in GENERIC_WORDS:
        what = func.replace(what, word, "")
    default = case(
        (TargetRow.indicator_id.is_(None), literal("target:") + cast(TargetRow.id, String)),
        else_=literal("indicator:") + func.coalesce(TargetRow.jurisdiction_code, "") + ":" + TargetRow.indicator_id
        + case((TargetRow.kind == "cumulative", ADDED), else_="") + "|" + func.substr(what, 1, WHAT_CHARS)
        + case((scope.in_(("", *WHOLE_PLACE)), ""), else_=literal("|") + func.substr(scope, 1, SCOPE_CHARS)))
    return func.coalesce(TargetRow.series_key, default)


def _keys_of(session: Session, jurisdiction_code: str | None, indicator_id: str) -> list[str]:
    """The series of every target of an indicator in a place (any version), as a value reported for the
    indicator and place fills them all."""
    query = select(series_sql()).where(TargetRow.indicator_id == indicator_id)
    query = query.where(TargetRow.jurisdiction_code.is_(None) if jurisdiction_code is None
                        else TargetRow.jurisdiction_code == jurisdiction_code)
    return sorted(set(session.scalars(query)))


def add_observation(session: Session, new: NewObservation) -> ObservationRecord:
    """Record one value; DuplicateObservation when its series and period already hold one.

    A value given by indicator and place (no series) fills the series of every target of that indicator
    there, one row each (`add_observations`); the first row is returned.
    """
    return add_observations(session, new)[0]


def add_observations(session: Session, new: NewObservation) -> list[ObservationRecord]:
    """Record one value in its series, or given by indicator and place (no series) in the series of every target
    of that indicator there (none yet: under the indicator's plain key); the rows written."""
    if new.series_key:
        keys = [new.series_key]
    elif new.indicator_id:
        keys = _keys_of(session, new.jurisdiction_code, new.indicator_id) or [
            observation_key(new.jurisdiction_code, new.indicator_id, None)]
    else:
        keys = [observation_key(None, None, new.target_id)]
    if new.jurisdiction_code:
        ensure_jurisdiction(session, new.jurisdiction_code)
    return [_add(session, new, key) for key in keys]


def _add(session: Session, new: NewObservation, key: str) -> ObservationRecord:
    existing = session.scalars(select(ObservationRow).where(ObservationRow.scope_key == key,
                                                            ObservationRow.period == new.period)).first()
    if existing is not None:
        raise DuplicateObservation(f"{key} already has a value for {new.period} ({existing.value:g} {existing.unit})"
                                   " — correct it instead of adding another")
    own = new.target_id is not None and key == observation_key(None, None, new.target_id)
    row = ObservationRow(
        scope_key=key, jurisdiction_code=new.jurisdiction_code, indicator_id=new.indicator_id,
        target_id=new.target_id if own else None, period=new.period,
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


EDITABLE = ("value", "unit", "value_written", "unit_written", "source", "reporter", "note", "change_reason")


def update_observation(session: Session, observation_id: int, **changes: object) -> ObservationRecord:
    """Correct a recorded value (value, unit, source, note, why …); the change is audited with before and after."""
    row = _row(session, observation_id)
    for name, value in changes.items():
        if name not in EDITABLE:
            raise ValueError(f"observations have no editable field {name!r}")
        setattr(row, name, value)
    session.flush()
    return _observation_record(row)


def withdraw_observation(session: Session, observation_id: int, actor: str, reason: str) -> ObservationRecord:
    """Withdraw a value: it counts in no status from now on and stays in the history (audited, with why)."""
    row = _row(session, observation_id)
    if row.withdrawn_at is not None:
        raise SeriesConflict(f"observation {observation_id} was already withdrawn on {row.withdrawn_at:%Y-%m-%d} "
                             f"by {row.withdrawn_by}")
    row.withdrawn_key, row.scope_key = row.scope_key, f"withdrawn:{row.id}"  # frees its period for a new value
    row.withdrawn_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    row.withdrawn_by, row.change_reason = actor, reason
    session.flush()
    return _observation_record(row)


def get_observation(session: Session, observation_id: int) -> ObservationRecord:
    """One stored value by id (withdrawn or not); UnknownObservation when there is none."""
    return _observation_record(_row(session, observation_id))


def _row(session: Session, observation_id: int) -> ObservationRow:
    row = session.get(ObservationRow, observation_id)
    if row is None:
        raise UnknownObservation(f"no observation {observation_id} in the ledger — "
                                 "`greentrack observations --target ID` lists a target's values with their ids")
    return row


def list_observations(session: Session) -> list[ObservationRecord]:
    """Every value that counts (withdrawn ones left out), by series and period."""
    rows = session.scalars(select(ObservationRow).where(ObservationRow.withdrawn_at.is_(None))
                           .order_by(ObservationRow.scope_key, ObservationRow.period_end))
    return [_observation_record(r) for r in rows]


def observations_for(session: Session, targets: Iterable[TargetRecord]) -> dict[int, list[ObservationRecord]]:
    """Each target's observations that count, oldest first: its series', and its own.

    A target's own observations (filed while its indicator was unresolved) stay its own after a person
    resolves it; for a period both have, its own value wins. Withdrawn values are left out.
    """
    wanted = {t.id: t.observation_key for t in targets}
    own = {t_id: observation_key(None, None, t_id) for t_id in wanted}
    by_key = _by_key(session, sorted(set(wanted.values()) | set(own.values())))
    found: dict[int, list[ObservationRecord]] = {}
    for target_id, key in wanted.items():
        mine = by_key.get(own[target_id], []) if key != own[target_id] else []
        periods = {o.period for o in mine}
        merged = [o for o in by_key.get(key, []) if o.period not in periods] + mine
        found[target_id] = sorted(merged, key=lambda o: (o.period_end, o.id))
    return found


def _by_key(session: Session, keys: list[str], column: Any = ObservationRow.scope_key,
            ) -> dict[str, list[ObservationRecord]]:
    by_key: dict[str, list[ObservationRecord]] = {}
    for start in range(0, len(keys), 500):  # stay below the dialects' bound-parameter limits
        # plain rows, not ORM objects: only read, and a page of a list reads hundreds of them
        rows = session.execute(select(*ObservationRow.__table__.columns)
                               .where(column.in_(keys[start:start + 500]))
                               .order_by(ObservationRow.period_end, ObservationRow.id))
        for row in rows:
            by_key.setdefault(getattr(row, column.key), []).append(_observation_record(row))
    return by_key


def history_for(session: Session, target: TargetRecord) -> list[ObservationRecord]:
    """A target's values as its page shows them: those that count and those withdrawn, oldest first."""
    counted = observations_for(session, [target])[target.id]
    keys = sorted({target.observation_key, observation_key(None, None, target.id)})
    withdrawn = [o for found in _by_key(session, keys, ObservationRow.withdrawn_key).values() for o in found]
    return sorted(counted + withdrawn, key=lambda o: (o.period_end, o.id))


def targets_reading(session: Session, keys: Iterable[str]) -> set[int]:
    """The ids of the targets whose series is one of `keys` (chosen or by default)."""
    wanted = sorted(set(keys))
    found: set[int] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        found.update(session.scalars(select(TargetRow.id).where(TargetRow.series_key.in_(chunk))))
        found.update(int(k.removeprefix("target:")) for k in chunk
                     if k.startswith("target:") and k.removeprefix("target:").isdigit())
        by_pair: dict[tuple[str, str], list[str]] = {}
        for key in (k for k in chunk if k.startswith("indicator:")):
            code, _, rest = key.removeprefix("indicator:").partition(":")
            by_pair.setdefault((code, rest.partition("|")[0]), []).append(key)
        for (code, indicator_id), keys in by_pair.items():  # the indexed columns first, the key on those few
            place = TargetRow.jurisdiction_code.is_(None) if not code else TargetRow.jurisdiction_code == code
            found.update(session.scalars(select(TargetRow.id).where(
                TargetRow.indicator_id == indicator_id, place, TargetRow.series_key.is_(None),
                series_sql().in_(keys))))
    return found


def set_series(session: Session, target_id: int, key: str | None) -> None:
    """Point a target at a series (None: back to its default); audited as a change of the target."""
    row = session.get(TargetRow, target_id)
    if row is None:
        raise KeyError(target_id)
    row.series_key = key
    session.flush()


def copy_series(session: Session, source: str, into: str, reporter: str, target_id: int | None = None) -> int:
    """Copy the values of one series that count into another (periods it already holds are kept); how many.
    `target_id`: the target whose own series `into` is (`target:<id>`)."""
    taken = set(session.scalars(select(ObservationRow.period).where(ObservationRow.scope_key == into)))
    copied = 0
    for row in session.scalars(select(ObservationRow).where(ObservationRow.scope_key == source)
                               .order_by(ObservationRow.period_end, ObservationRow.id)):
        if row.period in taken:
            continue
        session.add(ObservationRow(
            scope_key=into, jurisdiction_code=row.jurisdiction_code, indicator_id=row.indicator_id,
            target_id=target_id if target_id is not None and into == f"target:{target_id}" else None,
            period=row.period, period_end=row.period_end, value=row.value, unit=row.unit,
            value_written=row.value_written, unit_written=row.unit_written, source=row.source,
            reporter=row.reporter or reporter, note=row.note, illustrative=row.illustrative,
            change_reason=f"copied from series {source}"))
        copied += 1
    session.flush()
    return copied


def series_value_count(session: Session, key: str) -> int:
    """How many values that count a series holds."""
    return session.scalar(select(func.count()).select_from(ObservationRow).where(ObservationRow.scope_key == key)) or 0


def _observation_record(row: Any) -> ObservationRecord:
    return ObservationRecord(row.id, row.jurisdiction_code, row.indicator_id, row.target_id, row.period,
                             row.period_end, row.value, row.unit, row.value_written, row.unit_written, row.source,
                             row.reporter, row.note, row.illustrative, row.withdrawn_key or row.scope_key,
                             row.change_reason, row.withdrawn_at, row.withdrawn_by, row.recorded_at)
