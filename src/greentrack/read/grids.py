"""Table cells as the readers find them (spans in the source text), and their move onto the normalised text.

A reader that sees a table's structure (Word and HTML cells, ruled PDF tables) writes each row on
a line of its own, cells apart by a space, and records where each cell's text sits in the source
text it returns. After normalisation the same cells are found in the normalised text through the
offset map, so every cell stays a span of the text the later stages quote from.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field

from greentrack.models import Cell, Grid


@dataclass(frozen=True)
class SourceCell:
    """A cell's span in the source text and the grid positions it covers."""

    start: int
    end: int
    row: int
    col: int
    rows: int = 1
    cols: int = 1


@dataclass
class SourceGrid:
    """A table's cells in source-text spans, with the grid's size."""

    cells: list[SourceCell] = field(default_factory=list)
    n_rows: int = 0
    n_cols: int = 0

    def shifted(self, by: int) -> SourceGrid:
        """The same grid with every span moved `by` characters (a page's text placed in the document's)."""
        cells = [SourceCell(c.start + by, c.end + by, c.row, c.col, c.rows, c.cols) for c in self.cells]
        return SourceGrid(cells, self.n_rows, self.n_cols)


class RowWriter:
    """Writes table rows as lines (cells apart by one space) and records each cell's span in them.

    `add_row` takes the cells of one grid row as (text, col, rows, cols) and returns the line; the
    spans are relative to the writer's running text, which the caller joins with "\\n".
    """

    def __init__(self) -> None:
        self.grid = SourceGrid()

    def row_line(self, row: int, cells: Sequence[tuple[str, int, int, int]], at: int) -> str:
        """The line of one row written at offset `at` of the source, recording its cells."""
        parts: list[str] = []
        pos = at
        for text, col, rows, cols in cells:
            if pos > at and text:
                parts.append(" ")
                pos += 1
            self.grid.cells.append(SourceCell(pos, pos + len(text), row, col, rows, cols))
            parts.append(text)
            pos += len(text)
            self.grid.n_cols = max(self.grid.n_cols, col + cols)
        self.grid.n_rows = max(self.grid.n_rows, row + 1)
        return "".join(parts)


def _to_text(offsets: Sequence[int], source_index: int) -> int:
    """The first normalised index whose source index is at or after `source_index`."""
    return bisect_left(offsets, source_index)


def _mapped(cell: SourceCell, offsets: Sequence[int], text: str) -> Cell:
    """The cell with its span in the normalised text, trimmed so that `text == text[start:end]`."""
    start = _to_text(offsets, cell.start)
    end = max(start, _to_text(offsets, cell.end)) if cell.end > cell.start else start
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip())
    kept = raw.strip()
    return Cell(kept, start + lead, start + lead + len(kept), cell.row, cell.col, cell.rows, cell.cols)


def _joined(parts: list[Cell]) -> Cell:
    """Two cells at one position (a row cut by a page break): one cell whose text joins theirs and whose span
    runs from the first to the last (the page break between them included)."""
    filled = [c for c in parts if c.text] or parts[:1]
    first = parts[0]
    return Cell("".join(c.text for c in filled), filled[0].start, filled[-1].end, first.row, first.col,
                max(c.rows for c in parts), max(c.cols for c in parts))


def to_grid(source: SourceGrid, offsets: Sequence[int], text: str) -> Grid | None:
    """The grid of `source` with spans in the normalised text (offsets: normalised index → source index)."""
    if not source.cells or source.n_rows == 0 or source.n_cols == 0:
        return None
    at: dict[tuple[int, int], list[Cell]] = {}
    for cell in source.cells:
        at.setdefault((cell.row, cell.col), []).append(_mapped(cell, offsets, text))
    empty: list[list[Cell | None]] = [[None] * source.n_cols for _ in range(source.n_rows)]
    for parts in at.values():
        cell = parts[0] if len(parts) == 1 else _joined(parts)
        for r in range(cell.row, min(cell.row + cell.rows, source.n_rows)):
            for c in range(cell.col, min(cell.col + cell.cols, source.n_cols)):
                if empty[r][c] is None:
                    empty[r][c] = cell
    placed = [c for row in empty for c in row if c is not None]
    lo, hi = min(c.start for c in placed), max(c.end for c in placed)
    rows = tuple(tuple(c if c is not None else _blank(r, i, empty, lo) for i, c in enumerate(row))
                 for r, row in enumerate(empty))
    return Grid(rows=rows, start=lo, end=hi)


def _blank(row: int, col: int, cells: list[list[Cell | None]], fallback: int) -> Cell:
    """An empty cell placed where its row's text is (after the nearest filled cell to its left)."""
    left = next((c for c in reversed(cells[row][:col]) if c is not None), None)
    at = left.end if left is not None else next((c.start for c in cells[row] if c is not None), fallback)
    return Cell("", at, at, row, col)
