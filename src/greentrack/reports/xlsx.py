"""The Excel 台账 as offices keep and work in it: a summary sheet, the whole ledger, and the departments' sheets.

Columns carry the names these sheets conventionally use (序号, 指标, 目标值, 完成时限, 牵头单位, 配合单位 …).
Every figure is a number a spreadsheet can sum and sort: 目标值, 基期值, 最新值 and one column per reporting
year of observations are in the target's tracking unit, named in the 单位 column (number format `0`, `0.0` …
as the value needs); the comparator (≥ ≤ =, 比2020年下降 for a relative target) has its own column; 完成率 is a
percentage (`0.0%`), 进度比 a ratio (`0.00`), 完成时限 a date. Last a person's review (审核: 未审核 for machine
output nobody has checked). Every sheet prints landscape on A4, fitted to the page width, its header row
repeated; data sheets have frozen panes under the header and after the indicator, and an auto-filter.

Text that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return) is written
as text and marked so (formula injection): plan text and department names come from files anyone can upload.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import Any

from openpyxl.cell import Cell
from openpyxl.styles import PatternFill
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from greentrack.ledger.records import REVIEW_LABELS
from greentrack.ledger.safe_cells import xlsx_text
from greentrack.ledger.series import RUNNING
from greentrack.ledger.status import StatusRow
from greentrack.reports import cells
from greentrack.reports.labels import status_word

# kinds of cell: how a column's values are written and formatted
TEXT, INTEGER, FIGURE, PERCENT, RATIO, DAY, STATUS = "text", "integer", "figure", "percent", "ratio", "date", "status"
FORMATS = {INTEGER: "0", PERCENT: "0.0%", RATIO: "0.00", DAY: 'yyyy"年"m"月"d"日"'}


@dataclass(frozen=True)
class Column:
    """A data column: heading, width in characters, whether its text wraps, and the kind of its cells."""

    heading: str
    width: int
    wrap: bool = False
    kind: str = TEXT


BEFORE_YEARS: tuple[Column, ...] = (
    Column("序号", 6, kind=INTEGER), Column("指标", 26, True), Column("比较", 8), Column("目标值", 10, kind=FIGURE),
    Column("单位", 8), Column("基期值", 10, kind=FIGURE), Column("基期年", 7, kind=INTEGER),
    Column("最新值", 10, kind=FIGURE), Column("最新年", 7, kind=INTEGER),
)
AFTER_YEARS: tuple[Column, ...] = (
    Column("完成率", 9, kind=PERCENT), Column("进度比", 8, kind=RATIO), Column("完成时限", 14, kind=DAY),
    Column("牵头单位", 24, True), Column("配合单位", 28, True), Column("进展状态", 11, kind=STATUS),
    Column("审核", 8), Column("备注", 30, True), Column("原文", 56, True), Column("来源文件", 34, True),
    Column("辖区", 10), Column("台账编号", 9, kind=INTEGER),
)
YEAR_WIDTH = 9
DEPARTMENT_COLUMN = Column("部门", 24, True)
SUMMARY_SHEET = "汇总 summary"
LEDGER_SHEET = "台账 ledger"
DEPARTMENTS_SHEET = "部门清单 departments"
UNASSIGNED = "未分配部门"
DEPARTMENT_SHEETS_AT_MOST = 60  # above this many departments, one 部门清单 sheet with a 部门 column instead
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")


def year_heading(year: int) -> str:
    """The heading of a reporting year's column (2024年)."""
    return f"{year}年"


def columns(years: Sequence[int], department: bool = False) -> tuple[Column, ...]:
    """The data columns of a sheet with these reporting years (and a leading 部门 column on the 部门清单 sheet)."""
    yearly = tuple(Column(year_heading(y), YEAR_WIDTH, kind=FIGURE) for y in years)
    return ((DEPARTMENT_COLUMN,) if department else ()) + BEFORE_YEARS + yearly + AFTER_YEARS


def headings(years: Sequence[int] = (), department: bool = False) -> list[str]:
    """The header row of a data sheet."""
    return [c.heading for c in columns(years, department)]


HEADINGS = tuple(headings())  # the headings of a ledger without observations


@dataclass(frozen=True)
class RowCells:
    """One target's cells: those before and after the year columns, and its value in each reporting year."""

    before: list[Any]
    years: dict[int, float]
    after: list[Any]

    def values(self, number: int, years: Sequence[int]) -> list[Any]:
        """The row's values under `number` (序号) with a cell per year of `years` (None where not reported)."""
        return [number, *self.before, *(self.years.get(y) for y in years), *self.after]


