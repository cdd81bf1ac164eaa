"""The supervision loop (督查督办, docs/supervision.md) played once through in a real browser on the demo ledger, by
the office of 金乡县 (coordinator `jinxiang`) and its 住建局 (reporter `zhujian`), each in its own window:

the office opens a reporting cycle; the department finds it on 我的工作, downloads its sheet, fills it, uploads it,
and reports two tasks with evidence files; the office sees the department's line of the cycle move; it makes a
督办 item from a red warning, issues its 督办函 (the Word file is read back for its 公文 parts); the department
answers; the office closes it (销号); a second item, unanswered past its deadline, escalates by itself and shows
red. The ledger and its audit log are checked after each step.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from greentrack.auth import ADMINISTRATOR, Principal
from greentrack.auth.demo import DEMO_ACCOUNTS
from greentrack.ledger import repository
from greentrack.services import cycles
from greentrack.services import supervision_items as items
from greentrack.services.status import ledger_warnings
from greentrack.services.task_progress import task_history

from .test_browser import Served, browser, served  # noqa: F401  (the fixtures: chromium, the server)

pytestmark = pytest.mark.browser
OFFICE, DEPARTMENT = (next(a for a in DEMO_ACCOUNTS if a.name == name) for name in ("jinxiang", "zhujian"))
ZHUJIAN = "金乡县住房和城乡建设局"
ADMIN = Principal("test", ADMINISTRATOR)
TODAY = dt.date.today()
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _window(browser: object, served: Served, account: object) -> object:  # noqa: F811
    """A desktop window signed in as `account` through the login form."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(served.url + "/login")
    page.fill("#login-form input[name=name]", account.name)
    page.fill("#login-form input[name=password]", account.password)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#user-name")
    return page


def _filled(path: Path, ledger: object) -> tuple[bytes, int]:
    """The department's sheet with a value for each of its rate targets (a % a little under the target, one value
    per indicator: targets of one indicator share a series); the other rows left blank, as a department does with
    figures it does not have yet. Also how many rows it filled."""
    book = load_workbook(io.BytesIO(path.read_bytes()))  # a download has no extension on disk
    sheet = book.worksheets[0]
    written: dict[str, float] = {}
    filled = 0
    with ledger.session() as session:
        for row in range(2, sheet.max_row + 1):
            ident = sheet.cell(row=row, column=1).value
            if not ident:
                continue
            assert sheet.cell(row=row, column=7).value == "2026-03"  # the cycle's period, written in
            target = repository.documents.get_target(session, int(ident)).target
            if target.unit != "%" or not 0 < target.value <= 100:
                continue
            value = written.setdefault(target.indicator, round(target.value * 0.95, 1))
            sheet.cell(row=row, column=8, value=value)
            sheet.cell(row=row, column=10, value="县住建局统计台账")
            filled += 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), filled


def _red_warning_of_the_department(ledger: object) -> int:
    """A target of 金乡县 with a red warning that 住建局 leads."""
    _, warnings, _ = ledger_warnings(ledger, None, "金乡县", None, ADMIN)
    return next(int(w.target_id) for w in warnings if w.severity == "red" and ZHUJIAN in w.lead_departments)


def _report_task(page: object, served: Served, task_id: int, state: str, note: str, cycle_id: int,  # noqa: F811
                 files: list[dict[str, object]]) -> None:
    page.goto(f"{served.url}/tasks/{task_id}")
    page.select_option("#report-form select[name=state]", state)
    page.fill("#report-form textarea[name=note]", note)
    page.fill("#report-form input[name=cycle_id]", str(cycle_id))
    page.set_input_files("#report-form input[name=files]", files)
    page.click("#report-form button[type=submit]")
    page.wait_for_url(re.compile(rf".*/tasks/{task_id}(\?.*)?#history$"))


