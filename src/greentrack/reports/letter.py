"""A supervision item's 督办函 as a Word document in the 公文 layout (GB/T 9704), the page set as the report's
(`word.py`: A4, margins 37/35/28/26 mm, body 仿宋_GB2312 三号 on a 29 pt line, page numbers `— n —`).

Its parts, top to bottom: 发文机关标志 (the issuer in red 小标宋, centred), 文号 under it, a red separator line,
标题 (二号 小标宋), 主送机关 (the lead departments, then a colon), 正文 (the requirement, the targets and tasks
with their figures, the answer deadline, the four parts the answer must have), 附件, 落款 (the issuer) with the
成文日期 in Chinese numerals (二〇二六年十二月六日), and 抄送 (the supporting departments) in the 版记.
An item not issued yet prints blanks where the office has still to set the issuer, number and date.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph

from greentrack.ledger.supervision_records import SupervisionItem
from greentrack.reports.fonts import BODY, TITLE
from greentrack.reports.word import BODY_PT, TITLE_PT, _footers, _normal_style, _page, set_fonts

RED = RGBColor(0xE6, 0x00, 0x12)  # the 公文's red of the 标志 and the separator
MARK_PT = 36  # 发文机关标志: larger than the title, in 小标宋
DIGITS = "〇一二三四五六七八九"
ANSWER_PARTS = ("进展情况", "存在问题", "整改措施", "完成时限")
BLANK_NUMBER = "〔    〕    号"
BLANK_DATE = "    年  月  日"
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


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


def chinese_dates(text: str) -> str:
    """Every ISO date in a text (a warning's 2023-12-31) as people write it in a 公文 (2023年12月31日)."""
    return ISO_DATE.sub(lambda m: f"{int(m[1])}年{int(m[2])}月{int(m[3])}日", text)


def letter_name(item: SupervisionItem) -> str:
    """The file name the letter downloads as: 督办函-12.docx."""
    return f"督办函-{item.id}.docx"


def _run(paragraph: Paragraph, text: str, font: str, size: float, colour: RGBColor | None = None,
         bold: bool = False) -> None:
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    if colour is not None:
        run.font.color.rgb = colour
    set_fonts(run._element, font)


def _line(paragraph: Paragraph, colour: str, size: int = 12, where: str = "bottom") -> None:
    """A rule under (or over) a paragraph: the red separator, the 版记's black lines."""
    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    rule = OxmlElement(f"w:{where}")
    for name, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "1"), ("w:color", colour)):
        rule.set(qn(name), value)
    borders.append(rule)
    properties.append(borders)


def _body(document: DocumentObject, text: str, indent: bool = True,
          align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY) -> Paragraph:
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    _run(paragraph, chinese_dates(text), BODY.first, BODY_PT)
    return paragraph


def _head(document: DocumentObject, item: SupervisionItem) -> None:
    mark = document.add_paragraph()
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    mark.paragraph_format.line_spacing = Pt(MARK_PT * 1.3)
    _run(mark, item.issuer or "（发文机关）", TITLE.first, MARK_PT, RED)
    document.add_paragraph()
    number = document.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(number, item.doc_number or BLANK_NUMBER, BODY.first, BODY_PT)
    _line(number, "E60012", 18)  # the red separator under the 文号
    document.add_paragraph()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = Pt(TITLE_PT * 1.6)
    _run(title, item.title, TITLE.first, TITLE_PT)
    document.add_paragraph()


def _text(document: DocumentObject, item: SupervisionItem, attachments: Sequence[str]) -> None:
    leads = "、".join(d.name for d in item.leads) or "（主送机关）"
    _body(document, f"{leads}：", indent=False)
    _body(document, item.requirement)
    if item.subjects:
        _body(document, "本次督办涉及以下目标任务：")
        for number, subject in enumerate(item.subjects, 1):
            figures = f"，{subject.figures}" if subject.figures else ""
            _body(document, f"{number}．{subject.label}{figures}。")
    _body(document, f"请于{chinese_date(item.answer_due)}前书面答复，答复须包括{'、'.join(ANSWER_PARTS)}四项内容，"
                    "并附相关佐证材料。逾期未答复的，将予以升级督办并约谈。")
    if item.supporting:
        _body(document, f"请{'、'.join(d.name for d in item.supporting)}积极配合。")
    if attachments:
        document.add_paragraph()
        for number, name in enumerate(attachments, 1):
            prefix = "附件：" if number == 1 else "　　　"
            _body(document, f"{prefix}{number}．{name}" if len(attachments) > 1 else f"附件：{name}")


def _signature(document: DocumentObject, item: SupervisionItem) -> None:
    document.add_paragraph()
    document.add_paragraph()
    for text in (item.issuer or "（发文机关）",
                 chinese_numeral_date(item.issued_on) if item.issued_on else BLANK_DATE):
        paragraph = _body(document, text, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
        paragraph.paragraph_format.right_indent = Pt(BODY_PT * 4)


def _record(document: DocumentObject, item: SupervisionItem) -> None:
    """The 版记: 抄送 between two black rules."""
    if not item.supporting:
        return
    document.add_paragraph()
    copies = document.add_paragraph()
    copies.paragraph_format.left_indent = Pt(14)
    _line(copies, "000000", 8, "top")
    _line(copies, "000000", 8, "bottom")
    _run(copies, f"抄送：{'，'.join(d.name for d in item.supporting)}。", BODY.first, 14)


def build_letter(item: SupervisionItem, attachments: Sequence[str] = (), created: dt.datetime | None = None) -> bytes:
    """The 督办函 of an item as .docx bytes; its properties name the issuer as author (never a tool or a path)."""
    document = Document()
    _page(document)
    _normal_style(document)
    _footers(document)
    _head(document, item)
    _text(document, item, attachments)
    _signature(document, item)
    _record(document, item)
    properties = document.core_properties
    properties.author = item.issuer or ""
    properties.last_modified_by = item.issuer or ""
    properties.title = item.title
    properties.subject = "督办函"
    properties.comments = ""
    properties.keywords = ""
    properties.created = properties.modified = created or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
