"""The Excel 台账 written as the ledger is read: openpyxl's write-only mode, bounded memory.

The rows arrive in pages (`add`); each row's cells are spooled at once to a temporary SQLite file (as JSON,
keyed by target id) beside the departments' responsibilities, and the reporting years seen are noted. `finish`
then knows every year column and every count: it writes the ledger sheet, the departments' sheets (or, above
DEPARTMENT_SHEETS_AT_MOST departments, one 部门清单 sheet with a 部门 column: a national ledger would make tens
of thousands of sheets no one opens) and the summary, put first. Memory holds one page of rows and one sheet's
writer; the spool lives on disk and goes with the writer.
"""

from __future__ import annotations

import io
import json
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from copy import copy
from datetime import date
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from greentrack.ledger.records import UNREVIEWED_MARK
from greentrack.ledger.safe_cells import xlsx_text
from greentrack.ledger.status import ILLUSTRATIVE, StatusReport, StatusRow
from greentrack.reports import cells
from greentrack.reports.labels import STATUS_COLOURS, status_word
from greentrack.reports.xlsx import (
    AFTER_YEARS,
    BEFORE_YEARS,
    DEPARTMENT_SHEETS_AT_MOST,
    DEPARTMENTS_SHEET,
    HEADER_FILL,
    LEDGER_SHEET,
    SUMMARY_SHEET,
    UNASSIGNED,
    Column,
    DepartmentRows,
    Percent,
    RowCells,
    columns,
    fit_to_page,
    print_setup,
    row_cells,
    sheet_title,
)
from greentrack.reports.xlsx_rows import RowXml, writing_rows
from greentrack.track import STATUS_LABELS, early_warnings

DUE_AT = [c.heading for c in AFTER_YEARS].index("完成时限")  # the date among the cells after the years (ISO text)
TARGET_AT = [c.heading for c in BEFORE_YEARS].index("目标值") - 1  # among the cells before the years, after 序号
Summary = tuple[str, str | None, int, int, Counter[str]]  # (department, place, targets, led, per status)


