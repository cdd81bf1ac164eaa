"""The indicator catalog shipped as `resolve/data/indicators.csv`: loading, lookup and search."""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

from greentrack.resolve.models import Indicator
from greentrack.resolve.text import normalise, similarity

CATALOG_FILE = "indicators.csv"
FIELDS = ("id", "zh", "en", "unit", "direction", "dimension", "basis", "aliases", "description")
DIRECTIONS = ("higher_better", "lower_better", "target_range", "")
# the eight 城市体检 dimensions, then the plan chapters that fall outside them
DIMENSIONS: dict[str, str] = {
    "生态宜居": "ecology and liveability", "健康舒适": "health and comfort", "安全韧性": "safety and resilience",
    "交通便捷": "convenient transport", "风貌特色": "townscape and character", "整洁有序": "tidiness and order",
    "多元包容": "diversity and inclusion", "创新活力": "innovation and vitality",
    "产业": "industry", "能源": "energy", "建筑": "building", "农业": "agriculture",
}


def read_catalog(text: str) -> tuple[Indicator, ...]:
    """Indicators from catalog CSV text; a malformed row raises ValueError naming its line."""
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != FIELDS:
        raise ValueError(f"indicator catalog header must be {','.join(FIELDS)}")
    return tuple(_row(row, reader.line_num) for row in reader)


def _row(row: dict[str, str], line: int) -> Indicator:
    if row["direction"] not in DIRECTIONS:
        raise ValueError(f"indicators.csv line {line}: unknown direction '{row['direction']}'")
    if row["dimension"] not in DIMENSIONS:
        raise ValueError(f"indicators.csv line {line}: unknown dimension '{row['dimension']}'")
    names = [a.strip() for a in row["aliases"].split("|") if a.strip()]
    aliases = tuple(dict.fromkeys(a for a in names if not a.startswith("?")))
    contextual = tuple(dict.fromkeys(a[1:] for a in names if a.startswith("?")))
    return Indicator(id=row["id"], zh=row["zh"], en=row["en"], unit=row["unit"], direction=row["direction"],
                     dimension=row["dimension"], basis=row["basis"], aliases=aliases,
                     description=row["description"], contextual_aliases=contextual)


@cache
def load_catalog() -> tuple[Indicator, ...]:
    """The catalog shipped with the package, in file order."""
    text = (resources.files("greentrack.resolve") / "data" / CATALOG_FILE).read_text(encoding="utf-8")
    return read_catalog(text)


@cache
def _by_id() -> dict[str, Indicator]:
    return {indicator.id: indicator for indicator in load_catalog()}


def get_indicator(indicator_id: str) -> Indicator | None:
    """The catalog indicator with this id, or None."""
    return _by_id().get(indicator_id)


def search_catalog(query: str = "", limit: int | None = None) -> list[Indicator]:
    """Indicators matching `query` (id, Chinese or English name, alias, unit or dimension), best first.

    An empty query lists the whole catalog in file order.
    """
    catalog = load_catalog()
    if not query.strip():
        return list(catalog[:limit] if limit else catalog)
    scored = [(score, i, indicator) for i, indicator in enumerate(catalog)
              if (score := _search_score(query, indicator)) > 0]
    scored.sort(key=lambda item: (-item[0], item[1]))
    found = [indicator for _, _, indicator in scored]
    return found[:limit] if limit else found


def _search_score(query: str, indicator: Indicator) -> float:
    needle = query.strip().lower()
    if needle in (indicator.id.lower(), indicator.dimension, DIMENSIONS[indicator.dimension]):
        return 1.0
    if indicator.id.lower().startswith(needle):
        return 0.9
    if needle in indicator.en.lower() or needle in indicator.id.lower():
        return 0.8
    phrase = normalise(query)
    best = max(similarity(phrase, normalise(name))[0] for name in indicator.names)
    return best if best >= 0.5 else 0.0
