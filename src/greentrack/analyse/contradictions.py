"""Plans of one jurisdiction that disagree: the same catalog indicator, period and scope, incompatible numbers.

Every pair of targets of a jurisdiction on the same indicator is set side by side when their scopes
relate (`compare.scope_relation`) and their periods overlap:

- two levels for the same year with different numbers: `incompatible` (high) when no value can
  meet both (= 20 vs = 25; ≤ 30 vs ≥ 40), else `ambition` (medium), naming the stricter one;
- two levels for different years where the later one is weaker in the indicator's direction
  (≥ 55% by 2025 but ≥ 50% by 2035): `later_weaker` (medium);
- two amounts over the same period (a cumulative amount, or a level minus its baseline when the
  quantity adds up): different numbers are `incompatible` (high) when both periods are stated,
  `amount` (medium) when one of them starts at a year the text does not give; a part of a period
  adding more than the whole period is `incompatible`;
- a part (公共充换电站, 城区) counting more than the whole it belongs to: `part_exceeds_whole` (high);
  two plans using different wordings of the same indicator (公共充电桩 vs 充电桩) with different
  numbers: `scope_differs` (low).

Relative changes are compared only with the same reference year; standards (rules that projects
must meet) are left out because the conditions that pick their projects are not compared.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from greentrack.analyse.compare import (
    DIRECTION_ZH,
    LOWER_BOUNDS,
    UPPER_BOUNDS,
    Amount,
    additive,
    amount_of,
    close,
    distributed,
    fmt,
    hedge,
    scope_of,
    scope_relation,
    statement,
    stricter,
)
from greentrack.analyse.models import PlanTarget
from greentrack.resolve import Jurisdiction

SEVERITY_ZH = {"high": "高", "medium": "中", "low": "低"}
KIND_ZH = {"incompatible": "数值互斥", "ambition": "力度不一", "amount": "数量不一", "later_weaker": "后期目标低于前期",
           "part_exceeds_whole": "局部超过整体", "scope_differs": "口径不同"}
_SEVERITY_ORDER = ("high", "medium", "low")


@dataclass(frozen=True)
class Contradiction:
    """Two targets of one jurisdiction that cannot both stand as written, with both quotes and why."""

    kind: str
    severity: str
    jurisdiction: Jurisdiction
    indicator_id: str
    indicator_name: str
    year: int | None
    first: PlanTarget
    second: PlanTarget
    stricter_id: str | None
    explanation: str

    @property
    def severity_zh(self) -> str:
        """严重程度 in Chinese: 高, 中, 低."""
        return SEVERITY_ZH[self.severity]

    @property
    def kind_zh(self) -> str:
        """The kind of disagreement in Chinese."""
        return KIND_ZH[self.kind]

    @property
    def same_document(self) -> bool:
        """True when one plan disagrees with itself."""
        return self.first.plan.doc == self.second.plan.doc

    @property
    def same_plan(self) -> bool:
        """True when the two documents are versions of one plan (the same title)."""
        return not self.same_document and self.first.plan.title == self.second.plan.title

    def row(self) -> dict[str, str]:
        """The contradiction as one table row with Chinese headings, the two quotes side by side."""
        return {"严重程度": self.severity_zh, "类型": self.kind_zh, "地区": self.jurisdiction.name,
                "指标": self.indicator_name, "年份": str(self.year or ""),
                "文件一": self.first.plan.label, "原文一": self.first.target.quote,
                "文件二": self.second.plan.label, "原文二": self.second.target.quote, "说明": self.explanation}


@dataclass(frozen=True)
class Finding:
    """What `compare_pair` found: the kind, severity, year, stricter side and the Chinese explanation."""

    kind: str
    severity: str
    year: int | None
    stricter_id: str | None
    why: str


def find_contradictions(targets: Sequence[PlanTarget], across_documents_only: bool = False) -> list[Contradiction]:
    """Every disagreement among the targets, per jurisdiction and indicator, the most severe first."""
    groups: dict[tuple[str, str], list[PlanTarget]] = defaultdict(list)
    for item in targets:
        if item.comparable and item.target.kind != "standard":
            groups[(item.jurisdiction.code, item.indicator_id or "")].append(item)
    found: list[Contradiction] = []
    for items in groups.values():
        ordered = sorted(items, key=lambda i: (i.plan.issue_date or "", i.plan.doc, i.target.start))
        for first, second in combinations(ordered, 2):
            if across_documents_only and first.plan.doc == second.plan.doc:
                continue
            finding = compare_pair(first, second)
            if finding is not None:
                found.append(_contradiction(first, second, finding))
    found.sort(key=lambda c: (_SEVERITY_ORDER.index(c.severity), c.indicator_id, c.year or 0,
                              c.first.plan.doc, c.first.target.start, c.second.target.start))
    return found


def compare_pair(first: PlanTarget, second: PlanTarget) -> Finding | None:
    """The disagreement between two targets on the same indicator, or None when they are consistent."""
    if first.plan.doc == second.plan.doc and distributed(first.target.quote, second.target.quote):
        return None  # one 分别 gives each scope its value: different scopes, not two numbers for one
    relation = scope_relation(scope_of(first), scope_of(second))
    if relation == "other":
        return None
    if relation != "same":
        return _part_and_whole(first, second, relation)
    kinds = {first.target.kind, second.target.kind}
    if kinds == {"change"}:
        return _changes(first, second)
    if "change" in kinds:
        return None
    if kinds == {"level"} and first.target.year is not None and first.target.year == second.target.year:
        return _same_year_levels(first, second)
    amounts = amount_of(first), amount_of(second)
    if amounts[0] is not None and amounts[1] is not None:
        return _amounts(first, second, amounts[0], amounts[1])
    if kinds == {"level"}:
        return _later_weaker(first, second)
    return None


def _changes(first: PlanTarget, second: PlanTarget) -> Finding | None:
    a, b = first.target, second.target
    if a.year != b.year or a.reference_year != b.reference_year or close(first.value or 0, second.value or 0):
        return None
    one, other = _sides(first, second)
    winner = stricter(first, second)
    why = (f"同为{a.year}年相对{a.reference_year}年的变化，{one}要求{statement(first)}{hedge(first)}，"
           f"{other}要求{statement(second)}{hedge(second)}：承诺的力度不同。")
    return Finding("ambition", "medium", a.year, winner.id if winner else None, why + _stricter_note(winner))


def _same_year_levels(first: PlanTarget, second: PlanTarget) -> Finding | None:
    a, b = first.value, second.value
    if a is None or b is None or close(a, b):
        return None
    year = first.target.year
    one, other = _sides(first, second)
    head = (f"同一年份（{year}年）、同一口径下，{one}要求{statement(first)}{hedge(first)}，"
            f"{other}要求{statement(second)}{hedge(second)}")
    if not _feasible(first, second):
        return Finding("incompatible", "high", year, None, head + "：没有一个数值能同时满足两者。")
    winner = stricter(first, second)
    return Finding("ambition", "medium", year, winner.id if winner else None,
                    head + "：两者可以同时满足，但承诺的力度不同。" + _stricter_note(winner))


def _feasible(first: PlanTarget, second: PlanTarget) -> bool:
    """Whether some value meets both targets' bounds."""
    low, high = float("-inf"), float("inf")
    for item in (first, second):
        comparator, value = item.target.comparator, item.value or 0.0
        if comparator in LOWER_BOUNDS or comparator == "=":
            low = max(low, value)
        if comparator in UPPER_BOUNDS or comparator == "=":
            high = min(high, value)
    return low < high or close(low, high)


