"""Each bundled seed plan yields its true metadata and heading tree.

The expected values were read off the seeds by hand: title, 文号, issuer, date, jurisdiction and
level, the number of top-level and second-level sections, and a sample of headings with their
level and path. The gold targets' section paths must all exist in the outline.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from greentrack.models import Outline, ReadDocument

FIXTURES = Path(__file__).parent.parent / "fixtures" / "gold"

METADATA = {
    "000": ("金乡县推动城乡建设绿色发展实施方案", "金政办字〔2023〕28号", "金乡县人民政府办公室",
            "2023-07-19", "金乡县", "county"),
    "001": ("金乡县“十四五”绿色低碳循环发展规划", "金政字〔2024〕14号", "金乡县人民政府",
            "2024-04-22", "金乡县", "county"),
    "002": ("关于推动城乡建设绿色发展的实施意见", None, "甘肃省委办公厅、省政府办公厅",
            None, "甘肃省", "province"),
    "003": ("平陆县县城绿色低碳建设工作实施方案", None, "平陆县人民政府办公室",
            "2023-06-12", "平陆县", "county"),
    "004": ("赤峰市推动城乡建设绿色发展实施方案", "赤政办发〔2023〕61号", "赤峰市人民政府办公室",
            "2023-12-15", "赤峰市", "city"),
}

# (top-level sections, second-level sections)
COUNTS = {"000": (6, 20), "001": (4, 14), "002": (3, 11), "003": (4, 26), "004": (4, 8)}

# (seed, number, level, path) of sample headings
HEADINGS = [
    ("000", "一、", 1, ("总体要求",)),
    ("000", "（一）", 2, ("构建城乡绿色发展空间载体", "进一步优化城乡建设绿色发展空间布局")),
    ("000", "(三)", 2, ("构建城乡绿色发展空间载体", "建设绿色低碳城镇")),
    ("000", "(二十)", 2, ("切实加强组织领导", "加强宣传培训")),
    ("001", "（一）", 2, ("发展基础及面临形势", "“十三五”时期绿色低碳循环发展成效")),
    ("001", "1.", 3, ("主要任务", "以生态治理为关键，持续改善环境质量", "实现蓝天常在、空气常新")),
    ("001", "（1）", 4, ("主要任务", "以产业升级为重点，构建绿色经济体系", "推进传统工业绿色升级改造",
                        "加快产业数字化转型")),
    ("002", "1.", 3, ("重点任务", "推动城市建设绿色转型", "补齐基础设施建设短板")),
    ("002", "（五）", 2, ("组织实施", "加强宣传培训")),
    ("003", "1、", 3, ("总体要求", "工作原则", "坚持系统谋划")),
    ("003", "（三）", 2, ("主要任务", "县城土地利用")),
    ("003", "（五）", 2, ("时间进度安排", "组织验收阶段（2027年1月—2027年3月）")),
    ("004", "4.", 3, ("重点任务", "构建集约高效绿色空间载体", "打造绿色生态宜居的美丽农村牧区")),
    ("004", "（三）", 2, ("保障措施", "推动科技创新")),
]


def _outline(seed_outlines: dict[str, tuple[ReadDocument, Outline]], seed: str) -> Outline:
    return seed_outlines[seed][1]


@pytest.mark.parametrize("seed", sorted(METADATA))
def test_metadata(seed_outlines: dict[str, tuple[ReadDocument, Outline]], seed: str) -> None:
    meta = _outline(seed_outlines, seed).metadata
    got = (meta.title, meta.doc_number, meta.issuer, meta.issue_date, meta.jurisdiction, meta.level)
    assert got == METADATA[seed]


@pytest.mark.parametrize("seed", sorted(COUNTS))
def test_section_counts(seed_outlines: dict[str, tuple[ReadDocument, Outline]], seed: str) -> None:
    sections = _outline(seed_outlines, seed).sections
    top = sum(1 for section in sections if section.level == 1)
    second = sum(1 for section in sections if section.level == 2)
    assert (top, second) == COUNTS[seed]


@pytest.mark.parametrize(("seed", "number", "level", "path"), HEADINGS)
def test_sample_headings(seed_outlines: dict[str, tuple[ReadDocument, Outline]], seed: str, number: str,
                         level: int, path: tuple[str, ...]) -> None:
    matches = [s for s in _outline(seed_outlines, seed).sections if s.path == path]
    assert len(matches) == 1, f"no single section with path {path}"
    assert (matches[0].number, matches[0].level, matches[0].title) == (number, level, path[-1])


@pytest.mark.parametrize("seed", sorted(METADATA))
def test_spans_nest(seed_outlines: dict[str, tuple[ReadDocument, Outline]], seed: str) -> None:
    document, outline = seed_outlines[seed]
    for section in outline.sections:
        assert section.start < section.heading_end <= section.end <= len(document.text)
        assert document.text[section.start:section.heading_end].count("\n") == 0
        if section.parent is not None:
            parent = outline.sections[section.parent]
            assert parent.start < section.start and section.end <= parent.end
            assert section.path[:-1] == parent.path


def test_heading_running_into_paragraph_is_cut_at_full_stop(
        seed_outlines: dict[str, tuple[ReadDocument, Outline]]) -> None:
    document, outline = seed_outlines["000"]
    first = next(s for s in outline.sections if s.title == "进一步优化城乡建设绿色发展空间布局")
    assert document.text[first.start:first.heading_end] == "（一）进一步优化城乡建设绿色发展空间布局。"
    assert document.text[first.heading_end:].startswith("充分发挥我县区位优势")


def test_cover_letter_is_not_a_section(seed_outlines: dict[str, tuple[ReadDocument, Outline]]) -> None:
    document, outline = seed_outlines["001"]
    plan_title = document.text.index("金乡县“十四五”绿色低碳循环发展规划\n")
    assert outline.sections[0].start > plan_title
    assert outline.sections[0].title == "发展基础及面临形势"


def test_indicator_rows_are_not_sections(seed_outlines: dict[str, tuple[ReadDocument, Outline]]) -> None:
    outline = seed_outlines["001"][1]
    titles = {section.title for section in outline.sections}
    assert not titles & {"产业绿色转型升级", "资源节约集约循环利用", "基础设施绿色升级", "生态环境质量改善"}
    assert not any("%" in title or "责任部门" in title for title in titles)


@pytest.mark.parametrize("seed", sorted(METADATA))
def test_gold_section_paths_exist(seed_outlines: dict[str, tuple[ReadDocument, Outline]], seed: str) -> None:
    outline = seed_outlines[seed][1]
    gold = next(FIXTURES.glob(f"{seed}_*.jsonl"))
    paths = {section.path for section in outline.sections}
    for table in outline.tables:
        owner = outline.section_at(table.start)
        base = (*(owner.path if owner else ()), table.title or "")
        paths |= {(*base, group) for group in table.row_groups if group}
    wanted = {tuple(json.loads(line)["section"]) for line in gold.read_text(encoding="utf-8").splitlines()}
    assert wanted - paths == set()
