"""Dates and periods: every way a reporter writes a real year or month reads as `YYYY` / `YYYY-MM`, whose last
day is the period's end; impossible months (13, 2025-13-45) and anything else are refused with a reason, never
an exception; a deadline phrase (2023年10月底前) names the last day of its month."""

from __future__ import annotations

import calendar
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from greentrack.extract.times import find_time_phrases
from greentrack.ledger.intake_values import Bad, is_future, parse_period, period_start
from greentrack.ledger.periods import period_end

YEARS = st.integers(min_value=1900, max_value=2100)
MONTHS = st.integers(min_value=1, max_value=12)
MONTH_FORMS = ("{y}-{m:02d}", "{y}-{m}", "{y}/{m:02d}", "{y}.{m}", "{y}年{m}月", "{y}年{m}月份")


@given(YEARS, MONTHS, st.sampled_from(MONTH_FORMS))
def test_months_read_as_yyyy_mm(year: int, month: int, form: str) -> None:
    period = parse_period(form.format(y=year, m=month))
    assert period == f"{year:04d}-{month:02d}"
    end = period_end(period)
    assert (end.year, end.month, end.day) == (year, month, calendar.monthrange(year, month)[1])
    assert (end + dt.timedelta(days=1)).day == 1
    assert period_start(period) <= end


@given(YEARS, st.sampled_from(("{y}", "{y}年", "{y}年度", "{y}.0")))
def test_years_read_as_yyyy(year: int, form: str) -> None:
    written: object = float(year) if form == "{y}.0" else form.format(y=year)
    period = parse_period(written)
    assert period == f"{year:04d}"
    assert period_end(period) == dt.date(year, 12, 31)
    assert not is_future(period, dt.date(year, 1, 1))
    assert is_future(period, dt.date(year - 1, 12, 31))


@given(YEARS, st.integers(min_value=13, max_value=99), st.integers(min_value=0, max_value=99))
def test_impossible_months_are_refused(year: int, month: int, day: int) -> None:
    for written in (f"{year}-{month}", f"{year}-{month:02d}-{day:02d}", f"{year}年{month}月"):
        result = parse_period(written)
        assert isinstance(result, Bad), written
        assert result.reason and result.reason_en


@given(st.one_of(st.text(max_size=30), st.integers(), st.floats(), st.booleans(), st.none(), st.dates(),
                 st.datetimes()))
def test_any_cell_is_a_period_or_a_reason(value: object) -> None:
    result = parse_period(value)
    if isinstance(result, str):
        period_end(result)  # a period it accepts always has an end
    else:
        assert isinstance(result, Bad) and result.reason


@given(st.integers(min_value=1900, max_value=2099), MONTHS, st.sampled_from(("到{y}年{m}月底前", "{y}年{m}月底前",
                                                                             "力争到{y}年{m}月")))
def test_month_deadlines_are_the_last_day(year: int, month: int, form: str) -> None:
    phrases = find_time_phrases(form.format(y=year, m=month) + "全面完成农村房屋排查整治")
    assert [p.deadline for p in phrases] == [f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"]
    assert phrases[0].year == year


@given(st.text(max_size=60))
def test_time_phrases_never_raise_and_stay_in_the_text(text: str) -> None:
    for phrase in find_time_phrases(text):
        assert 0 <= phrase.start < phrase.end <= len(text)
        if phrase.deadline:
            dt.date.fromisoformat(phrase.deadline)
