"""Text layer of a PDF, page by page, with lines rebuilt from character baselines.

pdfplumber (on pdfminer.six) gives each character with its box. Its own `extract_text` groups
characters into lines by the top of their boxes; in Founder-typeset government documents the
digit fonts carry a wrong bounding box, so `２０２５` lands on a line of its own below the
sentence it belongs to. Grouping by baseline (the text matrix) keeps them in place.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfexceptions import PDFException
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from pdfminer.psexceptions import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from greentrack import config
from greentrack.errors import CorruptDocument, NoTextLayer, OverLimit
from greentrack.read.grids import SourceGrid
from greentrack.read.pdf_grids import Piece, chain_pieces, grid_of

# pdfminer logs a warning for every harmless quirk of real PDFs (missing CropBox, odd fonts);
# a reader must not spray them over the user's terminal.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

Char = dict[str, Any]
Box = tuple[float, float, float, float]

# Baselines closer than this share of the font size are one line (superscripts stay on theirs).
_SAME_LINE = 0.4
# A horizontal gap wider than this share of the font size is a space between words or cells.
_WORD_GAP = 0.25
# Page numbers and footer marks: the only text a table broken over pages may have below or above it.
_FURNITURE_RE = re.compile(r"[\s\d第页共/\-—－–一_~·]*")
# A line of digits in a font under this share of the cell's largest is a superscript mark.
_MARK_SIZE = 0.7
# Where the end-of-file marker must be: the last kilobyte, by the PDF standard (with slack).
_EOF_WINDOW = 2048

# pdfplumber wraps pdfminer's errors in PdfminerException; a few parser paths still leak plain
# Python errors on damaged objects.
_DAMAGE = (PdfminerException, MalformedPDFException, PDFException, PSException, ValueError, KeyError,
           TypeError, AttributeError, IndexError, AssertionError, OSError, RecursionError)
_LOCKED = (PDFPasswordIncorrect, PDFEncryptionError)


def _check_envelope(path: Path) -> None:
    """CorruptDocument unless the file starts like a PDF and still has its end marker."""
    with path.open("rb") as handle:
        head = handle.read(1024)
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(0, size - _EOF_WINDOW))
        tail = handle.read()
    if b"%PDF-" not in head:
        raise CorruptDocument(path, "not a PDF (no %PDF- header) — check that the file is what its name says")
    if b"%%EOF" not in tail:
        raise CorruptDocument(path, "the PDF is truncated (no %%EOF end marker) — download or copy it again")


def _baseline(char: Char) -> float:
    """Distance of the character's baseline from the page top (same axis as `top`)."""
    # `y1` and the matrix's translation share PDF space, whose y axis runs opposite to `top`.
    return float(char["top"] + (char["y1"] - char["matrix"][5]))


