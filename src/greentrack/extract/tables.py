"""Targets from indicator tables (主要指标表): one target per row with a numeric target column.

The outline stage rebuilds tables; when it has one, its rows are read here by column names.
Until then, or when it found none, tables are parsed from the text: a header naming the value
columns (2020年 2025年, 基期值/目标值, 指标属性, 责任部门), then numbered rows whose cells may be
broken over several lines, group lines such as "（二）能源结构优化", and a closing 注.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from greentrack.extract.departments import clean_unit, split_units
from greentrack.extract.numbers import UNIT_PATTERN
from greentrack.extract.structure import Paragraph
from greentrack.extract.times import find_time_phrases
from greentrack.extract.vocab import LOWER_BETTER_RE
from greentrack.models import Outline, Table

_HEADER_RE = re.compile(r"指标|序号")
_COLUMN_HINT_RE = re.compile(r"(?:19|20)\d{2}\s?年|目标值|规划值|预期值|基期|基准|现状值|属性")
_ROW_START_RE = re.compile(r"^(\d{1,2})(?:[.、．](?!\d)|\s|$)")
_GROUP_RE = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[)）][^。]{0,30}$")
_END_RE = re.compile(r"^(?:注|备注|说明|数据来源|资料来源)[：:\s]")
_BINDING_RE = re.compile(r"^(约束性|预期性|约束值|预期值|约束|预期)$")
_VALUE_TOKEN_RE = re.compile(r"^(?:\[\s*[\d.]+\s*\]|［\s*[\d.]+\s*］|\d+(?:\.\d+)?%?|[-—－–]+|/|无|—)$")
_NUMBER_CELL_RE = re.compile(r"^(\d+(?:\.\d+)?)(%?)$")
_UNIT_PARENS_RE = re.compile(r"[（(]([^（）()]{1,12})[)）]$")
_UNIT_TAIL_RE = re.compile(rf"(?:{UNIT_PATTERN})$")
_HEADER_WORDS_RE = re.compile(r"属性|约束性|预期性|指标名称|^单位$|序号|^\d{3,}")
_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s?年")


@dataclass(frozen=True)
class TableRow:
    """One target read from a table row, with its span in the text."""

    indicator: str
    comparator: str
    value: float
    unit: str
    year: int | None
    kind: str
    reference_year: int | None
    baseline_value: float | None
    baseline_year: int | None
    binding: str | None
    departments: tuple[str, ...]
    lead_departments: tuple[str, ...]
    table_title: str | None
    group: str | None
    start: int
    end: int
    doubts: tuple[str, ...] = ()  # codes of extract/confidence.py
    scope: str | None = None  # the area of a breakdown cell (a district column, a bracketed qualifier)
    deadline: str | None = None  # from a "2025年末" column
    period_start: int | None = None  # the first year a breakdown cell's amount is added in (table_grid)


@dataclass(frozen=True)
class _Columns:
    """What the header says the value columns hold."""

    years: tuple[int, ...]
    target_year: int | None
    baseline_year: int | None
    has_unit_column: bool


def find_table_rows(text: str, paras: list[Paragraph], outline: Outline, skip: set[int] | None = None
                    ) -> tuple[list[TableRow], set[int]]:
    """Target rows of every indicator table read from lines of text, and the paragraph starts the tables
    cover; paragraphs in `skip` (tables read from their grid) are left alone."""
    rows: list[TableRow] = []
    covered: set[int] = set()
    skip = skip or set()
    i = 0
    while i < len(paras):
        if paras[i].start in skip:
            i += 1
            continue
        header_end = _header_at(paras, i)
        if header_end is None:
            i += 1
            continue
        title = _title_before(paras, i)
        end = _table_end(paras, header_end)
        header_text = " ".join(p.text for p in paras[i:header_end])
        columns = _columns(header_text, title, lead_in_year(paras, paras[i].start))
        rows.extend(_rows(paras[header_end:end], columns, title))
        covered.update(p.start for p in paras[i:end])
        i = end
    # Tables the outline stage rebuilt where the text parse above found no header of its own.
    for table in outline.tables:
        inside = [p.start for p in paras if table.start <= p.start < table.end]
        if table.grid is not None or any(start in covered or start in skip for start in inside):
            continue
        found = rows_from_outline_table(table)
        if found:
            rows.extend(found)
            covered.update(inside)
    rows.sort(key=lambda r: r.start)
    return rows, covered


def _header_at(paras: list[Paragraph], i: int) -> int | None:
    """Index of the first row-ish paragraph when a table header starts at paragraph i."""
    line = paras[i].text
    if not _HEADER_RE.search(line) or len(line) > 60 or "。" in line:
        return None
    j = i
    hints = 0
    while j < len(paras) and j < i + 8:
        text = paras[j].text
        if _ROW_START_RE.match(text) or _GROUP_RE.match(text):
            break
        if len(text) > 60:
            return None
        hints += len(_COLUMN_HINT_RE.findall(text))
        j += 1
    if hints < 2 or j >= len(paras):
        return None
    starts = sum(1 for p in paras[j:j + 40] if _ROW_START_RE.match(p.text))
    return j if starts >= 2 else None


_INTRODUCES_TABLE = re.compile(r"表|如下|下列")


def lead_in_year(paras: list[Paragraph], start: int) -> int | None:
    """The year the sentence introducing a table gives it ("到2025年，主要指标如下表。"): the paragraph before the
    table's caption (or before the table where it has none), when it speaks of a table or a list that follows."""
    before = [p for p in paras if p.end <= start][-3:]
    for para in reversed(before):
        text = para.text.strip()
        if _title_like(text):
            continue  # the caption itself
        if not _INTRODUCES_TABLE.search(text):
            return None
        years = [t.year for t in find_time_phrases(text) if not t.past]
        return max(years) if years else None
    return None


