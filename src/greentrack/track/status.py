"""Status from a progress ratio, and the two tests every kind shares: target reached, standard met."""

from __future__ import annotations

ON_TRACK = 0.95
LAGGING = 0.60
# Values are compared to one part in a billion so that 0.5 × (1 − 15/100) still meets 0.425.
TOLERANCE = 1e-9


def slack(level: float) -> float:
    """The margin within which a value counts as equal to `level`."""
    return TOLERANCE * max(1.0, abs(level))


def reached(value: float, level: float, direction: int) -> bool:
    """True when `value` is at or past `level` in `direction`."""
    return direction * (value - level) >= -slack(level)


def grade(ratio: float) -> str:
    """on_track (R ≥ 0.95), lagging (0.60 ≤ R < 0.95), off_track (0 ≤ R < 0.60), regressing (R < 0)."""
    if ratio >= ON_TRACK:
        return "on_track"
    if ratio >= LAGGING:
        return "lagging"
    if ratio >= 0.0:
        return "off_track"
    return "regressing"


def complies(value: float, comparator: str, level: float) -> bool:
    """True when `value` satisfies `comparator level` (a standard's rule)."""
    margin = slack(level)
    if comparator == ">=":
        return value >= level - margin
    if comparator == ">":
        return value > level
    if comparator == "<=":
        return value <= level + margin
    if comparator == "<":
        return value < level
    return abs(value - level) <= margin