def comparator_text(row: StatusRow) -> str:
    """The comparator: ≥ ≤ = < >, or 比2020年下降 / 提高 for a change from a reference year."""
    target = row.record.target
    if target.kind == "change":
        return f"比{target.reference_year or '基期'}年{'下降' if target.value < 0 else '提高'}"
    if target.comparator == "=":
        return "="
    return cells.COMPARATOR_TEXT.get(target.comparator, target.comparator)


def yearly_values(row: StatusRow) -> dict[int, float]:
    """The values reported for the target by year in its tracking unit (a year's last one), as reported: a
    running total (累计) stays one, though the track stage reads each period's addition."""
    observations = row.tracked.observations  # converted already, in period order
    values = [o.value for o in observations]
    if row.record.reporting_rule == RUNNING:
        values = list(accumulate(values))  # the additions summed back to the totals reported
    return {o.period.year: value for o, value in zip(observations, values, strict=True)}


def row_cells(row: StatusRow, warning: str | None) -> RowCells:
    """One target's cells (numbers as numbers), without 序号."""
    record, tracked, assessment = row.record, row.tracked.target, row.assessment
    value: float | Percent = tracked.value
    if record.target.kind == "change":  # the change's size; the 单位 column is the levels' (基期值, 最新值 …)
        value = Percent(abs(tracked.value) / 100) if record.target.unit == "%" else abs(tracked.value)
    baseline = assessment.baseline_value if assessment.baseline_value is not None else tracked.baseline_value
    baseline_year = assessment.baseline_period.year if assessment.baseline_period else record.target.baseline_year
    latest_year = assessment.latest_period.year if assessment.latest_period else None
    before = [record.target.indicator, comparator_text(row), value, tracked.unit or None, baseline, baseline_year,
              assessment.latest_value, latest_year]
    after = [assessment.completion, assessment.ratio, assessment.due, cells.leads_text(row),
             cells.supports_text(row), status_word(row.assessment.status), REVIEW_LABELS[record.review.state][0],
             cells.remarks(row, warning), record.target.quote, cells.source_text(row),
             record.jurisdiction_name or cells.NONE, record.id]
    return RowCells(before, yearly_values(row), after)


class Percent(float):
    """A share written as a percentage (0.15 shown as 15%): the size of a change target, whose 单位 column names
    the unit of its levels instead."""


@lru_cache(maxsize=4096)
def figure_format(value: float) -> str:
    """The number format a figure needs: `0` for a whole number, else as many decimals as it has (at most 4)."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return "0" if decimals == 0 else "0." + "0" * decimals


def cell_format(kind: str, value: Any) -> str | None:
    """The number format of a cell of `kind` holding `value` (None: the default)."""
    if value is None or isinstance(value, str):
        return None
    if kind == FIGURE:
        if isinstance(value, Percent):
            return "0%" if figure_format(float(value) * 100) == "0" else "0.0#%"
        return figure_format(float(value))
    return FORMATS.get(kind)


def fit_to_page(sheet: Any) -> None:
    """Ask for the page fitting `print_setup` sets (a write-only sheet: before its first row is appended)."""
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def print_setup(sheet: Any, title_rows: str | None = "1:1") -> None:
    """Landscape A4, fitted to the page width (as many pages down as it takes), the header row on every page."""
    fit_to_page(sheet)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    if title_rows:
        sheet.print_title_rows = title_rows


def put(sheet: Any, row: int, column: int, value: Any) -> Cell:
    """Write one cell; a text starting with = + - @ (or a tab/return) is stored as text, quote-prefixed."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    xlsx_text(cell)  # openpyxl would otherwise store a leading = as a formula; quote-prefixed, Excel keeps it text
    return cell


def sheet_title(name: str, taken: set[str]) -> str:
    """A worksheet name Excel accepts (31 characters, none of []:*?/\\), unique in the workbook."""
    base = _BAD_SHEET_CHARS.sub("_", name).strip("'") or "部门"
    title, suffix = base[:31], 2
    while title.lower() in taken:
        tail = f"({suffix})"
        title, suffix = base[:31 - len(tail)] + tail, suffix + 1
    taken.add(title.lower())
    return title


@dataclass(frozen=True)
class DepartmentRows:
    """A department's sheet: its name, the place it belongs to, and the current targets it answers for."""

    name: str
    place: str | None
    rows: tuple[StatusRow, ...]
