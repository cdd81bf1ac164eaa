"""Every row of a reporting sheet checked against the targets and the ledger's observations, all problems kept.

The check is pure: targets and existing observations come in as plain records, an `ImportPlan`
goes out. It never stops at the first problem, because a reporter fixes a sheet in one pass only
when told everything that is wrong with it.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from greentrack.errors import ImportRejected
from greentrack.ledger.intake_read import LABELS, Cell, Sheet, SheetRow, UncomputedFormula
from greentrack.ledger.intake_records import (
    ExistingObservation,
    ImportPlan,
    IntakeObservation,
    IntakeTarget,
    RowProblem,
)
from greentrack.ledger.intake_rules import rule_problems
from greentrack.ledger.intake_values import Bad, Number, impossible, is_blank, is_future, parse_number, parse_period
from greentrack.resolve.models import UnitMismatch
from greentrack.resolve.units import convert, normalise_unit

# what a reporter types; the rest the template fills. The period alone does not make a row filled: a reporting
# cycle's sheet comes with its period written in (ledger/intake_template.py), and a row left without a value is blank
FILLED_FIELDS = ("value", "source", "note")
Key = tuple[tuple[str | None, str, str], str]


@dataclass(frozen=True)
class Context:
    """What rows are checked against: the targets by id, who imports, the ledger's observations, the date."""

    file: str
    targets: dict[str, IntakeTarget]
    department: str | None
    existing: dict[Key, ExistingObservation]
    replace: bool
    as_of: date


class _Row:
    """Problems of one row, gathered while its cells are read."""

    def __init__(self, context: Context, row: SheetRow) -> None:
        self.context = context
        self.row = row
        self.problems: list[RowProblem] = []

    def flag(self, field: str, reason: str, reason_en: str) -> None:
        cell = self.row.cell(field)
        self.problems.append(RowProblem(self.context.file, self.row.number, cell.column, cell.header or LABELS[field],
                                        reason, reason_en))

    def required(self, field: str) -> Cell | None:
        cell = self.row.cell(field)
        if isinstance(cell.value, UncomputedFormula):
            return None  # flagged once, as a formula
        if is_blank(cell.value):
            self.flag(field, f"“{LABELS[field]}”不能为空", f"{field} is required")
            return None
        return cell


def check_sheet(sheet: Sheet, targets: Iterable[IntakeTarget], existing: Iterable[ExistingObservation] = (),
                department: str | None = None, replace: bool = False, as_of: date | None = None) -> ImportPlan:
    """Check every row of `sheet`; the plan lists the observations to write and every problem found.

    `targets` are all targets the ledger knows (so a row of another department's target is told
    apart from an unknown id); `department`, when given, is the only one whose targets may be reported.
    """
    context = Context(sheet.file, {t.id: t for t in targets}, department,
                      {(o.subject, o.period): o for o in existing}, replace, as_of or date.today())
    problems = list(sheet.problems)
    observations: list[IntakeObservation] = []
    unchanged: list[int] = []
    merged: list[int] = []
    skipped: list[int] = []
    seen: dict[Key, IntakeObservation] = {}
    for row in sheet.rows:
        if all(is_blank(row.cell(field).value) for field in FILLED_FIELDS):
            skipped.append(row.number)
            continue
        checked = _Row(context, row)
        found = _observation(checked)
        if found is not None:
            target, observation = found
            outcome = _against_others(checked, target, observation, seen)
            if outcome == "new":
                observations.append(observation)
            elif outcome == "unchanged":
                unchanged.append(row.number)
            elif outcome == "merged":
                merged.append(row.number)
        problems.extend(checked.problems)
    replaced = tuple(_with_replaced(o, context) for o in observations)
    problems.extend(rule_problems(sheet.file, context.targets, replaced, context.existing.values()))
    return ImportPlan(sheet.file, replaced, tuple(unchanged), tuple(skipped), tuple(problems), tuple(merged))


def _observation(checked: _Row) -> tuple[IntakeTarget, IntakeObservation] | None:
    """The row read into an observation, or None when any of its cells has a problem (each one flagged)."""
    for field, cell in checked.row.cells.items():
        if isinstance(cell.value, UncomputedFormula):
            checked.flag(field, f"公式“{cell.value}”没有计算结果；请在Excel中打开、保存后再导入",
                         "a formula with no saved result; open and save the file in Excel")
    target = _target(checked)
    period = _period(checked)
    number = _number(checked)
    unit = _unit(checked, target, number)
    source = checked.required("source")
    if target is None or period is None or number is None or unit is None or source is None or checked.problems:
        return None
    value = _value(checked, target, number, unit)
    if value is None:
        return None
    note = checked.row.cell("note").value
    observation = IntakeObservation(
        row=checked.row.number, target_id=target.id, jurisdiction=target.jurisdiction,
        indicator_id=target.indicator_id, period=period, value=value, unit=target.unit,
        value_written=number.value, unit_written=unit, source=str(source.value).strip(),
        note="" if is_blank(note) else str(note).strip(), series=target.series)
    return target, observation


