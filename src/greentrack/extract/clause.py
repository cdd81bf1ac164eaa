"""One number mention read against its clause: indicator, comparator, kind, scope, hedge and year.

`ParagraphReader` (extract/targets.py) walks a paragraph's sentences and hands each mention here
with the sentence's state (`Sentence`); the clause reader decides whether the mention is a
target and builds its `Draft`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from greentrack.extract import vocab as V
from greentrack.extract.drafts import Draft, ParagraphView, Sentence
from greentrack.extract.grades import STANDARD_BEFORE_GRADE, grade_name, grade_scope
from greentrack.extract.numbers import UNIT_PATTERN, ZERO_WORDS, Mention, iter_mentions
from greentrack.extract.times import TimePhrase

_CLAUSE_MARK = re.compile(r"[，,；;：:。]")
# Verbs that make a grade a rule projects follow rather than a rating the place reaches (达到四星级).
_GRADE_RULE_VERB = re.compile(r"执行|按照|采用|满足|依照")
_CJK_START = re.compile(r"^[\u4e00-\u9fff“]")
_RELATIVE_RE = re.compile(r"[^，；。]*的")
_FRAME_RE = re.compile(r"^(?:的)?(?:标准|比例|要求)")
_PARKING_SPACES = re.compile(r"车位")
_GRADED_PROJECTS_USE = re.compile(
    r"^[一二三1-3]星级(?:及以上)?[^，；。]{0,20}?(?:建筑|小区|项目)[^，；。]{0,4}?(?:应用|采用|使用)")
_SPACES = re.compile(r"\s+")
# A clause of only a hedge and a time ("…模式，力争到2025年，A增至20家"): it frames the rest of its sentence.
_HEDGED_FRAME = re.compile(
    r"(?:^|[，,；;])(?:力争|争取|努力|力求)(?:在|到|至|于)?(?:19|20)\d{2}年(?:底|末)?(?:前)?[，,]")
_DATA_CENTRE_PUE = re.compile(r"数据中心.*(?:PUE|ＰＵＥ|电能利用效率|能源利用效率)|PUE|ＰＵＥ")
_GRADE_CUT = re.compile(r"(?:进行)?(?:规划)?(?:建设|设计|施工|执行|配备)?$")
# A standard named right after the number: "65%节能设计标准", "75%标准".
_NAMED_STANDARD = re.compile(r"^(?:的)?[^，；。的\d]{0,6}标准")
_END_WORDS = re.compile(r"(?:工程|任务|行动|过程中|过程)$")
# Verbs that make a listed count a task: "完成/推进A、B等5个基地建设".
_LIST_ACTION = re.compile(rf"{V.ACTION_VERBS}|推进|推动|开展|加快")
# A relative clause holding a number in front of the thing counted: "总装机950万千瓦的".
_NUMBERED_RELATIVE = re.compile(r"^[^，；。的]*\d[^，；。的]*的")
_CJK_CHARS = re.compile(r"[\u4e00-\u9fff]")
# A government body is not an indicator: a bare number after one is a stamp, a list number or OCR noise.
_AGENCY_TAIL = re.compile(r"(?:局|厅|委员会|办公室|人民政府|管委会|支行|分行)$")
# Characters between a paragraph's opening time phrase and a number beyond which the year is a guess.
_FAR = 200
_UNIT_HEAD_RE = re.compile(rf"^\d+(?:\.\d+)?(?:{UNIT_PATTERN})")


@dataclass
class ClauseReader:
    """One mention read against its clause."""

    reader: ParagraphView
    mention: Mention
    sentence: Sentence
    clause_start: int
    left_start: int
    clause_end: int
    qualifier: str
    right: str

    @classmethod
    def build(cls, reader: ParagraphView, mention: Mention, prev_end: int | None,
              sentence: Sentence) -> ClauseReader | None:
        text = reader.text
        clause_start = reader.clause_start(mention.start, sentence.start)
        left_start = clause_start
        if prev_end is not None and prev_end > clause_start:
            left_start = prev_end
            last = sentence.last
            if last is not None and last.extra.get("value_first"):
                # "建设3个示范街道和20个示范社区": the next value of a value-first list.
                between = text[prev_end:mention.start]
                if between[:-1] == last.indicator and between[-1:] in ("和", "及", "与", "、"):
                    left_start = mention.start
        skip = re.match(r"[（(](?:含|不含)[)）]", text[mention.end:])
        after = mention.end + (skip.end() if skip else 0)
        q = V.QUALIFIER_RE.match(text[after:])
        qualifier = (text[mention.end:after] + q.group()) if q else text[mention.end:after]
        clause_end = reader.clause_end(mention.end + len(qualifier), sentence.end)
        right = text[mention.end + len(qualifier):clause_end]
        close = right.find("”")
        if close >= 0 and "“" not in right[:close]:
            # an amount inside a quoted slogan ("实现“千万亩油茶基地”的目标"): what it counts ends at the quote
            clause_end -= len(right) - close
            right = right[:close]
        return cls(reader, mention, sentence, clause_start, left_start, clause_end, qualifier, right)

    # -- pieces --------------------------------------------------------------------------

    def _conditioned(self) -> bool:
        """A condition picking out projects stands earlier in the sentence, and no time phrase since starts a
        target of the jurisdiction's own."""
        at = self.sentence.conditioned
        return at is not None and not any(at < t.start < self.mention.start for t in self.reader.times)

    def _counts_made(self, left: str) -> bool:
        """A count that an action verb makes: "建成7500个宜居宜业的美丽乡村" counts villages, the relative
        clause describes them."""
        return V.COUNT_UNIT_RE.match(self.mention.unit) is not None and V.ACTION_TAIL_RE.search(left) is not None

    def _listed_count(self, left: str) -> bool:
        """A count that only a list mark separates from the count an action verb made before it."""
        last = self.sentence.last
        return (last is not None and last.kind == "cumulative" and last.extra.get("value_first") is True
                and not left.strip("，、和及与") and V.COUNT_UNIT_RE.match(self.mention.unit) is not None)

    def _explicit_bound(self) -> bool:
        """A bound written around the number (超过N, N以上) rather than an action (新建N)."""
        left = self.reader.text[self.clause_start:self.mention.start]
        if V.ACTION_TAIL_RE.search(left):
            return False
        tail = V.COMPARATOR_TAIL_RE.search(left)
        return bool(self.qualifier) or (tail is not None and V.COMPARATORS[tail.group()] != "=")

    def _subset_of_last(self, indicator: str, last: Draft | None) -> bool:
        """"…比例达到30%，其中政府投资项目达到50%", "改造面积50万平方米，其中公共建筑20万平方米": after 其中, a name
        with no measure of its own is a part of what the last target measured, not a new indicator."""
        opening = self.reader.text[self.clause_start:self.mention.start].lstrip()
        unit = self.mention.unit
        return (last is not None and opening.startswith("其中") and bool(unit) and last.unit == unit
                and V.COUNT_UNIT_RE.match(unit) is None  # "其中口袋公园5个": a kind counted, its own name
                and bool(indicator) and not V.MEASURE_WORD_RE.search(indicator))

    def _between_name_and_comparator(self, t: TimePhrase, start: int) -> bool:
        """Whether the time phrase `t` stands after a name and right before the comparator of the number."""
        text = self.reader.text
        before, after = text[start:t.start], text[t.end:self.mention.start]
        return (len(_CJK_CHARS.findall(before)) >= 2 and _CLAUSE_MARK.search(before) is None
                and V.COMPARATOR_TAIL_RE.fullmatch(after.strip()) is not None)

    def _left(self) -> tuple[int, int]:
        """The span before the number, past any time phrase and joining words at its start."""
        start = self.left_start
        for t in self.reader.times:
            # A time phrase inside the text before the number is not part of the indicator; one between the
            # indicator and its comparator ("…占比2025年达到95%") is cut from the indicator's end instead.
            if t.end <= self.mention.start and t.end > start and t.start >= start - 1 \
                    and not self._between_name_and_comparator(t, start):
                start = t.end
        text = self.reader.text
        qualifier = V.BRACKETED_AREA_RE.match(text[start:self.mention.start])
        if qualifier:
            start += qualifier.end()  # "30%（全省）、35%": the last value's area, not this one's name
        while start < self.mention.start and text[start] in "，、和及与并且以的 ":
            if text[start] == "以" and text[start:start + 2] != "以及":
                break
            start += 1
        return start, self.mention.start

    def draft(self) -> Draft | None:
        text = self.reader.text
        m = self.mention
        clause = text[self.clause_start:m.start]
        if V.CONDITION_CLAUSE_RE.match(text[self.clause_start:self.clause_end]):
            return None
        if V.STUDY_RE.search(text, self.clause_start, self.clause_end):
            return None  # "开展节能率80%建筑标准研究": the number names what is studied, not a target
        if V.PAST_RE.search(clause) or V.ALLOWANCE_RE.search(clause) or V.ALLOWANCE_RE.match(self.right):
            return None
        counted = V.COUNT_UNIT_RE.match(m.unit) is not None and not self.right.startswith("的")
        if (V.CONDITION_AFTER_RE.match(self.right) and m.unit not in ("%", "‰", "星级", "年一遇") and not counted
                and (self.right.startswith("的") or self._explicit_bound()) and self._size_of_counted() is None):
            self.sentence.conditioned = m.start
            return None  # "建筑面积2万平方米以上的公共建筑": picks out projects, not a target
        ls, le = self._left()
        baseline = self.sentence.baseline
        if baseline is not None and baseline[2] >= ls:
            le = baseline[2]  # "能效由60%提升至70%": the indicator ends before 由
        left = text[ls:le]
        comparator, kind, ref_year, left_core_end = self._comparator(text[ls:self.mention.start], ls)
        if comparator is None:
            return None
        indicator_span = self._indicator_span(ls, min(left_core_end, le))
        return self._assemble(indicator_span, comparator, kind, ref_year, left, ls)

    def _comparator(self, left: str, ls: int) -> tuple[str | None, str, int | None, int]:
        """(comparator, kind hint, reference year, end of the indicator part of the left text)."""
        m = self.mention
        change = V.CHANGE_TAIL_RE.search(left)
        if change and (change.group("ref") or m.unit in ("%", "百分点", "个百分点")) and m.unit:
            ref = int(change.group("refyear")) if change.group("refyear") else None
            return "=", "change", ref, ls + change.start()
        symbol = re.search(r"[≥≤＜＞<>]$", left)
        if symbol:
            sign = {"≥": ">=", "≤": "<=", "＜": "<", "<": "<", "＞": ">", ">": ">"}[symbol.group()]
            return sign, "", None, ls + symbol.start()
        tail = V.COMPARATOR_TAIL_RE.search(left)
        if tail:
            return V.COMPARATORS[tail.group()], "", None, ls + tail.start()
        share = V.COMPARATOR_INSIDE_RE.search(left)
        if share:
            # "达到年度总量的25%": the comparator stands before the whole the share is taken of.
            return V.COMPARATORS[share.group("verb")], "", None, ls + share.start()
        return "=", "", None, ls + len(left)

    def _indicator_span(self, start: int, end: int) -> tuple[int, int, str | None]:
        """Trim words that open or close the clause without naming what is measured.

        Returns the indicator's span and the scope cut from its front (全县, 中心城区…).
        """
        text = self.reader.text
        scope: str | None = None
        while True:
            piece = text[start:end]
            trail = V.TRAIL_WORDS_RE.search(piece)
            lead = V.LEAD_WORDS_RE.match(piece)
            cut = V.SCOPE_CUT_RE.match(piece) or V.SCOPE_AREA_RE.match(piece)
            verb = V.ACTION_HEAD_RE.match(piece)
            if cut and verb and piece[verb.end():verb.end() + 1] != "区":
                cut = None  # "推广园区节能环保模式": a verb, not an area (but 建成区 is an area)
            places = V.PLACE_LIST_RE.match(piece)
            if trail and trail.start() < len(piece) and trail.group():
                end = start + trail.start()
            elif places and places.end() < len(piece):
                # "A区、B区和C县的装配式建筑实施比例": the places are the scope, not part of what is measured
                scope = scope or places.group()[:-1]
                start += places.end()
            elif cut:
                scope = scope or cut.group()
                start += cut.end()
            elif lead and lead.group():
                start += lead.end()
            else:
                break
        while start < end and text[start] in "，、的 ":
            start += 1
        for t in self.reader.times:
            if start < t.start and t.end >= end - 1 and t.start < end:
                end = t.start  # "…占比2025年": the year is the target's, not its name's
        if start < end and text[end - 1] == "“":
            end -= 1  # "实现“千万亩…": the quote opens on the amount, the indicator follows it
        if scope is None:
            keep = V.SCOPE_KEEP_RE.match(text[start:end])
            scope = keep.group() if keep else None
        return start, end, scope

    def _assemble(self, span: tuple[int, int, str | None], comparator: str, kind: str, ref_year: int | None,
                  left: str, ls: int) -> Draft | None:
        reader, m = self.reader, self.mention
        text = reader.text
        istart, iend, scope = span
        indicator = text[istart:iend]
        right = self.right
        has_comparator = comparator != "=" or kind == "change" or bool(V.COMPARATOR_TAIL_RE.search(left))
        value_first = False
        inherited = False
        share = False
        zero_word = _zero_word(text, m)
        if zero_word or m.value == 0:
            indicator = _ZERO_TRAIL.sub("", indicator)  # "垃圾实现零填埋": how it is reached is no part of it
        if zero_word:
            indicator, iend, right = indicator + zero_word, m.end + len(zero_word), right[len(zero_word):]
        size = self._size_of_counted()
        if size is not None:
            indicator, iend = size, m.end + len(self.qualifier)
        elif m.unit == "星级":
            if _governs_another(right):
                return None  # "二星级以上项目占比达到35%": the grade names the indicator
            right = re.split(r"[、和及与]", right)[0]
            if not (self.qualifier or has_comparator or re.match(r"^[^，；。]{0,8}标准", right)):
                return None  # "做好二星级…标识评审": a grade named, nothing required
            if "的" in right:
                return None  # "按一星级标准建设的绿色住宅": the grade picks out a subject
            rest = _GRADE_CUT.sub("", right)
            subject = grade_scope(left)
            named = grade_name(rest, subject or "")
            standard = STANDARD_BEFORE_GRADE.search(left)
            if standard is not None and rest in ("标准", "要求", ""):
                # "A按照绿色建筑三星级以上标准设计": the standard is named before the grade
                subject, named = grade_scope(left[:standard.start()]), standard.group(1) + "星级标准"
            if named:
                # "A须达到三星级绿色建筑标准": the standard is what is measured, A the projects it covers
                scope = subject or scope
                indicator, iend = named, m.end + len(self.qualifier) + len(rest)
                value_first = True
            comparator = comparator if comparator not in ("=",) else ">="
        elif right and _CJK_START.match(right) and not _FRAME_RE.match(right):
            if V.LISTED_RE.search(indicator) and V.COUNT_UNIT_RE.match(m.unit):
                if not _LIST_ACTION.search(left):
                    return None  # "A、B等3个部门": a count of what the text names, nothing to do
                # "完成A、B、C等5个基地建设": the listed places are the scope of the count
                scope, value_first = V.LISTED_RE.sub("", indicator), True
            elif m.unit in ("%", "‰") and not has_comparator:
                value_first = True  # "75%以上的学校达到…": a share of the things named after it
            elif _RELATIVE_RE.match(right) and not has_comparator and not self._counts_made(left):
                return None  # "5万平方米以上的公共建筑": a condition, not a target
            elif _governs_another(right):
                return None  # "1公里充电服务圈覆盖率达到90%": the number is part of the indicator
            elif (not indicator and m.unit not in V.DURATION_UNITS
                  and (not m.chinese or m.unit.startswith(("万", "亿")))) or (not indicator and m.unit == "层"):
                value_first = True  # "建成3个示范街道", "完成8处以上公厕提升改造"
            elif len(indicator) <= 2 and has_comparator and len(right) >= 3:
                value_first = True  # "…的屋顶达到50%光伏覆盖"
            elif self._listed_count(left):
                value_first = True  # "建成三个示范园区、五个近零碳社区": the verb governs the list
            elif not has_comparator and not V.ACTION_TAIL_RE.search(left):
                return None  # "1公里充电服务圈覆盖率…": the number is part of a name
            elif not has_comparator:
                value_first = True
            if value_first:
                piece = _first_items(right)
                rule = _GOVERNS_RE.search(piece) if m.unit in ("%", "‰") else None
                if rule is not None:
                    # "60%以上的小区雨水收集利用率达到30%": a share of things that meet a rule read next
                    piece, share = piece[:rule.start()], True
                piece = _NUMBERED_RELATIVE.sub("", piece).lstrip("的")  # "4个总装机320万千瓦的风电场" → "风电场"
                piece = re.sub(r"^(?:统一将|统一|全部|均|都)", "", piece)
                if len(piece) > 4:
                    piece = _END_WORDS.sub("", piece)
                if not piece:
                    return None
                if indicator and m.unit in ("%", "‰"):
                    scope = scope or indicator
                indicator, iend = piece, m.end + len(self.qualifier) + len(right)
        if (m.unit == "" and comparator == "=" and not V.COMPARATOR_TAIL_RE.search(left) and m.value != 0
                and m.high is None):
            return None  # a bare number with no comparator is a count or a label, not a target
        if m.value == 0 and m.unit == "" and right:
            return None  # "动态清零机制"
        if re.match(r"^[^，；。的]{1,6}标准$", right) and not value_first and indicator and m.unit != "星级":
            indicator = indicator + right[:-2]  # "新建住宅统一执行72%节能设计标准"
        if not _UNIT_HEAD_RE.match(indicator):
            indicator = re.sub(r"^\d+(?=[\u4e00-\u9fff])", "", indicator)  # a page number glued to the text
        last = reader.last
        place = (V.PLACE_RE.match(indicator) is not None or self._subset_of_last(indicator, last)) and not value_first
        earlier = reader.earlier.get(m.unit) if place else None
        if last is not None and (V.ANAPHORA_RE.match(indicator) or (
                place and last.unit == m.unit and last.indicator != indicator
                and not V.PLACE_RE.match(last.indicator))):
            # "该比例达到45%", "沿海五市超过45%", "其中政府投资项目达到50%": the last target's indicator, for this part.
            scope = indicator if place else last.scope
            indicator, inherited = last.indicator, True
        elif earlier is not None:
            # "A县、B县各完成4万平方米": the places are the scope of the section's last amount in that unit
            scope, indicator, inherited = indicator, earlier, True
        if not indicator or (len(indicator) < 2 and not value_first):
            inherited_from = self._inherit()
            if inherited_from is None:
                return None
            indicator, inherited = inherited_from, True
            if self.sentence.last is not None:
                scope = scope or self.sentence.last.scope
        last = self.sentence.last
        if scope is None and last is not None and last.scope and V.SCOPE_CUT_RE.match(last.scope):
            scope = last.scope  # "全县建成充换电站110座、充电桩1600个": 全县 covers the list
        draft = self._finish(indicator, comparator, kind, ref_year, scope, inherited, value_first,
                             ls, iend, left)
        if draft is not None and share:
            draft.extra["share"] = True
        qualified = V.BRACKETED_AREA_RE.match(right)
        if draft is not None and qualified:
            draft.scope = qualified.group(1)  # "达到70%以上（中心城区）": the bracket says where the value holds
        if draft is not None and draft.comparator == "=" and V.BOUND_BEFORE_ACTION_RE.search(left):
            draft.comparator = ">="  # "至少创建1个…": the bound stands before the verb, not before the number
        if draft is not None and _MAGNITUDE_WORD.fullmatch(text[m.start:m.end - len(m.unit) + 1]):
            # "千亿元油茶产业": a scale in words is a size to reach, at least that, not an amount to add
            draft.comparator = ">=" if draft.comparator == "=" else draft.comparator
            draft.kind = "level"
        return draft

    def _inherit(self) -> str | None:
        """The indicator of the clause's parallel neighbour, or of the clause before it (not for 清零: the clause
        before names another task)."""
        last = self.sentence.last
        if last is not None:
            return last.indicator
        if self.mention.value == 0 and not self.mention.unit:
            return self._cleared_thing()
        reader = self.reader
        prev_end = self.clause_start - 1
        if prev_end <= self.sentence.start:
            return None
        prev_start = reader.clause_start(prev_end, self.sentence.start)
        piece = reader.text[prev_start:prev_end]
        lead = V.LEAD_WORDS_RE.match(piece)
        piece = piece[lead.end():] if lead else piece
        piece = re.sub(r"^(?:加强|推进|推动|开展|加快|完善|提升|提高|强化|深化|实施|建设)", "", piece)
        return piece if 2 <= len(piece) <= 20 and not re.search(r"\d", piece) else None

    def _size_of_counted(self) -> str | None:
        """The size a count's things share, as its own target: "推进7个总装机950万千瓦的抽水蓄能电站" → 950 万千瓦
        of 抽水蓄能电站总装机 (the count 7 个 is read before it). None for any other number, and for a bound
        ("4个面积10万平方米以上的公园" picks out parks, it sets no target)."""
        last, m = self.sentence.last, self.mention
        if last is None or self.qualifier or not last.extra.get("value_first") or not self.right.startswith("的"):
            return None
        size = self.reader.text[int(last.extra.get("value_end", m.start)):m.start]
        if not _SIZE_WORD.fullmatch(size):
            return None
        thing = _COUNTED_WORK.sub("", last.indicator)
        return thing + size if len(thing) >= 2 else None

    def _cleared_thing(self) -> str | None:
        """What a bare "持续保持动态清零" brings to zero: the object an earlier clause of the sentence manages
        ("健全“散乱污”企业监管长效机制，…，持续保持动态清零" → “散乱污”企业), nearest first. Only a thing that
        can be counted to zero qualifies (a quoted label or a countable noun): "加强环境监管，保持动态清零" has none."""
        reader, floor = self.reader, self.sentence.start
        end = self.clause_start - 1
        while end > floor:
            start = reader.clause_start(end, floor)
            piece = _CLEARED_VERBS.sub("", reader.text[start:end].strip())
            piece = _CLEARED_TAIL.sub("", piece)
            if 2 <= len(piece) <= 16 and not re.search(r"\d", piece) and (
                    _CLEARED_LABEL.search(piece) or _CLEARED_HEAD.search(piece)):
                return piece
            end = start - 1
        return None

    def _finish(self, indicator: str, comparator: str, kind: str, ref_year: int | None, scope: str | None,
                inherited: bool, value_first: bool, qstart: int, qend: int, left: str) -> Draft | None:
        reader, m, sentence = self.reader, self.mention, self.sentence
        text = reader.text
        qualifier = self.qualifier
        if qualifier in V.QUALIFIER_COMPARATOR and comparator in ("=", ">=", "<="):
            if kind == "change":
                comparator = "<=" if qualifier in ("以上", "及以上") else ">="
            else:
                comparator = V.QUALIFIER_COMPARATOR[qualifier]
        if kind == "change" and qualifier in ("以上", "及以上"):
            comparator = "<=" if self._is_decrease(left) else ">="
        elif (value_first and m.unit in ("%", "‰") and comparator == "=" and not V.MODAL_RE.search(left)
              and not self._per_facility_rule(text[self.clause_start:m.start])):
            comparator = ">="  # "城镇新建建筑100%执行…": at least that share; a facility's own rule is as written
        elif value_first and m.unit in V.REACH_UNITS and comparator == "=" and not V.CREATE_HEAD_RE.search(left):
            comparator, kind = "<=", "level"  # "实现8分钟换乘、300米乘车": reached within, at most
        elif comparator == "=" and _NAMED_STANDARD.match(self.right) and m.unit != "星级":
            comparator = ">="  # "节能75%标准", "执行65%节能设计标准": a standard is a floor
        clause = text[self.clause_start:m.start]
        spaced = _SPACES.sub("", clause)  # "力 争 到 ２０２５ 年" in justified text
        hedge = (bool(V.HEDGE_RE.search(spaced) or V.CLAUSE_HEDGE_RE.search(spaced)) or sentence.hedge
                 or _HEDGED_FRAME.search(_SPACES.sub("", text[sentence.start:self.clause_start])) is not None)
        if inherited and sentence.last is not None:
            hedge = hedge or sentence.last.aspirational
        time = reader.time_for(m.start, sentence)
        if time is not None and (time.past or (reader.issue_year and time.year < reader.issue_year)):
            return None
        value = m.value
        if kind == "change" and self._is_decrease(left):
            value = -value
        kind = kind or self._kind(indicator, left, value_first, inherited)
        binding = _binding(text[m.end:m.end + 12])
        if value_first:
            self.sentence.actions = True
        draft = Draft(indicator=_clean_indicator(indicator), comparator=comparator, value=value, unit=m.unit,
                      kind=kind, start=min(qstart, m.start), end=max(qend, m.end + len(qualifier)),
                      year=time.year if time else None, deadline=time.deadline if time else None,
                      period_start=time.period_start if time else None, reference_year=ref_year, scope=scope,
                      aspirational=hedge, binding=binding,
                      extra={"value_first": value_first, "value_end": m.end + len(qualifier)})
        draft.doubts.extend(self._time_doubts(time))
        if inherited:
            draft.doubts.append("indicator_inherited")
        if self.sentence.baseline is not None:
            base, base_year, _ = self.sentence.baseline
            draft.baseline_value, draft.baseline_year = base.value, base_year
        if kind == "cumulative" or (inherited and sentence.last and sentence.last.kind == "cumulative"):
            sentence.actions = True
        if not m.unit and _AGENCY_TAIL.search(draft.indicator):
            return None
        # An indicator names something in Chinese; Latin-only text is not a plan's target.
        return draft if len(_CJK_CHARS.findall(draft.indicator)) >= 2 else None

    def _time_doubts(self, time: TimePhrase | None) -> list[str]:
        """Doubts about the year: taken from outside the paragraph, or from a phrase far before the number."""
        reader = self.reader
        if time is None:
            return []
        if reader.inherited is not None and time is reader.inherited.time:
            return [reader.inherited.doubt]
        if time is reader.head_time and self.mention.start - time.end > _FAR:
            return ["year_far"]
        return []

    def _is_decrease(self, left: str) -> bool:
        change = V.CHANGE_TAIL_RE.search(left)
        return bool(change and change.group("dir").startswith(V.DECREASE))

    def _per_facility_rule(self, clause: str) -> bool:
        """A limit each facility of a class meets: the share of a project's parking spaces with chargers
        ("停车位100%建设充电设施", "不低于15%的车位比例"), what each project of a star grade uses
        ("二星级及以上绿色建筑应用绿色建材的比例不低于60%"), a data centre's power usage effectiveness (PUE)."""
        unit = self.mention.unit
        clause = clause + self.right[:12]
        return ((unit in ("%", "‰") and (_PARKING_SPACES.search(clause) or _GRADED_PROJECTS_USE.match(clause)))
                or (not unit and _DATA_CENTRE_PUE.search(clause) is not None))

    def _kind(self, indicator: str, left: str, value_first: bool, inherited: bool) -> str:
        m, sentence = self.mention, self.sentence
        text = self.reader.text
        clause = text[self.clause_start:m.start]
        last = sentence.last
        if self._is_rule(clause, left):
            return "standard"
        if clause.startswith("其中") and last is not None:
            return last.kind
        if m.unit in V.RATE_UNITS:
            # "完成总任务180万平方米的35%": a share of a total amount to be done is an amount added
            return "cumulative" if m.unit == "%" and V.SHARE_DONE_RE.search(left) else "level"
        if V.CUMULATIVE_WORD_RE.search(indicator) or (V.AREA_TOTAL_RE.search(indicator) and V.AREA_UNIT_RE.search(
                m.unit) and "人均" not in indicator):
            return "cumulative"  # "高标准农田建设面积超过247万亩": an area built up over the period
        created = V.CREATE_HEAD_RE.match(left.lstrip("，、")) is not None
        if V.COMPARATOR_TAIL_RE.search(left) or V.COMPARATOR_INSIDE_RE.search(left):
            # "新建近零能耗建筑达到85万平方米以上"; a stock ("装机总量达到64万千瓦") stays a level
            return "cumulative" if created and not V.STOCK_RE.search(indicator) else "level"
        opening = V.SCOPE_CUT_RE.sub("", V.SCOPE_AREA_RE.sub("", left.lstrip("，、")))
        if value_first or created or V.ACTION_HEAD_RE.match(opening) or V.ACTION_TAIL_RE.search(left):
            return "cumulative"
        # "建成换电站60座，公共充电桩2400个": a bare parallel clause adds like its neighbour.
        if last is not None and last.kind == "cumulative" and "的" not in indicator:
            return "cumulative"
        return "level"

    def _is_rule(self, clause: str, left: str) -> bool:
        """A rule every project must meet rather than a level the jurisdiction must reach."""
        m = self.mention
        after = self.right
        last = self.sentence.last
        if last is not None and last.extra.get("share") and m.unit in ("%", "‰"):
            return True  # the Y of "X%以上的A达到Y%": the rule each of those A meets
        if self.sentence.rule or (m.unit in ("%", "‰") and self._conditioned()):
            return True  # "对建筑面积2万平方米以上的项目，…比例不低于30%": a share each such project must meet
        if m.unit in ("层",) or self._per_facility_rule(clause):
            return True
        if m.unit in ("星级", "年一遇") and self.reader.time_for(m.start, self.sentence, inherited=False) is None:
            return True
        if m.unit == "星级" and _GRADE_RULE_VERB.search(clause):
            return True  # "到2025年，政府投资的公共建筑全面执行二星级…标准": projects meet it, whatever the year
        if V.MODAL_RE.search(left) or re.search(r"应当|必须|不得|须", clause):
            return True
        if re.search(r"按照?|依照", clause) and re.match(r"^的?[^，；。]{0,6}(?:比例|标准)", after):
            return True
        if m.unit != "星级" and ((_FRAME_RE.match(after) and "标准" in after[:3]) or _NAMED_STANDARD.match(after)):
            return True  # "执行65%节能设计标准": the number names the standard every project meets
        return self.qualifier == "为主"


