"""Responsibility notes: which units answer for a paragraph, and which of them lead.

Plans close a task with a note in one of a few shapes:
- `（县住建局、县农业局牵头，县交通局等按照职责分工负责）`, `（市城管局、市生态环境局分别牵头，各区政府配合）`
- `（责任单位：区发改委、区财政局，甲区、乙区人民政府）`, or `责任单位：…` on a line of its own
- `牵头单位：市住建局；配合单位：市发改委、市财政局` (on one line or on consecutive lines), or
  `市住建局（牵头）、市发改委`
Units are copied as written: list words (等, 分别, 按照职责分工负责, 牵头) and glosses after a name
(`各区人民政府〈含开发区，下同〉`, `某厅〔某办〕`) are removed, brackets inside a name are kept
(`某某服务区(某湾)管理委员会`), and each item of a 、 list is one unit even where the list shares a
suffix (`甲区、乙区人民政府` → `甲区`, `乙区人民政府`), as the spec says: no prefix or suffix the text
leaves out. A role word (牵头, 配合, 负责) applies to the units written before it, back to the last one.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

# What an organisation's name ends with. General, not a list of the seeds' departments: 联 and 协
# are the people's organisations (妇联, 工商联, 残联, 科协), 海关 the customs.
_UNIT_SUFFIX = re.compile(
    r"(?:局|委|办|厅|部|署|院|中心|公司|集团|队|站|行|所|会|组|处|科|室|校|社|馆|台|政府|街道|"
    r"办事处|管委会|委员会|办公室|总站|支队|大队|分局|分行|支行|联社|协会|集团公司|联|协|海关)$"
)
# A bare place (甲区, 乙县) is a unit only in a 、 list whose last item is its government (甲区、乙区人民政府),
# or as a collective (各区, 各乡镇, 各县（市、区）).
_PLACE = re.compile(r"(?:区|县|市|旗|州|镇|乡|街道|盟)$")
_PLACE_GOVERNMENT = re.compile(r"(?:区|县|市|旗|州|镇|乡|街道|盟)(?:人民政府|政府|管委会|管理委员会|办事处)$")
_COLLECTIVE = re.compile(
    r"^各(?:[^、，,]{0,4}?)(?:区|县|市|旗|乡镇|镇街|镇|乡|街道|园区|开发区)(?:[（(][^）)]{1,8}[）)])?$")
_ROLE = r"牵头|配合|参与|协助|协同|负责|落实|主责|主办|协办"
_ROLE_RE = re.compile(rf"(?:按照?(?:各自)?职责分工|按职责|分工)?(?:{_ROLE})+(?:落实|实施)?")
_ROLE_FILLER = re.compile(r"(?:分别|共同|联合|具体|各自|按照?(?:各自)?职责(?:分工)?|按职责分工|会同|等)+$")
_LEAD_ROLE = ("牵头", "主责", "主办")
# A note lists units: a short bracket inside it is a name's part or （牵头）. No full stop before its
# first role word; after it a standing instruction may follow (…负责。以下均需各县落实，不再列出), but
# no paragraph end.
_NOTE_CHAR = r"(?:[^（）()。]|[（(][^（）()\n。]{1,20}[)）])"
_NOTE_TAIL_CHAR = r"(?:[^（）()。]|。(?![ \t]*\n)|[（(][^（）()\n。]{1,20}[)）])"
_NOTE_IN_PARENS = re.compile(
    rf"[（(](?P<body>{_NOTE_CHAR}{{2,400}}?(?:负责|牵头|配合|落实|单位[：:]|部门[：:]){_NOTE_TAIL_CHAR}{{0,200}})[）)]"
)
# The match starts at the role word (主要责任单位 matches from 责任; 【 before it is left out), so
# the regex engine can skip ahead to its first character.
_LABEL = r"(?:牵头|责任|配合|协同|参与|协办|主办)(?:单位|部门|主体|处室)"
_NOTE_LABEL = re.compile(
    rf"(?P<label>{_LABEL})(?:[】\]]\s*[：:]?|\s*[：:])\s*"
    rf"(?P<body>(?:(?!{_LABEL})(?:[^；;。\n（）()【\[】\]]|(?<=[、，,])\n|[（(][^（）()\n]{{1,20}}[)）]))+)"
)
_LEAD_MARK = re.compile(r"[（(]牵头[）)]")
# A gloss after a name: a bracket that ends a list item (〈含开发区，下同〉, 〔能源局〕), not （牵头）.
_GLOSS = re.compile(r"[〈〔（(<]\s*(?!牵头[）)])[^〈〉〔〕（）()<>]{0,40}[〉〕）)>]$")
_OPEN, _CLOSE = "〈〔（(<【[", "〉〕）)>】]"
_RUN_SEPARATORS = "，,；;\t 　"
_ITEM_SEPARATORS = "、" + _RUN_SEPARATORS
_WRAP = re.compile(r"[ \t]*\n[ \t]*")


@dataclass(frozen=True)
class Note:
    """A responsibility note: its span in the text and the units it names."""

    start: int
    end: int
    departments: tuple[str, ...]
    lead_departments: tuple[str, ...]


def find_notes(text: str) -> list[Note]:
    """Every responsibility note in the text, in order."""
    notes: list[Note] = []
    for m in _NOTE_IN_PARENS.finditer(text):
        body = m.group("body")
        labelled = list(_NOTE_LABEL.finditer(body))
        note = _labelled_note(labelled, m.start(), m.end()) if labelled else _prose_note(body, m.start(), m.end())
        if note is not None:
            notes.append(note)
    taken = [(n.start, n.end) for n in notes]
    for note in _labelled_notes(text):
        if not any(s <= note.start < e for s, e in taken):
            notes.append(note)
    notes.sort(key=lambda n: n.start)
    return notes


def _prose_note(body: str, start: int, end: int) -> Note | None:
    """A note written as clauses: "A、B牵头，C、D等按照职责分工负责"."""
    # "以下各项由各区政府具体落实，不再逐一列出": a standing instruction, not a unit list.
    clauses = [c for c in _split_top(body, "，,；;。") if not c.strip().startswith(("以下", "下同", "不再"))]
    departments, leads = _units_with_roles("，".join(clauses), default_lead=False)
    if not departments:
        return None
    return Note(start, end, tuple(departments), tuple(leads))


def _labelled_notes(text: str) -> list[Note]:
    """Notes written as labels ("牵头单位：…；配合单位：…"); labels next to each other are one note.

    A label's list runs on over a line break that follows a 、 or ，(a wrapped list).
    """
    notes: list[Note] = []
    for m in _NOTE_LABEL.finditer(text):
        note = _labelled_note([m], m.start(), m.end())
        if note is None:
            continue
        if notes and not text[notes[-1].end:note.start].strip(" \t\n；;【["):
            last = notes.pop()
            note = Note(last.start, note.end, tuple(_union(last.departments, note.departments)),
                        tuple(_union(last.lead_departments, note.lead_departments)))
        notes.append(note)
    return notes


def _labelled_note(matches: list[re.Match[str]], start: int, end: int) -> Note | None:
    departments: list[str] = []
    leads: list[str] = []
    for m in matches:
        units, marked = _units_with_roles(m.group("body"), default_lead=m.group("label").startswith(("牵头", "主办")))
        departments = _union(departments, units)
        leads = _union(leads, marked)
    if not departments:
        return None
    return Note(start, end, tuple(departments), tuple(leads))


def _units_with_roles(body: str, default_lead: bool) -> tuple[list[str], list[str]]:
    """The units of a note body, and those a 牵头 (or the label, or a （牵头） mark) makes leads."""
    departments: list[str] = []
    body = _unwrapped(body)
    leads = _marked_leads(body)
    body = _LEAD_MARK.sub("", body)
    pos = 0
    for role in [*_ROLE_RE.finditer(body), None]:
        segment = body[pos:role.start() if role else len(body)]
        pos = role.end() if role else len(body)
        units = split_units(segment)
        departments = _union(departments, units)
        if default_lead or (role is not None and any(w in role.group() for w in _LEAD_ROLE)):
            leads = _union(leads, units)
    return departments, [u for u in departments if u in leads]


def _marked_leads(clause: str) -> list[str]:
    """Units followed by （牵头）."""
    leads = []
    for m in _LEAD_MARK.finditer(clause):
        items = _split_top(clause[:m.start()], _ITEM_SEPARATORS)
        unit = clean_unit(items[-1]) if items else None
        if unit:
            leads.append(unit)
    return leads


def split_units(clause: str) -> list[str]:
    """The organisation names in a list clause, in order, as written."""
    clause = _LEAD_MARK.sub("", _unwrapped(clause))
    units: list[str] = []
    for run in _split_top(clause, _RUN_SEPARATORS):
        items = _split_top(run, "、")
        shared = bool(items) and _PLACE_GOVERNMENT.search(_strip_item(items[-1])) is not None
        for item in items:
            unit = clean_unit(item)
            if unit is None and shared:
                unit = _bare_place(item)
            if unit and unit not in units:
                units.append(unit)
    return units


def clean_unit(part: str) -> str | None:
    """An organisation name with list words and a trailing gloss stripped, or None if it is not one."""
    part = _strip_item(part)
    if not 2 <= len(part) <= 40:
        return None
    if _UNIT_SUFFIX.search(part) or _COLLECTIVE.match(part):
        return part
    return None


def _strip_item(part: str) -> str:
    part = _LEAD_MARK.sub("", part).strip()
    part = _ROLE_RE.sub("", part).strip()
    part = re.sub(r"^(?:由|请|和|及|以及|与|会同|协同|并)", "", part)
    part = _ROLE_FILLER.sub("", part)
    if not _COLLECTIVE.match(part):  # 各县（市、区）: the bracket is part of the collective
        part = _ROLE_FILLER.sub("", _GLOSS.sub("", part).strip())
    return part.strip("：:“”\"' 　")


def _bare_place(item: str) -> str | None:
    """甲区 in "甲区、乙区人民政府": a place sharing the list's government suffix, as written."""
    part = _strip_item(item)
    return part if 2 <= len(part) <= 12 and _PLACE.search(part) else None


