"""Ledger records → the track stage's inputs (`TrackedTarget`, `Observation`), units made to agree.

Tracking itself (status, ratio, forecast, warnings) lives in `greentrack.track`; this module only
translates. A target is tracked in its indicator's canonical unit when it resolved (observations
are stored in that unit), else in its own unit; observations that cannot be converted to it are
left out and counted, never silently compared across units.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from greentrack.ledger.records import ObservationRecord, TargetRecord
from greentrack.ledger.series import RUNNING, as_additions
from greentrack.resolve import convert, get_indicator
from greentrack.resolve.models import Quantity
from greentrack.track import Observation, TrackedTarget


@dataclass(frozen=True)
class TrackInput:
    """What tracking gets for one target, and what the translation had to leave out."""

    target: TrackedTarget
    observations: tuple[Observation, ...]
    skipped: int  # observations whose unit does not convert to the target's
    illustrative: bool  # any observation used is 示例数据


def tracking_unit(record: TargetRecord) -> tuple[float | None, str]:
    """The target's number and the unit it is tracked in (None when its unit does not fit the indicator)."""
    target = record.target
    if record.indicator_id is None:
        return target.value, target.unit
    indicator = get_indicator(record.indicator_id)
    unit = indicator.unit if indicator else (record.canonical_unit or target.unit)
    if target.kind == "change":
        return target.value, unit  # a signed percentage of the reference year's level, whatever the unit
    return record.canonical_value, unit


def track_input(record: TargetRecord, observations: Sequence[ObservationRecord]) -> TrackInput:
    """The track stage's view of one stored target and its observations."""
    target = record.target
    indicator = get_indicator(record.indicator_id) if record.indicator_id else None
    value, unit = tracking_unit(record)
    tracked = TrackedTarget(
        id=str(record.id), indicator=indicator.zh if indicator else target.indicator, kind=target.kind,
        comparator=target.comparator, value=target.value if value is None else value, unit=unit, year=target.year,
        deadline=dt.date.fromisoformat(target.deadline) if target.deadline else None,
        baseline_value=_baseline(record, unit), baseline_year=target.baseline_year,
        reference_year=target.reference_year, direction=indicator.direction if indicator else "",
        start_year=_start_year(record), departments=record.departments,
        lead_departments=record.lead_departments)
    if value is None:  # the target's own unit does not fit its indicator: nothing can be compared
        return TrackInput(tracked, (), len(observations), False)
    kept: list[Observation] = []
    used: list[ObservationRecord] = []
    for observation in observations:
        converted = convert(observation.value, observation.unit, unit)
        if isinstance(converted, Quantity):
            kept.append(Observation(observation.period_end, converted.value, unit, observation.source,
                                    observation.note))
            used.append(observation)
    if record.reporting_rule == RUNNING:  # running totals (累计): the track stage adds up each period's addition
        kept = [replace(o, value=v) for o, v in zip(kept, as_additions([o.value for o in kept]), strict=True)]
    return TrackInput(tracked, tuple(kept), len(observations) - len(kept), any(o.illustrative for o in used))


def _baseline(record: TargetRecord, unit: str) -> float | None:
    baseline = record.target.baseline_value
    if baseline is None or record.target.kind == "change":
        return baseline
    converted = convert(baseline, record.target.unit, unit)
    return converted.value if isinstance(converted, Quantity) else None


def _start_year(record: TargetRecord) -> int | None:
    """The first year of the target's period: the one its plan states ("“十四五”期间" → 2021), else the issue year."""
    if record.target.period_start is not None:
        return record.target.period_start
    return _year(record.document_issue_date)


def _year(iso_date: str | None) -> int | None:
    return int(iso_date[:4]) if iso_date and iso_date[:4].isdigit() else None
