"""Tables rebuilt from plain text that holds one cell per line, as `pdftotext` (without -layout) writes them.

Such text keeps each cell on its own line (a wrapped label over several lines) with blank lines
between the blocks the layout engine saw, but it loses the grid: a unit printed under its label,
a row's first value kept in the label's block, the values of a tall cell split around a
vertically centred label, a label pushed past the page break. The rebuild reads the caption and
the header (which names the columns), then places each body line by what it is:

- a serial number (序号 column) starts a row, and lines up to the next serial belong to it;
- without serials, a label starts a row; a value in the label's own block belongs to that row,
  a value in a block of its own fills the earliest row with a free value column (the layout engine
  reads the rest of a table column by column), and a value no row has room for opens a row whose
  label is missing — a label left over at the end (printed after a page break) is given to it;
- units and 约束性/预期性 go to the unit and attribute columns of the earliest row lacking one;
- a block of values with bracketed qualifiers ("35%（重点推进地区）") is one cell, split where a
  qualifier repeats: the part after the repeat starts the next row's cell (printed above its
  vertically centred label).

The grid is only as good as the text: rebuilt grids carry the doubt `table_rebuilt`. Text whose
rows keep their cells on one line (the seeds' tables) is left to the line-based table reader.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace

from greentrack.models import Cell, Grid, ReadDocument
from greentrack.outline.numbering import parse_number
from greentrack.outline.rebuild_rows import (
    ATTR_HEADS,
    DEPT_HEADS,
    INDICATOR_HEADS,
    MAX_LABEL,
    NAME_HEADS,
    REMARK_HEADS,
    SERIAL_HEADS,
    SERIAL_RE,
    TITLE_TAIL_RE,
    UNIT_HEADS,
    YEAR_HEAD_RE,
    Placer,
    Row,
    Token,
    line_kind,
    merge_wrapped,
    serial_rows,
)
from greentrack.outline.tables import is_caption
from greentrack.read.normalise import fold_width_keeping_offsets

REBUILT = "table_rebuilt"

_MAX_BODY_LINES = 400
_NUMBER_RE = re.compile(r"^(?:表\s*\d+(?:[.．-]\d+)*|专栏\s*[一二三四五六七八九十\d]{1,3})\s*[:：]?\s*")
_PROSE_LENGTH = 28

# ---- source lines and tokens ---------------------------------------------------------------------

def _source_lines(source: str) -> list[tuple[int, str]]:
    """(start, text without \\r) of every line of the source, full-width digits and ％ folded (a table set in
    ９５％ reads as one in 95%)."""
    lines: list[tuple[int, str]] = []
    start = 0
    for raw in fold_width_keeping_offsets(source).split("\n"):
        lines.append((start, raw.rstrip("\r")))
        start += len(raw) + 1
    return lines


def _atoms(start: int, text: str, block: int, line: int) -> list[Token]:
    """A line's cells: several when every space-separated piece is a cell by itself, else the line."""
    pieces = [(m.start(), m.group()) for m in re.finditer(r"\S+", text)]
    merged: list[tuple[int, str]] = []
    for pos, piece in pieces:  # "2021 年" is one header cell
        if merged and piece.startswith("年") and re.fullmatch(r"(?:19|20)\d{2}", merged[-1][1]):
            merged[-1] = (merged[-1][0], merged[-1][1] + " " + piece)
        else:
            merged.append((pos, piece))
    if len(merged) > 1 and all(line_kind(piece) not in ("text", "dept", "bracket_unit") for _, piece in merged):
        return [Token(piece, start + pos, start + pos + len(piece), block, line_kind(piece), line)
                for pos, piece in merged]
    stripped = text.strip()
    lead = len(text) - len(text.lstrip())
    return [Token(stripped, start + lead, start + lead + len(stripped), block, line_kind(stripped), line)]


