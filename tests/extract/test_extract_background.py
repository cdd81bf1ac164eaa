"""Numbers that are not the plan's own targets: a higher level's quoted as background, a project's designation.

The plan's level comes from the outline's metadata; a sentence whose subject is a higher level (全省 in
a city's plan, 国家要求 in a county's) gives no target unless an own-level word stands nearer the number.
"""

from __future__ import annotations

from greentrack.extract.background import (
    cites_basis,
    designation,
    higher_level_subject,
    preamble_basis,
    situation_section,
)

from .helpers import one, targets_of

CITY_PLAN = """江北市绿色建筑发展规划
依据《某省绿色建筑创建行动方案》，到2022年全省新建民用建筑中绿色建筑比例达到65%，结合本市情况，编制本规划。
一、发展形势
根据省方案确定的创建任务，到2022年全省当年竣工绿色建筑面积比例将达80%以上。
二、主要目标
到2025年，全市新建民用建筑中绿色建筑比例达到100%，全省装配式建筑比例将达到30%，全市装配式建筑比例达到40%。
全市装配式建筑占全省比重达到12%。
三、重点任务
（一）推动可再生能源应用。加快推进北岗（三期）180MW风电场等项目建设，到2025年新增光伏装机容量90MW。
"""


def test_a_city_plan_keeps_its_own_targets_only() -> None:
    found = targets_of(CITY_PLAN)
    assert sorted(t.value for t in found) == [12, 40, 90, 100]
    assert one(found, 12).indicator == "装配式建筑占全省比重"  # 占全省: compared with, not the subject


def test_higher_level_subject_by_plan_level() -> None:
    text = "到2025年，全省装配式建筑占比将达到30%"
    at = text.index("30")
    assert higher_level_subject(text, at, "city")
    assert higher_level_subject(text, at, "county")
    assert not higher_level_subject(text, at, "province")
    assert not higher_level_subject(text, at, None)  # the level is unknown: nothing is dropped
    national = "到2025年，全国新建民用建筑中绿色建筑比例达到100%"
    assert higher_level_subject(national, national.index("100"), "province")


def test_an_own_level_word_nearer_the_number_wins() -> None:
    text = "按照国家要求，到2025年，全县新建绿色建筑比例达到100%"
    assert not higher_level_subject(text, text.index("100"), "county")
    bare = "国家要求，到2025年新建民用建筑绿色建筑比例达到100%"
    assert higher_level_subject(bare, bare.index("100"), "county")
    adopted = "按照省要求，到2025年新建民用建筑绿色建筑比例达到100%"
    assert not higher_level_subject(adopted, adopted.index("100"), "city")


def test_comparisons_with_a_higher_level_are_not_subjects() -> None:
    for text in ("水质状况保持全国一流，全年空气优良天数比例达到92%",
                 "全市装配式建筑占全省比重达到12%", "增速高于全省平均水平，达到8%"):
        assert not higher_level_subject(text, text.rindex("%") - 2, "city"), text


def test_a_cited_basis_is_a_doubt_when_the_number_is_kept() -> None:
    text = "按照《某某省绿色建筑条例》要求，全县新建公共建筑中绿色建筑比例达到100%"
    assert cites_basis(text, text.index("100"))
    plain = "全面落实绿色建筑标准要求，新建建筑绿色建筑比例达到100%"
    assert not cites_basis(plain, plain.index("100"))
    found = targets_of("某某县绿色建筑实施方案\n一、主要目标\n" + text + "。\n")
    assert "background_maybe" in one(found, 100).doubts


def test_situation_sections_and_preambles() -> None:
    assert situation_section(("面临的发展形势",)) and situation_section(("规划背景", "政策要求"))
    assert not situation_section(("形势与目标",)) and not situation_section(("重点任务",))
    assert preamble_basis("为贯彻落实《某某意见》，制定本方案。")
    assert not preamble_basis("到2025年，全县绿色建筑比例达到95%。")


def test_a_preamble_without_a_basis_keeps_its_targets() -> None:
    found = targets_of("某某县绿色建筑实施方案\n到2025年，全县绿色建筑比例达到95%。\n"
                       "一、重点任务\n（一）推广绿色建材。\n")
    assert [t.value for t in found] == [95]


def test_project_designations() -> None:
    for text in ("加快推进北岗（三期）180MW风电场等项目建设", "华电西岭 180MW 光伏发电等地面光伏项目"):
        at = text.index("180")
        end = text.index("MW") + 2
        assert designation(text, at, end), text
    for text in ("到2025年新增光伏装机容量180MW风电", "建成180MW光伏电站"):
        at = text.index("180")
        assert not designation(text, at, text.index("MW") + 2), text
