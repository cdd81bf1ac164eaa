"""Tables whose cells the document gave (or a rebuild found): caption, header rows, note and row views.

A grid comes from the reader (Word, HTML and ruled PDF tables) or from `outline.rebuild` (cells
one per line in plain text). Here it gets what the text around it says: the caption on the line
before it (or run into the start of its first line), a 注： note after it, and the split between
header rows (names of columns, years) and body rows (values), which the extractor reads by.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from greentrack.models import Cell, Grid, Table
from greentrack.outline.lines import Line, compact, squeeze

# A value cell: a number (with a comparator sign, unit or qualifier around it); a year label is not one.
_VALUE_RE = re.compile(r"^[\[【(（]?[<>≤≥＜＞≈约]?\s*[-+]?\d+(?:[.,]\d+)*")
_YEAR_LABEL_RE = re.compile(r"^(?:19|20)\d{2}(?:\s*年.*)?$|^(?:19|20)\d{2}\s*[-—~～至到]\s*(?:19|20)\d{2}")
_CAPTION_NUMBER_RE = re.compile(
    r"^(?:表\s*\d+(?:[.．-]\d+)*|专栏\s*[一二三四五六七八九十\d]{1,3}|附表\s*\d*)\s*[:：]?\s*")
_CAPTION_HINT_RE = re.compile(r"表|专栏|指标|目标|分解|一览|任务|计划|清单")
_NOTE_RE = re.compile(r"^[（(]?\s*(?:注|备注|说明)\s*\d?\s*[:：]")
_UNIT_LINE_RE = re.compile(r"^[（(]?\s*单位\s*[:：]")
_UNIT_IN_TEXT_RE = re.compile(r"单位\s*[:：]\s*([^\s（）()，,；;、]{1,10})")
_MAX_CAPTION = 80
_MAX_HEADER_ROWS = 4
_ROW_NUMBER_RE = re.compile(r"^\d{1,2}(?:\s*[.、．](?!\d)|$)")
_GROUP_RE = re.compile(r"^(?:[（(][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)")
# A rebuilt table may leave a few short lines it could not place between its last row and its note.
_LEFTOVER_LINES = 3
_MAX_LEFTOVER = 40


def is_value(text: str) -> bool:
    """Whether a cell holds a number that can be a target (not a year that labels a row or column)."""
    text = text.strip()
    return bool(_VALUE_RE.match(text)) and not _YEAR_LABEL_RE.match(text)


def title_rows(grid: Grid) -> int:
    """1 when the grid's first row is one cell across the whole table (a caption set inside it), else 0."""
    if len(grid.rows) > 2 and len(grid.rows[0]) > 1:
        first = grid.rows[0]
        if first[0].text and all(cell == first[0] for cell in first) and not is_value(first[0].text):
            return 1
    return 0


def header_depth(grid: Grid) -> int:
    """How many leading rows name the columns (a caption row counted): rows up to the first that holds a
    value, that names a group of rows or that opens with a row number."""
    start = title_rows(grid)
    for index in range(start, min(len(grid.rows), start + _MAX_HEADER_ROWS + 1)):
        row = grid.rows[index]
        if any(is_value(cell.text) for cell in row) or _ROW_NUMBER_RE.match(row[0].text) \
                or (index > start and is_group_row(row)):
            return index
    return min(start + 1, len(grid.rows))


def column_headers(grid: Grid, depth: int) -> list[list[str]]:
    """For each column, the header texts over it, top down, each merged header once (a caption row left out)."""
    headers: list[list[str]] = []
    for col in range(len(grid.rows[0]) if grid.rows else 0):
        texts: list[str] = []
        for row in grid.rows[title_rows(grid):depth]:
            text = squeeze(row[col].text)
            if text and text not in texts:
                texts.append(text)
        headers.append(texts)
    return headers


def caption_number_stripped(text: str) -> str:
    """A caption without its 表N / 专栏N number."""
    return _CAPTION_NUMBER_RE.sub("", text).strip()


