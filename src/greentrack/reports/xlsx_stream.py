"""The Excel 台账 of a national ledger, written as it is read: openpyxl's write-only mode, bounded memory.

The workbook is the one `reports.xlsx.ledger_workbook` makes (汇总, the whole ledger, a sheet per department,
most targets first, then 未分配部门), but the rows arrive in pages (`add`) and each is written to the ledger
sheet at once. A department sheet needs the rows of its targets in ledger order after the ledger sheet is done,
and the summary needs every count: each row's cells are spooled to a temporary SQLite file (the row's cells as
JSON, keyed by target id) beside the departments' responsibilities, and `finish` writes the department sheets
one after the other from it, then the summary, put first. Memory holds one page of rows and one sheet's
writer; the spool lives on disk and goes with the writer.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from copy import copy
from datetime import date
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from greentrack.ledger.records import UNREVIEWED_MARK
from greentrack.ledger.safe_cells import xlsx_text
from greentrack.ledger.status import ILLUSTRATIVE, StatusRow
from greentrack.reports import cells
from greentrack.reports.labels import STATUS_COLOURS, status_word
from greentrack.reports.xlsx import (
    COLUMNS,
    HEADER_FILL,
    LEDGER_SHEET,
    STATUS_AT,
    SUMMARY_SHEET,
    sheet_title,
    target_cells,
)
from greentrack.track import STATUS_LABELS, early_warnings

UNASSIGNED = "未分配部门"


class StreamedLedgerBook:
    """The 台账 workbook written page by page to `out` (a path or a binary file).

    `departments` are (id, name, place name) of the departments the reader may see; `responsibilities` are
    (department id, target id) pairs, read once into the spool (any number of them).
    """

    def __init__(self, out: Path | IO[bytes], as_of: date, departments: Sequence[tuple[int, str, str | None]],
                 responsibilities: Iterable[tuple[int, int]], title: str = "绿色发展目标台账") -> None:
        self.out, self.as_of, self.title = out, as_of, title
        self.departments = {number: (name, place) for number, name, place in departments}
        self.book = Workbook(write_only=True)
        self._folder = tempfile.TemporaryDirectory(prefix="greentrack-xlsx-")
        self.spool = sqlite3.connect(Path(self._folder.name) / "spool.db")
        self.spool.executescript(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
            "CREATE TABLE rows (target INTEGER PRIMARY KEY, seq INTEGER, status TEXT, leads TEXT, cells TEXT,"
            " unassigned INTEGER);"
            "CREATE TABLE answers (department INTEGER, target INTEGER, PRIMARY KEY (department, target))"
            " WITHOUT ROWID;")
        self.spool.executemany("INSERT OR IGNORE INTO answers VALUES (?, ?)",
                               ((d, t) for d, t in responsibilities if d in self.departments))
        self.taken = {SUMMARY_SHEET.lower(), LEDGER_SHEET.lower()}
        self.counts: Counter[str] = Counter()
        self.total = self.unreviewed = 0
        self.illustrative = False
        self._styles = _Styles(self.book)
        self.ledger = self._data_sheet(LEDGER_SHEET)

    def add(self, rows: Sequence[StatusRow]) -> None:
        """Write a page of the ledger's rows (in ledger order) to the ledger sheet and spool them."""
        short = {w.target_id: w.severity_zh for w in early_warnings((r.tracked.target, r.assessment) for r in rows)}
        spooled = []
        for row in rows:
            self.total += 1
            values = target_cells(self.total, row, short.get(str(row.record.id)))
            status = row.assessment.status
            self.ledger.append(self._styles.row(self.ledger, values, status))
            self.counts[status] += 1
            self.unreviewed += row.record.review.unreviewed
            self.illustrative = self.illustrative or row.illustrative
            spooled.append((row.record.id, self.total, status, json.dumps(list(row.record.lead_departments)),
                            json.dumps(values[1:], ensure_ascii=False), not row.record.departments))
        self.spool.executemany("INSERT OR REPLACE INTO rows VALUES (?, ?, ?, ?, ?, ?)", spooled)

    def finish(self) -> None:
        """The department sheets, the summary (put first), and the file; the spool is removed."""
        try:
            self._close_data_sheet(self.ledger, self.total)
            sized = dict(self.spool.execute("SELECT a.department, count(*) FROM answers a JOIN rows r "
                                            "ON r.target = a.target GROUP BY a.department"))
            order = sorted(sized, key=lambda d: (-sized[d], self.departments[d][0], d))
            summaries = [self._department(number) for number in order]
            unassigned = self.spool.execute("SELECT cells, status FROM rows WHERE unassigned ORDER BY seq")
            first = unassigned.fetchone()
            if first is not None:
                sheet = self._data_sheet(sheet_title(UNASSIGNED, self.taken))
                written, statuses = 0, Counter[str]()
                for cells_json, status in [first, *unassigned]:
                    written += 1
                    sheet.append(self._styles.row(sheet, [written, *json.loads(cells_json)], status))
                    statuses[status] += 1
                self._close_data_sheet(sheet, written)
                summaries.append((UNASSIGNED, None, written, 0, statuses))
            self._summary(summaries)
            self.book.save(self.out)
        finally:
            self.spool.close()
            self._folder.cleanup()

    def abandon(self) -> None:
        """Stop without a workbook (the ledger could not be read): the spool and the sheets' files go."""
        import contextlib

        for sheet in self.book.worksheets:
            with contextlib.suppress(Exception):  # a half-written sheet's XML writer complains as it stops
                if not sheet.closed:
                    sheet.close()
        self.spool.close()
        self._folder.cleanup()

    def _department(self, number: int) -> tuple[str, str | None, int, int, Counter[str]]:
        name, place = self.departments[number]
        sheet = self._data_sheet(sheet_title(name, self.taken))
        statuses: Counter[str] = Counter()
        written = leads = 0
        for cells_json, status, lead_names in self.spool.execute(
                "SELECT r.cells, r.status, r.leads FROM answers a JOIN rows r ON r.target = a.target "
                "WHERE a.department = ? ORDER BY r.seq", (number,)):
            written += 1
            sheet.append(self._styles.row(sheet, [written, *json.loads(cells_json)], status))
            statuses[status] += 1
            leads += name in json.loads(lead_names)
        self._close_data_sheet(sheet, written)
        return name, place, written, leads, statuses

    def _data_sheet(self, title: str) -> Any:
        sheet = _new_sheet(self.book, title)
        sheet._values_to_row = _cells_in_place  # every item appended to a data sheet is a styled cell
        for column, (_, width, _) in enumerate(COLUMNS, 1):
            sheet.column_dimensions[get_column_letter(column)].width = width
        sheet.freeze_panes = "C2"  # the header and the 序号/指标 columns stay in view
        sheet.append(self._styles.header(sheet))
        return sheet

    def _close_data_sheet(self, sheet: Any, rows: int) -> None:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{rows + 1}"
        sheet.print_title_rows = "1:1"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        sheet.close()  # its file is complete: no open handle per department

    def _summary(self, departments: list[tuple[str, str | None, int, int, Counter[str]]]) -> None:
        sheet = _new_sheet(self.book, SUMMARY_SHEET, 0)
        present = [s for s in STATUS_LABELS if self.counts[s]]
        for column, width in enumerate((28, 12, 9, 9, *(10 for _ in present)), 1):
            sheet.column_dimensions[get_column_letter(column)].width = width
        text = self._styles.text
        sheet.append([text(sheet, self.title, Font(bold=True, size=16))])
        sheet.append([text(sheet, f"统计日期 as of {self.as_of.isoformat()}；目标 {self.total} 项")])
        if self.illustrative:
            sheet.append([text(sheet, f"{ILLUSTRATIVE}：标记为示例数据的行使用虚构数值，仅供演示 (made-up values)",
                               Font(color="9C5700", bold=True))])
        if self.unreviewed:
            note = (f"{UNREVIEWED_MARK} {self.unreviewed} 项：“审核”列标为{UNREVIEWED_MARK}的目标是机器抽取的结果，"
                    "尚未经人工核对 (machine output nobody has checked yet)")
            sheet.append([text(sheet, note, Font(color="6D4C41", bold=True))])
        sheet.append([])
        sheet.append([self._styles.heading(sheet, h) for h in ("进展状态", "目标数", "占比")])
        for status in present:
            share = WriteOnlyCell(sheet, self.counts[status] / self.total if self.total else 0)
            share.number_format = "0%"
            sheet.append([self._styles.status(sheet, status_word(status), status), self.counts[status], share])
        sheet.append([])
        headings = ("责任单位", "辖区", "目标数", "其中牵头", *(STATUS_LABELS[s][0] for s in present))
        sheet.append([self._styles.heading(sheet, h) for h in headings])
        for name, place, count, leads, statuses in departments:
            sheet.append([text(sheet, name), text(sheet, place or cells.NONE), count, leads,
                          *(statuses[s] for s in present)])


