"""The 台账's data rows, written as XML text (`xlsx_rows`), hold the cells openpyxl's own cell writer writes from
the same values and styles: value, type, number format, font, fill, alignment and quote prefix, cell by cell,
and the same sheet XML (up to the spelling of an empty element). Held on the demo ledger's whole export (the
department sheets, and the one 部门清单 sheet) and on a row of awkward values (formula-like text, outer spaces,
markup characters, a carriage return, an error code, empty text, big and small numbers, a share, a date).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from lxml import etree
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils.exceptions import IllegalCharacterError

from greentrack.ledger.db import Ledger
from greentrack.ledger.safe_cells import risky, xlsx_text
from greentrack.reports import xlsx_stream
from greentrack.reports.xlsx import DAY, FIGURE, INTEGER, PERCENT, STATUS, TEXT, Column, Percent
from greentrack.reports.xlsx_rows import RowXml, writing_rows
from greentrack.reports.xlsx_stream import _new_sheet, _Styles
from greentrack.services.reports import export_ledger

from .conftest import AS_OF


def openpyxl_rows(sheet: Any, rows: RowXml) -> None:
    """The reference: the same appended (values, status) written as openpyxl cells by openpyxl's cell writer
    (the 台账's path before `xlsx_rows`)."""

    def to_row(item: tuple[Sequence[Any], str | None], number: int) -> list[Any]:
        values, status = item
        keys = [("header",)] * len(values) if status is None else rows.keys(values, status)
        cells = []
        for column, (value, key) in enumerate(zip(values, keys, strict=True), 1):
            cell = WriteOnlyCell(sheet, float(value) if type(value) is Percent else value)
            cell._style = rows.styles.style(sheet, key)
            if risky(value):
                xlsx_text(cell)
            cell.column, cell.row = column, number
            cells.append(cell)
        return cells

    sheet._values_to_row = to_row


def _cells(book: Any) -> dict[str, list[tuple[Any, ...]]]:
    return {name: [tuple((c.coordinate, c.value, c.data_type, c.number_format, c.font.b, c.font.color and
                          c.font.color.rgb, c.fill.fgColor.rgb, c.alignment.wrap_text, c.alignment.vertical,
                          c.alignment.horizontal, c.quotePrefix) for c in row) for row in book[name].iter_rows()]
            for name in book.sheetnames}


def _sheets_xml(data: bytes) -> dict[str, bytes]:
    """Each worksheet's XML, canonical (C14N: `<c/>` and `<c></c>` alike)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: etree.tostring(etree.fromstring(archive.read(name)), method="c14n")
                for name in archive.namelist() if name.startswith("xl/worksheets/")}


def _same_workbooks(written: bytes, reference: bytes) -> None:
    assert _sheets_xml(written) == _sheets_xml(reference)
    found, wanted = _cells(load_workbook(io.BytesIO(written))), _cells(load_workbook(io.BytesIO(reference)))
    assert list(found) == list(wanted)
    for name in wanted:
        assert found[name] == wanted[name], name


@pytest.mark.parametrize("one_departments_sheet", [False, True])
def test_the_export_holds_the_cells_openpyxl_writes(demo: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    one_departments_sheet: bool) -> None:
    if one_departments_sheet:
        monkeypatch.setattr(xlsx_stream, "DEPARTMENT_SHEETS_AT_MOST", 5)
    written = export_ledger(demo, "xlsx", tmp_path / "written.xlsx", AS_OF).read_bytes()
    monkeypatch.setattr(xlsx_stream, "writing_rows", openpyxl_rows)
    reference = export_ledger(demo, "xlsx", tmp_path / "reference.xlsx", AS_OF).read_bytes()
    assert len(load_workbook(io.BytesIO(written))[xlsx_stream.LEDGER_SHEET]["A"]) > 50
    _same_workbooks(written, reference)


LAYOUT = (Column("序号", 6, kind=INTEGER), *(Column(f"文本{n}", 20, wrap=n % 2 == 0) for n in range(11)),
          *(Column(f"数{n}", 10, kind=FIGURE) for n in range(7)), Column("完成率", 9, kind=PERCENT),
          Column("完成时限", 14, kind=DAY), Column("进展状态", 11, kind=STATUS), Column("备注", 30, True, TEXT))
AWKWARD = [1, "=SUM(A1:A3)", "+86", "-", "@home", "\tindented", " padded ", "a&b<c>d\"e'", "line\r\nbreak", "#N/A",
           "", None, 0.1 + 0.2, 1e20, 12345678901234567, Percent(0.155), Percent(0.2), np.float64(2.5), True, 0.125,
           date(2025, 12, 31), "进度滞后", "=", ]


def _sheet_of(rows_of: Any, values: list[Any]) -> bytes:
    book = Workbook(write_only=True)
    sheet = _new_sheet(book, "台账 ledger")
    styles = _Styles()
    rows_of(sheet, RowXml(sheet, LAYOUT, styles))
    sheet.append(([column.heading for column in LAYOUT], None))
    sheet.append((values, "lagging"))
    sheet.append(([2, *values[1:-1], "plain"], "on_track"))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_awkward_values_are_written_as_openpyxl_writes_them() -> None:
    assert len(AWKWARD) == len(LAYOUT)
    written, reference = _sheet_of(writing_rows, AWKWARD), _sheet_of(openpyxl_rows, AWKWARD)
    _same_workbooks(written, reference)
    row = load_workbook(io.BytesIO(written))["台账 ledger"][2]
    assert (row[1].value, row[1].data_type, row[1].quotePrefix) == ("=SUM(A1:A3)", "s", True)
    assert (row[8].value, row[9].data_type) == ("line\r\nbreak", "e")
    assert row[20].is_date and row[20].value.date() == date(2025, 12, 31)


def test_text_a_worksheet_cannot_hold_is_refused_as_openpyxl_refuses_it() -> None:
    with pytest.raises(IllegalCharacterError):
        _sheet_of(writing_rows, [*AWKWARD[:-1], "bell\x07"])
