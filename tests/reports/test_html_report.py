"""The HTML 中期评估报告 is one self-contained file: it renders with the place's name and the status table's
headings, draws its charts inline as SVG with the labels as outlines, fetches nothing, escapes every text
from the ledger, and switches to English with the Chinese terms kept beside.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from greentrack.ledger.db import Ledger
from greentrack.reports.html import render_html
from greentrack.reports.layout import Heading, Paragraph, ReportDocument, TableBlock, target_headings
from greentrack.services.ledger import open_ledger
from greentrack.services.reports import report_bytes

from .conftest import AS_OF

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|@import|url\((?!#)""", re.I)  # url(#id) is local


@pytest.fixture(scope="module")
def chinese(demo_db: Path, cjk_font: Path) -> str:
    ledger = open_ledger(db=demo_db)
    try:
        return report_bytes(ledger, "金乡县", "html", as_of=AS_OF).decode("utf-8")
    finally:
        ledger.close()


def test_it_renders_with_the_place_and_the_status_headings(chinese: str) -> None:
    assert '<h1 id="title">关于金乡县绿色发展规划实施中期评估情况的报告</h1>' in chinese
    assert '<html lang="zh-CN">' in chinese
    header = "".join(f'<th scope="col">{h}</th>' for h in target_headings("zh"))
    assert header in chinese
    for section in ("一、基本情况", "二、主要进展成效", "三、存在问题及原因", "四、下步工作打算"):
        assert f"<h2>{section}</h2>" in chinese
    assert 'id="illustrative"' in chinese and "示例数据" in chinese


def test_a_warned_target_is_one_row_of_the_docket(chinese: str) -> None:
    rows = [r for r in chinese.split("<tr>") if "<td>建成区绿地率</td>" in r and "预警" in r]
    assert len(rows) == 1
    assert "<td>2023年底</td>" in rows[0] and "住房和城乡建设局、自然资源和规划局、综合行政执法局" in rows[0]


def test_charts_are_inline_svg_and_nothing_is_fetched(chinese: str) -> None:
    assert chinese.count("<figure><svg") == 1
    assert "<?xml" not in chinese and "<!DOCTYPE svg" not in chinese
    svgs = re.findall(r"<svg.*?</svg>", chinese, re.S)
    assert all("<text" not in svg for svg in svgs), "labels are outlines: no font is needed to read them"
    assert EXTERNAL.search(chinese) is None
    assert "<script" not in chinese


def test_status_cells_are_coloured_by_status(chinese: str) -> None:
    assert 'td.status-overdue { background: #8e24aa; }' in chinese
    assert '<td class="status status-overdue">逾期未完成</td>' in chinese


def test_english_keeps_the_chinese_terms_beside(demo: Ledger, cjk_font: Path) -> None:
    english = report_bytes(demo, "赤峰市", "html", lang="en", as_of=AS_OF).decode("utf-8")
    assert '<html lang="en">' in english
    assert "Report on the mid-term evaluation of the plan 《赤峰市推动城乡建设绿色发展实施方案》" in english
    assert "<h2>3. Problems and their causes</h2>" in english and "Supervision list (督办清单)" in english
    assert "Status 进展状态" in english and "lagging 进度滞后" in english


def test_text_from_the_ledger_is_escaped() -> None:
    hostile = '<script>alert("x")</script>'
    document = ReportDocument("zh", hostile, (hostile,), (
        Heading(hostile), Paragraph(hostile), TableBlock(hostile, (hostile,), ((hostile,),), (1,))))
    html = render_html(document)
    assert "<script>" not in html
    # title, h1, subtitle, h2, p, caption, th, td
    assert html.count("&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") == 8
