"""Reporting sheets read into rows of named cells: .xlsx (the template or any sheet) and .csv (UTF-8 or GBK).

Headers may be Chinese, English or both (“数值 value”); columns the intake does not know (the
template's 指标, 目标值 …) are ignored. A header problem is reported like a cell problem, so a
wrong sheet fails with every reason at once.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from greentrack import config
from greentrack.errors import CorruptDocument, DocumentNotFound, FileTooLarge, UnsupportedFormat
from greentrack.ledger.intake_records import RowProblem
from greentrack.ledger.intake_xlsx import Grid, xlsx_grid
from greentrack.read.charsets import decode_bytes

SUFFIXES = (".xlsx", ".xlsm", ".csv")
HEADER_SCAN_ROWS = 10  # a header may sit under a title line or two
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell: anything longer was not typed by a reporter

# field -> (Chinese names, English names folded to lower-case letters and digits)
COLUMNS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "target_id": (frozenset({"目标编号", "编号", "目标"}), frozenset({"targetid", "id"})),
    "period": (frozenset({"期间", "报告期", "统计期", "填报期间", "年份", "年度"}), frozenset({"period", "year"})),
    "value": (frozenset({"数值", "完成值", "实际值", "填报值", "监测值"}),
              frozenset({"value", "actual", "actualvalue"})),
    "unit": (frozenset({"单位", "计量单位"}), frozenset({"unit"})),
    "source": (frozenset({"来源", "数据来源"}), frozenset({"source", "datasource"})),
    "note": (frozenset({"备注", "说明"}), frozenset({"note", "notes", "remark", "remarks", "comment"})),
}
REQUIRED_COLUMNS = ("target_id", "period", "value", "unit", "source")
LABELS = {"target_id": "目标编号 target id", "period": "期间 period", "value": "数值 value", "unit": "单位 unit",
          "source": "来源 source", "note": "备注 note"}
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_LATIN = re.compile(r"[a-z0-9]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab and line breaks are text


@dataclass(frozen=True)
class UncomputedFormula:
    """A formula cell with no saved result: its value is unknown until Excel computes and saves it."""

    formula: str

    def __str__(self) -> str:
        return self.formula


@dataclass(frozen=True)
class Cell:
    """One cell of a row: its value as the file holds it, where it is, and its number format (xlsx)."""

    value: Any
    column: str
    header: str
    number_format: str = "General"


@dataclass(frozen=True)
class SheetRow:
    """A data row: its number as a spreadsheet shows it, and its cells by field (absent fields are blank)."""

    number: int
    cells: dict[str, Cell]

    def cell(self, field: str) -> Cell:
        """The row's cell for `field`; a blank cell where the sheet has no such column."""
        return self.cells.get(field) or Cell(None, "", LABELS[field])


@dataclass(frozen=True)
class Sheet:
    """The rows of a reporting sheet, with any problem of its header."""

    file: str
    rows: tuple[SheetRow, ...]
    problems: tuple[RowProblem, ...]


def header_field(header: object) -> str | None:
    """The intake field a header cell names (“数值 value”, “Value”, “数据来源”), or None."""
    text = unicodedata.normalize("NFKC", str(header or "")).lower()
    chinese = "".join(_CJK.findall(text))
    latin = "".join(_LATIN.findall(text))
    if chinese:  # a bilingual header is known by its Chinese: 目标值 target is not the target id
        return next((field for field, (zh, _) in COLUMNS.items() if chinese in zh), None)
    for field, (_, en) in COLUMNS.items():
        if latin and latin in en:
            return field
    return None


def read_sheet(path: str | Path) -> Sheet:
    """The rows of a reporting sheet (.xlsx or .csv); an unreadable file raises a ReadError naming it."""
    path = Path(path)
    if not path.is_file():
        raise DocumentNotFound(path, "no such file")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        hint = "save it as .xlsx" if suffix == ".xls" else "use .xlsx or .csv"
        raise UnsupportedFormat(path, f"a reporting sheet must be .xlsx or .csv — {hint}")
    limit = float(config.get("max_file_mb"))
    if path.stat().st_size > limit * 1024 * 1024:
        raise FileTooLarge(path, f"larger than {limit:g} MB (setting max_file_mb)")
    grid = _csv_grid(path) if suffix == ".csv" else _xlsx_grid(path)
    return _sheet(path.name, grid)