class StreamedLedgerBook:
    """The 台账 workbook written page by page to `out` (a path or a binary file).

    `departments` are (id, name, place name) of the departments that may have a sheet; `responsibilities` are
    (department id, target id) pairs, read once into the spool (any number of them). `scope` names what the
    export was limited to (辖区 金乡县 · 状态 进度滞后), shown on the summary sheet.
    """

    def __init__(self, out: Path | IO[bytes], as_of: date, departments: Sequence[tuple[int, str, str | None]],
                 responsibilities: Iterable[tuple[int, int]], title: str = "绿色发展目标台账",
                 scope: str = "") -> None:
        self.out, self.as_of, self.title, self.scope = out, as_of, title, scope
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
        self.years: set[int] = set()
        self.order: list[int] = []  # the reporting years' columns, known when every row is in
        self.total = self.unreviewed = 0
        self.illustrative = False
        self._styles = _Styles()

    def add(self, rows: Sequence[StatusRow]) -> None:
        """Spool a page of the ledger's rows (in ledger order)."""
        short = {w.target_id: w.severity_zh for w in early_warnings((r.tracked.target, r.assessment) for r in rows)}
        spooled = []
        for row in rows:
            self.total += 1
            found = row_cells(row, short.get(str(row.record.id)))
            self.years.update(found.years)
            status = row.assessment.status
            self.counts[status] += 1
            self.unreviewed += row.record.review.unreviewed
            self.illustrative = self.illustrative or row.illustrative
            spooled.append((row.record.id, self.total, status, json.dumps(list(row.record.lead_departments)),
                            _dumped(found), not row.record.departments))
        self.spool.executemany("INSERT OR REPLACE INTO rows VALUES (?, ?, ?, ?, ?, ?)", spooled)

    def finish(self) -> None:
        """The ledger sheet, the departments' sheets, the summary (put first), and the file; the spool goes."""
        try:
            self.order = sorted(self.years)
            self._rows_sheet(LEDGER_SHEET, self.spool.execute("SELECT cells, status FROM rows ORDER BY seq"))
            sized = dict(self.spool.execute("SELECT a.department, count(*) FROM answers a JOIN rows r "
                                            "ON r.target = a.target GROUP BY a.department"))
            order = sorted(sized, key=lambda d: (-sized[d], self.departments[d][0], d))
            has_unassigned = self.spool.execute("SELECT 1 FROM rows WHERE unassigned LIMIT 1").fetchone() is not None
            if len(order) + has_unassigned > DEPARTMENT_SHEETS_AT_MOST:
                summaries = self._one_departments_sheet(order)
            else:
                summaries = [self._department(number) for number in order]
                if has_unassigned:
                    summaries.append(self._unassigned())
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

    def _rows_sheet(self, title: str, found: Iterable[tuple[str, str]]) -> Summary:
        """A data sheet of spooled rows, numbered from 1; its counts per status."""
        sheet = self._data_sheet(sheet_title(title, self.taken) if title != LEDGER_SHEET else title)
        statuses: Counter[str] = Counter()
        written = 0
        for cells_json, status in found:
            written += 1
            sheet.append((_loaded(cells_json).values(written, self.order), status))
            statuses[status] += 1
        self._close_data_sheet(sheet, written)
        return title, None, written, 0, statuses

    def _department(self, number: int) -> Summary:
        name, place = self.departments[number]
        leads = sum(name in json.loads(names) for (names,) in self.spool.execute(
            "SELECT r.leads FROM answers a JOIN rows r ON r.target = a.target WHERE a.department = ?", (number,)))
        _, _, written, _, statuses = self._rows_sheet(name, self.spool.execute(
            "SELECT r.cells, r.status FROM answers a JOIN rows r ON r.target = a.target "
            "WHERE a.department = ? ORDER BY r.seq", (number,)))
        return name, place, written, leads, statuses

    def _unassigned(self) -> Summary:
        return self._rows_sheet(UNASSIGNED, self.spool.execute(
            "SELECT cells, status FROM rows WHERE unassigned ORDER BY seq"))

    def _one_departments_sheet(self, order: list[int]) -> list[Summary]:
        """Every department's rows on one sheet, a department after the other (most targets first), 部门 first."""
        sheet = self._data_sheet(DEPARTMENTS_SHEET, department=True)
        self.taken.add(DEPARTMENTS_SHEET.lower())
        layout = columns(self.order, department=True)
        summaries: list[Summary] = []
        written = 0
        for number in [*order, None]:
            name, place = self.departments[number] if number is not None else (UNASSIGNED, None)
            found = (self.spool.execute("SELECT r.cells, r.status, r.leads FROM answers a JOIN rows r "
                                        "ON r.target = a.target WHERE a.department = ? ORDER BY r.seq", (number,))
                     if number is not None else
                     self.spool.execute("SELECT cells, status, '[]' FROM rows WHERE unassigned ORDER BY seq"))
            statuses: Counter[str] = Counter()
            count = leads = 0
            for cells_json, status, lead_names in found:
                count += 1
                written += 1
                sheet.append(([name, *_loaded(cells_json).values(count, self.order)], status))
                statuses[status] += 1
                leads += name in json.loads(lead_names)
            if count:
                summaries.append((name, place, count, leads, statuses))
        self._close_data_sheet(sheet, written, layout)
        return summaries

    @property
    def layout(self) -> tuple[Column, ...]:
        return columns(self.order)

    def _data_sheet(self, title: str, department: bool = False) -> Any:
        sheet = _new_sheet(self.book, title)
        layout = columns(self.order, department)
        for number, column in enumerate(layout, 1):
            sheet.column_dimensions[get_column_letter(number)].width = column.width
        # the header, and the columns up to 指标, stay in view
        sheet.freeze_panes = f"{get_column_letter(3 + department)}2"
        fit_to_page(sheet)
        writing_rows(sheet, RowXml(sheet, layout, self._styles))  # (values, status) appended, written as XML
        sheet.append(([column.heading for column in layout], None))
        return sheet

    def _close_data_sheet(self, sheet: Any, rows: int, layout: Sequence[Column] | None = None) -> None:
        width = len(layout or self.layout)
        sheet.auto_filter.ref = f"A1:{get_column_letter(width)}{rows + 1}"
        print_setup(sheet)
        sheet.close()  # its file is complete: no open handle per department

    def _summary(self, departments: list[Summary]) -> None:
        sheet = _new_sheet(self.book, SUMMARY_SHEET, 0)
        fit_to_page(sheet)
        present = [s for s in STATUS_LABELS if self.counts[s]]
        for column, width in enumerate((28, 12, 9, 9, *(10 for _ in present)), 1):
            sheet.column_dimensions[get_column_letter(column)].width = width
        text = self._styles.text
        sheet.append([text(sheet, self.title, Font(bold=True, size=16))])
        day = self.as_of
        sheet.append([text(sheet, f"统计日期 {day.year}年{day.month}月{day.day}日 (as of {day.isoformat()})；"
                                  f"目标 {self.total} 项")])
        if self.scope:
            sheet.append([text(sheet, f"范围 scope：{self.scope}", Font(bold=True))])
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
        print_setup(sheet, None)


