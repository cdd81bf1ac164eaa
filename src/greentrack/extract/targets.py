"""Targets written in prose: "到2024年，全市清洁取暖覆盖率达到85%以上".

Each paragraph is scanned once for number mentions; each mention is read against the clause
around it: the text before it (indicator, hedge, comparator), the qualifier and text after it,
the time phrase in force and the earlier targets of the same sentence (parallel clauses share
an indicator, a hedge and a kind).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from greentrack.extract import vocab as V
from greentrack.extract.clause import ClauseReader
from greentrack.extract.drafts import Draft, Sentence
from greentrack.extract.numbers import MENTION_RE, Mention, iter_mentions
from greentrack.extract.structure import Paragraph, sentence_spans
from greentrack.extract.times import Governing, TimePhrase, find_time_phrases, heading_time

_CLAUSE_BREAK = re.compile(r"[，,；;：:。！？!?]")
# Spans whose numbers are names or citations: quotes, book titles, parentheses, 文号 brackets.
_MASK_RE = re.compile(r"“[^”]{0,60}”|\"[^\"]{0,60}\"|《[^》]{0,120}》|〈[^〉]{0,80}〉|〔[^〕]{0,12}〕|"
                      r"（[^（）]{0,200}）|\([^()]{0,200}\)|【[^】]{0,60}】|‘[^’]{0,40}’")
_LIST_JOIN = re.compile(r"^(?:以上|以下|左右)?[和、及与,，]?$")
_SUBJECT_SPLIT = re.compile(r"和|、|及|与|以及")
_NAME_AFTER = re.compile(r"^(?:便民|社区|生活|服务|通勤|交通|就业|健身|文化)?(?:生活圈|服务圈|通勤圈|交通圈|健身圈)")
_SPACES = re.compile(r"\s+")

_MILESTONE_RE = re.compile(r"[（(](?:其中[，,：:]?)?(?:到|至|在|于)?(?:19|20)\d{2}\s?年[^（）()]{0,40}\d")
# What every time phrase holds: a year or a five-year plan's number (十四五).
_TIME_HINT = re.compile(r"\d{4}|十[一二三四五六]五")
_HEAD_PREFIX = re.compile(r"(?:力争|争取|预计|计划)?")
# Characters from a paragraph's body start within which its opening time phrase must end.
_HEAD_REACH = 40

__all__ = ["Draft", "ParagraphReader", "ProseReader"]


def head_time(para: Paragraph, times: list[TimePhrase]) -> TimePhrase | None:
    """The time phrase opening the paragraph body, which governs the whole paragraph."""
    body = para.body_start
    prefix = _HEAD_PREFIX.match(para.text, body)
    lead = prefix.end() if prefix else body
    for t in times:
        if t.start in (body, lead):
            return t
    return None


# A goal verb before a quoted slogan of amounts: "实现“千万亩油茶基地、千亿元油茶产业”".
_SLOGAN_VERB = re.compile(r"(?:实现|达到|建成|打造|形成|突破)$")


def _is_slogan(text: str, span: tuple[int, int]) -> bool:
    """True for a quoted slogan whose every item opens with an amount in 万 or 亿 ("千万亩A、千亿元B") after a
    goal verb: its amounts are targets. Other quotes ("三个转变", “双千”) name things and stay masked."""
    start, end = span
    if text[start] != "“" or not _SLOGAN_VERB.search(text, 0, start):
        return False
    items = re.split(r"[、，,]", text[start + 1:end - 1])
    for item in items:
        found = iter_mentions(item)
        if not found or found[0].start != 0 or not found[0].unit.startswith(("万", "亿")):
            return False
    return True


class ParagraphReader:
    """Reads the targets of one paragraph."""

    def __init__(self, para: Paragraph, issue_year: int | None, inherited: Governing | None = None,
                 earlier: dict[str, str] | None = None) -> None:
        self.para = para
        self.earlier = earlier or {}  # unit → the indicator last read in that unit earlier in the section
        self.text = para.text
        self.issue_year = issue_year
        self.inherited = inherited  # a time from the paragraph's block or heading, where it has none of its own
        spans = [(m.start(), m.end()) for m in _MASK_RE.finditer(self.text)]
        # "（其中，2023年达到45%）": an earlier milestone in brackets is a target of its own, whose year
        # governs only inside the brackets.
        self.milestones = [(s, e) for s, e in spans if _MILESTONE_RE.match(self.text, s)]
        self.masked = [span for span in spans if span not in self.milestones and not _is_slogan(self.text, span)]
        self.times = find_time_phrases(self.text)
        self.breaks = [m.start() for m in _CLAUSE_BREAK.finditer(self.text)]
        self.head_time = head_time(para, self.times)
        self.last: Draft | None = None

    # -- context -------------------------------------------------------------------------

    def _is_masked(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.masked)

    def _in_time(self, start: int, end: int) -> bool:
        return any(t.start <= start < t.end or t.start < end <= t.end for t in self.times)

    def clause_start(self, pos: int, floor: int) -> int:
        start = floor
        for b in self.breaks:
            if b >= pos:
                break
            start = max(start, b + 1)
        return start

    def clause_end(self, pos: int, ceiling: int) -> int:
        for b in self.breaks:
            if b >= pos:
                return min(b, ceiling)
        return ceiling

    def time_for(self, pos: int, sentence: Sentence, inherited: bool = True) -> TimePhrase | None:
        """The phrase in force at `pos`: the sentence's own, a standing one, the paragraph's, or (unless
        `inherited` is false) the one its goal block or heading gives it."""
        inside = [t for t in self.times if sentence.start <= t.start and t.end <= pos
                  and not any(s <= t.start < e and not s <= pos < e for s, e in self.milestones)]
        if inside:
            return inside[-1]
        standing = [t for t in self.times if t.standing and t.end <= pos]
        if standing:
            return standing[-1]
        if self.head_time is not None or not inherited or self.inherited is None:
            return self.head_time
        return self.inherited.time

    # -- reading -------------------------------------------------------------------------

    def read(self) -> list[Draft]:
        """Every target of the paragraph, in order."""
        drafts: list[Draft] = []
        mentions = [m for m in iter_mentions(self.text) if self._candidate(m)]
        body = self.para.number_end
        for s_start, s_end in sentence_spans(self.text, body):
            inside = [m for m in mentions if s_start <= m.start < s_end]
            if not inside or V.FORECAST_RE.search(self.text[s_start:s_end]):
                continue
            sentence = Sentence(s_start, s_end)
            sentence.hedge = self._sentence_hedge(s_start, s_end, mentions)
            sentence.rule = bool(V.CONDITION_HEAD_RE.match(self.text[s_start:s_end]))
            consumed: set[int] = set()
            baseline: tuple[Mention, int | None, int] | None = None
            for i, mention in enumerate(inside):
                if i in consumed:
                    continue
                found = self._baseline(mention)
                if found is not None:
                    baseline = (mention, *found)
                    continue
                group = self._list_group(inside, i)
                sentence.baseline = baseline
                for draft in self._read_mention(inside, i, group, sentence):
                    drafts.append(draft)
                    sentence.last = draft
                    self.last = draft
                    sentence.value_end = int(draft.extra.get("value_end", inside[group[-1]].end))
                baseline = None
                consumed.update(group)
        return drafts

    def _baseline(self, m: Mention) -> tuple[int | None, int] | None:
        """(year, offset of 由/从) when the mention is the starting value of "由X提高到Y"."""
        before = V.BASELINE_BEFORE_RE.search(self.text[max(0, m.start - 10):m.start])
        if before is None or not V.BASELINE_AFTER_RE.match(self.text[m.end:]):
            return None
        year = int(before.group("year")) if before.group("year") else None
        return year, m.start - (len(self.text[max(0, m.start - 10):m.start]) - before.start())

    def _candidate(self, m: Mention) -> bool:
        if m.start < self.para.number_end or self._is_masked(m.start, m.end) or self._in_time(m.start, m.end):
            return False
        before = self.text[max(0, m.start - 2):m.start]
        if before.endswith(V.NOT_AFTER) and not (V.LISTED_RE.search(before) and V.COUNT_UNIT_RE.match(m.unit)):
            return False
        after = self.text[m.end:m.end + 1]
        if not m.unit and (after in "年月日号期条款章节项位名级类批次"
                           or (1900 <= m.value <= 2100 and m.value == int(m.value))):
            return False
        return not (m.unit in ("分钟", "公里", "米") and _NAME_AFTER.match(self.text[m.end:]))

    def _sentence_hedge(self, start: int, end: int, mentions: list[Mention]) -> bool:
        """A hedge in a sentence's opening clause, before any number, covers the sentence ("力争到2025年，…");
        an encouragement (鼓励发展…) covers only its own clause."""
        first_break = self.clause_end(start, end)
        head = _SPACES.sub("", self.text[start:first_break])  # "力 争 到 ２０２５ 年" in justified text
        has_number = any(start <= m.start < first_break for m in mentions)
        hedges = {found.group() for found in V.HEDGE_RE.finditer(head)}
        return bool(hedges) and not has_number and not all(V.ENCOURAGE_RE.fullmatch(h) for h in hedges)

    def _list_group(self, inside: list[Mention], i: int) -> list[int]:
        """Indices of a "分别…A和B" list starting at mention i (just [i] when there is none)."""
        group = [i]
        clause_start = self.clause_start(inside[i].start, 0)
        if "分别" not in self.text[clause_start:inside[i].start]:
            return group
        j = i + 1
        while j < len(inside):
            between = _BRACKET_FIRST.sub("", self.text[inside[j - 1].end:inside[j].start])  # "97%（城市）、95%"
            if not _LIST_JOIN.match(between) or inside[j].unit != inside[i].unit:
                break
            group.append(j)
            j += 1
        return group

    def _read_mention(self, inside: list[Mention], i: int, group: list[int], sentence: Sentence) -> list[Draft]:
        mention = inside[i]
        # Text before the number starts after the last value read in this sentence; numbers
        # rejected as part of a name ("1公里充电服务圈覆盖率") stay in the indicator.
        prev_end = sentence.value_end
        ctx = ClauseReader.build(self, mention, prev_end, sentence)
        if ctx is None:
            return []
        draft = ctx.draft()
        if draft is None:
            return []
        if mention.high is not None:
            return _range_ends(draft, mention.high)
        if mention.value == 0 and not mention.unit:
            return _each_subject(draft)
        if len(group) == 1:
            return _each_listed(draft) or _each_rate(draft)
        return self._spread(draft, ctx, [inside[j] for j in group])

    def _spread(self, first: Draft, ctx: ClauseReader, mentions: list[Mention]) -> list[Draft]:
        """One target per value of a 分别 list, pairing subjects and values in order."""
        subjects = [s for s in _SUBJECT_SPLIT.split(first.indicator) if s]
        scopes: list[str | None] = [first.scope] * len(mentions)
        if len(subjects) != len(mentions):
            subjects = [first.indicator] * len(mentions)
        else:
            subjects, scopes = _shared_head(subjects, scopes)
        years: list[int | None] = [first.year] * len(mentions)
        deadlines: list[str | None] = [first.deadline] * len(mentions)
        time = self.time_for(mentions[0].start, ctx.sentence)
        if time is not None and time.first_year and time.year - time.first_year + 1 == len(mentions):
            # "2023至2025年…分别达到70%、85%、95%": one value per year of the range.
            years = list(range(time.first_year, time.year + 1))
            deadlines = [first.deadline if year == first.year else None for year in years]
        elif len(listed := self._listed_years(ctx.sentence, mentions[0].start)) == len(mentions):
            # "2023年、2024年、2025年…分别达到…", "到2023年底和2025年底…分别达到…": one value per year listed.
            years, deadlines = [year for year, _ in listed], [deadline for _, deadline in listed]
        for k, mention in enumerate(mentions):
            bracket = V.BRACKETED_AREA_RE.match(self.text, mention.end)
            if bracket:
                scopes[k] = bracket.group(1)  # "30%（全省）、35%（重点推进地区）": each value's own area
        drafts = []
        for subject, scope, mention, year, deadline in zip(subjects, scopes, mentions, years, deadlines, strict=True):
            sign = -1.0 if first.value < 0 else 1.0
            drafts.append(Draft(**{**first.__dict__, "indicator": subject, "scope": scope,
                                   "value": sign * mention.value, "year": year, "deadline": deadline,
                                   "end": max(first.end, mention.end), "extra": {"value_end": mention.end}}))
        return drafts

    def _listed_years(self, sentence: Sentence, before: int) -> list[tuple[int, str | None]]:
        """(year, deadline) of each year of a list written before `before` in the sentence ("2023年、2024年、2025年",
        "2023年底和2025年底": year-end deadlines); none where the sentence lists no years."""
        found = list(_YEAR_LIST.finditer(self.text, sentence.start, before))
        if not found or self.text[max(0, found[-1].start() - 2):found[-1].start()].endswith(_COMPARED_WITH):
            return []  # none, or years compared with ("比2015年和2020年…")
        return [(int(m.group(1)), f"{m.group(1)}-12-31" if m.group(2) else None)
                for m in _LISTED_YEAR.finditer(found[-1].group())]


_GOAL_TITLE = re.compile(r"目标")
# "A、B各": a list of two to six short names, each given the amount after 各.
_EACH_LIST = re.compile(r"((?:[\u4e00-\u9fff“”]{2,12}[、和及与]){1,5}[\u4e00-\u9fff“”]{2,12})各")
# A value's bracketed qualifier at the start of what follows it ("（城市）、"): no break in a 分别 list.
_BRACKET_FIRST = re.compile(r"^(?:以上|以下|左右)?[（(][^（）()\d]{1,12}[）)]")
# Words before a list of years that compare with them ("比2015年和2020年…"): no years of the targets.
_COMPARED_WITH = ("比", "较", "由", "与", "从", "相对", "对比")
# Years written as a list: "2023年、2024年、2025年", "2023年底和2025年底", "到2023年和到2025年".
_LISTED_YEAR = re.compile(r"((?:19|20)\d{2})\s?年(底|末)?")
_YEAR_LIST = re.compile(r"(?:19|20)\d{2}\s?年(?:底|末)?(?:\s*[、和及与]\s*(?:到|至)?\s*(?:19|20)\d{2}\s?年(?:底|末)?)+")
# Kinds of area a coordinated list names before a shared indicator ("城市、县城…率分别…"): recorded as scopes.
_AREA_ITEM = re.compile(r"^(?:城市|县城|城镇|农村|城区|乡镇|建制镇|中心城区|县级城市|地级城市)$")


def _shared_head(subjects: list[str], scopes: list[str | None]) -> tuple[list[str], list[str | None]]:
    """Give every item of "甲、乙X分别…" the head X the last item carries: short items of one length before a
    longer last one share its tail ("公交车、出租车占比" → 公交车占比, 出租车占比). An item naming a kind of
    area becomes the scope and the tail alone the indicator. Lists that do not fit the shape stay as they are."""
    *front, last = subjects
    size = len(front[0]) if front else 0
    if not front or size > 4 or any(len(item) != size for item in front) or len(last) < size + 2:
        return _parallel_head(subjects), scopes
    items, head = [*front, last[:size]], last[size:]
    if all(_AREA_ITEM.match(item) for item in items):
        return [head] * len(items), list(items)
    return [item + head for item in items], scopes


def _parallel_head(subjects: list[str]) -> list[str]:
    """"新建居住建筑和公共建筑节能率": items that end as the last item's subject ends (…建筑) share what follows it
    there, where that names a measure and no item has one ("节能率" → 新建居住建筑节能率). Else the list as it is."""
    *front, last = subjects
    ending = front[-1][-2:] if front and len(front[-1]) >= 2 else ""
    at = last.rfind(ending) if ending else -1
    head = last[at + len(ending):] if at > 0 else ""
    if not head or not V.MEASURE_WORD_RE.search(head) or any(V.MEASURE_WORD_RE.search(item) for item in front) \
            or any(not item.endswith(ending) for item in front):
        return subjects
    return [item + head for item in front] + [last]


class ProseReader:
    """Reads a document's prose paragraphs in order, carrying what governs from one paragraph to the next.

    A time phrase opening a paragraph of a goal block (a section titled …目标) governs the block's later
    paragraphs that have none of their own ("某市各县区的具体目标为：…" after "“十四五”期间，…"); a time
    phrase in a heading ("全面推进阶段（2024年3月至2024年10月）") governs its section's paragraphs.
    """

    def __init__(self, issue_year: int | None, path_at: Callable[[int], tuple[str, ...]]) -> None:
        self.issue_year = issue_year
        self.path_at = path_at
        self._block: tuple[tuple[str, ...], TimePhrase] | None = None
        self._headings: dict[tuple[str, ...], TimePhrase | None] = {}
        self._path: tuple[str, ...] | None = None
        self._earlier: dict[str, str] = {}  # unit → the last indicator read in it in the current section

    def read(self, para: Paragraph) -> list[Draft]:
        """The targets of `para`, the next prose paragraph of the document."""
        if not MENTION_RE.search(para.text):  # most paragraphs hold no number at all
            opening = para.text[:para.body_start + _HEAD_REACH]
            if _TIME_HINT.search(opening):
                self._note_block(para, head_time(para, find_time_phrases(opening)))
            return []
        path = self.path_at(para.start)
        if path != self._path:
            self._path, self._earlier = path, {}
        reader = ParagraphReader(para, self.issue_year, self._inherited(path), dict(self._earlier))
        drafts = reader.read()
        self._note_block(para, reader.head_time, path)
        for draft in drafts:
            if "indicator_inherited" not in draft.doubts and not V.PLACE_RE.match(draft.indicator):
                self._earlier[draft.unit] = draft.indicator
        return drafts

    def _note_block(self, para: Paragraph, time: TimePhrase | None, path: tuple[str, ...] | None = None) -> None:
        """Remember an opening time phrase of a goal block's paragraph for the block's later paragraphs."""
        if time is None:
            return
        path = self.path_at(para.start) if path is None else path
        if any(_GOAL_TITLE.search(title) for title in path):
            self._block = (path, time)

    def _inherited(self, path: tuple[str, ...]) -> Governing | None:
        if self._block is not None and self._block[0] == path:
            return Governing(self._block[1], "year_from_block")
        if path not in self._headings:
            self._headings[path] = heading_time(path)
        found = self._headings[path]
        return Governing(found, "year_from_heading") if found is not None else None


def _range_ends(draft: Draft, high: float) -> list[Draft]:
    """"2-3个", "0.6—0.8": two records, at least the low end and at most the high end."""
    sign = -1.0 if draft.value < 0 else 1.0
    low = replace(draft, comparator=">=", doubts=list(draft.doubts), extra=dict(draft.extra))
    return [low, replace(draft, comparator="<=", value=sign * high, doubts=list(draft.doubts),
                         extra=dict(draft.extra))]


# A subject list before 清零/零填埋 ("A、B动态清零"): each item is brought to zero.
_SUBJECTS = re.compile(r"[、和及与]")


def _each_subject(draft: Draft) -> list[Draft]:
    """One zero target per listed subject: "城中河道、黑臭沟渠动态清零" gives two."""
    subjects = [part for part in _SUBJECTS.split(draft.indicator) if len(part) >= 2]
    if len(subjects) < 2 or "“" in draft.indicator:
        return [draft]
    return [replace(draft, indicator=subject, doubts=list(draft.doubts), extra=dict(draft.extra))
            for subject in subjects]


def _each_listed(draft: Draft) -> list[Draft]:
    """"创建绿色学校、绿色医院各5所": 各 gives each listed thing the amount, one record each; [] where the indicator
    is no such list, or lists places (each doing the amount: they are scopes, not names)."""
    each = _EACH_LIST.fullmatch(draft.indicator)
    listed = [item for item in re.split(r"[、和及与]", each.group(1)) if item] if each else []
    if not listed or all(V.PLACE_RE.match(item) for item in listed):
        return []
    return [replace(draft, indicator=item, doubts=list(draft.doubts), extra=dict(draft.extra)) for item in listed]


def _each_rate(draft: Draft) -> list[Draft]:
    """"医疗废物、餐厨废物规范处置率保持98%": a rate of each listed thing, one record each. The items share
    their last two characters (废物); a list of adjectives ("大型、超大型数据中心…") or of sums ("…面积") stays one."""
    items = draft.indicator.split("、")
    if len(items) < 2 or not draft.indicator.endswith("率") or any(
            not 3 <= len(item) <= 8 or re.search(r"\d", item) for item in items[:-1]):
        return [draft]
    shared, last = items[0][-2:], items[-1]
    if any(item[-2:] != shared for item in items[:-1]):
        return [draft]
    cut = last.find(shared, 1)
    tail = last[cut + 2:] if cut >= 0 else ""
    if len(tail) < 3:
        return [draft]
    subjects = [*items[:-1], last[:cut + 2]]
    return [replace(draft, indicator=subject + tail, doubts=list(draft.doubts), extra=dict(draft.extra))
            for subject in subjects]
