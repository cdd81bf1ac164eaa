"""Indicator tables rebuilt from text whose rows and header were broken over lines.

A table opens with a caption (a line ending in 指标/指标表/目标表/一览表, or a 表N / 专栏N caption),
then a header whose words name the columns (years, 指标属性, 单位, 目标值 …), then rows until prose,
a heading or a 注： note resumes. Two row forms occur: numbered rows whose cells share a line and
wrap onto the next ones (`2.高新技术产业产值占规模以上工业` / `总产值比重(%)` / `39.7% 40% 预期性 …`),
and one cell per line, regrouped here by the header's columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from greentrack.models import Table
from greentrack.outline.lines import Line, compact, squeeze
from greentrack.outline.numbering import parse_number

_CAPTION_RE = re.compile(r"^(?:表\s*\d+(?:\.\d+)*|专栏\s*[一二三四五六七八九十\d]{1,3})(?![\d.．])")
_CAPTION_END_RE = re.compile(r"(?:指标|指标表|指标体系|目标表|一览表|任务目标|目标值)$")
_MAX_CAPTION = 60
_MAX_HEADER_LINES = 10
_HEADER_WORDS = frozenset((
    "指标", "指标名称", "主要指标", "指标属性", "属性", "性质", "单位", "序号", "分类", "类别", "类型",
    "规划目标", "目标值", "目标", "预期目标", "现状值", "基期值", "基准值", "基数", "责任部门", "责任单位",
    "牵头单位", "牵头部门", "备注", "名称", "项目", "领域", "内容", "序", "号", "年份", "总计",
))
_YEAR_HEADER_RE = re.compile(r"^(?:19|20)\d{2}\s*年(?:末|底|目标|目标值)?$")
_NAME_HEADERS = frozenset(("指标", "指标名称", "主要指标", "名称", "分类", "类别", "项目", "领域", "内容"))
_ATTRIBUTE_HEADERS = frozenset(("指标属性", "属性", "性质"))
_UNIT_HEADERS = frozenset(("单位",))
_SERIAL_HEADERS = frozenset(("序号",))
_INDICATOR_HEADERS = frozenset(("指标属性", "属性", "性质", "单位", "目标值", "规划目标", "预期目标"))

_VALUE_RE = re.compile(r"^[\[【(（]?[<>≤≥＜＞≈约]?[-+]?\d+(?:\.\d+)?\s*[%‰]?[\]】)）]?(?:以上|以下)?$")
_DASH_RE = re.compile(r"^(?:-{1,2}|—{1,2}|－{1,2}|/|／|―)$")
_LEADING_DASH_RE = re.compile(r"^(-{2}|—{1,2}|－{1,2})(\S+)$")
_ATTRIBUTE_RE = re.compile(r"^(?:约束性|预期性|预期值|指导性|约束|预期)$")
_DEPARTMENT_RE = re.compile(r"^[\u4e00-\u9fff、]{3,}(?:局|委|委员会|办|办公室|厅|部|院|中心|分局|大队|公司|政府)$")
_UNIT_RE = re.compile(r"^(?:个|项|处|座|家|户|人|天|%|万\s*m2|万\s*m²|m2|万平方米|平方米|公里|千米|亿元|万元|"
                      r"吨|万吨|万千瓦|千瓦|兆瓦|亩|万亩|张|辆|次|万吨标准煤|亿吨标准煤)$")
_MIN_CAPTION = 6
_FRAGMENT_START = "的和与及、，）)》”"
_TRAILING_UNIT_RE = re.compile(r"(?<=[\u4e00-\u9fff)）])(?:%|万平方米|万m2|万吨标准煤|万千瓦|亿元|万元)$")
_GROUP_RE = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]\s*(?P<title>\S.{0,30})$")
_NUMBERED_ROW_RE = re.compile(r"^(?P<n>\d{1,2})\s*[.．、](?!\d)\s*(?P<rest>\S.*)$")
_SERIAL_RE = re.compile(r"^\d{1,2}$")
_NOTE_RE = re.compile(r"^[（(]?\s*注\s*[:：]")
_PROSE_LENGTH = 40
_TOP_HEADING_STYLES = ("cn", "chapter")


@dataclass
class _Row:
    """The lines of one row while it is being collected."""

    lines: list[Line]
    group: str | None
    cells: list[str] = field(default_factory=list)


# ---- cells ---------------------------------------------------------------------------------------

def cell_kind(token: str) -> str:
    """What a cell holds: value, dash, attribute, department, unit or text."""
    token = token.strip()
    if _VALUE_RE.match(token):
        return "value"
    if _DASH_RE.match(token):
        return "dash"
    if _ATTRIBUTE_RE.match(token):
        return "attribute"
    if _UNIT_RE.match(token):
        return "unit"
    if _DEPARTMENT_RE.match(token):
        return "department"
    return "text"


def _tokens(text: str) -> list[str]:
    """Cells written on one line, separated by spaces; `--完成市分` is a dash and a text."""
    found: list[str] = []
    for token in text.split():
        match = _LEADING_DASH_RE.match(token)
        found.extend(match.groups() if match and cell_kind(match.group(2)) == "text" else [token])
    return found


def _merge_wrapped(cells: list[tuple[str, int]], wanted: int) -> list[tuple[str, int]]:
    """Join text cells that wrapped onto the next line (`完成市分` + `解任务`) until `wanted` remain."""
    cells = list(cells)
    while len(cells) > wanted:
        pair = _wrapped_pair(cells, across_lines=True)
        if pair is None:
            pair = _wrapped_pair(cells, across_lines=False)
        if pair is None:
            break
        (text, line), (more, _) = cells[pair], cells[pair + 1]
        cells[pair:pair + 2] = [(text + more, line)]
    return cells


def _wrapped_pair(cells: list[tuple[str, int]], across_lines: bool) -> int | None:
    for index in range(len(cells) - 1):
        (left, left_line), (right, right_line) = cells[index], cells[index + 1]
        if cell_kind(left) == "text" and cell_kind(right) == "text" and \
                (not across_lines or left_line != right_line):
            return index
    return None


def _name_closed(name: str) -> bool:
    return name.endswith((")", "）"))


def numbered_row_cells(lines: list[str], columns: int) -> list[str]:
    """Cells of a numbered row: the name (wrapped over lines until a value) and then the values."""
    name = ""
    values: list[tuple[str, int]] = []
    for index, text in enumerate(lines):
        for position, token in enumerate(_tokens(text)):
            first = index == 0 and position == 0
            if first or (not values and cell_kind(token) == "text" and not _name_closed(name)):
                name += token
            else:
                values.append((token, index))
    merged = [text for text, _ in _merge_wrapped(values, columns - 1)]
    cells = [name, *merged]
    return _fit(cells, columns)


def _fit(cells: list[str], columns: int) -> list[str]:
    """Exactly `columns` cells: missing ones empty, extra ones kept in the last cell."""
    if len(cells) < columns:
        return cells + [""] * (columns - len(cells))
    return [*cells[:columns - 1], " ".join(cells[columns - 1:])]


def typed_row_cells(cells: list[str], columns: tuple[str, ...]) -> list[str]:
    """Cells of a one-cell-per-line row placed by kind: attributes, units, names and values."""
    slots = [""] * len(columns)
    name_col = next((i for i, c in enumerate(columns) if c in _NAME_HEADERS), 0)
    unit_col = next((i for i, c in enumerate(columns) if c in _UNIT_HEADERS), None)
    attr_col = next((i for i, c in enumerate(columns) if c in _ATTRIBUTE_HEADERS), None)
    serial_col = next((i for i, c in enumerate(columns) if c in _SERIAL_HEADERS), None)
    fixed = {name_col, unit_col, attr_col, serial_col}
    value_cols = [i for i in range(len(columns)) if i not in fixed]
    previous_was_name = False
    if serial_col is not None and cells and _SERIAL_RE.match(cells[0]):
        slots[serial_col], cells = cells[0], cells[1:]
    for cell in cells:
        kind = cell_kind(cell)
        target: int | None
        if kind == "attribute" and attr_col is not None:
            target = attr_col
        elif kind == "unit" and unit_col is not None:
            target = unit_col
        elif kind == "text" and (not slots[name_col] or previous_was_name):
            target = name_col
        else:
            target = next((i for i in value_cols if not slots[i]), value_cols[-1] if value_cols else name_col)
        joiner = "" if target == name_col and previous_was_name else " " if slots[target] else ""
        slots[target] = slots[target] + joiner + cell
        previous_was_name = target == name_col
    if unit_col is not None and not slots[unit_col] and (match := _TRAILING_UNIT_RE.search(slots[name_col])):
        slots[name_col], slots[unit_col] = slots[name_col][:match.start()], match.group(0)
    return slots


# ---- header --------------------------------------------------------------------------------------

def is_header_token(token: str) -> bool:
    token = token.rstrip("%")
    return token in _HEADER_WORDS or bool(_YEAR_HEADER_RE.match(token))


def _merge_header(tokens: list[str]) -> list[str]:
    """Header words broken over lines joined again (`指标` + `属性` → `指标属性`)."""
    merged: list[str] = []
    for token in tokens:
        token = token.rstrip("%")
        if merged and merged[-1] + token in _HEADER_WORDS and merged[-1] + token not in merged:
            merged[-1] += token
        else:
            merged.append(token)
    return merged


def read_header(lines: list[Line], first: int, leading: list[str] | None = None
                ) -> tuple[tuple[str, ...], int] | None:
    """The column names starting at line `first` and the index of the first line after the header."""
    tokens: list[str] = list(leading or [])
    index = first
    while index < len(lines) and index - first < _MAX_HEADER_LINES:
        words = lines[index].text.split()
        if not words or not all(is_header_token(word) for word in words):
            break
        tokens.extend(words)
        index += 1
    columns = _merge_header(tokens)
    has_year = any(_YEAR_HEADER_RE.match(column) for column in columns)
    if not columns or not (has_year or _INDICATOR_HEADERS & set(columns)):
        return None
    if not _NAME_HEADERS & set(columns):
        columns.insert(0, "指标")
    return tuple(columns), index


# ---- rows ----------------------------------------------------------------------------------------

def ends_table(text: str) -> bool:
    """Whether a line is no longer part of a table: a note, a heading, a new caption or prose."""
    stripped = text.strip()
    if not stripped or _NOTE_RE.match(stripped) or is_caption(stripped):
        return True
    number = parse_number(stripped)
    if number and number.style in _TOP_HEADING_STYLES:
        return True
    return len(stripped) > _PROSE_LENGTH and bool(re.search(r"[。，；]", stripped))


def _numbered_rows(lines: list[Line], first: int) -> tuple[list[_Row], int]:
    """Rows that open with 1. 2. 3. …, under （一）-style group lines; returns them and the next line."""
    rows: list[_Row] = []
    group: str | None = None
    index = first
    while index < len(lines):
        text = lines[index].text.strip()
        row_match = _NUMBERED_ROW_RE.match(text)
        group_match = _GROUP_RE.match(text)
        if row_match and int(row_match["n"]) == len(rows) + 1:
            rows.append(_Row([lines[index]], group))
        elif group_match and not re.search(r"\d", group_match["title"]):
            group = squeeze(group_match["title"])
        elif row_match or ends_table(text) or not rows:
            break
        else:
            rows[-1].lines.append(lines[index])
        index += 1
    return rows, index


def _cell_lines(lines: list[Line], first: int) -> tuple[list[Line], int]:
    """Lines of a one-cell-per-line table body, up to where prose or a heading resumes."""
    cells: list[Line] = []
    index = first
    while index < len(lines) and not ends_table(lines[index].text):
        number = parse_number(lines[index].text.strip())
        if number and number.style != "num_dot" and not _SERIAL_RE.match(lines[index].text.strip()):
            break
        cells.append(lines[index])
        index += 1
    return cells, index


def _cell_rows(cells: list[Line], columns: tuple[str, ...]) -> list[_Row]:
    """One-cell-per-line cells regrouped into rows: at serial numbers, else after each attribute cell."""
    serials = _serial_positions(cells)
    if serials:
        return _rows_at_serials(cells, serials)
    if _ATTRIBUTE_HEADERS & set(columns):
        return _rows_ending_in_attribute(cells)
    return _rows_starting_with_text(cells)


def _serial_positions(cells: list[Line]) -> list[int]:
    """Indices of the lines holding the row serials 1, 2, 3 … in order (at least two of them)."""
    positions: list[int] = []
    for index, line in enumerate(cells):
        if line.text.strip() == str(len(positions) + 1):
            positions.append(index)
    return positions if len(positions) >= 2 else []


def _rows_at_serials(cells: list[Line], serials: list[int]) -> list[_Row]:
    """Rows split at their serial lines; cells before the first serial belong to row 1."""
    rows: list[_Row] = []
    bounds = [*serials[1:], len(cells)]
    for number, (serial, end) in enumerate(zip(serials, bounds, strict=True)):
        first = 0 if number == 0 else serial
        others = [line for index, line in enumerate(cells[first:end], start=first) if index != serial]
        row = _Row([cells[serial], *others], None)
        row.cells = [cells[serial].text.strip(), *(line.text.strip() for line in others)]
        rows.append(row)
    return rows


def _rows_starting_with_text(cells: list[Line]) -> list[_Row]:
    """Rows without serials or attributes: a name (text) after a value starts the next row."""
    rows: list[_Row] = []
    for line in cells:
        kind = cell_kind(line.text.strip())
        if not rows or (kind == "text" and cell_kind(rows[-1].lines[-1].text.strip()) != "text"):
            rows.append(_Row([line], None))
        else:
            rows[-1].lines.append(line)
    return rows


def _rows_ending_in_attribute(cells: list[Line]) -> list[_Row]:
    rows: list[_Row] = []
    current: list[Line] = []
    for line in cells:
        current.append(line)
        if cell_kind(line.text.strip().split()[-1]) == "attribute":
            rows.append(_Row(current, None))
            current = []
    return rows


# ---- tables --------------------------------------------------------------------------------------

def is_caption(text: str) -> bool:
    """Whether a line is a table caption: 表N / 专栏N, or a title ending in 指标/一览表/目标表."""
    text = text.strip()
    if not text or len(text) > _MAX_CAPTION or "。" in text:
        return False
    if _CAPTION_RE.match(text):
        return True
    # A title ending in 指标 stands alone; `的各专业指标` is the tail of a wrapped sentence.
    return bool(_CAPTION_END_RE.search(text)) and parse_number(text) is None and \
        len(text) >= _MIN_CAPTION and text[0] not in _FRAGMENT_START


def _caption_split(text: str) -> tuple[str, list[str]]:
    """A caption line and the header words that ran onto its end (`…指标表 序号分类单位`)."""
    words = text.split()
    tail: list[str] = []
    while len(words) > 1 and is_header_token(words[-1]):
        tail.insert(0, words.pop())
    caption = squeeze(" ".join(words))
    peeled = _peel_header(caption, depth=len(_HEADER_WORDS))
    return (peeled[0], [*peeled[1], *tail]) if peeled else (caption, tail)


def _peel_header(caption: str, depth: int) -> tuple[str, list[str]] | None:
    """Header words glued to the end of a caption, peeled off while what remains is a whole caption."""
    if depth <= 0:
        return None
    for word in sorted(_HEADER_WORDS, key=len, reverse=True):
        if not caption.endswith(word):
            continue
        rest = caption[:-len(word)]
        if len(rest) >= _MIN_CAPTION and (rest.endswith("表") or _CAPTION_END_RE.search(rest)):
            return rest, [word]
        deeper = _peel_header(rest, depth - 1)
        if deeper:
            return deeper[0], [*deeper[1], word]
    return None


def read_table(lines: list[Line], caption: int) -> tuple[Table, int] | None:
    """The table whose caption is line `caption`, and the index of the line after it."""
    title, leading = _caption_split(lines[caption].text)
    header = read_header(lines, caption + 1, leading)
    if header is None:
        return None
    columns, body = header
    first_row = lines[body].text.strip() if body < len(lines) else ""
    if _NUMBERED_ROW_RE.match(first_row) or _GROUP_RE.match(first_row):
        rows, after = _numbered_rows(lines, body)
        for row in rows:
            texts = [line.text.strip() for line in row.lines]
            texts[0] = _NUMBERED_ROW_RE.match(texts[0])["rest"]  # type: ignore[index]
            row.cells = numbered_row_cells(texts, len(columns))
    else:
        cells, after = _cell_lines(lines, body)
        rows = _cell_rows(cells, columns)
        for row in rows:
            row.cells = typed_row_cells(row.cells or [line.text.strip() for line in row.lines], columns)
    if not rows:
        return None
    return _table(lines, caption, title, columns, rows, after), after


def _table(lines: list[Line], caption: int, title: str, columns: tuple[str, ...], rows: list[_Row],
           after: int) -> Table:
    note = None
    end = max(line.end for row in rows for line in row.lines)
    if after < len(lines) and _NOTE_RE.match(lines[after].text.strip()):
        note = lines[after].text.strip()
        end = lines[after].end
    spans = tuple((min(line.start for line in row.lines), max(line.end for line in row.lines)) for row in rows)
    return Table(
        title=title, columns=columns,
        rows=tuple(tuple(compact(cell) if cell_kind(cell) != "text" else cell for cell in row.cells)
                   for row in rows),
        start=lines[caption].start, end=end, row_spans=spans,
        row_groups=tuple(row.group for row in rows), note=note,
    )


def find_tables(lines: list[Line], body_start: int) -> tuple[Table, ...]:
    """Indicator tables found in the body, in order."""
    tables: list[Table] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.start >= body_start and is_caption(line.text):
            found = read_table(lines, index)
            if found:
                tables.append(found[0])
                index = found[1]
                continue
        index += 1
    return tuple(tables)
