"""The reader's normalisation as it was first written, one character at a time (lists of characters and of
source indexes): slow and memory-hungry, but plainly right. greentrack.read.normalise works on strings and
index arrays; tests/read/test_read_reference.py holds it to give exactly this text and these offsets.
Do not optimise this file: it is the oracle.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# The tables (punctuation sets, patterns, thresholds) and the helpers that only read a line's text are the
# module's own: the oracle restates the per-character algorithm, not its data.
from greentrack.read.normalise import (
    _CLOSERS,
    _DATE_UNITS,
    _LETTER_SPACED_SHARE,
    _NO_SPACE_AFTER,
    _NO_SPACE_BEFORE,
    _OCR_SPACED_SHARE,
    _OPENERS,
    _PROSE,
    _TRAILING_PAGE_RE,
    _WIDTH_TABLE,
    _WRAPPED_TAIL,
    _alnum,
    _dense,
    _is_ideograph,
    _long_line_threshold,
    _page_number_lines,
    chinese_punctuation,
    is_cjk,
    joins,
)


@dataclass
class _Line:
    chars: list[str]
    src: list[int]
    end: int  # source index just past the line's last character (its newline)

    @property
    def text(self) -> str:
        return "".join(self.chars)

    marks: int = 0  # emphasis marks (`**`) dropped from the line
    spread: int = 0  # spaces a justified line put between its characters, closed again

    @property
    def visual_width(self) -> int:
        """Characters the line took on the page: its text plus the emphasis marks and justifying spaces."""
        return len(self.chars) + self.marks + self.spread


def _split_lines(source: str) -> list[tuple[int, int]]:
    """(start, end) of each line, without its line break."""
    spans = []
    for match in re.finditer(r"[^\r\n\f\v\x1c\x1d\x1e\x85\u2028\u2029]*", source):
        if match.start() == match.end() and spans and spans[-1][1] == match.start():
            continue
        spans.append((match.start(), match.end()))
    return spans


def _clean_line(source: str, start: int, end: int) -> _Line:
    """Width-unified characters of one line, emphasis marks dropped, blanks collapsed and trimmed."""
    chars: list[str] = []
    src: list[int] = []
    raw = source[start:end]
    marks = 0
    i = 0
    while i < len(raw):
        ch = raw[i].translate(_WIDTH_TABLE)
        if not ch:
            i += 1
            continue
        if ch == "*" and i + 1 < len(raw) and raw[i + 1] in "*＊":
            marks += 2
            i += 2
            continue
        if ch.isspace():
            if chars and chars[-1] != " ":
                chars.append(" ")
                src.append(start + i)
            i += 1
            continue
        chars.append(ch)
        src.append(start + i)
        i += 1
    while chars and chars[-1] == " ":
        chars.pop()
        src.pop()
    return _Line(list(chinese_punctuation("".join(chars))), src, end, marks)


def _spaced_pairs(chars: list[str]) -> tuple[int, int]:
    """(ideograph pairs separated by one space, ideograph pairs side by side) in `chars`."""
    spaced = close = 0
    for i in range(len(chars) - 1):
        if not _is_ideograph(chars[i]):
            continue
        if _is_ideograph(chars[i + 1]):
            close += 1
        elif chars[i + 1] == " " and i + 2 < len(chars) and _is_ideograph(chars[i + 2]):
            spaced += 1
    return spaced, close


def _drop_spaces(line: _Line, drop: Callable[[str, str], bool]) -> None:
    """Remove each space of `line` for which `drop(left, right)` holds."""
    keep = [i for i, ch in enumerate(line.chars)
            if not (ch == " " and 0 < i < len(line.chars) - 1 and drop(line.chars[i - 1], line.chars[i + 1]))]
    line.chars[:] = [line.chars[i] for i in keep]
    line.src[:] = [line.src[i] for i in keep]


def _unspace_letter_spaced(line: _Line) -> None:
    """Close the spaces a justified line put between its characters (`２ ０ ２ ５`, `指 导 思 想`)."""
    spaced, close = _spaced_pairs(line.chars)
    if spaced >= 3 and spaced >= _LETTER_SPACED_SHARE * (spaced + close):
        before = len(line.chars)
        _drop_spaces(line, lambda left, right: _dense(left) and _dense(right))
        line.spread += before - len(line.chars)


def _strip_trailing_page(line: _Line) -> None:
    """Drop a page marker glued to the end of a text line (`…管理一1一`, `老- 5一`)."""
    match = _TRAILING_PAGE_RE.search(line.text)
    if match and match.start() > 0:
        del line.chars[match.start():]
        del line.src[match.start():]


def _joins(previous: _Line, current: _Line, previous_width: int, long_line: float) -> bool:
    """Whether `current` continues the sentence that `previous` broke off: the module's decision on the
    lines' texts (`joins`, with `is_table_row`); the oracle keeps how lines are cut, joined and mapped."""
    return joins(previous.text, current.text, previous_width, long_line)


