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
    assert '<h1 id="title">金乡县绿色发展规划实施中期评估报告</h1>' in chinese
    assert '<html lang="zh-CN">' in chinese
    header = "".join(f'<th scope="col">{h}</th>' for h in target_headings("zh"))
    assert header in chinese
    for section in ("一、总体情况", "二、目标进展情况", "三、督办清单", "四、规划间不一致", "五、目标分解落实",
                    "六、路线图"):
        assert f"<h2>{section}</h2>" in chinese
    assert 'id="illustrative"' in chinese and "示例数据" in chinese


def test_both_quotes_of_a_contradiction_sit_in_one_row(chinese: str) -> None:
    row = next(r for r in chinese.split("<tr>") if "充换电站" in r and "局部超过整体" in r)
    assert "“全县建成各类充换电站110座”" in row and "“建成公共领域充换电站180座”" in row


def test_charts_are_inline_svg_and_nothing_is_fetched(chinese: str) -> None:
    assert chinese.count("<figure><svg") == 3
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
    assert "Mid-term evaluation of 赤峰市&#39;s green-development plans 中期评估报告" in english
    assert "<h2>3. Supervision lists 督办清单</h2>" in english
    assert "Status 进展状态" in english and "lagging 进度滞后" in english


def test_text_from_the_ledger_is_escaped() -> None:
    hostile = '<script>alert("x")</script>'
    document = ReportDocument("zh", hostile, (hostile,), (
        Heading(hostile), Paragraph(hostile), TableBlock(hostile, (hostile,), ((hostile,),), (1,))))
    html = render_html(document)
    assert "<script>" not in html
    # title, h1, subtitle, h2, p, caption, th, td
    assert html.count("&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") == 8
