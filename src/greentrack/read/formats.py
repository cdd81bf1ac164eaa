"""Open a plan file of any supported format and return its normalised text (and its tables' cells)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from greentrack import config
from greentrack.errors import (
    DocumentNotFound,
    EmptyDocument,
    FileTooLarge,
    OverLimit,
    ReadError,
    UnsupportedFormat,
)
from greentrack.models import ReadDocument
from greentrack.read.charsets import decode_bytes
from greentrack.read.grids import SourceGrid, to_grid
from greentrack.read.normalise import normalise

SUPPORTED = (".txt", ".docx", ".pdf", ".html", ".htm")

# Source text, format name, encoding (None where the container fixes it).
Extracted = tuple[str, str, str | None]
# … and the tables the format gave as cells (spans in the source text).
_Read = tuple[str, str, str | None, list[SourceGrid]]


def _txt(path: Path) -> _Read:
    text, encoding = decode_bytes(path.read_bytes(), path)
    return text, "txt", encoding, []


# each format's reader (pdfplumber, python-docx, BeautifulSoup) is imported when a file of it is read: a command
# that reads no plan does not pay for them

def _docx(path: Path) -> _Read:
    from greentrack.read.word import read_docx_tables

    text, grids = read_docx_tables(path)
    return text, "docx", None, grids


def _pdf(path: Path) -> _Read:
    from greentrack.read.pdf import read_pdf_tables

    text, grids = read_pdf_tables(path)
    return text, "pdf", None, grids


def _html(path: Path) -> _Read:
    from greentrack.read.webpage import read_html_tables

    text, encoding, grids = read_html_tables(path)
    return text, "html", encoding, grids


_READERS: dict[str, Callable[[Path], _Read]] = {
    ".txt": _txt, ".docx": _docx, ".pdf": _pdf, ".html": _html, ".htm": _html,
}


def read_text(path: Path) -> Extracted:
    """Source text, format name and encoding of the file at `path` (any supported format)."""
    text, fmt, encoding, _ = _READERS[path.suffix.lower()](path)
    return text, fmt, encoding


def _check_file(path: Path) -> None:
    """ReadError unless `path` is an existing, supported, non-empty file within the size limit."""
    if not path.exists():
        raise DocumentNotFound(path, "no such file — check the path")
    if path.is_dir():
        raise ReadError(path, "is a folder, not a file")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise UnsupportedFormat(path, f"unknown file type '{suffix or '(none)'}' — greentrack reads "
                                      + ", ".join(SUPPORTED))
    limit_mb = config.get("max_file_mb")
    size = path.stat().st_size
    if size > limit_mb * 1024 * 1024:
        raise FileTooLarge(path, f"{_megabytes(size)} is over the {limit_mb:g} MB limit — raise it with "
                                 "GREENTRACK_MAX_FILE_MB or max_file_mb in greentrack.toml")
    if size == 0:
        raise EmptyDocument(path, "the file is empty (0 bytes)")


def _megabytes(size: int) -> str:
    """`size` in MB, with enough digits that a small file does not read as 0.0 MB."""
    mb = size / 1024 / 1024
    return f"{mb:.1f} MB" if mb >= 0.1 else f"{mb:.4f} MB ({size} bytes)"


def read_document(path: str | Path) -> ReadDocument:
    """Read the plan at `path` into a normalised `ReadDocument`."""
    path = Path(path)
    _check_file(path)
    source, fmt, encoding, found = _READERS[path.suffix.lower()](path)
    limit = int(config.get("max_characters"))
    if len(source) > limit:  # before outlining and extracting, whose time grows with the text
        raise OverLimit(path, f"{len(source):,} characters of text, over the limit of {limit:,} (setting "
                              "max_characters, GREENTRACK_MAX_CHARACTERS) — split the document, or raise the limit")
    text, offsets = normalise(source)
    if not text.strip():
        raise EmptyDocument(path, "the file holds no text")
    grids = tuple(grid for grid in (to_grid(g, offsets, text) for g in found) if grid is not None)
    return ReadDocument(name=path.name, path=str(path), format=fmt, encoding=encoding,
                        source_text=source, text=text, offsets=offsets, grids=grids)
