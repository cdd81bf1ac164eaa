"""A data sheet's rows written into openpyxl's write-only stream without a cell object per value.

openpyxl writes a cell by making an object, reading its value's type, looking its style up in the workbook
and emitting four nested XML elements through lxml, each a Python call: most of a national 台账's time went
there. Here a row is made as XML text, parsed by lxml into one element and handed to the sheet's stream (its
`write_row` replaced: `writing_rows`), so the sheet holds what openpyxl would have written — the same
elements, attributes and text (an empty cell `<c …/>` for its `<c …></c>`, the same XML) — cell for cell:

- a value's type as openpyxl's `Cell._bind_value` reads it: a number `n`, a bool `b`, a date a number
  (days since 1899-12-30, its epoch), text inline (`inlineStr`, `xml:space="preserve"` when it has outer
  spaces; truncated at 32,767 characters; control characters refused as openpyxl refuses them), an Excel
  error code (#N/A …) `e`, a text starting with = (formula injection) text quote-prefixed (`xlsx_text`);
- a style's id is the workbook's own, taken when the first cell of that style is written, as openpyxl takes
  it, so styles.xml lists the same styles in the same order.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol

from lxml import etree
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.compat.numbers import NUMERIC_TYPES
from openpyxl.compat.strings import safe_string
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.utils.exceptions import IllegalCharacterError

from greentrack.ledger.safe_cells import risky
from greentrack.reports.xlsx import STATUS, Column, cell_format

MAX_TEXT = 32_767  # characters a cell holds; openpyxl cuts longer text there
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})  # \r survives the parse


class StyleMaker(Protocol):
    """Makes (once) the style array of a kind of cell: ("data", wrap, number format), ("status", code) …"""

    def style(self, sheet: Any, key: tuple[Any, ...]) -> Any: ...


class RowXml:
    """The rows of one data sheet (its columns `layout`) as lxml elements ready for the sheet's stream."""

    def __init__(self, sheet: Any, layout: Sequence[Column], styles: StyleMaker) -> None:
        self.sheet, self.layout, self.styles = sheet, tuple(layout), styles
        self.book = sheet.parent
        self.letters = [get_column_letter(number) for number in range(1, len(self.layout) + 1)]
        self._attributes: dict[tuple[Any, ...], str] = {}  # (style key, quoted) → ' s="7"' ('' when unstyled)

    def header(self, headings: Sequence[str]) -> Any:
        """Row 1: the headings in the header style."""
        return self._row(1, headings, [("header",)] * len(headings))

    def row(self, number: int, values: Sequence[Any], status: str) -> Any:
        """Sheet row `number`: `values` under the layout's columns, styled as their kind and value need (the
        status cell in its status's colour)."""
        return self._row(number, values, self.keys(values, status))

    def keys(self, values: Sequence[Any], status: str) -> list[tuple[Any, ...]]:
        """The style key of each cell of a data row."""
        return [("status", status) if column.kind == STATUS else ("data", column.wrap, cell_format(column.kind, value))
                for column, value in zip(self.layout, values, strict=True)]

    def _row(self, number: int, values: Sequence[Any], keys: Sequence[tuple[Any, ...]]) -> Any:
        parts = [f'<row r="{number}">']
        attributes = self._attributes
        for letter, value, key in zip(self.letters, values, keys, strict=True):
            quoted = risky(value)
            styled = attributes.get((key, quoted))
            if styled is None:
                styled = self._style_attribute(key, quoted)
            parts.append(self._cell(f"{letter}{number}", styled, value, quoted))
        parts.append("</row>")
        return etree.fromstring("".join(parts))

    def _style_attribute(self, key: tuple[Any, ...], quoted: bool) -> str:
        """The s="…" of a style, registered in the workbook as the first cell of it is written."""
        style = self.styles.style(self.sheet, key)  # a copy
        if quoted:
            style.quotePrefix = True  # stays text when edited in Excel (`xlsx_text`)
        found = f' s="{self.book._cell_styles.add(style)}"' if any(style) else ""
        self._attributes[(key, quoted)] = found
        return found

    def _cell(self, where: str, styled: str, value: Any, quoted: bool) -> str:
        if value is None:
            return f'<c r="{where}"{styled} t="n"/>' if styled else ""
        kind = type(value)
        if kind is str or isinstance(value, str):
            return _text_cell(where, styled, str(value), quoted)
        if kind is float or kind is int:
            return f'<c r="{where}"{styled} t="n"><v>{safe_string(value)}</v></c>'
        if kind is bool:
            return f'<c r="{where}"{styled} t="b"><v>{safe_string(value)}</v></c>'
        if isinstance(value, NUMERIC_TYPES):
            return f'<c r="{where}"{styled} t="n"><v>{safe_string(value)}</v></c>'
        if isinstance(value, date):  # days since the workbook's epoch, as openpyxl writes a date (no iso_dates)
            return f'<c r="{where}"{styled} t="n"><v>{safe_string(to_excel(value, self.book.epoch))}</v></c>'
        raise ValueError(f"Cannot convert {value!r} to Excel")


def _text_cell(where: str, styled: str, value: str, quoted: bool) -> str:
    value = value[:MAX_TEXT]
    if ILLEGAL_CHARACTERS_RE.search(value):
        raise IllegalCharacterError(f"{value} cannot be used in worksheets.")
    if not quoted and value in ERROR_CODES:
        return f'<c r="{where}"{styled} t="e"><v>{value.translate(_ESCAPES)}</v></c>'
    if value == "":
        return f'<c r="{where}"{styled} t="inlineStr"/>'
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f'<c r="{where}"{styled} t="inlineStr"><is><t{space}>{value.translate(_ESCAPES)}</t></is></c>'


def writing_rows(sheet: Any, rows: RowXml) -> None:
    """Let `sheet` (write-only, nothing appended yet) take appended (values, status) tuples — (headings, None)
    for the header — and write them as `rows` makes them."""
    sheet._get_writer()  # its top (columns, panes, page setup) is written now, as at a first append
    sheet._writer.write_row = lambda xf, element, number: xf.write(element)

    def to_row(item: tuple[Sequence[Any], str | None], number: int) -> Any:
        values, status = item
        return rows.header(values) if status is None else rows.row(number, values, status)

    sheet._values_to_row = to_row
