"""Whether what a higher level set was taken up below it (分解落实): weaker, missing and undecided targets.

A child is any jurisdiction whose GB/T 2260 parent chain holds the parent's code. Four checks:

- `weaker_children`: a rate, intensity or change of a child set below the parent's for the same
  indicator, year and scope (direction-aware, the child's value converted into the parent's unit);
  quantities that add up (areas, counts) are not compared one child at a time;
- `children_shortfalls`: for quantities that add up, the direct children's amounts summed against
  the parent's, with the direct children that state nothing on it listed;
- `uncovered_targets`: a parent target whose indicator no child's plan mentions at all; a child target
  the catalog could not place is matched by its words (`TEXT_MATCH` or closer: taken up; `TEXT_UNSURE`
  or closer: reported as unsure, naming the candidates, never as uncovered);
- `undecided_rows`: table rows that answer "完成市分解任务" (or 按省下达…) instead of a number — the
  extractor emits no target for them, so they are read from the outline's tables.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache

from greentrack.analyse.compare import (
    DIRECTION_ZH,
    additive,
    amount_of,
    close,
    fmt,
    scope_of,
    scope_relation,
    statement,
)
from greentrack.analyse.models import PlanInfo, PlanTarget
from greentrack.extract.scoring import indicator_similarity
from greentrack.models import Outline, Table
from greentrack.resolve import Jurisdiction, Quantity, convert, resolve_indicator, search_jurisdictions

# 完成市分解任务, 按省下达目标, 落实上级分解指标, 市下达的任务 — a deferral to the level above
UNDECIDED = re.compile(
    r"(?:完成|落实|按照?|执行)(?:上级|国家|省|自治区|市|州|盟|地区)?级?(?:下达|分解|确定)?的?(?:目标|任务|指标)"
    r"|(?:上级|国家|省|自治区|市|州|盟)(?:下达|分解)的?(?:目标|任务|指标)")
_DIGIT = re.compile(r"\d")
_YEAR_HEADER = re.compile(r"((?:19|20)\d{2})\s*年?")
_UNIT_IN_NAME = re.compile(r"[（(]([^（）()]{1,12})[）)]\s*$")
_CHANGE_NAME = re.compile(r"(?:降低|下降|减少|提高|增长)(?:率|幅度)?$")
_NUMBERING = re.compile(r"^\s*\d{1,2}[.．、]\s*")
_BINDING = ("约束性", "预期性")
# How alike (bigram Dice, 1.0 when one name holds the other) an uncatalogued child target's words must be to a
# parent's indicator to take it up, and to be worth a person's look.
TEXT_MATCH = 0.8
TEXT_UNSURE = 0.5


@dataclass(frozen=True)
class WeakerChild:
    """A child's target set below its parent's for the same indicator, year and scope."""

    parent: PlanTarget
    child: PlanTarget
    parent_value: float
    child_value: float
    unit: str
    explanation: str


@dataclass(frozen=True)
class ChildrenShortfall:
    """A parent amount that its direct children's amounts do not add up to (or, for caps, exceed)."""

    parent: PlanTarget
    children: tuple[PlanTarget, ...]
    total: float
    unit: str
    missing: tuple[Jurisdiction, ...]
    explanation: str


@dataclass(frozen=True)
class UncoveredTarget:
    """A parent target whose indicator appears in none of its children's plans."""

    parent: PlanTarget
    children: tuple[Jurisdiction, ...]
    explanation: str
    candidates: tuple[PlanTarget, ...] = ()  # children's uncatalogued targets worded like it: a person decides

    @property
    def unsure(self) -> bool:
        """True when children state targets worded like it that the catalog could not place (待核实)."""
        return bool(self.candidates)


@dataclass(frozen=True)
class UndecidedRow:
    """A table row that defers to the level above (完成市分解任务) instead of giving a number."""

    plan: PlanInfo
    table_title: str | None
    row: int
    indicator: str
    indicator_id: str | None
    year: int | None
    phrase: str
    binding: str | None
    departments: str | None
    quote: str
    start: int
    end: int
    handed_down: tuple[PlanTarget, ...] = ()


@dataclass(frozen=True)
class DecompositionReport:
    """Every decomposition finding over a set of plans."""

    weaker: tuple[WeakerChild, ...]
    shortfalls: tuple[ChildrenShortfall, ...]
    uncovered: tuple[UncoveredTarget, ...]
    undecided: tuple[UndecidedRow, ...]


