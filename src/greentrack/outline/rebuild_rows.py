"""Cells of a cell-per-line table: what each line is, wrapped lines joined, and cells placed into rows.

See `outline.rebuild` for the text these come from and the placing rules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations, pairwise

from greentrack.outline.tables import cell_kind

YEAR_HEAD_RE = re.compile(r"^(?:19|20)\d{2}\s*年(?:末|底|目标值?|规划值|预期值)?$")
NAME_HEADS = frozenset(("指标", "指标名称", "主要指标", "名称", "分类", "类别", "项目", "领域", "内容", "任务",
                         "主要任务", "指标内容", "类型", "地区", "区域"))
SERIAL_HEADS = frozenset(("序号", "序"))
UNIT_HEADS = frozenset(("单位", "计量单位"))
ATTR_HEADS = frozenset(("指标属性", "属性", "性质", "指标性质", "指标类型"))
DEPT_HEADS = frozenset(("责任部门", "责任单位", "牵头单位", "牵头部门", "责任主体", "配合单位", "实施主体"))
REMARK_HEADS = frozenset(("备注", "说明"))
_VALUE_HEADS = frozenset(("目标值", "规划目标", "预期目标", "目标", "规划值", "预期值", "现状值", "基期值", "基准值",
                          "基数", "总计", "合计", "累计", "2025年目标"))
_HEADS = NAME_HEADS | SERIAL_HEADS | UNIT_HEADS | ATTR_HEADS | DEPT_HEADS | REMARK_HEADS | _VALUE_HEADS
INDICATOR_HEADS = UNIT_HEADS | ATTR_HEADS | _VALUE_HEADS
TITLE_TAIL_RE = re.compile(r"(?:指标|指标表|目标|分解|分解表|一览表|测算|计划|任务)$")

_UNIT_WORDS = (r"%|‰|[万亿千百]?(?:平方米|平方公里|立方米|吨标准煤|吨标煤|千瓦时|千瓦|兆瓦|公里|千米|米|吨|元|个|项|"
               r"处|座|家|户|人|辆|台|套|张|次|亩|公顷|块标砖|块|栋|幢|条|所)|[万亿千]?\s?(?:m2|m²|m3|kWh|kW|MW|GW|t)")
_VALUE_RE = re.compile(rf"^[<>≤≥＜＞≈约]?\s*[-+]?\d+(?:\.\d+)?\s*(?:{_UNIT_WORDS})?(?:以上|以下|左右)?$")
_QVALUE_RE = re.compile(rf"^[<>≤≥＜＞约]?\s*\d+(?:\.\d+)?\s*(?:{_UNIT_WORDS})?[（(][^（）()]{{1,20}}[)）]$")
_DASH_RE = re.compile(r"^(?:-{1,2}|—{1,2}|－{1,2}|/|／|―|–)$")
_BRACKET_RE = re.compile(r"^[（(][^（）()]{1,12}[)）]$")
_UNIT_RE = re.compile(rf"^(?:{_UNIT_WORDS})$")
SERIAL_RE = re.compile(r"^\d{1,2}$")
_QUALIFIER_RE = re.compile(r"[（(]([^（）()]{1,20})[)）]")
_DEPT_RE = re.compile(r"(?:局|委|委员会|办|办公室|厅|部|院|中心|分局|大队|公司|政府|管委会)(?:[、，,]|$)")
MAX_LABEL = 60
_MAX_EARLY_LINES = 16  # cut points are tried exhaustively
_LABEL_TAIL = 6


@dataclass
class Token:
    """A cell (or the piece of one) in the source text."""

    text: str
    start: int
    end: int
    block: int
    kind: str = ""
    line: int = 0  # the source line it is on (its first, for a wrapped cell)


@dataclass
class Row:
    label: list[Token] = field(default_factory=list)
    serial: Token | None = None
    unit: Token | None = None
    values: list[list[Token]] = field(default_factory=list)  # one list of pieces per value column filled
    attr: Token | None = None
    depts: list[Token] = field(default_factory=list)
    block: int = -1  # the block of the row's first label line
    carry: list[Token] = field(default_factory=list)  # the start of its first cell, printed above the label

    def free(self, slots: int) -> bool:
        return len(self.values) < slots


def line_kind(text: str) -> str:
    """What one line (or atom of a line) of a cell-per-line table is."""
    text = text.strip()
    compacted = re.sub(r"\s+", "", text)
    if compacted in _HEADS or YEAR_HEAD_RE.match(text):
        return "head"
    if _DASH_RE.match(text):
        return "dash"
    if cell_kind(text) == "attribute":
        return "attr"
    if _QVALUE_RE.match(compacted):
        return "qvalue"
    if _VALUE_RE.match(compacted) and not _UNIT_RE.match(compacted):
        return "value"
    if _UNIT_RE.match(compacted):
        return "unit"
    if _BRACKET_RE.match(compacted) and _UNIT_RE.match(compacted[1:-1]):
        return "bracket_unit"
    if _DEPT_RE.search(compacted) and len(compacted) >= 4:
        return "dept"
    return "text"


# ---- rows ----------------------------------------------------------------------------------------

def merge_wrapped(tokens: list[Token]) -> list[Token]:
    """Lines of one wrapped cell joined: text after text in a block (units printed inside a wrapped label
    are kept apart), a bracket left open on the line before, a bracketed tail such as （五年累计）."""
    merged: list[Token] = []
    for token in tokens:
        previous = merged[-1] if merged else None
        if previous is not None and previous.block == token.block and _continues(previous, token):
            merged[-1] = _joined(previous, token)
        elif len(merged) >= 2 and _label_tail(merged[-2], previous, token):
            merged[-2] = _joined(merged[-2], token)  # 超低能耗建筑示 / 万平方米 / 范面积
        else:
            merged.append(token)
    return merged


def _joined(first: Token, then: Token) -> Token:
    text = first.text + then.text
    return Token(text, first.start, then.end, first.block, line_kind(text), first.line)


def _continues(previous: Token, token: Token) -> bool:
    """Whether `token` is the next line of the cell `previous` wrapped."""
    if previous.text.count("（") + previous.text.count("(") > previous.text.count("）") + previous.text.count(")"):
        return True
    if previous.kind in ("text", "dept") and token.kind in ("text", "dept"):
        return True
    return previous.kind == "text" and line_kind(previous.text + token.text) == "unit"  # 万平方 / 米


def _label_tail(label: Token, unit: Token | None, token: Token) -> bool:
    """A label's last few characters wrapped below the unit printed beside it, all in one block."""
    return (unit is not None and label.kind == "text" and unit.kind == "unit" and token.kind == "text"
            and label.block == unit.block == token.block and len(token.text) <= _LABEL_TAIL)