def _title_like(text: str) -> bool:
    return (len(text) <= 60 and not text.endswith(("。", "；", "："))
            and re.search(r"指标|目标|表|专栏", text) is not None)


def _title_before(paras: list[Paragraph], i: int) -> str | None:
    if i == 0:
        return None
    text = paras[i - 1].text.strip()
    return text if _title_like(text) else None


def _table_end(paras: list[Paragraph], start: int) -> int:
    j = start
    while j < len(paras):
        text = paras[j].text
        prose = len(text) > 60 and "。" in text
        if _END_RE.match(text) or prose or re.match(r"^[一二三四五六七八九十]{1,3}、", text):
            break
        if _GROUP_RE.match(text) is None and "。" in text and not _ROW_START_RE.match(text):
            break
        j += 1
    return j


def _columns(header: str, title: str | None, lead_year: int | None = None) -> _Columns:
    years = tuple(int(y) for y in _YEAR_RE.findall(header))
    target_year = years[-1] if years else None
    if target_year is None:
        phrases = find_time_phrases(title or "")
        target_year = phrases[-1].year if phrases else lead_year
    baseline_year = years[0] if len(years) >= 2 else None
    return _Columns(years, target_year, baseline_year, "单位" in header)


def _rows(paras: list[Paragraph], columns: _Columns, title: str | None) -> list[TableRow]:
    rows: list[TableRow] = []
    group: str | None = None
    current: list[Paragraph] = []
    for para in paras:
        if _GROUP_RE.match(para.text):
            rows.extend(_flush(current, columns, title, group))
            current = []
            group = re.sub(r"^[（(][一二三四五六七八九十]{1,3}[)）]", "", para.text).strip()
        elif _ROW_START_RE.match(para.text):
            rows.extend(_flush(current, columns, title, group))
            current = [para]
        elif current:
            current.append(para)
    rows.extend(_flush(current, columns, title, group))
    return rows


def _flush(lines: list[Paragraph], columns: _Columns, title: str | None, group: str | None) -> list[TableRow]:
    if not lines:
        return []
    parsed = parse_row([p.text for p in lines], columns)
    if parsed is None:
        return []
    return [TableRow(**parsed, table_title=title, group=group, start=lines[0].start, end=lines[-1].end)]


def _tokens(lines: list[str], numbered: bool) -> list[str]:
    tokens: list[str] = []
    for n, line in enumerate(lines):
        if n == 0 and numbered:
            line = _ROW_START_RE.sub("", line, count=1)
        # "--完成省下达任务": a dash cell glued to the next cell.
        line = re.sub(r"^([-—－–]+)(?=[\u4e00-\u9fff])", r"\1 ", line)
        line = re.sub(r"\s([-—－–]+)(?=[\u4e00-\u9fff])", r" \1 ", line)
        tokens.extend(t for t in line.split() if t)
        tokens.append("\n")
    return tokens


