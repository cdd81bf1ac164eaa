"""A target's series of monitoring values (docs/ledger.md "Series"): shown, shared, split; its reporting rule set;
one of its values corrected or withdrawn, with who, when, old → new and why in the audit log.

Who may: sharing, splitting and the reporting rule change how a target is tracked, so they take the review
right (`review`) and sight of every target named; a correction or withdrawal is an observation write, so it
takes what recording a value takes (`report`, and a target reading the value the user may report on).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from greentrack.services.scope import acting

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from greentrack.auth import Principal
    from greentrack.ledger.db import Ledger
    from greentrack.ledger.records import AuditRecord, ObservationRecord, TargetRecord


@dataclass(frozen=True)
class SeriesView:
    """A target's series: its key, whether a person chose it, the targets reading it, its reporting rule and
    every value (withdrawn ones included, marked), with the audit entries of those values."""

    target: TargetRecord
    key: str
    chosen: bool
    sharing: tuple[TargetRecord, ...]
    rule: str | None
    history: tuple[ObservationRecord, ...]
    changes: tuple[AuditRecord, ...]


RULE_WORDS = {"annual": "annual", "当年新增": "annual", "新增": "annual", "running": "running", "累计": "running",
              "default": None, "默认": None}


def series_of(ledger: Ledger, target_id: int, who: Principal | None = None) -> SeriesView:
    """The target's series as its page shows it; Forbidden unless `who` may see the target."""
    from greentrack.auth import require, require_target

    reader = acting(ledger, who)
    require(reader, "read")
    with ledger.session() as session:
        record = _target(session, target_id)
        require_target(reader, record.id, record.jurisdiction_code)
        return _view(session, record)


def _view(session: Session, record: TargetRecord) -> SeriesView:
    from greentrack.ledger import repository

    key = record.observation_key
    sharing = [t for t in repository.documents.targets_by_ids(
        session, sorted(repository.observations.targets_reading(session, [key]) - {record.id}))
        if t.observation_key == key]
    history = repository.observations.history_for(session, record)
    changes = [e for o in history for e in repository.audit.audit_entries(session, "observation", str(o.id))
               if e.action == "update"]
    return SeriesView(record, key, record.series_key is not None, tuple(sharing), record.reporting_rule,
                      tuple(history), tuple(sorted(changes, key=lambda e: (e.at, e.id))))


def _target(session: Session, target_id: int) -> TargetRecord:
    from greentrack.ledger import repository

    return repository.documents.get_target(session, target_id)


def share_series(ledger: Ledger, target_id: int, others: list[int], who: Principal | None = None) -> SeriesView:
    """Let `others` read `target_id`'s series (their own earlier values stay in their old series, kept).

    SeriesConflict unless every target is in the same place, of the same catalog indicator (or, unresolved,
    in the same unit) and of the same measure (level · additions): a series holds one quantity.
    """
    from greentrack.errors import SeriesConflict, UsageError
    from greentrack.ledger import repository

    if not others:
        raise UsageError("name at least one other target to share the series with")
    with _writer(ledger, who, "review") as (session, writer):
        anchor = _seen(session, writer, target_id)
        key = anchor.observation_key
        for other_id in others:
            other = _seen(session, writer, other_id)
            if other.id == anchor.id:
                raise UsageError(f"target {other_id} cannot share a series with itself")
            why = _unlike(anchor, other)
            if why:
                raise SeriesConflict(f"targets {anchor.id} and {other.id} cannot share one series: {why}")
            repository.observations.set_series(session, other.id, key)
        repository.observations.set_series(session, anchor.id, key)
        return _view(session, _target(session, anchor.id))


def _unlike(first: TargetRecord, second: TargetRecord) -> str:
    """Why two targets' values are not one quantity (empty when they are)."""
    if first.jurisdiction_code != second.jurisdiction_code:
        return f"another place ({first.jurisdiction_name or '—'} / {second.jurisdiction_name or '—'})"
    if first.indicator_id != second.indicator_id:
        return f"another indicator ({first.indicator_id or '—'} / {second.indicator_id or '—'})"
    if (first.target.kind == "cumulative") != (second.target.kind == "cumulative"):
        return "another measure (additions of a cumulative target / a level)"
    if first.indicator_id is None and first.target.unit != second.target.unit:
        return f"another unit ({first.target.unit} / {second.target.unit})"
    return ""


def split_series(ledger: Ledger, target_id: int, copy_values: bool = False,
                 who: Principal | None = None) -> SeriesView:
    """Give a target a series of its own (`target:<id>`); with `copy_values` the values of the series it read
    are copied into it (each copy audited), so its status is unchanged until someone corrects them apart."""
    from greentrack.errors import SeriesConflict
    from greentrack.ledger import repository
    from greentrack.ledger.series import own_key

    with _writer(ledger, who, "review") as (session, writer):
        record = _seen(session, writer, target_id)
        old, new = record.observation_key, own_key(record.id)
        if old == new:
            raise SeriesConflict(f"target {target_id} already reads a series of its own")
        repository.observations.set_series(session, record.id, new)
        if copy_values:
            repository.observations.copy_series(session, old, new, writer.name, record.id)
        return _view(session, _target(session, record.id))


