"""What tracking refuses: a kind, comparator or direction it does not know, a value that is no finite number,
a date that is not a date. The message names the target (and the observation's date) and the field."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime

from greentrack.errors import TrackInputError
from greentrack.track.models import COMPARATORS, DIRECTIONS, KINDS, Observation, TrackedTarget

YEAR_FIELDS = ("year", "baseline_year", "reference_year", "start_year")


def _finite(number: object) -> bool:
    return isinstance(number, int | float) and not isinstance(number, bool) and math.isfinite(number)


def _plain_date(day: object) -> bool:
    """A calendar date; a datetime is refused because it does not compare with `as_of`."""
    return isinstance(day, date) and not isinstance(day, datetime)


def check_target(target: TrackedTarget) -> None:
    """Raise TrackInputError naming the target and the field when it cannot be tracked."""
    if target.kind not in KINDS:
        raise TrackInputError(f"target {target.id}: kind '{target.kind}' is not one of {', '.join(KINDS)}")
    if target.comparator not in COMPARATORS:
        raise TrackInputError(f"target {target.id}: comparator '{target.comparator}' is not one of "
                              f"{' '.join(COMPARATORS)}")
    if target.direction not in DIRECTIONS:
        raise TrackInputError(f"target {target.id}: direction '{target.direction}' is not one of "
                              "higher_better, lower_better, target_range or empty")
    if not _finite(target.value):
        raise TrackInputError(f"target {target.id}: value {target.value!r} is not a finite number")
    if target.baseline_value is not None and not _finite(target.baseline_value):
        raise TrackInputError(f"target {target.id}: baseline_value {target.baseline_value!r} is not a finite number")
    for name in YEAR_FIELDS:
        year = getattr(target, name)
        if year is not None and (not isinstance(year, int) or isinstance(year, bool) or not 1000 <= year <= 9998):
            raise TrackInputError(f"target {target.id}: {name} {year!r} is not a year")
    if target.deadline is not None and not _plain_date(target.deadline):
        raise TrackInputError(f"target {target.id}: deadline {target.deadline!r} is not a date")


def check_observations(target_id: str, observations: Iterable[Observation]) -> None:
    """Raise TrackInputError naming the target and the observation that is not a dated finite number."""
    for observation in observations:
        if not _plain_date(observation.period):
            raise TrackInputError(f"target {target_id}: an observation has period {observation.period!r}, "
                                  "which is not a date")
        if not _finite(observation.value):
            raise TrackInputError(f"target {target_id}: the observation dated {observation.period.isoformat()} "
                                  f"has value {observation.value!r}; a finite number is needed")