def check_decomposition(targets: Sequence[PlanTarget], undecided: Iterable[UndecidedRow] = ()) -> DecompositionReport:
    """All four checks; each undecided row carries the targets its ancestors set for its indicator."""
    return DecompositionReport(
        weaker=tuple(weaker_children(targets)), shortfalls=tuple(children_shortfalls(targets)),
        uncovered=tuple(uncovered_targets(targets)), undecided=tuple(with_handed_down(undecided, targets)))


def descends(child: Jurisdiction, parent: Jurisdiction) -> bool:
    """True when `parent` is in `child`'s chain of parents."""
    return any(code == parent.code for code, _ in child.chain)


def weaker_children(targets: Sequence[PlanTarget]) -> list[WeakerChild]:
    """Children's rates, intensities and changes set below the parent's (direction-aware, units converted)."""
    found: list[WeakerChild] = []
    below = _below(targets)
    for parent in targets:
        if not _rate_like(parent):
            continue
        by_child: dict[str, list[tuple[PlanTarget, float]]] = defaultdict(list)
        for child in below.get((parent.jurisdiction.code, parent.indicator_id or ""), ()):
            if _same_measure(parent, child):
                value = in_unit(child, parent.unit or "")
                if value is not None:
                    by_child[child.jurisdiction.code].append((child, value))
        for candidates in by_child.values():
            child, value = _best(candidates, parent.direction)
            if _worse(value, parent.value or 0.0, parent.direction):
                found.append(WeakerChild(parent, child, parent.value or 0.0, value, parent.unit or "",
                                         _weaker_words(parent, child, value)))
    return found


def _below(targets: Sequence[PlanTarget]) -> dict[tuple[str, str], list[PlanTarget]]:
    """Targets under each (ancestor code, catalog id), so a parent meets only its descendants' own indicator."""
    index: dict[tuple[str, str], list[PlanTarget]] = defaultdict(list)
    for item in targets:
        if item.indicator_id is not None:
            for code, _ in item.jurisdiction.chain:
                index[(code, item.indicator_id)].append(item)
    return index


def _rate_like(item: PlanTarget) -> bool:
    """Targets a child should match one by one: known direction, not an amount that adds up."""
    if not item.comparable or item.direction not in ("higher_better", "lower_better"):
        return False
    if item.target.kind == "change":
        return True
    return item.target.kind == "level" and not additive(item.unit)


def _same_measure(parent: PlanTarget, child: PlanTarget) -> bool:
    p, c = parent.target, child.target
    return (child.comparable and child.indicator_id == parent.indicator_id and c.year == p.year
            and c.kind == p.kind and (p.kind != "change" or c.reference_year == p.reference_year)
            and scope_relation(scope_of(child), scope_of(parent)) == "same")


def in_unit(item: PlanTarget, unit: str) -> float | None:
    """The target's value expressed in `unit` (None when the units do not convert)."""
    if item.value is None or item.unit is None:
        return None
    if item.unit == unit or item.target.kind == "change":
        return item.value
    converted = convert(item.value, item.unit, unit)
    return converted.value if isinstance(converted, Quantity) else None


def _best(candidates: list[tuple[PlanTarget, float]], direction: str) -> tuple[PlanTarget, float]:
    """The child's most demanding target (a plan may state the same thing twice)."""
    pick = max if direction == "higher_better" else min
    return pick(candidates, key=lambda pair: pair[1])


def _worse(value: float, reference: float, direction: str) -> bool:
    if close(value, reference):
        return False
    return value < reference if direction == "higher_better" else value > reference


def _weaker_words(parent: PlanTarget, child: PlanTarget, value: float) -> str:
    shown = statement(child) if child.unit == parent.unit else f"{statement(child)}（折合{fmt(value)}{parent.unit}）"
    return (f"{child.jurisdiction.name}{child.plan.label}对「{parent.indicator_name}」{parent.target.year}年的目标为"
            f"{shown}，弱于{parent.jurisdiction.name}{parent.plan.label}的{statement(parent)}"
            f"（该指标{DIRECTION_ZH[parent.direction]}）。")


