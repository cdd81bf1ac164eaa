"""outline: the numbered heading tree, the document's metadata and its tables."""

from __future__ import annotations

from greentrack.models import Outline, ReadDocument
from greentrack.outline.lines import Line, compact, split_lines
from greentrack.outline.metadata import read_front_matter
from greentrack.outline.numbering import parse_number
from greentrack.outline.sections import build_sections, is_toc_line
from greentrack.outline.tables import find_tables

_TOP_STYLES = ("cn", "chapter")
_PROSE = 60


def front_matter_end(lines: list[Line]) -> int:
    """Index of the first line that opens the body: a top-level heading numbered 一 (not a TOC entry)."""
    for line in lines:
        number = parse_number(line.text.lstrip())
        if number and number.style in _TOP_STYLES and number.value == 1 and not is_toc_line(line.text):
            return line.number
    return len(lines)


def contents_end(lines: list[Line], body_start: int) -> int:
    """Where the body resumes after a table of contents (目录), else `body_start`.

    Contents entries are short lines; the body opens at the last top-level heading numbered 一
    before the first paragraph of prose.
    """
    label = next((line.number for line in lines if line.start >= body_start and _is_contents_label(lines, line)),
                 None)
    if label is None:
        return body_start
    prose = next((line.number for line in lines[label:] if _is_prose(line.text)), len(lines))
    for line in reversed(lines[label:prose]):
        number = parse_number(line.text.lstrip())
        if number and number.style in _TOP_STYLES and number.value == 1 and not is_toc_line(line.text):
            return line.start
    return body_start


def _is_contents_label(lines: list[Line], line: Line) -> bool:
    text = compact(line.text)
    if text == "目录":
        return True
    return text == "目" and line.number + 1 < len(lines) and compact(lines[line.number + 1].text) == "录"


def _is_prose(text: str) -> bool:
    return not is_toc_line(text) and (len(text.strip()) >= _PROSE or "。" in text)


def build_outline(doc: ReadDocument) -> Outline:
    """The outline of a read document: metadata, the heading tree and the tables rebuilt from text."""
    lines = split_lines(doc.text)
    front = read_front_matter(lines, front_matter_end(lines))
    body_start = contents_end(lines, front.body_start)
    tables = find_tables(lines, body_start)
    excluded = [(table.start, table.end) for table in tables]
    sections = build_sections(lines, len(doc.text), body_start, excluded)
    return Outline(metadata=front.metadata, sections=sections, tables=tables)


__all__ = ["build_outline"]
