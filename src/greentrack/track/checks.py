"""What tracking refuses: a kind, comparator or direction it does not know, a value that is no finite number."""

from __future__ import annotations

import math
from collections.abc import Iterable

from greentrack.errors import TrackInputError
from greentrack.track.models import COMPARATORS, DIRECTIONS, KINDS, Observation, TrackedTarget


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
    for name in ("value", "baseline_value"):
        number = getattr(target, name)
        if number is not None and not math.isfinite(number):
            raise TrackInputError(f"target {target.id}: {name} {number!r} is not a finite number")


def check_observations(target_id: str, observations: Iterable[Observation]) -> None:
    """Raise TrackInputError naming the target and the period of the first value that is not finite."""
    for observation in observations:
        if not math.isfinite(observation.value):
            raise TrackInputError(f"target {target_id}: the observation dated {observation.period.isoformat()} "
                                  f"has value {observation.value!r}; a finite number is needed")