def _ends_body(text: str) -> bool:
    """A line that is no longer a cell: a heading, a note, a new caption or prose."""
    stripped = text.strip()
    if re.match(r"^[（(]?\s*(?:注|备注|说明)\s*\d?\s*[:：]", stripped) or is_caption(stripped):
        return True
    number = parse_number(stripped)
    if number is not None and not SERIAL_RE.match(stripped):
        return True
    return "。" in stripped or (len(stripped) > _PROSE_LENGTH and "，" in stripped)


def _dropped(offsets: Sequence[int], start: int, end: int) -> bool:
    """Whether normalisation dropped the source line start…end (a page number or footer)."""
    index = bisect_left(offsets, start)
    return index >= len(offsets) - 1 or offsets[index] >= end


# ---- header --------------------------------------------------------------------------------------

@dataclass
class _Header:
    title: str
    tokens: list[Token]
    marks: int  # column-number marks seen in the header ("1" under 主要指标)
    first_body: int  # index of the first token after the header
    early: list[Token]  # the name column's lines, printed between its header word and the other header words


def _read_header(tokens: list[Token], title: str) -> _Header | None:
    heads: list[Token] = []
    early: list[Token] = []
    marks = 0
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.kind == "head":
            heads.append(token)
        elif len(heads) == 1 and _role(heads[0].text) == "name" and token.kind in ("text", "dept") \
                and len(token.text) <= MAX_LABEL and _head_follows(tokens, index):
            early.append(token)  # pdftotext reads the name column down before the header words beside it
        elif heads and token.kind == "value" and token.text == str(marks + 1) \
                and index + 1 < len(tokens) and tokens[index + 1].kind == "head":
            marks += 1  # a column number printed between the header words
        elif token.kind == "text" and TITLE_TAIL_RE.search(token.text) and len(token.text) <= MAX_LABEL:
            title = f"{title} {token.text}".strip()  # the caption's title printed apart from its number
        else:
            break
        index += 1
    names = {re.sub(r"\s+", "", t.text) for t in heads}
    has_year = any(YEAR_HEAD_RE.match(t.text) for t in heads)
    if len(heads) < 2 or not (has_year or names & INDICATOR_HEADS):
        return None
    return _Header(title, heads, marks, index, early)


def _head_follows(tokens: list[Token], index: int) -> bool:
    """Whether the label lines from `index` run on into a header word (the rest of the header)."""
    for token in tokens[index:]:
        if token.kind == "head":
            return True
        if token.kind not in ("text", "dept") or len(token.text) > MAX_LABEL:
            return False
    return False


def _role(text: str) -> str:
    """What a header word says its column holds."""
    word = re.sub(r"\s+", "", text)
    return ("serial" if word in SERIAL_HEADS else "name" if word in NAME_HEADS else "unit" if word in UNIT_HEADS
            else "attr" if word in ATTR_HEADS else "dept" if word in DEPT_HEADS
            else "remark" if word in REMARK_HEADS else "value")


def _columns(heads: list[Token]) -> list[tuple[str, Token | None]]:
    """(role, header token) of each column in the order tables print them: serial, name, unit, values,
    attribute, departments, remarks (the text may give the header words out of order)."""
    roles: dict[str, list[Token]] = {"serial": [], "name": [], "unit": [], "value": [], "attr": [], "dept": [],
                                      "remark": []}
    for token in heads:
        roles[_role(token.text)].append(token)
    if all(YEAR_HEAD_RE.match(t.text) for t in roles["value"]):
        roles["value"].sort(key=lambda t: t.text)
    columns: list[tuple[str, Token | None]] = [("serial", t) for t in roles["serial"][:1]]
    columns.append(("name", roles["name"][0] if roles["name"] else None))
    columns += [("unit", t) for t in roles["unit"][:1]]
    columns += [("value", t) for t in roles["value"]]
    columns += [(role, t) for role in ("attr", "dept", "remark") for t in roles[role][:1]]
    return columns


