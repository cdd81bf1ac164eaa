"""Containers give their text in reading order: .docx paragraphs and tables as written (one row per
line, merged cells once), and .html the article body only, with its declared charset honoured."""

from __future__ import annotations

from pathlib import Path

import docx

from greentrack.read import read_document
from greentrack.read.webpage import html_text


def test_docx_paragraphs_and_tables_in_document_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("（三）主要目标")
    table = document.add_table(rows=3, cols=4)
    for r, row in enumerate([["指标", "2020年", "2025年", "属性"], ["绿色建筑占比(%)", "60", "100", "约束性"],
                             ["单位GDP能耗降低(%)", "", "完成市分解任务", ""]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(2, 2).merge(table.cell(2, 3))
    document.add_paragraph("三、主要任务")
    path = tmp_path / "plan.docx"
    document.save(str(path))
    assert read_document(path).source_text.splitlines() == [
        "（三）主要目标", "指标 2020年 2025年 属性", "绿色建筑占比(%) 60 100 约束性",
        "单位GDP能耗降低(%) 完成市分解任务", "三、主要任务"]


ARTICLE = "".join(f"<p>（{n}）推进绿色建筑发展，到2025年城镇新建建筑全面执行绿色建筑标准。</p>" for n in "一二三四")


def test_html_article_is_the_densest_block_and_title_is_kept() -> None:
    markup = (f"<html><body><div class='top'><h1>关于印发实施方案的通知</h1></div><div id='menu'><ul>"
              f"<li>首页</li><li>机构设置</li></ul></div><div class='wrap'><div class='content'>{ARTICLE}"
              "</div><div class='related'><p>上一篇：无</p></div></div><div class='foot'><p>网站地图</p></div>"
              "</body></html>")
    lines = html_text(markup).splitlines()
    assert lines[0] == "关于印发实施方案的通知"
    assert lines[1:] == [f"（{n}）推进绿色建筑发展，到2025年城镇新建建筑全面执行绿色建筑标准。" for n in "一二三四"]


def test_html_br_and_table_rows_become_lines() -> None:
    markup = ("<body><div><p>一、目标<br>二、任务</p><table><tr><td>指标</td><td>2025年</td></tr>"
              "<tr><td>绿色建筑占比</td><td>100%</td></tr></table></div></body>")
    assert html_text(markup) == "一、目标\n二、任务\n指标 2025年\n绿色建筑占比 100%"


def test_html_declared_gb2312_is_read(tmp_path: Path) -> None:
    path = tmp_path / "notice.htm"
    path.write_bytes(f"<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'>"
                     f"</head><body>{ARTICLE}</body></html>".encode("gb2312"))
    document = read_document(path)
    assert document.encoding == "gb18030"
    assert document.text.startswith("（一）推进绿色建筑发展")
