"""Each target kind and direction gives the hand-computed expected value, ratio R, status and forecast.

Times are decimal years (31 Dec 2020 → 2020.0). Every number asserted below is worked out in the
comment above it from the methodology's formulas (docs/methodology.md), not read off the code.
"""

from __future__ import annotations

from datetime import date

import pytest

from greentrack.errors import TrackInputError
from greentrack.track import Observation, TrackedTarget, assess
from greentrack.track.timeline import decimal_year


def ye(year: int, value: float) -> Observation:
    """A year's figure, dated 31 December."""
    return Observation(date(year, 12, 31), value)


def approx(value: float) -> object:
    return pytest.approx(value, rel=1e-9, abs=1e-12)


def test_decimal_year_puts_year_ends_on_whole_numbers() -> None:
    # 31 Dec 2020 → 2020.0; 30 Jun 2024 is day 182 of 366 → 2024 + (182 − 366)/366 = 2023.497267759…
    assert decimal_year(date(2020, 12, 31)) == 2020.0
    assert decimal_year(date(2024, 6, 30)) == approx(2024 + (182 - 366) / 366)
    assert decimal_year(date(2023, 1, 1)) == approx(2022 + 1 / 365)


def test_level_higher_is_better_lagging() -> None:
    # y0 = 100 (2020), y* = 161.051 (2025) = 100·1.1⁵, so CAGR* = 0.1.
    # Latest 116.64 (2022) = 100·1.08², so CAGR = (1.1664)^(1/2) − 1 = 0.08; R = 0.08 / 0.1 = 0.8 → lagging.
    # Expected on 31 Dec 2022: f = (2022 − 2020)/5 = 0.4; 100·1.61051^0.4 = 100·1.1² = 121.
    # Trend over (2020, 100), (2021, 108), (2022, 116.64): t̄ = 2021, ȳ = 324.64/3 = 108.213333…,
    # b = ((−1)(100 − ȳ) + (1)(116.64 − ȳ)) / 2 = 16.64/2 = 8.32; ŷ2025 = ȳ + 8.32·4 = 141.493333…
    # Shortfall = (161.051 − 141.493333)/(161.051 − 100) = 19.557667/61.051 = 0.3203497…
    # Attainment: 2021 + (161.051 − 108.213333)/8.32 = 2027.35 → end of 2028.
    target = TrackedTarget("L1", "公共充电桩", "level", ">=", 161.051, "百个", 2025, baseline_value=100.0,
                           baseline_year=2020, direction="higher_better")
    a = assess(target, [ye(2021, 108.0), ye(2022, 116.64)], date(2022, 12, 31))
    assert (a.status, a.method, a.direction) == ("lagging", "cagr", 1)
    assert a.actual_rate == approx(0.08)
    assert a.required_rate == approx(0.1)
    assert a.ratio == approx(0.8)
    assert a.expected == approx(121.0)
    assert a.trend_slope == approx(8.32)
    assert a.forecast == approx(324.64 / 3 + 8.32 * 4)
    assert a.shortfall == approx((161.051 - (324.64 / 3 + 33.28)) / 61.051)
    assert a.shortfall == pytest.approx(0.3203497, abs=1e-7)
    assert a.forecast_year == 2028
    assert (a.latest_value, a.latest_period) == (116.64, date(2022, 12, 31))
    assert (a.baseline_value, a.baseline_period) == (100.0, date(2020, 12, 31))


def test_level_lower_is_better_off_track() -> None:
    # y0 = 0.5 (2020), y* = 0.295245 = 0.5·0.9⁵ (2025): CAGR* = −0.1. Latest 0.45125 = 0.5·0.95² (2022):
    # CAGR = −0.05. d = −1 (catalog lower_better): R = (−1)(−0.05)/|−0.1| = 0.5 → off track (0 ≤ R < 0.60).
    # Expected on 31 Dec 2022: 0.5·0.9² = 0.405.
    # Trend over (2020, 0.5), (2022, 0.45125): b = −0.04875/2 = −0.024375, t̄ = 2021, ȳ = 0.475625;
    # ŷ2025 = 0.475625 − 0.024375·4 = 0.378125; shortfall = (0.295245 − 0.378125)/(0.295245 − 0.5) = 0.4047764…
    # Attainment: 2021 + (0.295245 − 0.475625)/(−0.024375) = 2028.40 → 2029.
    target = TrackedTarget("L2", "单位GDP能耗", "level", "<=", 0.295245, "吨标准煤/万元", 2025, baseline_value=0.5,
                           baseline_year=2020, direction="lower_better")
    a = assess(target, [ye(2022, 0.45125)], date(2022, 12, 31))
    assert (a.status, a.direction) == ("off_track", -1)
    assert a.ratio == approx(0.5)
    assert a.expected == approx(0.405)
    assert a.forecast == approx(0.378125)
    assert a.shortfall == approx((0.295245 - 0.378125) / (0.295245 - 0.5))
    assert a.forecast_year == 2029


