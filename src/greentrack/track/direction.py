"""Which way is progress: +1 where higher is better, −1 where lower is better."""

from __future__ import annotations

from greentrack.track.models import TrackedTarget

UPWARD = (">=", ">")
DOWNWARD = ("<=", "<")
CATALOG = {"higher_better": 1, "lower_better": -1}


def direction_of(target: TrackedTarget, baseline: float | None, level: float | None) -> int:
    """The direction of a level, change or standard target; the rule is in docs/methodology.md.

    The catalog decides first; a change target's sign next (下降 is written negative); then the
    comparator; an exact (=) target points from its baseline towards its level; otherwise up.
    """
    if target.direction in CATALOG:
        return CATALOG[target.direction]
    if target.kind == "change" and target.value != 0:
        return -1 if target.value < 0 else 1
    if target.comparator in DOWNWARD:
        return -1
    if target.comparator in UPWARD:
        return 1
    if baseline is not None and level is not None and level < baseline:
        return -1
    return 1


def cumulative_direction(target: TrackedTarget) -> int:
    """+1 for an amount to deliver, −1 for a cap (新增…控制在…以内); the catalog speaks of levels, not amounts."""
    return -1 if target.comparator in DOWNWARD else 1
