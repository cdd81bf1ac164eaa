"""Restatements: one target written twice in a plan is one record, at its first statement.

The spec's rule ("Conventions added with the corpus gold"): a target stated twice — goal section and
task section, prose and table — with the same value, unit, year and scope and the same wording
(indicator bigram Dice ≥ 0.5, or one name holding the other) is one record, at its first statement;
differently scoped or worded statements stay separate records. Two targets read from one statement
("医疗废物、餐厨废物规范处置率保持98%") are not a restatement of each other: a restatement is a
separate sentence; and two cells of one table are two targets (a table lists each target once).
The plan's whole area (全市 in a city's plan) is the same scope as none in prose; a table cell for
an area (a 全市 column beside the districts) is its own statement. What the first statement
leaves out and a restatement gives (a table row's baseline or 约束性, the responsible units a task
paragraph names for a goal stated without them) is kept on the one record.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable
from dataclasses import replace

from greentrack.extract.numbers import unit_key
from greentrack.extract.scoring import indicator_similarity
from greentrack.models import Target

# The plan's whole area (全市 in a city's plan, 本县, 我省) narrows nothing: it is the same scope as none.
_WHOLE_AREA = re.compile(r"^(?:全|我|本)(国|省|市|县|区|旗|州|盟|自治区)(?:域|范围内)?$")
_STATEMENT_BREAK = re.compile(r"[。！？!?\n]")


def scope_key(scope: str | None) -> str | None:
    """The scope as restatements compare it: None for none or the whole area of the plan."""
    if scope is None:
        return None
    scope = re.sub(r"\s+", "", scope)
    return None if not scope or _WHOLE_AREA.match(scope) else scope


def _same_scope(a: str | None, b: str | None) -> bool:
    """Same scope as restatements compare it; two whole areas of different levels (全省 quoted in a city's plan
    beside 全市) are two scopes, though each alone is the same as none."""
    if scope_key(a) != scope_key(b):
        return False
    levels = {m.group(1) for m in (_WHOLE_AREA.match(re.sub(r"\s+", "", s)) for s in (a, b) if s) if m}
    return len(levels) <= 1


def restates(first: Target, later: Target, text: str, table_cells: Collection[tuple[int, int]] = ()) -> bool:
    """True when `later` states the target `first` already stated, in another sentence.

    `table_cells` are the spans of targets read from table rows: two cells of one table (the same
    section path, table title and group) are two targets, since a table lists each target once.
    """
    if later.start < first.end or not _STATEMENT_BREAK.search(text, first.end, later.start):
        return False  # overlapping, or read from the same sentence
    first_cell, later_cell = (first.start, first.end) in table_cells, (later.start, later.end) in table_cells
    if first_cell and later_cell and first.section == later.section:
        return False
    if ((first_cell and first.scope) or (later_cell and later.scope)) and first.scope != later.scope:
        return False  # a table cell for an area (a district column, 30%（全省）) is its own statement
    return same_target(first, later)


def same_target(a: Target, b: Target) -> bool:
    """Same value, unit, year and scope, and indicators worded alike (the scorer's similarity) that share
    what they count: 绿色建筑占新建建筑比例 and 装配式建筑占新建建筑比例 are alike in most of their words, but
    two shares of different things."""
    return (math.isclose(a.value, b.value, rel_tol=1e-9, abs_tol=1e-9) and unit_key(a.unit) == unit_key(b.unit)
            and a.year == b.year
            and _same_scope(a.scope, b.scope) and indicator_similarity(a.indicator, b.indicator) >= 0.5
            and _same_share(a.indicator, b.indicator))


def _same_share(a: str, b: str) -> bool:
    """False when both name a share (A占B比例, B中A比例) and their parts A differ: neither worded alike nor
    one the other with words added (星级绿色建筑 in 按一星级及以上标准建设的绿色建筑)."""
    first, second = share_part(a), share_part(b)
    if first is None or second is None or indicator_similarity(first, second) >= 0.5:
        return True
    shorter, longer = sorted((first, second), key=len)
    rest = iter(longer)
    return all(char in rest for char in shorter)  # the shorter's characters in order within the longer


# "A占B(的)比例/比重", "B中A(的)占比/比例/比重": A is what the share counts.
_SHARE_OF = re.compile(r"^(?:.*中)?(?P<part>[^中]{2,}?)占.{2,}?(?:的)?(?:比例|比重)")
_SHARE_IN = re.compile(r"^.{2,}?中(?P<part>.{2,}?)(?:的)?(?:占比|比例|比重)")


def share_part(indicator: str) -> str | None:
    """What a share indicator counts (its A), or None when the indicator is not a share."""
    name = re.sub(r"\s+", "", indicator)
    found = _SHARE_OF.match(name) or _SHARE_IN.match(name)
    return found.group("part") if found else None


def merge_restatements(targets: list[Target], text: str,
                       table_cells: Collection[tuple[int, int]] = ()) -> list[Target]:
    """The targets in text order with each restatement folded into the first statement of it.

    A table lists each target once, so a statement absorbs at most one cell of a table: where two
    cells of one table restate it, the more alike keeps that place and the other stays a target.
    """
    firsts: list[Target] = []  # first statements, with what later prose restatements add
    absorbed: list[dict[tuple[str, ...], Target]] = []  # per first statement: the cell it absorbed, by table
    extra: list[Target] = []  # table cells that lost their place to a more alike cell of the same table
    by_key: dict[tuple[float, str, int | None], list[int]] = {}  # only same value, unit and year can restate
    for target in sorted(targets, key=lambda t: (t.start, t.end)):
        same = by_key.setdefault((round(target.value, 6), unit_key(target.unit), target.year), [])
        for i in same:
            if not restates(firsts[i], target, text, table_cells):
                continue
            if (target.start, target.end) in table_cells:
                rival = absorbed[i].get(target.section)
                if rival is not None:
                    closer = _likeness(firsts[i], target) > _likeness(firsts[i], rival)
                    absorbed[i][target.section], target = (target, rival) if closer else (rival, target)
                    extra.append(target)
                    break
                absorbed[i][target.section] = target
            else:
                firsts[i] = _enriched(firsts[i], target)
            break
        else:
            same.append(len(firsts))
            firsts.append(target)
            absorbed.append({})
    kept = [_enriched_by(first, cells.values()) for first, cells in zip(firsts, absorbed, strict=True)]
    return sorted(kept + extra, key=lambda t: (t.start, t.end))


def _likeness(a: Target, b: Target) -> float:
    return indicator_similarity(a.indicator, b.indicator)


def _enriched_by(first: Target, cells: Iterable[Target]) -> Target:
    for cell in cells:
        first = _enriched(first, cell)
    return first


def _enriched(first: Target, later: Target) -> Target:
    """The first statement, with the baseline, binding and responsible units only a restatement gives."""
    if first.baseline_value is None and later.baseline_value is not None:
        first = replace(first, baseline_value=later.baseline_value, baseline_year=later.baseline_year)
    if first.binding is None and later.binding is not None:
        first = replace(first, binding=later.binding)
    if not first.departments and later.departments:
        first = replace(first, departments=later.departments, lead_departments=later.lead_departments)
    return first