def _qualifier_groups(tokens: list[Token]) -> list[list[Token]]:
    """Runs of qualified values in one block, split where a qualifier repeats (a new cell begins)."""
    groups: list[list[Token]] = []
    seen: set[str] = set()
    for token in tokens:
        qualifier = _QUALIFIER_RE.search(token.text)
        key = qualifier.group(1) if qualifier else token.text
        if groups and groups[-1][-1].block == token.block and key not in seen:
            groups[-1].append(token)
        else:
            groups.append([token])
            seen = set()
        seen.add(key)
    return groups


class Placer:
    """Places body cells into rows (see the module's docstring)."""

    def __init__(self, slots: int, has_unit: bool, has_attr: bool, has_dept: bool) -> None:
        self.slots, self.has_unit, self.has_attr, self.has_dept = slots, has_unit, has_attr, has_dept
        self.rows: list[Row] = []
        self.pending: list[Token] = []  # the start of a tall cell, printed above its row's label

    def _new(self, block: int = -1) -> Row:
        self.rows.append(Row(block=block))
        return self.rows[-1]

    def label(self, token: Token) -> None:
        self._settle()
        row = self._new(token.block)
        row.label.append(token)
        row.carry, self.pending = self.pending, []

    def _settle(self) -> None:
        """A cell's start carried to a row that got no more values is the row's whole cell."""
        if self.rows and self.rows[-1].carry:
            self.rows[-1].values.append(self.rows[-1].carry)
            self.rows[-1].carry = []

    def value(self, pieces: list[Token]) -> None:
        current = self.rows[-1] if self.rows else None
        if current is not None and current.block == pieces[0].block and current.free(self.slots):
            row = current
        else:
            row = next((r for r in self.rows if r.free(self.slots)), None) or self._new()
        row.values.append(row.carry + pieces)
        row.carry = []

    def slot(self, token: Token, name: str) -> None:
        current = self.rows[-1] if self.rows else None
        if current is not None and current.block == token.block and getattr(current, name) is None:
            setattr(current, name, token)
            return
        row = next((r for r in self.rows if getattr(r, name) is None), None) or self._new()
        setattr(row, name, token)

    def place(self, tokens: list[Token]) -> None:
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.kind == "qvalue":
                run = [token]
                while index + 1 < len(tokens) and tokens[index + 1].kind == "qvalue" \
                        and tokens[index + 1].block == token.block:
                    index += 1
                    run.append(tokens[index])
                groups = _qualifier_groups(run)
                self.value(groups[0])
                for group in groups[1:]:
                    self.pending.extend(group)
            elif token.kind in ("value", "dash"):
                self.value([token])
            elif token.kind == "unit" and self.has_unit:
                self.slot(token, "unit")
            elif token.kind == "attr" and self.has_attr:
                self.slot(token, "attr")
            elif token.kind == "bracket_unit" or (token.kind == "unit" and not self.has_unit):
                labelled = next((r for r in reversed(self.rows) if r.label), None)
                if labelled is not None:
                    labelled.label.append(token)
            elif token.kind == "dept" and self.has_dept and self.rows:
                self.rows[-1].depts.append(token)
            elif token.kind in ("text", "dept"):
                self.label(token)
            index += 1

    def finish(self, early: Sequence[Token] = ()) -> list[Row]:
        """Labels left without values are given, in order, to the rows whose label is missing; the name
        column's lines printed before the header (`early`) label the first such rows."""
        self._settle()
        unlabelled = [r for r in self.rows if not r.label and r.values]
        orphans = [r for r in self.rows if r.label and not r.values and r.unit is None and r.attr is None]
        labels = split_labels(list(early), len(unlabelled) - len(orphans)) if early else None
        if labels:
            for label, row in zip(labels, unlabelled, strict=False):
                row.label = label
            unlabelled = unlabelled[len(labels):]
        if orphans and len(orphans) == len(unlabelled):
            for orphan, row in zip(orphans, unlabelled, strict=True):
                row.label = orphan.label
            self.rows = [r for r in self.rows if r not in orphans]
        return [r for r in self.rows if r.label and r.values and len(_label_text(r)) <= MAX_LABEL]


