"""The Excel 台账 is a workbook people can work in: every figure a number (目标值, 基期值, 最新值, 完成率, 进度比
and one column per reporting year) with its number format and the unit beside it, 完成时限 a date; an export
limited to a place holds only that place's rows and departments, one limited to a department only the targets
it leads or supports and its own sheet; the ledger page's filters give the rows the filtered table shows; above
DEPARTMENT_SHEETS_AT_MOST departments one 部门清单 sheet replaces the department sheets; and every sheet prints
landscape on A4 fitted to the page width with its header row repeated.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from greentrack.errors import Forbidden, UnknownJurisdiction, UsageError
from greentrack.ledger.db import Ledger
from greentrack.ledger.users import principal
from greentrack.reports import xlsx_stream
from greentrack.reports.xlsx import DEPARTMENTS_SHEET, LEDGER_SHEET, SUMMARY_SHEET, UNASSIGNED, figure_format
from greentrack.services.reports import export_bytes, export_ledger
from greentrack.services.status import ledger_status
from greentrack.services.target_query import TargetFilter
from greentrack.services.targets import list_targets

from .conftest import AS_OF

PLACE = "金乡县"
HOUSING = "金乡县住房和城乡建设局"
NUMERIC = ("目标值", "基期值", "最新值", "完成率", "进度比")


def _book(ledger: Ledger, tmp_path: Path, filters: TargetFilter | None = None, name: str = "台账.xlsx"):
    return load_workbook(export_ledger(ledger, "xlsx", tmp_path / name, AS_OF, filters=filters))


def _rows(sheet) -> tuple[list[str], list[tuple]]:
    header, *rows = sheet.iter_rows(values_only=True)
    return list(header), rows


def test_figures_are_numbers_with_formats_and_the_unit_beside_them(demo: Ledger, tmp_path: Path) -> None:
    sheet = _book(demo, tmp_path)[LEDGER_SHEET]
    header, _ = _rows(sheet)
    at = {name: header.index(name) + 1 for name in header}
    report = {row.record.id: row for row in ledger_status(demo, AS_OF).rows}
    years = [h for h in header if h.endswith("年") and h[:4].isdigit()]
    observed = sorted({o.period.year for row in report.values() for o in row.tracked.observations})
    assert years == [f"{y}年" for y in observed] and len(years) >= 4
    checked = changes = 0
    for line in range(2, sheet.max_row + 1):
        row = report[sheet.cell(line, at["台账编号"]).value]
        a, tracked = row.assessment, row.tracked.target
        cell = {name: sheet.cell(line, column) for name, column in at.items()}
        assert cell["单位"].value == (tracked.unit or None) and cell["单位"].data_type in ("s", "n")
        if row.record.target.kind == "change":  # its size as a percentage; 单位 is the unit of its levels
            assert (cell["目标值"].data_type, cell["目标值"].value) == ("n", pytest.approx(abs(tracked.value) / 100))
            assert cell["目标值"].number_format in ("0%", "0.0#%") and cell["比较"].value.startswith("比")
            changes += 1
        else:
            assert (cell["目标值"].data_type, cell["目标值"].value) == ("n", tracked.value)
            assert cell["目标值"].number_format == figure_format(tracked.value)
        if a.completion is None or a.ratio is None or a.latest_value is None or a.due is None:
            continue
        checked += 1
        for name in NUMERIC:
            assert cell[name].data_type == "n" and isinstance(cell[name].value, int | float), (name, row.record.id)
        assert cell["最新值"].value == pytest.approx(a.latest_value) and cell["最新年"].value == a.latest_period.year
        assert cell["完成率"].value == pytest.approx(a.completion) and cell["完成率"].number_format == "0.0%"
        assert cell["进度比"].value == pytest.approx(a.ratio) and cell["进度比"].number_format == "0.00"
        due = datetime.combine(a.due, datetime.min.time())
        assert cell["完成时限"].data_type == "d" and cell["完成时限"].value == due
        assert cell["完成时限"].number_format == 'yyyy"年"m"月"d"日"'
        assert cell["比较"].value in ("≥", "≤", "=", ">", "<") or cell["比较"].value.startswith("比")
        by_year = {o.period.year: o.value for o in sorted(row.tracked.observations, key=lambda o: o.period)}
        for year, value in by_year.items():
            found = cell[f"{year}年"]
            assert (found.data_type, found.value) == ("n", pytest.approx(value)), (row.record.id, year)
            assert found.number_format == figure_format(value)
        for year in set(observed) - set(by_year):
            assert cell[f"{year}年"].value is None
    assert checked >= 20 and changes >= 2  # the demo's 示例数据 assess most targets


def test_the_urbanisation_row_reads_as_the_plan_sets_it(demo: Ledger, tmp_path: Path) -> None:
    header, rows = _rows(_book(demo, tmp_path)[LEDGER_SHEET])
    row = dict(zip(header, next(r for r in rows if r[1] == "常住人口城镇化率" and r[header.index("辖区")] == PLACE),
                   strict=True))
    assert (row["比较"], row["目标值"], row["单位"], row["最新值"], row["最新年"]) == ("≥", 65, "%", 62.1, 2024)
    assert row["2024年"] == 62.1 and row["审核"] == "未审核"


def test_every_sheet_prints_landscape_on_a4_fitted_to_the_width(demo: Ledger, tmp_path: Path) -> None:
    book = _book(demo, tmp_path)
    for name in book.sheetnames:
        sheet = book[name]
        setup = sheet.page_setup
        assert (setup.orientation, int(setup.paperSize), int(setup.fitToWidth), int(setup.fitToHeight)) == (
            "landscape", int(sheet.PAPERSIZE_A4), 1, 0), name
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, name
        if name != SUMMARY_SHEET:
            assert sheet.print_title_rows == "$1:$1" and sheet.freeze_panes == "C2", name
            assert sheet.auto_filter.ref.startswith("A1:"), name


def test_a_county_export_holds_only_its_rows_and_departments(demo: Ledger, tmp_path: Path) -> None:
    book = _book(demo, tmp_path, TargetFilter(jurisdiction=PLACE))
    header, rows = _rows(book[LEDGER_SHEET])
    expected = [r.record.id for r in ledger_status(demo, AS_OF, PLACE).rows]
    assert [r[header.index("台账编号")] for r in rows] == expected and len(expected) < 124
    assert {r[header.index("辖区")] for r in rows} == {PLACE}
    departments = book.sheetnames[2:]
    assert departments and all(PLACE in name or name == UNASSIGNED for name in departments), departments
    assert not any(other in name for name in book.sheetnames for other in ("赤峰市", "平陆县"))
    summary = [r[0] for r in book[SUMMARY_SHEET].iter_rows(values_only=True)]
    assert f"范围 scope：辖区 {PLACE}" in summary


def test_a_department_export_holds_the_targets_it_leads_or_supports(demo: Ledger, tmp_path: Path) -> None:
    book = _book(demo, tmp_path, TargetFilter(department=HOUSING))
    assert book.sheetnames == [SUMMARY_SHEET, LEDGER_SHEET, HOUSING]
    header, rows = _rows(book[LEDGER_SHEET])
    expected = [r.record.id for r in ledger_status(demo, AS_OF, department=HOUSING).rows]
    assert [r[header.index("台账编号")] for r in rows] == expected
    assert all(HOUSING in (r[header.index("牵头单位")] or "") + (r[header.index("配合单位")] or "") for r in rows)
    assert [r[header.index("台账编号")] for r in _rows(book[HOUSING])[1]] == expected


@pytest.mark.parametrize("route", ["index", "report"])
def test_the_ledger_pages_filters_give_the_rows_the_table_shows(demo: Ledger, monkeypatch: pytest.MonkeyPatch,
                                                                route: str) -> None:
    monkeypatch.setenv("GREENTRACK_TARGET_LIST", route)
    for chosen in (TargetFilter(status="lagging"), TargetFilter(jurisdiction=PLACE, status="no_data", year=2025),
                   TargetFilter(department=HOUSING, status="on_track")):
        shown = list_targets(demo, chosen, limit=1000, as_of=AS_OF)
        header, rows = _rows(load_workbook(io.BytesIO(export_bytes(demo, "xlsx", AS_OF, filters=chosen)))[
            LEDGER_SHEET])
        assert sorted(r[header.index("台账编号")] for r in rows) == sorted(r.record.id for r in shown.rows), chosen
        assert shown.total >= 1
        as_csv = list(csv.reader(io.StringIO(export_bytes(demo, "csv", AS_OF, filters=chosen).decode("utf-8-sig"))))
        assert sorted(int(r[0]) for r in as_csv[1:]) == sorted(r.record.id for r in shown.rows)


def test_bad_filters_are_refused_with_the_reason(demo: Ledger, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="unknown status 'late'"):
        export_ledger(demo, "xlsx", tmp_path / "a.xlsx", AS_OF, filters=TargetFilter(status="late"))
    with pytest.raises(UnknownJurisdiction):
        export_ledger(demo, "xlsx", tmp_path / "a.xlsx", AS_OF, filters=TargetFilter(jurisdiction="嘉祥县"))
    assert list(tmp_path.iterdir()) == []


def test_many_departments_share_one_departments_sheet(demo: Ledger, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    separate = _book(demo, tmp_path, name="separate.xlsx")
    monkeypatch.setattr(xlsx_stream, "DEPARTMENT_SHEETS_AT_MOST", 5)
    book = _book(demo, tmp_path, name="one.xlsx")
    assert book.sheetnames == [SUMMARY_SHEET, LEDGER_SHEET, DEPARTMENTS_SHEET]
    sheet = book[DEPARTMENTS_SHEET]
    header, rows = _rows(sheet)
    assert header[0] == "部门" and header[1:] == _rows(separate[LEDGER_SHEET])[0]
    assert sheet.freeze_panes == "D2" and sheet.print_title_rows == "$1:$1"
    expected = [(name, r[header.index("台账编号") - 1]) for name in separate.sheetnames[2:]
                for r in _rows(separate[name])[1]]
    assert [(r[0], r[header.index("台账编号")]) for r in rows] == expected


def test_the_cli_exports_one_place(demo_db: Path, tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GREENTRACK_")}
    environment["GREENTRACK_DB"] = str(demo_db)
    done = subprocess.run([sys.executable, "-m", "greentrack.cli", "export", "--jurisdiction", PLACE,
                           "--out", str(tmp_path / "县.xlsx"), "--as-of", AS_OF.isoformat()],
                          capture_output=True, text=True, env=environment, timeout=600)
    assert done.returncode == 0, done.stderr
    header, rows = _rows(load_workbook(tmp_path / "县.xlsx")[LEDGER_SHEET])
    assert {r[header.index("辖区")] for r in rows} == {PLACE}


def test_a_county_viewer_exports_only_the_county(demo: Ledger, tmp_path: Path) -> None:
    """What a person may see bounds the file: a 金乡县 viewer's whole-ledger export is 金乡县's, and asking for
    another place is refused."""
    with demo.session() as session:
        viewer = principal(session, "viewer")
    book = load_workbook(export_ledger(demo, "xlsx", tmp_path / "mine.xlsx", AS_OF, who=viewer))
    header, rows = _rows(book[LEDGER_SHEET])
    assert [r[header.index("台账编号")] for r in rows] == [r.record.id for r in ledger_status(demo, AS_OF, PLACE).rows]
    assert not any(other in name for name in book.sheetnames for other in ("赤峰市", "平陆县"))
    with pytest.raises(Forbidden):
        export_ledger(demo, "xlsx", tmp_path / "other.xlsx", AS_OF, who=viewer,
                      filters=TargetFilter(jurisdiction="平陆县"))
    assert not (tmp_path / "other.xlsx").exists()


def test_a_running_total_is_shown_as_reported(demo_copy: Ledger, tmp_path: Path) -> None:
    """The track stage reads a 累计 series as each period's addition; the year columns keep the totals reported."""
    from greentrack.services.series import set_reporting

    row = next(r for r in ledger_status(demo_copy, AS_OF).rows
               if r.record.target.kind == "cumulative" and len({o.period_end.year for o in r.observations}) >= 2
               and all(o.unit == r.tracked.target.unit for o in r.observations))
    set_reporting(demo_copy, row.record.id, "running")
    header, rows = _rows(_book(demo_copy, tmp_path)[LEDGER_SHEET])
    mine = next(r for r in rows if r[header.index("台账编号")] == row.record.id)
    reported = {o.period_end.year: o.value for o in sorted(row.observations, key=lambda o: o.period_end)}
    assert {y: mine[header.index(f"{y}年")] for y in reported} == pytest.approx(reported)
