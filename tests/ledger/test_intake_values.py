"""Cells are read as periods and numbers exactly; text that only looks like a number is refused, never guessed."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from greentrack.ledger.intake_values import Bad, Number, impossible, is_future, parse_number, parse_period, value_bounds

from .intake_helpers import BY_ID


@pytest.mark.parametrize(("cell", "period"), [
    ("2024", "2024"), (2024, "2024"), (2024.0, "2024"), ("2024年", "2024"), ("２０２４", "2024"),
    ("2024-06", "2024-06"), ("2024-6", "2024-06"), ("2024/06", "2024-06"), ("2024.6", "2024-06"),
    ("2024年6月", "2024-06"), ("2024年06月份", "2024-06"), (datetime(2024, 6, 1), "2024-06"),
    (date(2023, 12, 1), "2023-12"),
])
def test_periods_read_as_year_or_year_month(cell: object, period: str) -> None:
    assert parse_period(cell) == period


@pytest.mark.parametrize(("cell", "why"), [
    ("2025-13", "月份不存在"), ("2025-00", "月份不存在"), ("24", "格式不对"), ("2024Q1", "格式不对"),
    ("上半年", "格式不对"), (2024.5, "格式不对"), ("1850", "年份不合理"), (datetime(2024, 6, 15), "是日期"),
    (True, "格式不对"),
])
def test_malformed_periods_say_why(cell: object, why: str) -> None:
    result = parse_period(cell)
    assert isinstance(result, Bad) and why in result.reason


def test_a_period_under_way_is_not_future_but_one_not_begun_is() -> None:
    as_of = date(2025, 6, 30)
    assert not is_future("2025", as_of) and not is_future("2025-06", as_of)
    assert is_future("2025-07", as_of) and is_future("2026", as_of)


@pytest.mark.parametrize(("cell", "number_format", "expected"), [
    (62.3, "General", Number(62.3)), (7, "General", Number(7.0)), ("62.3", "General", Number(62.3)),
    ("1,200", "General", Number(1200.0)), ("１２．５", "General", Number(12.5)), ("-3", "General", Number(-3.0)),
    ("30%", "General", Number(30.0, "%")), (0.305, "0.0%", Number(30.5, "%")), ("2e3", "General", Number(2000.0)),
])
def test_numbers_read_from_cells(cell: object, number_format: str, expected: Number) -> None:
    assert parse_number(cell, number_format) == expected


@pytest.mark.parametrize("cell", ["约30%", "30左右", "≥30", "三十", "30-40", "1,20", "n/a", "", "%",
                                  True, datetime(2024, 1, 1), float("nan")])
def test_text_that_is_not_a_plain_number_is_refused(cell: object) -> None:
    result = parse_number(cell)
    assert isinstance(result, Bad) and "不是数字" in result.reason


def test_bounds_follow_the_unit_and_what_the_indicator_measures() -> None:
    assert value_bounds(BY_ID["107"]) == (0.0, 100.0)  # a share
    assert value_bounds(BY_ID["104"]) == (0.0, None)  # a count
    assert value_bounds(BY_ID["105"]) == (0.0, None)  # an area per person
    assert value_bounds(BY_ID["106"]) == (None, None)  # an unresolved change: observations are changes
    assert value_bounds(BY_ID["201"]) == (None, None)  # a coefficient with no unit


def test_impossible_values_are_named() -> None:
    share, count = BY_ID["107"], BY_ID["104"]
    assert impossible(100.0, share) is None and impossible(0.0, share) is None
    over = impossible(120.0, share)
    assert over is not None and "0–100%" in over.reason
    assert impossible(-0.5, share) is not None
    negative = impossible(-3.0, count)
    assert negative is not None and "不能为负" in negative.reason
    assert impossible(-4.2, BY_ID["106"]) is None
