"""Tables whose rows keep their cells on one line, as a plan pasted from Word or a spreadsheet writes them.

A caption (表N, 专栏N, a title ending in 指标/一览表…), a header line naming the columns, then one line per
row with the same number of cells: "区域 2023年 2024年 2025年" / "甲区 70 80 90". The normaliser has
turned the tabs or runs of spaces between cells into single spaces, so a line is split at its spaces
and the pieces of a name that justification spread out ("绿 色社区") are joined again until the row has
as many cells as the header. Such a table is read as a grid, exactly as the same table in a Word file
is, so a breakdown per district or per year gives the same records from .txt as from .docx. A table
whose rows wrap over lines or whose cells do not line up is left to the other readers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from greentrack.models import Cell, Grid
from greentrack.outline.lines import Line
from greentrack.outline.tables import ends_table, is_caption, is_header_token

_VALUE_RE = re.compile(r"^[\[【(（]?[<>≤≥＜＞≈约]?[-+]?\d+(?:\.\d+)?\s*[%‰]?[\]】)）]?(?:以上|以下|左右)?$")
_DASH_RE = re.compile(r"^(?:-{1,2}|—{1,2}|－{1,2}|/|／|―|—)$")
_SERIAL_RE = re.compile(r"^\d{1,2}[.、．]?$")
# Heads of a column of areas, and the areas themselves (a column per district in the header).
_AREA_HEADS = frozenset(("区域", "地区", "县区", "县（市、区）", "县(市、区)", "行政区", "区县", "辖区", "城市"))
_AREA_RE = re.compile(r"^(?:全[省市县区]|[\u4e00-\u9fff]{1,10}(?:省|市|县|区|旗|州|盟|镇|乡|街道))$")
_UNIT_LINE_RE = re.compile(r"^[（(]?\s*单位\s*[:：]")
_MIN_COLUMNS = 2


def aligned_grids(lines: Sequence[Line], body_start: int, taken: Sequence[tuple[int, int]] = ()) -> list[Grid]:
    """Grids of the one-row-per-line tables after `body_start`, outside the spans `taken`."""
    grids: list[Grid] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        inside = any(start <= line.start < end for start, end in taken)
        found = None if inside or line.start < body_start or not is_caption(line.stripped) else _grid_at(lines, index)
        if found is None:
            index += 1
            continue
        grid, index = found
        grids.append(grid)
    return grids


def _grid_at(lines: Sequence[Line], caption: int) -> tuple[Grid, int] | None:
    """The grid under the caption at line `caption` and the index of the line after it, or None."""
    first = caption + 1
    if first < len(lines) and _UNIT_LINE_RE.match(lines[first].stripped):
        first += 1  # 单位：万平方米 under the caption
    if first >= len(lines):
        return None
    header = _pieces(lines[first])
    if not _is_header(header):
        return None
    rows = [header]
    index = first + 1
    while index < len(lines):
        row = _row(lines[index], len(header))
        if row is None:
            break
        rows.append(row)
        index += 1
    if len(rows) < 2 or (index < len(lines) and not ends_table(lines[index].text)):
        return None  # no row, or rows go on in another form (a name wrapped over lines): not this reader's
    cells = tuple(tuple(Cell(text, start, end, r, c) for c, (text, start, end) in enumerate(row))
                  for r, row in enumerate(rows))
    return Grid(cells, start=lines[first].start, end=lines[index - 1].end), index


Piece = tuple[str, int, int]  # a cell's text and its span in the normalised text


def _pieces(line: Line) -> list[Piece]:
    """The space-separated pieces of a line with their spans."""
    return [(m.group(), line.start + m.start(), line.start + m.end()) for m in re.finditer(r"\S+", line.text)]


def _kind(text: str) -> str:
    if _VALUE_RE.match(text):
        return "value"
    return "dash" if _DASH_RE.match(text) else "text"


def _is_header(pieces: list[Piece]) -> bool:
    """A header line: no values, and at least one word that names a column (指标, 2025年, 区域, 甲区 …)."""
    texts = [text for text, _, _ in pieces]
    if len(texts) < _MIN_COLUMNS or any(_kind(text) != "text" for text in texts):
        return False
    return any(is_header_token(text) or text in _AREA_HEADS or _AREA_RE.match(text) for text in texts)


def _row(line: Line, columns: int) -> list[Piece] | None:
    """The row on this line with exactly `columns` cells (a name's spread-out pieces joined), or None when
    the line is no row of the table: blank, prose, a heading, no value, or cells that do not line up."""
    pieces = _pieces(line)
    if not pieces or len(pieces) < columns or "。" in line.text:
        return None
    while len(pieces) > columns:
        pair = next((i for i in range(len(pieces) - 1)
                     if _kind(pieces[i][0]) == "text" and _kind(pieces[i + 1][0]) == "text"), None)
        if pair is None:
            return None
        (left, start, _), (right, _, end) = pieces[pair], pieces[pair + 1]
        pieces[pair:pair + 2] = [(left + right, start, end)]
    kinds = [_kind(text) for text, _, _ in pieces]
    if "value" not in kinds or (kinds[0] != "text" and not _SERIAL_RE.match(pieces[0][0])):
        return None
    return pieces
