"""Open a plan file of any supported format and return its normalised text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from greentrack import config
from greentrack.errors import (
    DocumentNotFound,
    EmptyDocument,
    FileTooLarge,
    ReadError,
    UnsupportedFormat,
)
from greentrack.models import ReadDocument
from greentrack.read.charsets import decode_bytes
from greentrack.read.normalise import normalise
from greentrack.read.pdf import read_pdf
from greentrack.read.webpage import read_html
from greentrack.read.word import read_docx

SUPPORTED = (".txt", ".docx", ".pdf", ".html", ".htm")

# Source text, format name, encoding (None where the container fixes it).
Extracted = tuple[str, str, str | None]


def _txt(path: Path) -> Extracted:
    text, encoding = decode_bytes(path.read_bytes(), path)
    return text, "txt", encoding


def _docx(path: Path) -> Extracted:
    return read_docx(path), "docx", None


def _pdf(path: Path) -> Extracted:
    return read_pdf(path), "pdf", None


def _html(path: Path) -> Extracted:
    text, encoding = read_html(path)
    return text, "html", encoding


_READERS: dict[str, Callable[[Path], Extracted]] = {
    ".txt": _txt, ".docx": _docx, ".pdf": _pdf, ".html": _html, ".htm": _html,
}


def read_text(path: Path) -> Extracted:
    """Source text, format name and encoding of the file at `path` (any supported format)."""
    return _READERS[path.suffix.lower()](path)


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
    source, fmt, encoding = read_text(path)
    text, offsets = normalise(source)
    if not text.strip():
        raise EmptyDocument(path, "the file holds no text")
    return ReadDocument(name=path.name, path=str(path), format=fmt, encoding=encoding,
                        source_text=source, text=text, offsets=offsets)
