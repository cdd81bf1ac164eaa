"""The Excel 台账 as offices keep it: a summary sheet, the whole ledger, and one sheet per department.

Columns carry the names these sheets conventionally use (序号, 指标, 目标值, 完成时限, 牵头单位, 配合单位,
当前值, 进展状态, 备注), then the source quote and document, and last a person's review (审核: 未审核 for
machine output nobody has checked). Every data sheet has a frozen header, an
auto-filter and set widths; status cells are coloured. Text that a spreadsheet would run as a formula
(starting with = + - @, a tab or a carriage return) is written as text and marked so (formula injection):
plan text and department names come from files anyone can upload.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from greentrack.ledger.records import REVIEW_LABELS, UNREVIEWED_MARK
from greentrack.ledger.safe_cells import xlsx_text
from greentrack.ledger.status import ILLUSTRATIVE, StatusReport, StatusRow, warnings_of
from greentrack.reports import cells
from greentrack.reports.labels import STATUS_COLOURS, status_word
from greentrack.track import STATUS_LABELS

# (heading, width in characters, wrap) of every data column, in order
COLUMNS: tuple[tuple[str, int, bool], ...] = (
    ("序号", 6, False), ("指标", 26, True), ("目标值", 14, True), ("完成时限", 12, False),
    ("牵头/责任单位", 24, True), ("配合单位", 28, True), ("当前值", 16, False), ("完成率", 9, False),
    ("进度比", 9, False), ("进展状态", 11, False), ("备注", 30, True), ("原文", 56, True),
    ("来源文件", 34, True), ("辖区", 10, False), ("台账编号", 9, False), ("审核", 8, False),
)
HEADINGS = tuple(name for name, _, _ in COLUMNS)
STATUS_AT = HEADINGS.index("进展状态") + 1
SUMMARY_SHEET = "汇总 summary"
LEDGER_SHEET = "台账 ledger"
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")


@dataclass(frozen=True)
class DepartmentRows:
    """A department's sheet: its name, the place it belongs to, and the current targets it answers for."""

    name: str
    place: str | None
    rows: tuple[StatusRow, ...]


def put(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write one cell; a text starting with = + - @ (or a tab/return) is stored as text, quote-prefixed."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    xlsx_text(cell)  # openpyxl would otherwise store a leading = as a formula; quote-prefixed, Excel keeps it text
    return cell


def target_cells(number: int, row: StatusRow, warning: str | None) -> list[Any]:
    """One target's cells, in the order of COLUMNS."""
    record = row.record
    return [number, record.target.indicator, cells.target_text(record.target), cells.due_text(row),
            cells.leads_text(row), cells.supports_text(row), cells.latest_text(row), cells.completion_text(row),
            cells.ratio_text(row),
            status_word(row.assessment.status), cells.remarks(row, warning), record.target.quote,
            cells.source_text(row), record.jurisdiction_name or cells.NONE, record.id,
            REVIEW_LABELS[record.review.state][0]]


def _data_sheet(sheet: Worksheet, rows: Sequence[StatusRow], warnings: Mapping[str, str]) -> None:
    for column, (heading, width, _) in enumerate(COLUMNS, 1):
        cell = put(sheet, 1, column, heading)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    wraps = [wrap for _, _, wrap in COLUMNS]
    for number, row in enumerate(rows, 1):
        for column, value in enumerate(target_cells(number, row, warnings.get(str(row.record.id))), 1):
            cell = put(sheet, number + 1, column, value)
            cell.alignment = Alignment(vertical="top", wrap_text=wraps[column - 1])
        _colour(sheet.cell(row=number + 1, column=STATUS_AT), row.assessment.status)
    sheet.freeze_panes = "C2"  # the header and the 序号/指标 columns stay in view
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4


def _colour(cell: Cell, status: str) -> None:
    cell.fill = PatternFill("solid", fgColor=STATUS_COLOURS[status].lstrip("#").upper())
    cell.font = Font(color="FFFFFF", bold=True)
    cell.alignment = Alignment(horizontal="center", vertical="top")


def sheet_title(name: str, taken: set[str]) -> str:
    """A worksheet name Excel accepts (31 characters, none of []:*?/\\), unique in the workbook."""
    base = _BAD_SHEET_CHARS.sub("_", name).strip("'") or "部门"
    title, suffix = base[:31], 2
    while title.lower() in taken:
        tail = f"({suffix})"
        title, suffix = base[:31 - len(tail)] + tail, suffix + 1
    taken.add(title.lower())
    return title


def _summary(sheet: Worksheet, report: StatusReport, departments: Sequence[DepartmentRows], title: str) -> None:
    put(sheet, 1, 1, title).font = Font(bold=True, size=16)
    put(sheet, 2, 1, f"统计日期 as of {report.as_of.isoformat()}；目标 {len(report.rows)} 项")
    line = 3
    if report.illustrative:
        put(sheet, line, 1, f"{ILLUSTRATIVE}：标记为示例数据的行使用虚构数值，仅供演示 (made-up values)").font = Font(
            color="9C5700", bold=True)
        line += 1
    unreviewed = sum(1 for row in report.rows if row.record.review.unreviewed)
    if unreviewed:
        note = (f"{UNREVIEWED_MARK} {unreviewed} 项：“审核”列标为{UNREVIEWED_MARK}的目标是机器抽取的结果，"
                "尚未经人工核对 (machine output nobody has checked yet)")
        put(sheet, line, 1, note).font = Font(color="6D4C41", bold=True)
        line += 1
    line += 1
    counts = report.counts()
    for column, heading in enumerate(("进展状态", "目标数", "占比"), 1):
        _heading(put(sheet, line, column, heading))
    for status, count in counts.items():
        line += 1
        _colour(put(sheet, line, 1, status_word(status)), status)
        put(sheet, line, 2, count)
        share = put(sheet, line, 3, count / len(report.rows) if report.rows else 0)
        share.number_format = "0%"
    line += 2
    present = list(counts)
    headings = ("责任单位", "辖区", "目标数", "其中牵头", *(STATUS_LABELS[s][0] for s in present))
    for column, heading in enumerate(headings, 1):
        _heading(put(sheet, line, column, heading))
    for department in departments:
        line += 1
        leads = sum(1 for r in department.rows if department.name in r.record.lead_departments)
        values = [department.name, department.place or cells.NONE, len(department.rows), leads,
                  *(sum(1 for r in department.rows if r.assessment.status == s) for s in present)]
        for column, value in enumerate(values, 1):
            put(sheet, line, column, value)
    for column, width in enumerate((28, 12, 9, 9, *(10 for _ in present)), 1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _heading(cell: Cell) -> None:
    cell.font = Font(bold=True)
    cell.fill = HEADER_FILL


def ledger_workbook(report: StatusReport, departments: Sequence[DepartmentRows], title: str = "绿色发展目标台账",
                    ) -> bytes:
    """The 台账 workbook: 汇总, the whole ledger, then a sheet per department with targets (most first)."""
    warnings, _ = warnings_of(report)
    short = {w.target_id: w.severity_zh for w in warnings}
    book = Workbook()
    summary = book.active
    summary.title = SUMMARY_SHEET
    taken = {SUMMARY_SHEET.lower(), LEDGER_SHEET.lower()}
    chosen = [d for d in departments if d.rows]
    _summary(summary, report, chosen, title)
    _data_sheet(book.create_sheet(LEDGER_SHEET), report.rows, short)
    for department in chosen:
        _data_sheet(book.create_sheet(sheet_title(department.name, taken)), department.rows, short)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
