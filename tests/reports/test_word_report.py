"""The Word 中期评估报告 keeps the 公文 page (A4, 37/35/28/26 mm margins), names its fonts for both scripts on every
run (仿宋_GB2312 body at 16 pt, 黑体 headings, 小标宋 title, Times New Roman for Latin), numbers its pages in
the footer, opens in python-docx, and converts with LibreOffice into a PDF whose text (pdftotext) holds the
place's name and the status table's Chinese headings, set in a CJK font through the fallback chains.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from greentrack.ledger.db import Ledger
from greentrack.reports.fonts import BODY, HEADING, LATIN, TITLE, fontconfig_aliases
from greentrack.reports.layout import target_headings
from greentrack.services.ledger import open_ledger
from greentrack.services.reports import report_bytes
from greentrack.services.status import ledger_status

from .conftest import AS_OF, need_program


@pytest.fixture(scope="module")
def docx_bytes(demo_db: Path, cjk_font: Path) -> bytes:
    ledger = open_ledger(db=demo_db)
    try:
        return report_bytes(ledger, "金乡县", "docx", as_of=AS_OF)
    finally:
        ledger.close()


def test_the_page_is_a4_with_official_document_margins(docx_bytes: bytes) -> None:
    section = Document(io.BytesIO(docx_bytes)).sections[0]
    measured = (section.page_width, section.page_height, section.top_margin, section.bottom_margin,
                section.left_margin, section.right_margin)
    # Word stores twentieths of a point (0.0176 mm): each length is kept to within that
    assert [round(length / Mm(1), 1) for length in measured] == [210, 297, 37, 35, 28, 26]


def test_every_run_names_a_chinese_and_a_latin_font(docx_bytes: bytes) -> None:
    document = Document(io.BytesIO(docx_bytes))
    runs = [r for p in document.paragraphs for r in p.runs if r.text.strip()]
    runs += [r for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    assert len(runs) > 500
    for run in runs:
        fonts = run._element.rPr.find(qn("w:rFonts"))
        assert fonts is not None, run.text
        assert fonts.get(qn("w:eastAsia")) in (BODY.first, HEADING.first, TITLE.first, "楷体_GB2312"), run.text
        assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == LATIN
        assert fonts.get(qn("w:asciiTheme")) is None and fonts.get(qn("w:eastAsiaTheme")) is None


def test_title_heading_and_body_fonts_and_sizes(docx_bytes: bytes) -> None:
    document = Document(io.BytesIO(docx_bytes))
    title = document.paragraphs[0]
    assert title.text == "关于金乡县绿色发展规划实施中期评估情况的报告"
    assert title.runs[0]._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "方正小标宋简体"
    assert title.runs[0].font.size == Pt(22)
    heading = next(p for p in document.paragraphs if p.text == "一、基本情况")
    assert heading.style.name == "Heading 1"
    assert heading.runs[0]._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"
    body = next(p for p in document.paragraphs if p.text.startswith("金乡县纳入本次中期评估的规划共2部"))
    assert body.runs[0].font.size == Pt(16)
    assert body.runs[0]._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    normal = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert normal.get(qn("w:eastAsia")) == "仿宋_GB2312" and normal.get(qn("w:ascii")) == "Times New Roman"


def test_page_numbers_are_a_field_in_both_footers(docx_bytes: bytes) -> None:
    document = Document(io.BytesIO(docx_bytes))
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer in (section.footer, section.even_page_footer):
        xml = footer.paragraphs[0]._element.xml
        assert "PAGE" in xml and 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
        assert footer.paragraphs[0].text.startswith("— ") and footer.paragraphs[0].text.endswith(" —")


def test_the_targets_annex_has_its_headings_and_one_row_per_target(docx_bytes: bytes, demo: Ledger) -> None:
    document = Document(io.BytesIO(docx_bytes))
    headings = target_headings("zh")
    assert headings == ("序号", "指标", "目标值", "基期值", "当前值", "完成率", "进展状态")
    [table] = [t for t in document.tables if tuple(c.text for c in t.rows[0].cells) == headings]
    assert len(table.rows) - 1 == len(ledger_status(demo, AS_OF, "金乡县").rows) == 91
    achieved = next(row for row in table.rows[1:] if row.cells[6].text == "已完成")
    assert achieved.cells[5].text.endswith("%")  # 完成率 beside the status
    shading = achieved.cells[6]._tc.tcPr.find(qn("w:shd"))
    assert shading.get(qn("w:fill")).lower() == "2e7d32", "the status cell has its status colour"


def test_the_dimension_chart_is_a_picture_in_the_document(docx_bytes: bytes) -> None:
    document = Document(io.BytesIO(docx_bytes))
    pictures = [s for s in document.inline_shapes]
    assert len(pictures) == 1  # the score per dimension, in 二、主要进展成效
    assert all(abs(p.width - Mm(150)) < Mm(1) for p in pictures)


def test_the_fallback_chains_reach_a_font_a_server_has() -> None:
    aliases = fontconfig_aliases()
    assert "<family>仿宋_GB2312</family><prefer><family>FangSong</family><family>仿宋</family>" in aliases
    assert BODY.names[-1] == TITLE.names[-1] == "Noto Serif CJK SC" and HEADING.names[-1] == "Noto Sans CJK SC"


def test_libreoffice_converts_it_and_the_pdf_reads_back(docx_bytes: bytes, tmp_path: Path) -> None:
    need_program("libreoffice")
    pdftotext = need_program("pdftotext")
    source = tmp_path / "report.docx"
    source.write_bytes(docx_bytes)
    done = subprocess.run(["libreoffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    text = subprocess.run([pdftotext, "-layout", str(tmp_path / "report.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "关于金乡县绿色发展规划实施中期评估情况的" in text
    for heading in target_headings("zh"):
        assert heading in text
    assert "督办清单" in text and "住房和城乡建设局" in text


def test_the_pdf_format_embeds_cjk_fonts_through_the_fallbacks(demo: Ledger, cjk_font: Path, tmp_path: Path) -> None:
    need_program("libreoffice")
    pdftotext, pdffonts = need_program("pdftotext"), need_program("pdffonts")
    pdf = report_bytes(demo, "赤峰市", "pdf", as_of=AS_OF)
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    text = subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "关于赤峰市推动城乡建设绿色发展实施方案" in text and "进展状态" in text
    fonts = subprocess.run([pdffonts, str(path)], capture_output=True, text=True, check=True).stdout
    # on a server without the 公文 fonts the chains end in Noto CJK; a machine with FangSong/SimHei uses those
    assert "NotoSerifCJK" in fonts or "FangSong" in fonts, "the body fell back to a serif CJK font, not a Latin one"
    assert "NotoSansCJK" in fonts or "SimHei" in fonts, "the headings (黑体) fell back to a sans CJK font"


def test_without_libreoffice_a_pdf_is_refused_before_any_work(demo: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    from greentrack.errors import ReportToolError

    monkeypatch.setenv("GREENTRACK_LIBREOFFICE", "no-such-office")
    with pytest.raises(ReportToolError, match="libreoffice setting 'no-such-office' is not a program — install "
                                              r"LibreOffice \(Debian: apt-get install libreoffice-writer-nogui\)"):
        report_bytes(demo, "金乡县", "pdf", as_of=AS_OF)
    monkeypatch.setenv("GREENTRACK_LIBREOFFICE", "")
    monkeypatch.setenv("PATH", "")
    with pytest.raises(ReportToolError, match="cannot make a PDF: LibreOffice is not installed") as caught:
        report_bytes(demo, "金乡县", "pdf", as_of=AS_OF)
    assert (caught.value.exit_code, caught.value.http_status) == (7, 503)