def test_change_against_reference_year() -> None:
    # 比2020年下降15%: the 2020 observation 0.6 is y0 and y* = 0.6·(1 − 15/100) = 0.51; lower is better (−15).
    # Latest 0.54 (2023): CAGR = 0.9^(1/3) − 1 = −0.0345106; CAGR* = 0.85^(1/5) − 1 = −0.0319812;
    # R = 0.0345106/0.0319812 = 1.0790902 → on track. Expected 2023: 0.6·0.85^0.6 = 0.5442552.
    # Trend over (2020, .6), (2021, .57), (2023, .54): t̄ = 2021⅓, ȳ = 0.57, Σdt·dy = −0.09, Σdt² = 14/3,
    # b = −0.0192857; ŷ2025 = 0.57 − 0.0192857·(11/3) = 0.4992857; shortfall = (0.51 − 0.4992857)/(0.51 − 0.6)
    # = −0.1190476 (the trend beats the target); attainment 2021⅓ + 0.06/0.0192857 = 2024.44 → 2025.
    target = TrackedTarget("C1", "单位GDP能耗", "change", "=", -15.0, "%", 2025, reference_year=2020)
    a = assess(target, [ye(2020, 0.6), ye(2021, 0.57), ye(2023, 0.54)], date(2023, 12, 31))
    assert (a.status, a.direction, a.baseline_value, a.baseline_period) == ("on_track", -1, 0.6, date(2020, 12, 31))
    assert a.target_level == approx(0.51)
    assert a.actual_rate == approx(0.9 ** (1 / 3) - 1)
    assert a.required_rate == approx(0.85 ** (1 / 5) - 1)
    assert a.ratio == pytest.approx(1.0790902, abs=1e-7)
    assert a.expected == pytest.approx(0.5442552, abs=1e-7)
    assert a.trend_slope == approx(-0.09 / (14 / 3))
    assert a.forecast == approx(0.57 - 0.09 / (14 / 3) * (11 / 3))
    assert a.shortfall == pytest.approx(-0.1190476, abs=1e-7)
    assert a.forecast_year == 2025


def test_change_without_a_reference_value_has_no_target_level() -> None:
    target = TrackedTarget("C2", "单位GDP能耗", "change", "=", -15.0, "%", 2025, reference_year=2020)
    a = assess(target, [ye(2022, 0.5), ye(2023, 0.48)], date(2023, 12, 31))
    assert (a.status, a.target_level, a.ratio) == ("no_data", None, None)
    assert "参考年2020年无观测值" in a.note
    # A stated baseline of the reference year serves when the year itself was not observed.
    stated = TrackedTarget("C3", "单位GDP能耗", "change", "=", -10.0, "%", 2025, baseline_value=0.5,
                           baseline_year=2020, reference_year=2020)
    b = assess(stated, [ye(2022, 0.47)], date(2022, 12, 31))
    assert b.target_level == approx(0.45)  # 0.5·(1 − 0.10)
    assert b.series == ((date(2020, 12, 31), 0.5), (date(2022, 12, 31), 0.47))


def test_change_in_percentage_points_is_absolute() -> None:
    # 提高5个百分点 from 40 (2020): y* = 40 + 5 = 45, not 40·1.05.
    target = TrackedTarget("C4", "森林覆盖率", "change", "=", 5.0, "个百分点", 2025, reference_year=2020)
    a = assess(target, [ye(2020, 40.0), ye(2022, 43.0)], date(2022, 12, 31))
    assert a.target_level == 45.0
    assert a.direction == 1


