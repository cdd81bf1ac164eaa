"""Restatements: one target written twice in a plan is one record, at its first statement.

The spec's rule ("Conventions added with the corpus gold"): a target stated twice — goal section and
task section, prose and table — with the same value, unit, year and scope and the same wording
(indicator bigram Dice ≥ 0.5, or one name holding the other) is one record, at its first statement;
differently scoped or worded statements stay separate records. Two targets read from one statement
("医疗废物、危险废物无害化处置率保持100%") are not a restatement of each other: a restatement is a
separate sentence; and two cells of one table are two targets (a table lists each target once).
The plan's whole area (全市 in a city's plan) is the same scope as none in prose; a table cell for
an area (a 全市 column beside the districts) is its own statement. What the first statement
leaves out and a restatement gives (a table row's baseline or 约束性) is kept on the one record.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from dataclasses import replace

from greentrack.extract.scoring import indicator_similarity
from greentrack.models import Target

# The plan's whole area (全市 in a city's plan, 本县, 我省) narrows nothing: it is the same scope as none.
_WHOLE_AREA = re.compile(r"^(?:全|我|本)(?:国|省|市|县|区|旗|州|盟|自治区)(?:域|范围内)?$")
_STATEMENT_BREAK = re.compile(r"[。！？!?\n]")


def scope_key(scope: str | None) -> str | None:
    """The scope as restatements compare it: None for none or the whole area of the plan."""
    if scope is None:
        return None
    scope = re.sub(r"\s+", "", scope)
    return None if not scope or _WHOLE_AREA.match(scope) else scope


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
    """Same value, unit, year and scope, and indicators worded alike (the scorer's similarity)."""
    return (math.isclose(a.value, b.value, rel_tol=1e-9, abs_tol=1e-9) and a.unit == b.unit and a.year == b.year
            and scope_key(a.scope) == scope_key(b.scope) and indicator_similarity(a.indicator, b.indicator) >= 0.5)


def merge_restatements(targets: list[Target], text: str,
                       table_cells: Collection[tuple[int, int]] = ()) -> list[Target]:
    """The targets in text order with each restatement folded into the first statement of it."""
    kept: list[Target] = []
    by_key: dict[tuple[float, str, int | None], list[int]] = {}  # only same value, unit and year can restate
    for target in sorted(targets, key=lambda t: (t.start, t.end)):
        same = by_key.setdefault((round(target.value, 6), target.unit, target.year), [])
        for i in same:
            if restates(kept[i], target, text, table_cells):
                kept[i] = _enriched(kept[i], target)
                break
        else:
            same.append(len(kept))
            kept.append(target)
    return kept


def _enriched(first: Target, later: Target) -> Target:
    """The first statement, with the baseline and binding only a restatement (a table row) gives."""
    if first.baseline_value is None and later.baseline_value is not None:
        first = replace(first, baseline_value=later.baseline_value, baseline_year=later.baseline_year)
    if first.binding is None and later.binding is not None:
        first = replace(first, binding=later.binding)
    return first
