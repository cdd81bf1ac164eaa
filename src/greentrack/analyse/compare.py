"""What makes two targets about the same thing: scope, period, bounds, and the words that describe them.

Shared by the contradiction, decomposition and ambition checks so that all of them agree on when
two numbers may be set side by side.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from greentrack.analyse.models import PlanTarget
from greentrack.resolve.units import dimension

# parts of a jurisdiction, longest first (全县, 城乡 or no word mean the whole of it); spellings of one part
# map to one key. In a county plan the 城市建成区 is the 县城建成区, so both are the built-up area.
_AREAS = (("规划建成区", "规划建成区"), ("城市建成区", "建成区"), ("县城建成区", "建成区"), ("建成区", "建成区"),
          ("中心城区", "中心城区"), ("主城区", "主城区"), ("城区", "城区"))
# words inside an indicator phrase that narrow what is counted (公共充电桩 ⊂ 充电桩)
_QUALIFIERS = (("公共领域", "公共"), ("公共", "公共"), ("城镇", "城镇"), ("城市", "城市"), ("县城", "城市"),
               ("农村", "农村"), ("乡村", "农村"), ("既有", "既有"), ("政府投资", "政府投资"), ("规模以上", "规模以上"))
# dimensions whose amounts add up across places and periods (a rate or an intensity does not)
_NOT_ADDITIVE = ("ratio", "grade", "return_period", "years", "days", "storeys")
# five-year plan periods as plans name them
FIVE_YEAR = {"十三五": (2016, 2020), "十四五": (2021, 2025), "十五五": (2026, 2030)}
_RANGE = re.compile(r"((?:19|20)\d{2})\s*[—\-–~至到]\s*((?:19|20)\d{2})\s*年")
LOWER_BOUNDS = (">=", ">")
UPPER_BOUNDS = ("<=", "<")
COMPARATOR_ZH = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": ""}
DIRECTION_ZH = {"higher_better": "越高越好", "lower_better": "越低越好", "target_range": "区间适宜", "": "方向未定"}


@dataclass(frozen=True)
class Scope:
    """Where a number applies: a part of the jurisdiction ("" = all of it) and the narrowing words of its phrase."""

    area: str
    qualifiers: frozenset[str]

    def describe(self) -> str:
        """The scope in words: 全域 or the part and qualifiers (建成区·公共)."""
        parts = [self.area] if self.area else []
        parts.extend(sorted(self.qualifiers))
        return "·".join(parts) if parts else "全域"


def scope_of(item: PlanTarget) -> Scope:
    """The scope of a target from its extracted scope and the words of its indicator phrase."""
    phrase = item.target.indicator
    written = (item.target.scope or "") + phrase
    name = item.indicator_name or ""
    parts: set[str] = set()
    sub = sub_scope(item.target.quote, item.target.scope)
    if sub:
        parts.add(sub)  # "其中X…": a named part of the sentence's whole, whatever words name it
    for word, key in _AREAS:
        if word in written:
            parts.add(key)
            written = written.replace(word, "")
    # 建成区绿地率 is defined on the built-up area: saying so narrows nothing
    area = "·".join(sorted(part for part in parts if part not in name))
    remainder = phrase
    for word, _ in _AREAS:
        remainder = remainder.replace(word, "")
    qualifiers: set[str] = set()
    for word, key in _QUALIFIERS:
        if word in remainder and word not in name:
            qualifiers.add(key)
            remainder = remainder.replace(word, "")
    return Scope(area, frozenset(qualifiers))


def sub_scope(quote: str, scope: str | None) -> str | None:
    """The part a "其中…" clause picks out of its sentence's whole ("其中甲市、乙市达到45%" → 甲市、乙市), or None."""
    if not scope or not quote.lstrip("，,；; ").startswith("其中") or scope.startswith("全"):
        return None
    return f"其中{scope}"


def distributed(quote: str, other_quote: str) -> bool:
    """Two numbers one "分别" hands out over a list of scopes ("城市、县城…分别达到97%、95%"): each value has its
    own scope, so they are never the same target twice. Their quotes overlap and carry that 分别."""
    if "分别" not in quote or "分别" not in other_quote:
        return False
    return quote.startswith(other_quote) or other_quote.startswith(quote)


def scope_relation(first: Scope, second: Scope) -> str:
    """`same`, `narrower` (first inside second), `wider`, or `other` when neither contains the other."""
    if first == second:
        return "same"
    if _inside(first, second):
        return "narrower"
    if _inside(second, first):
        return "wider"
    return "other"


