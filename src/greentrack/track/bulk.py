"""Many targets at once with numpy: the same figures as `assess`, computed column by column."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from greentrack.track.models import Assessment, Observation, TrackedTarget


def assess_many(targets: Sequence[TrackedTarget], observations_by_target_id: Mapping[str, Sequence[Observation]],
                as_of: date) -> Sequence[Assessment]:
    """`[assess(t, observations_by_target_id.get(t.id, ()), as_of) for t in targets]`, set-based."""
    raise NotImplementedError
