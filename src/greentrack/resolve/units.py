"""Units as written in plans: normalisation, compatibility and conversion to a canonical unit.

A unit is a name of the table below or `a/b` of two such names. Two units are compatible when
their dimensions are equal; anything else is flagged as a `UnitMismatch` and never converted.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from greentrack.resolve.models import Quantity, UnitMismatch

MU = 10000 / 15  # one 亩 in square metres

# name -> (dimension, factor to the dimension's base unit)
UNITS: dict[str, tuple[str, float]] = {
    "%": ("ratio", 0.01), "": ("ratio", 1.0), "‰": ("ratio", 0.001),
    "米": ("length", 1.0), "公里": ("length", 1000.0), "千米": ("length", 1000.0), "万公里": ("length", 1e7),
    "平方米": ("area", 1.0), "万平方米": ("area", 1e4), "亿平方米": ("area", 1e8),
    "平方公里": ("area", 1e6), "公顷": ("area", 1e4), "亩": ("area", MU), "万亩": ("area", MU * 1e4),
    "立方米": ("volume", 1.0), "万立方米": ("volume", 1e4), "亿立方米": ("volume", 1e8), "吨水": ("volume", 1.0),
    "微克": ("mass", 1e-9), "毫克": ("mass", 1e-6), "克": ("mass", 1e-3), "千克": ("mass", 1.0),
    "公斤": ("mass", 1.0), "斤": ("mass", 0.5), "万斤": ("mass", 5e3), "亿斤": ("mass", 5e7),
    "吨": ("mass", 1e3), "万吨": ("mass", 1e7), "亿吨": ("mass", 1e11),
    "千克标准煤": ("energy", 1.0), "公斤标准煤": ("energy", 1.0), "吨标准煤": ("energy", 1e3),
    "万吨标准煤": ("energy", 1e7), "吨二氧化碳": ("co2", 1.0), "万吨二氧化碳": ("co2", 1e4),
    "千瓦时": ("electricity", 1.0), "度": ("electricity", 1.0), "万千瓦时": ("electricity", 1e4),
    "亿千瓦时": ("electricity", 1e8),
    "千瓦": ("power", 1.0), "万千瓦": ("power", 1e4), "兆瓦": ("power", 1e3), "吉瓦": ("power", 1e6),
    "元": ("money", 1.0), "万元": ("money", 1e4), "亿元": ("money", 1e8),
    "个": ("count", 1.0), "座": ("count", 1.0), "处": ("count", 1.0), "家": ("count", 1.0),
    "张": ("count", 1.0), "项": ("count", 1.0), "栋": ("count", 1.0), "套": ("count", 1.0),
    "户": ("count", 1.0), "辆": ("count", 1.0), "台": ("count", 1.0), "条": ("count", 1.0),
    "所": ("count", 1.0), "批": ("count", 1.0), "万个": ("count", 1e4), "万户": ("count", 1e4),
    "万辆": ("count", 1e4), "万套": ("count", 1e4),
    "人": ("people", 1.0), "千人": ("people", 1e3), "万人": ("people", 1e4),
    "天": ("days", 1.0), "年": ("years", 1.0), "层": ("storeys", 1.0),
    "星级": ("grade", 1.0), "年一遇": ("return_period", 1.0),
}

SYNONYMS: dict[str, str] = {
    "％": "%", "百分比": "%", "㎡": "平方米", "m2": "平方米", "m²": "平方米", "平米": "平方米",
    "万㎡": "万平方米", "万m2": "万平方米", "km": "公里", "m": "米", "km2": "平方公里", "km²": "平方公里",
    "m3": "立方米", "m³": "立方米", "方": "立方米", "万方": "万立方米", "亿方": "亿立方米",
    "μg/m3": "微克/立方米", "μg/m³": "微克/立方米", "ug/m3": "微克/立方米",
    "μg": "微克", "ug": "微克", "mg": "毫克", "kg": "千克", "t": "吨",
    "kw": "千瓦", "mw": "兆瓦", "gw": "吉瓦", "万kw": "万千瓦",
    "kwh": "千瓦时", "吨标煤": "吨标准煤", "万吨标煤": "万吨标准煤", "千克标煤": "千克标准煤", "kgce": "千克标准煤",
    "tce": "吨标准煤", "星": "星级", "颗星": "星级", "年一遇标准": "年一遇", "千人口": "千人", "每千人": "千人",
}

# "per" phrases inside an indicator name that give the unit its denominator
_PER_PHRASES = (
    ("每千人口", "千人"), ("每千人", "千人"), ("每万人", "万人"), ("每万平方米", "万平方米"),
    ("每平方公里", "平方公里"), ("每平方米", "平方米"), ("人均", "人"),
)
_PREFIX = re.compile(r"^(以上|以下|左右)")


@lru_cache(maxsize=4096)  # the tables are fixed; a national ledger converts a few hundred spellings millions of times
def normalise_unit(unit: str) -> str:
    """The table's spelling of a unit: width, case and common symbols folded (`㎡` → `平方米`)."""
    text = unicodedata.normalize("NFKC", unit).strip().replace(" ", "")
    text = _PREFIX.sub("", text)
    parts = [SYNONYMS.get(part.lower(), SYNONYMS.get(part, part)) for part in text.split("/")]
    joined = "/".join(parts)
    return SYNONYMS.get(joined.lower(), joined)


