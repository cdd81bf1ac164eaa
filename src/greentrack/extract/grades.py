"""Star grades of a green-building standard (一星级…三星级): which standard or class of buildings a grade names, and
which projects a grade rule covers. Used by the clause reader for numbers in the unit 星级."""

from __future__ import annotations

import re

# Verbs and hedges that open the subject of a grade rule without naming it: "支持A按照…", "推进A执行…".
_GRADE_SUBJECT_LEAD = re.compile(r"^(?:支持|推进|推动|落实|引导|严格执行|执行|鼓励|要求|确保|其中)+")
_GRADE_SUBJECT_TAIL = re.compile(
    r"(?:应当|应|须|均|要|全面|全部|一律|统一|严格|按照|按|执行|达到|建设|采用|不低于|至少)+$")


_BUILDING_CLASS = re.compile(r"(?:建筑|项目|小区|住宅|工程)$")
# A class of buildings short enough to name its grade standard ("超高层建筑星级标准"); a longer one is only scope.
_SHORT_SUBJECT = 8
# "按照绿色建筑" right before a grade: the standard the grade belongs to.
STANDARD_BEFORE_GRADE = re.compile(r"(?:按照|按|执行|达到|满足)(?!照|不|至少)([\u4e00-\u9fff]{2,6}?)(?:不低于|至少)?$")


def grade_name(rest: str, subject: str) -> str:
    """The standard or building class a grade qualifies, from the words after it: "绿色建筑标准(要求)" →
    "绿色建筑标准", "高等级绿色建筑" → itself; a bare "标准" after a class of buildings → "<class>星级标准";
    "" where they name none (the subject before the grade is the indicator: "绿色建筑等级不得低于二星级标准")."""
    rest = re.sub(r"(?<=标准)要求$", "", rest)
    if rest in ("标准", "要求"):
        if not _BUILDING_CLASS.search(subject):
            return ""
        return f"{subject}星级标准" if len(subject) <= _SHORT_SUBJECT else "星级标准"
    if len(rest) >= 3 and rest.endswith(("标准", "要求")):
        return rest
    return rest if len(rest) >= 4 and rest.endswith("建筑") else ""


def grade_scope(subject: str) -> str | None:
    """The projects a grade rule covers: its subject without the verbs around it."""
    subject = _GRADE_SUBJECT_TAIL.sub("", _GRADE_SUBJECT_LEAD.sub("", subject))
    return subject if len(subject) >= 2 else None