def _later_weaker(first: PlanTarget, second: PlanTarget) -> Finding | None:
    early, late = sorted((first, second), key=lambda i: i.target.year or 0)
    if early.target.year is None or late.target.year is None or early.target.year == late.target.year:
        return None
    if early.value is None or late.value is None or close(early.value, late.value):
        return None
    if early.direction == "higher_better":
        allowed, weaker = (*LOWER_BOUNDS, "="), late.value < early.value
    elif early.direction == "lower_better":
        allowed, weaker = (*UPPER_BOUNDS, "="), late.value > early.value
    else:
        return None
    if not weaker or early.target.comparator not in allowed or late.target.comparator not in allowed:
        return None
    one, other = _sides(early, late)
    why = (f"{one}要求{early.target.year}年{statement(early)}{hedge(early)}，{other}却只要求到更晚的"
           f"{late.target.year}年{statement(late)}{hedge(late)}：该指标{DIRECTION_ZH[early.direction]}，"
           f"后期目标低于前期，两处的口径或力度不一致。" + _stricter_note(early))
    return Finding("later_weaker", "medium", late.target.year, early.id, why)


def _amounts(first: PlanTarget, second: PlanTarget, a: Amount, b: Amount) -> Finding | None:
    if close(a.value, b.value):
        return None
    if a.first is not None and b.first is not None:
        return _stated_periods(first, second, a, b)
    if a.last != b.last:
        return None
    winner = _larger_commitment(first, second, a, b)
    why = (f"截至{a.last}年新增的数量不一致：{_amount_words(first, a)}；{_amount_words(second, b)}。"
           f"未写明起算年份的一处若与另一处期间相同，两者互相矛盾。")
    why += _stricter_note(winner, _amount_of(winner, a, b, first))
    return Finding("amount", "medium", a.last, winner.id if winner else None, why)


