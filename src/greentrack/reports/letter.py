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
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from greentrack.ledger.supervision_records import SupervisionItem
from greentrack.reports.fonts import TITLE
from greentrack.reports.official import (
    body_line,
    chinese_date,
    chinese_dates,
    chinese_numeral_date,
    copies_record,
    masthead,
    run,
    set_properties,
    signature,
)
from greentrack.reports.word import TITLE_PT, _footers, _normal_style, _page

__all__ = ("build_letter", "chinese_dates", "chinese_numeral_date", "letter_name")

ANSWER_PARTS = ("进展情况", "存在问题", "整改措施", "完成时限")
BLANK_NUMBER = "〔    〕    号"
BLANK_DATE = "    年  月  日"


def letter_name(item: SupervisionItem) -> str:
    """The file name the letter downloads as: 督办函-12.docx."""
    return f"督办函-{item.id}.docx"


def _head(document: DocumentObject, item: SupervisionItem) -> None:
    masthead(document, item.issuer or "（发文机关）", item.doc_number or BLANK_NUMBER)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = Pt(TITLE_PT * 1.6)
    run(title, item.title, TITLE.first, TITLE_PT)
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


_body = body_line


def build_letter(item: SupervisionItem, attachments: Sequence[str] = (), created: dt.datetime | None = None) -> bytes:
    """The 督办函 of an item as .docx bytes; its properties name the issuer as author (never a tool or a path)."""
    document = Document()
    _page(document)
    _normal_style(document)
    _footers(document)
    _head(document, item)
    _text(document, item, attachments)
    signature(document, item.issuer or "（发文机关）",
              chinese_numeral_date(item.issued_on) if item.issued_on else BLANK_DATE)
    if item.supporting:  # the 版记: 抄送 the supporting departments
        copies_record(document, f"抄送：{'，'.join(d.name for d in item.supporting)}。")
    set_properties(document, item.issuer or "", item.title, "督办函", created)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
