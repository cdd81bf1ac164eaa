"""The dashboard in a real browser (Debian's chromium driven by Playwright) on the demo ledger, served by uvicorn.

It guards what a person does: open the overview and see its charts drawn, filter the ledger by department
and status, open a target and find its quote highlighted in the document, switch to English, upload a
sheet with mistakes and read every error. Every request any page makes is recorded, and none may leave
127.0.0.1. Without a chromium that starts, these tests skip with the reason — except under CI, where
they fail, because the test command installs chromium.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import uvicorn
from openpyxl import Workbook

from greentrack.auth.demo import DEMO_ACCOUNTS, DemoAccount
from greentrack.ledger.db import Ledger
from greentrack.ledger.repository.audit import row_counts
from greentrack.services.ledger import open_ledger
from greentrack.services.target_query import TargetFilter
from greentrack.services.targets import list_targets
from greentrack.web import create_app

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is a test dependency: "
                                     "pip install -e '.[test]'")

CHROMIUM = os.environ.get("GREENTRACK_TEST_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
HOUSING = "金乡县住房和城乡建设局"


def unavailable(reason: str) -> None:
    """Fail under CI (the test command installs chromium there), skip with the reason elsewhere."""
    message = f"browser tests need chromium: {reason} — run `bash scripts/test.sh` (it installs Debian's chromium)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists() and shutil.which(CHROMIUM) is None:
        unavailable(f"{CHROMIUM} not found")
    with playwright_api.sync_playwright() as driver:
        try:
            launched = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS, timeout=60_000)
        except playwright_api.Error as exc:
            unavailable(f"{CHROMIUM} did not start ({str(exc).splitlines()[0]})")
        yield launched
        launched.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Served:
    """The server under test: its base URL and the ledger it serves (opened again by the tests to compare)."""

    url: str
    ledger: Ledger


@pytest.fixture(scope="module")
def served(copy_demo_ledger: Callable[[Path], Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The app on a copy of the session's demo ledger, served by uvicorn on a free local port in a background
    thread (the module's own copy: its tests write)."""
    demo_path = copy_demo_ledger(tmp_path_factory.mktemp("browser"))
    port = free_port()
    config = uvicorn.Config(create_app(demo_path), host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail(f"uvicorn did not start on 127.0.0.1:{port}")
        time.sleep(0.05)
    ledger = open_ledger(db=demo_path)
    yield Served(f"http://127.0.0.1:{port}", ledger)
    ledger.close()
    running.should_exit = True
    thread.join(timeout=10)


@dataclass
class Visit:
    """A browser page and everything it did: each URL requested and each script error."""

    page: object
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def sign_in(page: object, server: str, account: DemoAccount) -> None:
    """Log in through the login form, as a person does, and land on the overview."""
    page.goto(server + "/login")
    page.fill("#login-form input[name=name]", account.name)
    page.fill("#login-form input[name=password]", account.password)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(server + "/")


@pytest.fixture
def visit(browser: object, served: Served) -> Iterator[Visit]:
    server = served.url
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    page = context.new_page()
    seen = Visit(page)
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.on("console", lambda message: seen.errors.append(message.text)
            if message.type == "error" and not message.text.startswith("Failed to load resource") else None)
    # (a page answered with 4xx on purpose, such as the rejected upload, is not a script error)

    def only_local(route: object) -> None:  # record everything, let nothing leave the machine
        if route.request.url.startswith(server + "/"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_local)
    page.set_default_timeout(20_000)
    sign_in(page, server, DEMO_ACCOUNTS[0])  # the demo's administrator: every page and form
    yield seen
    context.close()
    outside = [url for url in seen.requests if not url.startswith(server + "/") and not url.startswith("data:")]
    assert seen.requests, "the page made requests"
    assert outside == [], f"requests left 127.0.0.1: {outside}"
    assert seen.errors == [], f"script errors: {seen.errors}"


def test_overview_draws_its_charts_from_local_assets(visit: Visit, served: Served) -> None:
    page, server = visit.page, served.url
    page.goto(server + "/")
    assert page.inner_text("h1") == "总览"
    page.wait_for_selector("#status-chart canvas")
    page.wait_for_selector("#department-chart canvas")
    assert "示例数据" in page.inner_text("main")
    assert any(url.endswith("/static/vendor/echarts.min.js") for url in visit.requests)


def test_filter_the_ledger_by_department_and_status(visit: Visit, served: Served) -> None:
    page, server = visit.page, served.url
    page.goto(server + "/ledger")
    with page.expect_navigation():
        page.select_option("select[name=department]", HOUSING)  # the filters submit themselves on change
    with page.expect_navigation():
        page.select_option("select[name=status]", "overdue")
    assert "department=" in page.url and "status=overdue" in page.url
    statuses = page.eval_on_selector_all("#ledger-table tbody tr", "rows => rows.map(r => r.dataset.status)")
    expected = list_targets(served.ledger, TargetFilter(department=HOUSING, status="overdue"))
    assert statuses and set(statuses) == {"overdue"}
    assert len(statuses) == min(expected.total, 25)
    assert f"共 {expected.total} 项" in page.inner_text("#ledger-count")


def test_a_target_shows_its_quote_highlighted_in_the_document(visit: Visit, served: Served) -> None:
    page, server = visit.page, served.url
    listed = list_targets(served.ledger, TargetFilter(department=HOUSING, status="overdue"),
                          limit=25)
    chosen = next(row.record for row in listed.rows if row.record.lead_departments)
    page.goto(server + f"/ledger?department={HOUSING}&status=overdue")
    with page.expect_navigation():
        page.click(f"#ledger-table td:nth-child(3) a[href='/targets/{chosen.id}']")
    assert page.url.endswith(f"/targets/{chosen.id}")
    quote = chosen.target.quote
    mark = page.locator("#document-text mark#quote")
    assert mark.inner_text() == quote
    box, marked = page.locator("#document-text").bounding_box(), mark.bounding_box()
    assert box["y"] <= marked["y"] <= box["y"] + box["height"], "the quote is scrolled into view inside the text"
    page.wait_for_selector("#target-chart canvas")
    departments = page.inner_text("#target-departments")
    for name in chosen.lead_departments:
        assert f"{name} 牵头" in departments


def test_switch_to_english_and_stay_there(visit: Visit, served: Served) -> None:
    page, server = visit.page, served.url
    page.goto(server + "/ledger")
    with page.expect_navigation():
        page.click("#lang-switch")
    assert page.inner_text("h1") == "Ledger of targets 台账"
    assert page.url.endswith("/ledger")
    page.goto(server + "/")
    assert page.inner_text("h1") == "Overview 总览"
    assert page.locator("html").get_attribute("lang") == "en"


def test_upload_a_sheet_with_mistakes_and_see_every_error(visit: Visit, served: Served, tmp_path: Path) -> None:
    ledger = served.ledger
    target = next(r for r in list_targets(ledger, limit=1000).rows if r.record.indicator_id)
    book = Workbook()
    sheet = book.active
    sheet.append(["目标编号 target id", "期间 period", "数值 value", "单位 unit", "来源 source", "备注 note"])
    sheet.append([target.record.id, "2024", "很多", "%", "统计局", ""])
    sheet.append([target.record.id, "明年", 50, "%", "统计局", ""])
    sheet.append([999999, "2024", 50, "%", "统计局", ""])
    path = tmp_path / "填报表.xlsx"
    book.save(path)
    with ledger.session() as session:
        before = row_counts(session)
    page, server = visit.page, served.url
    page.goto(server + "/upload")
    page.set_input_files("#data-form input[type=file]", str(path))
    with page.expect_navigation():
        page.click("#data-form button[type=submit]")
    assert "/jobs/" in page.url  # the upload is a job: its page reloads itself until the result is there
    page.wait_for_selector("#upload-result", timeout=120_000)
    assert "未导入任何数据" in page.inner_text("#upload-result")
    rows = page.eval_on_selector_all("#problems tbody tr", "rows => rows.map(r => r.cells[0].innerText)")
    assert {"2", "3", "4"} <= set(rows)
    with ledger.session() as session:
        assert row_counts(session) == before


def test_upload_a_plan_follow_its_progress_and_open_it(visit: Visit, served: Served, tmp_path: Path) -> None:
    """A plan upload goes to its job's page (queued, reading, storing …), which ends on a link to the stored plan;
    at phone width too."""
    path = tmp_path / "节水型城市建设方案.txt"
    path.write_text("某县节水型城市建设实施方案\n某县人民政府办公室\n2024年3月1日\n一、主要目标\n"
                    "到2025年，城市公共供水管网漏损率控制在9%以内。\n", encoding="utf-8")
    page, server = visit.page, served.url
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server + "/upload")
    page.set_input_files("#plan-form input[type=file]", str(path))
    with page.expect_navigation():
        page.click("#plan-form button[type=submit]")
    assert "/jobs/" in page.url
    assert "节水型城市建设方案.txt" in page.inner_text("h1")
    link = page.wait_for_selector("#upload-result a", timeout=120_000)
    # the job's own content fits a phone's width (the shared header's language switch is the header's business)
    assert page.eval_on_selector("main", "m => m.scrollWidth") <= 390
    with page.expect_navigation():
        link.click()
    assert "/documents/" in page.url
    assert "漏损率" in page.inner_text("main")


def test_make_a_report_follow_its_progress_and_download_it(visit: Visit, served: Served) -> None:
    """A report button on 规划分析 starts a job; its page shows the stage and ends on the download link (phone width,
    English)."""
    page, server = visit.page, served.url
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server + "/analysis?lang=en")
    row = page.locator("#report-downloads tr", has_text="金乡县")
    with page.expect_navigation():
        row.locator("button[value=docx]").click()
    assert "/jobs/" in page.url
    assert "Report progress" in page.inner_text("h1") and "金乡县" in page.inner_text("h1")
    link = page.wait_for_selector("#report-download", timeout=120_000)
    assert "The report is ready" in page.inner_text("main")
    assert page.eval_on_selector("main", "m => m.scrollWidth") <= 390
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".docx") and "金乡县" in download.value.suggested_filename
