"""What a plan says about itself: its title, 文号, issuing authority, date, jurisdiction and level.

All rules are about the shape of official documents, not about any one plan: the 文号 is a
`字〔年〕号` line near the top; the issuer signs above the date, heads the 红头 (`…文件`) or
opens the notice (`…关于印发…的通知`); the plan's own title is the (possibly wrapped) line
ending in 方案/规划/意见… that the notice transmits; the jurisdiction is the administrative
name that the issuer or the title begins with.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from greentrack.models import Metadata
from greentrack.outline.lines import Line, compact, squeeze
from greentrack.outline.numbering import cn_to_int

# ---- 文号 ---------------------------------------------------------------------------------------
# OCR turns 〔〕 into ( ) [ ] 〈〉 and the closing bracket into "J".
_DOC_NUMBER_RE = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff][\u4e00-\u9fff ]{0,10}?)?\s*[〔\[(（【〈]\s*(?P<year>(?:19|20)\d{2})\s*"
    r"[〕\])）】〉J]\s*(?P<serial>\d(?:\s?\d){0,3})\s*号"
)
_PREFIX_ONLY_RE = re.compile(r"^[\u4e00-\u9fff][\u4e00-\u9fff ]{0,10}$")

# ---- dates ---------------------------------------------------------------------------------------
_DATE_LINE_RE = re.compile(
    r"^(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?\s*(?P<printed>印发)?$"
)
_CN_DATE_LINE_RE = re.compile(
    r"^(?P<y>[〇零一二三四五六七八九]{4})\s*年\s*(?P<m>[一二三四五六七八九十]{1,2})\s*月"
    r"(?:\s*(?P<d>[一二三四五六七八九十]{1,3})\s*日)?\s*(?P<printed>印发)?$"
)

# ---- organisations and jurisdictions ----------------------------------------------------------------
_ORG_SUFFIX = ("人民政府", "政府", "办公室", "办公厅", "委员会", "厅", "局", "委", "办", "中心", "支行",
               "分局", "总队", "联合会", "院", "会", "部", "署", "公司", "集团")
_ORG_LINE_RE = re.compile(r"^[\u4e00-\u9fff（）()、 ]{5,60}$")
_ORG_CONTINUATION = ("委员会", "办公室", "办公厅", "管理局", "分局", "监管局")
_ISSUER_PREFIX_RE = re.compile(r"^(?P<org>[\u4e00-\u9fff（）()、 ]{3,40}?)\s*(?:关于|印发)")
_RED_HEAD_RE = re.compile(r"^(?P<org>[\u4e00-\u9fff（）() ]{3,40}?)\s*文件$")
_COMPILER_RE = re.compile(r"^(?:编制单位|发布单位|印发单位|发文单位)[:：]\s*(?P<org>.+)$")
_ADMIN_RE = re.compile(r"(?:[\u4e00-\u9fff]{2,8}?(?:自治区|自治州|自治县|特别行政区|省|市|州|盟|县|区|旗))+")
_NOT_IN_ADMIN = ("人民", "政府", "委员", "办公", "住房", "城乡", "建设", "发展", "管理", "关于", "印发")
_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
_LEVEL_BY_SUFFIX = (("特别行政区", "province"), ("自治区", "province"), ("省", "province"),
                    ("自治州", "city"), ("自治县", "county"), ("市", "city"), ("州", "city"),
                    ("盟", "city"), ("县", "county"), ("区", "county"), ("旗", "county"))

# ---- titles --------------------------------------------------------------------------------------
_PLAN_NOUN = r"(?:方案|规划|意见|计划|纲要|办法|通知|措施|要点|细则|决定|指南|规定|行动|条例|标准|通告)"
_PERIOD = r"(?:[（(][^（）()号]{0,20}\d{4}[^（）()号]{0,20}[）)])"
_TITLE_END_RE = re.compile(rf"{_PLAN_NOUN}{_PERIOD}?$")
_PERIOD_LINE_RE = re.compile(rf"^{_PERIOD}$")
# Sentences, citations of other documents (`》、《`, `〔2021〕23号`) and lines in brackets are no titles.
_NOT_TITLE_RE = re.compile(r"[。；：:，,]|^[（(].*[）)]$|》、|、《|〔\d{4}〕|^[《〈]")
_LABEL_RE = re.compile(r"^(?:附\s*件\s*\d*|前\s*言|目\s*录|序\s*言)$")
_TITLE_START_RE = re.compile(r"^[\u4e00-\u9fff“《〈]")
_MIN_ALONE = 8
_NOTICE_RE = re.compile(r"印发\s*(?P<x>.+?)\s*(?:的)?通知$|印发\s*[《〈](?P<y>.+)[》〉]$")
_QUOTED_PLAN_RE = re.compile(rf"[《〈](?P<x>[^《》]{{4,80}}?{_PLAN_NOUN}{_PERIOD}?)[》〉]")
_MAX_TITLE_LINES = 4
_MAX_TITLE_LINE = 60


@dataclass(frozen=True)
class TitleBlock:
    """One title, possibly wrapped over several lines: its text and the lines it spans."""

    text: str
    first: int
    last: int

    @property
    def is_notice(self) -> bool:
        return "印发" in self.text or self.text.endswith("通知")


@dataclass(frozen=True)
class FrontMatter:
    """The plan's metadata and where its body begins (after the cover letter and the title)."""

    metadata: Metadata
    body_start: int


