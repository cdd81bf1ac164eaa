"""How ambitious each jurisdiction is, per indicator: targets of the same measure ranked side by side.

Targets are grouped by catalog indicator, kind, year, reference year (for changes) and scope, in
the indicator's canonical unit, so every group compares like with like. A jurisdiction with
several targets in a group is represented by its most demanding one. Where the indicator has a
direction the best value ranks first (ties share a rank); without one the rows are listed by
value and carry no rank.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from greentrack.analyse.compare import DIRECTION_ZH, close, scope_of, statement
from greentrack.analyse.models import PlanTarget

_RANKED = ("higher_better", "lower_better")
KIND_ZH = {"level": "水平", "cumulative": "累计量", "change": "变化幅度"}
KIND_EN = {"level": "level", "cumulative": "cumulative amount", "change": "change"}


@dataclass(frozen=True)
class AmbitionEntry:
    """One jurisdiction's target in a ranking: rank (None without a direction), value, the target behind it."""

    rank: int | None
    jurisdiction_code: str
    jurisdiction_name: str
    value: float
    target: PlanTarget


@dataclass(frozen=True)
class AmbitionRanking:
    """Jurisdictions ranked by their target for one indicator, kind, year and scope."""

    indicator_id: str
    indicator_name: str
    kind: str
    year: int | None
    reference_year: int | None
    scope: str
    unit: str
    direction: str
    entries: tuple[AmbitionEntry, ...]

    @property
    def title(self) -> str:
        """The chart title: 指标 · 年份 · 口径 (单位)."""
        kind = KIND_ZH.get(self.kind, self.kind)
        year = f"{self.year}年" if self.year else "年份未定"
        base = f"比{self.reference_year}年" if self.reference_year else ""
        scope = "" if self.scope == "全域" else f" · {self.scope}"
        unit = f"（{self.unit}）" if self.unit else ""
        return f"{self.indicator_name} · {year}{base}{kind}{scope}{unit}"

    @property
    def title_en(self) -> str:
        """The chart title in English: indicator · kind in year (from the reference year) · scope (unit)."""
        kind = KIND_EN.get(self.kind, self.kind)
        year = f"in {self.year}" if self.year else "year not set"
        base = f" from {self.reference_year}" if self.reference_year else ""
        scope = "" if self.scope == "全域" else f" · {self.scope}"
        unit = f" ({self.unit})" if self.unit else ""
        return f"{self.indicator_name} · {kind} {year}{base}{scope}{unit}"

    def chart(self) -> dict[str, Any]:
        """ECharts-ready data: categories (jurisdictions, best first) and one bar series of target values."""
        return {
            "title": self.title,
            "unit": self.unit,
            "direction": self.direction,
            "direction_zh": DIRECTION_ZH.get(self.direction, ""),
            "categories": [e.jurisdiction_name for e in self.entries],
            "series": [{"name": "目标值", "type": "bar", "data": [e.value for e in self.entries],
                        "labels": [statement(e.target) for e in self.entries]}],
        }


def rank_ambition(targets: Sequence[PlanTarget], indicator_id: str | None = None,
                  min_jurisdictions: int = 2) -> list[AmbitionRanking]:
    """Rankings for every indicator (or the one asked for) stated by at least `min_jurisdictions` places."""
    groups: dict[tuple[Any, ...], dict[str, PlanTarget]] = defaultdict(dict)
    for item in targets:
        if not item.comparable or item.target.kind == "standard":
            continue
        if indicator_id is not None and item.indicator_id != indicator_id:
            continue
        t = item.target
        key = (item.indicator_id, t.kind, t.year, t.reference_year if t.kind == "change" else None,
               scope_of(item).describe(), item.unit)
        current = groups[key].get(item.jurisdiction.code)
        groups[key][item.jurisdiction.code] = _more_demanding(current, item)
    rankings = [_ranking(key, list(members.values())) for key, members in groups.items()
                if len(members) >= min_jurisdictions]
    rankings.sort(key=lambda r: (r.indicator_id, r.kind, r.year or 0, r.scope))
    return rankings


def _more_demanding(current: PlanTarget | None, item: PlanTarget) -> PlanTarget:
    if current is None or current.value is None or item.value is None:
        return item
    if item.direction == "lower_better":
        return item if item.value < current.value else current
    return item if item.value > current.value else current


def _ranking(key: tuple[Any, ...], members: list[PlanTarget]) -> AmbitionRanking:
    indicator_id, kind, year, reference_year, scope, unit = key
    direction = members[0].direction
    members.sort(key=lambda m: (-(m.value or 0.0) if direction != "lower_better" else (m.value or 0.0),
                                m.jurisdiction.code))
    entries: list[AmbitionEntry] = []
    for position, item in enumerate(members, 1):
        rank: int | None = None
        if direction in _RANKED:
            tied = entries and close(entries[-1].value, item.value or 0.0)
            rank = entries[-1].rank if tied else position
        entries.append(AmbitionEntry(rank, item.jurisdiction.code, item.jurisdiction.name, item.value or 0.0, item))
    return AmbitionRanking(indicator_id, members[0].indicator_name or indicator_id, kind, year, reference_year,
                           scope, unit or "", direction, tuple(entries))
