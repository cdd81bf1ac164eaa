"""Text of a .docx: body paragraphs and tables in document order, one table row per line, and the tables' cells."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml.etree import XMLSyntaxError, _Element

from greentrack.errors import CorruptDocument
from greentrack.read.grids import RowWriter, SourceGrid
from greentrack.read.zipguard import check_archive

_P, _TBL, _SDT, _SDT_CONTENT, _TC = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent"), qn("w:tc")

# What python-docx and the zip/XML layers under it raise on a damaged or mislabelled file.
_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, KeyError, PackageNotFoundError, XMLSyntaxError,
           ValueError)


def _open(path: Path) -> Document:
    """The python-docx document, or CorruptDocument saying why it cannot be opened."""
    if not zipfile.is_zipfile(path):
        raise CorruptDocument(path, "not a valid .docx: the zip container is damaged or truncated (or it "
                                    "is an old .doc renamed) — open it in Word or WPS and save as .docx")
    check_archive(path, ".docx")
    try:
        return docx.Document(str(path))
    except _DAMAGE as exc:
        raise CorruptDocument(path, f"not a valid .docx ({type(exc).__name__}: {exc}) — open it in Word "
                                    "or WPS and save it again") from exc


def _row_cells(row: _Element, table: Table) -> list[tuple[str, int, int]]:
    """(text, first grid column, columns spanned) of each cell of a table row, paragraphs joined by a space.

    Iterates the row's own w:tc elements rather than `row.cells`, which repeats a merged cell's
    text in every grid column and every row it spans.
    """
    return [(_Cell(tc, table).text.replace("\n", " ").strip(), tc.grid_offset, tc.grid_span)
            for tc in row.iterchildren(_TC)]


def _vmerged(row: _Element) -> set[int]:
    """Grid columns of the row's cells that continue a vertically merged cell from the row above."""
    return {tc.grid_offset for tc in row.iterchildren(_TC) if tc.vMerge == "continue"}


# A body line: a paragraph's text, or a table row's line with its cells (text, col, rows, cols) and row.
_Block = str | tuple[str, list[tuple[str, int, int, int]], int, int]


def _table_lines(element: _Element, document: Document, table_number: int) -> Iterator[_Block]:
    """One line per row; a vertically merged cell is given at its first row, spanning the rows below."""
    table = Table(element, document)  # type: ignore[arg-type]
    rows = list(table._tbl.tr_lst)
    for index, row in enumerate(rows):
        cells: list[tuple[str, int, int, int]] = []
        continued = _vmerged(row)
        for text, col, span in _row_cells(row, table):
            if col in continued:
                continue
            down = 1
            while index + down < len(rows) and col in _vmerged(rows[index + down]):
                down += 1
            cells.append((text, col, down, span))
        yield (" ".join(text for text, *_ in cells if text), cells, table_number, index)


def _block_lines(parent: _Element, document: Document, tables: list[int]) -> Iterator[_Block]:
    """Lines of the body's paragraphs and tables in document order (content controls opened);
    `tables` counts the tables met so far (one element, shared by the recursion)."""
    for child in parent.iterchildren():
        if child.tag == _P:
            yield Paragraph(child, document).text  # type: ignore[arg-type]
        elif child.tag == _TBL:
            tables[0] += 1
            yield from _table_lines(child, document, tables[0])
        elif child.tag == _SDT:
            for content in child.iterchildren(_SDT_CONTENT):
                yield from _block_lines(content, document, tables)


def _assemble(blocks: list[_Block]) -> tuple[str, list[SourceGrid]]:
    """The lines joined by newlines, and each table's cells with their spans in that text."""
    lines: list[str] = []
    grids: dict[int, RowWriter] = {}
    pos = 0
    for block in blocks:
        if isinstance(block, str):
            lines.append(block)
        else:
            _, cells, number, row = block
            line = grids.setdefault(number, RowWriter()).row_line(row, cells, pos)
            lines.append(line)
        pos += len(lines[-1]) + 1
    return "\n".join(lines), [writer.grid for writer in grids.values()]


def read_docx(path: Path) -> str:
    """The body text of the .docx at `path`, one paragraph or table row per line."""
    return read_docx_tables(path)[0]


def read_docx_tables(path: Path) -> tuple[str, list[SourceGrid]]:
    """The body text of the .docx at `path` (one paragraph or table row per line) and its tables' cells."""
    document = _open(path)
    try:
        blocks = list(_block_lines(document.element.body, document, [0]))
    except _DAMAGE as exc:
        raise CorruptDocument(path, f"damaged .docx content ({type(exc).__name__}: {exc})") from exc
    return _assemble(blocks)