def test_one_full_loop_from_cycle_to_closed_item(browser: object, served: Served, tmp_path: Path) -> None:  # noqa: F811
    ledger = served.ledger
    office, department = _window(browser, served, OFFICE), _window(browser, served, DEPARTMENT)
    assert department.url.endswith("/my"), "a reporter lands on its department's page"

    # the office opens a cycle for the first quarter
    office.goto(served.url + "/cycles")
    office.fill("#open-cycle input[name=name]", "2026年第一季度")
    office.fill("#open-cycle input[name=jurisdiction]", "金乡县")
    office.fill("#open-cycle input[name=period]", "2026-03")
    office.fill("#open-cycle input[name=due_on]", (TODAY + dt.timedelta(days=30)).isoformat())
    office.click("#open-cycle button[type=submit]")
    office.wait_for_url(re.compile(r".*/cycles/\d+$"))
    cycle_id = int(office.url.rsplit("/", 1)[1])
    before = cycles.cycle_status(ledger, cycle_id, None, ADMIN)
    line = next(x for x in before.lines if x.department == ZHUJIAN)
    assert (line.state, line.reported) == ("not_yet", 0) and line.targets > 0

    # the department sees what it owes on 我的工作, downloads its sheet, fills it in and uploads it
    department.reload()
    owing = department.locator("#my-owing tr.cycle-line")
    assert owing.count() == 1 and "2026年第一季度" in owing.inner_text() and "未报" in owing.inner_text()
    with department.expect_download() as download:
        department.click("#my-owing a.button")
    sheet = tmp_path / "住建局-2026Q1.xlsx"
    data, filled = _filled(Path(download.value.path()), ledger)
    assert filled >= 3
    sheet.write_bytes(data)
    department.goto(served.url + "/upload")
    department.set_input_files("#data-form input[name=file]", str(sheet))
    department.click("#data-form button[type=submit]")
    department.wait_for_selector("#upload-result", timeout=120_000)
    assert department.locator("#upload-result .error").count() == 0, department.inner_text("#upload-result")

    # … and reports two of its tasks with evidence files, in this cycle
    owed_tasks = [i.item_id for i in line.items if i.kind == "task"]
    assert len(owed_tasks) >= 2
    first, second = owed_tasks[:2]
    _report_task(department, served, first, "in_progress", "已完成排查摸底，正在整治", cycle_id,
                 [{"name": "排查台账.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    _report_task(department, served, second, "done", "已全部完成，见验收照片", cycle_id,
                 [{"name": "验收.png", "mimeType": "image/png", "buffer": PNG},
                  {"name": "说明.txt", "mimeType": "text/plain", "buffer": "验收合格".encode()}])
    history = task_history(ledger, second, None, ADMIN)
    assert [f.name for f in history.history[0].evidence] == ["验收.png", "说明.txt"]
    assert department.locator("#history a[href^='/api/v1/evidence/']").count() == 2

    # the office sees the department's line move: every target of its sheet and both tasks counted
    office.reload()
    row = office.locator("#cycle-status tr.cycle-line", has_text=ZHUJIAN)
    after = next(x for x in cycles.cycle_status(ledger, cycle_id, None, ADMIN).lines if x.department == ZHUJIAN)
    reported = {kind: sum(1 for i in after.items if i.kind == kind and i.reported_at) for kind in ("target", "task")}
    assert reported["target"] >= filled and reported["task"] == 2 and after.state in ("submitted", "partly")
    assert f"{after.reported}/{after.owed}" in row.inner_text()
    assert ("已报" if after.state == "submitted" else "部分已报") in row.inner_text()

    # a red warning becomes a 督办 item, issued as a 督办函
    warned = _red_warning_of_the_department(ledger)
    office.goto(served.url + "/")
    office.click(f"form.sv-warning-form:has(input[name=target_id][value='{warned}']) button")
    office.wait_for_url(re.compile(r".*/supervision/\d+$"))
    item_id = int(office.url.rsplit("/", 1)[1])
    assert office.inner_text("#sv-state") == "待答复" and ZHUJIAN in office.inner_text("#sv-leads")
    office.fill("#sv-issue-form input[name=issuer]", "金乡县推动城乡建设绿色发展工作专班办公室")
    office.fill("#sv-issue-form input[name=doc_number]", "金绿专办督〔2026〕1号")
    office.click("#sv-issue-form button[type=submit]")
    office.wait_for_selector("#sv-letter:has-text('金绿专办督〔2026〕1号')")
    with office.expect_download() as download:
        office.click("#sv-letter a[download]")
    letter = Document(download.value.path())
    text = "\n".join(p.text for p in letter.paragraphs)
    assert "金乡县推动城乡建设绿色发展工作专班办公室" in text  # 发文机关标志 and 落款
    assert "金绿专办督〔2026〕1号" in text  # 文号
    lines = [p.text for p in letter.paragraphs if p.text.strip()]
    assert lines[2].endswith("督办函")  # 标题
    assert ZHUJIAN in lines[3] and lines[3].endswith("：")  # 主送机关, the lead departments
    numerals = "〇一二三四五六七八九"
    assert "".join(numerals[int(c)] for c in str(TODAY.year)) + "年" in text  # 成文日期 in Chinese numerals
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text), "no ISO date in a 公文"
    assert letter.core_properties.author == "金乡县推动城乡建设绿色发展工作专班办公室"

    # the department answers it with evidence; the office closes it (销号)
    department.goto(f"{served.url}/supervision/{item_id}")
    department.fill("#sv-answer-form textarea[name=progress]", "已完成建成区绿地现状核查，新增绿地3处")
    department.fill("#sv-answer-form textarea[name=problems]", "部分地块征收进度滞后")
    department.fill("#sv-answer-form textarea[name=measures]", "挂图作战，每周调度")
    department.fill("#sv-answer-form input[name=complete_by]", (TODAY + dt.timedelta(days=120)).isoformat())
    department.set_input_files("#sv-answer-form input[name=files]",
                               [{"name": "绿地核查.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    department.click("#sv-answer-form button[type=submit]")
    department.wait_for_selector("#sv-state:has-text('已答复')")
    assert department.locator("#sv-answers a.evidence-link").inner_text() == "绿地核查.pdf"
    assert department.locator("#sv-close-form").count() == 0, "a department cannot close its own item"
    office.reload()
    office.click("#sv-close-form button[type=submit]")
    office.wait_for_selector("#sv-state:has-text('已销号')")
    steps = [e.action for e in items.show_item(ledger, item_id, None, ADMIN).events]
    assert steps[0] == "created" and {"issued", "answered", "closed"} <= set(steps)

    # a second item, due yesterday and never answered, escalates by itself and shows red
    office.goto(served.url + "/supervision")
    office.fill("#sv-create-form input[name=title]", "老旧小区改造进度滞后")
    office.fill("#sv-create-form textarea[name=requirement]", "请说明老旧小区改造滞后原因及整改措施")
    office.fill("#sv-create-form input[name=answer_due]", (TODAY - dt.timedelta(days=1)).isoformat())
    office.fill("#sv-create-form input[name=lead]", "住建局")
    office.click("#sv-create-form button[type=submit]")
    office.wait_for_url(re.compile(r".*/supervision/\d+$"))
    late_id = int(office.url.rsplit("/", 1)[1])
    office.goto(served.url + "/supervision")
    late_row = office.locator(f"#sv-item-{late_id}")
    assert late_row.get_attribute("class") == "sv-late" and "已升级" in late_row.inner_text()
    assert items.show_item(ledger, late_id, None, ADMIN).events[-1].actor == "system"
    department.goto(served.url + "/my")
    assert department.locator(f"#my-items-table tr.sv-late a[href='/supervision/{late_id}']").count() == 1

    # the overview reads the loop: the open cycle's departments by state, tasks by state, items by state
    office.goto(served.url + "/")
    assert "2026年第一季度" in office.inner_text("#follow-up-cycles")
    items_line = office.inner_text("#follow-up-items")
    assert "已销号 1" in items_line and "已升级/约谈 1" in items_line and "1 项逾期或已升级" in items_line

    # every step is in the audit log
    with ledger.session() as session:
        audited = {(e.entity, e.action) for e in repository.audit.audit_entries(session)}
    assert {("cycle", "create"), ("task_progress", "create"), ("evidence", "create"), ("supervision", "create"),
            ("supervision", "update"), ("supervision_answer", "create")} <= audited