def split_labels(lines: list[Token], wanted: int) -> list[list[Token]] | None:
    """The lines of a name column printed in one run, cut into `wanted` labels: a line shorter than
    the column's widest ends its label (a wrapped label fills every line but its last); where more cuts are
    needed, they fall where the labels come out most even in height. None when the lines cannot make that
    many labels."""
    if not lines or not 0 < wanted <= len(lines) or len(lines) > _MAX_EARLY_LINES:
        return None
    width = max(len(t.text) for t in lines)
    ends = [i for i, t in enumerate(lines) if len(t.text) < width or i == len(lines) - 1]
    pieces = wanted
    if len(ends) > pieces:
        return None
    best: tuple[int, tuple[int, ...]] | None = None
    free = [i for i in range(len(lines) - 1) if i not in ends]
    for extra in combinations(free, pieces - len(ends)):
        cuts = sorted((*ends, *extra))
        heights = [b - a for a, b in pairwise((-1, *cuts))]
        spread = max(heights) - min(heights)
        if best is None or spread < best[0]:
            best = (spread, tuple(cuts))
    if best is None:
        return None
    labels: list[list[Token]] = []
    start = 0
    for cut in best[1]:
        labels.append(merge_wrapped([replace(t, block=0) for t in lines[start:cut + 1]]))
        start = cut + 1
    return labels


def _label_text(row: Row) -> str:
    return "".join(t.text for t in row.label)


def serial_rows(tokens: list[Token], slots: int) -> list[Row] | None:
    """Rows cut at the serial numbers 1, 2, 3 … in order; cells before the first serial join row 1."""
    positions: list[int] = []
    for index, token in enumerate(tokens):
        if token.kind == "value" and token.text == str(len(positions) + 1):
            positions.append(index)
    if len(positions) < 2:
        return None
    rows: list[Row] = []
    bounds = [*positions[1:], len(tokens)]
    for number, (serial, end) in enumerate(zip(positions, bounds, strict=True)):
        row = Row(serial=tokens[serial])
        for token in tokens[0 if number == 0 else serial:end]:
            if token is tokens[serial]:
                continue
            _serial_cell(row, token, slots)
        rows.append(row)
    return [r for r in rows if r.label and r.values]


def _serial_cell(row: Row, token: Token, slots: int) -> None:
    if (token.kind in ("text", "dept") and not row.values) or (token.kind == "bracket_unit" and row.label):
        row.label.append(token)
    elif token.kind == "unit" and row.unit is None:
        row.unit = token
    elif token.kind == "attr" and row.attr is None:
        row.attr = token
    elif token.kind in ("value", "dash", "qvalue") and row.free(slots):
        row.values.append([token])
    elif token.kind == "dept":
        row.depts.append(token)
    elif token.kind == "text" and row.values:
        row.label.append(token)  # a label printed after its values


