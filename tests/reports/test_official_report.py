"""The 中期评估报告 is a 公文 an office can submit: on the demo ledger's 金乡县, with a realistic frame and
narrative, the Word file printed through LibreOffice has the 发文机关标志, 文号, 标题 and 主送机关 on page 1, the
four body sections with their text, the 落款 with a Chinese 成文日期 on the last page before the annexes, four
annexes each from a new page, a 督办清单 of one row per target, at most 20 pages, the issuer as the document's
author, and no tool name, path or ISO date anywhere; with no narrative each section still says something drawn
from the data; the HTML renders the same blocks, and its English has English frame words.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from docx import Document

from greentrack.reports.html import render_html
from greentrack.reports.layout import Annex, Heading, Paragraph, Signature, layout
from greentrack.reports.midterm import (
    SECTION_KEYS,
    DepartmentWords,
    LoopSummary,
    MidtermReport,
    NarrativeSection,
    ReportFrame,
)
from greentrack.reports.pdf import docx_to_pdf
from greentrack.reports.word import render_docx
from greentrack.services.ledger import open_ledger
from greentrack.services.reports import midterm_report

from .conftest import AS_OF, need_program

pytestmark = pytest.mark.slow

ISSUER = "金乡县住房和城乡建设局"
NUMBER = "金建发〔2026〕12号"
DATED = dt.date(2026, 12, 6)
TITLE = "关于金乡县绿色发展规划实施中期评估情况的报告"
ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
NARRATIVE = (
    NarrativeSection("basic", (
        "2023年7月《金乡县推动城乡建设绿色发展实施方案》印发以来，县住建局会同各责任单位对照方案确定的目标任务，"
        "逐项建立台账、按季调度。本次评估纳入规划2份、量化目标91项、有完成时限的任务12项。",)),
    NarrativeSection("progress", (
        "城乡建设绿色转型稳步推进。常住人口城镇化率由2021年的58.2%提高到2024年的62.1%，正常推进；"
        "城镇新建建筑全面执行绿色建筑标准，绿色建筑占比持续提升。",
        "基础设施绿色化水平提高。城市生活污水集中收集率、生活垃圾无害化处理率保持较高水平，"
        "老旧小区改造按年度计划推进。")),
    NarrativeSection("problems", (
        "部分指标进度滞后。建成区绿地率2024年为38.9%，低于40.11%的目标且已过完成期限，"
        "主要原因是城区可用于建设绿地的空间不足、拆违建绿推进较慢。",
        "监测数据不全。62项目标暂无监测数据或仅有一期数据，无法判断进度，需各责任单位补报。")),
    NarrativeSection("plans", (
        "压实责任。对列入督办清单的目标，逐项明确牵头和配合单位、整改措施和完成时限，按月调度。",
        "补齐数据。各责任单位于2027年3月31日前补报2021年以来的监测数据，县住建局汇总更新台账。")),
)


def official(report: MidtermReport) -> MidtermReport:
    """The report with the frame, narrative and loop an office sets (the narrative helper fills them in the app)."""
    frame = ReportFrame(issuer=ISSUER, doc_number=NUMBER, recipients="县人民政府",
                        copies="县发展和改革局，县自然资源和规划局", dated=DATED)
    loop = LoopSummary(tasks={"in_progress": 3, "overdue": 2}, task_states={"3": "done", "6": "in_progress"},
                       words=(DepartmentWords("金乡县住房和城乡建设局", "建成区绿地率", "可建绿空间不足",
                                              "实施拆违建绿", dt.date(2026, 12, 31)),))
    return dataclasses.replace(report, frame=frame, narrative=NARRATIVE, loop=loop)


@pytest.fixture(scope="module")
def jinxiang(demo_db: Path, cjk_font: Path) -> MidtermReport:
    ledger = open_ledger(db=demo_db)
    try:
        return midterm_report(ledger, "金乡县", AS_OF)
    finally:
        ledger.close()


@pytest.fixture(scope="module")
def docx_bytes(jinxiang: MidtermReport) -> bytes:
    return render_docx(layout(official(jinxiang)))


@pytest.fixture(scope="module")
def pdf(docx_bytes: bytes, tmp_path_factory: pytest.TempPathFactory) -> Path:
    need_program("libreoffice")
    path = tmp_path_factory.mktemp("official") / "report.pdf"
    path.write_bytes(docx_to_pdf(docx_bytes))
    return path


def pages_of(pdf: Path) -> list[str]:
    """The text of each page (pdftotext page by page), without the spaces it puts between CJK glyphs."""
    pdftotext = need_program("pdftotext")
    info = subprocess.run([need_program("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"Pages:\s+(\d+)", info)[1])  # type: ignore[index]
    return [re.sub(r"\s+", "", subprocess.run([pdftotext, "-f", str(n), "-l", str(n), str(pdf), "-"],
                                              capture_output=True, text=True, check=True).stdout)
            for n in range(1, count + 1)]


def body_pages(pages: list[str]) -> list[str]:
    """The pages before the first annex (an annex page begins with 附件1 … 附件4)."""
    first_annex = next(n for n, text in enumerate(pages) if text.startswith("附件1"))
    return pages[:first_annex]


def test_page_one_has_the_frame_the_title_and_the_recipients(pdf: Path) -> None:
    first = pages_of(pdf)[0]
    assert first.startswith(ISSUER + NUMBER), first[:60]
    assert TITLE in first
    assert "县人民政府：一、基本情况" in first
    assert ISO.search(first) is None


def test_the_last_body_page_is_signed_with_a_chinese_date(pdf: Path) -> None:
    pages = pages_of(pdf)
    last = body_pages(pages)[-1]
    assert re.search(f"{ISSUER}二〇二六年十二月六日—\\d+—$", last), last[-60:]  # then the page number
    assert "附件：1．指标完成情况表2．任务完成情况表3．部门职责分工表4．督办清单" in last
    annexes = [re.match(r"附件\d(\w+?表|督办清单)", text)[0] for text in pages if text.startswith("附件")]  # type: ignore[index]
    assert annexes == ["附件1指标完成情况表", "附件2任务完成情况表", "附件3部门职责分工表", "附件4督办清单"]


def test_it_fits_in_twenty_pages_and_ends_with_the_copies(pdf: Path) -> None:
    pages = pages_of(pdf)
    assert len(pages) <= 20
    assert 3 <= len(body_pages(pages)) <= 6
    # the 抄送 line closes the document, on the last page (text order within a page follows the table's columns)
    assert "抄送：县发展和改革局，县自然资源和规划局。" in pages[-1] and f"—{len(pages)}—" in pages[-1]


def test_no_tool_name_path_or_iso_date_anywhere(docx_bytes: bytes, pdf: Path) -> None:
    document = Document(io.BytesIO(docx_bytes))
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    whole = "\n".join([*texts, *pages_of(pdf)])
    for forbidden in ("greentrack", "docs/", ".md", "/tmp", "python-docx", "libreoffice"):
        assert forbidden not in whole.lower(), forbidden
    assert ISO.search(whole) is None, ISO.search(whole)
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:  # properties, styles, footers, pictures
        for name in archive.namelist():
            data = archive.read(name).lower()
            assert b"greentrack" not in data and b"python-docx" not in data and b"/tmp" not in data, name
    assert "2025年底" in whole and "2023年底" in whole  # the warnings' deadlines, written the Chinese way


def test_the_documents_properties_name_the_issuer(docx_bytes: bytes) -> None:
    properties = Document(io.BytesIO(docx_bytes)).core_properties
    assert (properties.author, properties.last_modified_by, properties.title) == (ISSUER, ISSUER, TITLE)
    created = properties.created
    assert created is not None
    created = created if created.tzinfo else created.replace(tzinfo=dt.UTC)
    assert abs(created - dt.datetime.now(dt.UTC)) < dt.timedelta(days=1)  # made now, not the template's 2013
    assert "greentrack" not in f"{properties.comments}{properties.keywords}{properties.subject}"


def test_sections_two_to_four_hold_the_narrative(docx_bytes: bytes) -> None:
    paragraphs = [p.text for p in Document(io.BytesIO(docx_bytes)).paragraphs if p.text.strip()]
    headings = ["一、基本情况", "二、主要进展成效", "三、存在问题及原因", "四、下步工作打算"]
    at = [paragraphs.index(h) for h in headings]
    assert at == sorted(at)
    for section, start in zip(NARRATIVE, at, strict=True):
        assert paragraphs[start + 1] == section.paragraphs[0]
        for text in section.paragraphs:
            assert text in paragraphs


def test_the_docket_annex_has_one_row_per_target(docx_bytes: bytes, jinxiang: MidtermReport) -> None:
    document = Document(io.BytesIO(docx_bytes))
    header = ("序号", "指标", "预警等级", "预警内容", "完成时限", "责任单位")
    [docket] = [t for t in document.tables if tuple(c.text for c in t.rows[0].cells) == header]
    rows = [tuple(c.text for c in row.cells) for row in docket.rows[1:]]
    warned = {w.target_id: w for w in jinxiang.warnings}
    assert len(rows) == len(warned) == 64
    assert sum(len(d.items) for d in jinxiang.dockets) > 4 * len(rows)  # what the one-row-per-department list held
    assert Counter(r[1] for r in rows) == Counter(w.indicator for w in warned.values())
    assert [r[0] for r in rows] == [str(n) for n in range(1, len(rows) + 1)]
    green = next(r for r in rows if r[1] == "建成区绿地率")
    assert green[2:] == ("红色预警", green[3], "2023年底", "住房和城乡建设局、自然资源和规划局、综合行政执法局")
    assert green[3].startswith("逾期") and "天仍未达标：最新值38.9%（2024年）" in green[3]  # 完成时限 has the day


def test_the_other_annexes(docx_bytes: bytes, jinxiang: MidtermReport) -> None:
    document = Document(io.BytesIO(docx_bytes))
    by_header = {tuple(c.text for c in t.rows[0].cells): t for t in document.tables}
    targets = by_header[("序号", "指标", "目标值", "基期值", "当前值", "完成率", "进展状态")]
    assert len(targets.rows) - 1 == len(jinxiang.status.rows) == 91
    assert sum("（未审核）" in row.cells[1].text for row in targets.rows[1:]) == jinxiang.unreviewed
    tasks = by_header[("序号", "任务", "完成时限", "责任单位", "进展情况")]
    states = [row.cells[4].text for row in tasks.rows[1:]]
    assert len(states) == 12 and states[0] == "已完成"  # task 3 reported done before its deadline passed
    assert set(states) <= {"未开始", "推进中", "已完成", "逾期"} and "逾期" in states
    duties = by_header[("序号", "指标", "牵头单位", "配合单位")]
    assert len(duties.rows) - 1 == 91
    assert duties.rows[1].cells[2].text == "发展和改革局、自然资源和规划局、住房和城乡建设局"


def test_an_empty_narrative_still_fills_every_section(jinxiang: MidtermReport) -> None:
    jinxiang = dataclasses.replace(jinxiang, narrative=())  # nothing drafted: the layout's own sentences stand in
    for lang, headings in (("zh", ["一、基本情况", "二、主要进展成效", "三、存在问题及原因", "四、下步工作打算"]),
                           ("en", ["1. Overview", "2. Progress and results", "3. Problems and their causes",
                                   "4. Next steps"])):
        blocks = layout(jinxiang, lang, today=DATED).blocks
        tops = [n for n, b in enumerate(blocks) if isinstance(b, Heading) and b.level == 1]
        assert [blocks[n].text for n in tops] == headings  # type: ignore[union-attr]
        for n in tops:
            follower = blocks[n + 1]
            assert isinstance(follower, Paragraph) and len(follower.text) > 20, (lang, follower)
    zh = [b for b in layout(jinxiang, today=DATED).blocks if isinstance(b, Paragraph)]
    assert zh[0].text.startswith("纳入评估的规划2份，量化目标91项。截至2025年6月30日，已完成或符合标准5项")
    assert any(p.text.startswith("18项目标进度滞后") and "64项目标已列入督办清单（附件4）" in p.text for p in zh)
    signature = next(b for b in layout(jinxiang, today=DATED).blocks if isinstance(b, Signature))
    assert signature == Signature(None, "二〇二六年十二月六日")
    plain = Document(io.BytesIO(render_docx(layout(jinxiang, today=DATED))))
    assert plain.paragraphs[0].text == TITLE  # no issuer: no 发文机关标志, no red line
    assert (plain.core_properties.author, plain.core_properties.title) == ("金乡县", TITLE)
    assert SECTION_KEYS == ("basic", "progress", "problems", "plans")


def test_the_html_renders_the_same_frame_in_both_languages(jinxiang: MidtermReport) -> None:
    report = official(jinxiang)
    chinese = render_html(layout(report))
    assert f'<p class="masthead" id="issuer">{ISSUER}</p>' in chinese
    assert f'<h1 id="title">{TITLE}</h1>' in chinese
    assert '<p class="plain">县人民政府：</p>' in chinese
    assert f'<p class="signature first">{ISSUER}</p>' in chinese and "二〇二六年十二月六日" in chinese
    assert chinese.count('<section class="annex">') == 4 and "抄送：" in chinese
    assert "greentrack" not in chinese and ISO.search(chinese) is None
    english = render_html(layout(report, "en"))
    assert "<h2>2. Progress and results</h2>" in english and "6 December 2026" in english
    assert ISO.search(english) is None and "31 December 2023" in english
    assert "Annex 4" in english and "To: 县人民政府" in english and "Copy to 抄送" in english
    for frame_word in ("附件", "主送", "基本情况", "二〇"):
        assert frame_word not in english, frame_word
    annexes = [b for b in layout(report, "en").blocks if isinstance(b, Annex)]
    assert [a.label for a in annexes] == ["Annex 1", "Annex 2", "Annex 3", "Annex 4"]


def _png(pdf: Path, page: int, folder: Path) -> Path:
    """Page `page` of the PDF as a PNG at 40 dpi (pdftoppm), as a reader sees it."""
    stem = folder / f"page-{page}"
    subprocess.run([need_program("pdftoppm"), "-r", "40", "-png", "-singlefile", "-f", str(page), "-l", str(page),
                    str(pdf), str(stem)], check=True, capture_output=True)
    return stem.with_suffix(".png")


def _red_rows(image: object) -> list[int]:
    """The pixel rows holding the 公文's red (the 发文机关标志 and the red line): strong red, weak green and blue."""
    width, height = image.size  # type: ignore[attr-defined]
    pixels = image.load()  # type: ignore[attr-defined]
    return [y for y in range(height) if sum(1 for x in range(0, width, 2)
                                            if (p := pixels[x, y])[0] > 180 and p[1] < 90 and p[2] < 90) > 3]


def test_the_pages_as_images_have_the_red_head_and_a_signed_last_body_page(pdf: Path, tmp_path: Path) -> None:
    from PIL import Image

    pages = pages_of(pdf)
    first = Image.open(_png(pdf, 1, tmp_path)).convert("RGB")
    width, height = first.size
    assert abs(height / width - 297 / 210) < 0.02  # A4 portrait
    red = _red_rows(first)
    assert red and max(red) < height * 0.4, "the issuer's red mark and line head the first page"
    last_body = len(body_pages(pages))
    signed = Image.open(_png(pdf, last_body, tmp_path)).convert("L")
    inked = [y for y in range(signed.size[1]) if signed.crop((0, y, signed.size[0], y + 1)).getextrema()[0] < 128]
    assert inked, "the last body page is not blank"
    assert not _red_rows(signed.convert("RGB")), "only the first page carries the red head"
