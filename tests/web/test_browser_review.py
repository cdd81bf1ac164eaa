"""The review page (审核) in a real browser (Debian's chromium through Playwright, as test_browser.py launches it),
on a demo ledger served by uvicorn: a person reviews a plan end to end with the keys — confirms one target,
corrects a wrong value and a wrong lead department, rejects one with a reason, adds a missed one by selecting its
words in the plan — and the ledger, the status table, the Excel export and the audit log all show each step. The
page also works with more than a hundred targets, at phone width and on the desktop, in Chinese and English.
"""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from greentrack.auth import ADMINISTRATOR, Principal
from greentrack.ledger import repository
from greentrack.ledger.status import STATUS_COLUMNS, status_cells
from greentrack.reports.xlsx import LEDGER_SHEET
from greentrack.services import review_targets as review
from greentrack.services.status import ledger_status

from .test_browser import Served, Visit, browser, served, visit  # noqa: F401  (the fixtures: chromium, the server)

pytestmark = pytest.mark.browser
SELECT = """([start, end]) => {
  // select text[start:end] of the plan as a mouse would: a range over the text nodes of the marked-up text
  const root = document.getElementById("plan-text");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let seen = 0, node, started = false;
  while ((node = walker.nextNode())) {
    const size = node.textContent.length;
    if (!started && seen + size > start) { range.setStart(node, start - seen); started = true; }
    if (started && seen + size >= end) { range.setEnd(node, end - seen); break; }
    seen += size;
  }
  const chosen = window.getSelection();
  chosen.removeAllRanges();
  chosen.addRange(range);
}"""
ADMIN = Principal("admin", ADMINISTRATOR)


def _current(page: object) -> str:
    return page.locator("li.record.current").get_attribute("data-id")


def _focus(page: object, kind: str, record_id: int) -> None:
    """Bring a record into focus by moving through the list with j and k, as a person does."""
    ids = page.eval_on_selector_all(f"#{kind}-list li.record", "items => items.map(i => i.dataset.id)")
    key = "j" if ids.index(str(record_id)) > ids.index(_current(page)) else "k"
    for _ in ids:
        if _current(page) == str(record_id):
            return
        page.keyboard.press(key)
    raise AssertionError(f"record {record_id} not reached with {key}")


