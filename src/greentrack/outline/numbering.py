"""Heading numbers at the start of a line: which style (一、 （一） 1. （1） ① 第一章 专栏1 …) and which value."""

from __future__ import annotations

import re
from dataclasses import dataclass

from greentrack.read.normalise import ENUMERATION_RE

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "一二三四五六七八九十〇零"
_OPEN = "（(〈<"
_CLOSE = "）)〉>"
_S = r"[ \t]*"

# (style, pattern). The pattern's group "n" holds the number; the match ends where the title begins.
# Spaces are allowed inside the number because OCR and justified lines put them there ("( 十 三)").
_STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("chapter", re.compile(rf"^第{_S}(?P<n>[{_CN}\d]{{1,4}}){_S}章{_S}")),
    ("part", re.compile(rf"^第{_S}(?P<n>[{_CN}\d]{{1,4}}){_S}节{_S}")),
    ("box", re.compile(rf"^专栏{_S}(?P<n>[{_CN}\d]{{1,3}})(?![\d.．]){_S}[:：]?{_S}")),
    ("cn", re.compile(rf"^(?P<n>[{_CN}](?:{_S}[{_CN}]){{0,2}}){_S}[、．]{_S}")),
    ("cn_paren", re.compile(rf"^[{_OPEN}]{_S}(?P<n>[{_CN}](?:{_S}[{_CN}]){{0,2}}){_S}[{_CLOSE}]{_S}")),
    ("num_dot", re.compile(rf"^(?P<n>\d{{1,2}}){_S}[.．](?![\d.．]){_S}")),
    ("num_dun", re.compile(rf"^(?P<n>\d{{1,2}}){_S}、{_S}")),
    ("num_paren", re.compile(rf"^[（(]{_S}(?P<n>\d{{1,2}}){_S}[）)]{_S}")),
    ("num_half", re.compile(rf"^(?P<n>\d{{1,2}})[）)]{_S}")),
    ("circled", re.compile(rf"^(?P<n>[①-⑳]){_S}")),
)


@dataclass(frozen=True)
class Number:
    """A heading number found at the start of a line."""

    style: str
    value: int
    label: str  # the number as written, spaces removed ("（三）", "1.")
    length: int  # characters from the line start to where the title begins


def cn_to_int(text: str) -> int | None:
    """The value of a Chinese numeral up to 999 (一, 十二, 二十, 一百零五) or of Arabic digits."""
    text = text.replace(" ", "").replace("\t", "")
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _CN_DIGITS and ch not in "十百" for ch in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = current * 10 + _CN_DIGITS[ch] if current else _CN_DIGITS[ch]
    return total + current


def parse_number(line: str) -> Number | None:
    """The heading number that opens `line`, or None where the line opens with none.

    A numeral list at the start of a line ("一、二星级…") opens a sentence, not a heading.
    """
    if ENUMERATION_RE.match(line):
        return None
    for style, pattern in _STYLES:
        match = pattern.match(line)
        if not match:
            continue
        raw = match.group("n")
        value = ord(raw) - ord("①") + 1 if style == "circled" else cn_to_int(raw)
        if value is None or value == 0:
            return None
        label = re.sub(r"\s+", "", match.group(0))
        return Number(style=style, value=value, label=label, length=match.end())
    return None