def _stated_periods(first: PlanTarget, second: PlanTarget, a: Amount, b: Amount) -> Finding | None:
    if (a.first, a.last) == (b.first, b.last):
        winner = _larger_commitment(first, second, a, b)
        why = f"同一期间（{_period(a)}）新增的数量不一致：{_amount_words(first, a)}；{_amount_words(second, b)}。"
        return Finding("incompatible", "high", a.last, winner.id if winner else None,
                        why + _stricter_note(winner, _amount_of(winner, a, b, first)))
    if _nested(a, b):
        inner, outer, inner_item, outer_item = a, b, first, second
    elif _nested(b, a):
        inner, outer, inner_item, outer_item = b, a, second, first
    else:
        return None
    if inner.value <= outer.value:
        return None
    why = (f"{_period(inner)}是{_period(outer)}的一部分，{inner_item.plan.label}在前者新增{fmt(inner.value)}"
           f"{inner_item.unit}，却多于{outer_item.plan.label}整个期间的{fmt(outer.value)}{outer_item.unit}。")
    return Finding("incompatible", "high", outer.last, inner_item.id, why)


def _nested(inner: Amount, outer: Amount) -> bool:
    return (inner.first is not None and outer.first is not None and outer.first <= inner.first
            and inner.last <= outer.last)


def _larger_commitment(first: PlanTarget, second: PlanTarget, a: Amount, b: Amount) -> PlanTarget | None:
    """The target committing to more in the indicator's direction (more added where higher is better)."""
    if first.direction == "higher_better":
        return first if a.value > b.value else second
    if first.direction == "lower_better":
        return first if a.value < b.value else second
    return None


def _amount_of(winner: PlanTarget | None, a: Amount, b: Amount, first: PlanTarget) -> Amount | None:
    if winner is None:
        return None
    return a if winner is first else b


def _part_and_whole(first: PlanTarget, second: PlanTarget, relation: str) -> Finding | None:
    """A narrower scope's amount against a wider one's, for quantities that add up."""
    if not additive(first.unit):
        return None
    part, whole = (first, second) if relation == "narrower" else (second, first)
    part_counted, whole_counted = _counted(part), _counted(whole)
    if part_counted is None or whole_counted is None or part_counted[1] != whole_counted[1]:
        return None
    (part_value, year), (whole_value, _) = part_counted, whole_counted
    if close(part_value, whole_value):
        return None
    part_scope, whole_scope = scope_of(part).describe(), scope_of(whole).describe()
    if part_value > whole_value:
        why = (f"{part.plan.label}仅{part_scope}范围就要求{fmt(part_value)}{part.unit}，多于{whole.plan.label}"
               f"在{whole_scope}范围的{fmt(whole_value)}{whole.unit}：局部的数量不应超过整体。")
        return Finding("part_exceeds_whole", "high", year, part.id, why)
    if part.plan.doc == whole.plan.doc or scope_of(part).area != scope_of(whole).area:
        return None  # a plan breaking its own total down, or a 城区 share of a 全县 total, is expected
    why = (f"两份规划对同一指标口径不同、数值不同：{whole.plan.label}为{fmt(whole_value)}{whole.unit}"
           f"（{whole_scope}），{part.plan.label}为{fmt(part_value)}{part.unit}（仅{part_scope}）。若前者包含{part_scope}以外的部分，"
           f"两者可以并存，请核实并统一口径。")
    return Finding("scope_differs", "low", year, None, why)


def _counted(item: PlanTarget) -> tuple[float, int] | None:
    """The number a target counts by its year: the amount it adds, or the level it sets."""
    found = amount_of(item)
    if found is not None:
        return found.value, found.last
    if item.target.kind == "level" and item.value is not None and item.target.year is not None:
        return item.value, item.target.year
    return None


def _amount_words(item: PlanTarget, amount: Amount) -> str:
    how = f"（{amount.derived}）" if amount.derived else ""
    return f"{item.plan.label}{_period(amount)}新增{fmt(amount.value)}{item.unit}{how}{hedge(item)}"


def _period(amount: Amount) -> str:
    if amount.first is None:
        return f"截至{amount.last}年（起算年份未写明）"
    return f"{amount.first}—{amount.last}年" if amount.first != amount.last else f"{amount.last}年"


def _stricter_note(winner: PlanTarget | None, amount: Amount | None = None) -> str:
    if winner is None:
        return ""
    what = f"新增{fmt(amount.value)}{winner.unit}" if amount is not None else statement(winner)
    return f"更严格的是{winner.plan.label}的{what}{hedge(winner)}。"


def _sides(first: PlanTarget, second: PlanTarget) -> tuple[str, str]:
    """How the explanation names the two targets: by plan, or 一处/另一处 within one plan."""
    if first.plan.doc == second.plan.doc:
        return f"{first.plan.label}一处", "另一处"
    return first.plan.label, second.plan.label


def _contradiction(first: PlanTarget, second: PlanTarget, finding: Finding) -> Contradiction:
    why = finding.why
    if first.plan.doc != second.plan.doc and first.plan.title == second.plan.title:
        newer = max(first.plan, second.plan, key=lambda p: p.issue_date or "")
        why += f"两份文件是同一规划的不同版本，以{newer.version or newer.doc}版为准。"
    return Contradiction(
        kind=finding.kind, severity=finding.severity, jurisdiction=first.jurisdiction,
        indicator_id=first.indicator_id or "", indicator_name=first.indicator_name or "", year=finding.year,
        first=first, second=second, stricter_id=finding.stricter_id, explanation=why)
