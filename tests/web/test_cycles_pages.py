"""The reporting-cycle pages (填报周期): every signed-in role finds them in the menu; the office opens a cycle with the
form (a bad one shows the reason, nothing stored), sees each department's coloured state with a 催报 button, reminds
and closes; a reporter sees its own line, its reminders and the button to its sheet; a viewer sees no form; in English
no stray Chinese is left."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from auth.clients import signed_in
from greentrack.web import create_app, i18n

from .test_english import domain_terms, ledger_text, stray

FORM = {"name": "2025年度", "jurisdiction": "金乡县", "period": "2025", "opens_on": "2025-12-01",
        "due_on": "2099-01-31"}


@pytest.fixture
def client(demo_ledger_copy: Path) -> Iterator[TestClient]:
    with TestClient(create_app(demo_ledger_copy)) as found:
        yield found


def test_the_office_opens_reminds_and_closes_from_the_pages(client: TestClient, demo_ledger_copy: Path) -> None:
    signed_in(client, demo_ledger_copy, "jinxiang")
    listed = client.get("/cycles")
    assert listed.status_code == 200 and 'id="open-cycle"' in listed.text and 'href="/cycles"' in listed.text
    bad = client.post("/cycles", data={**FORM, "period": "2025-13"})
    assert bad.status_code == 422 and 'id="cycle-problem"' in bad.text and "period" in bad.text
    assert 'id="cycles"' not in bad.text  # nothing was stored
    opened = client.post("/cycles", data=FORM, follow_redirects=False)
    assert (opened.status_code, opened.headers["location"]) == (303, "/cycles/1")
    page = BeautifulSoup(client.get("/cycles/1").text, "html.parser")
    lines = page.select("tr.cycle-line")
    assert len(lines) == 20 and {tr["data-state"] for tr in lines} == {"not_yet", "partly"}
    assert page.select_one("tr.cycle-line .badge.cycle-not_yet").get_text() == "未报"
    assert len(page.select("form.remind-form")) == 20 and page.select_one("#close-cycle")
    reminded = client.post("/cycles/1/remind", data={"department": "金乡县住房和城乡建设局"})
    assert reminded.status_code == 200 and "已向 金乡县住房和城乡建设局 催报。" in reminded.text
    closed = client.post("/cycles/1/close", follow_redirects=False)
    assert closed.status_code == 303
    after = client.get("/cycles/1").text
    assert "已关闭" in after and 'class="remind-form"' not in after and 'id="close-cycle"' not in after
    office_sheet = client.get("/cycles/1/sheet", params={"department": "住建局"})
    assert office_sheet.status_code == 200 and office_sheet.content.startswith(b"PK")


def test_the_reporter_and_the_viewer(client: TestClient, demo_ledger_copy: Path) -> None:
    signed_in(client, demo_ledger_copy, "jinxiang")
    client.post("/cycles", data=FORM)
    client.post("/cycles/1/remind", data={"department": "住建局", "message": "请于月底前报送"})
    signed_in(client, demo_ledger_copy, "zhujian")
    page = BeautifulSoup(client.get("/cycles/1").text, "html.parser")
    assert [tr.td.get_text() for tr in page.select("tr.cycle-line")] == ["金乡县住房和城乡建设局"]
    assert page.select_one("#my-sheet")["href"] == "/cycles/1/sheet" and not page.select("form.remind-form")
    assert "请于月底前报送" in page.select_one("#reminders").get_text()
    mine = BeautifulSoup(client.get("/my").text, "html.parser").select_one("#reminders")
    assert mine.select_one(".badge.new").get_text() == "新"  # new this once: reading it marks it read
    assert not BeautifulSoup(client.get("/my").text, "html.parser").select("#reminders .badge.new")
    assert client.get("/cycles/1/sheet").status_code == 200
    assert client.post("/cycles/1/remind", data={"department": "住建局"}).status_code == 403
    signed_in(client, demo_ledger_copy, "jinxiang")
    office = BeautifulSoup(client.get("/cycles/1").text, "html.parser")
    zhujian = next(tr for tr in office.select("tr.cycle-line") if tr.td.get_text() == "金乡县住房和城乡建设局")
    assert zhujian.select_one(".reminder-read").get_text() == "（最近一次已读）"
    signed_in(client, demo_ledger_copy, "viewer")
    listed = client.get("/cycles")
    assert listed.status_code == 200 and 'id="open-cycle"' not in listed.text and 'href="/cycles/1"' in listed.text
    assert client.post("/cycles", data=FORM).status_code == 403
    assert client.get("/cycles/1/sheet").status_code == 403
    assert client.get("/cycles/abc").status_code == 404 and client.get("/cycles/99").status_code == 404


def test_the_cycle_pages_in_english(client: TestClient, demo_ledger_copy: Path) -> None:
    signed_in(client, demo_ledger_copy, "jinxiang")
    client.post("/cycles", data=FORM)
    client.post("/cycles/1/remind", data={"department": "住建局"})
    client.cookies.set(i18n.COOKIE, "en")
    allowed, data = domain_terms(), ledger_text(demo_ledger_copy)
    for who in ("jinxiang", "zhujian"):
        signed_in(client, demo_ledger_copy, who)
        for path in ("/cycles", "/cycles/1"):
            soup = BeautifulSoup(client.get(path).text, "html.parser")
            for quoted in soup.select("script, style"):
                quoted.decompose()
            assert stray(soup.get_text(" "), allowed, data) == set(), (who, path)
