"""Text layer of a PDF, page by page, with lines rebuilt from character baselines.

pdfplumber (on pdfminer.six) gives each character with its box. Its own `extract_text` groups
characters into lines by the top of their boxes; in Founder-typeset government documents the
digit fonts carry a wrong bounding box, so `２０２５` lands on a line of its own below the
sentence it belongs to. Grouping by baseline (the text matrix) keeps them in place.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfexceptions import PDFException
from pdfminer.psexceptions import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from greentrack.errors import CorruptDocument, NoTextLayer

# pdfminer logs a warning for every harmless quirk of real PDFs (missing CropBox, odd fonts);
# a reader must not spray them over the user's terminal.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

Char = dict[str, Any]
Box = tuple[float, float, float, float]

# Baselines closer than this share of the font size are one line (superscripts stay on theirs).
_SAME_LINE = 0.4
# A horizontal gap wider than this share of the font size is a space between words or cells.
_WORD_GAP = 0.25
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


def _cell_text(chars: list[Char]) -> str:
    """A table cell's lines run together: a narrow cell wraps `2022` as `2` over `022`."""
    text = ""
    for line in (_line_text(line) for line in _lines(chars)):
        if text and line and text[-1].isascii() and text[-1].isalpha() and line[0].isascii() and line[0].isalpha():
            text += " "  # two Latin words
        text += line
    return text


def _grid_tables(page: Any) -> list[Any]:
    """Ruled tables of two or more columns (a one-column box is a 专栏 of prose, read as text)."""
    return [table for table in page.find_tables()
            if max(sum(cell is not None for cell in row.cells) for row in table.rows) >= 2]


def _table_rows(table: Any, chars: list[Char]) -> Iterator[tuple[float, str]]:
    """(top, text) of each row of a ruled table: its cells' texts joined by a single space."""
    for row in table.rows:
        cells = [_cell_text([c for c in chars if _inside(c, box)]) for box in row.cells if box is not None]
        text = " ".join(cell for cell in cells if cell)
        if text:
            yield row.bbox[1], text


def _page_text(page: Any) -> str:
    """Upright text by rebuilt lines (ruled tables one row per line), then any rotated text."""
    page = page.dedupe_chars()  # fake bold draws each glyph twice
    upright = [c for c in page.chars if c.get("upright", True)]
    rotated = [c for c in page.chars if not c.get("upright", True)]
    tables = _grid_tables(page)
    boxes = [table.bbox for table in tables]
    placed: list[tuple[float, str]] = []
    for table in tables:
        placed.extend(_table_rows(table, [c for c in upright if _inside(c, table.bbox)]))
    flow = [c for c in upright if not any(_inside(c, box) for box in boxes)]
    placed.extend((_baseline(line[0]) - line[0]["size"], _line_text(line)) for line in _lines(flow))
    lines = [text for _, text in sorted(placed, key=lambda item: item[0])]
    if rotated:
        lines.append(pdfplumber.utils.extract_text(rotated))
    return "\n".join(line for line in lines if line)


def _pages(path: Path) -> Iterator[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pdfplumber.open(path) as pdf:
            if not pdf.pages:
                raise CorruptDocument(path, "the PDF has no pages")
            for page in pdf.pages:
                yield _page_text(page)
                page.close()  # drop the page's parsed objects: long plans stay in little memory


def read_pdf(path: Path) -> str:
    """The text layer of the PDF at `path`, pages joined by a newline."""
    _check_envelope(path)
    try:
        pages = list(_pages(path))
    except _DAMAGE as exc:
        cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
        if isinstance(cause, _LOCKED):
            raise CorruptDocument(path, "the PDF is password-protected — save an unprotected copy") from exc
        raise CorruptDocument(path, f"damaged PDF ({type(cause).__name__}: {cause}) — open it in a PDF "
                                    "viewer and save or print it to a new PDF") from exc
    if not any(text.strip() for text in pages):
        raise NoTextLayer(path, f"has no text layer — it is a scan; run OCR first (none of its "
                                f"{len(pages)} pages has text)")
    return "\n".join(pages)
