"""Normalisation repairs PDF artefacts and keeps an exact map back to the source: every output
character that is not an inserted space or newline is its source character, up to width-folding."""

from __future__ import annotations

from pathlib import Path

import pytest

from greentrack.read.normalise import is_table_row, normalise, reads_as


def assert_offsets_exact(source: str) -> str:
    text, offsets = normalise(source)
    assert len(offsets) == len(text) + 1 and offsets[-1] == len(source)
    for i, ch in enumerate(text):
        if ch not in " \n":
            assert reads_as(source[offsets[i]], ch), (i, ch, source[offsets[i]])
    assert list(offsets[:-1]) == sorted(offsets[:-1])  # text order is source order
    return text


def test_seed_offsets_are_exact(seed_paths: list[Path]) -> None:
    for path in seed_paths:
        assert_offsets_exact(path.read_text(encoding="utf-8"))


def test_corpus_txt_offsets_are_exact(corpus_dir: Path) -> None:
    for path in sorted((corpus_dir / "txt").glob("*.txt")):
        assert_offsets_exact(path.read_text(encoding="utf-8"))


def test_seed_table_row_keeps_inner_spaces(seed_paths: list[Path]) -> None:
    text = normalise(next(p for p in seed_paths if p.name.startswith("001")).read_text(encoding="utf-8"))[0]
    assert "\n1.“四新”经济增加值占比(%) 23.1 30 预期性 县发展和改革局\n" in text


@pytest.mark.parametrize("heading", ["一、总体要求", "（一）主要目标", "(三)主要任务", "1.推进工业绿色升级",
                                     "（1）加快产业数字化转型", "①严格能耗管控"])
def test_headings_start_their_own_line(heading: str) -> None:
    source = "为加快我县经济社会发展全面绿色转型，根据有关文件精神，现结合我县实际情况\n制定本规划如下\n" \
             f"{heading}\n正文。"
    assert f"\n{heading}\n" in assert_offsets_exact(source)


def test_prose_broken_mid_sentence_is_joined() -> None:
    lines = ["加快绿色低碳循环发展是贯彻落实习近平生态文明思想和",
             "新发展理念的重要举措，是推动我县碳达峰碳中和战略落地实",
             "施、加快实现高质量发展的内在要求。"]
    assert assert_offsets_exact("\n\n".join(lines)) == "".join(lines)


@pytest.mark.parametrize("marker", ["-1-", "— 14 —", "—14—", "第 13页 共 28 页", "- 2 一", "一 3 一"])
def test_page_markers_are_dropped(marker: str) -> None:
    source = f"到2025年，全县绿色建筑占比达到\n{marker}\n100%。"
    assert assert_offsets_exact(source) == "到2025年，全县绿色建筑占比达到100%。"


def test_page_marker_glued_to_a_line_and_split_over_lines() -> None:
    source = "在城市老旧小区的完善、提升改造过程中，提高节能标准，落实到一7一\n位。\n一\n8\n一\n下一段。"
    assert assert_offsets_exact(source) == "在城市老旧小区的完善、提升改造过程中，提高节能标准，落实到位。\n下一段。"


def test_page_numbers_among_bare_table_cells_are_dropped() -> None:
    """pdftotext ends each page with two empty lines after its number; a table's bare cells between two page
    numbers (1200, 35, 40 here) break their count, yet the numbers at the page ends still go. The cells and
    serials inside the table stay: they stand before one empty line, not two."""
    prose = "到2025年，全县新增节能建筑面积达到较高水平，具体年度分解如下表所示，各地结合实际情况推进"
    page = "\n".join(prose[i:i + 10] for i in range(0, len(prose), 10))
    table = "表1 年度分解\n序号\n\n指标\n\n1\n\n新增节能建筑\n\n1200\n\n2\n\n新增光伏装机\n\n35\n\n40"
    source = f"{page}\n\n7\n\n\n{page}\n{table}\n\n8\n\n\n{page}\n\n9\n\n\n结束。"
    text = assert_offsets_exact(source)
    assert not any(line in {"7", "8", "9"} for line in text.splitlines()), text
    assert {"1", "1200", "2", "35", "40"} <= set(text.split()) | set(text.splitlines()), text


def test_letter_spaced_justified_line_is_closed() -> None:
    source = "（ 二） 主要目标。 到 ２ ０ ２ ５ 年， 产 业 结 构、能 源 结 构 明 显 优 化。"
    assert assert_offsets_exact(source) == "（二）主要目标。到2025年，产业结构、能源结构明显优化。"


def test_full_width_digits_and_spaces_in_numbers() -> None:
    source = "全市农作物秸秆综合利用率保持在 ９５％ 以上，到 2025 年 10 月底前完成，比重达 10 %。"
    assert assert_offsets_exact(source) == "全市农作物秸秆综合利用率保持在95%以上，到2025年10月底前完成，比重达10%。"


