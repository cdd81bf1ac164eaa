"""Open a plan file of any supported format and return its normalised text."""

from __future__ import annotations

from pathlib import Path

from greentrack import config
from greentrack.errors import (
    DocumentNotFound,
    EmptyDocument,
    FileTooLarge,
    ReadError,
    UndecodableText,
    UnsupportedFormat,
)
from greentrack.models import ReadDocument
from greentrack.read.normalise import normalise

SUPPORTED = (".txt", ".docx", ".pdf", ".html", ".htm")


def _decode_text(data: bytes, path: Path) -> tuple[str, str]:
    """Text and encoding of a .txt file: BOMs first, then strict UTF-8, then detection."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for encoding in ("gb18030",):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            pass
    raise UndecodableText(path, "not text in UTF-8, UTF-16 or GB18030 (is it a binary file?)")


def read_text(path: Path) -> tuple[str, str, str | None]:
    """Source text, format name and encoding of the file at `path`."""
    data = path.read_bytes()
    text, encoding = _decode_text(data, path)
    return text, "txt", encoding


def read_document(path: str | Path) -> ReadDocument:
    """Read the plan at `path` into a normalised `ReadDocument`."""
    path = Path(path)
    if not path.exists():
        raise DocumentNotFound(path, "no such file")
    if path.is_dir():
        raise ReadError(path, "is a folder, not a file")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise UnsupportedFormat(path, f"unknown file type '{suffix or '(none)'}' — greentrack reads "
                                      + ", ".join(SUPPORTED))
    limit_mb = config.get("max_file_mb")
    size = path.stat().st_size
    if size > limit_mb * 1024 * 1024:
        raise FileTooLarge(path, f"{size / 1024 / 1024:.1f} MB is over the {limit_mb:g} MB limit — raise it "
                                 f"with GREENTRACK_MAX_FILE_MB or max_file_mb in greentrack.toml")
    if size == 0:
        raise EmptyDocument(path, "the file is empty")
    source, fmt, encoding = read_text(path)
    text, offsets = normalise(source)
    if not text.strip():
        raise EmptyDocument(path, "the file holds no text")
    return ReadDocument(name=path.name, path=str(path), format=fmt, encoding=encoding,
                        source_text=source, text=text, offsets=offsets)
