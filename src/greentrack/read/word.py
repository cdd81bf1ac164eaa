"""Text of a .docx: body paragraphs and tables in document order, one table row per line."""

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


def _row_text(row: _Element, table: Table) -> str:
    """The cells of one table row, each cell's paragraphs joined, cells joined by a single space.

    Iterates the row's own w:tc elements rather than `row.cells`, which repeats a merged cell's
    text in every grid column and every row it spans.
    """
    cells = (_Cell(tc, table).text.replace("\n", " ").strip() for tc in row.iterchildren(_TC))
    return " ".join(cell for cell in cells if cell)


def _table_lines(element: _Element, document: Document) -> Iterator[str]:
    table = Table(element, document)  # type: ignore[arg-type]
    for row in table._tbl.tr_lst:
        yield _row_text(row, table)


def _block_lines(parent: _Element, document: Document) -> Iterator[str]:
    """Lines of the body's paragraphs and tables in document order (content controls opened)."""
    for child in parent.iterchildren():
        if child.tag == _P:
            yield Paragraph(child, document).text  # type: ignore[arg-type]
        elif child.tag == _TBL:
            yield from _table_lines(child, document)
        elif child.tag == _SDT:
            for content in child.iterchildren(_SDT_CONTENT):
                yield from _block_lines(content, document)


def read_docx(path: Path) -> str:
    """The body text of the .docx at `path`, one paragraph or table row per line."""
    document = _open(path)
    try:
        lines = list(_block_lines(document.element.body, document))
    except _DAMAGE as exc:
        raise CorruptDocument(path, f"damaged .docx content ({type(exc).__name__}: {exc})") from exc
    return "\n".join(lines)
