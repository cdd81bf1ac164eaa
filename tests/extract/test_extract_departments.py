"""Responsibility notes are read in every common shape; units are kept as written, leads marked."""

from __future__ import annotations

from greentrack.extract.departments import NoteIndex, find_notes, split_units

from .helpers import one, targets_of


def test_parenthesised_note_with_leads() -> None:
    text = "（市发展改革委、市交通运输局牵头，市财政局、国网某某供电公司等按职责分工负责）"
    note = find_notes(text)[0]
    assert note.departments == ("市发展改革委", "市交通运输局", "市财政局", "国网某某供电公司")
    assert note.lead_departments == ("市发展改革委", "市交通运输局")


def test_note_without_leads_and_with_comma_groups() -> None:
    note = find_notes("（市委宣传部，市生态环境局、市交通运输局等按职责分工负责）")[0]
    assert note.departments == ("市委宣传部", "市生态环境局", "市交通运输局")
    assert note.lead_departments == ()


def test_labelled_notes() -> None:
    note = find_notes("责任单位：县发改局、县工信局、县文旅局")[0]
    assert note.departments == ("县发改局", "县工信局", "县文旅局")
    note = find_notes("牵头单位：市住建局；配合单位：市发改委、市财政局")[0]
    assert note.departments == ("市住建局", "市发改委", "市财政局")
    assert note.lead_departments == ("市住建局",)


def test_lead_marked_inline() -> None:
    note = find_notes("（责任单位：区住建局（牵头）、区城管委）")[0]
    assert note.lead_departments == ("区住建局",)
    assert set(note.departments) == {"区住建局", "区城管委"}


def test_standing_instruction_is_not_a_unit() -> None:
    note = find_notes("（市发展改革委等按职责分工负责，以下事项均由各区县人民政府落实，不再逐项列出）")[0]
    assert note.departments == ("市发展改革委",)


def test_list_words_are_dropped_and_non_units_ignored() -> None:
    assert split_units("县水务局、有关部门等按照职责分工负责") == ["县水务局"]


def test_a_heading_between_target_and_note_breaks_the_link() -> None:
    notes = find_notes("甲。（县住建局负责）乙。（县水务局负责）")
    index = NoteIndex(notes, headings=[11])
    first = index.at(0)
    assert first is not None and first.departments == ("县住建局",)
    assert index.at(10) is None
    second = NoteIndex(notes, headings=[]).at(10)
    assert second is not None and second.departments == ("县水务局",)


def test_half_width_bracket_inside_a_name_keeps_the_note() -> None:
    note = find_notes("（区建设局牵头，各镇人民政府，区财政局、某某产业园(北湖)管理委员会配合）")[0]
    assert note.departments == ("区建设局", "各镇人民政府", "区财政局", "某某产业园(北湖)管理委员会")
    assert note.lead_departments == ("区建设局",)


def test_a_gloss_after_a_name_is_dropped_and_the_name_kept() -> None:
    note = find_notes("（责任单位：市水利局，各县人民政府〈含高新区、保税区管委会，下同〉）")[0]
    assert note.departments == ("市水利局", "各县人民政府")
    note = find_notes("（省交通厅〔港航办〕、发展改革委〔物价局〕按职责分工负责）")[0]
    assert note.departments == ("省交通厅", "发展改革委")


def test_short_peoples_organisations_are_units() -> None:
    note = find_notes("（市民政局、市教育局，市妇联，团市委，市总工会，市工商联，市科协按职责分工负责）")[0]
    assert note.departments == ("市民政局", "市教育局", "市妇联", "团市委", "市总工会", "市工商联", "市科协")


def test_a_list_sharing_a_government_suffix_is_copied_item_by_item() -> None:
    note = find_notes("（责任单位：市商务局，东湖区、西山区、南岭县人民政府，某某新区管委会）")[0]
    assert note.departments == ("市商务局", "东湖区", "西山区", "南岭县人民政府", "某某新区管委会")


def test_bare_places_without_a_shared_suffix_are_not_units() -> None:
    assert split_units("东湖区、西山区") == []


def test_collective_places_are_units() -> None:
    note = find_notes("（县住建局牵头，各乡镇、各街道按职责分工负责）")[0]
    assert note.departments == ("县住建局", "各乡镇", "各街道")
    note = find_notes("（市发改委牵头，各县（市、区）负责落实）")[0]
    assert note.departments == ("市发改委", "各县（市、区）")
    note = find_notes("（区城管局、区财政局负责，各镇（街道）、各区县落实）")[0]
    assert note.departments == ("区城管局", "区财政局", "各镇（街道）", "各区县")


def test_several_leads_each_named() -> None:
    note = find_notes("（市交通运输局、市公安局分别牵头，市财政局、各区人民政府配合）")[0]
    assert note.departments == ("市交通运输局", "市公安局", "市财政局", "各区人民政府")
    assert note.lead_departments == ("市交通运输局", "市公安局")


