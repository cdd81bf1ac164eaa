"""The numbered heading tree: which lines are headings, their levels, parents, spans and paths.

A line is a heading when it opens with a heading number (see `numbering`) and that number keeps
the counters sane: it continues its sibling sequence (二 after 一), or starts a new one at 一/1
under a new parent, or continues a numbering that runs on across parents (（三） under 二、 after
（二） under 一、). Levels come from the order in which the numbering styles first appear. 专栏
boxes are numbered through the document and sit one level below the section they appear in;
they end at the next heading of any level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from greentrack.models import Section
from greentrack.outline.lines import Line, compact, squeeze, strip_trailing_punct
from greentrack.outline.numbering import Number, cn_to_int, parse_number

# A table-of-contents entry: dotted leaders, or a title followed by a bare page number.
_TOC_RE = re.compile(r"(\.{4,}|…{2,}|·{4,}|-{6,}|_{6,})\s*\d*\s*$|(?<=[\u4e00-\u9fff）)”])\s*\d{1,3}$")
_HAS_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_BOX = "box"
# A heading's own text is at most this long; a longer line without 。 is prose after a list marker.
_MAX_TITLE = 80
_MAX_BARE_TITLE = 30
_BARE_NUMERAL_RE = re.compile(r"^[一二三四五六七八九十]{1,3}$")
_JOINED_NUMERAL_RE = re.compile(
    r"^(?P<n>[一二三四五六七八九十]{1,2})(?P<title>[\u4e00-\u9fff“][^一二三四五六七八九十是].*)$")
# OCR and careless typing lose a number now and then: one missing number is tolerated.
_GAP = 2


@dataclass(frozen=True)
class Candidate:
    """A line that opens with a heading number, before the counters have judged it."""

    line: Line
    number: Number
    title: str
    heading_end: int


@dataclass
class _Open:
    """A heading accepted so far, while the tree is being built."""

    id: int
    level: int
    candidate: Candidate
    parent: int | None
    children_last: dict[str, int] = field(default_factory=dict)


def heading_title(text: str, number_length: int) -> tuple[str, int]:
    """The title of a heading line and the index in the line where the heading ends.

    The heading ends at the first 。 when the line runs on into a paragraph, else at the line end.
    """
    rest = text[number_length:]
    stop = rest.find("。")
    end = number_length + stop + 1 if stop >= 0 else len(text)
    title = rest[:stop] if stop >= 0 else rest
    return strip_trailing_punct(squeeze(title)), end


def is_toc_line(text: str) -> bool:
    """Whether a line is a table-of-contents entry (dotted leaders to a page number)."""
    # anchored at the end: searching the tail alone spares a scan of every start in a long line
    return bool(_TOC_RE.search(text.rstrip()[-64:]))


def _bare_numeral(lines: list[Line], index: int) -> Candidate | None:
    """`二` alone on a line and the title on the next (or run into it): OCR lost the 、."""
    text = lines[index].stripped
    joined = _JOINED_NUMERAL_RE.match(text)
    if joined and len(text) <= _MAX_BARE_TITLE and not re.search(r"[。，；：]", text):
        value = cn_to_int(joined["n"])
        if value is None:
            return None
        number = Number(style="cn", value=value, label=f"{joined['n']}、", length=len(joined["n"]))
        return Candidate(lines[index], number, strip_trailing_punct(squeeze(joined["title"])), lines[index].end)
    if not _BARE_NUMERAL_RE.match(text) or index + 1 >= len(lines):
        return None
    following = lines[index + 1]
    title = strip_trailing_punct(squeeze(following.text))
    if not _HAS_CJK_RE.match(title) or parse_number(following.stripped) or len(title) > _MAX_BARE_TITLE \
            or "。" in title:
        return None
    value = cn_to_int(text)
    if value is None:
        return None
    number = Number(style="cn", value=value, label=f"{compact(text)}、", length=len(text))
    return Candidate(lines[index], number, title, following.end)


def find_candidates(lines: list[Line], body_start: int, excluded: list[tuple[int, int]]) -> list[Candidate]:
    """Lines in the body, outside the excluded spans, that open with a heading number and a title."""
    found: list[Candidate] = []
    for index, line in enumerate(lines):
        if line.start < body_start or _inside(line.start, excluded) or is_toc_line(line.text):
            continue
        text = line.text.lstrip()
        number = parse_number(text)
        if number is None:
            bare = _bare_numeral(lines, index)
            if bare:
                found.append(bare)
            continue
        title, end = heading_title(text, number.length)
        if not _HAS_CJK_RE.search(title[:8]) or len(title) > _MAX_TITLE:
            continue
        offset = len(line.text) - len(text)
        found.append(Candidate(line, number, title, line.start + offset + end))
    return found


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in spans)


class _TreeBuilder:
    """Accepts or rejects candidates in order, keeping one counter per parent and style."""

    def __init__(self) -> None:
        self.styles: list[str] = []
        self.accepted: list[_Open] = []
        self.stack: list[_Open] = []
        self.last_value: dict[str, int] = {}
        self.root_last: dict[str, int] = {}

    def offer(self, candidate: Candidate) -> None:
        number = candidate.number
        if number.style == _BOX:
            self._offer_box(candidate)
            return
        if number.style not in self.styles:
            if number.value != 1:
                return
            self.styles.append(number.style)
        level = self.styles.index(number.style) + 1
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        siblings = parent.children_last if parent else self.root_last
        previous = siblings.get(number.style)
        if previous is not None:
            ok = previous < number.value <= previous + _GAP
        else:
            last = self.last_value.get(number.style, 0)
            ok = number.value == 1 or last < number.value <= last + _GAP
        if not ok:
            return
        siblings[number.style] = number.value
        self.last_value[number.style] = number.value
        node = _Open(len(self.accepted), level, candidate, parent.id if parent else None)
        self.accepted.append(node)
        self.stack.append(node)

    def _offer_box(self, candidate: Candidate) -> None:
        if candidate.number.value != self.last_value.get(_BOX, 0) + 1:
            return
        self.last_value[_BOX] = candidate.number.value
        parent = self.stack[-1] if self.stack else None
        level = parent.level + 1 if parent else 1
        self.accepted.append(_Open(len(self.accepted), level, candidate, parent.id if parent else None))


def build_sections(lines: list[Line], text_length: int, body_start: int = 0,
                   excluded: list[tuple[int, int]] | None = None) -> tuple[Section, ...]:
    """The heading tree of a document, flat and in order, each section with its span and path."""
    builder = _TreeBuilder()
    for candidate in _after_contents(find_candidates(lines, body_start, excluded or [])):
        builder.offer(candidate)
    nodes = builder.accepted
    sections: list[Section] = []
    for index, node in enumerate(nodes):
        end = _section_end(nodes, index, text_length)
        parent_path = sections[node.parent].path if node.parent is not None else ()
        sections.append(Section(
            id=node.id, level=node.level, number=node.candidate.number.label,
            title=node.candidate.title, start=node.candidate.line.start, end=end,
            heading_end=node.candidate.heading_end, parent=node.parent,
            path=(*parent_path, node.candidate.title),
        ))
    return tuple(sections)


def _after_contents(candidates: list[Candidate]) -> list[Candidate]:
    """Candidates after a table of contents: where the first heading comes again, the body starts there."""
    if not candidates:
        return candidates
    first = candidates[0]
    for index, later in enumerate(candidates[1:], start=1):
        if later.number == first.number and later.title == first.title:
            return candidates[index:]
    return candidates


def _section_end(nodes: list[_Open], index: int, text_length: int) -> int:
    """Where a section ends: at the next heading of the same or a higher level (any heading for a box)."""
    node = nodes[index]
    is_box = node.candidate.number.style == _BOX
    for later in nodes[index + 1:]:
        if is_box or (later.level <= node.level and later.candidate.number.style != _BOX):
            return later.candidate.line.start
    return text_length