def set_reporting(ledger: Ledger, target_id: int, rule: str, who: Principal | None = None) -> SeriesView:
    """Set how a cumulative target's values are reported: annual (当年新增), running (累计) or default (by kind);
    the targets sharing its series take the same rule (one series holds one kind of number)."""
    from greentrack.errors import UsageError
    from greentrack.ledger import repository

    word = rule.strip()
    if word not in RULE_WORDS:
        raise UsageError(f"unknown reporting rule {rule!r} — use annual (当年新增), running (累计) or default")
    with _writer(ledger, who, "review") as (session, writer):
        record = _seen(session, writer, target_id)
        if record.target.kind != "cumulative":
            raise UsageError(f"target {target_id} is a {record.target.kind} target: its values are levels, "
                             "a reporting rule applies to cumulative targets only")
        # the values of one series are one kind of number: every cumulative target reading it takes the rule
        for other in (record, *_view(session, record).sharing):
            if other.target.kind == "cumulative":
                repository.documents.update_target(session, other.id, reporting=RULE_WORDS[word])
        return _view(session, _target(session, record.id))


def correct_observation(ledger: Ledger, observation_id: int, value: float, reason: str, unit: str | None = None,
                        target_id: int | None = None, who: Principal | None = None) -> ObservationRecord:
    """Correct a recorded value (as written, in `unit` or the unit it was written in); a reason is required.
    The audit log keeps who, when, the value before and after, and the reason."""
    import math

    from greentrack.errors import UsageError
    from greentrack.ledger import repository
    from greentrack.resolve.models import UnitMismatch
    from greentrack.resolve.units import convert, normalise_unit

    why = _reason(reason)
    if not math.isfinite(value):
        raise UsageError(f"value {value!r} is not a finite number")
    with _writer(ledger, who, "report") as (session, writer):
        found = _reportable(session, writer, observation_id, target_id)
        written = normalise_unit(unit) if unit else found.unit_written
        converted = convert(value, written, found.unit)
        if isinstance(converted, UnitMismatch):
            raise UsageError(f"unit {written!r} does not convert to the value's unit {found.unit!r}: "
                             f"{converted.reason}")
        return repository.observations.update_observation(
            session, observation_id, value=converted.value, value_written=value, unit_written=written,
            change_reason=why)


def withdraw_observation(ledger: Ledger, observation_id: int, reason: str, target_id: int | None = None,
                         who: Principal | None = None) -> ObservationRecord:
    """Withdraw a recorded value (a reason is required): no status counts it; its history and audit keep it."""
    from greentrack.ledger import repository

    why = _reason(reason)
    with _writer(ledger, who, "report") as (session, writer):
        _reportable(session, writer, observation_id, target_id)
        return repository.observations.withdraw_observation(session, observation_id, writer.name, why)


def _reason(reason: str) -> str:
    from greentrack.errors import UsageError

    text = (reason or "").strip()
    if not text:
        raise UsageError("a reason is required (--reason): the audit log keeps why a value changed")
    return text[:500]


def _reportable(session: Session, writer: Principal, observation_id: int, target_id: int | None,
                ) -> ObservationRecord:
    """The observation, once `writer` may report on a target that reads it (the one named, else any);
    Forbidden otherwise; then SeriesConflict when it is already withdrawn."""
    from greentrack.auth import may_report
    from greentrack.errors import Forbidden, SeriesConflict
    from greentrack.ledger import repository

    found = repository.observations.get_observation(session, observation_id)
    readers = sorted(repository.observations.targets_reading(session, [found.series]))
    if target_id is not None:
        if target_id not in readers:
            raise Forbidden(f"observation {observation_id} is not a value of target {target_id}")
        readers = [target_id]
    last: Forbidden | None = None
    for record in repository.documents.targets_by_ids(session, readers):
        try:
            may_report(writer, record.id, record.jurisdiction_code)
        except Forbidden as exc:
            last = exc
            continue
        if found.withdrawn:  # told only to those who may change it
            raise SeriesConflict(f"observation {observation_id} was withdrawn on {found.withdrawn_at:%Y-%m-%d}; "
                                 "it can no longer be changed — record a new value instead")
        return found
    raise last or Forbidden(f"observation {observation_id} belongs to no target you may report on")


def _seen(session: Session, writer: Principal, target_id: int) -> TargetRecord:
    from greentrack.auth import require_target

    record = _target(session, target_id)
    require_target(writer, record.id, record.jurisdiction_code)
    return record


@contextmanager
def _writer(ledger: Ledger, who: Principal | None, action: str) -> Iterator[tuple[Session, Principal]]:
    """A write transaction as `who` after the role check: (session, principal); the audit names `who`."""
    from greentrack.auth import require

    principal = acting(ledger, who)
    require(principal, action)
    with ledger.session(actor=principal.name, write=True) as session:
        yield session, principal
