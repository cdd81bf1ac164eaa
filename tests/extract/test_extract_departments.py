"""Responsibility notes are read in every common shape; units are kept as written, leads marked."""

from __future__ import annotations

from greentrack.extract.departments import NoteIndex, find_notes, split_units


def test_parenthesised_note_with_leads() -> None:
    text = "（市住房城乡建设局、市发展改革委牵头，市财政局、国网某某供电公司等按照职责分工负责）"
    note = find_notes(text)[0]
    assert note.departments == ("市住房城乡建设局", "市发展改革委", "市财政局", "国网某某供电公司")
    assert note.lead_departments == ("市住房城乡建设局", "市发展改革委")


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
    note = find_notes("（市发展改革委等按照职责分工负责，以下均需各县区人民政府落实，不再列出）")[0]
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
