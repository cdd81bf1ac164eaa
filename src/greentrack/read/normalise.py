"""Normalisation: repair what PDF extraction and office formats do to a plan's text.

Joins lines that a PDF broke mid-sentence, drops page numbers and `**` emphasis, unifies
full-width digits and Latin letters, closes spaces inside numbers and dates, and keeps Chinese
punctuation. Every output character remembers the source index it came from.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

# Sentence-final punctuation: a line ending in one of these ends a paragraph.
_TERMINAL = set("。！？；!?;：:")
# A line ending in one of these cannot end a paragraph.
_CONTINUING = set("，、《“‘（(〔【—-／/")
# A line starting with one of these continues the previous line.
_CLOSING = set("，。、；：！？）)》”’】〕%％")

HEADING_RE = re.compile(
    r"""^(?:
        第[一二三四五六七八九十百零〇\d]+[章节部分篇条]     # 第一章
      | [一二三四五六七八九十]{1,3}[、.．]                   # 一、
      | [（(][一二三四五六七八九十]{1,3}[)）]               # （一）
      | \d{1,2}[、.．](?!\d)                                # 1.   (not 1.6)
      | [（(]\d{1,2}[)）]                                   # （1）
      | [①-⑳]                                              # ①
    )""",
    re.VERBOSE,
)

_DECORATED_PAGE_RE = re.compile(
    r"^(?:[-—－–~_]+\s*\d{1,4}\s*[-—－–~_]+|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|[-—－–]\s*\d{1,4}|\d{1,4}\s*[-—－–])$"
)
_BARE_NUMBER_RE = re.compile(r"^\d{1,3}$")

_WIDTH_MAP = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}
_WIDTH_MAP.update({cp: cp - 0xFEE0 for cp in range(0xFF21, 0xFF3B)})
_WIDTH_MAP.update({cp: cp - 0xFEE0 for cp in range(0xFF41, 0xFF5B)})
_WIDTH_MAP.update({0xFF05: ord("%"), 0xFE6A: ord("%"), 0xFF0E: ord("."), 0xFF0F: ord("/"),
                   0x3000: ord(" "), 0x00A0: ord(" "), 0x2002: ord(" "), 0x2003: ord(" "),
                   0x2009: ord(" "), 0x200B: None, 0xFEFF: None, 0x09: ord(" ")})
_WIDTH_TABLE = str.maketrans({chr(k): (chr(v) if v is not None else "") for k, v in _WIDTH_MAP.items()})

_DATE_UNITS = set("年月日号%‰")


@dataclass
class _Line:
    chars: list[str]
    src: list[int]
    end: int  # source index just past the line's last character (its newline)

    @property
    def text(self) -> str:
        return "".join(self.chars)


def is_cjk(ch: str) -> bool:
    """True for CJK ideographs and CJK/full-width punctuation."""
    code = ord(ch)
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x3000 <= code <= 0x303F
            or 0xFF00 <= code <= 0xFFEF or 0x2018 <= code <= 0x201F or 0x2460 <= code <= 0x24FF)


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
    i = 0
    while i < len(raw):
        ch = raw[i].translate(_WIDTH_TABLE)
        if not ch:
            i += 1
            continue
        if ch == "*" and i + 1 < len(raw) and raw[i + 1] in "*＊":
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
    return _Line(chars, src, end)


def _page_number_lines(lines: list[_Line]) -> set[int]:
    """Indexes of lines that are page numbers: decorated ones, and bare numbers in page order."""
    dropped = {i for i, line in enumerate(lines) if _DECORATED_PAGE_RE.match(line.text)}
    bare = [(i, int(line.text)) for i, line in enumerate(lines) if _BARE_NUMBER_RE.match(line.text)]
    run: list[tuple[int, int]] = []
    for item in bare:
        if run and 1 <= item[1] - run[-1][1] <= 2 and item[0] - run[-1][0] >= 8:
            run.append(item)
            continue
        if len(run) >= 3:
            dropped.update(i for i, _ in run)
        run = [item]
    if len(run) >= 3:
        dropped.update(i for i, _ in run)
    return dropped


def _long_line_threshold(lines: list[_Line]) -> float:
    """Length from which a line without final punctuation is taken to be wrapped, not ended."""
    lengths = [len(line.chars) for line in lines if len(line.chars) >= 15]
    if not lengths:
        return 40.0
    width, count = Counter(lengths).most_common(1)[0]
    near = sum(1 for n in lengths if abs(n - width) <= 2)
    if near >= 0.3 * len(lengths):
        return 0.85 * width
    return 40.0


def _unbalanced(text: str) -> bool:
    return any(text.count(a) > text.count(b) for a, b in ("《》", "“”", "（）", "()", "〔〕"))


def _joins(previous: _Line, current: _Line, long_line: float) -> bool:
    """Whether `current` continues the sentence that `previous` broke off."""
    first, last = current.chars[0], previous.chars[-1]
    if first in _CLOSING:
        return True
    marker = HEADING_RE.match(previous.text)
    if marker and marker.end() == len(previous.chars):
        return True  # a heading number alone on its line
    if HEADING_RE.match(current.text) or last in _TERMINAL:
        return False
    if last in _CONTINUING or _unbalanced(previous.text):
        return True
    return len(previous.chars) >= long_line


def _digits_then(chars: list[str], start: int, followers: str) -> bool:
    """Whether the digits from `start` are followed (after an optional space) by one of `followers`."""
    i = start
    while i < len(chars) and chars[i].isdigit():
        i += 1
    if i < len(chars) and chars[i] == " ":
        i += 1
    return i < len(chars) and chars[i] in followers


def _close_spaces(chars: list[str], src: list[int]) -> None:
    """Drop spaces inside numbers and dates; in prose, also between Chinese text and numbers."""
    prose = any(ch in "，。；" for ch in chars)
    keep_chars: list[str] = []
    keep_src: list[int] = []
    n = len(chars)
    for i, ch in enumerate(chars):
        if ch == " " and 0 < i < n - 1:
            left, right = chars[i - 1], chars[i + 1]
            if (left.isdigit() and right in _DATE_UNITS) or (left == "第" and right.isdigit()):
                continue
            if left in "年月" and right.isdigit() and _digits_then(chars, i + 1, "月日"):
                continue
            if prose and ((is_cjk(left) and (right.isascii() and right.isalnum()))
                          or ((left.isascii() and left.isalnum() or left == "%") and is_cjk(right))):
                continue
        keep_chars.append(ch)
        keep_src.append(src[i])
    chars[:] = keep_chars
    src[:] = keep_src


def normalise(source: str) -> tuple[str, tuple[int, ...]]:
    """Normalised text and, for each of its characters (plus one past the end), the source index."""
    lines = [_clean_line(source, s, e) for s, e in _split_lines(source)]
    dropped = _page_number_lines(lines)
    content = [line for i, line in enumerate(lines) if line.chars and i not in dropped]
    long_line = _long_line_threshold(content)

    paragraphs: list[_Line] = []
    for line in content:
        if paragraphs and _joins(previous_line, line, long_line):
            para = paragraphs[-1]
            last, first = para.chars[-1], line.chars[0]
            if not (is_cjk(last) or is_cjk(first)):
                para.chars.append(" ")
                para.src.append(previous_line.end)
            para.chars.extend(line.chars)
            para.src.extend(line.src)
            para.end = line.end
        else:
            paragraphs.append(_Line(list(line.chars), list(line.src), line.end))
        previous_line = line

    out_chars: list[str] = []
    out_src: list[int] = []
    for para in paragraphs:
        _close_spaces(para.chars, para.src)
        if out_chars:
            out_chars.append("\n")
            out_src.append(out_src[-1] + 1)
        out_chars.extend(para.chars)
        out_src.extend(para.src)
    out_src.append(len(source))
    return "".join(out_chars), tuple(out_src)
