"""The general rules behind the outline, on small texts: heading numbers, counters, titles and metadata.

None of these texts comes from a seed; each shows one rule that must hold for plans never seen.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from greentrack.models import Outline
from greentrack.outline.lines import split_lines
from greentrack.outline.metadata import (
    admin_prefix,
    find_date,
    find_doc_number,
    jurisdiction_level,
    parse_date_line,
)
from greentrack.outline.numbering import parse_number


@pytest.mark.parametrize(("line", "style", "value"), [
    ("一、总体要求", "cn", 1), ("（十二）推进", "cn_paren", 12), ("(三) 建设", "cn_paren", 3),
    ("( 十 三)推进", "cn_paren", 13), ("〈二)强化", "cn_paren", 2), ("1.推进", "num_dot", 1),
    ("12.单位", "num_dot", 12), ("1、坚持", "num_dun", 1), ("（2）加大", "num_paren", 2),
    ("③建设", "circled", 3), ("第五章规划实施", "chapter", 5), ("专栏 2 重点工程", "box", 2),
    ("专栏三 任务目标", "box", 3),
])
def test_heading_numbers(line: str, style: str, value: int) -> None:
    number = parse_number(line)
    assert number is not None and (number.style, number.value) == (style, value)


@pytest.mark.parametrize("line", ["1.6公里", "2025年", "十九大以来", "一是加强", "（2021—2025年）", "10"])
def test_not_heading_numbers(line: str) -> None:
    assert parse_number(line) is None


def test_counters_reject_false_headings(outline_of_text: Callable[[str], Outline]) -> None:
    text = "\n".join([
        "一、总体要求", "（一）指导思想。坚持。", "1.推进", "2.加强", "1.6公里的道路建成。",
        "（二）主要目标", "3.不是第三项而是列表外的句子", "二、重点任务", "（一）任务一", "7.错号",
        "三、保障措施", "（五）跳号开头",
    ])
    sections = outline_of_text(text).sections
    assert [(s.number, s.level, s.title) for s in sections] == [
        ("一、", 1, "总体要求"), ("（一）", 2, "指导思想"), ("1.", 3, "推进"), ("2.", 3, "加强"),
        ("（二）", 2, "主要目标"), ("3.", 3, "不是第三项而是列表外的句子"),
        ("二、", 1, "重点任务"), ("（一）", 2, "任务一"), ("三、", 1, "保障措施"),
    ]


def test_numbering_running_on_across_parents(outline_of_text: Callable[[str], Outline]) -> None:
    text = "一、甲\n（一）子一\n（二）子二\n二、乙\n（三）子三\n（四）子四\n三、丙\n（一）重新开始\n"
    sections = outline_of_text(text).sections
    assert [s.path for s in sections if s.level == 2] == [
        ("甲", "子一"), ("甲", "子二"), ("乙", "子三"), ("乙", "子四"), ("丙", "重新开始")]


def test_box_sits_in_its_section_and_ends_at_next_heading(outline_of_text: Callable[[str], Outline]) -> None:
    text = "一、任务\n（一）建筑节能\n1.提高能效\n专栏 1 节能重点工程\n1.新建建筑。内容。\n（二）绿色建筑\n"
    sections = outline_of_text(text).sections
    box = next(s for s in sections if s.number == "专栏1")
    assert box.path == ("任务", "建筑节能", "提高能效", "节能重点工程") and box.level == 4
    assert text[box.start:box.end] == "专栏 1 节能重点工程\n1.新建建筑。内容。\n"
    assert "新建建筑" not in {s.title for s in sections}


def test_spaced_heading_titles_are_squeezed(outline_of_text: Callable[[str], Outline]) -> None:
    sections = outline_of_text("一、总体要求\n（ 一） 指 导 思 想。 以习近平…\n").sections
    assert sections[1].title == "指导思想"


def test_contents_page_is_skipped(outline_of_text: Callable[[str], Outline]) -> None:
    text = "\n".join([
        "某市绿色建筑发展规划", "目 录", "一、发展回顾 ........ 1", "（一）总体回顾", "二、保障措施 ....... 9",
        "一、发展回顾", "（一）总体回顾",
        "“十三五”期间，我市积极践行国家战略，绿色建筑发展取得显著成效，超额完成规划目标。",
        "二、保障措施",
    ])
    sections = outline_of_text(text).sections
    assert [(s.number, s.title) for s in sections] == [("一、", "发展回顾"), ("（一）", "总体回顾"),
                                                       ("二、", "保障措施")]
    assert sections[0].start == text.index("一、发展回顾\n")


@pytest.mark.parametrize(("line", "expected"), [
    ("金政办字〔2023〕28号", "金政办字〔2023〕28号"),
    ("（冀政字[2021]22号）", "冀政字〔2021〕22号"),
    ("大发改资源字 (2021 J 283号", "大发改资源字〔2021〕283号"),
    ("武政〔 2022〕 11号", "武政〔2022〕11号"),
])
def test_doc_numbers_are_normalised(line: str, expected: str) -> None:
    assert find_doc_number(split_lines(line)) == expected


def test_doc_number_prefix_on_the_line_above() -> None:
    assert find_doc_number(split_lines("石住 建 办\n(2020J 4 1号关于印发《方案》的")) == "石住建办〔2020〕41号"


def test_cited_doc_number_is_not_the_documents_own() -> None:
    assert find_doc_number(split_lines("根据《通知》（国发〔2021〕4号），制定本方案。")) is None


@pytest.mark.parametrize(("line", "iso"), [
    ("2023年7月19日", "2023-07-19"), ("二〇二三年七月十九日", "2023-07-19"), ("2021年12月", "2021-12"),
    ("2021年8月31日印发", "2021-08-31"), ("二〇二一年十二月三十一日", "2021-12-31"),
])
def test_date_lines(line: str, iso: str) -> None:
    parsed = parse_date_line(line)
    assert parsed is not None and parsed[0] == iso


def test_signed_date_wins_over_printed_and_cover_dates() -> None:
    lines = split_lines("某市规划\n2021年8月\n正文\n某市人民政府\n2021年9月12日\n某市办公室\n2021年9月15日印发")
    assert find_date(lines, front_end=2, tail=5)[1] == "2021-09-12"


@pytest.mark.parametrize(("text", "name", "level"), [
    ("金乡县人民政府办公室", "金乡县", "county"), ("甘肃省委办公厅", "甘肃省", "province"),
    ("广西壮族自治区人民政府", "广西壮族自治区", "province"), ("重庆市住房和城乡建设委员会", "重庆市", "province"),
    ("赤峰市人民政府", "赤峰市", "city"), ("北京市朝阳区人民政府", "北京市朝阳区", "county"),
    ("阿鲁科尔沁旗人民政府", "阿鲁科尔沁旗", "county"), ("石家庄市城市管理综合行政执法局", "石家庄市", "city"),
    ("兴安盟行政公署", "兴安盟", "city"),
])
def test_jurisdiction_and_level(text: str, name: str, level: str) -> None:
    assert admin_prefix(text) == name
    assert jurisdiction_level(name) == level


def test_notice_transmitting_a_plan(outline_of_text: Callable[[str], Outline]) -> None:
    text = "\n".join([
        "某某县人民政府办公室", "关于印发《某某县绿色低碳发展实施方案》的通知", "各乡镇：",
        "现将《某某县绿色低碳发展实施方案》印发给你们，请认真贯彻执行。", "一、不是正文的标题",
        "某某县人民政府办公室", "二〇二四年一月五日", "某某县绿色低碳发展", "实施方案",
        "为推动绿色发展，制定本方案。", "一、总体要求", "二、重点任务",
    ])
    outline = outline_of_text(text)
    meta = outline.metadata
    assert (meta.title, meta.issuer, meta.issue_date, meta.jurisdiction, meta.level) == (
        "某某县绿色低碳发展实施方案", "某某县人民政府办公室", "2024-01-05", "某某县", "county")
    assert [s.title for s in outline.sections] == ["总体要求", "重点任务"]


def test_a_numeral_list_opening_a_line_is_not_a_heading() -> None:
    assert parse_number("一、二星级绿色建筑标识由市住建局组织评审。") is None
    assert parse_number("1、2号线沿线站点完成改造。") is None
    assert parse_number("一、总体要求") is not None and parse_number("二、二氧化碳排放控制") is not None


def test_a_plan_without_issuer_or_titled_place_takes_its_level_from_the_whole_area_it_speaks_of(
        outline_of_text: Callable[[str], Outline]) -> None:
    county = outline_of_text("城乡建设绿色发展实施方案\n一、主要目标\n全县推进绿色建筑。全县推广装配式建筑，"
                             "按照全省部署，全县新增绿地。\n二、保障措施\n全县加强组织领导。")
    assert county.metadata.jurisdiction is None and county.metadata.level == "county"
    mixed = outline_of_text("城乡建设绿色发展实施方案\n一、主要目标\n全县推进绿色建筑。全省推广装配式建筑。"
                            "全县新增绿地。全省加强组织领导。\n")
    assert mixed.metadata.level is None  # neither whole area clearly the plan's own