def read_front_matter(lines: list[Line], openings: list[int]) -> FrontMatter:
    """Metadata of a document whose body opens at one of the line indices `openings` (headings 一).

    The front matter ends at the first opening after the plan's own title: a cover letter may
    itself number its points 一、二、 before the plan's title comes.
    """
    front_end = _front_end(lines, openings)
    front = lines[:front_end]
    title, body_start = find_title(front, lines)
    doc_number = find_doc_number(front)
    date_line, issue_date, signed = find_date(lines, front_end)
    issuer = find_issuer(lines, front, date_line, signed)
    jurisdiction = find_jurisdiction(issuer, title)
    level = jurisdiction_level(jurisdiction) or level_from_whole_areas(lines)
    metadata = Metadata(title=title, doc_number=doc_number, issuer=issuer, issue_date=issue_date,
                        jurisdiction=jurisdiction, level=level)
    return FrontMatter(metadata=metadata, body_start=body_start)


_WHOLE_AREA_RE = re.compile(r"全(省|市|县|州|盟|旗)")
_WHOLE_AREA_LEVEL = {"省": "province", "市": "city", "州": "city", "盟": "city", "县": "county", "旗": "county"}


def level_from_whole_areas(lines: list[Line]) -> str | None:
    """The plan's level where neither issuer nor title names its jurisdiction: the whole area it speaks of
    most (全县 throughout a county's plan), when that word clearly outnumbers the others (全区 is left out: a
    district and an autonomous region both say it)."""
    counts = Counter(m.group(1) for line in lines for m in _WHOLE_AREA_RE.finditer(line.text))
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 3 or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
        return None
    return _WHOLE_AREA_LEVEL[ranked[0][0]]


def _front_end(lines: list[Line], openings: list[int]) -> int:
    for opening in openings:
        front = lines[:opening]
        blocks = title_blocks(front)
        wanted, from_notice = transmitted_title(front, blocks)
        if not from_notice or any(_same_title(wanted, block.text) for block in blocks if not block.is_notice):
            return opening
    return openings[0] if openings else len(lines)


def _same_title(wanted: str | None, text: str) -> bool:
    return bool(wanted) and (compact(wanted or "") in compact(text) or compact(text) in compact(wanted or ""))


# ---- 文号 ---------------------------------------------------------------------------------------

def find_doc_number(front: list[Line]) -> str | None:
    """The document's own 文号 (`金政办字〔2023〕28号`): on a line of its own or opening a line."""
    for index, line in enumerate(front):
        text = line.stripped
        match = _DOC_NUMBER_RE.search(text)
        if not match or text[:match.start()] not in ("", "（", "("):
            continue
        rest = text[match.end():].lstrip("）) ")
        if rest and not rest.startswith(("关于", "印发")):
            continue
        prefix = compact(match.group("prefix") or "")
        if not prefix and index > 0 and _PREFIX_ONLY_RE.match(front[index - 1].stripped):
            prefix = compact(front[index - 1].stripped)
        if prefix:
            return f"{prefix}〔{match.group('year')}〕{compact(match.group('serial'))}号"
    return None


# ---- dates ---------------------------------------------------------------------------------------

def parse_date_line(text: str) -> tuple[str, bool, bool] | None:
    """An ISO date from a line holding only a date, whether it has a day, and whether it is a 印发 line."""
    text = text.strip()
    match = _DATE_LINE_RE.match(text)
    if match:
        year, month, day = int(match["y"]), int(match["m"]), int(match["d"]) if match["d"] else None
    else:
        match = _CN_DATE_LINE_RE.match(text)
        if not match:
            return None
        year = int("".join(str(cn_to_int(ch)) for ch in match["y"]))
        month = cn_to_int(match["m"]) or 0
        day = cn_to_int(match["d"]) if match["d"] else None
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    iso = f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")
    return iso, day is not None, bool(match["printed"])


