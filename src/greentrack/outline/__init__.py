"""outline: the numbered heading tree, the document's metadata and its tables."""

from __future__ import annotations

from greentrack.models import Outline, ReadDocument
from greentrack.outline.lines import split_lines
from greentrack.outline.metadata import read_front_matter
from greentrack.outline.numbering import parse_number
from greentrack.outline.sections import build_sections, is_toc_line
from greentrack.outline.tables import find_tables

_TOP_STYLES = ("cn", "chapter")


def front_matter_end(lines: list) -> int:
    """Index of the first line that opens the body: a top-level heading numbered 一 (not a TOC entry)."""
    for line in lines:
        number = parse_number(line.text.lstrip())
        if number and number.style in _TOP_STYLES and number.value == 1 and not is_toc_line(line.text):
            return line.number
    return len(lines)


def build_outline(doc: ReadDocument) -> Outline:
    """The outline of a read document: metadata, the heading tree and the tables rebuilt from text."""
    lines = split_lines(doc.text)
    front = read_front_matter(lines, front_matter_end(lines))
    tables = find_tables(lines, front.body_start)
    excluded = [(table.start, table.end) for table in tables]
    sections = build_sections(lines, len(doc.text), front.body_start, excluded)
    return Outline(metadata=front.metadata, sections=sections, tables=tables)


__all__ = ["build_outline"]
