"""Every plan of the shared corpus yields a title and a non-empty outline; metadata matches SOURCES.md.

The expected titles, 文号, dates and levels are those SOURCES.md gives (dates as written in the text:
the signed date, else the 印发 date, else the month on the cover). Skipped where the corpus is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from greentrack.models import Outline
from greentrack.outline import build_outline
from greentrack.read import read_document

# file: (title, 文号, date, level)
SOURCES = {
    "guangdong-jianzhujieneng-lvsejianzhu-guihua": (
        "广东省建筑节能与绿色建筑发展“十四五”规划", None, "2022-03", "province"),
    "hainan-lvsejianzhu-zhuangpeishi-guihua": (
        "海南省绿色建筑（装配式建筑）“十四五”规划（2021-2025）", None, "2021-06", "province"),
    "guizhou-jianshekeji-lvsejianzhu-guihua": (
        "贵州省“十四五”建设科技与绿色建筑发展规划", "黔建科通〔2021〕95号", "2021-12-23", "province"),
    "chongqing-lvsejianzhu-guihua": (
        "重庆市绿色建筑“十四五”规划（2021—2025年）", None, "2021-12", "province"),
    "hebei-lvseditan-xunhuan-yijian": (
        "河北省人民政府关于建立健全绿色低碳循环发展经济体系的实施意见", "冀政字〔2021〕22号", "2021-04-29",
        "province"),
    "guangxi-lvseditan-xunhuan-yijian": (
        "广西壮族自治区人民政府关于加快建立健全绿色低碳循环发展经济体系的实施意见", "桂政发〔2021〕27号",
        "2021-09-12", "province"),
    "heilongjiang-lvseditan-xunhuan-fangan": (
        "黑龙江省建立健全绿色低碳循环发展经济体系实施方案", "黑政规〔2021〕23号", "2021-12-31", "province"),
    "beijing-lvseshequ-chuangjian-fangan": (
        "北京市绿色社区创建行动实施方案", "京建发〔2021〕315号", "2021-09-27", "province"),
    "wuhan-jianzhujieneng-lvsejianzhu-guihua": (
        "武汉市建筑节能与绿色建筑“十四五”发展规划", None, "2022-03", "city"),
    "hefei-lvsejianzhu-guihua": ("合肥市“十四五”绿色建筑发展规划（2021-2025）", None, "2021-08-31", "city"),
    "foshan-lvsejianzhu-chuangjian-fangan": (
        "佛山市绿色建筑创建行动实施方案（2022-2025）", "佛建〔2022〕16号", "2022-03-04", "city"),
    "shijiazhuang-lvsejianzhu-chuangjian-fangan": (
        "石家庄市绿色建筑创建行动实施方案", "石住建办〔2020〕41号", "2020-09-30", "city"),
    "dalian-lvseditan-xunhuan-fangan": (
        "大连市贯彻落实〈国务院关于加快建立健全绿色低碳循环发展经济体系的指导意见〉实施方案",
        "大发改资源字〔2021〕283号", "2021-05-10", "city"),
    "wuzhou-lvseditan-xunhuan-fangan": (
        "关于加快建立健全绿色低碳循环发展经济体系实施方案", None, "2022-03-08", "city"),
    "wuhan-lvseditan-xunhuan-fangan": (
        "武汉市加快建立健全绿色低碳循环发展经济体系实施方案", "武政〔2022〕11号", "2022-03-24", "city"),
}


@pytest.fixture(scope="module")
def corpus_outlines(corpus_dir: Path) -> dict[str, Outline]:
    return {path.stem: build_outline(read_document(path)) for path in sorted((corpus_dir / "txt").glob("*.txt"))}


def test_every_source_is_present(corpus_outlines: dict[str, Outline]) -> None:
    assert set(corpus_outlines) == set(SOURCES)


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_title_and_outline(corpus_outlines: dict[str, Outline], name: str) -> None:
    outline = corpus_outlines[name]
    assert outline.metadata.title
    top = [section for section in outline.sections if section.level == 1]
    assert len(top) >= 2 and any(section.level == 2 for section in outline.sections)


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_metadata_matches_sources(corpus_outlines: dict[str, Outline], name: str) -> None:
    meta = corpus_outlines[name].metadata
    assert (meta.title, meta.doc_number, meta.issue_date, meta.level) == SOURCES[name]


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_top_level_numbers_run_in_order(corpus_outlines: dict[str, Outline], name: str) -> None:
    top = [section for section in corpus_outlines[name].sections if section.level == 1]
    firsts = [section.number for section in top[:2]]
    assert firsts[0] in ("一、", "第一章") and firsts[1] in ("二、", "第二章")
