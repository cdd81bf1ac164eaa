"""GB/T 2260 administrative divisions shipped as `resolve/data/jurisdictions.csv`: lookup with the parent chain."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from greentrack.models import Metadata
from greentrack.resolve.models import Jurisdiction

DATA_FILE = "jurisdictions.csv"
LEVELS = ("province", "prefecture", "county")
# the longest first, so that 壮族自治区 is removed whole rather than as 区
SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "自治旗",
            "地区", "林区", "新区", "省", "市", "县", "区", "旗", "盟", "州")
_ISSUER_TAIL = re.compile(r"(人民政府办公室|人民政府办公厅|人民政府|政府办公室|委员会|政府|办公室)$")
_CODE = re.compile(r"^\d{6}$")


@dataclass(frozen=True)
class _Row:
    code: str
    name: str
    level: str
    parent: str | None


@cache
def _rows() -> dict[str, _Row]:
    text = (resources.files("greentrack.resolve") / "data" / DATA_FILE).read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    return {r["code"]: _Row(r["code"], r["name"], r["level"], r["parent"] or None)
            for r in csv.DictReader(io.StringIO(body))}


def edition() -> str:
    """The header comment of the data file: source package, version and edition date."""
    text = (resources.files("greentrack.resolve") / "data" / DATA_FILE).read_text(encoding="utf-8")
    return "\n".join(line[2:] for line in text.splitlines() if line.startswith("#"))


def short_name(name: str) -> str:
    """The name without its administrative suffix (金乡县 → 金乡, 内蒙古自治区 → 内蒙古); unchanged if too short."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@cache
def _index() -> dict[str, tuple[str, ...]]:
    names: dict[str, list[str]] = {}
    for row in _rows().values():
        for key in dict.fromkeys((row.name, short_name(row.name))):
            names.setdefault(key, []).append(row.code)
    return {key: tuple(codes) for key, codes in names.items()}


@cache
def _children() -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for row in _rows().values():
        if row.parent:
            found.setdefault(row.parent, []).append(row.code)
    return {parent: tuple(codes) for parent, codes in found.items()}


def descendant_codes(code: str) -> list[str]:
    """The codes of every division below this one in the shipped table (children first, then theirs)."""
    found, todo = [], [code]
    while todo:
        children = [child for parent in todo for child in _children().get(parent, ())]
        found += children
        todo = children
    return found


def get_jurisdiction(code: str) -> Jurisdiction | None:
    """The division with this six-digit code, with its parent chain."""
    row = _rows().get(code)
    if row is None:
        return None
    chain: list[tuple[str, str]] = []
    parent = row.parent
    while parent and parent in _rows():
        chain.append((parent, _rows()[parent].name))
        parent = _rows()[parent].parent
    return Jurisdiction(row.code, row.name, row.level, row.parent, tuple(chain))


def find_jurisdictions(name: str) -> list[Jurisdiction]:
    """Every division called `name` (full or without suffix), highest level first."""
    cleaned = _clean(name)
    if _CODE.match(cleaned):
        found = get_jurisdiction(cleaned)
        return [found] if found else []
    codes = _index().get(cleaned) or _index().get(short_name(cleaned), ())
    return _sorted(j for code in codes if (j := get_jurisdiction(code)))


def resolve_jurisdiction(name: str, context: str | None = None) -> Jurisdiction | None:
    """The one division `name` denotes; `context` (issuer, parent name or code) breaks ties; None if unsure.

    Compound names such as 内蒙古自治区赤峰市 or 山东省济宁市金乡县人民政府 resolve to the last part,
    constrained by the earlier parts.
    """
    cleaned = _clean(name)
    candidates = find_jurisdictions(cleaned) or _compound(cleaned)
    if len(candidates) > 1 and context:
        candidates = _within(candidates, context) or candidates
    if len(candidates) > 1 and candidates[0].level != candidates[1].level:
        return candidates[0]  # 吉林 → 吉林省 rather than 吉林市: the wider reading, as a plan heading means
    return candidates[0] if len(candidates) == 1 else None


def jurisdiction_of(metadata: Metadata) -> Jurisdiction | None:
    """A document's jurisdiction from its outline metadata (jurisdiction, else issuer), the issuer breaking ties."""
    name = metadata.jurisdiction or metadata.issuer
    return resolve_jurisdiction(name, metadata.issuer) if name else None


def _clean(name: str) -> str:
    return _ISSUER_TAIL.sub("", re.sub(r"\s+", "", name))


def _compound(text: str) -> list[Jurisdiction]:
    """Read a name made of several divisions, outermost first; the innermost one that fits its parents."""
    for cut in range(len(text) - 1, 1, -1):
        head, tail = text[:cut], text[cut:]
        parents = find_jurisdictions(head)
        if parents and (inner := find_jurisdictions(tail) or _compound(tail)):
            fitting = _within(inner, " ".join(p.code for p in parents))
            if fitting:
                return fitting
    return []


def _within(candidates: list[Jurisdiction], context: str) -> list[Jurisdiction]:
    """The candidates one of whose parents the context names (by code, full name or short name)."""
    return [j for j in candidates if any(code in context or name in context or short_name(name) in context
                                         for code, name in j.chain)]


def _sorted(items: object) -> list[Jurisdiction]:
    return sorted(items, key=lambda j: (LEVELS.index(j.level), j.code))  # type: ignore[attr-defined]


def search_jurisdictions(query: str, limit: int | None = 50) -> list[Jurisdiction]:
    """Divisions whose code starts with `query` or whose name contains it, exact names first."""
    text = _clean(query)
    if not text:
        return []
    exact = find_jurisdictions(text)
    if text.isdigit():
        others = [j for code in _rows() if code.startswith(text) and (j := get_jurisdiction(code))]
    else:
        others = [j for row in _rows().values() if text in row.name and (j := get_jurisdiction(row.code))]
    seen = {j.code for j in exact}
    found = exact + _sorted(j for j in others if j.code not in seen)
    return found[:limit] if limit else found


def count() -> int:
    """Number of divisions in the shipped table."""
    return len(_rows())
