"""Time phrases that give a target its year: 到2025年, 2023年10月底前, 自2023年起, “十四五”末.

A phrase is either a *deadline* ("到2025年", "2023年底前"), which governs the numbers after it
up to the end of its sentence, or *standing* ("自2023年起"), which governs the rest of the
paragraph. Years that only name a reference point (比2020年, 由2015年的, 2000年前建成的) are
not time phrases.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from greentrack.extract.numbers import parse_cn_integer

# The five-year plans by number: the Nth plan ends in 1955 + 5·N ("十四五" → 2025).
_PLAN_NUMBERS = {"十一": 11, "十二": 12, "十三": 13, "十四": 14, "十五": 15, "十六": 16}

# A year in Arabic digits, or in Chinese ones as formal documents sometimes write it (二〇二五年).
_YEAR = r"(?:(?P<year>(?:19|20)\d{2})|(?P<cnyear>[一二][〇零○九][〇零○一二三四五六七八九]{2}))\s?年"
_MONTH = r"(?:(?P<month>1[0-2]|0?[1-9])\s?月(?:份)?)"
TIME_RE = re.compile(
    rf"""
    (?P<lead>自|从|于|在|到|至|截至|截止到|截止|争取到|力争到|力争在|争取在|预计到)?
    (?:
        (?:(?P<from>(?:19|20)\d{{2}})\s?年?\s?(?:至|到|—|-|～|~)\s?)?
        {_YEAR}(?:(?P<yearend>年?底|年?末|度)|{_MONTH}(?P<monthend>底|末)?)?
        (?P<tail>起|开始|以来|前|以前|之前)?
      | [“"]?(?P<plan>十[一二三四五六])五[”"]?(?:规划)?(?P<plankind>期间|时期|末|期末|中期|初期|以来)?
      | (?P<vision>(?:19|20)\d{2})\s?年远景
    )
    """,
    re.VERBOSE,
)

# The end of a range within one year: the "—6月" of "2023年1月—6月".
_SAME_YEAR_END = re.compile(r"\s?(1[0-2]|0?[1-9])\s?月(?:底|末)?(?!\d)")
# What every time phrase holds: a year or a five-year plan's number.
_YEAR_HINT = re.compile(r"(?:19|20)\d{2}|十[一二三四五六]五|[一二][〇零○九][〇零○一二三四五六七八九]{2}年")

# Characters before a year that make it a reference point rather than a time phrase.
_REFERENCE_BEFORE = ("比", "较", "与", "同", "由", "相对", "对比", "基于", "以", "和", "、", "的", "年")


@dataclass(frozen=True)
class TimePhrase:
    """A time phrase found in a paragraph: its span, year, optional ISO deadline and reach."""

    start: int
    end: int
    year: int
    deadline: str | None
    standing: bool
    past: bool = False
    first_year: int | None = None
    # The first year of the period the phrase names: 2023 of "2023—2025年", 2021 of "“十四五”期间".
    period_start: int | None = None


@dataclass(frozen=True)
class Governing:
    """A time phrase from outside a paragraph that governs it, and the doubt code saying where it came from."""

    time: TimePhrase
    doubt: str


def heading_time(path: tuple[str, ...]) -> TimePhrase | None:
    """The time a section path gives its paragraphs: the last deadline in the innermost heading that writes one
    ("全面推进阶段（2024年3月至2024年10月）" → 2024-10-31, "“十四五”时期发展目标" → 2025)."""
    for title in reversed(path):
        found = [t for t in find_time_phrases(title) if not t.past]
        if found:
            return found[-1]
    return None


def _last_day(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def find_time_phrases(text: str) -> list[TimePhrase]:
    """Every time phrase in a paragraph, in order."""
    phrases: list[TimePhrase] = []
    if _YEAR_HINT.search(text) is None:
        return phrases  # most task paragraphs name no year: TIME_RE's optional lead makes a full scan slow
    for m in TIME_RE.finditer(text):
        phrase = _phrase(text, m)
        if phrase is not None:
            phrases.append(phrase)
    return phrases


def _phrase(text: str, m: re.Match[str]) -> TimePhrase | None:
    if m.group("plan"):
        return _plan_phrase(m)
    if m.group("vision"):
        return TimePhrase(m.start(), m.end(), int(m.group("vision")), None, standing=False)
    year = int(m.group("year")) if m.group("year") else _chinese_year(m.group("cnyear"))
    lead, tail = m.group("lead") or "", m.group("tail") or ""
    after = text[m.end():m.end() + 3]
    before = text[max(0, m.start() - 2):m.start()]
    if not lead and before.endswith(_REFERENCE_BEFORE) and not before.endswith("占比"):  # 占比 is a share, not 比
        return None
    # "2000年前建成的", "2015年以来" describe the past or pick out old stock.
    if tail in ("前", "以前", "之前") and after.startswith(("建成", "建设", "竣工", "建的", "的")):
        return None
    if tail == "以来" or after.startswith(("的", "相比", "基础上", "水平", "为基")):
        return None
    if text[m.end():m.end() + 1] in ("—", "-", "～", "~", "至") and not lead:
        same_year = _SAME_YEAR_END.match(text, m.end() + 1) if m.group("month") else None
        if same_year is not None:
            # "（2023年1月—6月）": a period within one year, due at the end of its last month
            month = int(same_year.group(1))
            return TimePhrase(m.start(), same_year.end(), year, _last_day(year, month), standing=False,
                              first_year=year, period_start=year)
        return None  # the first year of a range ("2022—2025年") is the range's, read with its end
    standing = lead in ("自", "从") or tail in ("起", "开始")
    month = m.group("month")
    deadline = None
    if month:
        deadline = _last_day(year, int(month))
    elif m.group("yearend") and m.group("yearend") != "度":
        deadline = f"{year:04d}-12-31"
    first = int(m.group("from")) if m.group("from") else None
    start = first if first is not None and first <= year else None
    return TimePhrase(m.start(), m.end(), year, deadline, standing, first_year=first, period_start=start)


def _chinese_year(digits: str) -> int:
    """二〇二五 → 2025 (○, a circle some documents type for 〇, read as one)."""
    year = parse_cn_integer(digits.replace("○", "〇"))
    assert year is not None  # _YEAR admits only digit strings
    return year


def _plan_phrase(m: re.Match[str]) -> TimePhrase | None:
    number = _PLAN_NUMBERS.get(m.group("plan"))
    if number is None:
        return None
    kind = m.group("plankind") or ""
    end_year = 1955 + 5 * number
    past = kind == "以来"
    # A five-year plan's period is its five years whenever the plan citing it was issued ("十四五" → 2021–2025).
    return TimePhrase(m.start(), m.end(), end_year, None, standing=False, past=past,
                      period_start=None if past else end_year - 4)


def issue_year(text: str) -> int | None:
    """The year the document was issued: the first full date (YYYY年M月D日) near its top."""
    m = _ISSUE_RE.search(text[:3000])
    return int(m.group(1)) if m else None


_ISSUE_RE = re.compile(r"((?:19|20)\d{2})\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?日")