def _target(checked: _Row) -> IntakeTarget | None:
    cell = checked.required("target_id")
    if cell is None:
        return None
    ident = cell_ident(cell.value)
    context = checked.context
    target = context.targets.get(ident)
    if target is None:
        close = difflib.get_close_matches(ident, list(context.targets), n=3, cutoff=0.6)
        hint = f"；相近的编号：{'、'.join(close)}" if close else ""
        checked.flag("target_id", f"未知的目标编号“{ident}”{hint}", "unknown target id; copy ids from the template")
        return None
    if target.rejected:
        checked.flag("target_id", f"目标“{ident}”已在审核中剔除（不是目标），不再填报",
                     "this target was rejected in review (not a target); it takes no values")
        return None
    if target.superseded:
        checked.flag("target_id", f"目标“{ident}”所在规划已有新版本；请重新生成填报模板",
                     "this target belongs to a superseded version of its plan; make a new template")
        return None
    if context.department and context.department not in target.departments:
        owners = "、".join(target.departments) or "未分配部门"
        checked.flag("target_id", f"目标“{ident}”（{target.indicator}）由{owners}负责，不属于{context.department}",
                     "this target belongs to another department")
        return None
    return target


def require_clean(plan: ImportPlan) -> ImportPlan:
    """The plan itself when it has no problems; otherwise ImportRejected carrying every problem."""
    if plan.problems:
        raise ImportRejected(plan.file, list(plan.problems))
    return plan


def cell_ident(value: object) -> str:
    """A target-id cell as text (Excel stores a typed 12 as 12.0)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _period(checked: _Row) -> str | None:
    cell = checked.required("period")
    if cell is None:
        return None
    period = parse_period(cell.value)
    if isinstance(period, Bad):
        checked.flag("period", period.reason, period.reason_en)
        return None
    as_of = checked.context.as_of
    if is_future(period, as_of):
        checked.flag("period", f"期间{period}尚未开始（截至{as_of:%Y-%m-%d}）", "the period lies in the future")
        return None
    return period


def _number(checked: _Row) -> Number | None:
    cell = checked.required("value")
    if cell is None:
        return None
    number = parse_number(cell.value, cell.number_format)
    if isinstance(number, Bad):
        checked.flag("value", number.reason, number.reason_en)
        return None
    return number


def _unit(checked: _Row, target: IntakeTarget | None, number: Number | None) -> str | None:
    """The unit as written (normalised), checked against the target's unit; None with a problem when it cannot be."""
    cell = checked.row.cell("unit")
    if isinstance(cell.value, UncomputedFormula):
        return None
    written = "" if is_blank(cell.value) else normalise_unit(str(cell.value))
    implied = number.implied_unit if number is not None else None
    if implied and written and written != implied:
        checked.flag("unit", f"数值按{implied}填写，单位却是“{cell.value}”",
                     "the value is a percentage but the unit says otherwise")
        return None
    written = written or implied or ""
    if target is None:
        return written
    canonical = normalise_unit(target.unit)
    if not written and canonical:
        checked.required("unit")
        return None
    if written == canonical:
        return written  # a unit outside the unit table still converts to itself
    problem = convert(1.0, written, canonical)
    if isinstance(problem, UnitMismatch):
        checked.flag("unit", f"单位“{written or '（无）'}”不能换算为该目标的单位“{canonical or '（无）'}”",
                     problem.reason)
        return None
    return written


def _value(checked: _Row, target: IntakeTarget, number: Number, unit: str) -> float | None:
    """The value in the target's canonical unit; None with a problem when it cannot be true."""
    converted = convert(number.value, unit, target.unit)
    value = number.value if isinstance(converted, UnitMismatch) else converted.value  # mismatch: the same unit
    if (bad := impossible(value, target)) is not None:
        checked.flag("value", bad.reason, bad.reason_en)
        return None
    return value


def _against_others(checked: _Row, target: IntakeTarget, observation: IntakeObservation,
                    seen: dict[Key, IntakeObservation]) -> str:
    """`new`, `unchanged` (the ledger holds the same), `merged` (an earlier row says the same) or `problem`."""
    key: Key = (target.subject, observation.period)
    earlier = seen.get(key)
    if earlier is not None:
        if earlier.target_id == target.id:
            checked.flag("period", f"与第{earlier.row}行重复：同一目标同一期间{observation.period}填了两次",
                         f"duplicate period; row {earlier.row} already reports it")
            return "problem"
        if not _same_value(earlier.value, observation.value):
            checked.flag("value", f"与第{earlier.row}行矛盾：同一指标同一期间{observation.period}数值不同",
                         f"same indicator and period as row {earlier.row} with a different value")
            return "problem"
        return "merged"
    seen[key] = observation
    stored = _stored(checked.context, target, observation.period)
    if stored is None:
        return "new"
    if _identical(stored, observation):
        return "unchanged"
    if checked.context.replace:
        return "new"
    checked.flag("period", f"台账中已有{observation.period}的数值{stored.value_written:g}{stored.unit_written}"
                           f"（来源：{stored.source or '—'}）；如需覆盖请使用 --replace",
                 "this period already has an observation; pass --replace to overwrite it")
    return "problem"


def _stored(context: Context, target: IntakeTarget, period: str) -> ExistingObservation | None:
    """What the ledger holds for the target and period: its own value first (filed before its indicator was
    resolved, it is the one the ledger shows for the target), else its indicator's in its jurisdiction."""
    return context.existing.get((target.own_subject, period)) or context.existing.get((target.subject, period))


def _with_replaced(observation: IntakeObservation, context: Context) -> IntakeObservation:
    stored = _stored(context, context.targets[observation.target_id], observation.period)
    return observation if stored is None else replace(observation, replaces=stored)


def _same_value(first: float, second: float) -> bool:
    return math.isclose(first, second, rel_tol=1e-9, abs_tol=1e-12)


def _identical(stored: ExistingObservation, observation: IntakeObservation) -> bool:
    """The ledger already holds exactly this report: same value, unit as written, source and note."""
    return (_same_value(stored.value, observation.value) and stored.unit_written == observation.unit_written
            and stored.source == observation.source and stored.note == observation.note)
