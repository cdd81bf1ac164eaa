"""The report as a Word document in the layout of Chinese official documents (党政机关公文格式, GB/T 9704).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title in 方正小标宋简体 二号 (22 pt),
headings in 黑体 and 楷体_GB2312 三号, body in 仿宋_GB2312 三号 (16 pt) on a fixed 29 pt line
(22 lines a page); page numbers `— n —` in the footer, outside edge (odd right, even left).
Every run names its Chinese font in `w:eastAsia` and Times New Roman in `w:ascii`/`w:hAnsi`, with no
theme font left to override them; the font chains in `fonts.py` say what stands in where a font is missing.
"""

from __future__ import annotations

import copy
import io
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph as DocxParagraph

from greentrack.errors import UsageError
from greentrack.reports.blocks import (
    Annex,
    FigureBlock,
    Heading,
    Paragraph,
    ReportDocument,
    Signature,
    TableBlock,
)
from greentrack.reports.fonts import BODY, HEADING, SUBHEADING, TITLE
from greentrack.reports.labels import STATUS_COLOURS
from greentrack.reports.official import BODY_PT, copies_record, masthead, set_fonts, set_properties, signature

MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TEXT_WIDTH_MM = 210 - MARGINS_MM["left"] - MARGINS_MM["right"]  # 156 mm
TITLE_PT, TABLE_PT, NOTE_PT, PAGE_NUMBER_PT = 22, 9, 12, 14  # tables in 小五
LINE_PT = 29  # 22 lines on the 225 mm type area
TABLE_LINE_PT = 11.5


def _page(document: DocumentObject) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.footer_distance = Mm(28)  # the page number sits 7 mm below the type area


def _normal_style(document: DocumentObject) -> None:
    style = document.styles["Normal"]
    style.font.size = Pt(BODY_PT)
    style.font.color.rgb = RGBColor(0, 0, 0)
    set_fonts(style.element, BODY.first)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "en-US")
    language.set(qn("w:eastAsia"), "zh-CN")
    style.element.get_or_add_rPr().append(language)
    spacing = style.paragraph_format
    spacing.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    spacing.line_spacing = Pt(LINE_PT)
    spacing.space_before = spacing.space_after = Pt(0)


def _run(paragraph: DocxParagraph, text: str, font: str, size: float, bold: bool = False) -> None:
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    set_fonts(run._element, font)


def _page_number(paragraph: DocxParagraph) -> None:
    """`— n —` with n a PAGE field, so Word and LibreOffice number the pages themselves."""
    _run(paragraph, "— ", "宋体", PAGE_NUMBER_PT)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        run.font.size = Pt(PAGE_NUMBER_PT)
        set_fonts(run._element, "宋体")
        if kind is not None:
            mark = OxmlElement("w:fldChar")
            mark.set(qn("w:fldCharType"), kind)
            run._element.append(mark)
        elif text == " PAGE ":
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = text
            run._element.append(code)
        else:
            run.text = text or ""
    _run(paragraph, " —", "宋体", PAGE_NUMBER_PT)


