"""Cells a spreadsheet must not run: text starting with = + - @ (or a tab or carriage return) is a formula to
Excel and LibreOffice, so a plan or department name such as `=HYPERLINK(…)` could act when an export is opened
(CSV/formula injection). CSV cells get a leading apostrophe, which spreadsheets read as "this is text"; xlsx
cells are stored as text with the quote-prefix flag. Numbers are numbers and pass untouched.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def risky(value: Any) -> bool:
    """Whether a spreadsheet would read `value` as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """A CSV cell that no spreadsheet runs: risky text prefixed with an apostrophe, anything else as it is."""
    return "'" + value if risky(value) else value


def xlsx_text(cell: Any) -> None:
    """Keep an openpyxl cell holding risky text as text (never a formula), also when it is edited in Excel."""
    if risky(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
