"""The parts every 公文 of greentrack shares (GB/T 9704): the 发文机关标志 in red with the 文号 and the red separator,
the 落款 with its 成文日期 in Chinese numerals, the 版记's 抄送 between black rules, Chinese dates in the body,
and document properties that name the issuer — never a tool, a path or an ISO date.

The 督办函 (`letter.py`) and the 中期评估报告 (`word.py`) both draw their frame with these, so the two documents an
office sends look like one office's papers.
"""

from __future__ import annotations

import datetime as dt
import re

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph

from greentrack.reports.fonts import BODY, LATIN, TITLE

RED = RGBColor(0xE6, 0x00, 0x12)  # the 公文's red of the 标志 and the separator
RED_HEX = "E60012"
BODY_PT = 16  # 正文: 仿宋 三号
MARK_PT = 36  # 发文机关标志: larger than the title, in 小标宋
DIGITS = "〇一二三四五六七八九"
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def set_fonts(element: object, east_asia: str, latin: str = LATIN) -> None:
    """Name the Chinese and the Latin font of a run or style, and drop theme fonts that would override them."""
    rpr = element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute, name in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asia), ("w:cs", latin)):
        fonts.set(qn(attribute), name)
    fonts.set(qn("w:hint"), "eastAsia")


def chinese_numeral_date(day: dt.date) -> str:
    """A 成文日期 in Chinese numerals: 二〇二六年十二月六日 (years digit by digit, months and days as numbers)."""
    return f"{''.join(DIGITS[int(c)] for c in str(day.year))}年{_number(day.month)}月{_number(day.day)}日"


def _number(n: int) -> str:
    """1–31 in Chinese: 六, 十, 十二, 二十, 三十一."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return DIGITS[ones]
    return (DIGITS[tens] if tens > 1 else "") + "十" + (DIGITS[ones] if ones else "")


def chinese_date(day: dt.date) -> str:
    """A date in the body: 2026年12月20日."""
    return f"{day.year}年{day.month}月{day.day}日"


def english_date(day: dt.date) -> str:
    """A date in an English body: 20 December 2026."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def chinese_dates(text: str) -> str:
    """Every ISO date in a text (a warning's 2023-12-31) as people write it in a 公文 (2023年12月31日)."""
    return ISO_DATE.sub(lambda m: f"{int(m[1])}年{int(m[2])}月{int(m[3])}日", text)


def english_dates(text: str) -> str:
    """Every ISO date in a text as an English body writes it (31 December 2023)."""
    return ISO_DATE.sub(lambda m: english_date(dt.date(int(m[1]), int(m[2]), int(m[3]))), text)


def run(paragraph: Paragraph, text: str, font: str, size: float, colour: RGBColor | None = None,
        bold: bool = False) -> None:
    """A run in `font` (Chinese) and Times New Roman (Latin) at `size` points."""
    piece = paragraph.add_run(text)
    piece.font.size = Pt(size)
    piece.font.bold = bold
    if colour is not None:
        piece.font.color.rgb = colour
    set_fonts(piece._element, font)


def rule(paragraph: Paragraph, colour: str, size: int = 12, where: str = "bottom") -> None:
    """A rule under (or over) a paragraph: the red separator, the 版记's black lines."""
    properties = paragraph._p.get_or_add_pPr()
    borders = properties.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        properties.append(borders)
    line = OxmlElement(f"w:{where}")
    for name, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "1"), ("w:color", colour)):
        line.set(qn(name), value)
    borders.append(line)


def body_line(document: DocumentObject, text: str, indent: bool = True,
              align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY) -> Paragraph:
    """A paragraph of 正文 (仿宋 三号), its ISO dates written the Chinese way."""
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    run(paragraph, chinese_dates(text), BODY.first, BODY_PT)
    return paragraph


def masthead(document: DocumentObject, issuer: str, doc_number: str | None) -> None:
    """发文机关标志 (red, centred), the 文号 under it (when there is one) and the red separator."""
    mark = document.add_paragraph()
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    mark.paragraph_format.line_spacing = Pt(MARK_PT * 1.3)
    run(mark, issuer, TITLE.first, MARK_PT, RED)
    document.add_paragraph()
    number = document.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if doc_number:
        run(number, doc_number, BODY.first, BODY_PT)
    rule(number, RED_HEX, 18)  # the red separator under the 文号
    document.add_paragraph()


def signature(document: DocumentObject, issuer: str, dated: str) -> None:
    """落款: the issuer and the 成文日期, right-aligned four characters from the edge, two blank lines above."""
    document.add_paragraph()
    document.add_paragraph()
    for text in (issuer, dated):
        paragraph = body_line(document, text, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
        paragraph.paragraph_format.right_indent = Pt(BODY_PT * 4)
        paragraph.paragraph_format.keep_with_next = True


def copies_record(document: DocumentObject, text: str) -> None:
    """The 版记: the 抄送 line between two black rules."""
    document.add_paragraph()
    copies = document.add_paragraph()
    copies.paragraph_format.left_indent = Pt(14)
    rule(copies, "000000", 8, "top")
    rule(copies, "000000", 8, "bottom")
    run(copies, text, BODY.first, 14)


def set_properties(document: DocumentObject, author: str, title: str, subject: str,
                   created: dt.datetime | None = None) -> None:
    """The document's properties: the issuer as author (never a tool or a path), the title, made now."""
    properties = document.core_properties
    properties.author = author
    properties.last_modified_by = author
    properties.title = title
    properties.subject = subject
    properties.comments = ""
    properties.keywords = ""
    properties.created = properties.modified = created or dt.datetime.now(dt.UTC).replace(tzinfo=None)