def _zero_word(text: str, m: Mention) -> str:
    """The thing "零" brings to zero ("零填埋" → "填埋"), or "" for any other mention."""
    if m.value != 0 or m.unit or text[m.start:m.end] != "零":
        return ""
    return next((word for word in ZERO_WORDS if text.startswith(word, m.end)), "")


# Adverbs before 清零 that say how, not what: "持续保持动态清零".
_ZERO_TRAIL = re.compile(r"(?:持续|保持|实现|基本|全面|动态|逐步)+$")


# A magnitude written as a word before a unit of 万 or 亿: "千万亩", "百亿元".
_MAGNITUDE_WORD = re.compile(r"[十百千][万亿]")
# The size of each of N counted things: "N个总装机M万千瓦的X", "N个总投资M亿元的X".
_SIZE_WORD = re.compile(r"总?(?:装机容量|装机|投资|建筑面积|面积|规模|库容|产能|长度|里程)")
# The work on the things a count names, not the things: "抽水蓄能电站前期工作" → 抽水蓄能电站.
_COUNTED_WORK = re.compile(r"(?:前期工作|前期|建设工作|建设|工作)$")
# The clause that names what 清零 clears: a managing verb, the thing, then how it is managed.
_CLEARED_VERBS = re.compile(r"^(?:(?:健全|建立|完善|加强|强化|落实|开展|深化|深入|持续|全面|排查|整治|治理|清理|取缔|"
                            r"巩固|推进|加快|实施)+)")
