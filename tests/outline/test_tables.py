"""Indicator tables broken over lines come back whole: columns, every row's cells, row spans and groups."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from greentrack.models import Outline, ReadDocument

SEED_001_ROWS = [
    ("“四新”经济增加值占比(%)", "23.1", "30", "预期性", "县发展和改革局"),
    ("高新技术产业产值占规模以上工业总产值比重(%)", "39.7%", "40%", "预期性", "县科技局"),
    ("农业科技进步贡献率(%)", "65.18", "68", "预期值", "县农业农村局"),
    ("单位地区生产总值能耗降低(%)", "[17]", "完成市分解任务", "约束性", "县发展和改革局"),
    ("单位GDP建设用地面积下降率(%)", "--", "完成市分解任务", "约束性", "县自然资源和规划局"),
    ("农田灌溉水有效利用系数", "0.6541", "0.6702", "预期性", "县水务局"),
    ("内河高等级航道里程(公里)", "38.4", "45.9", "预期性", "县交通运输局"),
    ("新增和更新巡游出租车清洁能源及新能源占比(%)", "--", "80", "预期性", "县交通运输局"),
    ("累计新增绿色建筑面积(万平方米)", "290", "610", "预期性", "县住房和城乡建设局"),
    ("空气质量优良天数比率(%)", "62", "66.6", "约束性", "市生态环境局金乡县分局"),
    ("地表水达到或好于Ⅲ类水体比例(%)", "70.8", "完成市分解任务", "约束性", "市生态环境局金乡县分局"),
    ("单位地区生产总值二氧化碳排放降低(%)", "--", "完成市分解任务", "约束性", "市生态环境局金乡县分局"),
]
SEED_001_GROUPS = ["产业绿色转型升级"] * 3 + ["资源节约集约循环利用"] * 3 + ["基础设施绿色升级"] * 3 + \
    ["生态环境质量改善"] * 3


def test_seed_001_indicator_table(seed_outlines: dict[str, tuple[ReadDocument, Outline]]) -> None:
    outline = seed_outlines["001"][1]
    assert len(outline.tables) == 1
    table = outline.tables[0]
    assert table.title == "金乡县“十四五”绿色低碳循环发展主要指标"
    assert table.columns == ("指标", "2020年", "2025年", "指标属性", "责任部门")
    assert list(table.rows) == SEED_001_ROWS
    assert list(table.row_groups) == SEED_001_GROUPS
    assert table.note is not None and table.note.startswith("注：[ ]为五年累计值")


def test_seed_001_row_spans_cover_the_row_lines(seed_outlines: dict[str, tuple[ReadDocument, Outline]]) -> None:
    document, outline = seed_outlines["001"]
    table = outline.tables[0]
    spans = table.row_spans
    assert len(spans) == 12
    assert all(a[1] < b[0] for a, b in pairwise(spans))
    assert document.text[slice(*spans[1])].splitlines() == [
        "2.高新技术产业产值占规模以上工业", "总产值比重(%)", "39.7% 40% 预期性 县科技局"]
    assert document.text[slice(*spans[3])].splitlines() == [
        "4.单位地区生产总值能耗降低(%) [17]", "完成市分", "解任务", "约束性 县发展和改革局"]
    assert table.start <= spans[0][0] and spans[-1][1] <= table.end


def test_one_cell_per_line_table_is_regrouped(outline_of_text: Callable[[str], Outline]) -> None:
    text = "\n".join([
        "一、发展目标", "到2025年，目标如下。",
        "表2 某省装配式建筑十四五规划各项指标表",
        "序号", "分类", "单位", "规划目标", "指标属性",
        "1", "装配式建筑占新建建筑比例", "%", "＞80", "约束性",
        "2", "国家级装配式建筑示范城市", "个", "2", "预期性",
        "3", "超低能耗建筑", "万 m2", "10", "预期性",
        "二、重点任务", "（一）推广装配式建筑。加快发展。",
    ])
    outline = outline_of_text(text)
    assert len(outline.tables) == 1
    table = outline.tables[0]
    assert table.columns == ("序号", "分类", "单位", "规划目标", "指标属性")
    assert table.rows == (("1", "装配式建筑占新建建筑比例", "%", "＞80", "约束性"),
                          ("2", "国家级装配式建筑示范城市", "个", "2", "预期性"),
                          ("3", "超低能耗建筑", "万m2", "10", "预期性"))
    assert [s.title for s in outline.sections] == ["发展目标", "重点任务", "推广装配式建筑"]


def test_cells_without_serials_end_at_the_attribute(outline_of_text: Callable[[str], Outline]) -> None:
    text = "\n".join([
        "一、目标", "专栏二 “十四五”某市绿色建筑主要工作目标",
        "主要指标", "2020年末", "2025年末", "性质",
        "城镇绿色建筑占新建建筑比重（%）", "57.24", "100", "约束性",
        "累计实施地热能、空气热能建筑应用面", "积（万平方米）", "1500", "2000", "预期性",
        "二、任务",
    ])
    table = outline_of_text(text).tables[0]
    assert table.rows == (("城镇绿色建筑占新建建筑比重（%）", "57.24", "100", "约束性"),
                          ("累计实施地热能、空气热能建筑应用面积（万平方米）", "1500", "2000", "预期性"))


def test_a_caption_without_an_indicator_header_is_no_table(outline_of_text: Callable[[str], Outline]) -> None:
    text = "一、背景\n表1 本土创新载体一览表\n序号\n类型\n名称\n1\n重点实验室\n二、目标\n"
    assert outline_of_text(text).tables == ()


def test_sentence_tail_ending_in_indicator_is_no_caption(outline_of_text: Callable[[str], Outline]) -> None:
    text = "一、目标\n到2025年，明确低碳建筑的各专业指标\n的各专业指标\n2025年\n编制完成技术标准\n二、任务\n"
    assert outline_of_text(text).tables == ()