def test_cumulative_sum_against_elapsed_share() -> None:
    # 新增充电桩1600个, plan issued 2022 → period opens at the end of 2021 (t_s = 2021), T = 2025.
    # The 2021 addition (100) lies before the period and does not count: S = 300 + 400 = 700.
    # On 31 Dec 2023: e = (2023 − 2021)/(2025 − 2021) = 0.5, expected = 1600·0.5 = 800;
    # a = 700/1600 = 0.4375; R = 0.4375/0.5 = 0.875 → lagging.
    # Trend over running totals (2021, 0), (2022, 300), (2023, 700): b = 700/2 = 350, ȳ = 333.33…;
    # ŷ2025 = 333.333 + 350·3 = 1383.333; shortfall = (1600 − 1383.333)/1600 = 0.1354167; 2022 + 1266.67/350
    # = 2025.62 → 2026.
    target = TrackedTarget("U1", "充电桩", "cumulative", "=", 1600.0, "个", 2025, start_year=2022)
    a = assess(target, [ye(2023, 400.0), ye(2021, 100.0), ye(2022, 300.0)], date(2023, 12, 31))
    assert (a.status, a.method, a.observations_used) == ("lagging", "share", 2)
    assert (a.total, a.latest_value, a.baseline_period) == (700.0, 700.0, date(2021, 12, 31))
    assert a.required_rate == 0.5
    assert a.expected == 800.0
    assert a.actual_rate == 0.4375
    assert a.ratio == 0.875
    assert a.forecast == approx(1000 / 3 + 1050)
    assert a.shortfall == approx((1600 - (1000 / 3 + 1050)) / 1600)
    assert a.forecast_year == 2026
    assert a.series == ((date(2021, 12, 31), 0.0), (date(2022, 12, 31), 300.0), (date(2023, 12, 31), 700.0))


def test_cumulative_with_a_baseline_year_opens_after_it_and_can_be_achieved() -> None:
    # 十四五 (baseline 2020): additions of 2021–2023 count; 600 + 500 ≥ 1000 → achieved.
    target = TrackedTarget("U2", "改造老旧小区", "cumulative", ">=", 1000.0, "户", 2025, baseline_year=2020)
    a = assess(target, [ye(2021, 600.0), ye(2023, 500.0)], date(2024, 1, 15))
    assert (a.status, a.total, a.forecast_year) == ("achieved", 1100.0, None)


def test_cumulative_cap_paced_faster_than_time_is_lagging_and_breach_is_off_track() -> None:
    # 新增建设用地控制在100公顷以内 (cap, d = −1), period 2021–2025: 30 + 30 = 60 by 2022.
    # e = (2022 − 2020)/5 = 0.4; a = 0.6; R = 1.5 > 1 → lagging (used faster than time passes).
    target = TrackedTarget("U3", "新增建设用地", "cumulative", "<=", 100.0, "公顷", 2025, baseline_year=2020)
    a = assess(target, [ye(2021, 30.0), ye(2022, 30.0)], date(2022, 12, 31))
    assert (a.status, a.direction, a.ratio, a.shortfall, a.forecast_year) == ("lagging", -1, approx(1.5), None, None)
    breached = assess(target, [ye(2021, 70.0), ye(2022, 40.0)], date(2022, 12, 31))
    assert breached.status == "off_track"
    held = assess(target, [ye(2021, 30.0), ye(2025, 60.0)], date(2026, 3, 1))
    assert held.status == "achieved"


def test_standard_is_compliance_of_the_latest_value() -> None:
    stars = TrackedTarget("S1", "绿色建筑星级", "standard", ">=", 2.0, "星级")
    assert assess(stars, [ye(2022, 2.0), ye(2023, 1.0)], date(2024, 1, 1)).status == "non_compliant"
    assert assess(stars, [ye(2022, 1.0), ye(2023, 2.0)], date(2024, 1, 1)).status == "compliant"
    assert assess(stars, [], date(2024, 1, 1)).status == "no_data"
    floors = TrackedTarget("S2", "新建住宅层数", "standard", "<=", 18.0, "层")
    a = assess(floors, [ye(2023, 18.0)], date(2024, 1, 1))
    assert (a.status, a.method, a.ratio, a.forecast) == ("compliant", "compliance", None, None)


def test_achieved_early() -> None:
    # 61 ≥ 60 two years before 2025: achieved. R is still reported: CAGR = (61/50)^(1/2) − 1 = 0.1045361,
    # CAGR* = 1.2^(1/5) − 1 = 0.0371373, R = 2.8148555. No attainment year is forecast for what is attained.
    target = TrackedTarget("A1", "绿色建筑占比", "level", ">=", 60.0, "%", 2025, baseline_value=50.0,
                           baseline_year=2020)
    a = assess(target, [ye(2022, 61.0)], date(2023, 1, 1))
    assert a.status == "achieved"
    assert a.ratio == pytest.approx(2.8148555, abs=1e-7)
    assert a.forecast_year is None


