"""What one table cell says: its values (with their comparators, units and bracketed qualifiers) or nothing.

A value cell holds one number or several: `80%`, `＞80`, `1.12`, `30以上`, `1~2`, or a list of
values each followed by the area it applies to, `40%（全省）55%（沿海地区）`. A cell
whose text is anything else (`完成市分解任务`, `全面建设`) holds no target; `－`, `—`, `/` are empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from greentrack.extract.numbers import UNIT_PATTERN, normalise_unit

_SIGN = {">": ">", "＞": ">", "<": "<", "＜": "<", "≥": ">=", "≤": "<=", "不低于": ">=", "不少于": ">=",
         "不小于": ">=", "大于等于": ">=", "超过": ">=", "不高于": "<=", "不超过": "<=", "不大于": "<=",
         "小于等于": "<=", "达到": ">="}
_AFTER = {"以上": ">=", "及以上": ">=", "以下": "<=", "及以下": "<=", "以内": "<="}
_SIGN_WORDS = "|".join(sorted(map(re.escape, _SIGN), key=len, reverse=True))
_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
_VALUE_RE = re.compile(
    rf"(?P<sign>{_SIGN_WORDS})?\s*(?P<about>约)?\s*[\[［]?(?P<low>{_NUMBER})\s*(?:(?P<dash>[~～\-—–至])\s*(?P<high>{_NUMBER}))?"
    rf"[\]］]?\s*(?P<unit>{UNIT_PATTERN}|[万亿])?\s*(?P<after>及以上|以上|及以下|以下|以内|左右)?"
    rf"\s*(?:[（(](?P<scope>[^（）()\d][^（）()]{{0,24}})[)）])?"
)
_SEPARATORS_RE = re.compile(r"[\s、，,；;/]*")
EMPTY_RE = re.compile(r"^(?:[-—－–―/／×]+|无|暂无|不适用)?$")


@dataclass(frozen=True)
class CellValue:
    """One number of a cell: the value, its unit as written (may be ""), comparator and qualifier."""

    value: float
    unit: str
    comparator: str | None  # a sign or word written with the number (＞80, 30以上), else None
    scope: str | None  # the bracketed qualifier after it (全省, 重点推进地区)
    start: int  # offsets in the cell's text
    end: int
    bracketed: bool = False  # written [17]: a five-year total in 十四五 tables


def read_cell(text: str) -> list[CellValue]:
    """The values a cell states, or [] when it holds text, a dash or nothing."""
    text = text.strip()
    if EMPTY_RE.match(text):
        return []
    found: list[CellValue] = []
    pos = 0
    for m in _VALUE_RE.finditer(text):
        if m.start() != pos and not _SEPARATORS_RE.fullmatch(text[pos:m.start()]):
            return []  # words between the numbers: a sentence, not a value cell
        found.extend(_values(m))
        pos = m.end()
    if not found or not _SEPARATORS_RE.fullmatch(text[pos:]):
        return []
    return found


def _values(m: re.Match[str]) -> list[CellValue]:
    unit = normalise_unit(m.group("unit") or "")
    scope = m.group("scope").strip() if m.group("scope") else None
    sign = _SIGN.get(m.group("sign") or "") or _AFTER.get(m.group("after") or "")
    bracketed = m.group(0).lstrip().startswith(("[", "［"))
    low = float(m.group("low").replace(",", ""))
    if m.group("high"):  # a range: at least the low end, at most the high end
        high = float(m.group("high").replace(",", ""))
        if _year(low) and _year(high):
            return []  # "2021-2025": a span of years, not a value
        if high > low:
            return [CellValue(low, unit, ">=", scope, m.start(), m.end(), bracketed),
                    CellValue(high, unit, "<=", scope, m.start(), m.end(), bracketed)]
        return []
    return [CellValue(low, unit, sign, scope, m.start(), m.end(), bracketed)]


def _year(value: float) -> bool:
    return value.is_integer() and 1990 <= value <= 2100
