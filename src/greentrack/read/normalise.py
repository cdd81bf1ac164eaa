"""Normalisation: repair what PDF extraction and office formats do to a plan's text.

Joins lines that a PDF broke mid-sentence, drops page numbers and `**` emphasis, unifies
full-width digits and Latin letters, closes spaces inside numbers and dates, and keeps Chinese
punctuation. Also repairs what real PDFs add: letter-spaced justified lines, OCR spaces between
Chinese characters, a line's last character wrapped onto a line of its own, and page markers
glued to the end of a text line. Table rows (cells separated by spaces) keep their spaces and
their own lines. Every output character remembers the source index it came from.

Lines are handled as strings with a compact `array` of source indexes beside them (not lists of
one-character strings and ints: those took ~120 bytes a character, 1.2 GB on a 20 MB plan).
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from greentrack.read.offsets import TYPECODE, Offsets, identity

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
# A numeral list that opens a line ("一、二星级…", "1、2号线…"): a heading marker followed by the next
# numeral of the same kind is an enumeration inside a sentence, not a heading.
ENUMERATION_RE = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、．.][一二两三四五六七八九十]{1,3}|\d{1,2}、\d{1,2})"
    r"(?:[、，,和及与至到或]|星|级|类|档|期|号|产|线|批|环|等|个|项)"
)

# Page numbers: -1-, —14—, - 2 一 (OCR reads the dash as 一), 第 13页 共 28 页, 3/28.
_DASH = "-—－–~_一"
_DECORATED_PAGE_RE = re.compile(
    rf"^(?:[{_DASH}]+\s*\d{{1,4}}\s*[{_DASH}]+|第\s*\d{{1,4}}\s*页(?:\s*[，,/]?\s*共\s*\d{{1,4}}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|[-—－–]\s*\d{1,4}|\d{1,4}\s*[-—－–])$"
)
# A page marker that OCR or the page layout glued to the end of the page's last text line.
_TRAILING_PAGE_RE = re.compile(rf"\s*[{_DASH}]\s*\d{{1,3}}\s*[{_DASH}]$")
_BARE_NUMBER_RE = re.compile(r"^\d{1,3}$")
_DASH_ONLY_RE = re.compile(rf"^[{_DASH}]$")

_WIDTH_MAP = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}
_WIDTH_MAP.update({cp: cp - 0xFEE0 for cp in range(0xFF21, 0xFF3B)})
_WIDTH_MAP.update({cp: cp - 0xFEE0 for cp in range(0xFF41, 0xFF5B)})
_WIDTH_MAP.update({0xFF05: ord("%"), 0xFE6A: ord("%"), 0xFF0E: ord("."), 0xFF0F: ord("/"),
                   0x3000: ord(" "), 0x00A0: ord(" "), 0x2002: ord(" "), 0x2003: ord(" "),
                   0x2009: ord(" "), 0x200B: None, 0xFEFF: None, 0x09: ord(" ")})
_WIDTH_TABLE = str.maketrans({chr(k): (chr(v) if v is not None else "") for k, v in _WIDTH_MAP.items()})

_DATE_UNITS = set("年月日号%‰")

# Chinese punctuation that never has a space on its inside (after openers, before closers) …
_NO_SPACE_AFTER = set("。，、；：！？（《“‘〔【「『〈")
_NO_SPACE_BEFORE = set("。，、；：！？）》”’〕】」』〉")
# … nor between a closing and an opening bracket (》 （).
_CLOSERS = set("）》”’〕】」』〉")
_OPENERS = set("（《“‘〔【「『〈")
# Punctuation that marks a line as prose rather than a table row.
_PROSE = set("，。；")
# A line whose Chinese characters are this often separated by spaces is letter-spaced (justified).
_LETTER_SPACED_SHARE = 0.5
# A document whose Chinese characters are this often separated by spaces is OCR output.
_OCR_SPACED_SHARE = 0.01
_BINDING = ("预期性", "约束性")
_VALUE_RE = re.compile(r"[<>≥≤约\[]?\d[\d.,:/～~%‰\-—\]]*[万亿千百]?(?:以上|以下|左右)?")
# Web pages printed to PDF wrap a line's last few characters onto a line of their own.
_WRAPPED_TAIL = 6


# Removed before anything else: the characters the width table deletes, and `**` emphasis marks
# (a `*` followed by `*` or `＊`, taken left to right).
_DROPPED_RE = re.compile("[\u200b\ufeff]|\\*[*＊]")
_BREAK_RE = re.compile("[\r\n\f\v\x1c\x1d\x1e\x85\u2028\u2029]")
_FOLDED_RE = re.compile("[" + "".join(re.escape(chr(code)) for code in _WIDTH_MAP) + "]")
_BLANKS_RE = re.compile(r"\s+")  # \s is exactly str.isspace
_SPACE_RE = re.compile(" ")
_IDEOGRAPHS = "\u4e00-\u9fff\u3400-\u4dbf"
_SPACED_PAIR_RE = re.compile(f"[{_IDEOGRAPHS}](?= [{_IDEOGRAPHS}])")
_IDEOGRAPH_RUN_RE = re.compile(f"[{_IDEOGRAPHS}]+")


@dataclass(slots=True)
class _Line:
    text: str
    src: array  # source index of each character of `text`
    end: int  # source index just past the line's last character (its newline)
    marks: int = 0  # emphasis marks (`**`) dropped from the line
    spread: int = 0  # spaces a justified line put between its characters, closed again

    @property
    def visual_width(self) -> int:
        """Characters the line took on the page: its text plus the emphasis marks and justifying spaces it showed."""
        return len(self.text) + self.marks + self.spread


def fold_width(text: str) -> str:
    """`text` with full-width digits, Latin letters and blanks folded to ASCII, as `normalise` does."""
    return text.translate(_WIDTH_TABLE)


_WIDTH_TABLE_KEEPING_LENGTH = str.maketrans({chr(k): chr(v if v is not None else 0x20) for k, v in _WIDTH_MAP.items()})


def fold_width_keeping_offsets(text: str) -> str:
    """`fold_width` one character for one (a zero-width character becomes a space), so offsets into `text` hold."""
    return text.translate(_WIDTH_TABLE_KEEPING_LENGTH)


# A half-width , ; or : set among Chinese text is the full-width mark a Chinese sentence uses ("目标,到2025年"):
# folded one for one, so the sentence splits, the notes and the spacing rules read it as such. Between digits
# or Latin letters (1,000; 10:30) it stays.
_HALF_PUNCT_RE = re.compile(rf"(?<=[{_IDEOGRAPHS}%）”’]) ?[,;:](?=[ \n]?[{_IDEOGRAPHS}“‘（(])")
_FULL_PUNCT = {",": "，", ";": "；", ":": "："}


def chinese_punctuation(text: str) -> str:
    """`text` with half-width punctuation among Chinese text made full-width, one character for one."""
    if not _HALF_PUNCT_RE.search(text):
        return text
    return _HALF_PUNCT_RE.sub(lambda m: m.group()[:-1] + _FULL_PUNCT[m.group()[-1]], text)


def reads_as(source_char: str, char: str) -> bool:
    """Whether normalisation may turn the source character into `char` (width folding, Chinese punctuation)."""
    return fold_width(source_char) == char or _FULL_PUNCT.get(source_char) == char


def is_cjk(ch: str) -> bool:
    """True for CJK ideographs and CJK/full-width punctuation."""
    code = ord(ch)
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x3000 <= code <= 0x303F
            or 0xFF00 <= code <= 0xFFEF or 0x2018 <= code <= 0x201F or 0x2460 <= code <= 0x24FF)


def _split_lines(source: str) -> list[tuple[int, str]]:
    """(start, text) of each line, without its line break: the pieces between any two breaks (\r\n is two
    breaks with an empty line between them, which counts for the page-number order)."""
    lines = []
    start = 0
    for piece in _BREAK_RE.split(source):
        lines.append((start, piece))
        start += len(piece) + 1
    return lines


def _without_dropped(raw: str, start: int, indexes: array) -> tuple[str, array, int]:
    """`raw` (at `start` in the source) without deleted characters and `**` marks: the kept text, the
    source index of each kept character (slices of `indexes`, the source's identity map), and the number of
    marks dropped."""
    if "*" not in raw and "\u200b" not in raw and "\ufeff" not in raw:
        return raw, indexes[start:start + len(raw)], 0
    parts: list[str] = []
    where = array(TYPECODE)
    pos = marks = 0
    for match in _DROPPED_RE.finditer(raw):
        parts.append(raw[pos:match.start()])
        where.extend(indexes[start + pos:start + match.start()])
        marks += 2 if match.end() - match.start() == 2 else 0
        pos = match.end()
    parts.append(raw[pos:])
    where.extend(indexes[start + pos:start + len(raw)])
    return "".join(parts), where, marks


def _clean_line(raw: str, start: int, indexes: array) -> _Line:
    """Width-unified characters of the line `raw` at `start`, emphasis marks dropped, blanks collapsed and
    trimmed."""
    kept, where, marks = _without_dropped(raw, start, indexes)
    if _FOLDED_RE.search(kept):  # translate looks every character up in a dict: only where it changes one
        kept = kept.translate(_WIDTH_TABLE)  # one character for one: the deleted ones are gone already
    end = start + len(raw)
    if _BLANKS_RE.search(kept) is None:
        return _Line(chinese_punctuation(kept), where, end, marks)
    parts: list[str] = []
    src = array(TYPECODE)
    pos = 0
    for blank in _BLANKS_RE.finditer(kept):
        if blank.start() > pos:  # not leading blanks: the text before them, then one space unless they end the line
            parts.append(kept[pos:blank.start()])
            src.extend(where[pos:blank.start()])
            if blank.end() < len(kept):
                parts.append(" ")
                src.append(where[blank.start()])
        pos = blank.end()
    parts.append(kept[pos:])
    src.extend(where[pos:])
    return _Line(chinese_punctuation("".join(parts)), src, end, marks)


def _is_ideograph(ch: str) -> bool:
    code = ord(ch)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF


def _spaced_pairs(text: str) -> tuple[int, int]:
    """(ideograph pairs separated by one space, ideograph pairs side by side) in `text`."""
    spaced = len(_SPACED_PAIR_RE.findall(text)) if " " in text else 0
    runs = _IDEOGRAPH_RUN_RE.findall(text)
    return spaced, sum(map(len, runs)) - len(runs)


def _spaces(text: str) -> list[int]:
    return [match.start() for match in _SPACE_RE.finditer(text)]


def _without(text: str, src: array, gone: list[int]) -> tuple[str, array]:
    """`text` and its `src` without the characters at the (ascending) indexes `gone`."""
    parts: list[str] = []
    kept = array(TYPECODE)
    pos = 0
    for i in gone:
        parts.append(text[pos:i])
        kept.extend(src[pos:i])
        pos = i + 1
    parts.append(text[pos:])
    kept.extend(src[pos:])
    return "".join(parts), kept


def _drop_spaces(line: _Line, drop: Callable[[str, str], bool]) -> None:
    """Remove each space of `line` for which `drop(left, right)` holds."""
    text = line.text
    gone = [i for i in _spaces(text) if 0 < i < len(text) - 1 and drop(text[i - 1], text[i + 1])]
    if gone:
        line.text, line.src = _without(text, line.src, gone)


def _dense(ch: str) -> bool:
    return is_cjk(ch) or ch.isdigit()


def _unspace_letter_spaced(line: _Line) -> None:
    """Close the spaces a justified line put between its characters (`２ ０ ２ ５`, `指 导 思 想`)."""
    if " " not in line.text:
        return
    spaced, close = _spaced_pairs(line.text)
    if spaced >= 3 and spaced >= _LETTER_SPACED_SHARE * (spaced + close):
        before = len(line.text)
        _drop_spaces(line, lambda left, right: _dense(left) and _dense(right))
        line.spread += before - len(line.text)  # the line was as wide as its spaced-out text


def _strip_trailing_page(line: _Line) -> None:
    """Drop a page marker glued to the end of a text line (`…管理一1一`, `老- 5一`)."""
    match = _TRAILING_PAGE_RE.search(line.text)
    if match and match.start() > 0:
        line.text = line.text[:match.start()]
        del line.src[match.start():]


def _page_number_lines(lines: list[_Line]) -> set[int]:
    """Indexes of lines that are page numbers: decorated ones, split ones, and bare numbers in page order."""
    dropped = {i for i, line in enumerate(lines) if _DECORATED_PAGE_RE.match(line.text)}
    for i in range(len(lines) - 2):  # 一 / 3 / 一 over three lines
        if (_DASH_ONLY_RE.match(lines[i].text) and _BARE_NUMBER_RE.match(lines[i + 1].text)
                and _DASH_ONLY_RE.match(lines[i + 2].text)):
            dropped.update((i, i + 1, i + 2))
    bare = [(i, int(line.text)) for i, line in enumerate(lines) if _BARE_NUMBER_RE.match(line.text)]
    dropped.update(_page_ordered(bare))
    # pdftotext ends a page with two empty lines: the numbers standing there are page numbers even where a
    # table's bare cells between them break the order above
    at_page_end = [(i, n) for i, n in bare if i + 2 < len(lines) and not lines[i + 1].text and not lines[i + 2].text]
    dropped.update(_page_ordered(at_page_end))
    return dropped


def _page_ordered(bare: list[tuple[int, int]]) -> set[int]:
    """Indexes of the (line index, number) items in runs of three or more that count up like pages: each
    one or two more than the one before, at least eight lines further on."""
    found: set[int] = set()
    run: list[tuple[int, int]] = []
    for item in bare:
        if run and 1 <= item[1] - run[-1][1] <= 2 and item[0] - run[-1][0] >= 8:
            run.append(item)
            continue
        if len(run) >= 3:
            found.update(i for i, _ in run)
        run = [item]
    if len(run) >= 3:
        found.update(i for i, _ in run)
    return found


def _long_line_threshold(lines: list[_Line]) -> float:
    """Length from which a line without final punctuation is taken to be wrapped, not ended."""
    lengths = [line.visual_width for line in lines if line.visual_width >= 15]
    if not lengths:
        return 40.0
    # the width most lines come within two characters of (digits and letters make full lines vary), the
    # widest where two widths gather as many
    counts = Counter(lengths)
    near, width = max((sum(c for n, c in counts.items() if abs(n - w) <= 2), w) for w in counts)
    if near >= 0.3 * len(lengths):
        return 0.85 * width
    return 40.0


def _unbalanced(text: str) -> bool:
    return any(text.count(a) > text.count(b) for a, b in ("《》", "“”", "（）", "()", "〔〕"))


def _numeric(token: str) -> bool:
    """Whether a cell is a value: 23.1, 80%, [17], >80, 2.5万, 30以上."""
    return _VALUE_RE.fullmatch(token) is not None


# A measure word after a number that runs on into the sentence ("5 个、国家级…", "12 个省级…"): pdftotext
# spaces the digits of prose apart, but a table cell never starts with a unit glued to more words.
_RUN_ON_UNIT_RE = re.compile(
    r"^[万亿千百]?(?:个|座|处|家|所|项|条|栋|幢|台|套|辆|张|件|名|户|人|吨|元|亩|米|平方米|公里|千瓦|公顷|批|年)"
    rf"(?:[、，,和及与或]?[{_IDEOGRAPHS}]{{2}}|的$)"  # "2023 年新增…", a line wrapped after "80 万平方米的"
)


def _spaced_prose(tokens: list[str]) -> bool:
    """Whether a line's spaces are the ones pdftotext puts around the numbers of a sentence: every gap
    touches a digit, and some number's unit runs on into the words after it."""
    if any(not (left[-1:].isdigit() or left.endswith(("%", "‰")) or right[:1].isdigit())
           for left, right in pairwise(tokens)):
        return False
    return any(_numeric(left) and _RUN_ON_UNIT_RE.match(right) for left, right in pairwise(tokens))


# Punctuation of a sentence that a cell does not hold: a half-width ; between clauses ("达到 85% ;新建…"),
# a colon with the sentence run on after it ("年度任务为：2023 年…").
_SENTENCE_MARK_RE = re.compile(rf"[;；]|[：:][{_IDEOGRAPHS}\d]")


def is_table_row(text: str) -> bool:
    """Whether a line reads as a table row: cells apart by spaces, no prose punctuation.

    A row ends in a value (`23.1 30`, `80%`, `预期性`) or has three or more cell gaps; a wrapped
    prose line has a comma or full stop somewhere, no spaces at all, or spaces only around numbers
    whose units run on into the sentence (`园区 5 个、国家级…`).
    """
    if " " not in text or not _PROSE.isdisjoint(text) or _SENTENCE_MARK_RE.search(text):
        return False
    tokens = text.split(" ")
    if _numeric(tokens[-1]) or tokens[-1] in _BINDING:
        return True
    return len(tokens) >= 4 and not _spaced_prose(tokens)


def _joins(previous: _Line, current: _Line, previous_width: int, long_line: float) -> bool:
    """Whether `current` continues the sentence that `previous` broke off (see `joins`)."""
    return joins(previous.text, current.text, previous_width, long_line)


# Comparator words that a number must follow: a line ending in one is cut before its number.
_OPEN_COMPARATOR_RE = re.compile(r"(?:达到|不低于|不少于|不高于|不超过|超过|高于|低于|大于|小于|控制在|"
                                 r"提高到|提升至|提升到|提高至|降至|降低到|降低至|增加到|增至|保持在|稳定在)$")
# Bullets that open a paragraph of their own even after a full line ending in ；.
_BULLETS = ("—", "-", "●", "■", "•", "◆", "★", "☆", "▲", "△", "○", "□", "√")


def _ends_paragraph(previous: str, current: str, previous_width: int, long_line: float) -> bool:
    """Whether the final punctuation of `previous` ends its paragraph.

    A ； that happens to fall at the end of a full line is a clause break inside the paragraph
    (the wrap only put it there) unless the next line opens a heading or a bullet.
    """
    last = previous[-1]
    if last not in _TERMINAL:
        return False
    if last in "；;" and previous_width >= long_line:
        return current.startswith(_BULLETS) or (HEADING_RE.match(current) is not None
                                                and ENUMERATION_RE.match(current) is None)
    return True


def joins(previous: str, current: str, previous_width: int, long_line: float) -> bool:
    """Whether the line `current` continues the sentence that the line `previous` broke off.

    `previous_width` is the width of the visual line `previous` ended: a character that wrapped
    onto a line of its own ends a full-width line. A heading marker opens a line only where a
    heading can start: a numeral list that a wrap put at a line's start (`一、二星级…`) continues it.
    """
    first, last = current[0], previous[-1]
    if first in _CLOSING:
        return True
    marker = HEADING_RE.match(previous)
    if marker and marker.end() == len(previous):
        return True  # a heading number alone on its line
    if HEADING_RE.match(current) and ENUMERATION_RE.match(current) is None:
        return False
    if _ends_paragraph(previous, current, previous_width, long_line):
        return False
    if last in _TERMINAL:
        return True  # a ； that a full line ended on: the paragraph goes on
    if is_table_row(previous) and last in "-—":
        return False  # a dash in a table row is an empty cell, not a broken word
    if last in _CONTINUING or _unbalanced(previous):
        return True
    if first.isdigit() and _OPEN_COMPARATOR_RE.search(previous):
        return True  # "增速不低于" / "10%": a comparator is never the end of a sentence
    # a line is full when it is long, or when the next line's first word would not have fit on it ("…覆盖率" /
    # "60%以上、…"): a layout engine moves a run of digits or letters down whole
    full = previous_width + _leading_run(current) >= long_line
    if full and not _PROSE.isdisjoint(previous):  # (a line with ，。； is never a table row)
        return True  # a full line of prose broken off mid-sentence goes on, however the next line looks
    if is_table_row(previous) or is_table_row(current) or _caption_then_header(previous, current):
        return False
    if len(previous) == 1 and _is_ideograph(last):
        return True  # one character alone on a line is the wrapped end of a sentence
    if _is_document_title(previous):
        return False
    return full


_LEADING_RUN_RE = re.compile(r"[0-9A-Za-z.%％‰]+")


def _leading_run(text: str) -> int:
    """Width of the unbreakable run of digits and letters a line opens with (0 for a line opening in CJK)."""
    run = _LEADING_RUN_RE.match(text)
    return len(run.group()) if run else 0


# A table's caption: 表3, 专栏2, 附表1 and its title.
_CAPTION_RE = re.compile(r"^(?:附?表|专栏)\s*[\d一二三四五六七八九十]{1,3}(?![\d.．])")


def _caption_then_header(previous: str, current: str) -> bool:
    """A caption over a header row of cells apart by spaces ("表4 …任务" / "地区 改造面积 …"): the caption
    ends its own line, however long (a wrapped caption goes on in words, not in cells)."""
    return (_CAPTION_RE.match(previous) is not None and " " in current.strip() and _PROSE.isdisjoint(current)
            and _PROSE.isdisjoint(previous))


_TITLE_END_RE = re.compile(r"(?:通知|意见|方案|规划|办法|决定|细则|纲要|通报|》)$")


def _is_document_title(text: str) -> bool:
    """A 公文 title line (…关于印发《…》的通知): it ends its own paragraph even when it fills the line."""
    return (("关于" in text or "印发" in text) and _TITLE_END_RE.search(text) is not None
            and not any(mark in text for mark in "，。；："))


def _digits_then(text: str, start: int, followers: str) -> bool:
    """Whether the digits from `start` are followed (after an optional space) by one of `followers`."""
    i = start
    while i < len(text) and text[i].isdigit():
        i += 1
    if i < len(text) and text[i] == " ":
        i += 1
    return i < len(text) and text[i] in followers


def _alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _closable(text: str, i: int, prose: bool) -> bool:
    """Whether the space at `text[i]` is an artefact, not a word or cell boundary."""
    left, right = text[i - 1], text[i + 1]
    if left in _NO_SPACE_AFTER or right in _NO_SPACE_BEFORE or (left in _CLOSERS and right in _OPENERS):
        return True
    if (left.isdigit() and right in _DATE_UNITS) or (left == "第" and right.isdigit()):
        return True
    if left in "年月" and right.isdigit() and _digits_then(text, i + 1, "月日"):
        return True
    if not prose:
        return False
    return (is_cjk(left) and _alnum(right)) or ((_alnum(left) or left == "%") and is_cjk(right))


def _close_spaces(text: str, src: array) -> tuple[str, array]:
    """Drop spaces inside numbers and dates and beside Chinese punctuation; in prose, also between
    Chinese text and numbers."""
    if " " not in text:
        return text, src
    prose = not _PROSE.isdisjoint(text)
    gone = [i for i in _spaces(text) if 0 < i < len(text) - 1 and _closable(text, i, prose)]
    return _without(text, src, gone) if gone else (text, src)


def _is_ocr_spaced(lines: list[_Line]) -> bool:
    """Whether the document's Chinese text is sprinkled with spaces, as OCR leaves it."""
    spaced = close = 0
    for line in lines:
        s, c = _spaced_pairs(line.text)
        spaced, close = spaced + s, close + c
    return spaced >= 10 and spaced >= _OCR_SPACED_SHARE * (spaced + close)


def _content_lines(source: str) -> list[_Line]:
    """Cleaned, non-empty lines of `source` without page numbers, letter-spacing or OCR spaces."""
    indexes = identity(len(source))
    lines = [_clean_line(raw, start, indexes) for start, raw in _split_lines(source)]
    del indexes  # the lines hold slices of it
    for line in lines:
        _unspace_letter_spaced(line)
    dropped = _page_number_lines(lines)
    content = [line for i, line in enumerate(lines) if line.text and i not in dropped]
    for line in content:
        _strip_trailing_page(line)
    if _is_ocr_spaced(content):
        # before lines are joined: OCR spaces would make prose lines look like table rows
        for line in content:
            if " " in line.text and _spaced_pairs(line.text)[1] >= 4:  # not a row of one- or two-character cells
                _drop_spaces(line, lambda left, right: _is_ideograph(left) and _is_ideograph(right))
    return [line for line in content if line.text]


def _paragraphs(content: list[_Line]) -> list[tuple[str, array]]:
    """Lines joined into paragraphs where a line break fell mid-sentence: each paragraph's text and sources."""
    long_line = _long_line_threshold(content)
    paragraphs: list[tuple[list[str], array]] = []
    previous: _Line | None = None
    width = 0  # width of the visual line `previous` ended
    for line in content:
        if previous is not None and _joins(previous, line, width, long_line):
            parts, src = paragraphs[-1]
            if not (is_cjk(previous.text[-1]) or is_cjk(line.text[0])):  # `previous` ends the paragraph so far
                parts.append(" ")
                src.append(previous.end)
            parts.append(line.text)
            src.extend(line.src)
            # a short tail joined to a full line belongs to that line's width
            tail = len(line.text) <= _WRAPPED_TAIL and width >= long_line
            width = width + line.visual_width if tail else line.visual_width
        else:
            # the paragraph takes over the line's own index array (no copy): a line's `src` is not read again
            paragraphs.append(([line.text], line.src))
            width = line.visual_width
        previous = line
    return [("".join(parts), src) for parts, src in paragraphs]


def normalise(source: str) -> tuple[str, Offsets]:
    """Normalised text and, for each of its characters (plus one past the end), the source index."""
    texts: list[str] = []
    offsets = Offsets()
    for paragraph, src in _paragraphs(_content_lines(source)):
        text, src = _close_spaces(paragraph, src)
        if texts:
            offsets.append(offsets[-1] + 1)
        texts.append(text)
        offsets.extend(src)
    offsets.append(len(source))
    # again over the whole text: a line or paragraph break cut a mark from the text after it ("制度," / "加快…")
    return chinese_punctuation("\n".join(texts)), offsets