def _caption(lines: list[Line], starts: list[int], grid: Grid) -> tuple[str | None, int | None, str | None]:
    """The caption over the grid, where it starts, and a unit it gives (单位：…): text run into the grid's
    first line, else the line above (past a 单位： line)."""
    index = bisect_right(starts, grid.start) - 1
    if index < 0:
        return None, None, None
    line = lines[index]
    before = line.text[:grid.start - line.start].strip()
    if before and len(before) <= _MAX_CAPTION and "。" not in before:
        return squeeze(before), line.start, _unit_of(before)
    unit = None
    for back in (index - 1, index - 2):
        if back < 0:
            break
        text = lines[back].stripped
        if _UNIT_LINE_RE.match(text):
            unit = _unit_of(text)
            continue
        if text and len(text) <= _MAX_CAPTION and not text.endswith(("。", "；", "：", ":")) \
                and _CAPTION_HINT_RE.search(text):
            return squeeze(text), lines[back].start, unit or _unit_of(text)
        break
    return None, None, unit


def _unit_of(text: str) -> str | None:
    """The unit a caption or a line over a table names: 单位：万平方米."""
    found = _UNIT_IN_TEXT_RE.search(text)
    return found.group(1) if found else None


def _note(lines: list[Line], starts: list[int], end: int, skip: int) -> tuple[str | None, int]:
    """A 注： note on the lines right after the grid, past up to `skip` short leftover lines of the table."""
    index = bisect_right(starts, end)
    if 0 < index <= len(lines) and lines[index - 1].end > end:  # the grid ends inside a line: the rest of it
        rest = lines[index - 1].text[end - lines[index - 1].start:].strip()
        if _NOTE_RE.match(rest):
            return rest, lines[index - 1].end
    for line in lines[index:index + skip + 1]:
        if _NOTE_RE.match(line.stripped):
            return line.stripped, line.end
        if len(line.stripped) > _MAX_LEFTOVER or "。" in line.text:
            break
    return None, end


def is_group_row(row: tuple[Cell, ...]) -> bool:
    """A row that only names a group of the rows under it: one text, no values, merged across the row or
    numbered as a group (（一）能源结构优化)."""
    texts = {cell.text for cell in row if cell.text}
    if len(texts) != 1 or any(is_value(t) for t in texts):
        return False
    return (len(row) > 1 and row[0] == row[-1]) or bool(_GROUP_RE.match(next(iter(texts))))


def table_of_grid(grid: Grid, lines: list[Line], starts: list[int]) -> Table:
    """The outline's table for a grid: caption, columns and body rows as text, note and spans."""
    if grid.caption:
        title, caption_start, unit = grid.caption, grid.caption_start, _unit_of(grid.caption)
    else:
        title, caption_start, unit = _caption(lines, starts, grid)
    if title_rows(grid):
        title, caption_start = squeeze(grid.rows[0][0].text), grid.start
        unit = unit or _unit_of(title)
    note, end = _note(lines, starts, grid.end, _LEFTOVER_LINES if grid.rebuilt else 0)
    depth = header_depth(grid)
    columns = tuple(texts[-1] if texts else "" for texts in column_headers(grid, depth))
    body = grid.rows[depth:]
    rows = tuple(tuple(compact(cell.text) for cell in row) for row in body)
    spans = tuple((min(c.start for c in row), max(c.end for c in row)) for row in body)
    groups: list[str | None] = []
    group: str | None = None
    for row in body:
        if is_group_row(row):
            group = re.sub(r"^[（(][一二三四五六七八九十]{1,3}[)）]", "", squeeze(row[0].text or row[-1].text))
        groups.append(group)
    if title:
        # "（单位：万平方米）" leaves an empty bracket; a unit in brackets ("…占比（%）") stays for the rows
        title = re.sub(r"[（(]\s*[）)]$", "", _UNIT_IN_TEXT_RE.sub("", title).strip()).strip()
    return Table(title=caption_number_stripped(title) if title else None, columns=columns, rows=rows,
                 start=caption_start if caption_start is not None else grid.start, end=max(end, grid.end),
                 row_spans=spans, row_groups=tuple(groups), note=note, grid=grid, unit=unit)


def tables_of_grids(grids: tuple[Grid, ...] | list[Grid], lines: list[Line]) -> list[Table]:
    """A table for every grid with at least two rows, in text order."""
    starts = [line.start for line in lines]
    return [table_of_grid(grid, lines, starts) for grid in sorted(grids, key=lambda g: g.start)
            if len(grid.rows) >= 2 and grid.rows[0]]
