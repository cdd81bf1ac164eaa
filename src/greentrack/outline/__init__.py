"""outline: the numbered heading tree, the document's metadata and its tables."""

from __future__ import annotations

from greentrack.models import Outline, ReadDocument, Table
from greentrack.outline.aligned import aligned_grids
from greentrack.outline.grid_tables import tables_of_grids
from greentrack.outline.lines import Line, compact, split_lines
from greentrack.outline.metadata import read_front_matter
from greentrack.outline.numbering import parse_number
from greentrack.outline.rebuild import rebuild_grids
from greentrack.outline.sections import build_sections, is_toc_line
from greentrack.outline.tables import find_tables

_TOP_STYLES = ("cn", "chapter")
_PROSE = 60


def body_openings(lines: list[Line]) -> list[int]:
    """Indices of the lines that may open the body: top-level headings numbered 一 (not TOC entries)."""
    openings: list[int] = []
    for line in lines:
        number = parse_number(line.text.lstrip())
        if number and number.style in _TOP_STYLES and number.value == 1 and not is_toc_line(line.text):
            openings.append(line.number)
    return openings


def contents_end(lines: list[Line], body_start: int) -> int:
    """Where the body resumes after a table of contents (目录), else `body_start`.

    Contents entries end in leaders or page numbers; the body opens at the first top-level heading
    numbered 一 among the plain lines just before the first paragraph of prose.
    """
    label = next((line.number for line in lines if line.start >= body_start and _is_contents_label(lines, line)),
                 None)
    if label is None:
        return body_start
    prose = next((line.number for line in lines[label:] if _is_prose(line.text)), len(lines))
    opening = body_start
    for line in reversed(lines[label + 1:prose]):
        if is_toc_line(line.text):
            break
        number = parse_number(line.text.lstrip())
        if number and number.style in _TOP_STYLES and number.value == 1:
            opening = line.start
    return opening


def _is_contents_label(lines: list[Line], line: Line) -> bool:
    text = compact(line.text)
    if text == "目录":
        return True
    return text == "目" and line.number + 1 < len(lines) and compact(lines[line.number + 1].text) == "录"


def _is_prose(text: str) -> bool:
    return not is_toc_line(text) and (len(text.strip()) >= _PROSE or "。" in text)


def _tables(doc: ReadDocument, lines: list[Line], body_start: int) -> tuple[Table, ...]:
    """Tables from the document's cells, then cell-per-line tables rebuilt from the text, then tables whose
    rows keep their cells on one line, then tables read from rows of text where none of those stands."""
    tables = tables_of_grids(doc.grids, lines)
    taken = [(t.start, t.end) for t in tables]
    tables += tables_of_grids(rebuild_grids(doc, taken), lines)
    taken = [(t.start, t.end) for t in tables]
    tables += tables_of_grids(aligned_grids(lines, body_start, taken), lines)
    taken = [(t.start, t.end) for t in tables]
    tables += [t for t in find_tables(lines, body_start) if not any(s < t.end and t.start < e for s, e in taken)]
    return tuple(sorted(tables, key=lambda t: t.start))


def build_outline(doc: ReadDocument) -> Outline:
    """The outline of a read document: metadata, the heading tree and the tables rebuilt from text."""
    lines = split_lines(doc.text)
    front = read_front_matter(lines, body_openings(lines))
    body_start = contents_end(lines, front.body_start)
    tables = _tables(doc, lines, body_start)
    excluded = [(table.start, table.end) for table in tables]
    sections = build_sections(lines, len(doc.text), body_start, excluded)
    return Outline(metadata=front.metadata, sections=sections, tables=tables)


__all__ = ["build_outline"]
