"""Numerals round-trip: any integer written in Chinese (by cn2an) or with thousands separators reads back as
itself, digit-by-digit years (二〇二五) read as the year, and any finite float written out reads back exactly."""

from __future__ import annotations

import cn2an
from hypothesis import given
from hypothesis import strategies as st

from greentrack.extract.numbers import parse_cn_integer, parse_number

DIGITS = "〇一二三四五六七八九"


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_chinese_integers_round_trip(number: int) -> None:
    written = cn2an.an2cn(number)
    assert parse_cn_integer(written) == number, written


@given(st.integers(min_value=1, max_value=10**12 - 1))
def test_two_for_er_reads_the_same(number: int) -> None:
    """两 is how 二 is written before 千/百/万/亿 (两千三百): the value does not change."""
    written = cn2an.an2cn(number).replace("二千", "两千").replace("二万", "两万").replace("二亿", "两亿")
    assert parse_cn_integer(written) == number, written


@given(st.integers(min_value=1000, max_value=2999))
def test_digit_by_digit_years(year: int) -> None:
    assert parse_cn_integer("".join(DIGITS[int(d)] for d in str(year))) == year


@given(st.integers(min_value=0, max_value=10**15))
def test_grouped_arabic_integers(number: int) -> None:
    assert parse_number(f"{number:,}") == number
    assert parse_number(f"{number:,}".replace(",", "，")) == number


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_written_floats_read_back_exactly(value: float) -> None:
    assert parse_number(repr(value)) == value


@given(st.text(max_size=20))
def test_any_text_is_a_number_or_none(text: str) -> None:
    """Never an exception: text that is not a numeral gives None."""
    result = parse_number(text)
    assert result is None or isinstance(result, float)
    result = parse_cn_integer(text)
    assert result is None or isinstance(result, int)
