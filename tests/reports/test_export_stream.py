"""Exports written page by page: the same workbook, csv and json as the whole-report writers, and the pages are
read one after the other (never the whole ledger at once)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from greentrack.ledger.db import Ledger
from greentrack.reports.export import render
from greentrack.reports.xlsx import DepartmentRows
from greentrack.reports.xlsx_stream import ledger_workbook as whole_workbook
from greentrack.services import status as status_service
from greentrack.services.departments import department_summaries
from greentrack.services.reports import export_ledger
from greentrack.services.status import UNASSIGNED, ledger_status

from .conftest import AS_OF


def _cells(book: object) -> dict[str, list[tuple[object, ...]]]:
    return {name: [tuple((c.value, c.fill.fgColor.rgb, c.font.b, c.alignment.wrap_text, c.quotePrefix) for c in row)
                   for row in book[name].iter_rows()] for name in book.sheetnames}  # type: ignore[index]


def test_the_streamed_workbook_is_the_whole_report_workbook(demo: Ledger, tmp_path: Path) -> None:
    report = ledger_status(demo, AS_OF)
    sheets = [DepartmentRows(s.department.name, s.jurisdiction_name, s.rows) for s in department_summaries(demo, AS_OF)]
    sheets.append(DepartmentRows(UNASSIGNED, None, tuple(r for r in report.rows if not r.record.departments)))
    expected = load_workbook(io.BytesIO(whole_workbook(report, sheets)))
    written = load_workbook(export_ledger(demo, "xlsx", tmp_path / "台账.xlsx", AS_OF))
    assert written.sheetnames == expected.sheetnames
    found, wanted = _cells(written), _cells(expected)
    for name in expected.sheetnames:
        assert found[name] == wanted[name], name
        assert written[name].freeze_panes == expected[name].freeze_panes
        assert written[name].auto_filter.ref == expected[name].auto_filter.ref


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_streamed_csv_and_json_are_the_rendered_bytes(demo: Ledger, tmp_path: Path, fmt: str) -> None:
    out = export_ledger(demo, fmt, tmp_path / f"ledger.{fmt}", AS_OF)
    assert out.read_bytes() == render(ledger_status(demo, AS_OF), fmt)
    if fmt == "json":
        assert len(json.loads(out.read_bytes())["targets"]) == 124


@pytest.mark.parametrize("spool", [16 * 1024 * 1024, 64], ids=["in-memory", "spilled-to-disk"])
def test_json_learns_illustrative_from_its_rows(demo: Ledger, spool: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The json head says 示例数据 before the rows: with the flag left to the rows, they go to a spool first."""
    from greentrack.reports import export

    monkeypatch.setattr(export, "SPOOL_BYTES", spool)
    report = ledger_status(demo, AS_OF)
    for rows, expected in ((report.rows, True), (tuple(r for r in report.rows if not r.illustrative), False)):
        out = io.BytesIO()
        export.write_streamed([rows[:50], rows[50:]], "json", out, AS_OF, None)
        parsed = json.loads(out.getvalue())
        assert parsed["illustrative"] is expected and len(parsed["targets"]) == len(rows)
        flagged = io.BytesIO()
        export.write_streamed([rows], "json", flagged, AS_OF, expected)
        assert out.getvalue() == flagged.getvalue()


def test_pages_are_read_one_at_a_time(demo: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With pages of 10 rows the export reads 13 pages, each of at most 10 targets, in ledger order."""
    read: list[list[int]] = []
    original = status_service.target_rows

    def spy(ledger: Ledger, ids: list[int], as_of: object) -> object:
        read.append(list(ids))
        return original(ledger, ids, as_of)  # type: ignore[arg-type]

    monkeypatch.setattr(status_service, "target_rows", spy)
    monkeypatch.setattr(status_service, "PAGE", 10)
    monkeypatch.setattr(status_service.StatusPages.pages, "__defaults__", (10,))
    out = export_ledger(demo, "csv", tmp_path / "ledger.csv", AS_OF)
    assert [len(page) for page in read] == [10] * 12 + [4]
    assert [i for page in read for i in page] == [r.record.id for r in ledger_status(demo, AS_OF).rows]
    assert out.read_bytes() == render(ledger_status(demo, AS_OF), "csv")


def test_a_failed_export_leaves_nothing(demo: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object, **__: object) -> object:
        raise RuntimeError("the ledger went away")

    monkeypatch.setattr(status_service, "target_rows", broken)
    with pytest.raises(RuntimeError):
        export_ledger(demo, "xlsx", tmp_path / "台账.xlsx", AS_OF)
    assert list(tmp_path.iterdir()) == []
