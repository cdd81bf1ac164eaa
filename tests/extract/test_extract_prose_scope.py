"""Year scope in prose (shared/spec/targets.md, "Conventions added with the corpus gold"), on constructed text.

A time phrase opening a paragraph governs the paragraph, and in a goal block the block's later
paragraphs; one in the middle governs to the end of its sentence and never a number before it; a
stage heading's date span governs its stage; “十四五”期间/末 is 2025; a bracketed earlier milestone is
its own record. Where the year comes from outside the paragraph the record says so in its doubts.
"""

from __future__ import annotations

from .helpers import one, targets_of

GOALS = """某某市绿色建筑发展规划
一、发展目标
（一）具体目标
1.装配式建筑推广
“十四五”期间，全市新建装配式建筑面积占比达到35%以上。
各区县的具体目标为：甲区、乙区和高新区的新建装配式建筑占比达到40%，北山县、南湖县的新建装配式建筑占比在25%以上。
二、重点任务
（一）推进既有建筑改造
到2025年，改造既有公共建筑面积150万平方米。
各区县要建立改造项目库，每个区县改造示范项目不少于3个。
"""


def test_a_goal_blocks_opening_time_governs_its_later_paragraphs() -> None:
    found = targets_of(GOALS)
    assert one(found, 35).year == 2025 and "year_from_block" not in one(found, 35).doubts
    for value in (40, 25):
        t = one(found, value)
        assert t.year == 2025 and "year_from_block" in t.doubts, (t.indicator, t.year, t.doubts)


def test_outside_a_goal_block_a_paragraph_keeps_its_own_year() -> None:
    found = targets_of(GOALS)
    assert one(found, 150).year == 2025
    assert one(found, 3).year is None


STAGES = """某某区绿色社区创建行动方案
一、创建步骤
（一）试点阶段（2023年3月至2023年6月）
1.选取试点。各街道至少启动5个社区试点。
（二）巩固提升阶段（2023年7月至2024年6月）
1.巩固完成。力争实现全区75%以上的城市社区达到创建标准。到2023年底，各街道80%以上的社区完成评估。
"""


def test_a_stage_headings_date_span_governs_its_stage() -> None:
    found = targets_of(STAGES)
    pilot = one(found, 5)
    assert (pilot.year, pilot.deadline) == (2023, "2023-06-30") and "year_from_heading" in pilot.doubts
    share = one(found, 75)
    assert (share.year, share.deadline, share.aspirational) == (2024, "2024-06-30", True)
    own = one(found, 80)  # its own phrase wins over the heading's
    assert (own.year, own.deadline) == (2023, "2023-12-31") and "year_from_heading" not in own.doubts


MIDDLE = """某某县绿色低碳建设实施方案
（三）提升污水处理能力。县城污水处理率达到96%。到2025年，县城污水管网覆盖率达到75%，污泥安全处置率达到92%。新建污水管网不少于18公里。
"""


def test_a_time_phrase_in_the_middle_governs_to_the_end_of_its_sentence() -> None:
    found = targets_of(MIDDLE)
    assert one(found, 96).year is None  # before the phrase
    assert one(found, 75).year == 2025 and one(found, 92).year == 2025
    assert one(found, 18).year is None  # the next sentence


def test_the_fourteenth_plan_period_is_2025() -> None:
    found = targets_of("某某市方案\n（一）主要目标。“十四五”末，全市新能源汽车保有量达到5万辆，"
                       "公共充电桩不少于3000个。\n")
    assert one(found, 5).year == 2025 and one(found, 3000).year == 2025


def test_an_earlier_milestone_in_brackets_is_its_own_record() -> None:
    found = targets_of("某某县方案\n一、主要目标\n到2025年，全县新建民用建筑中绿色建筑比例达到100%"
                       "（其中，2023年达到80%），装配式建筑占比提高到35%。\n")
    final, milestone, other = one(found, 100), one(found, 80), one(found, 35)
    assert (final.year, milestone.year, other.year) == (2025, 2023, 2025)
    assert milestone.indicator == final.indicator and milestone.comparator == ">="


DISTRICTS = """某某市建筑节能规划
一、发展目标
（二）具体目标
3.推进既有建筑节能改造
“十四五”期间，全市完成公共建筑能效提升改造面积不低于120万平方米。
各区县的具体目标为：东湖区的绿色建材应用比例达到60%，西山区、南河区和北岭县的绿色建材应用比例在45%以上。2021年~2023年，东湖区、西山区各完成8万平方米，南河县、北岭县各完成5万平方米。
"""


def test_district_lists_are_scope_not_indicator() -> None:
    found = targets_of(DISTRICTS)
    one_place, three = one(found, 60), one(found, 45)
    assert (one_place.indicator, one_place.scope) == ("绿色建材应用比例", "东湖区")
    assert (three.indicator, three.scope, three.comparator) == ("绿色建材应用比例", "西山区、南河区和北岭县", ">=")


def test_each_of_a_place_list_completes_the_sections_amount() -> None:
    found = targets_of(DISTRICTS)
    for value, places in ((8, "东湖区、西山区"), (5, "南河县、北岭县")):
        t = one(found, value)
        assert (t.indicator, t.scope, t.year) == ("公共建筑能效提升改造面积", places, 2023)
        assert "indicator_inherited" in t.doubts


def test_a_built_up_area_is_a_scope_though_it_opens_with_a_verb() -> None:
    found = targets_of("到2030年，城区透水铺装率达到40%，建成区绿化覆盖率达到45%。")
    covered = one(found, 45)
    assert (covered.indicator, covered.scope) == ("绿化覆盖率", "建成区")
