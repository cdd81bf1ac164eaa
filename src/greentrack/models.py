"""Plain records passed between pipeline stages. Frozen dataclasses, no behaviour beyond views."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


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
    """A table rebuilt from text: column names and rows of cells, with the span it covers."""

    title: str | None
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    start: int
    end: int
    row_spans: tuple[tuple[int, int], ...] = ()
    row_groups: tuple[str | None, ...] = ()
    note: str | None = None  # the 注： line under the table, kept whole (it explains [ ] or --)


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