def test_lead_then_joint_responsibility() -> None:
    note = find_notes("（由县水务局牵头负责，会同县农业农村局、县财政局共同负责）")[0]
    assert note.departments == ("县水务局", "县农业农村局", "县财政局")
    assert note.lead_departments == ("县水务局",)


def test_a_standing_instruction_after_the_units_does_not_break_the_note() -> None:
    note = find_notes("（市园林局、市城管局等按职责分工负责，各区县人民政府落实。"
                      "以下各项均由各区县落实，不再列出）")[0]
    assert note.departments == ("市园林局", "市城管局", "各区县人民政府")


def test_a_bracket_that_runs_into_the_next_paragraph_is_no_note() -> None:
    text = "（某发〔2020〕3号）通知要求，制定本方案。\n一、工作目标\n到2025年，新建装配式建筑比例达到35%，由某科落实。"
    assert find_notes(text) == []


def test_label_lines_next_to_each_other_are_one_note() -> None:
    text = "推进老旧小区改造。\n牵头单位：区住建局\n配合单位：区财政局、区城管局\n"
    [note] = find_notes(text)
    assert note.departments == ("区住建局", "区财政局", "区城管局")
    assert note.lead_departments == ("区住建局",)
    assert text[note.start:note.end].startswith("牵头单位")


def test_bracketed_labels() -> None:
    note = find_notes("【牵头单位】县发改局【配合单位】县统计局、县财政局")[0]
    assert note.departments == ("县发改局", "县统计局", "县财政局")
    assert note.lead_departments == ("县发改局",)


def test_a_labelled_note_in_brackets_spans_the_brackets() -> None:
    text = "完成改造任务。（责任单位：市城管局、市住建局）"
    [note] = find_notes(text)
    assert text[note.start:note.end] == "（责任单位：市城管局、市住建局）"


PLAN = """某某县绿色低碳建设行动方案
一、主要目标
到2025年，全县新建民用建筑中绿色建筑比例达到100%。
二、重点任务
（一）推进建筑节能。到2025年，改造既有公共建筑20万平方米，
新建厂房屋顶光伏覆盖率达到45%以上。（县住建局牵头，县财政局、县发改局按职责分工负责）
（二）推进垃圾分类。到2025年，厨余垃圾资源化利用率达到60%。
（三）推进公交出行。到2025年，绿色出行比例达到70%。（县交通运输局负责）
"""


def test_a_note_covers_its_paragraph_and_stops_at_a_heading() -> None:
    found = targets_of(PLAN)
    assert one(found, 100).departments == ()  # the goals: no note closes them
    assert one(found, 20).departments == ("县住建局", "县财政局", "县发改局")
    assert one(found, 20).lead_departments == ("县住建局",)
    assert one(found, 45).departments == ("县住建局", "县财政局", "县发改局")  # the paragraph's broken line
    assert one(found, 60).departments == ()  # the next note closes another section
    assert one(found, 70).departments == ("县交通运输局",)


def test_no_departments_is_a_doubt_only_where_the_plan_uses_notes() -> None:
    found = targets_of(PLAN)
    assert "no_departments" in one(found, 60).doubts
    assert "no_departments" not in one(found, 20).doubts
    plain = targets_of("一、主要目标\n到2025年，全县新建民用建筑中绿色建筑比例达到100%。\n")
    assert "no_departments" not in one(plain, 100).doubts


def test_a_wrapped_note_is_read_as_one_line() -> None:
    note = find_notes("（县发改局、县交通运\n输局牵头，县水务局、\n县农业农村局等按照职责分工负责）")[0]
    assert note.departments == ("县发改局", "县交通运输局", "县水务局", "县农业农村局")
    assert note.lead_departments == ("县发改局", "县交通运输局")
    [note] = find_notes("改造老旧管网。\n责任单位：县住建局、县水务局、\n县财政局\n二、保障措施")
    assert note.departments == ("县住建局", "县水务局", "县财政局")


def test_labels_separated_by_a_comma() -> None:
    note = find_notes("（牵头单位：市城管局，配合单位：市财政局、各区人民政府）")[0]
    assert note.departments == ("市城管局", "市财政局", "各区人民政府")
    assert note.lead_departments == ("市城管局",)


def test_a_note_in_square_brackets_keeps_its_last_unit() -> None:
    for text in ("【牵头单位：市住建局，配合单位：市发改委、市财政局】",
                 "【牵头单位】市住建局【配合单位】市发改委、市财政局"):
        note = find_notes(text)[0]
        assert note.departments == ("市住建局", "市发改委", "市财政局"), text
        assert note.lead_departments == ("市住建局",)
    assert find_notes("[责任单位：市住建局、市财政局]")[0].departments == ("市住建局", "市财政局")
