"""Every gold unit converts to its indicator's canonical unit; incompatible units are flagged, never converted."""

from __future__ import annotations

import pytest

from greentrack.resolve.models import Quantity, UnitMismatch
from greentrack.resolve.units import compatible, convert, dimension, effective_unit, normalise_unit

# (value, unit as written, canonical unit) -> expected value: one row per unit that occurs in the gold
GOLD_UNITS = [
    (65, "%", "%", 65),
    (20, "年一遇", "年一遇", 20),
    (272, "公里", "公里", 272),
    (150, "个", "个", 150),
    (6, "处", "处", 6),
    (110, "座", "座", 110),
    (6.05, "张/千人", "张/千人", 6.05),
    (70, "家", "家", 70),
    (18.54, "平方米/人", "平方米/人", 18.54),
    (1000, "平方米", "平方米", 1000),
    (300, "吨/万平方米", "吨/万平方米", 300),
    (2, "星级", "星级", 2),
    (200, "万平方米", "万平方米", 200),
    (5, "亿平方米", "万平方米", 50000),
    (0.6702, "", "", 0.6702),
    (48, "万亩", "万亩", 48),
    (4.6, "亿斤", "万吨", 23),
    (70, "亿元", "亿元", 70),
    (90, "万千瓦", "万千瓦", 90),
    (215, "万吨", "万吨", 215),
    (42, "微克/立方米", "微克/立方米", 42),
    (4, "天", "天", 4),
    (6, "层", "层", 6),
    (8.5, "公里/平方公里", "公里/平方公里", 8.5),
]


@pytest.mark.parametrize(("value", "unit", "canonical", "expected"), GOLD_UNITS)
def test_gold_unit_converts(value: float, unit: str, canonical: str, expected: float) -> None:
    result = convert(value, unit, canonical)
    assert isinstance(result, Quantity)
    assert result.value == pytest.approx(expected)
    assert result.unit == canonical


@pytest.mark.parametrize(("value", "unit", "target", "expected"), [
    (12, "万平方米", "平方米", 120000),
    (1.2, "亿平方米", "万平方米", 12000),
    (15, "亩", "公顷", 1),
    (3, "万亩", "平方公里", 20),
    (1.6, "公里", "米", 1600),
    (500, "千瓦", "万千瓦", 0.05),
    (1, "万吨", "亿斤", 0.2),
    (3, "吨/万平方米", "千克/平方米", 0.3),
    (80, "％", "%", 80),
    (45, "%", "", 0.45),
])
def test_conversions_between_scales(value: float, unit: str, target: str, expected: float) -> None:
    result = convert(value, unit, target)
    assert isinstance(result, Quantity)
    assert result.value == pytest.approx(expected)


def test_wrong_unit_is_flagged_not_converted() -> None:
    result = convert(5, "公里", "万平方米")
    assert result == UnitMismatch(5, "公里", "万平方米", "'公里' is length, '万平方米' is area")


def test_unknown_unit_is_flagged() -> None:
    result = convert(3, "标准箱", "个")
    assert isinstance(result, UnitMismatch)
    assert result.reason == "unknown unit '标准箱': add it to the unit table"


def test_zero_without_unit_is_zero_in_any_unit() -> None:
    assert convert(0, "", "公里") == Quantity(0.0, "公里")  # 城区合流制道路清零


def test_counts_are_interchangeable_and_distinct_from_area() -> None:
    assert compatible("座", "个") and compatible("张", "家")
    assert not compatible("个", "平方米")
    assert dimension("吨/万平方米") == "mass/area"


def test_per_phrase_in_the_indicator_gives_the_denominator() -> None:
    assert effective_unit("人均公园绿地面积", "平方米") == "平方米/人"
    assert effective_unit("每千人口病床位数", "张") == "张/千人"
    assert effective_unit("建筑施工现场建筑垃圾排放量每万平方米", "吨") == "吨/万平方米"
    assert effective_unit("人均综合能耗", "%") == "%"


def test_normalise_unit_folds_symbols() -> None:
    assert normalise_unit("㎡") == "平方米"
    assert normalise_unit("μg/m³") == "微克/立方米"
    assert normalise_unit(" 万kW ") == "万千瓦"