def test_a_plan_is_reviewed_end_to_end_with_the_keys(visit: Visit, served: Served) -> None:  # noqa: F811
    page, server, ledger = visit.page, served.url, served.ledger
    sheet = review.review_sheet(ledger, 1, ADMIN)
    urbanisation = next(t for t in sheet.targets if t.target.indicator == "常住人口城镇化率")
    wrong = next(t for t in sheet.targets if "四星级" in t.target.quote)  # 力争达到四星级: an aim, not a number
    page.goto(server + "/documents/1/review")
    assert page.inner_text("h1") == "审核 · 金乡县推动城乡建设绿色发展实施方案"
    assert "待审核 53" in page.inner_text("#review-progress")
    assert page.locator("#target-list li.record").count() == 53

    first = _current(page)  # the lowest confidence comes first, selected
    assert first == str(sheet.targets[0].id)
    page.keyboard.press("c")
    page.wait_for_selector(f"#target-{first}[data-state=confirmed]")
    assert _current(page) == str(sheet.targets[1].id)  # confirm moves on to the next
    page.keyboard.press("k")
    assert _current(page) == first

    _focus(page, "target", urbanisation.id)
    page.keyboard.press("e")
    page.fill("#edit-form input[name=value]", "abc")  # a wrong value first: refused, named, nothing changed
    page.click("#edit-save")
    page.wait_for_selector("[data-error='value']:not(:empty)")
    assert "number" in page.inner_text("[data-error='value']")
    page.fill("#edit-form input[name=value]", "70")
    page.fill("#edit-form input[name=lead_departments]", "县住建局")
    page.click("#edit-save")
    page.wait_for_selector(f"#target-{urbanisation.id}[data-state=corrected]")
    assert "≥ 70% (2026) · 牵头 县住建局" in page.inner_text(f"#target-{urbanisation.id} [data-role=summary]")

    _focus(page, "target", wrong.id)
    page.keyboard.press("x")
    page.fill("#reject-reason", "力争达到的星级是方向，不是量化目标")
    page.click("#reject-save")
    page.wait_for_selector(f"#target-{wrong.id}[data-state=rejected]")

    text = sheet.text
    start = text.index("建筑垃圾资源化利用率") if "建筑垃圾资源化利用率" in text else text.index("绿色建材")
    end = start + 14
    page.evaluate(SELECT, [start, end])
    page.keyboard.press("a")
    assert page.inner_text("#edit-quote") == text[start:end]
    page.fill("#edit-form input[name=indicator]", "补录的目标")
    page.fill("#edit-form input[name=value]", "50")
    page.fill("#edit-form input[name=unit]", "%")
    page.fill("#edit-form input[name=year]", "2025")
    page.click("#edit-save")
    page.wait_for_selector("#target-list li.record[data-state=added]")
    added_id = int(page.locator("#target-list li.record[data-state=added]").get_attribute("data-id"))
    assert page.locator(f"#plan-text mark[data-targets~='{added_id}']").count() >= 1  # highlighted in the text
    assert page.inner_text("#review-progress") == (
        "54 项目标 · 已确认 1 · 已修正 1 · 已剔除 1 · 已补录 1 · 待审核 50")

    # the ledger
    with ledger.session() as session:
        fixed = repository.documents.get_target(session, urbanisation.id)
        out = repository.documents.get_target(session, wrong.id)
        added = repository.documents.get_target(session, added_id)
    assert (fixed.target.value, fixed.lead_departments, fixed.review.state) == (
        70.0, ("金乡县住房和城乡建设局",), "corrected")
    assert (out.review.state, out.review.reason) == ("rejected", "力争达到的星级是方向，不是量化目标")
    assert (added.review.state, added.target.quote, added.target.value) == ("added", text[start:end], 50.0)
    # the status table
    rows = {row.record.id: status_cells(row) for row in ledger_status(ledger).rows}
    column = [en for _, en in STATUS_COLUMNS].index
    assert wrong.id not in rows
    assert rows[urbanisation.id][column("review")] == "已修正" and "70%" in rows[urbanisation.id][column("target")]
    assert rows[added_id][column("review")] == "已补录" and rows[int(first)][column("review")] == "已确认"
    untouched = next(t.id for t in sheet.targets if t.id not in (int(first), urbanisation.id, wrong.id))
    assert rows[untouched][column("review")] == "未审核"
    # the Excel export, downloaded as the ledger page's button does
    download = page.request.get(server + "/api/v1/export?format=xlsx")
    assert download.ok
    header, *sheet_rows = load_workbook(io.BytesIO(download.body()))[LEDGER_SHEET].iter_rows(values_only=True)
    at = list(header).index  # the reporting years' columns move the later ones
    by_id = {r[at("台账编号")]: r for r in sheet_rows}
    assert wrong.id not in by_id
    corrected_row = by_id[urbanisation.id]
    assert (corrected_row[at("比较")], corrected_row[at("目标值")], corrected_row[at("单位")]) == ("≥", 70, "%")
    assert corrected_row[at("牵头单位")] == "金乡县住房和城乡建设局"
    review_column = at("审核")
    assert by_id[urbanisation.id][review_column] == "已修正" and by_id[added_id][review_column] == "已补录"
    # the audit log: each step, by the person who took it, with before and after
    with ledger.session() as session:
        def steps(target_id: int) -> list:
            return [e for e in repository.audit.audit_entries(session, "target", target_id) if e.actor == "admin"]

        [confirmed] = steps(int(first))
        [corrected] = steps(urbanisation.id)
        [rejected] = steps(wrong.id)
        [created] = steps(added_id)
    assert (confirmed.action, confirmed.before["review_state"], confirmed.after["review_state"]) == (
        "update", "extracted", "confirmed")
    assert (corrected.before["value"], corrected.after["value"], corrected.after["lead_departments"]) == (
        65.0, 70.0, ["县住建局"])
    assert (rejected.after["review_state"], rejected.after["review_reason"]) == ("rejected",
                                                                                 "力争达到的星级是方向，不是量化目标")
    assert (created.action, created.before, created.after["review_state"]) == ("create", None, "added")
    # the ledger page shows the result: no 未审核 on the corrected target, the rejected one gone
    page.goto(server + "/ledger?jurisdiction=金乡县&sort=id")
    assert page.locator(f"#ledger-table a[href='/targets/{wrong.id}']").count() == 0
    row = page.locator("#ledger-table tbody tr", has=page.locator(f"a[href='/targets/{urbanisation.id}']")).first
    assert "未审核" not in row.inner_text() and "70%" in row.inner_text()