def test_overdue_when_the_year_has_passed_unmet() -> None:
    # T = 2023; on 1 Mar 2024 (τ = 2023.1667 > 2023) the latest 57 < 60 → overdue. Expected is y* itself.
    # R = (1.14^(1/3) − 1)/(1.2^(1/3) − 1) = 0.0446439/0.0626586 = 0.7124952.
    target = TrackedTarget("O1", "绿色建筑占比", "level", ">=", 60.0, "%", 2023, baseline_value=50.0,
                           baseline_year=2020)
    a = assess(target, [ye(2022, 55.0), ye(2023, 57.0)], date(2024, 3, 1))
    assert (a.status, a.expected) == ("overdue", 60.0)
    assert a.ratio == pytest.approx(0.7124952, abs=1e-7)


def test_deadline_date_sets_the_due_date() -> None:
    target = TrackedTarget("O2", "排查整治", "level", ">=", 100.0, "%", 2023, deadline=date(2023, 10, 31),
                           baseline_value=0.0, baseline_year=2022)
    a = assess(target, [ye(2022, 0.0), Observation(date(2023, 9, 30), 80.0)], date(2023, 11, 15))
    assert (a.due, a.status) == (date(2023, 10, 31), "overdue")


def test_regressing() -> None:
    # 70 (2020) → 68 (2022), target ≥ 80 by 2025: CAGR = (68/70)^(1/2) − 1 = −0.0143892,
    # CAGR* = (80/70)^(1/5) − 1 = 0.0270661; R = −0.5316335 < 0 → regressing.
    # Trend (2020, 70), (2022, 68): b = −1, ŷ2025 = 69 − 4 = 65; shortfall (80 − 65)/(80 − 70) = 1.5; it never arrives.
    target = TrackedTarget("R1", "公共交通分担率", "level", ">=", 80.0, "%", 2025, baseline_value=70.0,
                           baseline_year=2020)
    a = assess(target, [ye(2022, 68.0)], date(2022, 12, 31))
    assert a.status == "regressing"
    assert a.ratio == pytest.approx(-0.5316335, abs=1e-7)
    assert (a.forecast, a.shortfall, a.forecast_year) == (approx(65.0), approx(1.5), None)


def test_no_data_keeps_the_expected_path() -> None:
    # No observation: status no_data, but the path from the stated baseline is known:
    # 70·(80/70)^0.4 on 31 Dec 2022 = 73.8405323.
    target = TrackedTarget("N1", "公共交通分担率", "level", ">=", 80.0, "%", 2025, baseline_value=70.0,
                           baseline_year=2020)
    a = assess(target, [], date(2022, 12, 31))
    assert (a.status, a.ratio, a.latest_value, a.forecast) == ("no_data", None, None, None)
    assert a.expected == pytest.approx(73.8405323, abs=1e-7)
    assert a.series == ((date(2020, 12, 31), 70.0),)


def test_one_observation_without_baseline_is_no_trend() -> None:
    # The single observation becomes the baseline: no elapsed time, no rate, no trend line.
    target = TrackedTarget("T1", "公共交通分担率", "level", ">=", 80.0, "%", 2025)
    a = assess(target, [ye(2022, 68.0)], date(2022, 12, 31))
    assert (a.status, a.ratio, a.forecast, a.method) == ("no_trend", None, None, "")
    assert a.expected == 68.0  # f = 0 at the baseline's own date


def test_negative_baseline_is_sign_corrected() -> None:
    # y0 = −10 (2020), y* = −2.5 (2025), higher is better. y*/y0 = 0.25: CAGR* = −(0.25^(1/5) − 1) = 0.2421417.
    # yt = −5 (2022): CAGR = −(0.5^(1/2) − 1) = 0.2928932 (the value rose). R = 1.2095942 → on track.
    # Expected 2022: −10·0.25^0.4 = −5.7434918. Trend b = 2.5: ŷ2025 = −7.5 + 2.5·4 = 2.5; reaches −2.5 in 2023.
    target = TrackedTarget("Neg", "净收支", "level", ">=", -2.5, "亿元", 2025, baseline_value=-10.0,
                           baseline_year=2020, direction="higher_better")
    a = assess(target, [ye(2022, -5.0)], date(2022, 12, 31))
    assert (a.status, a.method) == ("on_track", "cagr")
    assert a.required_rate == approx(1 - 0.25 ** 0.2)
    assert a.actual_rate == approx(1 - 0.5 ** 0.5)
    assert a.ratio == pytest.approx(1.2095942, abs=1e-7)
    assert a.expected == pytest.approx(-5.7434918, abs=1e-7)
    assert (a.forecast, a.forecast_year) == (approx(2.5), 2023)


