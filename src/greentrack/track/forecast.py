"""The trend: an ordinary least-squares line through the series, and when it reaches the target."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# A trend that reaches the target only after this year is reported as not in sight.
HORIZON = 2100.0


@dataclass(frozen=True)
class Trend:
    """The line ŷ(τ) = mean_value + slope · (τ − mean_time), τ in decimal years."""

    slope: float
    mean_time: float
    mean_value: float

    def at(self, time: float) -> float:
        """The line's value at decimal year `time`."""
        return self.mean_value + self.slope * (time - self.mean_time)


def fit_trend(points: Sequence[tuple[float, float]]) -> Trend | None:
    """Least squares over `(τ, y)` points in the order given; None for fewer than two distinct times.

    Sums run left to right (not `sum()`, which compensates on newer Pythons) so that the bulk
    path, which adds the same terms in the same order, gives the same bits.
    """
    count = len(points)
    if count < 2:
        return None
    time_sum = value_sum = 0.0
    for time, value in points:
        time_sum += time
        value_sum += value
    mean_time, mean_value = time_sum / count, value_sum / count
    cross = spread = 0.0
    for time, value in points:
        offset = time - mean_time
        cross += offset * (value - mean_value)
        spread += offset * offset
    if spread == 0.0:
        return None
    return Trend(cross / spread, mean_time, mean_value)


def attainment_year(trend: Trend, level: float, direction: int, now: float) -> int | None:
    """The first year-end by which the trend reaches `level`, not before now; None if it never does by 2100."""
    if direction * trend.slope <= 0.0:
        return None
    when = trend.mean_time + (level - trend.mean_value) / trend.slope
    if not when <= HORIZON:
        return None
    return math.ceil(max(when, now))