def find_date(lines: list[Line], front_end: int, tail: int = 30) -> tuple[int | None, str | None, bool]:
    """The issue date: a signed full date, else a 印发 date, else a month on the cover.

    Only date lines in the front matter or the last `tail` lines count: elsewhere a date on a line
    of its own is a table cell. Returns the date line's index, the ISO date and whether it was signed.
    """
    ranked: list[tuple[int, int, str]] = []
    for index, line in enumerate(lines):
        if front_end <= index < len(lines) - tail:
            continue
        parsed = parse_date_line(line.text)
        if parsed is None:
            continue
        iso, has_day, printed = parsed
        rank = 0 if has_day and not printed else 1 if has_day else 2
        ranked.append((rank, index, iso))
    if not ranked:
        return None, None, False
    rank, index, iso = min(ranked)
    return index, iso, rank == 0


# ---- issuer --------------------------------------------------------------------------------------

def is_org_line(text: str) -> bool:
    """Whether a line names an organisation and nothing else (`金乡县人民政府办公室`)."""
    text = compact(text)
    return bool(_ORG_LINE_RE.match(text)) and text.endswith(_ORG_SUFFIX)


def _org_block_before(lines: list[Line], index: int) -> str | None:
    """The organisations listed on the lines just above line `index` (a signature block), joined by 、."""
    names: list[str] = []
    cursor = index - 1
    while cursor >= 0:
        text = squeeze(lines[cursor].text)
        if not text or not re.search(r"[\u4e00-\u9fff]{2}", text):
            cursor -= 1  # page markers and OCR debris between the signature and the date
            continue
        if is_org_line(text):
            names.insert(0, text)
        elif names and names[0].startswith(_ORG_CONTINUATION) and _ORG_LINE_RE.match(text):
            names[0] = text + names[0]  # a long name wrapped over two lines
        else:
            break
        cursor -= 1
    return "、".join(names) or None


def _leading_org_block(lines: list[Line]) -> str | None:
    """Organisations listed at the very top (the 红头 of a joint document), joined by 、."""
    names: list[str] = []
    for line in lines:
        text = squeeze(line.text)
        if not is_org_line(text):
            break
        names.append(text)
    return "、".join(names) or None


def find_issuer(lines: list[Line], front: list[Line], date_line: int | None, signed: bool) -> str | None:
    """The issuing authority, from the most to the least telling place it can be written."""
    if date_line is not None and signed and (block := _org_block_before(lines, date_line)):
        return block
    for line in front[:3]:
        if match := _RED_HEAD_RE.match(line.stripped):
            return squeeze(match["org"])
    for block in title_blocks(front):
        match = _ISSUER_PREFIX_RE.match(block.text) if block.is_notice or "关于" in block.text else None
        if match and squeeze(match["org"]).endswith(_ORG_SUFFIX):
            return squeeze(match["org"])
        if block.is_notice and block.text.startswith("关于") and block.first > 0 \
                and is_org_line(front[block.first - 1].text):
            return squeeze(front[block.first - 1].text)
    if block := _leading_org_block(front):
        return block
    if date_line is not None and (block := _org_block_before(lines, date_line)):
        return block
    for line in front:
        if match := _COMPILER_RE.match(line.stripped):
            return squeeze(match["org"])
    return None


# ---- jurisdiction --------------------------------------------------------------------------------

def admin_prefix(text: str) -> str | None:
    """The chain of administrative names a text begins with (`山东省济宁市金乡县…` → `山东省济宁市金乡县`)."""
    match = _ADMIN_RE.match(text)
    if not match:
        return None
    name = match.group(0)
    # Cut the chain where a unit stops being a place name (`北京市城市管理委员会` is not 北京市城市).
    units = re.findall(r"[\u4e00-\u9fff]{2,8}?(?:自治区|自治州|自治县|特别行政区|省|市|州|盟|县|区|旗)", name)
    kept: list[str] = []
    for unit in units:
        if any(word in unit for word in _NOT_IN_ADMIN):
            break
        kept.append(unit)
    return "".join(kept) or None


def find_jurisdiction(issuer: str | None, title: str | None) -> str | None:
    """The jurisdiction the plan is for: the administrative name opening the issuer, else the title."""
    for text in (issuer, title):
        if not text:
            continue
        for part in re.split(r"[、，,]", text):
            name = admin_prefix(compact(part).lstrip("关于印发《〈"))
            if name:
                return name
    return None


