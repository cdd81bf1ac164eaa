"""Cell values of a reporting sheet read as periods and numbers, and the bounds a value cannot cross.

Each reader returns the parsed value or a `Bad` holding the reason in Chinese and English, so the
checker can report every problem of a sheet instead of stopping at the first.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from greentrack.ledger.intake_records import IntakeTarget
from greentrack.resolve.units import dimension, normalise_unit

FIRST_YEAR, LAST_YEAR = 1900, 2100
# No monitoring value reaches this in its target's canonical unit: China's GDP is ~1.3e14 元, its building floor
# area ~7e10 m²; anything larger is a typo or an attack (1e308 万平方米 overflows to infinity when converted)
MAX_MAGNITUDE = 1e15
# dimensions whose quantities cannot be negative (a count, an area, a length …); money and ratios can
NON_NEGATIVE = frozenset({"length", "area", "volume", "mass", "energy", "electricity", "power", "count",
                          "people", "days", "years", "storeys", "grade", "return_period", "co2"})
# words in an indicator name that make a percentage a rate of change (it may be negative or pass 100)
CHANGE_WORDS = ("增长", "增速", "增幅", "下降", "降低", "减少", "变化")

_YEAR = re.compile(r"^(\d{4})(?:年(?:度)?)?$")
_YEAR_MONTH = re.compile(r"^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})(?:月(?:份)?)?$")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")


@dataclass(frozen=True)
class Bad:
    """Why a cell could not be read, in Chinese and English."""

    reason: str
    reason_en: str


@dataclass(frozen=True)
class Number:
    """A number read from a cell, and the unit the cell itself implies (`%` for 30% or a percent-formatted cell)."""

    value: float
    implied_unit: str | None = None


def is_blank(value: object) -> bool:
    """True for an empty cell (None, or text that is only spaces)."""
    return value is None or (isinstance(value, str) and not value.strip())


def text_of(value: object) -> str:
    """A cell as text: whole floats without `.0`, everything stripped."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def parse_period(value: object) -> str | Bad:
    """A period cell as `YYYY` or `YYYY-MM`; also 2024年, 2024年6月, 2024/06 and a date Excel made of "2024-06"."""
    if isinstance(value, datetime | date):
        if value.day != 1:
            return Bad(f"期间“{value:%Y-%m-%d}”是日期，应填年份或年月", "a period is a year or year-month, not a day")
        return _period(value.year, value.month, f"{value:%Y-%m}")
    if isinstance(value, bool):
        return _malformed(str(value))
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            return _malformed(text_of(value))
        return _period(int(value), None, text_of(value))
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if match := _YEAR.match(text):
        return _period(int(match.group(1)), None, text)
    if match := _YEAR_MONTH.match(text):
        return _period(int(match.group(1)), int(match.group(2)), text)
    return _malformed(text)


def _period(year: int, month: int | None, written: str) -> str | Bad:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return Bad(f"期间“{written}”的年份不合理", f"year {year} is outside {FIRST_YEAR}–{LAST_YEAR}")
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return Bad(f"期间“{written}”的月份不存在", f"month {month} does not exist; write YYYY or YYYY-MM")
    return f"{year:04d}-{month:02d}"


def _malformed(written: str) -> Bad:
    return Bad(f"期间“{written}”格式不对，应为年份（2024）或年月（2024-06）",
               "malformed period; write YYYY or YYYY-MM")


def period_start(period: str) -> date:
    """The first day of a period `YYYY` or `YYYY-MM`."""
    year, _, month = period.partition("-")
    return date(int(year), int(month or 1), 1)


def is_future(period: str, as_of: date) -> bool:
    """True when the period has not begun on `as_of` (a year or month under way may be reported to date)."""
    return period_start(period) > as_of


def parse_number(value: object, number_format: str = "General") -> Number | Bad:
    """A value cell as a number; text such as “约30%” or “30左右” is refused, never guessed at.

    A percent-formatted Excel cell holds 0.3 for 30%: it is read as 30 with the implied unit `%`.
    Text may carry thousands separators (1,200), full-width digits and a trailing % sign.
    """
    if isinstance(value, bool | datetime | date):
        return _not_a_number(text_of(value))
    if isinstance(value, int | float):
        if not math.isfinite(value):
            return _not_a_number(text_of(value))
        if "%" in (number_format or ""):
            return Number(_tidy(float(value) * 100), "%")
        return Number(float(value))
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(" ", "")
    implied = None
    if text.endswith("%") and len(text) > 1:
        text, implied = text[:-1], "%"
    if _GROUPED.match(text):
        text = text.replace(",", "")
    if not _NUMBER.match(text):
        return _not_a_number(str(value).strip())
    number = float(text)
    return Number(number, implied) if math.isfinite(number) else _not_a_number(str(value).strip())


def _not_a_number(written: str) -> Bad:
    return Bad(f"数值“{written}”不是数字；只填数字，单位填在“单位”列",
               "not a number; write digits only and put the unit in 单位")


def _tidy(number: float) -> float:
    return float(f"{number:.12g}")


def value_bounds(target: IntakeTarget) -> tuple[float | None, float | None]:
    """The lowest and highest value an observation of `target` can take (None: no bound).

    A percentage is a share (0–100) unless it measures change: the indicator's name says so
    (增长率), or the target is a `change` of an unresolved indicator, whose observations are the
    changes themselves. Counts, areas, lengths and the like cannot be negative; money can.
    """
    unit = normalise_unit(target.unit)
    measures_change = any(word in target.indicator for word in CHANGE_WORDS) or (
        target.kind == "change" and target.indicator_id is None)
    if unit in ("%", "‰") and not measures_change:
        return 0.0, 100.0 if unit == "%" else 1000.0
    kind = (dimension(unit) or "").split("/")[0]
    return (0.0, None) if kind in NON_NEGATIVE else (None, None)


def impossible(value: float, target: IntakeTarget) -> Bad | None:
    """Why a value (in the target's canonical unit) cannot be true, or None: a share past 100%, a negative count,
    a magnitude no real quantity has."""
    low, high = value_bounds(target)
    unit = normalise_unit(target.unit)
    if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
        return Bad(f"数值超出合理范围：{value:g}{unit}（绝对值上限{MAX_MAGNITUDE:g}）",
                   f"a magnitude past {MAX_MAGNITUDE:g} {unit or '(no unit)'} is not a real monitoring value")
    if high is not None and low is not None and not low <= value <= high:
        return Bad(f"比例应在{low:g}–{high:g}{unit}之间，填报值为{value:g}{unit}",
                   f"a share must lie between {low:g} and {high:g}{unit}")
    if low is not None and value < low:
        return Bad(f"数量不能为负，填报值为{value:g}{unit}", "a count, area or amount cannot be negative")
    return None