def _inside(small: Scope, large: Scope) -> bool:
    area_inside = small.area == large.area or (large.area == "" and small.area != "")
    return area_inside and small.qualifiers >= large.qualifiers


def additive(unit: str | None) -> bool:
    """True when amounts in this unit add up (areas, counts, tonnes), false for rates and intensities."""
    found = dimension(unit) if unit is not None else None
    return found is not None and "/" not in found and found not in _NOT_ADDITIVE


@dataclass(frozen=True)
class Amount:
    """What a target adds over a period: the amount and the first and last year (first None = not said)."""

    value: float
    first: int | None
    last: int
    derived: str = ""  # how the amount was worked out, for the explanation (610 − 290)


def amount_of(item: PlanTarget) -> Amount | None:
    """The amount a cumulative target adds, or a level with a baseline implies, over its period; else None.

    A cumulative target with a baseline is a running total (累计新增 290 → 610), so it adds the
    difference; a level of an additive quantity with a baseline adds the same.
    """
    t = item.target
    if item.value is None or t.year is None:
        return None
    base = _baseline_in_unit(item)
    if t.kind == "cumulative" and base is None:
        return Amount(item.value, _first_year(item), t.year)
    if t.kind in ("cumulative", "level") and base is not None and additive(item.unit) and t.baseline_year:
        value = round(item.value - base, 9)
        return Amount(value, t.baseline_year + 1, t.year, f"{fmt(item.value)}−{fmt(base)}")
    return None


def _baseline_in_unit(item: PlanTarget) -> float | None:
    t = item.target
    if t.baseline_value is None or item.value is None or t.value == 0:
        return None
    # the baseline is written in the target's unit; the canonical value carries the conversion factor
    return t.baseline_value * (item.value / t.value)


def _first_year(item: PlanTarget) -> int | None:
    """The first year of a cumulative amount: a stated range, a five-year plan named with it or in the title."""
    t = item.target
    found = _RANGE.search(t.quote)
    if found and int(found.group(2)) == t.year:
        return int(found.group(1))
    for text in (t.quote, "".join(t.section), item.plan.title or ""):
        for name, (first, last) in FIVE_YEAR.items():
            if name in text and last == t.year:
                return first
    return None


def close(a: float, b: float) -> bool:
    """Equal up to rounding (0.6702 written in two places, 200万 vs 2000000 converted)."""
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def stricter(first: PlanTarget, second: PlanTarget) -> PlanTarget | None:
    """The more demanding of two comparable numbers, by the bounds they set and the indicator's direction."""
    a, b = first.value, second.value
    if a is None or b is None or close(a, b):
        return None
    ca, cb = first.target.comparator, second.target.comparator
    if ca in LOWER_BOUNDS and cb in LOWER_BOUNDS:
        return first if a > b else second
    if ca in UPPER_BOUNDS and cb in UPPER_BOUNDS:
        return first if a < b else second
    return better(first, second)


def better(first: PlanTarget, second: PlanTarget) -> PlanTarget | None:
    """The target whose value is better in the indicator's direction (None when it has none)."""
    a, b = first.value, second.value
    if a is None or b is None or close(a, b):
        return None
    if first.direction == "higher_better":
        return first if a > b else second
    if first.direction == "lower_better":
        return first if a < b else second
    return None


def fmt(number: float) -> str:
    """A number without binary noise or a trailing .0 (40.11, 110, 0.6702)."""
    text = f"{number:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def statement(item: PlanTarget) -> str:
    """The target as a short Chinese phrase in the canonical unit: `≥40.11%`, `110座`, `下降15%`."""
    if item.value is None:
        return f"{fmt(item.target.value)}{item.target.unit}"
    if item.target.kind == "change":
        verb = "下降" if item.value < 0 else "提高"
        return f"比{item.target.reference_year or '基期'}年{verb}{fmt(abs(item.value))}%"
    return f"{COMPARATOR_ZH.get(item.target.comparator, '')}{fmt(item.value)}{item.unit or ''}"


def as_written(item: PlanTarget) -> str:
    """The target as the plan writes it: indicator, bound, number and unit (`新增城市道路 1.6公里`)."""
    t = item.target
    if t.kind == "change":
        verb = "下降" if t.value < 0 else "提高"
        return f"{t.indicator} 比{t.reference_year or '基期'}年{verb}{fmt(abs(t.value))}{t.unit}"
    return f"{t.indicator} {COMPARATOR_ZH.get(t.comparator, '')}{fmt(t.value)}{t.unit}"


def hedge(item: PlanTarget) -> str:
    """`（力争）` for an aspirational target, else nothing."""
    return "（力争）" if item.target.aspirational else ""