@lru_cache(maxsize=4096)
def _factor(unit: str) -> tuple[str, float] | None:
    parts = normalise_unit(unit).split("/")
    if len(parts) > 2 or any(part not in UNITS for part in parts):
        return None
    dimension, factor = UNITS[parts[0]]
    if len(parts) == 2:
        denominator, divisor = UNITS[parts[1]]
        return f"{dimension}/{denominator}", factor / divisor
    return dimension, factor


def is_known(unit: str) -> bool:
    """True when the unit (or both halves of `a/b`) is in the table."""
    return _factor(unit) is not None


def dimension(unit: str) -> str | None:
    """The unit's dimension (`area`, `mass/area`, `ratio` …), or None for a unit not in the table."""
    found = _factor(unit)
    return found[0] if found else None


def compatible(unit: str, other: str) -> bool:
    """True when a value in `unit` can be converted to `other`."""
    first, second = dimension(unit), dimension(other)
    return first is not None and first == second


def effective_unit(phrase: str, unit: str) -> str:
    """The unit a value carries once the indicator phrase's "per" part is read (人均 + 平方米 → 平方米/人)."""
    written = normalise_unit(unit)
    if not written or "/" in written or written in ("%", "‰"):
        return written
    for marker, denominator in _PER_PHRASES:
        if marker in phrase:
            return f"{written}/{denominator}"
    return written


def convert(value: float, unit: str, to_unit: str) -> Quantity | UnitMismatch:
    """`value` in `unit` expressed in `to_unit`, or a `UnitMismatch` saying why it cannot be."""
    source, target = _factor(unit), _factor(to_unit)
    if source is None or target is None:
        unknown = unit if source is None else to_unit
        return UnitMismatch(value, unit, to_unit, f"unknown unit '{unknown}': add it to the unit table")
    if source[0] != target[0]:
        if value == 0 and normalise_unit(unit) == "":
            return Quantity(0.0, normalise_unit(to_unit))  # 清零: zero is zero in any unit
        return UnitMismatch(value, unit, to_unit, f"'{unit or '(none)'}' is {source[0]}, '{to_unit}' is {target[0]}")
    factor = source[1] / target[1]
    return Quantity(_tidy(value * factor), normalise_unit(to_unit), factor)


def _tidy(number: float) -> float:
    """Round away binary noise (4.6 × 50 = 229.99999999999997)."""
    return float(f"{number:.12g}")
