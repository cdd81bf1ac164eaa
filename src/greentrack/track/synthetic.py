"""Generated targets and observations for tests and benchmarks: every kind, direction and edge, seeded."""

from __future__ import annotations

import random
from datetime import date

from greentrack.track.models import COMPARATORS, Observation, TrackedTarget

KIND_WEIGHTS = (("level", 45), ("change", 15), ("cumulative", 25), ("standard", 15))
DIRECTION_CHOICES = ("higher_better", "lower_better", "target_range", "", "")


def _value(rng: random.Random) -> float:
    """A level: mostly positive, sometimes zero or negative (net balances), rounded as reports are."""
    roll = rng.random()
    if roll < 0.05:
        return 0.0
    if roll < 0.12:
        return round(rng.uniform(-50.0, -0.5), 2)
    return round(rng.uniform(0.5, 200.0), 2)


def _target(rng: random.Random, index: int) -> TrackedTarget:
    kind = rng.choices([k for k, _ in KIND_WEIGHTS], [w for _, w in KIND_WEIGHTS])[0]
    year = rng.choice((2023, 2024, 2025, 2025, 2026, 2027, 2030)) if rng.random() > 0.05 else None
    deadline = date(year, rng.randint(1, 12), 28) if year is not None and rng.random() < 0.2 else None
    value = _value(rng)
    baseline_value = _value(rng) if rng.random() < 0.5 else None
    baseline_year = rng.choice((2019, 2020, 2020, 2021, 2022)) if rng.random() < 0.8 else None
    reference_year = None
    unit = rng.choice(("%", "万吨", "个", ""))
    if kind == "change":
        value = round(rng.uniform(-30.0, 30.0), 1) if rng.random() > 0.03 else 0.0
        reference_year = rng.choice((2020, 2020, 2021)) if rng.random() > 0.1 else None
        unit = "%" if rng.random() < 0.8 else "万吨"
    if kind == "cumulative":
        value = round(rng.uniform(1.0, 500.0), 1) if rng.random() > 0.02 else 0.0
    return TrackedTarget(
        id=f"G{index:07d}", indicator=f"指标{index % 97}", kind=kind, comparator=rng.choice(COMPARATORS),
        value=value, unit=unit, year=year, deadline=deadline, baseline_value=baseline_value,
        baseline_year=baseline_year, reference_year=reference_year, direction=rng.choice(DIRECTION_CHOICES),
        start_year=rng.choice((None, 2021, 2022, 2023)), departments=(f"部门{index % 13}",),
        lead_departments=(f"部门{index % 13}",) if rng.random() < 0.5 else ())


def _observations(rng: random.Random, target: TrackedTarget, count: int) -> list[Observation]:
    start = target.baseline_value if target.baseline_value is not None else _value(rng)
    step = rng.uniform(-0.2, 0.4) * (abs(start) + 1.0) / 5.0
    years = sorted(rng.choice(range(2018, 2028)) for _ in range(count))
    observations = []
    for year in years:
        day = date(year, 12, 31) if rng.random() < 0.85 else date(year, rng.randint(1, 12), rng.randint(1, 28))
        if target.kind == "cumulative":
            value = round(rng.uniform(-0.05, 0.35) * (target.value or 10.0), 2)
        else:
            value = round(start + step * (year - 2019) + rng.gauss(0.0, abs(step) + 0.01), 3)
            if rng.random() < 0.03:
                value = 0.0
        observations.append(Observation(day, value, target.unit, "生成数据 (generated)"))
    rng.shuffle(observations)  # callers need not sort
    return observations


def generate(count: int, seed: int = 5, observations: int | None = None) -> tuple[list[TrackedTarget],
                                                                               dict[str, list[Observation]]]:
    """`count` targets and their observations: `observations` each, or 0–10 at random when None."""
    rng = random.Random(seed)
    targets = [_target(rng, i) for i in range(count)]
    by_id = {t.id: _observations(rng, t, observations if observations is not None else rng.randint(0, 10))
             for t in targets}
    return targets, by_id