def children_shortfalls(targets: Sequence[PlanTarget]) -> list[ChildrenShortfall]:
    """Amounts that add up: the direct children's sum against the parent's, with the silent children named."""
    found: list[ChildrenShortfall] = []
    below = _below(targets)
    for parent in targets:
        counted = _counted(parent)
        if counted is None or not additive(parent.unit) or parent.direction not in ("higher_better", "lower_better"):
            continue
        by_child: dict[str, list[tuple[PlanTarget, float]]] = defaultdict(list)
        for child in below.get((parent.jurisdiction.code, parent.indicator_id or ""), ()):
            if child.jurisdiction.parent_code == parent.jurisdiction.code and _same_amount(parent, child):
                value = _counted_in_unit(child, parent.unit or "")
                if value is not None:
                    by_child[child.jurisdiction.code].append((child, value))
        if not by_child:
            continue
        picks = [_best(candidates, parent.direction) for candidates in by_child.values()]
        total = round(sum(value for _, value in picks), 9)
        if not _worse(total, counted, parent.direction):
            continue
        missing = tuple(j for j in children_of(parent.jurisdiction) if j.code not in by_child)
        found.append(ChildrenShortfall(parent, tuple(child for child, _ in picks), total, parent.unit or "",
                                       missing, _shortfall_words(parent, counted, total, len(picks), missing)))
    return found


def _counted(item: PlanTarget) -> float | None:
    if not item.comparable or item.target.year is None:
        return None
    found = amount_of(item)
    if found is not None:
        return found.value
    return item.value if item.target.kind == "level" else None


def _same_amount(parent: PlanTarget, child: PlanTarget) -> bool:
    return (child.comparable and child.indicator_id == parent.indicator_id and child.target.year == parent.target.year
            and (amount_of(child) is not None) == (amount_of(parent) is not None)
            and scope_relation(scope_of(child), scope_of(parent)) == "same")


def _counted_in_unit(child: PlanTarget, unit: str) -> float | None:
    value = _counted(child)
    if value is None or child.unit is None:
        return None
    if child.unit == unit:
        return value
    converted = convert(value, child.unit, unit)
    return converted.value if isinstance(converted, Quantity) else None


def _shortfall_words(parent: PlanTarget, counted: float, total: float, count: int,
                     missing: tuple[Jurisdiction, ...]) -> str:
    relation = "少于" if parent.direction == "higher_better" else "多于"
    text = (f"{parent.jurisdiction.name}{parent.plan.label}对「{parent.indicator_name}」{parent.target.year}年要求"
            f"{fmt(counted)}{parent.unit}，已有目标的{count}个下级合计{fmt(total)}{parent.unit}，{relation}上级目标。")
    if missing:
        names = "、".join(j.name for j in missing[:8]) + ("等" if len(missing) > 8 else "")
        text += f"另有{len(missing)}个下级未提出该目标（{names}），其目标确定前无法判断能否完成。"
    return text


@cache
def children_of(parent: Jurisdiction) -> tuple[Jurisdiction, ...]:
    """The direct subdivisions of a jurisdiction in the shipped GB/T 2260 table."""
    prefix = {"province": parent.code[:2], "prefecture": parent.code[:4]}.get(parent.level)
    if prefix is None:
        return ()
    return tuple(j for j in search_jurisdictions(prefix, limit=None) if j.parent_code == parent.code)


