"""Cell-per-line text tables (pdftotext without -layout) rebuilt into grids: labels wrapped over lines, units in
their own cell or in brackets, a row's first value kept in its label's block, a tall cell split around its label,
a label pushed past the page break, serial numbers, column marks; the text of row-per-line tables is left alone."""

from __future__ import annotations

from greentrack.models import Grid, ReadDocument
from greentrack.outline import build_outline
from greentrack.read import normalise


def _document(text: str) -> ReadDocument:
    out, offsets = normalise(text)
    return ReadDocument(name="inline.txt", path="inline.txt", format="txt", encoding="utf-8", source_text=text,
                        text=out, offsets=offsets)


def _grid(text: str) -> tuple[Grid, str | None, ReadDocument]:
    document = _document(text)
    tables = [t for t in build_outline(document).tables if t.grid is not None]
    assert len(tables) == 1, [t.title for t in tables]
    assert tables[0].grid is not None
    return tables[0].grid, tables[0].title, document


def _rows(grid: Grid) -> list[list[str]]:
    return [[cell.text for cell in row] for row in grid.rows]


BASE_AND_TARGET = """三、发展目标
到2025年，建筑节能水平明显提高。
专栏一 某市建筑节能“十四五”目标
指标名称

2020 年底

2025 年底

属性

新建住宅全装修交付比
例（%）

42.5

70

约束性

公共建筑节能率提升（%）

－

15

预期性

880

1300

预期性

屋顶光伏装机容量（万千瓦）

6

18

预期性

既有居住建筑节能改造面
积（万平方米）

—9—


第三章 重点任务
一、推进既有建筑改造
"""


def test_base_and_target_columns_with_a_label_past_the_page_break() -> None:
    grid, title, document = _grid(BASE_AND_TARGET)
    assert title == "某市建筑节能“十四五”目标"
    assert grid.rebuilt and "table_rebuilt" in grid.doubts
    assert _rows(grid) == [
        ["指标名称", "2020年底", "2025年底", "属性"],
        ["新建住宅全装修交付比例（%）", "42.5", "70", "约束性"],
        ["公共建筑节能率提升（%）", "－", "15", "预期性"],
        ["既有居住建筑节能改造面积（万平方米）", "880", "1300", "预期性"],
        ["屋顶光伏装机容量（万千瓦）", "6", "18", "预期性"]]
    # value cells are spans of the normalised text
    assert all(c.text == document.text[c.start:c.end] for row in grid.rows[1:] for c in row[1:] if c.text)


SERIALS = """表4 某县“十四五”绿色建筑工作目标
序号

指标

单位

目标值

属性

1

新建民用建筑绿色建筑占比

%

100

约束性

2

超低能耗建筑示范面积

万平方
米

12

预期性

3

绿色建材应用比例

%

60

预期性

（二）具体目标
"""


def test_serial_rows_and_a_wrapped_unit() -> None:
    grid, title, _ = _grid(SERIALS)
    assert title == "某县“十四五”绿色建筑工作目标"
    assert _rows(grid) == [
        ["序号", "指标", "单位", "目标值", "属性"],
        ["1", "新建民用建筑绿色建筑占比", "%", "100", "约束性"],
        ["2", "超低能耗建筑示范面积", "万平方米", "12", "预期性"],
        ["3", "绿色建材应用比例", "%", "60", "预期性"]]


FIRST_VALUE_IN_LABEL_BLOCK = """表 2.1 光伏装机年度分解目标
项目

2021 年 2023 年 2025 年 总计

建筑光伏新增装机
12
（万千瓦）
公共机构屋顶光伏
20
（%）

属性

15

18

45 约束性

35

50

—

预期性

2、推进可再生能源应用
"""


def test_first_value_in_the_label_block_and_the_rest_column_by_column() -> None:
    grid, title, _ = _grid(FIRST_VALUE_IN_LABEL_BLOCK)
    assert title == "光伏装机年度分解目标"
    assert _rows(grid) == [
        ["项目", "2021年", "2023年", "2025年", "总计", "属性"],
        ["建筑光伏新增装机（万千瓦）", "12", "15", "18", "45", "约束性"],
        ["公共机构屋顶光伏（%）", "20", "35", "50", "—", "预期性"]]


QUALIFIED = """专栏 2 某省“十四五”装配式建造推广目标
指标名称

1

2025 年

装配式建筑产业基地（个）

2

12

新开工项目装配式建造比例

35%（全省）
60%（重点发展
地区）
65%（全省）

保障性住房装配式建造比例

85%（重点发展地区）

（注：本表所列均为预期性指标。）
"""


QUALIFIED_ROWS = [
    ["指标名称", "2025年"],
    ["装配式建筑产业基地（个）", "12"],
    ["新开工项目装配式建造比例", "35%（全省）60%（重点发展地区）"],
    ["保障性住房装配式建造比例", "65%（全省）85%（重点发展地区）"]]


