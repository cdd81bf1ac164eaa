"""Numbers a plan writes that are not its own targets: background and project designations.

The spec ("Not targets of this plan") names two kinds, and both are recognised by general rules:
- **A higher level's target quoted as background**: "全省…将达70%" in a city's plan, "国家要求…" in a
  county's. The plan's own level comes from the outline's metadata (province, city, county); a number
  whose sentence makes a higher level its subject — the nearest area word before it is 全国/我国 (above
  a province), 全省/我省 (above a city), 全市/我市 (above a county), or a higher authority that
  requires or proposes (国家要求, 省提出) — is that level's, unless an own-level word (全县 in a county's
  plan) stands nearer. Words of comparison (占全省…, 高于全国…) make no subject. Sections that describe
  the situation (发展形势, 背景) and a preamble paragraph that cites its basis before the first heading
  (根据《…》…) hold no targets either.
- **A named project's designation**: a capacity written between a project's name and the facility it
  names ("（三期）180MW 风电场", "某某 180MW 光伏发电") identifies the project; it is not a commitment.
Where a sentence only cites a basis (按照《…》要求, 根据省部署) but its subject is the plan's own, the
number stays a target with the doubt `background_maybe`.
"""

from __future__ import annotations

import re

_LEVELS = ("county", "city", "province", "national")
_AUTHORITY_VERB = r"(?=要求|提出|明确|规定|部署|印发)"
# Area words by the level they name: the area as the subject of its clause (全省…), or an authority
# that requires or proposes (国家要求…), whose sentence runs on past commas. 全区 is left out: it is a
# district's own area or an autonomous region's.
_AREA = {
    "national": (r"全国|我国", rf"(?:国家|中央|国务院|党中央){_AUTHORITY_VERB}"),
    "province": (r"全省|我省|本省", rf"(?:省委|省政府|省){_AUTHORITY_VERB}"),
    "city": (r"全市|我市|本市", rf"(?:市委|市政府){_AUTHORITY_VERB}"),
    "county": (r"全县|我县|本县|全旗|我旗|本旗", r"(?!)"),
}
_SUBJECT_RE = re.compile("|".join(f"(?P<{level}>{area})" for level, (area, _) in _AREA.items()))
_AUTHORITY_RE = re.compile("|".join(f"(?P<{level}>{who})" for level, (_, who) in _AREA.items()))
# 占全省…, 高于全国…, 保持全国一流: the area is compared with, not the subject.
_COMPARISON_BEFORE = re.compile(r"(?:占|于|比|较|超过|高出|低出|领先|保持|居|位居|位列|进入)$")
_COMPARISON_AFTER = re.compile(r"一流|领先|前列|平均|水平|第[一二三四五六七八九十\d]")
# 按照省要求, 根据国家部署: the plan adopts what the authority set; the number is the plan's own.
_ADOPTED_BEFORE = re.compile(r"(?:按照?|根据|依据|对照|落实|贯彻|执行|参照)$")
_CLAUSE_START = "。！？!?；;\n，,：:"
_SENTENCE_START = "。！？!?；;\n"
# A basis the sentence cites as the source of its numbers: what a document or a higher authority set
# (《…》提出, 国家要求, 省下达) — the plan may adopt it or only quote it.
_BASIS = re.compile(r"《[^》]{1,60}》[^，。；]{0,8}(?:提出|明确|要求|确定|规定)"
                    r"|(?:国家|中央|国务院|上级|省|自治区|部)[^，。；、]{0,6}(?:要求|提出|明确|下达|部署|确定)")
_ANY_OTHER = re.compile("|".join([*(area for area, _ in _AREA.values()), *(who for _, who in _AREA.values()),
                                    _BASIS.pattern]))
_SITUATION_TITLE = re.compile(r"形势|背景|机遇|挑战")
_OWN_TITLE = re.compile(r"目标|任务|举措|措施|要求")
_PREAMBLE_BASIS = re.compile(r"《[^》]{2,80}》|根据|按照|依据|为贯彻|为落实|为深入")
_CAPACITY_UNIT = r"(?:MW|GW|kW|KW|MWp|兆瓦|千瓦|万千瓦|吉瓦)"
_FACILITY = r"(?:风电场|风电|光伏电站|光伏发电|光伏|电站|水电站|储能电站|机组|生物质电厂|电厂)"
_DESIGNATION = re.compile(rf"\s*{_CAPACITY_UNIT}?\s*{_FACILITY}")
_NAME_END = re.compile(r"(?:期[）)]|[\u4e00-\u9fff）)])\s*$")
_NOT_NAME_END = re.compile(
    r"(?:装机|容量|规模|达到|达|新增|建成|建设|新建|累计|超过|至|到|为|共|约|计|总|以上|不低于|不少于)\s*$")


def may_cite_others(paragraph: str) -> bool:
    """False when the paragraph names no area, authority or document: none of its numbers is another's."""
    return _ANY_OTHER.search(paragraph) is not None


def level_rank(level: str | None) -> int | None:
    """0 county … 3 national; None when the level is unknown."""
    return _LEVELS.index(level) if level in _LEVELS else None


def higher_level_subject(text: str, number_at: int, own_level: str | None) -> bool:
    """True when the nearest area word before `number_at` names a level above `own_level`.

    An area word counts within the number's clause (全省…达到70%), an authority within its sentence
    (国家要求，到2025年…) unless the plan says it follows it (按照省要求); an own-level word nearer the
    number (全县) makes the number the plan's own.
    """
    own = level_rank(own_level)
    if own is None:
        return False
    found = [m for m in _SUBJECT_RE.finditer(text, _start(text, number_at, _CLAUSE_START), number_at)
             if not _compared(text, m)]
    found += [m for m in _AUTHORITY_RE.finditer(text, _start(text, number_at, _SENTENCE_START), number_at)
              if not _ADOPTED_BEFORE.search(text, max(0, m.start() - 4), m.start())]
    if not found:
        return False
    nearest = max(found, key=lambda m: m.start())
    return _LEVELS.index(str(nearest.lastgroup)) > own


def _compared(text: str, m: re.Match[str]) -> bool:
    return bool(_COMPARISON_BEFORE.search(text, max(0, m.start() - 3), m.start())
                or _COMPARISON_AFTER.match(text, m.end()))


def cites_basis(text: str, number_at: int) -> bool:
    """True when the clause before the number cites a basis: a document or a requirement it follows."""
    return _BASIS.search(text, _start(text, number_at, _SENTENCE_START), number_at) is not None


def situation_section(path: tuple[str, ...] | list[str]) -> bool:
    """True for a section describing the situation (发展形势, 背景) rather than the plan's goals or tasks."""
    return any(_SITUATION_TITLE.search(title) and not _OWN_TITLE.search(title) for title in path)


def preamble_basis(paragraph: str) -> bool:
    """True for a preamble paragraph that states the plan's basis (根据《…》…, 为贯彻落实…)."""
    return _PREAMBLE_BASIS.search(paragraph) is not None


def designation(text: str, number_start: int, number_end: int) -> bool:
    """True when the number is a capacity naming a project: "（三期）180MW 风电场"."""
    if not _DESIGNATION.match(text, number_end):
        return False
    before = text[max(0, number_start - 12):number_start]
    return bool(_NAME_END.search(before)) and not _NOT_NAME_END.search(before)


def _start(text: str, at: int, boundary: str) -> int:
    """Where the clause or sentence holding `at` starts (looking back at most 300 characters)."""
    begin = max(0, at - 300)
    return max(begin, *(text.rfind(ch, begin, at) + 1 for ch in boundary))
