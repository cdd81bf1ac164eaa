"""The 督办函 read back with python-docx has the 公文 parts (GB/T 9704): the page and margins, the red 发文机关标志,
the 文号 under it over a red rule, the title, the 主送机关 (the lead departments and a colon), the body with the
subjects, the deadline and the four answer parts, the 落款 with the 成文日期 in Chinese numerals, 抄送 for the
supporting departments, page numbers `— n —`, the issuer as author — and no ISO date, tool name or path."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from docx import Document

from greentrack.ledger.supervision_records import SupervisionDepartment, SupervisionItem, SupervisionSubject
from greentrack.reports.letter import build_letter, chinese_dates, chinese_numeral_date

ITEM = SupervisionItem(
    id=7, jurisdiction_code="370828", jurisdiction_name="金乡县", title="关于建成区绿地率红色预警的督办函",
    requirement="【红色预警】建成区绿地率：已过完成期限2023-12-31仍未达标。请认真分析原因，制定整改措施。",
    answer_due=dt.date(2026, 12, 20), state="open", source="warning", severity="red",
    issuer="金乡县人民政府督查室", doc_number="金督办〔2026〕3号", issued_on=dt.date(2026, 12, 6),
    created_by="jinxiang",
    created_at=dt.datetime(2026, 12, 6, 9), closed_at=None, escalated_at=None,
    subjects=(SupervisionSubject(14, None, "建成区绿地率", "≥40.11%（2023年）"),),
    departments=(SupervisionDepartment(3, "金乡县住房和城乡建设局", True),
                 SupervisionDepartment(16, "金乡县园林绿化服务中心", False)))


@pytest.mark.parametrize(("day", "written"), [
    (dt.date(2026, 12, 6), "二〇二六年十二月六日"), (dt.date(2025, 1, 10), "二〇二五年一月十日"),
    (dt.date(2030, 10, 31), "二〇三〇年十月三十一日"), (dt.date(2024, 11, 20), "二〇二四年十一月二十日"),
])
def test_chinese_numeral_dates(day: dt.date, written: str) -> None:
    assert chinese_numeral_date(day) == written


def test_iso_dates_become_chinese() -> None:
    assert chinese_dates("期限2023-12-31，最新值（2024-01-05）") == "期限2023年12月31日，最新值（2024年1月5日）"


def test_the_letter_has_the_parts_of_a_gongwen() -> None:
    created = dt.datetime(2026, 12, 6, 10, 0)
    document = Document(io.BytesIO(build_letter(ITEM, ["整改台账模板"], created=created)))
    texts = [p.text for p in document.paragraphs]
    shown = [t for t in texts if t.strip()]
    mark, number, title, addressee = shown[:4]
    assert (mark, number, title) == ("金乡县人民政府督查室", "金督办〔2026〕3号", "关于建成区绿地率红色预警的督办函")
    assert addressee == "金乡县住房和城乡建设局："
    by_text = {p.text: p for p in reversed(document.paragraphs)}  # the first paragraph of each text
    mark_run = by_text[mark].runs[0]
    assert str(mark_run.font.color.rgb) == "E60012" and mark_run.font.size.pt > 22
    assert by_text[title].runs[0].font.size.pt == 22 and by_text[title].alignment == 1  # 二号, centred
    rule = by_text[number]._p.pPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr")
    assert rule is not None and "E60012" in rule[0].get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}color")
    body = "\n".join(shown)
    assert "1．建成区绿地率，≥40.11%（2023年）。" in body
    assert "请于2026年12月20日前书面答复" in body and "进展情况、存在问题、整改措施、完成时限" in body
    assert "附件：整改台账模板" in body and "已过完成期限2023年12月31日" in body
    assert shown[-3:] == ["金乡县人民政府督查室", "二〇二六年十二月六日", "抄送：金乡县园林绿化服务中心。"]
    assert by_text["二〇二六年十二月六日"].alignment == 2  # right
    assert not re.search(r"\d{4}-\d{2}-\d{2}", body)
    assert not re.search(r"greentrack|python|/tmp|\.py\b", body, re.IGNORECASE)
    section = document.sections[0]
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [37, 35, 28, 26]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.footer.paragraphs[0].text == "— 1 —"
    properties = document.core_properties
    assert (properties.author, properties.title) == (ITEM.issuer, ITEM.title)
    assert properties.created.replace(tzinfo=None) == created
    assert "python" not in (properties.last_modified_by + properties.comments + properties.keywords).lower()


def test_a_letter_not_issued_leaves_blanks_for_the_office() -> None:
    draft = SupervisionItem(**{**ITEM.__dict__, "issuer": None, "doc_number": None, "issued_on": None,
                               "departments": ITEM.departments[:1]})
    texts = [p.text for p in Document(io.BytesIO(build_letter(draft))).paragraphs if p.text.strip()]
    assert texts[0] == "（发文机关）" and "〔" in texts[1] and texts[-1].strip() == "年  月  日"
    assert not any(t.startswith("抄送") for t in texts)
