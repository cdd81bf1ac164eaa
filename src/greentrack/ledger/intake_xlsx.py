"""An .xlsx reporting sheet read as a stream, within hard caps, in one pass.

openpyxl's ordinary mode builds every cell between A1 and the last one in memory: a 5 KB file whose one cell
sits at XFD1048576 asks for 17 billion. Here the workbook is opened read-only (cells are parsed as the sheet's
XML streams past) and each limit is checked before the work it bounds: the zip's declared sizes
(`read/zipguard.py`, also `max_xml_mb` per part), the sheet's declared dimension and shared-string count, and
then — because a file may lie about both — every row and cell as it arrives. Each refusal names the setting.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from greentrack import config
from greentrack.errors import CorruptDocument, OverLimit
from greentrack.read.zipguard import check_archive

ROW_TAG, CELL_TAG, FORMULA_TAG = f"{{{SHEET_MAIN_NS}}}row", f"{{{SHEET_MAIN_NS}}}c", f"{{{SHEET_MAIN_NS}}}f"
SHARED_STRINGS = "xl/sharedStrings.xml"
MAX_SHEETS_SCANNED = 20  # sheets whose first rows are searched for the header
# a grid is rows of (value, number format) pairs, in file order, row 1 first
Grid = list[list[tuple[Any, str]]]
Row = list[tuple[Any, str, str | None]]  # (value, number format, formula or None) per column, from column A


class Limits:
    """The caps in force (settings read once per sheet)."""

    def __init__(self) -> None:
        self.rows = int(config.get("max_sheet_rows"))
        self.columns = int(config.get("max_sheet_columns"))
        self.cells = int(config.get("max_sheet_cells"))

    def refuse(self, path: Path, what: str, setting: str, limit: int) -> OverLimit:
        return OverLimit(path, f"{what}, over the limit of {limit:,} (setting {setting}, "
                               f"GREENTRACK_{setting.upper()}); refused before reading on — a reporting sheet holds "
                               "one row per target: split the file or remove what lies outside the table")


def xlsx_grid(path: Path, header_scan: int, is_header: Any) -> tuple[Grid, dict[tuple[int, int], str]]:
    """The cells of the sheet to import, and the formulas with no saved result by (row, column), 0-based.

    The sheet is the first whose title starts with 填报, else the first whose first `header_scan` rows hold a
    header (`is_header(rows)`), else the first.
    """
    check_archive(path, ".xlsx")  # before openpyxl unpacks anything: a small file may expand to gigabytes
    limits = Limits()
    _check_shared_strings(path, limits)
    book = _workbook(path)
    try:
        sheet = _choose(path, book, header_scan, is_header, limits)
        grid: Grid = []
        uncomputed: dict[tuple[int, int], str] = {}
        for number, row in _rows(path, sheet, limits):
            while len(grid) < number - 1:
                grid.append([])
            grid.append([(value, fmt) for value, fmt, _ in row])
            uncomputed.update({(number - 1, c): formula for c, (value, _, formula) in enumerate(row)
                               if formula is not None and value is None})
        return grid, uncomputed
    finally:
        book.close()


def _workbook(path: Path) -> Any:
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, ParseError) as exc:
        raise CorruptDocument(path, f"not a readable .xlsx workbook ({exc.__class__.__name__})") from exc


def _check_shared_strings(path: Path, limits: Limits) -> None:
    """OverLimit when the shared-string table declares more strings than a sheet may have cells: openpyxl
    loads the whole table before the first row (its bytes are bounded by `max_xml_mb` already)."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open(SHARED_STRINGS) as source:
            for _event, element in iterparse(source, events=("start",)):
                declared = element.get("uniqueCount") or element.get("count") or "0"
                break
            else:
                return
    except (zipfile.BadZipFile, KeyError, OSError, ParseError):
        return  # no table (or no zip): openpyxl's own reading says what is wrong, if anything
    if declared.isdigit() and int(declared) > limits.cells:
        raise limits.refuse(path, f".xlsx declares {int(declared):,} shared strings", "max_sheet_cells",
                            limits.cells)


def _choose(path: Path, book: Any, header_scan: int, is_header: Any, limits: Limits) -> Any:
    sheets = book.worksheets
    if not sheets:
        raise CorruptDocument(path, "not a readable .xlsx workbook (no worksheet)")
    named = next((ws for ws in sheets if ws.title.startswith("填报")), None)
    if named is not None:
        return named
    for ws in sheets[:MAX_SHEETS_SCANNED]:
        rows: list[list[object]] = []
        for number, row in _rows(path, ws, limits, stop_after=header_scan):
            rows.extend([] for _ in range(number - 1 - len(rows)))
            rows.append([value for value, _, _ in row])
        if is_header(rows):
            return ws
    return sheets[0]


