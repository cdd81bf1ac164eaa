"""The ledger page's export in a real browser (Debian's chromium through Playwright, as test_browser.py launches
it): a person filters the table by department and status, clicks 导出 Excel, and the downloaded workbook holds
exactly the rows the filtered table shows — every one of them, and no other.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from greentrack.reports.xlsx import LEDGER_SHEET
from greentrack.services.target_query import TargetFilter
from greentrack.services.targets import list_targets

from .test_browser import Served, Visit, browser, served, visit  # noqa: F401  (the fixtures: chromium, the server)

pytestmark = pytest.mark.browser
HOUSING = "金乡县住房和城乡建设局"


def test_the_export_holds_the_rows_the_filtered_table_shows(visit: Visit, served: Served,  # noqa: F811
                                                            tmp_path: Path) -> None:
    page, server = visit.page, served.url
    page.goto(server + "/ledger")
    with page.expect_navigation():
        page.select_option("select[name=department]", HOUSING)  # the filters submit themselves on change
    with page.expect_navigation():
        page.select_option("select[name=status]", "overdue")
    shown = page.eval_on_selector_all("#ledger-table tbody tr td:first-child a",
                                      "links => links.map(a => Number(a.textContent))")
    expected = list_targets(served.ledger, TargetFilter(department=HOUSING, status="overdue"))
    assert shown and expected.total == len(shown) <= 25  # one page: the table shows every filtered row
    assert page.inner_text("#export-link") == f"导出筛选结果 Excel（{expected.total} 项）"
    with page.expect_download() as download:
        page.click("#export-link")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.suffix == ".xlsx"
    book = load_workbook(path)
    header, *rows = book[LEDGER_SHEET].iter_rows(values_only=True)
    assert sorted(r[header.index("台账编号")] for r in rows) == sorted(shown)
    assert {r[header.index("进展状态")] for r in rows} == {"逾期未完成"}
    assert book.sheetnames[2:] == [HOUSING]