_CLEARED_TAIL = re.compile(r"(?:监管|排查|整治|治理|清理|整改|取缔|管控|监测)*"
                           r"(?:长效机制|机制|台账|工作|专项行动|行动)?$")
# A quoted problem label with the noun it qualifies: “散乱污”企业, “僵尸企业”.
_CLEARED_LABEL = re.compile(r"“[^”]{1,8}”[\u4e00-\u9fff]{0,4}$")
# Countable things a plan brings to zero.
_CLEARED_HEAD = re.compile(r"(?:企业|水体|坑塘|沟渠|问题|隐患|违建|违法建筑|垃圾|场所|点位|锅炉|小区|工地|车辆)$")


def _first_items(right: str) -> str:
    """The things a leading number counts: "3个A、B16项" → "A", "千万亩A、千亿元B" → "A" (B has its own number)."""
    piece = re.split(r"[和及与](?=\d|[一二两三四五六七八九十]+[个座处家所])", right)[0]
    segments = piece.split("、")
    kept = []
    for seg in segments:
        if re.search(r"\d", seg) or any(found.start == 0 for found in iter_mentions(seg)):
            break
        kept.append(seg)
    return "、".join(kept) if kept else segments[0]


_GOVERNS_RE = re.compile(rf"(?:{'|'.join(map(re.escape, V.COMPARATORS))})\s?\d")


def _governs_another(right: str) -> bool:
    """True when the rest of the clause holds its own comparator and number."""
    return _GOVERNS_RE.search(right) is not None


def _binding(after: str) -> str | None:
    m = re.search(r"(约束性|预期性)", after)
    return m.group(1) if m else None


def _clean_indicator(indicator: str) -> str:
    indicator = indicator.strip("，、；：的 ")
    indicator = re.sub(r"(?:降低|下降|减少|提高|提升|增长)$", "", indicator) if len(indicator) > 4 else indicator
    return indicator