def test_ocr_spaces_between_chinese_characters_are_closed() -> None:
    lines = ["绿 色建筑创建行动以城镇建筑作为创建对 象，全 面提升建筑品质和能 效水平，推动住 房",
             "和城乡建设领域绿色 发展，各县(市、区)住建局要会 同自 然资源和规划等部门编制专",
             "项规划，2020年底前完成绿色建筑专项规划编 制工作，并加 强 绿色 建筑 标识 管理和 监督，",
             "对弄 虚作假行为给予限期整改。"]
    text = assert_offsets_exact("\n".join(lines))
    assert "会同自然资源" in text and "绿色建筑创建行动以城镇建筑作为创建对象" in text
    assert "\n" not in text


def test_a_wrapped_last_character_is_rejoined() -> None:
    lines = ["为贯彻落实《国务院关于加快建立健全绿色低碳循环发展经济体系的指导意见》，加快建立健全",
             "绿", "色低碳循环发展的经济体系，结合我省实际，提出如下实施意见，请认真贯彻执行落实到位。"]
    assert assert_offsets_exact("\n".join(lines)) == "".join(lines)


def test_table_rows_keep_their_lines() -> None:
    rows = ["项目 2021年 2022年 2023年 2024年 2025年 总计 属性",
            "新增节能建筑（万平方米） 2340 2381 2410 2430 2439 12000 约束性",
            "2022 80% 80% 80% 80% 80% 80% -", "2023 90% 90% 90% 90% 90% 90% 35%"]
    assert assert_offsets_exact("\n".join(rows)) == "\n".join(rows)


@pytest.mark.parametrize(("line", "row"), [
    ("城镇建筑可再生能源替代率 8%", True),
    ("4.单位地区生产总值能耗降低(%) [17]", True),
    ("评价标准》（GB/T 50378）和《绿色建筑设计与工程验收标", False),
    ("到2025年，全市绿色建筑占比 100%", False),
    ("加快绿色低碳循环发展是贯彻落实习近平生态文明思想和", False),
])
def test_table_row_recognition(line: str, row: bool) -> None:
    assert is_table_row(line) is row


def test_a_document_title_that_fills_its_line_ends_its_paragraph() -> None:
    line = "某市人民政府办公室关于印发《某市推动城乡建设绿色发展实施方案》的通知"
    body = "各区人民政府，市政府各部门：现将《某市推动城乡建设绿色发展实施方案》印发给你们，请认真贯彻执行。"
    wrapped = "\n".join([line] + [body[i:i + len(line)] for i in range(0, len(body), len(line))] * 3)
    text, _ = normalise(wrapped)
    assert text.split("\n")[0] == line


def test_emphasis_marks_count_towards_the_width_of_a_wrapped_line() -> None:
    width = 30
    prose = ("为推进城乡建设绿色发展，到2025年全市完成既有建筑节能改造，"
             "新建建筑全面执行绿色建筑标准，并持续推广装配式建筑和超低能耗建筑。") * 4
    lines = [prose[i:i + width] for i in range(0, len(prose), width)]
    lines[2] = lines[2][:15] + "**2025**年**1200"  # 24 characters shown, 30 on the page
    lines[3] = "**" + lines[3]
    text, _ = normalise("\n".join(lines))
    assert "\n" not in text


def _wrapped(prose: str, width: int = 28) -> list[str]:
    """`prose` cut into lines of `width` characters, as pdftotext hard-wraps a page."""
    return [prose[i:i + width] for i in range(0, len(prose), width)]


FILLER = "为推进城乡建设绿色发展，各地要结合实际制定实施细则，明确责任分工并按年度开展评估考核工作。" * 3


def test_a_word_broken_across_lines_with_spaced_numbers_is_joined() -> None:
    # pdftotext spaces the digits of prose apart; a line without a comma then looked like a table row
    lines = [*_wrapped(FILLER), "全省年产值力争达到 3000 亿元；培育省级绿色建材产",
             "业基地 8 个、国家级绿色建筑示范区 3 个、市级绿色建",
             "筑示范项目 40 个，充分发挥示范引领作用。"]
    text = assert_offsets_exact("\n".join(lines))
    assert "培育省级绿色建材产业基地8个、国家级绿色建筑示范区3个、市级绿色建筑示范项目40个，" in text


@pytest.mark.parametrize(("line", "row"), [
    ("业基地 8 个、国家级绿色建筑示范区 3 个、市级绿色建", False),
    ("1 绿色建筑占比 100 县住建局", True),
    ("新建建筑 12 个 30 个 45 个 60", True),
])
def test_spaced_prose_is_not_a_table_row(line: str, row: bool) -> None:
    assert is_table_row(line) is row


def test_a_semicolon_that_a_full_line_ends_on_does_not_end_the_paragraph() -> None:
    head = "2024年，全县新建公共建筑绿色建筑面积比例达到96%；"
    lines = [*_wrapped(FILLER, len(head)), head, "新建近零能耗建筑达到 12 万平方米以上；新建项目绿色建材使",
             "用比例达到 65%。"]
    text = assert_offsets_exact("\n".join(lines))
    assert "比例达到96%；新建近零能耗建筑达到12万平方米以上；新建项目绿色建材使用比例达到65%。" in text


