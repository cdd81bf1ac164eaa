"""A cumulative target's reporting rule (当年新增 · 累计) checked against the values of its series, row by row.

Pure: the accepted rows of a sheet and the ledger's values of the same series come in, problems go out,
each naming the row, the target, the value and why. A sheet with any of them is refused whole.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from greentrack.ledger.intake_records import ExistingObservation, IntakeObservation, IntakeTarget, RowProblem
from greentrack.ledger.periods import period_end
from greentrack.ledger.series import ANNUAL, RUNNING, rule_label
from greentrack.resolve.models import UnitMismatch
from greentrack.resolve.units import convert

EARLIER_ADDITIONS = 2  # a year's addition is doubted only against at least this many earlier ones


@dataclass(frozen=True)
class _Point:
    period: str
    end: str
    value: float
    row: int | None  # the sheet row; None: in the ledger already


def rule_problems(file: str, targets: dict[str, IntakeTarget], rows: Sequence[IntakeObservation],
                  existing: Iterable[ExistingObservation]) -> list[RowProblem]:
    """Rows of cumulative targets whose value contradicts the target's reporting rule, in row order."""
    stored: dict[tuple[str | None, str, str], list[ExistingObservation]] = {}
    for observation in existing:
        stored.setdefault(observation.subject, []).append(observation)
    problems: list[RowProblem] = []
    for row in rows:
        target = targets[row.target_id]
        if target.kind != "cumulative":
            continue
        replaced = {row.replaces.id} if row.replaces is not None else set()
        points = [_Point(o.period, o.period_end or period_end(o.period).isoformat(), o.value, None)
                  for o in stored.get(target.subject, []) if o.id not in replaced and o.period != row.period]
        points += [_Point(o.period, period_end(o.period).isoformat(), o.value, o.row) for o in rows
                   if o is not row and targets[o.target_id].subject == target.subject and o.period != row.period]
        reason = (_running(row, points) if target.reporting == RUNNING else _annual(row, target, points))
        if reason is not None:
            zh, en = reason
            problems.append(RowProblem(
                file, row.row, "", "数值 value",
                f"目标{target.id}（{target.indicator}）{row.period}填报{row.value:g}{row.unit}：{zh}"
                f"（该目标填报口径：{rule_label(target.reporting or ANNUAL)}）",
                f"target {target.id}, {row.period}, value {row.value:g}: {en} "
                f"(reported as {rule_label(target.reporting or ANNUAL, 'en')})"))
    return sorted(problems, key=lambda p: p.row)


def _running(row: IntakeObservation, points: list[_Point]) -> tuple[str, str] | None:
    """累计: a running total never falls — below the previous period's, or above a later period's."""
    end = period_end(row.period).isoformat()
    before = [p for p in points if p.end < end]
    after = [p for p in points if p.end > end]
    if before:
        last = max(before, key=lambda p: p.end)
        if _less(row.value, last.value):
            return (f"累计值小于{_where(last)}的累计值{last.value:g}；累计值不会减少，如填的是当年新增请改填累计值",
                    f"a running total smaller than {last.period}'s {last.value:g}; "
                    "if this is the period's addition, enter the running total")
    if after:
        following = min(after, key=lambda p: p.end)
        if _less(following.value, row.value):
            return (f"累计值大于{_where(following)}的累计值{following.value:g}；累计值不会减少",
                    f"a running total larger than the later {following.period}'s {following.value:g}")
    return None


def _annual(row: IntakeObservation, target: IntakeTarget, points: list[_Point]) -> tuple[str, str] | None:
    """当年新增: one period's addition cannot exceed the whole amount, nor look like the sum so far."""
    amount = _amount(target, row.unit)
    if amount is not None and amount > 0 and _less(amount, row.value):
        return (f"一期新增超过目标总量{amount:g}{row.unit}；如填的是累计值请改填当年新增",
                f"one period's addition exceeds the whole target amount {amount:g}; "
                "if this is a running total, enter the period's addition")
    end = period_end(row.period).isoformat()
    earlier = sorted((p for p in points if p.end < end), key=lambda p: p.end)
    total = sum(p.value for p in earlier)
    if len(earlier) >= EARLIER_ADDITIONS and total > 0 and not _less(row.value, total):
        periods = "、".join(p.period for p in earlier)
        return (f"不小于此前各期新增之和{total:g}（{periods}），像是累计值；请改填当年新增",
                f"not less than the sum {total:g} of the earlier additions ({periods}): it looks like a "
                "running total; enter the period's addition")
    return None


def _amount(target: IntakeTarget, unit: str) -> float | None:
    """The target's whole amount in the unit values are kept in; None when it does not convert."""
    converted = convert(target.value, target.target_unit, unit)
    return None if isinstance(converted, UnitMismatch) else converted.value


def _less(first: float, second: float) -> bool:
    return first < second and not math.isclose(first, second, rel_tol=1e-9, abs_tol=1e-9)


def _where(point: _Point) -> str:
    return f"第{point.row}行（{point.period}）" if point.row is not None else f"台账中{point.period}"