def jurisdiction_level(name: str | None) -> str | None:
    """province, city or county, from the suffix of the last unit (直辖市 count as provinces)."""
    if not name:
        return None
    if name in _MUNICIPALITIES:
        return "province"
    for suffix, level in _LEVEL_BY_SUFFIX:
        if name.endswith(suffix):
            return level
    return None


# ---- title ---------------------------------------------------------------------------------------

def _title_line(text: str) -> bool:
    text = text.strip()
    return 0 < len(text) <= _MAX_TITLE_LINE and not _NOT_TITLE_RE.search(text) and \
        not _LABEL_RE.match(text) and not is_org_line(text) and \
        len(re.findall(r"[\u4e00-\u9fff]", text)) >= 2 and parse_date_line(text) is None


def _after_doc_number(text: str) -> str:
    """A line without the 文号 that OCR ran into it (`(2020J 4 1号关于印发…`)."""
    match = _DOC_NUMBER_RE.match(text)
    return text[match.end():].lstrip() if match else text


def _notice_line(text: str) -> bool:
    """Whether a (long) line is the title of a notice that transmits a plan."""
    return len(text) <= 2 * _MAX_TITLE_LINE and not _NOT_TITLE_RE.search(text) and \
        bool(_NOTICE_RE.search(squeeze(text)))


def _complete_alone(text: str) -> bool:
    """Whether a line is a whole title by itself (so it starts a new title, not continues one)."""
    text = squeeze(text)
    return len(text) >= _MIN_ALONE and bool(_TITLE_START_RE.match(text)) and bool(_TITLE_END_RE.search(text))


def title_blocks(front: list[Line]) -> list[TitleBlock]:
    """Title-like texts in the front matter, each joined over up to four wrapped lines."""
    blocks: list[TitleBlock] = []
    index = 0
    while index < len(front):
        block = _block_at(front, index)
        if block is None:
            index += 1
            continue
        blocks.append(block)
        index = block.last + 1
    return blocks


def _block_at(front: list[Line], first: int) -> TitleBlock | None:
    best: TitleBlock | None = None
    joined = ""
    if not _TITLE_START_RE.match(_after_doc_number(front[first].stripped)):
        return None
    for last in range(first, min(first + _MAX_TITLE_LINES, len(front))):
        text = _after_doc_number(front[last].stripped) if last == first else front[last].stripped
        if not _title_line(text) and not (last == first and _notice_line(text)):
            break
        if best is not None and _complete_alone(text):
            break
        joined = squeeze(joined + text)
        if _TITLE_END_RE.search(joined) or _NOTICE_RE.search(joined):
            best = TitleBlock(joined, first, last)
    if best and best.last + 1 < len(front) and _PERIOD_LINE_RE.match(front[best.last + 1].stripped):
        best = TitleBlock(best.text + squeeze(front[best.last + 1].stripped), first, best.last + 1)
    return best


def transmitted_title(front: list[Line], blocks: list[TitleBlock]) -> tuple[str | None, bool]:
    """The title of the plan a notice transmits (`关于印发《X》的通知`, `现将《X》印发…`).

    The flag says whether it came from the notice's own title rather than from its text.
    """
    for block in blocks:
        match = _NOTICE_RE.search(block.text)
        if match:
            return _unquote(match["x"] or match["y"]), True
    for line in front:
        if "印发" in line.text or "同意" in line.text:
            match = _QUOTED_PLAN_RE.search(squeeze(line.text))
            if match:
                return match["x"], False
    return None, False


def _unquote(text: str) -> str:
    text = squeeze(text)
    if text[:1] in "《〈" and text[-1:] in "》〉":
        return text[1:-1]
    return text


def find_title(front: list[Line], lines: list[Line]) -> tuple[str | None, int]:
    """The plan's own title and the offset where the body begins (just after that title)."""
    blocks = title_blocks(front)
    wanted, from_notice = transmitted_title(front, blocks)
    plans = [block for block in blocks if not block.is_notice]
    if wanted:
        for block in plans:
            if _same_title(wanted, block.text):
                return block.text, front[block.last].end
        if from_notice:
            notice = next(block for block in blocks if block.is_notice)
            return wanted, front[notice.last].end
    chosen = plans[0] if plans else blocks[0] if blocks else None
    if chosen:
        return chosen.text, front[chosen.last].end
    first = next((line for line in lines if line.stripped), None)
    return (squeeze(first.text), 0) if first else (None, 0)