def test_the_page_works_with_more_than_a_hundred_targets_in_both_languages_and_widths(
        visit: Visit, served: Served) -> None:  # noqa: F811
    page, server, ledger = visit.page, served.url, served.ledger
    sheet = review.review_sheet(ledger, 2, ADMIN)
    for number in range(70):  # plan 2 holds 38 targets: 108 with these
        at = 200 + number * 40
        review.add_target(ledger, 2, {"start": at, "end": at + 12, "indicator": f"指标{number}", "value": number},
                          ADMIN)
    total = len(sheet.targets) + 70
    page.goto(server + "/documents/2/review")
    assert page.locator("#target-list li.record").count() == total > 100
    for _ in range(total + 5):
        page.keyboard.press("j")
    last = page.locator("#target-list li.record").nth(total - 1).get_attribute("data-id")
    assert _current(page) == last  # j walks the whole list and stops at its end
    page.keyboard.press("c")
    page.wait_for_selector(f"#target-{last}[data-state=added]")  # an added record stays added when confirmed
    page.click("#tab-tasks")
    first_task = page.wait_for_selector("#task-list li.record.current").get_attribute("data-id")  # the tab selects
    assert first_task == page.locator("#task-list li.record").first.get_attribute("data-id")
    assert page.locator("#task-list").is_visible() and not page.locator("#target-list").is_visible()
    page.keyboard.press("c")
    try:  # a loaded CI machine can take its time over the confirmation's round trip
        page.wait_for_selector(f"#task-{first_task}[data-state=confirmed]", timeout=60_000)
    except PlaywrightTimeout as exc:  # say what the page said (a refusal is shown in its status line)
        raise AssertionError(f"task {first_task} not confirmed; the page says: "
                             f"{page.inner_text('#review-message')!r}") from exc
    assert "已确认 1" in page.inner_text("#task-progress")

    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(server + "/documents/2/review")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the page scrolls sideways at {width} px"
        text_box = page.locator("#plan-text").bounding_box()
        list_box = page.locator("#target-list").bounding_box()
        if width == 390:
            assert list_box["y"] > text_box["y"] + text_box["height"] - 1  # one column: the records under the text
        else:
            assert list_box["x"] > text_box["x"] + text_box["width"] - 1  # side by side
    page.goto(server + "/documents/2/review?lang=en")
    assert page.inner_text("h1").startswith("Review 审核 · ")
    assert page.inner_text("#review-progress").startswith(f"{total} targets · 0 confirmed · 0 corrected")
    page.keyboard.press("j")
    page.keyboard.press("x")
    page.fill("#reject-reason", "duplicate")
    page.click("#reject-save")
    page.wait_for_selector("#target-list li.record[data-state=rejected]")
    assert "1 rejected" in page.inner_text("#review-progress")
    assert page.locator("#target-list li.record[data-state=rejected] [data-role=state]").inner_text() == \
        "rejected 已剔除"