def _unwrapped(text: str) -> str:
    """A note's lines joined: a line break inside a note is a wrap (县交通运\n输局), never a separator."""
    return _WRAP.sub("", text) if "\n" in text else text


def _split_top(text: str, separators: str) -> list[str]:
    """`text` split at `separators` outside brackets, empty pieces dropped."""
    if not any(ch in text for ch in _OPEN):
        return [p for p in _splitter(separators).split(text) if p.strip()]
    pieces: list[str] = []
    depth, current = 0, []
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if depth == 0 and ch in separators:
            pieces.append("".join(current))
            current = []
        else:
            current.append(ch)
    pieces.append("".join(current))
    return [p for p in pieces if p.strip()]


@cache
def _splitter(separators: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(separators)}]")


def _union(first: list[str] | tuple[str, ...], more: list[str] | tuple[str, ...]) -> list[str]:
    return [*first, *(u for u in more if u not in first)]


class NoteIndex:
    """Finds the note that governs an offset: the first note after it with no heading between.

    A heading between a target and the next note means the note closes another part of the plan.
    """

    def __init__(self, notes: list[Note], headings: list[int]) -> None:
        self._notes = sorted(notes, key=lambda n: n.end)
        self._ends = [n.end for n in self._notes]
        self._headings = sorted(headings)

    def __bool__(self) -> bool:
        return bool(self._notes)

    def at(self, offset: int) -> Note | None:
        """The note governing `offset`, or None."""
        i = bisect_left(self._ends, offset + 1)
        if i >= len(self._notes):
            return None
        note = self._notes[i]
        j = bisect_left(self._headings, offset + 1)
        if j < len(self._headings) and self._headings[j] < note.start:
            return None
        return note