def _rows(path: Path, sheet: Any, limits: Limits, stop_after: int | None = None) -> Iterator[tuple[int, Row]]:
    """(row number, its cells from column A) for each row that has a cell, streamed; OverLimit on a cap."""
    _check_dimension(path, sheet, limits)
    book = sheet.parent
    parser = WorkSheetParser(None, sheet._shared_strings, data_only=True, epoch=book.epoch,
                             date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
    spanned = 0
    try:
        with sheet._get_source() as source:
            container = None
            cells: list[tuple[int, tuple[Any, str, str | None]]] = []
            for event, element in iterparse(source, events=("start", "end")):
                if element.tag != ROW_TAG and element.tag != CELL_TAG:
                    if event == "start" and element.tag.endswith("}sheetData"):
                        container = element
                    continue
                if element.tag == ROW_TAG and event == "start":
                    _start_row(parser, element)
                    if parser.row_counter > limits.rows:
                        raise limits.refuse(path, f"sheet “{sheet.title}” has a row numbered {parser.row_counter:,}",
                                            "max_sheet_rows", limits.rows)
                    if stop_after is not None and parser.row_counter > stop_after:
                        return
                    cells = []
                elif element.tag == CELL_TAG and event == "end":
                    cells.append(_cell(path, sheet, parser, element, limits))
                    element.clear()
                elif element.tag == ROW_TAG and event == "end":
                    if cells:
                        width = max(column for column, _ in cells)
                        spanned += width
                        if spanned > limits.cells:
                            raise limits.refuse(path, f"sheet “{sheet.title}” spans more than {limits.cells:,} "
                                                      "cells (each row counted to its last cell)",
                                                "max_sheet_cells", limits.cells)
                        yield parser.row_counter, _padded(cells, width)
                    if container is not None:
                        container.remove(element)  # the tree keeps nothing of rows already read
    except ParseError as exc:
        raise CorruptDocument(path, f"not a readable .xlsx workbook (sheet “{sheet.title}”: {exc})") from exc


def _check_dimension(path: Path, sheet: Any, limits: Limits) -> None:
    """OverLimit when the sheet's declared range (`<dimension ref="A1:XFD1048576">`) is past a cap."""
    if sheet.max_row is not None and sheet.max_row > limits.rows:
        raise limits.refuse(path, f"sheet “{sheet.title}” declares {sheet.max_row:,} rows", "max_sheet_rows",
                            limits.rows)
    if sheet.max_column is not None and sheet.max_column > limits.columns:
        raise limits.refuse(path, f"sheet “{sheet.title}” declares {sheet.max_column:,} columns (to column "
                                  f"{get_column_letter(min(sheet.max_column, 18278))})", "max_sheet_columns",
                            limits.columns)


def _start_row(parser: WorkSheetParser, element: Any) -> None:
    written = element.get("r")
    parser.row_counter = int(written) if written and written.isdigit() else parser.row_counter + 1
    parser.col_counter = 0


def _cell(path: Path, sheet: Any, parser: WorkSheetParser, element: Any,
          limits: Limits) -> tuple[int, tuple[Any, str, str | None]]:
    try:
        found = parser.parse_cell(element)
    except (ValueError, IndexError, KeyError, TypeError) as exc:  # a shared-string index past the table …
        raise CorruptDocument(path, f"not a readable .xlsx workbook (cell {element.get('r') or '?'} of sheet "
                                    f"“{sheet.title}”: {exc.__class__.__name__})") from exc
    column = found["column"]
    if column > limits.columns:
        raise limits.refuse(path, f"sheet “{sheet.title}” has a cell in column {get_column_letter(min(column, 18278))}"
                                  f" (column {column:,})", "max_sheet_columns", limits.columns)
    fmt = ReadOnlyCell(sheet, found["row"], column, None, "n", found["style_id"]).number_format
    formula = element.find(FORMULA_TAG)
    return column, (found["value"], fmt or "General", None if formula is None else f"={formula.text or ''}")


def _padded(cells: list[tuple[int, tuple[Any, str, str | None]]], width: int) -> Row:
    row: Row = [(None, "General", None)] * width
    for column, cell in cells:
        row[column - 1] = cell
    return row
