"""One target at a time: expected path, progress ratio, status and forecast (the reference implementation)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from greentrack.track.models import Assessment, Observation, TrackedTarget


def assess(target: TrackedTarget, observations: Sequence[Observation], as_of: date) -> Assessment:
    """Where `target` stands on `as_of`, given its observations (those dated after `as_of` are ignored)."""
    raise NotImplementedError