# ---- grid ----------------------------------------------------------------------------------------

class _Mapper:
    """Source spans → normalised spans through the offset map."""

    def __init__(self, doc: ReadDocument) -> None:
        self.offsets = doc.offsets
        self.text = doc.text

    def cell(self, pieces: list[Token], text: str, row: int, col: int) -> Cell:
        start = bisect_left(self.offsets, pieces[0].start)
        end = max(start, bisect_left(self.offsets, pieces[-1].end))
        return Cell(text, start, end, row, col)


def _grid(header: _Header, columns: list[tuple[str, Token | None]], rows: list[Row], mapper: _Mapper) -> Grid:
    head_cells: list[Cell] = []
    anchor = header.tokens[0]
    for col, (role, token) in enumerate(columns):
        if token is None:
            at = bisect_left(mapper.offsets, anchor.start)
            head_cells.append(Cell("指标" if role == "name" else "", at, at, 0, col))
        else:
            head_cells.append(mapper.cell([token], re.sub(r"\s+", "", token.text), 0, col))
    grid_rows = [tuple(head_cells)]
    for number, row in enumerate(rows, start=1):
        grid_rows.append(tuple(_row_cells(row, columns, mapper, number)))
    start = min(c.start for r in grid_rows for c in r)
    end = max(c.end for r in grid_rows for c in r)
    return Grid(rows=tuple(grid_rows), start=start, end=end, rebuilt=True, doubts=(REBUILT,))


def _row_cells(row: Row, columns: list[tuple[str, Token | None]], mapper: _Mapper, number: int) -> list[Cell]:
    values = iter(row.values)
    cells: list[Cell] = []
    first = row.label[0] if row.label else row.values[0][0]
    for col, (role, _) in enumerate(columns):
        pieces: list[Token] | None
        if role == "serial":
            pieces = [row.serial] if row.serial else None
        elif role == "name":
            pieces = row.label or None
        elif role == "unit":
            pieces = [row.unit] if row.unit else None
        elif role == "value":
            pieces = next(values, None)
        elif role == "attr":
            pieces = [row.attr] if row.attr else None
        elif role == "dept":
            pieces = row.depts or None
        else:
            pieces = None
        if pieces:
            text = "".join(re.sub(r"\s+", "", p.text) if role != "name" else p.text.strip() for p in pieces)
            cells.append(mapper.cell(pieces, text, number, col))
        else:
            at = bisect_left(mapper.offsets, first.start)
            cells.append(Cell("", at, at, number, col))
    return cells


# ---- tables --------------------------------------------------------------------------------------

def _body_tokens(lines: list[tuple[int, str]], first: int, offsets: Sequence[int]) -> list[Token]:
    """Tokens of the lines from `first` until the table ends, page furniture skipped: page marks
    normalisation dropped, bare numbers at a page break (two blank lines beside them; normalisation may
    take a table's serials for page numbers, so its verdict on bare numbers is not used), and the next
    page's number where it runs on from one and stands before another number."""
    tokens: list[Token] = []
    block = 0
    page: int | None = None
    furniture = False  # the empty lines pdftotext prints after a page's number end the page, not a cell
    window = lines[first:first + _MAX_BODY_LINES]
    for number, (start, text) in enumerate(window, start=first):
        stripped = text.strip()
        if not stripped:
            block += 0 if furniture else 1
            continue
        index = number - first
        furniture = True
        if stripped.isdigit() and _at_page_break(window, index):
            page = int(stripped)
            continue
        if _dropped(offsets, start, start + len(text)) and not stripped.isdigit():
            continue
        if page is not None and stripped == str(page + 1) and _value_follows(window, index + 1):
            page += 1
            continue
        furniture = False
        if tokens and _ends_body(text):
            break
        tokens.extend(_atoms(start, text, block, number))
    return tokens