_TITLE_END_RE = re.compile(r"(?:通知|意见|方案|规划|办法|决定|细则|纲要|通报|》)$")


def _digits_then(chars: list[str], start: int, followers: str) -> bool:
    """Whether the digits from `start` are followed (after an optional space) by one of `followers`."""
    i = start
    while i < len(chars) and chars[i].isdigit():
        i += 1
    if i < len(chars) and chars[i] == " ":
        i += 1
    return i < len(chars) and chars[i] in followers


def _closable(chars: list[str], i: int, prose: bool) -> bool:
    """Whether the space at `chars[i]` is an artefact, not a word or cell boundary."""
    left, right = chars[i - 1], chars[i + 1]
    if left in _NO_SPACE_AFTER or right in _NO_SPACE_BEFORE or (left in _CLOSERS and right in _OPENERS):
        return True
    if (left.isdigit() and right in _DATE_UNITS) or (left == "第" and right.isdigit()):
        return True
    if left in "年月" and right.isdigit() and _digits_then(chars, i + 1, "月日"):
        return True
    if not prose:
        return False
    return (is_cjk(left) and _alnum(right)) or ((_alnum(left) or left == "%") and is_cjk(right))


def _close_spaces(chars: list[str], src: list[int]) -> None:
    """Drop spaces inside numbers and dates and beside Chinese punctuation; in prose, also between
    Chinese text and numbers."""
    prose = any(ch in _PROSE for ch in chars)
    n = len(chars)
    keep = [i for i, ch in enumerate(chars) if not (ch == " " and 0 < i < n - 1 and _closable(chars, i, prose))]
    chars[:] = [chars[i] for i in keep]
    src[:] = [src[i] for i in keep]


def _is_ocr_spaced(lines: list[_Line]) -> bool:
    """Whether the document's Chinese text is sprinkled with spaces, as OCR leaves it."""
    spaced = close = 0
    for line in lines:
        s, c = _spaced_pairs(line.chars)
        spaced, close = spaced + s, close + c
    return spaced >= 10 and spaced >= _OCR_SPACED_SHARE * (spaced + close)


def _content_lines(source: str) -> list[_Line]:
    """Cleaned, non-empty lines of `source` without page numbers, letter-spacing or OCR spaces."""
    lines = [_clean_line(source, s, e) for s, e in _split_lines(source)]
    for line in lines:
        _unspace_letter_spaced(line)
    dropped = _page_number_lines(lines)
    content = [line for i, line in enumerate(lines) if line.chars and i not in dropped]
    for line in content:
        _strip_trailing_page(line)
    if _is_ocr_spaced(content):
        # before lines are joined: OCR spaces would make prose lines look like table rows
        for line in content:
            if _spaced_pairs(line.chars)[1] >= 4:  # not a row of one- or two-character cells
                _drop_spaces(line, lambda left, right: _is_ideograph(left) and _is_ideograph(right))
    return [line for line in content if line.chars]


def _paragraphs(content: list[_Line]) -> list[_Line]:
    """Lines joined into paragraphs where a line break fell mid-sentence."""
    long_line = _long_line_threshold(content)
    paragraphs: list[_Line] = []
    previous: _Line | None = None
    width = 0  # width of the visual line `previous` ended
    for line in content:
        if previous is not None and _joins(previous, line, width, long_line):
            para = paragraphs[-1]
            if not (is_cjk(para.chars[-1]) or is_cjk(line.chars[0])):
                para.chars.append(" ")
                para.src.append(previous.end)
            para.chars.extend(line.chars)
            para.src.extend(line.src)
            para.end = line.end
            # a short tail joined to a full line belongs to that line's width
            tail = len(line.chars) <= _WRAPPED_TAIL and width >= long_line
            width = width + line.visual_width if tail else line.visual_width
        else:
            paragraphs.append(_Line(list(line.chars), list(line.src), line.end))
            width = line.visual_width
        previous = line
    return paragraphs


def normalise(source: str) -> tuple[str, tuple[int, ...]]:
    """Normalised text and, for each of its characters (plus one past the end), the source index."""
    out_chars: list[str] = []
    out_src: list[int] = []
    for para in _paragraphs(_content_lines(source)):
        _close_spaces(para.chars, para.src)
        if out_chars:
            out_chars.append("\n")
            out_src.append(out_src[-1] + 1)
        out_chars.extend(para.chars)
        out_src.extend(para.src)
    out_src.append(len(source))
    return chinese_punctuation("".join(out_chars)), tuple(out_src)
