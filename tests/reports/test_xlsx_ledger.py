"""The Excel 台账 reopens with openpyxl as offices expect it: a summary sheet, the whole ledger, one sheet per
department holding exactly the targets it answers for; the conventional columns in order (a column per reporting
year after 最新年), a frozen header,
an auto-filter over every row, set widths, coloured status cells; and text that a spreadsheet would run as a
formula stays text.
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook, load_workbook

from greentrack.ledger import repository
from greentrack.ledger.db import Ledger
from greentrack.reports.labels import STATUS_COLOURS
from greentrack.reports.xlsx import HEADINGS, LEDGER_SHEET, SUMMARY_SHEET, put, sheet_title
from greentrack.services.departments import department_summaries
from greentrack.services.reports import export_bytes, export_ledger
from greentrack.services.status import ledger_status
from greentrack.track import STATUS_LABELS

from .conftest import AS_OF

CONVENTIONAL = ["序号", "指标", "比较", "目标值", "单位", "基期值", "基期年", "最新值", "最新年"]
AFTER_YEARS = ["完成率", "进度比", "完成时限", "牵头单位", "配合单位", "进展状态", "审核", "备注", "原文", "来源文件",
               "辖区", "台账编号"]
YEARS = ["2020年", "2021年", "2022年", "2023年", "2024年", "2025年"]  # the demo's observations
HOUSING = "金乡县住房和城乡建设局"


def _header(sheet) -> list[str]:
    return [c.value for c in sheet[1]]


def _book(ledger: Ledger, tmp_path: Path):
    out = export_ledger(ledger, "xlsx", tmp_path / "台账.xlsx", AS_OF)
    return load_workbook(out)


def test_sheets_columns_filters_and_frozen_headers(demo: Ledger, tmp_path: Path) -> None:
    book = _book(demo, tmp_path)
    summaries = department_summaries(demo, AS_OF)
    answering = [s for s in summaries if s.rows]
    assert book.sheetnames[:2] == [SUMMARY_SHEET, LEDGER_SHEET]
    assert book.sheetnames[2:] == [s.department.name for s in answering] + ["未分配部门"]
    assert list(HEADINGS) == CONVENTIONAL + AFTER_YEARS
    for name in book.sheetnames[1:]:
        sheet = book[name]
        assert _header(sheet) == CONVENTIONAL + YEARS + AFTER_YEARS, name
        assert sheet.freeze_panes == "C2"
        assert sheet.auto_filter.ref == f"A1:AA{sheet.max_row}"
        assert sheet.column_dimensions["B"].width == 26 and sheet.column_dimensions["X"].width == 56
    ledger_sheet = book[LEDGER_SHEET]
    assert ledger_sheet.max_row - 1 == len(ledger_status(demo, AS_OF).rows) == 124
    assert [r[0] for r in ledger_sheet.iter_rows(min_row=2, values_only=True)] == list(range(1, 125))
    # nobody has reviewed the demo's plans: every row says so, and the summary sheet counts them
    review_at = _header(ledger_sheet).index("审核")
    assert {r[review_at] for r in ledger_sheet.iter_rows(min_row=2, values_only=True)} == {"未审核"}
    assert any(str(c.value).startswith("未审核 124 项") for c in book[SUMMARY_SHEET]["A"])


def test_a_department_sheet_holds_the_targets_it_answers_for(demo: Ledger, tmp_path: Path) -> None:
    book = _book(demo, tmp_path)
    housing = next(s for s in department_summaries(demo, AS_OF) if s.department.name == HOUSING)
    sheet = book[HOUSING]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    column = {name: i for i, name in enumerate(_header(sheet))}
    assert [r[column["台账编号"]] for r in rows] == [r.record.id for r in housing.rows]
    for values, row in zip(rows, housing.rows, strict=True):
        assert HOUSING in (values[column["牵头单位"]] or "") + (values[column["配合单位"]] or "")
        assert values[column["进展状态"]] == STATUS_LABELS[row.assessment.status][0]
        assert values[column["原文"]] == row.record.target.quote


def test_status_cells_are_coloured_and_the_summary_counts_them(demo: Ledger, tmp_path: Path) -> None:
    book = _book(demo, tmp_path)
    sheet = book[LEDGER_SHEET]
    status_at = _header(sheet).index("进展状态") + 1
    labels = {zh: code for code, (zh, _) in STATUS_LABELS.items()}
    for row in range(2, sheet.max_row + 1):
        cell = sheet.cell(row=row, column=status_at)
        assert cell.fill.fgColor.rgb[-6:] == STATUS_COLOURS[labels[cell.value]].lstrip("#").upper()
    summary = [r for r in book[SUMMARY_SHEET].iter_rows(values_only=True)]
    assert summary[0][0] == "绿色发展目标台账" and "2025-06-30" in summary[1][0] and "示例数据" in summary[2][0]
    counts = {r[0]: r[1] for r in summary if r[0] in labels and isinstance(r[1], int)}
    assert counts == {STATUS_LABELS[s][0]: n for s, n in ledger_status(demo, AS_OF).counts().items()}
    assert sum(counts.values()) == 124


def test_the_api_download_is_the_same_workbook(demo: Ledger, tmp_path: Path) -> None:
    written = _book(demo, tmp_path)
    served = load_workbook(io.BytesIO(export_bytes(demo, "xlsx", AS_OF)))
    assert served.sheetnames == written.sheetnames
    assert list(served[LEDGER_SHEET].iter_rows(values_only=True)) == list(
        written[LEDGER_SHEET].iter_rows(values_only=True))


def test_formulas_in_plan_text_stay_text(demo_copy: Ledger, tmp_path: Path) -> None:
    hostile = '=HYPERLINK("http://example.invalid/x","点击")'
    with demo_copy.session("test") as session:
        first = repository.documents.current_targets(session)[0]
        repository.documents.update_target(session, first.id, indicator=hostile, quote="+cmd|' /C calc'!A0")
    book = _book(demo_copy, tmp_path)
    sheet = book[LEDGER_SHEET]
    indicator = sheet.cell(row=2, column=_header(sheet).index("指标") + 1)
    quote = sheet.cell(row=2, column=_header(sheet).index("原文") + 1)
    assert (indicator.value, indicator.data_type) == (hostile, "s")
    assert (quote.value, quote.data_type) == ("+cmd|' /C calc'!A0", "s")
    assert indicator.quotePrefix and quote.quotePrefix


def test_put_marks_every_formula_start_and_leaves_numbers_alone() -> None:
    sheet = Workbook().active
    for column, text in enumerate(("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"), 1):
        cell = put(sheet, 1, column, text)
        assert (cell.data_type, cell.quotePrefix) == ("s", True), repr(text)
    number = put(sheet, 2, 1, -15.0)
    plain = put(sheet, 2, 2, "下降15%")
    assert (number.data_type, number.value, plain.quotePrefix) == ("n", -15.0, False)


def test_sheet_titles_are_what_excel_accepts() -> None:
    taken: set[str] = {"台账 ledger"}
    assert sheet_title("a/b[c]:d*e?f\\g", taken) == "a_b_c__d_e_f_g"
    long = "内蒙古自治区赤峰市住房和城乡建设局城市建设管理科规划建设处第一办公室"
    assert len(long) > 31
    first, second = sheet_title(long, taken), sheet_title(long, taken)
    assert len(first) == len(second) == 31 and first != second and second.endswith("(2)")
    assert sheet_title("台账 LEDGER", taken) == "台账 LEDGER(2)"
