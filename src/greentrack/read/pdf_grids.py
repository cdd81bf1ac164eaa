"""Ruled PDF tables as grids: cell boxes placed on rows and columns, a table broken over pages joined.

pdfplumber finds a ruled table per page and gives each cell's box; a merged cell is one box over
several rows or columns. The grid's columns are the x positions of all cell edges (clustered),
its rows the y positions, page after page, so a merged header ("具体创建目标" over six district
columns) covers the positions under it, and a table whose header sits at the foot of one page and
whose rows fill the next keeps its columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from greentrack.read.grids import SourceCell, SourceGrid

Box = tuple[float, float, float, float]

# Edges closer than this (points) are one ruling line drawn twice or slightly off.
_EDGE_TOLERANCE = 2.5
# Two pieces on consecutive pages are one table when their outer edges agree this closely.
_SAME_WIDTH = 3.0
# A cell that holds a number (a row of values rather than a header).
_VALUE_RE = re.compile(r"^[<>≤≥＜＞约]?\s*[-+]?\d+(?:\.\d+)?\s*(?:%|‰)?$")


@dataclass
class Piece:
    """A ruled table as one page shows it (a table broken over pages is several pieces)."""

    page: int
    bbox: Box
    cells: list[tuple[Box, int, int]] = field(default_factory=list)  # box, span of its text in the source
    texts: list[str] = field(default_factory=list)  # each cell's text, in the order of `cells`
    alone_top: bool = False  # nothing but page furniture above it on its page
    alone_bottom: bool = False  # nothing but page furniture below it


def _continues(before: Piece, after: Piece) -> bool:
    """Whether `after` (top of the next page) carries on the table `before` ends its page with."""
    return (after.page == before.page + 1 and before.alone_bottom and after.alone_top
            and abs(before.bbox[0] - after.bbox[0]) <= _SAME_WIDTH
            and abs(before.bbox[2] - after.bbox[2]) <= _SAME_WIDTH)


def chain_pieces(pieces: list[Piece]) -> list[list[Piece]]:
    """The pieces grouped into tables: a piece that continues the previous one joins its table."""
    chains: list[list[Piece]] = []
    for piece in pieces:
        if chains and _continues(chains[-1][-1], piece):
            chains[-1].append(piece)
        else:
            chains.append([piece])
    return chains


def _clusters(values: Iterable[float]) -> list[float]:
    """Sorted representatives of `values`, values within the tolerance of the previous one merged."""
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > _EDGE_TOLERANCE:
            edges.append(value)
    return edges


def _nearest(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def _first_row(piece: Piece) -> list[tuple[float, str]]:
    """(x0, text) of the cells along the piece's top edge."""
    top = min(box[1] for box, _, _ in piece.cells)
    return sorted((box[0], text) for (box, _, _), text in zip(piece.cells, piece.texts, strict=True)
                  if abs(box[1] - top) <= _EDGE_TOLERANCE)


def _repeats_header(first: Piece, piece: Piece) -> bool:
    """Whether a continuation piece starts by printing the table's header row again."""
    head, again = _first_row(first), _first_row(piece)
    return len(head) == len(again) and all(a[1] == b[1] and a[1] for a, b in zip(head, again, strict=True))


def _row_texts(piece: Piece, top: bool) -> list[tuple[float, str]]:
    """(x0, text) of the cells along the piece's top (or bottom) edge."""
    edge = min(box[1] for box, _, _ in piece.cells) if top else max(box[3] for box, _, _ in piece.cells)
    side = 1 if top else 3
    return sorted((box[0], text) for (box, _, _), text in zip(piece.cells, piece.texts, strict=True)
                  if abs(box[side] - edge) <= _EDGE_TOLERANCE)


def _continues_row(before: Piece, piece: Piece, left: float) -> bool:
    """Whether the piece's first row is the rest of the row `before` ends with, cut by the page break: the
    row before is a row of values (not a header), and this one has its first column empty (a serial not
    repeated) or only its first column filled (the end of a wrapped label), in cells of their own."""
    first = _row_texts(piece, top=True)
    last = _row_texts(before, top=False)
    if len(first) < 2 or abs(first[0][0] - left) > _EDGE_TOLERANCE or not any(_VALUE_RE.match(t) for _, t in last):
        return False
    rest = [t for _, t in first[1:]]
    return (not first[0][1] and any(rest)) or (bool(first[0][1]) and not any(rest))


def grid_of(chain: list[Piece]) -> SourceGrid:
    """The grid of a table from its pieces: columns from every piece's cell edges, rows stacked. A row cut
    by a page break is one row: its cells on the next page join the row's cells above (`to_grid` joins two
    cells at one position)."""
    cells = [cell for piece in chain for cell in piece.cells]
    columns = _clusters(x for box, _, _ in cells for x in (box[0], box[2]))
    grid = SourceGrid()
    row_base = 0
    for number, piece in enumerate(chain):
        rows = _clusters(y for box, _, _ in piece.cells for y in (box[1], box[3]))
        skip_top = number > 0 and _repeats_header(chain[0], piece)
        shift = 1 if skip_top else 0
        if number > 0 and not skip_top and _continues_row(chain[number - 1], piece, columns[0]):
            shift = 1  # the first row goes on the last row of the page before
        for box, start, end in piece.cells:
            r0, r1 = _nearest(rows, box[1]), _nearest(rows, box[3])
            c0, c1 = _nearest(columns, box[0]), _nearest(columns, box[2])
            if r1 <= r0 or c1 <= c0 or (skip_top and r0 == 0):
                continue
            row = row_base + r0 - shift
            grid.cells.append(SourceCell(start, end, row, c0, max(1, r1 - r0 - (shift if r0 == 0 else 0)), c1 - c0))
        row_base += len(rows) - 1 - shift
    grid.n_rows = row_base
    grid.n_cols = max(len(columns) - 1, 0)
    return grid