def parse_row(lines: list[str], columns: _Columns, numbered: bool = True) -> dict[str, object] | None:
    """The fields of one table row from its text lines, or None when it has no numeric target.

    `numbered` says the first line starts with the row's number (text tables); cells handed
    over by the outline stage do not.
    """
    tokens = _tokens(lines, numbered)
    name_parts: list[str] = []
    k = 0
    while k < len(tokens) and (tokens[k] == "\n" or not _VALUE_TOKEN_RE.match(tokens[k])):
        if tokens[k] != "\n":
            name_parts.append(tokens[k])
        k += 1
    cells, binding, dept_tokens = _cells(tokens[k:])
    name = "".join(name_parts)
    name, unit = _split_unit(name, columns)
    if not name or not cells or _HEADER_WORDS_RE.search(name) or name.startswith(("（", "(")):
        return None  # header cells or a unit cell misread as a row of a multi-year table
    target_index = len(columns.years) - 1 if len(columns.years) >= 2 and len(cells) >= len(columns.years) else -1
    target = _NUMBER_CELL_RE.match(cells[target_index])
    if target is None:
        return None
    value = float(target.group(1))
    unit = unit or ("%" if target.group(2) else "")
    baseline = None
    if len(cells) >= 2 and target_index != 0:
        first = _NUMBER_CELL_RE.match(cells[0])
        baseline = float(first.group(1)) if first else None
    kind, comparator, value, reference = _row_kind(name, value, unit, columns)
    departments = tuple(split_units("、".join(dept_tokens)))
    return {
        "indicator": name, "comparator": comparator, "value": value, "unit": unit, "year": columns.target_year,
        "kind": kind, "reference_year": reference, "baseline_value": baseline,
        "baseline_year": columns.baseline_year if baseline is not None else None,
        "binding": binding, "departments": departments, "lead_departments": (),
    }


def _cells(tokens: list[str]) -> tuple[list[str], str | None, list[str]]:
    """Value cells (word cells broken over lines rejoined), the binding and the department tokens."""
    cells: list[str] = []
    binding: str | None = None
    departments: list[str] = []
    joinable = False
    for token in tokens:
        if token == "\n":
            continue
        if binding is not None:
            departments.append(token)
        elif _BINDING_RE.match(token):
            binding = "约束性" if token.startswith("约束") else "预期性"
        elif _VALUE_TOKEN_RE.match(token):
            cells.append(token.strip("[]［］ ") if not token.startswith(("[", "［")) else token)
            joinable = False
        elif joinable and cells:
            cells[-1] += token
        else:
            cells.append(token)
            joinable = True
    if binding is None:
        # No 属性 column: trailing cells that name organisations are the departments.
        while cells and clean_unit(cells[-1]):
            departments.insert(0, cells.pop())
    return cells, binding, departments


def _split_unit(name: str, columns: _Columns) -> tuple[str, str]:
    parens = _UNIT_PARENS_RE.search(name)
    if parens:
        return name[:parens.start()], parens.group(1).replace("％", "%")
    if name.endswith(("%", "％")):
        return name[:-1], "%"
    if columns.has_unit_column:
        tail = _UNIT_TAIL_RE.search(name)
        if tail and tail.start() > 2:
            return name[:tail.start()], tail.group()
    return name, ""


def _row_kind(name: str, value: float, unit: str, columns: _Columns) -> tuple[str, str, float, int | None]:
    """(kind, comparator, signed value, reference year) from how the indicator is named."""
    if re.search(r"累计|新增", name) and unit not in ("%", "‰", ""):
        return "cumulative", "=", value, None
    if re.search(r"(?:降低|下降|减少|削减)(?:率|幅度)?$", name):
        return "change", "=", -value, columns.baseline_year
    if re.search(r"(?:增长|提高|提升)(?:率|幅度)?$", name) and "增长率" not in name:
        return "change", "=", value, columns.baseline_year
    return "level", "<=" if LOWER_BETTER_RE.search(name) else ">=", value, None


def rows_from_outline_table(table: Table) -> list[TableRow]:
    """Target rows of a table the outline stage rebuilt, read through the row parser."""
    header = " ".join(table.columns)
    columns = _columns(header, table.title)
    rows: list[TableRow] = []
    groups = table.row_groups or (None,) * len(table.rows)
    spans = table.row_spans or ((table.start, table.end),) * len(table.rows)
    for cells, group, (start, end) in zip(table.rows, groups, spans, strict=False):
        if not cells:
            continue
        name = re.sub(r"^\d{1,2}[.、．](?!\d)", "", cells[0].replace(" ", ""))
        parsed = parse_row([name, *cells[1:]], columns, numbered=False)
        if parsed is not None:
            rows.append(TableRow(**parsed, table_title=table.title, group=group, start=start, end=end))
    return rows