def uncovered_targets(targets: Sequence[PlanTarget]) -> list[UncoveredTarget]:
    """Parent targets whose indicator appears in none of the children's plans (children with plans only).

    Children's targets without a catalog indicator are matched by their words: a close match takes the
    parent's target up; a looser one makes the finding unsure (it names them) instead of uncovered.
    """
    below: dict[str, dict[str, Jurisdiction]] = defaultdict(dict)  # ancestor code → descendants with plans
    taken_up: dict[str, set[str]] = defaultdict(set)  # ancestor code → indicators its descendants state
    uncatalogued: dict[str, list[PlanTarget]] = defaultdict(list)  # ancestor code → descendants' unplaced targets
    for item in targets:
        for code, _ in item.jurisdiction.chain:
            below[code][item.jurisdiction.code] = item.jurisdiction
            if item.indicator_id is not None:
                taken_up[code].add(item.indicator_id)
            else:
                uncatalogued[code].append(item)
    found: list[UncoveredTarget] = []
    for parent in targets:
        code = parent.jurisdiction.code
        if parent.indicator_id is None or not below[code] or parent.indicator_id in taken_up[code]:
            continue
        alike = sorted(((_wording(parent, child), child) for child in uncatalogued[code]), key=lambda p: -p[0])
        if alike and alike[0][0] >= TEXT_MATCH:
            continue  # a child states it in words the catalog does not know
        places = tuple(below[code].values())
        names = "、".join(j.name for j in places)
        head = f"{parent.jurisdiction.name}{parent.plan.label}提出「{parent.indicator_name}」{statement(parent)}，"
        candidates = tuple(child for score, child in alike if score >= TEXT_UNSURE)
        if candidates:
            quoted = "；".join(f"{c.jurisdiction.name}“{c.target.quote}”" for c in candidates[:3])
            found.append(UncoveredTarget(parent, places, head + (
                f"下级规划中有表述相近但未能对应到指标目录的目标（{quoted}），无法确定是否承接，请人工核实。"),
                candidates))
            continue
        found.append(UncoveredTarget(parent, places, head + f"下级（{names}）的规划均未提出对应目标。"))
    return found


def _wording(parent: PlanTarget, child: PlanTarget) -> float:
    """How alike a child's indicator words are to the parent's, as written or as the catalog names it."""
    return max(indicator_similarity(child.target.indicator, parent.target.indicator),
               indicator_similarity(child.target.indicator, parent.indicator_name or ""))


def undecided_rows(outline: Outline, plan: PlanInfo) -> list[UndecidedRow]:
    """Table rows whose target cell defers to the level above (完成市分解任务) and holds no number."""
    found: list[UndecidedRow] = []
    for table in outline.tables:
        for number, cells in enumerate(table.rows, 1):
            found.extend(_undecided_cells(table, number, cells, plan))
    return found


def _undecided_cells(table: Table, number: int, cells: tuple[str, ...], plan: PlanInfo) -> list[UndecidedRow]:
    rows: list[UndecidedRow] = []
    name_at = _indicator_column(table.columns)
    for column, cell in enumerate(cells):
        compact = re.sub(r"\s+", "", cell)
        if column == name_at or _DIGIT.search(compact) or not UNDECIDED.search(compact):
            continue
        indicator = _NUMBERING.sub("", cells[name_at]) if name_at < len(cells) else ""
        header = table.columns[column] if column < len(table.columns) else ""
        year = _YEAR_HEADER.search(header)
        start, end = table.row_spans[number - 1] if number - 1 < len(table.row_spans) else (table.start, table.end)
        rows.append(UndecidedRow(
            plan=plan, table_title=table.title, row=number, indicator=indicator,
            indicator_id=_resolve_row_indicator(indicator, table.title), year=int(year.group(1)) if year else None,
            phrase=compact, binding=next((c for c in cells if c.strip() in _BINDING), None),
            departments=_department_cell(table.columns, cells), quote=" ".join(cells), start=start, end=end))
    return rows


def _indicator_column(columns: tuple[str, ...]) -> int:
    return next((i for i, name in enumerate(columns) if "指标" in name and "属性" not in name), 0)


def _department_cell(columns: tuple[str, ...], cells: tuple[str, ...]) -> str | None:
    at = next((i for i, name in enumerate(columns) if re.search(r"部门|单位", name)), None)
    return cells[at] if at is not None and at < len(cells) else None


def _resolve_row_indicator(name: str, title: str | None) -> str | None:
    unit = _UNIT_IN_NAME.search(name)
    bare = _UNIT_IN_NAME.sub("", name)
    kind = "change" if _CHANGE_NAME.search(bare) and unit and unit.group(1) == "%" else None
    return resolve_indicator(name, unit.group(1) if unit else "", (title or "",), kind).indicator_id


def with_handed_down(rows: Iterable[UndecidedRow], targets: Sequence[PlanTarget]) -> list[UndecidedRow]:
    """Each undecided row with the targets its jurisdiction's ancestors set for the same indicator and year."""
    result: list[UndecidedRow] = []
    for row in rows:
        above = tuple(t for t in targets if row.indicator_id and t.indicator_id == row.indicator_id
                      and descends(row.plan.jurisdiction, t.jurisdiction)
                      and (row.year is None or t.target.year == row.year))
        result.append(replace(row, handed_down=above))
    return result
