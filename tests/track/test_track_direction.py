"""Direction follows the documented rule: catalog, then a change's sign, then the comparator, then baseline → target."""

from __future__ import annotations

import pytest

from greentrack.track import TrackedTarget
from greentrack.track.direction import cumulative_direction, direction_of


@pytest.mark.parametrize(("kind", "comparator", "value", "catalog", "baseline", "expected"), [
    ("level", "<=", 10.0, "higher_better", None, 1),  # the catalog wins over the comparator
    ("level", ">=", 10.0, "lower_better", None, -1),
    ("level", "<=", 10.0, "", None, -1),
    ("level", "<", 10.0, "target_range", None, -1),  # a range has no direction: the comparator decides
    ("level", ">", 10.0, "", None, 1),
    ("change", ">=", -15.0, "", None, -1),  # 下降15%以上 is written −15: lower is better despite >=
    ("change", "=", 8.0, "", None, 1),
    ("level", "=", 0.0, "", 12.0, -1),  # 清零 from 12: towards the target is down
    ("level", "=", 20.0, "", 12.0, 1),
    ("level", "=", 20.0, "", None, 1),  # nothing to go on: up
])
def test_direction_rule(kind: str, comparator: str, value: float, catalog: str, baseline: float | None,
                        expected: int) -> None:
    target = TrackedTarget("D", "x", kind, comparator, value, direction=catalog)
    assert direction_of(target, baseline, value) == expected


def test_cumulative_direction_ignores_the_catalog() -> None:
    # The catalog speaks of an indicator's level; an amount added is always "more" unless capped.
    assert cumulative_direction(TrackedTarget("D", "x", "cumulative", "=", 5.0, direction="lower_better")) == 1
    assert cumulative_direction(TrackedTarget("D", "x", "cumulative", "<=", 5.0, direction="higher_better")) == -1
