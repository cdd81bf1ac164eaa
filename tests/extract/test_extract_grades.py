"""Which standard a star grade names and which projects a grade rule covers (extract/grades.py)."""

from __future__ import annotations

import pytest

from greentrack.extract.grades import STANDARD_BEFORE_GRADE, grade_name, grade_scope


@pytest.mark.parametrize(("rest", "subject", "named"), [
    ("绿色建筑标准", "", "绿色建筑标准"),  # the standard is written after the grade
    ("绿色建筑标准要求", "", "绿色建筑标准"),
    ("标准", "保障性住房项目", "保障性住房项目星级标准"),  # a short class of buildings names its own standard
    ("标准", "政府投资的大型公共建筑项目", "星级标准"),  # a long one is only the scope
    ("标准", "城区", ""),  # not a class of buildings: nothing named
    ("高等级绿色建筑", "", "高等级绿色建筑"),
])
def test_the_standard_a_grade_names(rest: str, subject: str, named: str) -> None:
    assert grade_name(rest, subject) == named


def test_the_projects_a_grade_rule_covers() -> None:
    assert grade_scope("支持新建公共建筑应当按照") == "新建公共建筑"
    assert grade_scope("推进") is None


def test_the_standard_named_before_the_grade() -> None:
    found = STANDARD_BEFORE_GRADE.search("新建住宅按照绿色建筑")
    assert found is not None and found.group(1) == "绿色建筑"
