"""Bulk reads for tracking (greentrack.scale.status) and the ledger's mark (greentrack.scale.index).

Set-based: one query for every current target and one per kind of observation key, read as the driver's
own tuples (no ORM objects, no Row wrappers, no bound-parameter lists), so that 300,000 targets and
3 million observations cost what the database and the driver cost.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Integer, case, cast, extract, func, literal, literal_column, select
from sqlalchemy.orm import Session, aliased

from greentrack.ledger.records import REJECTED
from greentrack.ledger.repository.documents import in_newest_versions
from greentrack.ledger.repository.observations import series_sql
from greentrack.ledger.schema import AuditRow, DocumentRow, ObservationRow, TargetRow


def _current_targets_query() -> Any:
    return in_newest_versions(select(TargetRow.id).join(DocumentRow, DocumentRow.id == TargetRow.document_id)
                              .where(TargetRow.review_state != REJECTED))


def _newest_documents_query() -> Any:
    return in_newest_versions(select(DocumentRow.id))


def newest_document_ids(session: Session) -> list[int]:
    """The id of the newest version of every document (those whose targets are current)."""
    return [row[0] for row in _driver_rows(session, _newest_documents_query())]


def _in_current_document(documents: Sequence[int] | None = None) -> Any:
    """Whether a target is in the newest version of its document (`documents`, when the caller has them) and not
    rejected by a person (as `documents.current_targets` has it).

    A test per target row, for a range of ids: joined instead, the database would walk every
    document's targets for each slice of ids; `document_id + 0` keeps it from reading targets by that
    index. Finding the newest versions costs ~35 ms on 10,000 documents, so a caller reading many
    slices finds them once and passes them, written out (compiling 10,000 bound literals costs more).
    """
    kept = TargetRow.review_state != REJECTED
    if documents is None:
        return (TargetRow.document_id + 0).in_(_newest_documents_query()) & kept
    return (TargetRow.document_id + 0).op("IN")(literal_column(_listed(tuple(documents)))) & kept


@lru_cache(maxsize=4)
def _listed(numbers: tuple[int, ...]) -> str:
    """The numbers as an SQL list, written once for the many queries of one run."""
    return "(" + (", ".join(str(int(number)) for number in numbers) or "NULL") + ")"


def _driver_rows(session: Session, statement: Any) -> Iterator[tuple[Any, ...]]:
    """The rows of a statement (literal values only) as the driver's tuples, from a cursor of its own.

    A plain DBAPI cursor on the session's connection (so in its transaction): SQLAlchemy's result
    objects would wrap every row, and a streamed result keeps rows of its own in a buffer.
    """
    connection = session.connection()
    sql = str(statement.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    cursor = connection.connection.cursor()
    cursor.execute(sql)
    return iter(cursor)  # type: ignore[arg-type]


TRACKING_FIELDS = ("id", "kind", "comparator", "value", "unit", "year", "deadline", "baseline_value",
                   "baseline_year", "reference_year", "indicator_id", "canonical_value", "canonical_unit",
                   "indicator", "jurisdiction_code", "period_start", "issue_date")


def tracking_ids(session: Session) -> list[int]:
    """The id of every current target, in ledger order (document, position, id)."""
    query = _current_targets_query().order_by(TargetRow.document_id, TargetRow.start, TargetRow.id)
    return [row[0] for row in _driver_rows(session, query)]


def tracking_rows(session: Session, first: int | None = None, last: int | None = None,
                  documents: Sequence[int] | None = None) -> list[tuple[Any, ...]]:
    """TRACKING_FIELDS of every current target (with `first` ≤ id ≤ `last` when given), one tuple each.

    `documents`: the newest documents' ids (`newest_document_ids`), when the caller has them.
    """
    columns = [getattr(TargetRow, name) for name in TRACKING_FIELDS[:-1]]
    query = (select(*columns, DocumentRow.issue_date).join(DocumentRow, DocumentRow.id == TargetRow.document_id)
             .where(_in_current_document(documents)))
    return list(_driver_rows(session, _id_range(query, first, last).order_by(TargetRow.id)))


def _id_range(query: Any, first: int | None, last: int | None, column: Any = TargetRow.id) -> Any:
    """`query` kept to target ids from `first` to `last` (either open), read in `column`."""
    if first is not None:
        query = query.where(column >= first)
    if last is not None:
        query = query.where(column <= last)
    return query


def _ordinal(session: Session) -> Any:
    """period_end as a proleptic Gregorian ordinal (`date.toordinal()`), computed by the database."""
    if session.get_bind().dialect.name == "sqlite":
        return cast(func.julianday(ObservationRow.period_end) - 1721424.5, Integer)
    return (ObservationRow.period_end - literal(dt.date(1, 1, 1))) + 1


OBSERVATION_FIELDS = ("target_id", "ordinal", "value", "unit", "illustrative", "id", "period")


def tracking_observations(session: Session, own: bool = False, first: int | None = None,
                          last: int | None = None, kind: str | None = None,
                          documents: Sequence[int] | None = None) -> Iterator[tuple[Any, ...]]:
    """OBSERVATION_FIELDS of the values every current target reads, streamed as driver tuples.

    `own=False`: the values of the series each target reads (its default or the one a person chose; the
    period is left out: None); `own=True`: the values filed for one target itself, period included.
    `observations_for` merges the two (a target's own value wins for its period). `first` and `last`
    bound the target ids, so that a national ledger can be read a slice at a time; `kind` keeps the
    targets of that kind only; `documents` as in `tracking_rows`.
    """
    fields = [TargetRow.id, _ordinal(session), ObservationRow.value, ObservationRow.unit,
              ObservationRow.illustrative, ObservationRow.id, ObservationRow.period if own else literal(None)]
    query = _id_range(select(*fields).select_from(TargetRow).where(_in_current_document(documents)), first, last)
    if kind is not None:
        query = query.where(TargetRow.kind == kind)
    if own:
        query = query.join(ObservationRow, ObservationRow.target_id == TargetRow.id).where(
            ObservationRow.withdrawn_at.is_(None))
    else:
        query = query.join(ObservationRow, _in_series())
    return _driver_rows(session, query)


def _in_series() -> Any:
    """An observation of the series a target reads (repository.observations.series_sql), not one filed for the
    target itself (read as its own: `own=True`); withdrawn values have left every series."""
    return (ObservationRow.scope_key == series_sql()) & (
        ObservationRow.target_id.is_(None) | (ObservationRow.target_id != TargetRow.id))


KEY_SCALE = 1 << 32  # an observation's (date, id) as one integer: ordinal · 2³² + id (ids below 2³²)


SUMMARY_FIELDS = ("target_id", "unit", "other_unit", "flags", "first_key", "last_key", "reference_key", "first_value",
                  "last_value", "reference_value")


FLAG_ILLUSTRATIVE, FLAG_NOT_FINITE = 1, 2  # SUMMARY_FIELDS' flags: the largest of its rows'


def tracking_summaries(session: Session, as_of: dt.date, first: int | None = None, last: int | None = None,
                       documents: Sequence[int] | None = None) -> Iterator[tuple[Any, ...]]:
    """SUMMARY_FIELDS per current target with values in its series, grouped in the database.

    What a status on `as_of` reads of a target's values, instead of every row: the last row dated
    on or before `as_of`, the first one for a level target (its baseline when the plan states none)
    and the last one in the reference year (reference_year, else baseline_year) for a change target,
    each as a key `ordinal · KEY_SCALE + id` (−1 when there is none) and its value (0.0 then); the
    smallest and the largest unit of all its rows (equal when they share one);
    FLAG_NOT_FINITE when a value is not a finite number, else FLAG_ILLUSTRATIVE when a row is
    illustrative, else 0. Rows of equal date are ordered by id, as `observations_for` orders them;
    `documents` as in `tracking_rows`.
    Each row costs the database a few aggregate steps: dates compare as dates, the ordinal is
    computed only inside the keys.
    """
    key = _ordinal(session) * literal(KEY_SCALE) + ObservationRow.id
    dated = ObservationRow.period_end <= as_of
    in_reference = _year(session) == func.coalesce(TargetRow.reference_year, TargetRow.baseline_year)
    finite = ObservationRow.value.between(-sys.float_info.max, sys.float_info.max)  # NaN and ±inf fail
    flag = case((finite, cast(ObservationRow.illustrative, Integer) * FLAG_ILLUSTRATIVE), else_=FLAG_NOT_FINITE)
    grouped = _id_range(  # targets read in id order (a test, not a join, for current ones): grouped without a sort

        select(TargetRow.id.label("target_id"), func.min(ObservationRow.unit).label("unit"),
               func.max(ObservationRow.unit).label("other_unit"), func.max(flag).label("flags"),
               func.coalesce(func.min(case(((TargetRow.kind == "level") & dated, key))), -1).label("first_key"),
               func.coalesce(func.max(case((dated, key))), -1).label("last_key"),
               func.coalesce(func.max(case(((TargetRow.kind == "change") & dated & in_reference, key))),
                             -1).label("reference_key"))
        .join(ObservationRow, _in_series())
        .where(_in_current_document(documents)), first, last
    ).group_by(TargetRow.id).subquery()
    picked = [aliased(ObservationRow) for _ in range(3)]
    query = select(*grouped.c, *(func.coalesce(row.value, 0.0) for row in picked))
    for row, column in zip(picked, (grouped.c.first_key, grouped.c.last_key, grouped.c.reference_key), strict=True):
        scale = literal(KEY_SCALE)  # key − (key ÷ scale)·scale, not %: psycopg reads % in a query as a parameter
        query = query.outerjoin(row, row.id == column - column // scale * scale)
    return _driver_rows(session, query)


def _year(session: Session) -> Any:
    """The calendar year of period_end (SQLite: its first four characters, cheaper than parsing the date)."""
    if session.get_bind().dialect.name == "sqlite":
        return cast(func.substr(ObservationRow.period_end, 1, 4), Integer)
    return cast(extract("year", ObservationRow.period_end), Integer)


def own_observations_between(session: Session, first: int | None = None, last: int | None = None) -> int:
    """How many values are filed for a target itself (its own, not its indicator's) among these target ids."""
    return session.scalar(_id_range(select(func.count()).select_from(ObservationRow)
                                    .where(ObservationRow.target_id.is_not(None),
                                           ObservationRow.withdrawn_at.is_(None)), first, last,
                                    ObservationRow.target_id)) or 0


def running_targets(session: Session, first: int | None = None, last: int | None = None) -> list[int]:
    """The ids of the cumulative targets among these whose values are reported as running totals (累计)."""
    return list(session.scalars(_id_range(select(TargetRow.id).where(TargetRow.kind == "cumulative",
                                                                     TargetRow.reporting == "running"), first, last)))


def keyed_periods(session: Session, observation_ids: Sequence[int]) -> dict[int, str]:
    """The period of each of these observations (for the few a target's own values may shadow)."""
    found: dict[int, str] = {}
    for start in range(0, len(observation_ids), 500):
        chunk = list(observation_ids[start:start + 500])
        found.update((number, period) for number, period in session.execute(
            select(ObservationRow.id, ObservationRow.period).where(ObservationRow.id.in_(chunk))))
    return found


def ledger_mark(session: Session) -> tuple[int, int, int]:
    """What moves whenever a target, an observation or a document does: the newest audit row, document, observation.

    Every change to a target or an observation through the ledger is audited (the audit log only
    grows) and a new document brings targets; a status computed at one mark holds while the mark does.
    """
    return (session.scalar(select(func.max(AuditRow.id))) or 0, session.scalar(select(func.max(DocumentRow.id))) or 0,
            session.scalar(select(func.max(ObservationRow.id))) or 0)
