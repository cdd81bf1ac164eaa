"""The ledger's status counts, the Word report's and the Excel 台账's are one count: 逾期完成 apart from 已完成
in each, and the same number of targets per status whichever surface a reader opens."""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from greentrack.ledger.db import Ledger
from greentrack.reports.layout import target_headings
from greentrack.reports.xlsx import LEDGER_SHEET, SUMMARY_SHEET
from greentrack.services.reports import export_ledger, report_bytes
from greentrack.services.status import ledger_status
from greentrack.track import STATUS_LABELS

from .conftest import AS_OF

PLACE = "金乡县"
ZH = {zh: code for code, (zh, _) in STATUS_LABELS.items()}


def _word_counts(docx: bytes) -> tuple[Counter[str], str]:
    document = Document(io.BytesIO(docx))
    headings = target_headings("zh")
    status_at = headings.index("进展状态")
    counts: Counter[str] = Counter()
    for table in document.tables:
        if tuple(c.text for c in table.rows[0].cells) == headings:
            counts.update(ZH[row.cells[status_at].text] for row in table.rows[1:])
    summary = next(p.text for p in document.paragraphs if p.text.startswith("本次评估以"))  # 一、基本情况
    return counts, summary


def _excel_counts(path: Path) -> tuple[Counter[str], Counter[str], dict[str, int]]:
    book = load_workbook(path)
    header, *rows = book[LEDGER_SHEET].iter_rows(values_only=True)
    status_at, place_at = header.index("进展状态"), header.index("辖区")
    everywhere = Counter(ZH[r[status_at]] for r in rows)
    here = Counter(ZH[r[status_at]] for r in rows if r[place_at] == PLACE)
    summary: dict[str, int] = {}
    for label, count, *_ in book[SUMMARY_SHEET].iter_rows(values_only=True):
        if isinstance(label, str) and label in ZH and isinstance(count, int):
            summary.setdefault(ZH[label], count)  # the first table of the sheet: counts per status
    return everywhere, here, summary


def test_ledger_word_and_excel_count_the_same_statuses(demo: Ledger, tmp_path: Path, cjk_font: Path) -> None:
    ledger_here = Counter(ledger_status(demo, AS_OF, PLACE).counts())
    ledger_all = Counter(ledger_status(demo, AS_OF).counts())
    word, summary = _word_counts(report_bytes(demo, PLACE, "docx", as_of=AS_OF))
    excel_all, excel_here, excel_summary = _excel_counts(export_ledger(demo, "xlsx", tmp_path / "台账.xlsx", AS_OF))
    assert word == ledger_here == excel_here
    assert excel_all == ledger_all == Counter(excel_summary)
    # a late achievement is its own status everywhere, and the report's 已完成 leaves it out
    assert ledger_here["late_achieved"] >= 1
    done = ledger_here["achieved"] + ledger_here["compliant"]
    assert re.search(rf"已按期完成{done}项，逾期完成{ledger_here['late_achieved']}项", summary), summary