def _csv_grid(path: Path) -> Grid:
    text, _ = decode_bytes(path.read_bytes(), path)
    reader = csv.reader(io.StringIO(text))
    try:
        return [[(value, "General") for value in record] for record in reader]
    except csv.Error as exc:  # a field past the csv module's limit (131,072 characters), a stray NUL …
        raise CorruptDocument(path, f"line {reader.line_num}: not a readable CSV row ({exc}) — a reporting "
                                    f"sheet's cells hold at most {MAX_CELL_CHARS:,} characters") from exc


def _xlsx_grid(path: Path) -> Grid:
    grid, uncomputed = xlsx_grid(path, HEADER_SCAN_ROWS, lambda rows: _header_index(rows) is not None)
    for (r, c), formula in uncomputed.items():  # a formula whose result was never saved (a file written by a
        grid[r][c] = (UncomputedFormula(formula), grid[r][c][1])  # program, not Excel) reads as empty: say so
    return grid


def _header_index(rows: list[list[object]]) -> int | None:
    """Index of the first row that names a target-id column and at least two other intake columns."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        fields = {header_field(value) for value in row} - {None}
        if "target_id" in fields and len(fields) >= 3:
            return index
    return None


def _sheet(name: str, grid: Grid) -> Sheet:
    index = _header_index([[value for value, _ in row] for row in grid])
    if index is None:
        problem = RowProblem(name, 1, "", "", "找不到表头：需要“目标编号、期间、数值、单位、来源”等列",
                             "no header row with target id, period, value, unit and source columns")
        return Sheet(name, (), (problem,))
    columns, problems = _columns(name, index + 1, [value for value, _ in grid[index]])
    rows = tuple(row for number, values in enumerate(grid[index + 1:], index + 2)
                 if (row := _row(number, values, columns)) is not None)
    if not rows:  # a header and nothing under it: say so rather than report a successful import of nothing
        problems.append(RowProblem(name, index + 2, "", "", "表头下没有任何数据行，没有可导入的内容",
                                   "no data rows under the header; nothing to import"))
    return Sheet(name, rows, (*problems, *_unstorable_cells(name, rows)))


def _unstorable_cells(name: str, rows: tuple[SheetRow, ...]) -> list[RowProblem]:
    """A problem for each text cell longer than Excel allows or holding control characters (NUL cannot even be
    stored in PostgreSQL text), named by row and column."""
    problems = []
    for row in rows:
        for cell in row.cells.values():
            if not isinstance(cell.value, str):
                continue
            if len(cell.value) > MAX_CELL_CHARS:
                problems.append(RowProblem(
                    name, row.number, cell.column, cell.header,
                    f"单元格过长：{len(cell.value):,}个字符，上限{MAX_CELL_CHARS:,}",
                    f"cell of {len(cell.value):,} characters, over the {MAX_CELL_CHARS:,} that Excel allows"))
            elif _CONTROL.search(cell.value):
                problems.append(RowProblem(name, row.number, cell.column, cell.header,
                                           "单元格含有控制字符（如NUL），不是可见文字",
                                           "cell holds control characters (such as NUL), not text"))
    return problems


def _columns(name: str, number: int, header: list[object]) -> tuple[dict[str, tuple[int, str]], list[RowProblem]]:
    columns: dict[str, tuple[int, str]] = {}
    problems: list[RowProblem] = []
    for position, value in enumerate(header):
        field = header_field(value)
        if field is None:
            continue
        letter, text = get_column_letter(position + 1), str(value).strip()
        if field in columns:
            first = columns[field][0]
            problems.append(RowProblem(name, number, letter, text,
                                       f"与{get_column_letter(first + 1)}列重复，都是“{LABELS[field]}”",
                                       f"a second {field} column; keep one"))
            continue
        columns[field] = (position, text)
    for field in REQUIRED_COLUMNS:
        if field not in columns:
            problems.append(RowProblem(name, number, "", LABELS[field], f"缺少“{LABELS[field]}”列",
                                       f"missing column {field}"))
    return columns, problems


def _row(number: int, values: list[tuple[Any, str]], columns: dict[str, tuple[int, str]]) -> SheetRow | None:
    if all(_blank(value) for value, _ in values):
        return None
    cells = {}
    for field, (position, header) in columns.items():
        value, number_format = values[position] if position < len(values) else (None, "General")
        cells[field] = Cell(value, get_column_letter(position + 1), header, number_format or "General")
    return SheetRow(number, cells)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