@pytest.mark.parametrize("following", ["（二）推广装配式建筑", "——绿色建材加快推广。"])
def test_a_semicolon_before_a_heading_or_bullet_still_ends_the_paragraph(following: str) -> None:
    head = "2024年，全县新建公共建筑绿色建筑面积比例达到96%；"
    text = assert_offsets_exact("\n".join([*_wrapped(FILLER, len(head)), head, following]))
    assert f"96%；\n{following}" in text


def test_a_numeral_list_that_a_wrap_put_at_a_line_start_is_not_a_heading() -> None:
    lines = [*_wrapped(FILLER), "到2025年，新建政府投资公益性建筑全面执行绿色建筑",
             "一、二星级标准，其中二星级及以上占比达到 50%。", "二、重点任务"]
    text = assert_offsets_exact("\n".join(lines))
    assert "全面执行绿色建筑一、二星级标准，其中二星级及以上占比达到50%。\n二、重点任务" in text


def _page(width: int = 20) -> str:
    """Lines of one paragraph wrapped at `width` characters: they set the page's width for the test's lines."""
    prose = "坚持系统观念，统筹推进城乡建设绿色发展，完善工作机制，强化部门协同，推动各项任务落到实处，" * 3
    prose = prose[:-1] + "。"
    return "\n".join(prose[i:i + width] for i in range(0, len(prose), width))


@pytest.mark.parametrize(("broken", "joined"), [
    # the line stopped short because "60%以上" moved down whole; the next line alone looks like a table row
    ("到2025年，县城污水管网覆盖率\n60%以上、农村卫生厕所普及率保持在 90%以上",
     "到2025年，县城污水管网覆盖率60%以上、农村卫生厕所普及率保持在90%以上"),
    # a justified line spread with spaces is as wide as its spaced-out text, however short once closed
    ("推 广 新 能 源 ， 力 争 到 ２ ０ ２ ５\n年，公共充电桩增至 300 个。",
     "推广新能源，力争到2025年，公共充电桩增至300个。"),
    # a colon with the sentence run on after it, a year's 年 run on into words: prose, not cells
    ("乙区的年度任务为：2023 年新增绿色建筑 80 万平方米的\n30%，各街道完成 2 万平方米。",
     "乙区的年度任务为：2023年新增绿色建筑80万平方米的30%，各街道完成2万平方米。"),
    # a half-width semicolon between clauses
    ("达到 85% ;新建近零能耗建筑达到 120 万\n平方米以上;装配式建筑占比达到 40%。",
     "达到85%；新建近零能耗建筑达到120万平方米以上；装配式建筑占比达到40%。"),
])
def test_a_line_broken_mid_sentence_is_joined_whatever_its_neighbour_looks_like(broken: str, joined: str) -> None:
    text = assert_offsets_exact(f"{_page()}\n{broken}\n{_page()}")
    assert joined in text.splitlines(), text


def test_a_table_row_after_a_short_line_stays_a_row() -> None:
    """A caption's short line and a row of cells under it: neither reads as a sentence broken off."""
    text = assert_offsets_exact(f"{_page()}\n表1 主要指标\n新建建筑中绿色建筑占比 % 80 95 约束性\n{_page()}")
    assert "新建建筑中绿色建筑占比 % 80 95 约束性" in text.splitlines(), text


def test_half_width_punctuation_among_chinese_reads_as_full_width() -> None:
    """"目标,到2025年" is a Chinese sentence typed with a half-width comma: it splits, spaces and reads like "，"; a
    comma or colon between digits (1,000 吨, 10:30) stays."""
    source = "主要目标: 到2025年,全县新增 1,000 吨处理能力;每日 10:30 前报送,\n\n各乡镇按照职责分工负责。"
    expected = "主要目标：到2025年，全县新增1,000吨处理能力；每日10:30前报送，各乡镇按照职责分工负责。"
    assert assert_offsets_exact(source) == expected


def test_the_page_width_is_read_where_no_two_lines_are_equally_long() -> None:
    """Digits and letters make a page's full lines vary by a character or two: none of the widths need repeat for
    the page's width to show (here 25–30 characters): the broken lines join, the short title stays apart."""
    source = ("某某县城乡建设绿色发展实施方案\n为深入贯彻落实关于推动城乡建设绿色发展的部署，加快\n"
              "推进我县城乡建设绿色低碳转型，结合实际，制定本方案。\n一、工作目标\n"
              "全县城镇新建建筑中绿色建筑占比达到100%，新增口袋公园20\n个，城市建成区绿地率稳步提升。\n")
    lines = assert_offsets_exact(source).splitlines()
    assert lines[0] == "某某县城乡建设绿色发展实施方案"  # a short title is no wrapped line
    preamble = "为深入贯彻落实关于推动城乡建设绿色发展的部署，加快推进我县城乡建设绿色低碳转型，结合实际，制定本方案。"
    assert preamble in lines
    assert "全县城镇新建建筑中绿色建筑占比达到100%，新增口袋公园20个，城市建成区绿地率稳步提升。" in lines
