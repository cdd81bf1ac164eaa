"""Department names as plans write them (县住建局, 市生态环境局金乡县分局, 国网赤峰供电公司) → canonical departments.

A name is read as  [organisation head][place][level][委] + registry name  or, for branch offices,
<parent department or organisation> + <place> + 分局/支行/分行/监管分局. The registry
(`resolve/data/departments.csv`) holds names without any jurisdiction.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

from greentrack.resolve.jurisdictions import find_jurisdictions, get_jurisdiction, resolve_jurisdiction
from greentrack.resolve.models import Department, DepartmentMatch, Jurisdiction

DATA_FILE = "departments.csv"
# heads of vertically managed organisations written before the place (国网赤峰供电公司, 国家税务总局赤峰市税务局)
ORGANISATION_HEADS = ("国家金融监督管理总局", "国家税务总局", "中国人民银行", "国家电网", "国网", "中共", "中国")
LEVEL_WORDS = {"自治区": "province", "省": "province", "自治州": "prefecture", "市": "prefecture",
               "州": "prefecture", "盟": "prefecture", "自治县": "county", "县": "county", "区": "county",
               "旗": "county"}
BRANCH_SUFFIXES = ("中心支行", "监管分局", "分局", "支行", "分行")
VERTICAL_KINDS = ("financial", "regulator")  # national bodies whose branches sit in each place
_LEVEL_CHAR = {"province": "省", "prefecture": "市", "county": "县"}


@cache
def load_departments() -> tuple[Department, ...]:
    """The registry shipped with the package."""
    text = (resources.files("greentrack.resolve") / "data" / DATA_FILE).read_text(encoding="utf-8")
    return tuple(_department(row) for row in csv.DictReader(io.StringIO(text)))


def _department(row: dict[str, str]) -> Department:
    shorts = [entry.partition(">") for entry in row["short_names"].split("|") if entry]
    expansions = tuple((short, full or row["full_name"]) for short, _, full in shorts)
    return Department(row["id"], row["full_name"], row["category"], row["kind"],
                      tuple(n for n in row["other_names"].split("|") if n), tuple(s for s, _ in expansions),
                      expansions)


@cache
def _names() -> dict[str, Department]:
    table: dict[str, Department] = {}
    for department in load_departments():
        for name in (department.full_name, *department.other_names, *department.short_names):
            table.setdefault(name, department)
    return table


@cache
def _names_longest_first() -> tuple[str, ...]:
    return tuple(sorted(_names(), key=len, reverse=True))


# a pure function of its two strings; a corpus names the same few hundred departments again and again
@lru_cache(maxsize=16384)
def resolve_department(written: str, jurisdiction: str | None = None) -> DepartmentMatch | None:
    """The canonical department a written name denotes, or None when it is not in the registry.

    `jurisdiction` (the document's, e.g. 金乡县 or its code) supplies the place a bare or
    prefixed name belongs to: under 金乡县, 县住建局 is 金乡县住房和城乡建设局.
    """
    name = _clean(written)
    context = resolve_jurisdiction(jurisdiction) if jurisdiction else None
    return _direct(written, name, context) or _branch(written, name, context)


def _clean(written: str) -> str:
    return re.sub(r"[\s*（）()]+", "", unicodedata.normalize("NFKC", written))


def _direct(written: str, name: str, context: Jurisdiction | None) -> DepartmentMatch | None:
    for registry_name in _names_longest_first():
        if name.endswith(registry_name):
            prefix = _read_prefix(name[: -len(registry_name)], context)
            if prefix is not None:
                department = _names()[registry_name]
                level, place = prefix
                return DepartmentMatch(written, department, level, place, None,
                                       _canonical(department, registry_name, level, place))
    return None


def _branch(written: str, name: str, context: Jurisdiction | None) -> DepartmentMatch | None:
    suffix = next((s for s in BRANCH_SUFFIXES if name.endswith(s)), None)
    if suffix is None:
        return None
    body = name[: -len(suffix)]
    for cut in range(len(body) - 1, 0, -1):
        branch_place = _place(body[cut:], context)
        parent = _direct(body[:cut], body[:cut], None) if branch_place else None
        if parent is not None and branch_place is not None:
            return _branch_match(written, parent, branch_place, suffix)
    return None


def _branch_match(written: str, parent: DepartmentMatch, branch_place: Jurisdiction, suffix: str) -> DepartmentMatch:
    """A branch office: a national organisation's (人民银行金乡支行) or a higher bureau's (市生态环境局金乡县分局)."""
    department = parent.department
    if department.kind in VERTICAL_KINDS:
        canonical = f"{department.full_name}{branch_place.name}{suffix}"  # 中国人民银行金乡县支行
        return DepartmentMatch(written, department, branch_place.level, branch_place.name, branch_place.name,
                               canonical)
    above = get_jurisdiction(branch_place.parent_code) if branch_place.parent_code else None
    level = parent.level or (above.level if above else None)
    place = parent.place or (_place_at_level(branch_place, level) if level else None)
    parent_name = parent.canonical_name.removeprefix(_where(parent.level, parent.place))
    canonical = f"{_where(level, place)}{parent_name}{branch_place.name}{suffix}"
    return DepartmentMatch(written, department, level, place, branch_place.name, canonical)


def _read_prefix(prefix: str, context: Jurisdiction | None) -> tuple[str | None, str | None] | None:
    """(level, place) of a prefix such as 县, 县委, 金乡县, 国网赤峰, 中共金乡县委; None if it is not one."""
    rest = prefix
    for head in ORGANISATION_HEADS:
        rest = rest.removeprefix(head)
    rest = rest.removesuffix("委")
    if not rest:
        return (context.level, context.name) if context else (None, None)
    if rest in LEVEL_WORDS:
        level = LEVEL_WORDS[rest]
        return level, _place_at_level(context, level)
    place = _place(rest, context)
    return (place.level, place.name) if place else None


def _place(text: str, context: Jurisdiction | None) -> Jurisdiction | None:
    """The division a place name in a department name denotes, preferring one related to the context."""
    found = find_jurisdictions(text)
    if len(found) > 1 and context is not None:
        related = [j for j in found if _related(j, context)]
        found = related or found
    return found[0] if found else None


def _related(candidate: Jurisdiction, context: Jurisdiction) -> bool:
    lineage = {context.code, *(code for code, _ in context.chain)}
    return candidate.code in lineage or context.code in {code for code, _ in candidate.chain} or bool(
        lineage & {code for code, _ in candidate.chain})


def _place_at_level(context: Jurisdiction | None, level: str) -> str | None:
    """Under a county plan, 市 means the county's prefecture: the context's ancestor at that level."""
    if context is None:
        return None
    for code in (context.code, *(code for code, _ in context.chain)):
        found = get_jurisdiction(code)
        if found is not None and found.level == level:
            return found.name
    return None


def _where(level: str | None, place: str | None) -> str:
    return place or (_LEVEL_CHAR[level] if level else "")


def _canonical(department: Department, matched: str, level: str | None, place: str | None) -> str:
    """Place + the official name the written one stands for: 县 + 住建局 → 县住房和城乡建设局."""
    where = _where(level, place)
    party = "委" if department.kind == "party" and where else ""
    return f"{where}{party}{department.expand(matched)}"


def search_departments(query: str = "") -> list[Department]:
    """Registry entries whose id, category, full or short name contains `query` (all when empty)."""
    text = _clean(query)
    return [d for d in load_departments()
            if not text or text in d.id or text in d.category
            or any(text in n for n in (d.full_name, *d.other_names, *d.short_names))]
