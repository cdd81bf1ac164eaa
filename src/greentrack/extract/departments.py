"""Responsibility notes: which units answer for a paragraph, and which of them lead.

Plans close a task with a note in one of a few shapes:
- `（县发改局、县住建局牵头，县水务局等按照职责分工负责）`
- `责任单位：区发改委、区财政局、区商务局` on a line of its own
- `牵头单位：市住建局；配合单位：市发改委、市财政局`, or `市住建局（牵头）、市发改委`
Units are copied as written; only list words (等, 按照职责分工负责, 牵头) are removed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

# What an organisation's name ends with. General, not a list of the seeds' departments.
_UNIT_SUFFIX = re.compile(
    r"(?:局|委|办|厅|部|署|院|中心|公司|集团|队|站|行|所|会|组|处|科|室|校|社|馆|台|政府|街道|"
    r"办事处|管委会|委员会|办公室|总站|支队|大队|分局|分行|支行|联社|协会|集团公司)$"
)
_ROLE_WORDS = re.compile(r"按照?(?:各自)?职责分工(?:负责|落实)?|按职责(?:分工)?(?:负责)?|分别负责|负责落实|"
                         r"共同负责|配合|参与|负责|牵头|落实")
_NOTE_IN_PARENS = re.compile(
    r"[（(](?P<body>(?:[^（）()]|[（(]牵头[)）]){2,400}?(?:负责|牵头|配合|落实|单位[：:])(?:[^（）()]|[（(]牵头[)）]){0,200})[）)]"
)
_NOTE_LABEL = re.compile(
    r"(?P<label>(?:主要)?(?:牵头|责任|配合|协同|参与|协办|主办)(?:单位|部门))\s*[：:]\s*"
    r"(?P<body>(?:[^；;。\n（）()]|[（(]牵头[)）]){1,300})"
)
_LEAD_MARK = re.compile(r"[（(]牵头[）)]")
_SPLIT = re.compile(r"[、，,；;\s]+")


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
        if _NOTE_LABEL.search(body):
            note = _labelled_note(body, m.start(), m.end())
        else:
            note = _prose_note(body, m.start(), m.end())
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
    departments: list[str] = []
    leads: list[str] = []
    for clause in re.split(r"[，,；;。]", body):
        # "以下各项由各区政府具体落实，不再逐一列出": a standing instruction, not a unit list.
        if clause.startswith(("以下", "下同", "不再")):
            continue
        units = split_units(clause)
        departments.extend(u for u in units if u not in departments)
        if re.search(r"牵头$", clause.strip()) or "牵头，" in clause:
            leads.extend(u for u in units if u not in leads)
        leads.extend(u for u in _marked_leads(clause) if u not in leads)
    if not departments:
        return None
    return Note(start, end, tuple(departments), tuple(leads))


def _labelled_notes(text: str) -> list[Note]:
    """Notes written as labels ("牵头单位：…；配合单位：…"), grouped when they sit together."""
    notes: list[Note] = []
    for line in re.finditer(r"[^\n]+", text):
        if not _NOTE_LABEL.search(line.group()):
            continue
        note = _labelled_note(line.group(), line.start(), line.end())
        if note is not None:
            notes.append(note)
    return notes


def _labelled_note(body: str, start: int, end: int) -> Note | None:
    departments: list[str] = []
    leads: list[str] = []
    matches = list(_NOTE_LABEL.finditer(body))
    if not matches:
        return None
    for m in matches:
        units = split_units(m.group("body"))
        departments.extend(u for u in units if u not in departments)
        if m.group("label").startswith(("牵头", "主办")):
            leads.extend(u for u in units if u not in leads)
        leads.extend(u for u in _marked_leads(m.group("body")) if u not in leads)
    if not departments:
        return None
    # The span is the label's line part that names units (the note itself).
    return Note(start + matches[0].start(), start + matches[-1].end(), tuple(departments), tuple(leads))


def _marked_leads(clause: str) -> list[str]:
    """Units followed by （牵头）."""
    leads = []
    for m in _LEAD_MARK.finditer(clause):
        before = _SPLIT.split(clause[:m.start()])[-1]
        unit = clean_unit(before)
        if unit:
            leads.append(unit)
    return leads


def split_units(clause: str) -> list[str]:
    """The organisation names in a list clause, in order, as written."""
    clause = _LEAD_MARK.sub("", clause)
    units = []
    for part in _SPLIT.split(clause):
        unit = clean_unit(part)
        if unit and unit not in units:
            units.append(unit)
    return units


def clean_unit(part: str) -> str | None:
    """An organisation name with list words stripped, or None if it is not one."""
    part = _ROLE_WORDS.sub("", part).strip()
    part = re.sub(r"^(?:由|请|和|及|以及|与)", "", part)
    part = re.sub(r"等$", "", part).strip("：:“”\"'")
    if not 2 <= len(part) <= 40 or not _UNIT_SUFFIX.search(part):
        return None
    return part


class NoteIndex:
    """Finds the note that governs an offset: the first note after it with no heading between.

    A heading between a target and the next note means the note closes another part of the plan.
    """

    def __init__(self, notes: list[Note], headings: list[int]) -> None:
        self._notes = notes
        self._ends = [n.end for n in notes]
        self._headings = sorted(headings)

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