def test_tall_cells_split_at_a_repeated_qualifier_and_column_marks_dropped() -> None:
    grid, _, _ = _grid(QUALIFIED)
    assert _rows(grid) == QUALIFIED_ROWS


def test_row_per_line_tables_are_left_to_the_aligned_reader() -> None:
    text = """表1 某县节能目标一览表
指标名称 2020年 2025年 属性
1.新建住宅全装修交付比例(%) 42 70 约束性
2.既有建筑节能改造面积(万平方米) -- 260 预期性
二、重点任务
"""
    document = _document(text)
    tables = build_outline(document).tables
    assert len(tables) == 1 and tables[0].grid is not None and not tables[0].grid.rebuilt  # not a guess
    assert tables[0].columns == ("指标名称", "2020年", "2025年", "属性")
    assert tables[0].rows[0] == ("1.新建住宅全装修交付比例(%)", "42", "70", "约束性")


# The name column read down before the header words beside it: three labels wrapped at the column's width
# (the first exactly two full lines), then the header, then each row's cells with no label of its own, then
# rows that carry their label.
NAMES_BEFORE_HEADER = """表 4.1 既有建筑改造与可再生能源应用目标年度分解
项目
既有公共建筑节能改造
面积累计完成情况
城镇新建建筑可再生能
源替代率
农村危房改造中节能农
房建设比例

单位 2021 年 2022 年 2023 年 2024 年 2025 年

合计

属性

万平方米

40

55

70

85

100

350

约束性

%

4

5

6

7

8

—

预期性

%

10

20

30

40

50

—

预期性

近零能耗建筑示范项目

个

1

1

2

2

3

9

预期性

四、保障措施
"""


def test_name_column_printed_before_the_header_labels_the_first_rows() -> None:
    grid, title, document = _grid(NAMES_BEFORE_HEADER)
    assert title == "既有建筑改造与可再生能源应用目标年度分解"
    assert _rows(grid) == [
        ["项目", "单位", "2021年", "2022年", "2023年", "2024年", "2025年", "合计", "属性"],
        ["既有公共建筑节能改造面积累计完成情况", "万平方米", "40", "55", "70", "85", "100", "350", "约束性"],
        ["城镇新建建筑可再生能源替代率", "%", "4", "5", "6", "7", "8", "—", "预期性"],
        ["农村危房改造中节能农房建设比例", "%", "10", "20", "30", "40", "50", "—", "预期性"],
        ["近零能耗建筑示范项目", "个", "1", "1", "2", "2", "3", "9", "预期性"]]
    assert all(c.text.replace("\n", "") == document.text[c.start:c.end].replace("\n", "")
               for row in grid.rows[1:] for c in row[2:] if c.text)


def test_name_lines_that_cannot_make_enough_labels_are_not_guessed() -> None:
    """Four short lines are four labels at most; six unlabelled rows cannot be named from them."""
    head, _, rest = NAMES_BEFORE_HEADER.partition("\n\n单位")
    names = "\n".join(["项目", "甲指标", "乙指标", "丙指标", "丁指标"])
    extra = "\n\n".join(["%", "1", "2", "3", "4", "5", "—", "预期性"] * 3)
    text = head.split("\n")[0] + "\n" + names + "\n\n单位" + rest.replace("\n\n近零能耗建筑示范项目", "\n\n" + extra
                                                                       + "\n\n近零能耗建筑示范项目")
    tables = [t for t in build_outline(_document(text)).tables if t.grid is not None]
    labels = [row[0].text for t in tables for row in t.grid.rows[1:]]
    assert "甲指标" not in labels and labels in ([], ["近零能耗建筑示范项目"]), labels


def test_a_table_set_in_full_width_digits_rebuilds_as_in_half_width() -> None:
    """Full-width digits and ％ (４２．５, ７０％) are the same cells: the rows read as the half-width table's."""
    full = BASE_AND_TARGET.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789.%"})
    grid, _, document = _grid(full)
    assert _rows(grid)[1:] == [
        ["新建住宅全装修交付比例（%）", "42.5", "70", "约束性"],
        ["公共建筑节能率提升（%）", "－", "15", "预期性"],
        ["既有居住建筑节能改造面积（万平方米）", "880", "1300", "预期性"],
        ["屋顶光伏装机容量（万千瓦）", "6", "18", "预期性"]]
    assert all(c.text == document.text[c.start:c.end] for row in grid.rows[1:] for c in row[1:] if c.text)


def test_a_page_break_inside_a_tall_cell_does_not_split_it() -> None:
    """pdftotext closes a page with its number and two empty lines; falling inside a cell's lines, they are no gap
    between cells: the cell goes on on the next page."""
    paged = QUALIFIED.replace("60%（重点发展\n地区）\n", "60%（重点发展\n-7-\n\n\n地区）\n")
    assert paged != QUALIFIED
    grid, _, _ = _grid(paged)
    assert _rows(grid) == QUALIFIED_ROWS
