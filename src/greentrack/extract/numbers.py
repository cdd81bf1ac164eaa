"""Numbers in plan text: Arabic and Chinese numerals, the units written after them, value mentions.

A *mention* is a number with its unit as the text writes it ("4.4亿斤", "65%", "二星级",
"20年一遇", "百分之三十"). The scan is one compiled regex over a paragraph; Chinese numerals
are accepted only before a unit, so "三线一单" or "一批" never become numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_LARGE = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千"


def parse_cn_integer(text: str) -> int | None:
    """The value of a Chinese integer numeral ("十五" → 15, "两千三百" → 2300); None if malformed."""
    if not text:
        return None
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            if digit is not None and digit != 0:
                # Digit strings such as "二〇二五" read digit by digit.
                return _digit_string(text)
            digit = _CN_DIGITS[ch]
        elif ch in _CN_SMALL:
            section += (1 if digit is None else digit) * _CN_SMALL[ch]
            digit = None
        elif ch in _CN_LARGE:
            section += digit or 0
            total += (section or 1) * _CN_LARGE[ch]
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def _digit_string(text: str) -> int | None:
    if all(ch in _CN_DIGITS for ch in text):
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    return None


def parse_number(text: str) -> float | None:
    """A plain float from Arabic ("1,600", "40.11") or Chinese ("三", "百分之三十" body) digits."""
    cleaned = text.replace(",", "").replace("，", "")
    try:
        return float(cleaned)
    except ValueError:
        value = parse_cn_integer(cleaned)
        return None if value is None else float(value)


# Units as written. Base units that may carry a 万/亿 multiplier in front ("万平方米", "亿斤").
_BASE_UNITS = [
    "平方公里", "平方千米", "平方米", "平米", "立方米", "公顷", "亩", "公里", "千米", "米",
    "千瓦时", "千瓦", "兆瓦", "吉瓦", "瓦", "度", "吨标准煤", "吨标煤", "吨", "千克", "公斤", "斤",
    "升", "元", "人次", "人", "户", "辆", "台套", "台", "套", "个", "座", "处", "家", "所", "张",
    "项", "条", "栋", "幢", "片", "株", "棵", "件", "根", "口", "床", "间", "艘", "名", "次", "部",
    "杆", "基", "千伏安", "伏安", "标箱", "块标砖", "块",
]
# Units read only after a 万/亿 multiplier: alone they are common words ("方案", "尾声").
_MULTIPLIED_UNITS = ["方", "尾"]
# Units that never take a multiplier, or read as one piece.
_PLAIN_UNITS = ["年一遇", "个百分点", "百分点", "星级", "层", "岁", "倍", "天", "小时", "分钟",
                "微克/立方米", "毫克/立方米", "毫克/升", "分贝"]
_ASCII_UNITS = ["kWh", "kW", "MW", "GW", "km2", "km²", "km", "m²", "m2", "m3", "m³", "t", "㎡", "㎥", "㎞"]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_SIMPLE_UNIT = (rf"(?:{_alternation(_PLAIN_UNITS)}|[万亿千百]?(?:{_alternation(_BASE_UNITS)})"
                rf"|[万亿](?:{_alternation(_MULTIPLIED_UNITS)})|(?:[万亿]\s?)?(?:{_alternation(_ASCII_UNITS)}))")
# A rate unit such as "吨/万平方米" or "公里/平方公里" is two simple units joined by a slash (which pdftotext
# may space apart: "吨 / 天").
UNIT_PATTERN = rf"(?:%|％|‰|{_SIMPLE_UNIT}(?:\s?[/／]\s?(?:{_SIMPLE_UNIT}|年|日|天|人|户))?)"

_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CN_NUM = rf"[{CN_NUMERAL_CHARS}]+"

# The dash or word between the ends of a range: "2-3个", "1~2个", "0.6—0.8", "一至两个".
_RANGE_SEP = r"\s?(?:[-~～—–]|至|到)\s?"
# "零填埋", "零排放": zero of the thing named after it.
ZERO_WORDS = ("填埋", "排放", "直排", "新增")

# "七成以上": tenths of the whole, a share in %. Only after a word that sets a level (达到七成, 超过八成) or
# before 以上/左右, so "建成", "三成员", "一成不变" stay words.
_TENTHS = (r"(?:(?<=达到)|(?<=超过)|(?<=超)|(?<=逾)|(?<=达)|(?<=占)|(?<=于)|(?<=近)|(?<=约))"
           r"(?P<tenths>[一二三四五六七八九])成"
           r"(?=以上|左右|及以上|[，。；、]|$)")

MENTION_RE = re.compile(
    rf"""
    (?P<pct>百分之(?P<pctnum>{_CN_NUM}|{_ARABIC}))
  | (?<![A-Za-z0-9.\-/_])(?P<num>{_ARABIC})(?:\s?(?P<unit>{UNIT_PATTERN}))?
  | (?P<cnnum>{_CN_NUM}(?:点[{CN_NUMERAL_CHARS}]+)?)(?P<cnunit>{UNIT_PATTERN})
  | (?P<zero>清零|(?<![零〇一二两三四五六七八九十百千万亿净])零(?=(?:{"|".join(ZERO_WORDS)})))
  | {_TENTHS}
    """,
    re.VERBOSE,
)
# The rest of a range after its low end: "-3个", "~2个", "—0.8", "-15%". Tried only where a separator follows
# a number, so the scan stays one regex pass.
_RANGE_TAIL_RE = re.compile(rf"{_RANGE_SEP}(?P<high>{_ARABIC})(?:\s?(?P<unit>{UNIT_PATTERN}))?(?![\d.\-/年月日])")
_RANGE_STARTS = frozenset("-~～—–至到 ")
# "一至两个": the low end and the word before the numeral the scan read.
_CN_RANGE_HEAD_RE = re.compile(r"([一二两三四五六七八九十])(?:至|到)$")


@dataclass(frozen=True)
class Mention:
    """A number in the text with its unit, as offsets into the paragraph it was found in."""

    start: int
    end: int
    value: float
    unit: str
    chinese: bool = False
    high: float | None = None  # the upper end of a range ("2-3个": value 2, high 3)


def normalise_unit(unit: str) -> str:
    """The unit as written, normalised only for width and the percent sign."""
    unit = re.sub(r"\s", "", unit.replace("％", "%").replace("／", "/"))
    return "%" if unit == "%" else unit


# Symbols a plan's tables write for the units its prose writes in characters (万 m2 beside 万平方米).
_UNIT_SYMBOLS = {"m2": "平方米", "m²": "平方米", "㎡": "平方米", "平米": "平方米", "m3": "立方米", "m³": "立方米",
                 "㎥": "立方米", "㎞": "公里",
                 "km": "公里", "千米": "公里", "km2": "平方公里", "km²": "平方公里", "平方千米": "平方公里",
                 "kw": "千瓦", "mw": "兆瓦", "gw": "吉瓦", "kwh": "千瓦时", "t": "吨"}
_UNIT_SYMBOL_RE = re.compile(r"^(?P<scale>[万亿千]?)(?P<base>.+)$")


def unit_key(unit: str) -> str:
    """The unit as two statements of one target compare it: symbols and characters alike (万m2 = 万平方米)."""
    unit = normalise_unit(unit)
    if unit.lower() in _UNIT_SYMBOLS:
        return _UNIT_SYMBOLS[unit.lower()]
    found = _UNIT_SYMBOL_RE.match(unit)
    if found is None:
        return unit
    base = _UNIT_SYMBOLS.get(found.group("base").lower(), found.group("base"))
    return found.group("scale") + base


def iter_mentions(text: str) -> list[Mention]:
    """Every number-with-unit in `text`, plus bare Arabic numbers (unit ""), ranges (one mention with both ends)
    and 清零/零填埋 (0)."""
    found: list[Mention] = []
    covered = 0  # the end of the last range: its high end is not read again
    for m in MENTION_RE.finditer(text):
        if m.start() < covered:
            continue
        num = m.group("num")
        if num is not None:
            end = m.end()
            if end < len(text) and text[end] in _RANGE_STARTS:
                ranged = _range_mention(text, m)
                if ranged is not None:
                    found.append(ranged)
                    covered = ranged.end
                    continue
            value = parse_number(num)
            # "5G", "PM2.5", "GB55015-2021": a number glued to Latin letters names a thing.
            if value is not None and not _glued_to_latin(text, m):
                found.append(Mention(m.start(), end, value, normalise_unit(m.group("unit") or "")))
        elif m.group("zero"):
            found.append(Mention(m.start(), m.end(), 0.0, ""))
        elif m.group("tenths"):
            found.append(Mention(m.start(), m.end(), float(_CN_DIGITS[m.group("tenths")] * 10), "%", chinese=True))
        elif m.group("pct"):
            value = parse_number(m.group("pctnum"))
            if value is not None:
                found.append(Mention(m.start(), m.end(), value, "%", chinese=True))
        else:
            mention = _chinese_mention(m)
            if mention is not None:
                found.append(mention)
    return found


def _range_mention(text: str, m: re.Match[str]) -> Mention | None:
    """The range that starts with the number `m` ("2-3个", "0.6—0.8", "10%-15%"), or None where the numbers
    are no range: integers without a unit ("2021-2025", "3-5") name years or items, not bounds."""
    tail = _RANGE_TAIL_RE.match(text, m.end())
    if tail is None:
        return None
    low, high = parse_number(m.group("num")), parse_number(tail.group("high"))
    lowunit, unit = normalise_unit(m.group("unit") or ""), normalise_unit(tail.group("unit") or "")
    if low is None or high is None or not low < high or (lowunit and lowunit != unit):
        return None
    if not unit and low == int(low) and high == int(high):
        return None
    return Mention(m.start(), tail.end(), low, unit, high=high)


def _glued_to_latin(text: str, m: re.Match[str]) -> bool:
    if m.group("unit"):
        return False
    nxt = text[m.end("num"):m.end("num") + 1]
    return nxt.isascii() and (nxt.isalpha() or nxt in "-_")


# A slogan's amount in words: one of 十/百/千 before a unit of 万 or 亿, then the thing it counts
# ("千万亩油茶基地", "千亿元产业"). A class ("千亿元级", "百万千瓦以上"), a thing counted by a number before it
# ("3个百亿元产业集群") or a unit with nothing after it ("产值过千亿元") stays no amount.
_MAGNITUDE_NOUN_RE = re.compile(r"[\u4e00-\u9fff]{2}")
_MAGNITUDE_CLASS_RE = re.compile(r"(?:级|以上|以下|左右|规模|量级|水平|能级)")
_COUNTED_BEFORE_RE = re.compile(r"(?:\d|[一二两三四五六七八九十几数多])\s?[个家座批项条类处]$")


def _magnitude_amount(m: re.Match[str], numeral: str, unit: str) -> bool:
    """True for "千万亩油茶基地": a single 十/百/千 before a 万/亿 unit, with the noun it counts after it."""
    if numeral not in ("十", "百", "千") or not unit.startswith(("亿", "万")):
        return False
    text = m.string
    after = text[m.end():m.end() + 4]
    if not _MAGNITUDE_NOUN_RE.match(after) or _MAGNITUDE_CLASS_RE.match(after):
        return False
    return _COUNTED_BEFORE_RE.search(text[max(0, m.start() - 4):m.start()]) is None


def _chinese_mention(m: re.Match[str]) -> Mention | None:
    numeral = m.group("cnnum")
    # A numeral glued to a longer word ("一批", "三大") has been cut off by the unit regex only
    # when the unit really follows; single 一 before 个/处 is mostly "one of" wording, so keep it
    # only for grades and return periods where "一星级" is a real value.
    unit = normalise_unit(m.group("cnunit"))
    if "点" in numeral:
        whole, _, frac = numeral.partition("点")
        left, right = parse_cn_integer(whole), _digit_string(frac)
        value = None if left is None or right is None else float(f"{left}.{right}")
    else:
        parsed = parse_cn_integer(numeral)
        value = None if parsed is None else float(parsed)
    if value is None:
        return None
    if numeral == "一" and unit not in ("星级", "年一遇"):
        return None
    magnitude_only = numeral in ("百", "千", "万", "亿", "十百", "百千")
    magnitude = magnitude_only or (unit.startswith(("亿", "万")) and numeral in ("十", "百", "千"))
    if magnitude and not _magnitude_amount(m, numeral, unit):
        return None  # "千亿元级", "3个百亿元产业集群": a magnitude class, not an amount
    head = _CN_RANGE_HEAD_RE.search(m.string, max(0, m.start() - 2), m.start())
    if head is not None and "点" not in numeral:
        low = parse_cn_integer(head.group(1))
        if low is not None and low < value:  # "一至两个": at least one, at most two
            return Mention(head.start(), m.end(), float(low), unit, chinese=True, high=value)
    return Mention(m.start(), m.end(), value, unit, chinese=True)