def _at_page_break(window: list[tuple[int, str]], index: int) -> bool:
    """Whether the line at `index` is followed by two blank lines: a page number closing its page (a serial
    between cells has one blank line after it; the first line of the next page may be a serial)."""
    after = [text for _, text in window[index + 1:index + 3]]
    return len(after) == 2 and not any(t.strip() for t in after)


def _value_follows(window: list[tuple[int, str]], index: int) -> bool:
    """Whether the next non-blank line from `index` is a value."""
    following = next((text.strip() for _, text in window[index:] if text.strip()), "")
    return line_kind(following) in ("value", "dash", "qvalue")


def _row_per_line(tokens: list[Token], header: _Header) -> bool:
    """Whether the body keeps a row's cells on one line (a numbered row, or several values on one line):
    the line-based table reader's text, not this one's."""
    body = tokens[header.first_body:header.first_body + 12]
    if any(re.match(r"^\d{1,2}\s*[.．、](?!\d)\S", t.text) for t in body[:2]):
        return True
    values_per_line: dict[int, int] = {}
    for token in body:
        if token.kind in ("value", "qvalue", "dash"):
            values_per_line[token.line] = values_per_line.get(token.line, 0) + 1
    return sum(1 for n in values_per_line.values() if n >= 2) >= 2


def rebuild_at(doc: ReadDocument, lines: list[tuple[int, str]], caption: int) -> Grid | None:
    """The grid of the cell-per-line table whose caption is source line `caption`, or None."""
    start, title = lines[caption]
    tokens = _body_tokens(lines, caption + 1, doc.offsets)
    header = _read_header(tokens, title.strip())
    if header is None or _row_per_line(tokens, header):
        return None
    body = [t for t in tokens[header.first_body:] if not _column_mark(t, header)]
    columns = _columns(header.tokens + _stray_heads(header.tokens, body))
    slots = sum(1 for role, _ in columns if role == "value")
    roles = {role for role, _ in columns}
    body = merge_wrapped(body)
    rows = serial_rows(body, slots) if "serial" in roles else None
    if rows is None:
        placer = Placer(slots, "unit" in roles, "attr" in roles, "dept" in roles)
        placer.place(body)
        rows = placer.finish(header.early)
    if not rows:
        return None
    grid = _grid(header, columns, rows, _Mapper(doc))
    title = _NUMBER_RE.sub("", header.title).strip()
    return replace(grid, caption=title or None, caption_start=bisect_left(doc.offsets, start))


def _stray_heads(heads: list[Token], body: list[Token]) -> list[Token]:
    """Header words printed among the body cells (属性 beside the first row) that name a column the header
    lacks: an attribute, unit or department column."""
    have = {_role(t.text) for t in heads}
    found: list[Token] = []
    for token in body:
        role = _role(token.text) if token.kind == "head" else None
        if role in ("attr", "unit", "dept") and role not in have:
            found.append(token)
            have.add(role)
    return found


def _column_mark(token: Token, header: _Header) -> bool:
    """A column number printed under the header (the next after those the header showed)."""
    return header.marks > 0 and token.kind == "value" and token.text == str(header.marks + 1)


def rebuild_grids(doc: ReadDocument, taken: Sequence[tuple[int, int]] = ()) -> list[Grid]:
    """Grids of the cell-per-line tables of a document, outside the normalised spans `taken`."""
    if "\n\n" not in doc.source_text:
        return []  # no blank-line blocks: not the text this reader rebuilds
    lines = _source_lines(doc.source_text)
    grids: list[Grid] = []
    for index, (start, text) in enumerate(lines):
        if not is_caption(text.strip()):
            continue
        at = bisect_left(doc.offsets, start)
        if any(s <= at < e for s, e in taken):
            continue
        grid = rebuild_at(doc, lines, index)
        if grid is not None and not any(g.start <= grid.start < g.end for g in grids):
            grids.append(grid)
    return grids