def _new_sheet(book: Workbook, title: str, index: int | None = None) -> Any:
    """`book.create_sheet(title, index)` without its check of the title against every sheet's (quadratic in the
    sheets: 25,000 department sheets at national size); `title` is unique already (`sheet_title`)."""
    sheet = WriteOnlyWorksheet(parent=None, title=title)  # no parent: the title is not checked, nor set
    sheet._parent = book
    sheet._WorkbookChild__title = title
    book._add_sheet(sheet, index)
    return sheet


def _cells_in_place(cells: Sequence[Any], row: int) -> Iterator[Any]:
    """A data sheet's row as openpyxl writes it (`WriteOnlyWorksheet._values_to_row`), for a row of cells only:
    each cell placed as it is, without openpyxl's attempt to read each as a value first."""
    for column, cell in enumerate(cells, 1):
        cell.column, cell.row = column, row
        yield cell


class _Styles:
    """Each column's cell style made once and copied to every cell (setting a style per cell costs more than the
    cell itself)."""

    def __init__(self, book: Workbook) -> None:
        sheet = book.create_sheet("_styles")  # a scratch sheet for the template cells, removed at once
        self._data = []
        for _, _, wrap in COLUMNS:
            cell = WriteOnlyCell(sheet)
            cell.alignment = Alignment(vertical="top", wrap_text=wrap)
            self._data.append(cell._style)
        self._status = {}
        for status, colour in STATUS_COLOURS.items():
            cell = WriteOnlyCell(sheet)
            _colour(cell, status, colour)
            self._status[status] = cell._style
        head = WriteOnlyCell(sheet)
        head.font = Font(bold=True)
        head.fill = HEADER_FILL
        self._head_plain = copy(head._style)
        head.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self._head = head._style
        book.remove(sheet)

    def row(self, sheet: Any, values: Sequence[Any], status: str) -> list[Any]:
        found = []
        for column, value in enumerate(values):
            cell = WriteOnlyCell(sheet, value)
            cell._style = copy(self._status[status] if column == STATUS_AT - 1 else self._data[column])
            xlsx_text(cell)  # a text starting with = stays text (formula injection)
            found.append(cell)
        return found

    def header(self, sheet: Any) -> list[Any]:
        found = []
        for heading, _, _ in COLUMNS:
            cell = WriteOnlyCell(sheet, heading)
            cell._style = copy(self._head)
            found.append(cell)
        return found

    def heading(self, sheet: Any, value: str) -> Any:
        cell = WriteOnlyCell(sheet, value)
        cell._style = copy(self._head_plain)
        return cell

    def status(self, sheet: Any, value: str, status: str) -> Any:
        cell = WriteOnlyCell(sheet, value)
        cell._style = copy(self._status[status])
        return cell

    @staticmethod
    def text(sheet: Any, value: str, font: Font | None = None) -> Any:
        cell = WriteOnlyCell(sheet, value)
        if font is not None:
            cell.font = font
        xlsx_text(cell)
        return cell


def _colour(cell: Any, status: str, colour: str) -> None:
    cell.fill = PatternFill("solid", fgColor=colour.lstrip("#").upper())
    cell.font = Font(color="FFFFFF", bold=True)
    cell.alignment = Alignment(horizontal="center", vertical="top")
