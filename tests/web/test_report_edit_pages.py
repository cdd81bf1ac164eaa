"""The report's edit page (/reports/{place}/edit): the place's coordinator sees each section's current text marked
草稿 or 已编辑 (who, when) with save and reset forms and the 公文 frame's form, saves (the text stands in the next
report), gets a bad text back with its reason and nothing stored, resets to the draft; the analysis page links to
it; a viewer reads without forms and is refused a save; another place's edit is refused; in English no stray
Chinese is left."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from auth.clients import signed_in
from greentrack.services.ledger import open_ledger
from greentrack.services.reports import midterm_report
from greentrack.web import create_app, i18n

from .test_english import domain_terms, ledger_text, stray

EDIT = "/reports/金乡县/edit"


@pytest.fixture
def client(demo_ledger_copy: Path) -> Iterator[TestClient]:
    with TestClient(create_app(demo_ledger_copy)) as found:
        yield found


def test_the_office_edits_saves_and_resets(client: TestClient, demo_ledger_copy: Path) -> None:
    signed_in(client, demo_ledger_copy, "jinxiang")
    assert 'href="/reports/%E9%87%91%E4%B9%A1%E5%8E%BF/edit"' in client.get("/analysis").text
    page = BeautifulSoup(client.get(EDIT).text, "html.parser")
    assert [s["id"] for s in page.select("section.report-section")] == [
        "section-basic", "section-progress", "section-problems", "section-plans"]
    assert [b.get_text() for b in page.select(".report-draft")] == ["草稿"] * 4
    assert page.select_one("#section-basic textarea").get_text().startswith("金乡县纳入本次中期评估的规划共2部")
    assert page.select_one("#report-settings-form")

    bad = client.post(f"{EDIT}/basic", data={"text": "  "})
    assert bad.status_code == 422 and 'id="report-problem"' in bad.text and "empty" in bad.text
    saved = client.post(f"{EDIT}/basic", data={"text": "第一段。\n第二段。"}, follow_redirects=False)
    assert saved.status_code == 303
    page = BeautifulSoup(client.get(saved.headers["location"]).text, "html.parser")
    assert page.select_one("#report-notice").get_text() == "已保存。"
    assert page.select_one("#section-basic .report-edited").get_text().startswith("已编辑 · jinxiang · ")
    assert page.select_one("#section-basic textarea").get_text() == "第一段。\n\n第二段。"
    ledger = open_ledger(db=demo_ledger_copy)
    try:
        assert midterm_report(ledger, "金乡县").narrative[0].paragraphs == ("第一段。", "第二段。")
    finally:
        ledger.close()

    settings = client.post("/reports/金乡县/settings", data={"issuer": "金乡县住房和城乡建设局",
                                                             "doc_number": "金建发〔2026〕3号"})
    assert settings.status_code == 200 and 'value="金建发〔2026〕3号"' in settings.text
    reset = client.post(f"{EDIT}/basic/reset")
    assert reset.status_code == 200 and "已恢复为草稿。" in reset.text
    assert len(BeautifulSoup(reset.text, "html.parser").select(".report-draft")) == 4


def test_a_viewer_reads_and_another_place_is_refused(client: TestClient, demo_ledger_copy: Path) -> None:
    signed_in(client, demo_ledger_copy, "viewer")
    page = client.get(EDIT)
    assert page.status_code == 200
    assert "report-section-form" not in page.text and "report-settings-form" not in page.text
    assert client.post(f"{EDIT}/basic", data={"text": "正文"}).status_code == 403
    signed_in(client, demo_ledger_copy, "jinxiang")
    assert client.get("/reports/赤峰市/edit").status_code == 403
    assert client.post("/reports/赤峰市/edit/basic", data={"text": "正文"}).status_code == 403
    assert client.get("/reports/火星市/edit").status_code == 404


def test_the_edit_page_in_english(client: TestClient, demo_ledger_copy: Path) -> None:
    signed_in(client, demo_ledger_copy, "jinxiang")
    client.post(f"{EDIT}/problems", data={"text": "Funding is short."})
    client.cookies.set(i18n.COOKIE, "en")
    soup = BeautifulSoup(client.get(EDIT).text, "html.parser")
    assert soup.select_one("#section-basic textarea").get_text().startswith("This evaluation covers 2 plans of 金乡县")
    for quoted in soup.select("script, style"):
        quoted.decompose()
    assert stray(soup.get_text(" "), domain_terms(), ledger_text(demo_ledger_copy)) == set()
