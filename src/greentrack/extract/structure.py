"""The shape of the text the extractor walks: paragraphs, sentences, headings and section paths.

The outline stage owns the real heading tree; when it has produced sections they are used as
they are. Until then (or for a document it could not outline) a light heading scan here gives
each paragraph a path, so that past-period sections ("十三五"成效) can be skipped and targets
still carry a section.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from greentrack.models import Outline
from greentrack.read.normalise import ENUMERATION_RE

HEADING_RE = re.compile(
    r"""^(?:
        (?P<l0>第[一二三四五六七八九十百零〇\d]+[章节部分篇])\s*
      | (?P<l1>[一二三四五六七八九十]{1,3}[、.．])
      | (?P<l2>[（(][一二三四五六七八九十]{1,3}[)）])
      | (?P<l3>\d{1,2}(?:[、．]|\.(?!\d)))
      | (?P<l4>[（(]\d{1,2}[)）])
      | (?P<l5>[①-⑳])
    )""",
    re.VERBOSE,
)
_LEVELS = {"l0": 0, "l1": 1, "l2": 2, "l3": 3, "l4": 4, "l5": 5}
# Headings that introduce what the past period achieved: nothing under them is a target.
PAST_TITLE_RE = re.compile(
    r"成效|成就|成绩|回顾|发展基础|工作基础|现实基础|发展现状|基本情况|十三五.{0,6}(?:进展|情况|总结)|测算|预测"
)
SENTENCE_END = "。！？!?"


@dataclass(frozen=True)
class Paragraph:
    """One line of the normalised text: a paragraph, a heading, a table cell or a note."""

    start: int
    end: int
    text: str
    number_end: int  # offset (in the paragraph) just past a heading number, 0 when none
    body_start: int  # offset just past an inline heading title ("（一）标题。正文…"), else number_end


@dataclass(frozen=True)
class Heading:
    """A heading found by the fallback scan."""

    start: int
    level: int
    title: str


def paragraphs(text: str) -> list[Paragraph]:
    """The non-blank lines of `text` with their offsets and heading numbers."""
    result: list[Paragraph] = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        if not line.strip():
            continue
        head = _heading_number(line)
        number_end = head.end() if head else 0
        body_start = number_end
        if head:
            stop = line.find("。", number_end)
            if 0 < stop - number_end <= 40:
                body_start = stop + 1
        result.append(Paragraph(m.start(), m.end(), line, number_end, body_start))
    return result


def _heading_number(line: str) -> re.Match[str] | None:
    """The heading number opening `line`; a numeral list ("一、二星级…") is none."""
    if ENUMERATION_RE.match(line):
        return None
    return HEADING_RE.match(line)


def heading_of(paragraph: Paragraph) -> tuple[int, str] | None:
    """(level, title) when the paragraph is or starts with a numbered heading."""
    head = _heading_number(paragraph.text)
    if not head:
        return None
    level = next(_LEVELS[k] for k, v in head.groupdict().items() if v)
    rest = paragraph.text[head.end():].strip()
    stop = rest.find("。")
    if 0 < stop <= 40:
        title = rest[:stop]
    elif len(rest) <= 40:
        title = rest.rstrip("。：:")
    else:
        return None
    return (level, title) if title else None


class SectionIndex:
    """Section paths by offset: the outline's when it has sections, else the fallback scan's."""

    def __init__(self, outline: Outline, paras: list[Paragraph], skip: set[int] | None = None) -> None:
        self._outline = outline if outline.sections else None
        self._starts: list[int] = []
        self._paths: list[tuple[str, ...]] = []
        if self._outline is None:
            self._scan(paras, skip or set())

    def _scan(self, paras: list[Paragraph], skip: set[int]) -> None:
        stack: list[tuple[int, str]] = []
        for para in paras:
            if para.start in skip:
                continue
            found = heading_of(para)
            if found is None:
                continue
            level, title = found
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, title))
            self._starts.append(para.start)
            self._paths.append(tuple(t for _, t in stack))

    def path_at(self, offset: int) -> tuple[str, ...]:
        """The heading titles above `offset`, outermost first."""
        if self._outline is not None:
            section = self._outline.section_at(offset)
            return tuple(section.path) if section else ()
        i = bisect_right(self._starts, offset) - 1
        return self._paths[i] if i >= 0 else ()

    def in_past_section(self, offset: int) -> bool:
        """True when a heading above `offset` introduces past achievements."""
        return any(PAST_TITLE_RE.search(title) for title in self.path_at(offset))


def sentence_spans(text: str, start: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph from `start`, the end past its full stop."""
    spans = []
    pos = start
    for m in re.finditer(rf"[{SENTENCE_END}]", text):
        if m.start() < start:
            continue
        spans.append((pos, m.end()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans
