"""Forms of a number the prose reader used to miss, on constructed sentences: ranges, 清零/零填埋, compound and
multiplied units, numbers spaced apart by pdftotext, a number cut from its comparator by a line break."""

from __future__ import annotations

import pytest

from greentrack.extract.numbers import iter_mentions

from .helpers import one, targets_of


def test_a_range_gives_a_floor_and_a_ceiling() -> None:
    found = targets_of("某某区方案\n一、主要目标\n到2024年底，每个镇至少建成3-5个美丽乡村示范点。\n")
    low, high = one(found, 3), one(found, 5)
    assert (low.comparator, high.comparator) == (">=", "<=")
    assert low.indicator == high.indicator and "示范点" in low.indicator
    assert (low.year, low.unit, low.kind) == (2024, "个", "cumulative")


@pytest.mark.parametrize(("text", "low", "high", "unit"), [
    ("每个街道启动1~2个试点", 1, 2, "个"),
    ("调节系数取0.6—0.8", 0.6, 0.8, ""),
    ("培育一至两个龙头企业", 1, 2, "个"),
    ("能耗降低10%-15%", 10, 15, "%"),
])
def test_range_mentions(text: str, low: float, high: float, unit: str) -> None:
    ranges = [m for m in iter_mentions(text) if m.high is not None]
    assert [(m.value, m.high, m.unit) for m in ranges] == [(low, high, unit)]


@pytest.mark.parametrize("text", ["2021-2025年", "GB 50378-2019", "3-5", "2023年4月—7月"])
def test_years_codes_and_bare_integers_are_no_ranges(text: str) -> None:
    assert all(m.high is None for m in iter_mentions(text))


def test_zero_forms() -> None:
    found = targets_of("某某市方案\n（三）推进垃圾治理。到2025年，城市生活垃圾焚烧处理全覆盖，“原生垃圾”零填埋，"
                       "黑臭水体、劣五类水体动态清零。\n")
    zeros = sorted((t for t in found if t.value == 0), key=lambda t: t.start)
    assert [t.indicator for t in zeros] == ["“原生垃圾”填埋", "黑臭水体", "劣五类水体"]
    assert all((t.comparator, t.unit, t.year, t.kind) == ("=", "", 2025, "level") for t in zeros)


def test_zero_tolerance_is_no_target() -> None:
    assert not [m for m in iter_mentions("对违法排污行为零容忍") if m.value == 0]


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("日供气能力达到2.4亿方/日", 2.4, "亿方/日"),
    ("新型墙材年产能达到45亿块标砖", 45, "亿块标砖"),
    ("增殖放流鱼苗12亿尾", 12, "亿尾"),
    ("垃圾处理能力达到8000吨 / 天以上", 8000, "吨/天"),
])
def test_compound_and_multiplied_units(text: str, value: float, unit: str) -> None:
    assert [(m.value, m.unit) for m in iter_mentions(text)] == [(value, unit)]


def test_full_width_spaced_rate_reads_after_normalisation() -> None:
    found = targets_of("某某市方案\n（二）提升处理能力。到2025年，全市生活垃圾处理能力达到 １５０００ 吨 ／ 天以上。\n")
    t = one(found, 15000)
    assert (t.unit, t.comparator, t.year) == ("吨/天", ">=", 2025)


def test_a_number_cut_from_its_comparator_by_a_line_break() -> None:
    found = targets_of("某某县方案\n（五）发展超低能耗建筑。2024年新开工超低能耗建筑面积增速不低于\n\n"
                       "12 %，逐步形成规模化发展格局。\n")
    t = one(found, 12)
    assert (t.comparator, t.unit, t.year) == (">=", "%", 2024) and t.indicator.endswith("增速")
