"""`assess_many` (numpy, set-based) equals `assess` target by target, to the last bit, on generated and hand cases."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime

import numpy as np
import pytest

from greentrack.errors import TrackInputError
from greentrack.track import Observation, TrackedTarget, assess, assess_many
from greentrack.track.bulk import assess_table
from greentrack.track.synthetic import generate
from greentrack.track.tables import ObservationTable, TargetTable


def _differences(targets: list[TrackedTarget], observations: dict[str, list[Observation]], as_of: date) -> list[str]:
    batch = assess_many(targets, observations, as_of)
    assert len(batch) == len(targets)
    found = []
    for target, bulk in zip(targets, batch, strict=True):
        one = assess(target, observations.get(target.id, ()), as_of)
        found += [f"{target.id} {f.name}: {getattr(one, f.name)!r} != {getattr(bulk, f.name)!r}"
                  for f in fields(one) if getattr(one, f.name) != getattr(bulk, f.name)]
    return found


@pytest.mark.parametrize("as_of", [date(2019, 5, 5), date(2023, 12, 31), date(2024, 6, 30), date(2026, 3, 1)])
def test_bulk_equals_per_target_on_generated_targets(as_of: date) -> None:
    targets, observations = generate(3000, seed=as_of.toordinal())
    assert _differences(targets, observations, as_of) == []


def test_generated_set_covers_every_status() -> None:
    targets, observations = generate(3000, seed=11)
    statuses = set(assess_many(targets, observations, date(2024, 6, 30)).statuses())
    assert statuses == {"achieved", "late_achieved", "on_track", "lagging", "off_track", "regressing", "overdue",
                        "no_data", "no_trend", "compliant", "non_compliant"}


def test_bulk_equals_per_target_on_the_hand_cases() -> None:
    ye = lambda year, value: Observation(date(year, 12, 31), value)  # noqa: E731
    targets = [
        TrackedTarget("L1", "x", "level", ">=", 161.051, "", 2025, baseline_value=100.0, baseline_year=2020),
        TrackedTarget("C1", "x", "change", "=", -15.0, "%", 2025, reference_year=2020),
        TrackedTarget("U1", "x", "cumulative", "=", 1600.0, "个", 2025, start_year=2022),
        TrackedTarget("S1", "x", "standard", ">=", 2.0, "星级"),
        TrackedTarget("N1", "x", "level", ">=", 80.0, "%", 2025, baseline_value=70.0, baseline_year=2020),
        TrackedTarget("Neg", "x", "level", ">=", -2.5, "", 2025, baseline_value=-10.0, baseline_year=2020),
        TrackedTarget("Stock", "x", "cumulative", "=", 610.0, "万平方米", 2025, baseline_value=290.0,
                      baseline_year=2020),  # 610 reached from 290: 320 to add
        TrackedTarget("Late", "x", "level", ">=", 75.0, "%", 2022),  # reached in 2023, after its deadline
        TrackedTarget("Early", "x", "level", ">=", 75.0, "%", 2022),  # reached in 2022, then dipped and rose
    ]
    observations = {"L1": [ye(2021, 108.0), ye(2022, 116.64)], "C1": [ye(2020, 0.6), ye(2023, 0.54)],
                    "U1": [ye(2021, 100.0), ye(2022, 300.0), ye(2023, 400.0)], "S1": [ye(2023, 1.0)],
                    "Neg": [ye(2022, -5.0)], "Stock": [ye(2021, 70.0), ye(2022, 60.0), ye(2023, 66.0)],
                    "Late": [ye(2021, 60.0), ye(2022, 70.0), ye(2023, 76.0)],
                    "Early": [ye(2021, 60.0), ye(2022, 75.0), ye(2023, 76.0)]}
    assert _differences(targets, observations, date(2023, 12, 31)) == []
    found = {a.target_id: a for a in assess_many(targets, observations, date(2023, 12, 31))}
    assert (found["Stock"].target_level, found["Stock"].total, found["Stock"].completion) == (320.0, 196.0, 196 / 320)
    assert (found["Late"].status, found["Early"].status) == ("late_achieved", "achieved")
    assert found["Late"].completion == 16 / 15


def test_equal_dates_keep_the_callers_order_in_both_paths() -> None:
    target = TrackedTarget("D", "x", "level", ">=", 10.0, "", 2025, baseline_value=1.0, baseline_year=2020)
    observations = {"D": [Observation(date(2022, 12, 31), 5.0), Observation(date(2022, 12, 31), 3.0)]}
    assert assess_many([target], observations, date(2023, 1, 1))[0].latest_value == 3.0
    assert _differences([target], observations, date(2023, 1, 1)) == []


def test_columns_in_give_the_same_batch_as_objects_in() -> None:
    targets, observations = generate(500, seed=3)
    as_of = date(2024, 6, 30)
    rows = [(i, o.period, o.value) for i, t in enumerate(targets) for o in observations[t.id]]
    table = ObservationTable.from_columns([r[0] for r in rows], np.array([r[1] for r in rows], dtype="datetime64[D]"),
                                          [r[2] for r in rows])
    assert list(assess_table(TargetTable.of(targets), table, as_of)) == list(assess_many(targets, observations, as_of))


def test_empty_inputs() -> None:
    assert len(assess_many([], {}, date(2024, 1, 1))) == 0
    target = TrackedTarget("E", "x", "level", ">=", 1.0)
    assert assess_many([target], {}, date(2024, 1, 1))[0] == assess(target, [], date(2024, 1, 1))


def test_bulk_refuses_what_assess_refuses_with_the_same_message() -> None:
    good = TrackedTarget("G", "x", "level", ">=", 1.0)
    bad_value = TrackedTarget("V", "x", "level", ">=", 1.0)
    bad_kind = TrackedTarget("K", "x", "trend", ">=", 1.0)
    observations = {"V": [Observation(date(2023, 12, 31), 2.0), Observation(date(2022, 12, 31), float("inf"))]}
    with pytest.raises(TrackInputError) as one:
        assess(bad_value, observations["V"], date(2024, 1, 1))
    with pytest.raises(TrackInputError) as many:
        assess_many([good, bad_value, bad_kind], observations, date(2024, 1, 1))
    assert str(many.value) == str(one.value) == (
        "target V: the observation dated 2022-12-31 has value inf; a finite number is needed")
    with pytest.raises(TrackInputError, match="target K: kind 'trend'"):
        assess_many([good, bad_kind, bad_value], observations, date(2024, 1, 1))


@pytest.mark.parametrize(("target", "observations", "message"), [
    (TrackedTarget("T", "x", "level", ">=", None), [], "target T: value None is not a finite number"),  # type: ignore[arg-type]
    (TrackedTarget("T", "x", "level", ">=", True), [], "target T: value True is not a finite number"),
    (TrackedTarget("T", "x", "level", ">=", 1.0, year=2025.0), [], "target T: year 2025.0 is not a year"),  # type: ignore[arg-type]
    (TrackedTarget("T", "x", "level", ">=", 1.0, deadline="2025-10-31"), [],  # type: ignore[arg-type]
     "target T: deadline '2025-10-31' is not a date"),
    (TrackedTarget("T", "x", "level", ">=", 1.0), [Observation("2023-12-31", 1.0)],  # type: ignore[arg-type]
     "target T: an observation has period '2023-12-31', which is not a date"),
    (TrackedTarget("T", "x", "level", ">=", 1.0), [Observation(datetime(2023, 12, 31), 1.0)],
     "target T: an observation has period datetime.datetime(2023, 12, 31, 0, 0), which is not a date"),
    (TrackedTarget("T", "x", "level", ">=", 1.0), [Observation(date(2023, 12, 31), "12")],  # type: ignore[arg-type]
     "target T: the observation dated 2023-12-31 has value '12'; a finite number is needed"),
])
def test_wrong_types_are_refused_alike(target: TrackedTarget, observations: list[Observation], message: str) -> None:
    good = TrackedTarget("G", "x", "level", ">=", 1.0)
    with pytest.raises(TrackInputError) as one:
        assess(target, observations, date(2024, 1, 1))
    with pytest.raises(TrackInputError) as many:
        assess_many([good, target], {"T": observations}, date(2024, 1, 1))
    assert str(one.value) == str(many.value) == message


def test_numpy_numbers_are_accepted_alike() -> None:
    target = TrackedTarget("N", "x", "level", ">=", np.float64(80.0), "%", 2025, baseline_value=np.float64(70.0),
                           baseline_year=2020)
    observations = {"N": [Observation(date(2022, 12, 31), np.float64(72.0))]}
    assert _differences([target], observations, date(2023, 1, 1)) == []