def test_zero_baseline_falls_back_to_linear_pace() -> None:
    # y0 = 0: growth rates are undefined. v* = (100 − 0)/5 = 20 a year; v = 30/2 = 15; R = 0.75 → lagging.
    # The path is linear too: 0 + 100·0.4 = 40 on 31 Dec 2022. Trend b = 15: ŷ2025 = 75, shortfall 0.25,
    # attainment 2021 + (100 − 15)/15 = 2026.67 → 2027.
    target = TrackedTarget("Z", "公共充电桩", "level", ">=", 100.0, "个", 2025, baseline_value=0.0, baseline_year=2020)
    a = assess(target, [ye(2022, 30.0)], date(2022, 12, 31))
    assert (a.status, a.method, a.ratio, a.expected) == ("lagging", "linear", 0.75, 40.0)
    assert (a.actual_rate, a.required_rate, a.forecast, a.shortfall, a.forecast_year) == (15.0, 20.0, 75.0, 0.25, 2027)


def test_sign_change_falls_back_to_linear_pace() -> None:
    # y0 = −4, yt = 2, y* = 6 (higher is better): yt/y0 < 0, so v = 6/2 = 3, v* = 10/5 = 2, R = 1.5.
    target = TrackedTarget("X", "净增", "level", ">=", 6.0, "", 2025, baseline_value=-4.0, baseline_year=2020)
    a = assess(target, [ye(2022, 2.0)], date(2022, 12, 31))
    assert (a.method, a.ratio, a.status) == ("linear", 1.5, "on_track")


def test_observations_after_as_of_are_ignored_and_order_does_not_matter() -> None:
    target = TrackedTarget("L", "x", "level", ">=", 161.051, "", 2025, baseline_value=100.0, baseline_year=2020)
    shuffled = [ye(2024, 200.0), ye(2022, 116.64), ye(2021, 108.0)]
    a = assess(target, shuffled, date(2022, 12, 31))
    assert (a.latest_value, a.observations_used, a.ratio) == (116.64, 2, approx(0.8))


def test_the_stated_baseline_yields_to_an_observation_of_the_same_year_in_the_trend() -> None:
    target = TrackedTarget("L", "x", "level", ">=", 80.0, "", 2025, baseline_value=50.0, baseline_year=2020)
    a = assess(target, [ye(2020, 51.0), ye(2022, 60.0)], date(2022, 12, 31))
    assert a.baseline_value == 50.0  # the plan's own baseline measures progress
    assert a.series == ((date(2020, 12, 31), 51.0), (date(2022, 12, 31), 60.0))  # but is not counted twice


def test_inputs_and_formula_carry_the_numbers() -> None:
    target = TrackedTarget("L1", "公共充电桩", "level", ">=", 161.051, "百个", 2025, baseline_value=100.0,
                           baseline_year=2020)
    a = assess(target, [ye(2021, 108.0), ye(2022, 116.64)], date(2022, 12, 31))
    inputs = a.inputs
    assert (inputs["y0"], inputs["t0"], inputs["y*"], inputs["T"], inputs["yt"], inputs["t"]) == (
        100.0, 2020.0, 161.051, 2025.0, 116.64, 2022.0)
    assert inputs["R"] == a.ratio and inputs["CAGR"] == a.actual_rate
    assert inputs["series[2]"] == "2021-12-31 108"
    assert "R = d·rate/|rate*| = +1 × 0.08 / |0.1| = 0.8" in a.formula
    assert "shortfall = (y* − ŷT)/(y* − y0)" in a.formula


def test_bad_input_is_refused_with_the_target_named() -> None:
    with pytest.raises(TrackInputError, match="target B1: kind 'trend' is not one of"):
        assess(TrackedTarget("B1", "x", "trend", ">=", 1.0), [], date(2024, 1, 1))
    with pytest.raises(TrackInputError, match="target B2: comparator '≥' is not one of"):
        assess(TrackedTarget("B2", "x", "level", "≥", 1.0), [], date(2024, 1, 1))
    with pytest.raises(TrackInputError, match="observation dated 2023-12-31 has value nan"):
        assess(TrackedTarget("B3", "x", "level", ">=", 1.0), [ye(2023, float("nan"))], date(2024, 1, 1))
