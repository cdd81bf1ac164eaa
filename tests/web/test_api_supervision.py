"""Supervision items through the API and the pages, with the demo's accounts: the office creates an item from a
warning and by hand, issues its 督办函 (a .docx download), the department answers with evidence (multipart) and
downloads it back, the office closes, returns and escalates; each role held to its part (a viewer reads, a
reporter answers and sees only its department's items); a bad answer is a 422 naming the part with nothing
stored; the pages list and show the items (overdue ones red) in Chinese and English, and their forms make the
same steps; the overview's warnings carry a "create an item" button for the office."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docx import Document
from fastapi.testclient import TestClient

from auth.clients import user_token
from greentrack.ledger import repository
from greentrack.ledger.db import Ledger
from greentrack.services.ledger import open_ledger
from greentrack.web import create_app
from ledger.test_supervision_items import counts, warned_target
from web.test_english import domain_terms, ledger_text, stray

from .conftest import RouteRecorder

TODAY = dt.date.today()
DUE = (TODAY + dt.timedelta(days=30)).isoformat()
ZHUJIAN = "金乡县住房和城乡建设局"
PARTS = {"progress": "已完成改造12个小区", "problems": "资金到位慢", "measures": "每周调度",
         "complete_by": (TODAY + dt.timedelta(days=90)).isoformat()}


class Roles:
    """One client over the demo copy, signed in as any demo account by name (a Bearer token each)."""

    def __init__(self, client: TestClient, db: Path) -> None:
        self.client, self.db, self.tokens = client, db, {}
        for name in ("admin", "jinxiang", "zhujian", "viewer"):
            self.tokens[name] = user_token(db, name)

    def other(self, ledger: Ledger, item: dict) -> TestClient:
        """A reporter of a department of 金乡县 the item is not addressed to."""
        mine = {d["department_id"] for d in item["departments"]}
        with ledger.session() as session:
            department = next(d.name for d in repository.departments.list_departments(session)
                              if d.jurisdiction_code == "370828" and d.id not in mine)
        self.tokens["nongye"] = user_token(self.db, "nongye", "reporter", None, department)
        return self("nongye")

    def __call__(self, name: str) -> TestClient:
        self.client.headers["Authorization"] = f"Bearer {self.tokens[name]}"
        return self.client


@pytest.fixture
def demo_db(demo_ledger_copy: Path) -> Path:
    return demo_ledger_copy


@pytest.fixture
def ledger(demo_db: Path) -> Iterator[Ledger]:
    opened = open_ledger(db=demo_db)
    yield opened
    opened.close()


@pytest.fixture
def as_(demo_db: Path) -> Iterator[Roles]:
    with TestClient(RouteRecorder(create_app(demo_db))) as client:
        yield Roles(client, demo_db)


def test_the_loop_through_the_api(as_: Roles, ledger: Ledger) -> None:
    target = warned_target(ledger)
    assert as_("viewer").post("/api/v1/supervision/from-warning",
                              json={"target_id": target, "answer_due": DUE}).status_code == 403
    made = as_("jinxiang").post("/api/v1/supervision/from-warning", json={"target_id": target, "answer_due": DUE})
    assert made.status_code == 201, made.text
    item = made.json()
    assert (item["state"], item["source"], item["subjects"][0]["target_id"]) == ("open", "warning", target)
    assert item["letter_url"] == f"/api/v1/supervision/{item['id']}/letter"
    number = item["id"]
    issued = as_("jinxiang").post(f"/api/v1/supervision/{number}/issue",
                                  json={"issuer": "金乡县人民政府督查室", "doc_number": "金督办〔2026〕3号",
                                        "issued_on": "2026-12-06"})
    assert issued.status_code == 200 and issued.json()["doc_number"] == "金督办〔2026〕3号"
    letter = as_("zhujian").get(f"/api/v1/supervision/{number}/letter")
    assert letter.status_code == 200 and "filename*=UTF-8''" in letter.headers["content-disposition"]
    texts = [p.text for p in Document(io.BytesIO(letter.content)).paragraphs if p.text.strip()]
    assert texts[:2] == ["金乡县人民政府督查室", "金督办〔2026〕3号"] and "二〇二六年十二月六日" in texts

    # another department's reporter may neither see nor answer it; nothing is stored
    as_.other(ledger, item)
    before = counts(ledger)
    assert as_("nongye").get(f"/api/v1/supervision/{number}").status_code == 403
    refused = as_("nongye").post(f"/api/v1/supervision/{number}/answers", data=PARTS,
                                 files=[("files", ("a.txt", b"x", "text/plain"))])
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    missing = as_("zhujian").post(f"/api/v1/supervision/{number}/answers", data={**PARTS, "measures": ""})
    assert missing.status_code == 422 and missing.json()["error"]["details"][0]["field"] == "measures"
    bad_file = as_("zhujian").post(f"/api/v1/supervision/{number}/answers", data=PARTS,
                                   files=[("files", ("ok.txt", b"fine", "text/plain")),
                                          ("files", ("x.html", b"<script>", "text/html"))])
    assert bad_file.status_code == 422 and bad_file.json()["error"]["code"] == "evidence_refused"
    assert counts(ledger) == before
    assert number not in [i["id"] for i in as_("nongye").get("/api/v1/supervision/items").json()["items"]]

    answered = as_("zhujian").post(f"/api/v1/supervision/{number}/answers", data=PARTS,
                                   files=[("files", ("现场照片说明.txt", "照片".encode(), "text/plain")),
                                          ("files", ("台账.pdf", b"%PDF-1.4 x", "application/pdf"))])
    assert answered.status_code == 201, answered.text
    body = answered.json()
    assert body["item"]["state"] == "answered" and body["answers"][0]["department"] == ZHUJIAN
    first = body["answers"][0]["evidence"][0]
    download = as_("zhujian").get(first["url"])
    assert download.status_code == 200 and download.content == "照片".encode()
    assert "filename*=UTF-8''" in download.headers["content-disposition"]
    assert download.headers["content-type"].startswith("text/plain")
    assert as_("nongye").get(first["url"]).status_code == 403
    assert as_("viewer").get(first["url"]).status_code == 200
    assert as_("admin").get("/api/v1/evidence/999999").status_code == 404

    assert as_("zhujian").post(f"/api/v1/supervision/{number}/close").status_code == 403
    closed = as_("jinxiang").post(f"/api/v1/supervision/{number}/close", json={"note": "整改到位"})
    assert closed.status_code == 200 and closed.json()["state"] == "closed"
    again = as_("jinxiang").post(f"/api/v1/supervision/{number}/close")
    assert again.status_code == 409 and again.json()["error"]["code"] == "state_conflict"
    shown = as_("viewer").get(f"/api/v1/supervision/{number}").json()
    assert [e["action"] for e in shown["events"]] == ["created", "issued", "answered", "closed"]


def test_by_hand_returned_escalated_and_listed(as_: Roles) -> None:
    made = as_("jinxiang").post("/api/v1/supervision", json={
        "title": "关于老旧小区改造的督办", "requirement": "请报送进展", "answer_due": DUE, "lead": ["县住建局"],
        "support": ["县交通运输局"]})
    assert made.status_code == 201, made.text
    number = made.json()["id"]
    assert [(d["name"], d["lead"]) for d in made.json()["departments"]] == [(ZHUJIAN, True),
                                                                            ("金乡县交通运输局", False)]
    unknown = as_("jinxiang").post("/api/v1/supervision", json={"title": "x", "requirement": "y",
                                                                 "answer_due": DUE, "lead": ["县火星局"]})
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown_department"
    as_("admin").post(f"/api/v1/supervision/{number}/answers", data={**PARTS, "department": "县住建局"})
    returned = as_("jinxiang").post(f"/api/v1/supervision/{number}/return", json={"reason": "措施不具体"})
    assert returned.status_code == 200 and returned.json()["state"] == "returned"
    escalated = as_("jinxiang").post(f"/api/v1/supervision/{number}/escalate",
                                     json={"record": "12月8日约谈住建局，议定月底完成"})
    assert escalated.json()["state"] == "escalated"
    listed = as_("zhujian").get("/api/v1/supervision/items", params={"state": "escalated"}).json()
    assert number in [i["id"] for i in listed["items"]] and listed["total"] == len(listed["items"])
    later = (TODAY + dt.timedelta(days=31)).isoformat()
    overdue = as_("viewer").get("/api/v1/supervision/items", params={"overdue": True, "as_of": later,
                                                               "jurisdiction": "金乡县"}).json()
    assert [i["overdue"] for i in overdue["items"]] == [True] * overdue["total"] and overdue["total"] >= 1
    assert as_("viewer").get("/api/v1/supervision/items", params={"state": "lost"}).status_code == 422
    assert as_("viewer").get("/api/v1/supervision/999999").status_code == 404


def test_pages_list_show_and_take_every_step(as_: Roles, ledger: Ledger) -> None:
    overview = BeautifulSoup(as_("jinxiang").get("/").text, "html.parser")
    buttons = overview.select("form.sv-warning-form")
    assert buttons and buttons[0]["action"] == "/supervision/from-warning"
    assert not BeautifulSoup(as_("viewer").get("/").text, "html.parser").select("form.sv-warning-form")
    target = warned_target(ledger)
    made = as_("jinxiang").post("/supervision/from-warning", data={"target_id": str(target)}, follow_redirects=False)
    assert made.status_code == 303, made.text
    page = made.headers["location"]
    number = int(page.rsplit("/", 1)[1])
    shown = BeautifulSoup(as_("jinxiang").get(page).text, "html.parser")
    assert shown.select_one("#sv-state").get_text() == "待答复" and "年" in shown.select_one("#sv-due").get_text()
    assert shown.select_one("#sv-answer-form") and shown.select_one("#sv-escalate-form")
    assert as_("jinxiang").post(f"/supervision/{number}/issue", data={"issuer": "金乡县人民政府督查室",
                                                              "doc_number": "金督办〔2026〕4号"},
                       follow_redirects=False).status_code == 303

    mine = BeautifulSoup(as_("zhujian").get(page).text, "html.parser")
    assert mine.select_one("#sv-answer-form") and not mine.select_one("#sv-office")
    refused = as_("zhujian").post(f"/supervision/{number}/answer", data={**PARTS, "problems": ""})
    assert refused.status_code == 422 and "存在问题" in refused.text
    done = as_("zhujian").post(f"/supervision/{number}/answer", data=PARTS,
                           files=[("files", ("说明.txt", "佐证".encode(), "text/plain"))], follow_redirects=False)
    assert done.status_code == 303, done.text
    answered = BeautifulSoup(as_("jinxiang").get(page).text, "html.parser")
    link = answered.select_one("a.evidence-link")
    assert link.get_text() == "说明.txt" and as_("zhujian").get(link["href"]).content == "佐证".encode()
    assert as_("jinxiang").post(f"/supervision/{number}/return", data={"reason": "再补充"},
                       follow_redirects=False).status_code == 303
    as_("zhujian").post(f"/supervision/{number}/answer", data=PARTS)
    assert as_("jinxiang").post(f"/supervision/{number}/close", data={}, follow_redirects=False).status_code == 303
    assert as_("viewer").post(f"/supervision/{number}/escalate", data={"record": "x"}).status_code == 403

    made = as_("jinxiang").post("/supervision", data={"title": "手工督办", "requirement": "请答复", "answer_due": DUE,
                                             "targets": str(target), "lead": "县住建局", "support": ""},
                       follow_redirects=False)
    assert made.status_code == 303
    other = int(made.headers["location"].rsplit("/", 1)[1])
    assert as_("jinxiang").post(f"/supervision/{other}/escalate", data={"record": "约谈记录"},
                       follow_redirects=False).status_code == 303
    listing = BeautifulSoup(as_("jinxiang").get("/supervision").text, "html.parser")
    rows = {row["id"]: row for row in listing.select("#sv-items tbody tr")}
    assert "sv-late" in rows[f"sv-item-{other}"]["class"] and "sv-late" not in rows[f"sv-item-{number}"].get(
        "class", [])
    assert listing.select_one("#sv-create-form")
    timeline = [li.get_text(" ", strip=True) for li in BeautifulSoup(as_("jinxiang").get(page).text, "html.parser")
                .select("#sv-timeline li")]
    assert len(timeline) == 6 and "销号" in timeline[-1]
    assert as_("jinxiang").get("/supervision/abc").status_code == 404
    assert as_("jinxiang").get("/supervision", params={"department": "县火星局"}).status_code == 404


def test_the_pages_in_english_and_at_a_phone_width(as_: Roles, ledger: Ledger, demo_db: Path) -> None:
    made = as_("jinxiang").post("/api/v1/supervision/from-warning",
                       json={"target_id": warned_target(ledger), "answer_due": DUE}).json()
    as_("zhujian").post(f"/api/v1/supervision/{made['id']}/answers", data=PARTS,
                        files=[("files", ("a.txt", b"x", "text/plain"))])
    as_.client.cookies.set("lang", "en")
    allowed, data = domain_terms(), ledger_text(demo_db)
    for path in ("/supervision", f"/supervision/{made['id']}", "/supervision/999999"):
        answer = as_("jinxiang").get(path)
        soup = BeautifulSoup(answer.text, "html.parser")
        assert soup.html["lang"] == "en", path
        for quoted in soup.select("script, style"):
            quoted.decompose()
        assert stray(soup.get_text(" "), allowed, data) == set(), path
        assert soup.select_one('meta[name="viewport"]')["content"].startswith("width=device-width")
    as_.client.cookies.delete("lang")
    shown = as_("jinxiang").get(f"/supervision/{made['id']}").text
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日", shown)  # dates for people in Chinese form
