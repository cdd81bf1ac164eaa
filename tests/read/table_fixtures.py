"""Constructed plans with one table, written as .docx (python-docx), .pdf (reportlab, ruled, CJK font) and .html.

A `TableSpec` is the prose before the table, its caption, its rows (merged positions left "" and
listed in `spans` as (first row, first column, last row, last column)), a note and the prose after.
The writers put the same content in each format, so a test can check that every format reads to
the same grid and the same targets. All names, places and numbers are made up.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PDF_FONT = "STSong-Light"


@dataclass(frozen=True)
class TableSpec:
    rows: list[list[str]]
    caption: str = "表1 某市“十四五”建筑节能主要指标"
    before: list[str] = field(default_factory=lambda: ["一、发展目标", "到2025年，各项指标如下。"])
    after: list[str] = field(default_factory=lambda: ["二、重点任务", "（一）推进既有建筑改造。加强组织实施。"])
    note: str | None = None
    spans: list[tuple[int, int, int, int]] = field(default_factory=list)
    space_before_table: int = 0  # points of blank space before the caption (pushes the table over a page)


def write_docx(spec: TableSpec, path: Path) -> None:
    import docx

    document = docx.Document()
    for line in [*spec.before, spec.caption]:
        document.add_paragraph(line)
    table = document.add_table(rows=len(spec.rows), cols=len(spec.rows[0]))
    for r, row in enumerate(spec.rows):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    for r0, c0, r1, c1 in spec.spans:
        table.cell(r0, c0).merge(table.cell(r1, c1))
    for line in [*([spec.note] if spec.note else []), *spec.after]:
        document.add_paragraph(line)
    document.save(str(path))


def write_pdf(spec: TableSpec, path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    style = ParagraphStyle("cn", fontName=PDF_FONT, fontSize=11, leading=16)
    commands: list[tuple[object, ...]] = [("FONTNAME", (0, 0), (-1, -1), PDF_FONT), ("FONTSIZE", (0, 0), (-1, -1), 10),
                                          ("GRID", (0, 0), (-1, -1), 0.5, "black")]
    commands += [("SPAN", (c0, r0), (c1, r1)) for r0, c0, r1, c1 in spec.spans]
    table = Table(spec.rows, repeatRows=1)
    table.setStyle(TableStyle(commands))
    story: list[object] = [Paragraph(line, style) for line in spec.before]
    if spec.space_before_table:
        story.append(Spacer(1, spec.space_before_table))
    story += [Paragraph(spec.caption, style), table]
    story += [Paragraph(line, style) for line in [*([spec.note] if spec.note else []), *spec.after]]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)


def write_html(spec: TableSpec, path: Path) -> None:
    covered = {(r, c) for r0, c0, r1, c1 in spec.spans for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
               if (r, c) != (r0, c0)}
    spans = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in spec.spans}
    rows = []
    for r, row in enumerate(spec.rows):
        cells = []
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            down, across = spans.get((r, c), (1, 1))
            attrs = (f' rowspan="{down}"' if down > 1 else "") + (f' colspan="{across}"' if across > 1 else "")
            cells.append(f"<td{attrs}>{html.escape(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    paragraphs = lambda lines: "\n".join(f"<p>{html.escape(line)}</p>" for line in lines)  # noqa: E731
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开</title></head><body>
<nav><a href="/">首页</a></nav>
<div class="article">{paragraphs([*spec.before, spec.caption])}
<table>{''.join(rows)}</table>
{paragraphs([*([spec.note] if spec.note else []), *spec.after])}</div>
<footer><p>主办单位：某某市人民政府办公室</p></footer></body></html>"""
    path.write_text(page, encoding="utf-8")


WRITERS: dict[str, Callable[[TableSpec, Path], None]] = {"docx": write_docx, "pdf": write_pdf, "html": write_html}