def _dumped(found: RowCells) -> str:
    """A row's cells as JSON text: the date as ISO text, a share (Percent) as {"share": value}."""
    before, after = list(found.before), list(found.after)
    if isinstance(before[TARGET_AT], Percent):
        before[TARGET_AT] = {"share": float(before[TARGET_AT])}
    if after[DUE_AT] is not None:
        after[DUE_AT] = after[DUE_AT].isoformat()
    return json.dumps([before, {str(y): v for y, v in found.years.items()}, after], ensure_ascii=False)


def _loaded(text: str) -> RowCells:
    before, years, after = json.loads(text)
    if isinstance(before[TARGET_AT], dict):
        before[TARGET_AT] = Percent(before[TARGET_AT]["share"])
    if after[DUE_AT] is not None:
        after[DUE_AT] = date.fromisoformat(after[DUE_AT])
    return RowCells(before, {int(y): v for y, v in years.items()}, after)


def _new_sheet(book: Workbook, title: str, index: int | None = None) -> Any:
    """`book.create_sheet(title, index)` without its check of the title against every sheet's (quadratic in the
    sheets); `title` is unique already (`sheet_title`)."""
    sheet = WriteOnlyWorksheet(parent=None, title=title)  # no parent: the title is not checked, nor set
    sheet._parent = book
    sheet._WorkbookChild__title = title
    book._add_sheet(sheet, index)
    return sheet


class _Styles:
    """Each kind of cell's style made once and copied to every such cell (setting a style per cell costs more
    than the cell itself)."""

    def __init__(self) -> None:
        self._made: dict[tuple[Any, ...], Any] = {}

    def style(self, sheet: Any, key: tuple[Any, ...]) -> Any:
        """The style array of a kind of cell (a copy): ("data", wrap, number format), ("status", code) …"""
        found = self._made.get(key)
        if found is None:
            cell = WriteOnlyCell(sheet)
            kind, *rest = key
            if kind == "data":
                wrap, number_format = rest
                cell.alignment = Alignment(vertical="top", wrap_text=wrap)
                if number_format:
                    cell.number_format = number_format
            elif kind == "status":
                _colour(cell, rest[0], STATUS_COLOURS[rest[0]])
            else:
                cell.font = Font(bold=True)
                cell.fill = HEADER_FILL
                if kind == "header":
                    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            found = self._made[key] = cell._style
        return copy(found)

    def heading(self, sheet: Any, value: str) -> Any:
        cell = WriteOnlyCell(sheet, value)
        cell._style = self.style(sheet, ("heading",))
        return cell

    def status(self, sheet: Any, value: str, status: str) -> Any:
        cell = WriteOnlyCell(sheet, value)
        cell._style = self.style(sheet, ("status", status))
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


def ledger_workbook(report: StatusReport, departments: Sequence[DepartmentRows], title: str = "绿色发展目标台账",
                    scope: str = "") -> bytes:
    """The 台账 workbook of a status report already built: 汇总, the whole ledger, then the departments' sheets
    (most targets first), written as the streamed export writes it."""
    chosen = [d for d in departments if d.rows]
    ids = {d.name: number for number, d in enumerate(chosen, 1)}
    answers = [(ids[d.name], r.record.id) for d in chosen for r in d.rows if d.name != UNASSIGNED]
    buffer = io.BytesIO()
    book = StreamedLedgerBook(buffer, report.as_of, [(ids[d.name], d.name, d.place) for d in chosen
                                                     if d.name != UNASSIGNED], answers, title, scope)
    book.add(report.rows)
    book.finish()
    return buffer.getvalue()