def _footers(document: DocumentObject) -> None:
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    for footer, alignment in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                              (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        paragraph = footer.paragraphs[0]
        paragraph.alignment = alignment
        paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = Pt(PAGE_NUMBER_PT)
        _page_number(paragraph)


def _title(document: DocumentObject, report: ReportDocument) -> None:
    if report.issuer:
        masthead(document, report.issuer, report.doc_number)
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing = Pt(TITLE_PT * 1.6)
    paragraph.paragraph_format.space_after = Pt(LINE_PT)
    _run(paragraph, report.title, TITLE.first, TITLE_PT)
    for line in report.subtitle:
        sub = document.add_paragraph()
        sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(sub, line, SUBHEADING.first, BODY_PT)
    if report.warning:
        note = document.add_paragraph()
        note.alignment = WD_ALIGN_PARAGRAPH.CENTER
        note.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        _run(note, report.warning, SUBHEADING.first, NOTE_PT)
    document.add_paragraph()


def _heading(document: DocumentObject, block: Heading) -> None:
    paragraph = document.add_paragraph(style="Heading 1" if block.level == 1 else "Heading 2")
    paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = Pt(LINE_PT)
    _run(paragraph, block.text, HEADING.first if block.level == 1 else SUBHEADING.first, BODY_PT)


def _heading_styles(document: DocumentObject) -> None:
    """Headings keep their outline level (Word's navigation pane) but look like 公文 headings: black, plain."""
    for name, font in (("Heading 1", HEADING.first), ("Heading 2", SUBHEADING.first)):
        style = document.styles[name]
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.size = Pt(BODY_PT)
        style.font.bold = False
        style.font.italic = False
        set_fonts(style.element, font)


def _paragraph(document: DocumentObject, block: Paragraph) -> None:
    paragraph = document.add_paragraph()
    if block.indent:
        paragraph.paragraph_format.first_line_indent = Pt((NOTE_PT if block.note else BODY_PT) * 2)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _run(paragraph, block.text, BODY.first, NOTE_PT if block.note else BODY_PT)


def _annex(document: DocumentObject, block: Annex) -> None:
    """附件N in 黑体 at the top left of a new page, the annex's title centred in 小标宋 under it."""
    label = document.add_paragraph()
    label.paragraph_format.page_break_before = True
    _run(label, block.label, HEADING.first, BODY_PT)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = Pt(TITLE_PT * 1.6)
    title.paragraph_format.space_after = Pt(BODY_PT / 2)
    title.paragraph_format.keep_with_next = True
    _run(title, block.title, TITLE.first, TITLE_PT)


def _caption(document: DocumentObject, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = True
    _run(paragraph, text, HEADING.first, NOTE_PT + 2)


def _shade(cell_element: object, colour: str) -> None:
    properties = cell_element.get_or_add_tcPr()  # type: ignore[attr-defined]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour.lstrip("#"))
    properties.append(shading)


def _cell_text(cell: object, text: str, bold: bool = False, colour: str | None = None) -> None:
    paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = Pt(TABLE_LINE_PT)  # a CJK font's "single" line is 1.4 em: too loose
    paragraph.paragraph_format.first_line_indent = Pt(0)
    run = paragraph.add_run(text)
    run.font.size = Pt(TABLE_PT)
    run.font.bold = bold
    if colour is not None:
        run.font.color.rgb = RGBColor.from_string("FFFFFF")
    set_fonts(run._element, HEADING.first if bold else BODY.first)


def _table(document: DocumentObject, block: TableBlock) -> Table:
    if block.caption:
        _caption(document, block.caption)
    table = document.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    total = sum(block.widths)
    widths = [Mm(TEXT_WIDTH_MM * w / total) for w in block.widths]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid: LibreOffice lays a table out by it, Word by the cells' widths
    header = table.rows[0]
    _repeat_header(header)
    for cell, text, width in zip(header.cells, block.header, widths, strict=True):
        cell.width = width
        _shade(cell._tc, "#e8eef3")
        _cell_text(cell, text, bold=True)
    templates: dict[str | None, object] = {}
    for number, values in enumerate(block.rows):
        status = block.statuses[number] if number < len(block.statuses) else None
        coloured = status if block.status_column is not None and status else None
        if any(_SPECIAL.intersection(text) for text in values):  # tabs and breaks: python-docx's own runs
            _add_row(table, values, widths, block.status_column, coloured)
            continue
        if coloured not in templates:  # the first row of each colour is made by python-docx, then copied
            _add_row(table, ["x"] * len(values), widths, block.status_column, coloured)
            templates[coloured] = table.rows[-1]._tr
            table._tbl.remove(templates[coloured])
        table._tbl.append(_filled(templates[coloured], values))
    document.add_paragraph()
    return table


_SPECIAL = frozenset("\t\n\r")  # characters python-docx writes as elements of their own (tab, break)


def _add_row(table: Table, values: list[str], widths: list[object], status_column: int | None,
             coloured: str | None) -> None:
    for column, (cell, text, width) in enumerate(zip(table.add_row().cells, values, widths, strict=True)):
        cell.width = width
        colour = coloured if column == status_column else None
        if colour:
            _shade(cell._tc, STATUS_COLOURS[colour])
        _cell_text(cell, text, colour=STATUS_COLOURS[colour] if colour else None)


def _filled(template: object, values: list[str]) -> object:
    """A copy of a row python-docx made, holding these texts: the same XML `_add_row` gives, made without
    python-docx's per-cell work (a national province's report has tens of thousands of rows)."""
    row = copy.deepcopy(template)
    for tc, text in zip(row.iterchildren(_TC), values, strict=True):  # type: ignore[attr-defined]
        run = tc.find(_RUN)
        t = run.find(_T)
        if text:
            t.text = text
            if len(text.strip()) < len(text):
                t.set(_SPACE, "preserve")
        else:
            run.remove(t)  # python-docx adds no text element for an empty run
    return row


_TC, _RUN, _T, _SPACE = qn("w:tc"), f"{qn('w:p')}/{qn('w:r')}", qn("w:t"), qn("xml:space")


def _repeat_header(row: object) -> None:
    """The header row repeats on every page a long table runs over."""
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)


def _figure(document: DocumentObject, block: FigureBlock) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run().add_picture(io.BytesIO(block.chart.png()), width=Mm(TEXT_WIDTH_MM - 6))
    _caption(document, block.chart.caption)


def signature_date(document: DocumentObject, dated: str) -> None:
    """The 成文日期 alone where no issuer is set: at the right, four characters from the edge."""
    document.add_paragraph()
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.paragraph_format.right_indent = Pt(BODY_PT * 4)
    _run(paragraph, dated, BODY.first, BODY_PT)


def render_docx(report: ReportDocument) -> bytes:
    """The report as .docx bytes."""
    document = Document()
    _page(document)
    _normal_style(document)
    _heading_styles(document)
    _footers(document)
    set_properties(document, report.author, report.title, report.title)
    document.core_properties.language = "zh-CN" if report.lang == "zh" else "en"
    _title(document, report)
    for block in report.blocks:
        if isinstance(block, Heading):
            _heading(document, block)
        elif isinstance(block, Paragraph):
            _paragraph(document, block)
        elif isinstance(block, TableBlock):
            _table(document, block)
        elif isinstance(block, FigureBlock):
            _figure(document, block)
        elif isinstance(block, Annex):
            _annex(document, block)
        elif isinstance(block, Signature) and block.issuer:
            signature(document, block.issuer, block.dated)
        elif isinstance(block, Signature):
            signature_date(document, block.dated)
        else:
            copies_record(document, block.text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_docx(report: ReportDocument, out: Path) -> Path:
    """Write the report to `out` (.docx)."""
    try:
        out.write_bytes(render_docx(report))
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from exc
    return out