def _lines(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped into lines by baseline, top to bottom, each line left to right."""
    ordered = sorted(chars, key=_baseline)
    lines: list[list[Char]] = []
    last = None
    for char in ordered:
        base = _baseline(char)
        if last is not None and base - last <= _SAME_LINE * max(char["size"], 1.0):
            lines[-1].append(char)
        else:
            lines.append([char])
        last = base
    return [sorted(line, key=lambda c: c["x0"]) for line in lines]


def _line_text(line: list[Char]) -> str:
    """The characters of one line, with a single space wherever the gap is a word or cell gap."""
    parts: list[str] = []
    right = None
    for char in line:
        text = char["text"]
        if right is not None and char["x0"] - right > _WORD_GAP * max(char["size"], 1.0):
            parts.append(" ")
        parts.append(text)
        right = char["x1"] if not text.isspace() else right
    return "".join(parts).strip()


def _inside(char: Char, box: Box) -> bool:
    middle_x, middle_y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return box[0] <= middle_x <= box[2] and box[1] <= middle_y <= box[3]


def _mark(line: list[Char], size: float) -> bool:
    """A note or column-number mark: digits set in a much smaller font than the cell's text."""
    return all(c["size"] < _MARK_SIZE * size and c["text"].isdigit() for c in line)


def _cell_text(chars: list[Char]) -> str:
    """A table cell's lines run together: a narrow cell wraps `2022` as `2` over `022`. A superscript mark
    (a column number printed over `2025年`) follows the text after a space instead of running into it."""
    lines = _lines(chars)
    size = max((c["size"] for c in chars), default=0.0)
    marks = [_line_text(line) for line in lines if _mark(line, size)]
    text = ""
    for line in (_line_text(line) for line in lines if not _mark(line, size)):
        if text and line and text[-1].isascii() and text[-1].isalpha() and line[0].isascii() and line[0].isalpha():
            text += " "  # two Latin words
        text += line
    return " ".join([text, *marks]) if text else " ".join(marks)


def _grid_tables(page: Any) -> list[Any]:
    """Ruled tables of two or more columns (a one-column box is a 专栏 of prose, read as text)."""
    return [table for table in page.find_tables()
            if max(sum(cell is not None for cell in row.cells) for row in table.rows) >= 2]


_RowCell = tuple[Box, int, int, str]  # a cell's box, the span of its text in the row's line, the text


def _table_rows(table: Any, chars: list[Char]) -> Iterator[tuple[float, str, list[_RowCell]]]:
    """(top, text, cells) of each row of a ruled table: the cells' texts joined by a single space, and
    each cell's box with its span in that text (an empty cell spans nothing where it stands)."""
    for row in table.rows:
        parts: list[str] = []
        cells: list[_RowCell] = []
        pos = 0
        for box in row.cells:
            if box is None:
                continue  # a merged cell's other positions
            text = _cell_text([c for c in chars if _inside(c, box)])
            if pos and text:
                parts.append(" ")
                pos += 1
            cells.append((tuple(box), pos, pos + len(text), text))
            parts.append(text)
            pos += len(text)
        yield row.bbox[1], "".join(parts), cells


def _furniture(text: str) -> bool:
    """A page number or footer mark (—13—, 第 2 页 共 9 页): nothing that belongs to the body."""
    return _FURNITURE_RE.fullmatch(text) is not None


def _page_text(page: Any, number: int) -> tuple[str, list[Piece]]:
    """Upright text by rebuilt lines (ruled tables one row per line), then any rotated text; and the
    page's ruled tables with their cells' spans in that text."""
    page = page.dedupe_chars()  # fake bold draws each glyph twice
    upright = [c for c in page.chars if c.get("upright", True)]
    rotated = [c for c in page.chars if not c.get("upright", True)]
    tables = _grid_tables(page)
    boxes = [table.bbox for table in tables]
    placed: list[tuple[float, str, list[_RowCell] | None, int]] = []
    for index, table in enumerate(tables):
        placed.extend((top, text, cells, index)
                      for top, text, cells in _table_rows(table, [c for c in upright if _inside(c, table.bbox)]))
    flow = [c for c in upright if not any(_inside(c, box) for box in boxes)]
    flow_lines = [(_baseline(line[0]) - line[0]["size"], _line_text(line)) for line in _lines(flow)]
    placed.extend((top, text, None, -1) for top, text in flow_lines)
    pieces = [Piece(number, tuple(table.bbox)) for table in tables]
    lines: list[str] = []
    pos = 0
    for _, text, cells, index in sorted(placed, key=lambda item: item[0]):
        for box, start, end, cell in cells or ():
            pieces[index].cells.append((box, pos + start, pos + end))
            pieces[index].texts.append(cell)
        if text:
            lines.append(text)
            pos += len(text) + 1
    if rotated:
        lines.append(pdfplumber.utils.extract_text(rotated))
    body = [top for top, text in flow_lines if not _furniture(text)]
    for piece in pieces:
        above = [b for b in boxes if b[3] <= piece.bbox[1]]
        below = [b for b in boxes if b[1] >= piece.bbox[3]]
        piece.alone_top = not above and all(top >= piece.bbox[1] for top in body)
        piece.alone_bottom = not below and all(top <= piece.bbox[3] for top in body)
    return "\n".join(line for line in lines if line), pieces


def _check_pages(path: Path, count: int) -> None:
    limit = int(config.get("max_pages"))
    if count > limit:
        raise OverLimit(path, f"the PDF has {count:,} pages, over the limit of {limit:,} (setting max_pages, "
                              "GREENTRACK_MAX_PAGES) — split it, or raise the limit")


def _declared_pages(path: Path) -> int:
    """The page count the PDF's catalog declares (/Pages /Count): read in milliseconds, where listing the pages
    themselves takes a second per thousand; 0 when it cannot be read (the reader then says why)."""
    try:
        with path.open("rb") as handle:
            document = PDFDocument(PDFParser(handle))
            count = resolve1(resolve1(document.catalog.get("Pages")).get("Count"))
    except (*_DAMAGE, *_LOCKED):
        return 0
    return count if isinstance(count, int) else 0


def _pages(path: Path) -> Iterator[tuple[str, list[Piece]]]:
    _check_pages(path, _declared_pages(path))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pdfplumber.open(path) as pdf:
            _check_pages(path, len(pdf.pages))  # the page tree, walked: a /Count that lied is caught here
            if not pdf.pages:
                raise CorruptDocument(path, "the PDF has no pages")
            for number, page in enumerate(pdf.pages):
                yield _page_text(page, number)
                page.close()  # drop the page's parsed objects: long plans stay in little memory


def read_pdf(path: Path) -> str:
    """The text layer of the PDF at `path`, pages joined by a newline."""
    return read_pdf_tables(path)[0]


def read_pdf_tables(path: Path) -> tuple[str, list[SourceGrid]]:
    """The text layer of the PDF at `path` (pages joined by a newline) and its ruled tables as grids
    of cells, a table broken over pages joined into one."""
    _check_envelope(path)
    try:
        pages = list(_pages(path))
    except _DAMAGE as exc:
        cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
        if isinstance(cause, _LOCKED):
            raise CorruptDocument(path, "the PDF is password-protected — save an unprotected copy") from exc
        raise CorruptDocument(path, f"damaged PDF ({type(cause).__name__}: {cause}) — open it in a PDF "
                                    "viewer and save or print it to a new PDF") from exc
    if not any(text.strip() for text, _ in pages):
        raise NoTextLayer(path, f"has no text layer — it is a scan; run OCR first (none of its "
                                f"{len(pages)} pages has text)")
    pieces: list[Piece] = []
    at = 0
    for text, found in pages:
        for piece in found:
            piece.cells = [(box, start + at, end + at) for box, start, end in piece.cells]
        pieces.extend(found)
        at += len(text) + 1
    return "\n".join(text for text, _ in pages), [grid_of(chain) for chain in chain_pieces(pieces)]
