"""Plain records passed between pipeline stages. Frozen dataclasses, no behaviour beyond views."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    """One cell of a table grid and its span in the normalised text.

    `row`/`col` is where the cell begins; a merged cell covers `rows` × `cols` grid positions and
    appears at each of them. A cell read from the document's structure has `text == text[start:end]`
    of the normalised text, except a cell a page break cut in two, which joins its parts in `text`
    and spans from the first to the last; a cell rebuilt from pieces of plain text (a label and its
    unit printed apart) joins the pieces in `text` and spans them. An empty position is a cell with
    `text == ""` and `start == end`.
    """

    text: str
    start: int
    end: int
    row: int
    col: int
    rows: int = 1
    cols: int = 1


@dataclass(frozen=True)
class Grid:
    """A table as rows × columns of cells: from a Word, HTML or ruled PDF table, or rebuilt from text.

    `rows[r][c]` is the cell at row r, column c (every row has the same number of positions).
    `rebuilt` marks a grid reconstructed from plain-text lines (cells one per line, as pdftotext
    writes them) rather than read from the document's structure; `doubts` says what the
    reconstruction guessed (codes of extract/confidence.py).
    """

    rows: tuple[tuple[Cell, ...], ...]
    start: int
    end: int
    rebuilt: bool = False
    doubts: tuple[str, ...] = ()
    caption: str | None = None  # the caption a rebuild read with the table (a structural grid has none)
    caption_start: int | None = None  # where that caption starts in the text

    def is_origin(self, row: int, col: int) -> bool:
        """Whether the cell at (row, col) begins there (not a position a merged cell spans into)."""
        cell = self.rows[row][col]
        return cell.row == row and cell.col == col


@dataclass(frozen=True)
class ReadDocument:
    """A document read into one normalised text with a map back to the source text.

    `source_text` is the text as the format gave it (decoded .txt, .docx paragraphs, PDF text
    layer, HTML article body); `text` is the normalised text; `offsets[i]` is the index in
    `source_text` of `text[i]`, and `offsets[len(text)]` is `len(source_text)`.
    """

    name: str
    path: str
    format: str
    encoding: str | None
    source_text: str
    text: str
    offsets: Sequence[int] = field(repr=False)  # a tuple, or the reader's compact Offsets array
    # Tables the format gave as cells (Word, HTML, ruled PDF tables), spans in `text`; none for .txt.
    grids: tuple[Grid, ...] = field(default=(), repr=False)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of `source_text` that `text[start:end]` came from."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


@dataclass(frozen=True)
class Section:
    """One numbered heading of the outline and the span of text it governs.

    `start` is the heading line's start, `end` the start of the next heading of the same or a
    higher level, `heading_end` where the heading itself ends (after the 。 that closes a title
    running on into its paragraph), so `text[heading_end:end]` is the section's own body.
    """

    id: int
    level: int
    number: str
    title: str
    start: int
    end: int
    heading_end: int
    parent: int | None
    path: tuple[str, ...]


@dataclass(frozen=True)
class Metadata:
    """What a document says about itself."""

    title: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    issue_date: str | None = None
    jurisdiction: str | None = None
    level: str | None = None


@dataclass(frozen=True)
class Table:
    """A table: column names and rows of cells, with the span it covers.

    Tables found in the text have `columns`, `rows` and `row_spans` only; tables with a `grid`
    (read from the document's cells, or rebuilt from cell-per-line text) also fill those views
    from it (`columns` from the header rows, `rows` from the body rows).
    """

    title: str | None
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    start: int
    end: int
    row_spans: tuple[tuple[int, int], ...] = ()
    row_groups: tuple[str | None, ...] = ()
    note: str | None = None  # the 注： line under the table, kept whole (it explains [ ] or --)
    grid: Grid | None = None  # the cells row by row (header rows included) where structure or a rebuild gave them
    unit: str | None = None  # a unit the caption gives for every value (单位：万平方米)


@dataclass(frozen=True)
class Outline:
    """The structure of one document: metadata, the heading tree (flat, in order) and tables."""

    metadata: Metadata
    sections: tuple[Section, ...]
    tables: tuple[Table, ...]

    def section_at(self, offset: int) -> Section | None:
        """The deepest section whose span contains `offset`."""
        best: Section | None = None
        for section in self.sections:
            if section.start <= offset < section.end and (best is None or section.level > best.level):
                best = section
        return best


@dataclass(frozen=True)
class Target:
    """One quantitative commitment, with every field of shared/spec/targets.md and its span."""

    id: str
    doc: str
    indicator: str
    comparator: str
    value: float
    unit: str
    year: int | None
    deadline: str | None
    kind: str
    reference_year: int | None
    baseline_value: float | None
    baseline_year: int | None
    scope: str | None
    aspirational: bool
    binding: str | None
    departments: tuple[str, ...]
    lead_departments: tuple[str, ...]
    section: tuple[str, ...]
    quote: str
    start: int
    end: int
    # How sure the extractor is (extract/confidence.py), and the reasons it is less than sure.
    confidence: float = 1.0
    doubts: tuple[str, ...] = ()
    # The first year of the period the plan states ("“十四五”期间" → 2021, "2023—2025年" → 2023), else None.
    period_start: int | None = None


@dataclass(frozen=True)
class Task:
    """A qualitative commitment with a deadline and no number (2023年10月底前全面完成…)."""

    id: str
    doc: str
    text: str
    year: int | None
    deadline: str | None
    departments: tuple[str, ...]
    lead_departments: tuple[str, ...]
    section: tuple[str, ...]
    quote: str
    start: int
    end: int
