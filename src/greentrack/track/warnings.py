"""Early warnings (预警) from assessments: severity by documented rules and a Chinese message with the figures."""

from __future__ import annotations

from collections.abc import Iterable

from greentrack.track.models import Assessment, EarlyWarning, TrackedTarget


def warn(target: TrackedTarget, assessment: Assessment) -> EarlyWarning | None:
    """The warning a target's assessment calls for, or None when it needs none."""
    raise NotImplementedError


def early_warnings(pairs: Iterable[tuple[TrackedTarget, Assessment]]) -> tuple[EarlyWarning, ...]:
    """Every warning among `(target, assessment)` pairs, most severe first, then by deadline."""
    raise NotImplementedError
