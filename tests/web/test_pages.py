"""The dashboard pages on the demo ledger: every page renders in Chinese and in English with its headings,
a missing id is a 404 page, text from the ledger is escaped, filters and sorting do what they say, the
quote sits inside <mark>, a bad monitoring sheet lists every problem and imports nothing, and no
template or script names a URL outside the server.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx2 as httpx
import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from httpx2 import Response
from openpyxl import Workbook

from auth.clients import signed_in
from greentrack.auth.demo import DEMO_ACCOUNTS
from greentrack.ledger import repository
from greentrack.services.documents import document_detail
from greentrack.services.ledger import open_ledger
from greentrack.services.target_query import TargetFilter
from greentrack.services.targets import list_targets
from greentrack.services.users import add_user
from greentrack.track import KINDS
from greentrack.web import create_app, i18n
from greentrack.web.pages_common import STATIC, TEMPLATES

HOUSING = "金乡县住房和城乡建设局"


@pytest.fixture(scope="module")
def demo_db(copy_demo_ledger: Callable[[Path], Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_demo_ledger(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def client(demo_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(demo_db)) as test_client:
        yield signed_in(test_client, demo_db)


@pytest.fixture
def own_client(demo_db: Path, tmp_path: Path) -> Iterator[TestClient]:
    """A client on a private copy of the demo ledger, for tests that write to it."""
    copy = tmp_path / "demo.db"
    shutil.copy(demo_db, copy)
    with TestClient(create_app(copy)) as test_client:
        yield signed_in(test_client, copy)


def fetch(client: TestClient, path: str, cookie: str | None = None, params: dict | None = None,
          **options: object) -> Response:
    """GET with exactly one language cookie (or none): the client's jar is cleared first."""
    client.cookies.clear()
    if cookie:
        client.cookies.set("lang", cookie)
    return client.get(path, params=params, **options)


def h1(page: str) -> str:
    found = re.search(r"<h1>(.*?)</h1>", page, re.S)
    assert found, "every page has one <h1>"
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip()


PAGES = [  # path, Chinese heading, English heading (the domain term kept beside)
    ("/", "总览", "Overview 总览"),
    ("/ledger", "目标台账", "Ledger of targets 台账"),
    ("/documents", "规划文件", "Plans 规划文件"),
    ("/departments", "责任部门", "Departments 责任部门"),
    ("/compare", "横向比较", "Comparison 横向比较"),
    ("/upload", "上传", "Upload 上传"),
]


@pytest.mark.parametrize(("path", "zh", "en"), PAGES)
def test_each_page_renders_in_both_languages(client: TestClient, path: str, zh: str, en: str) -> None:
    chinese = fetch(client, path, "zh")
    assert chinese.status_code == 200
    assert h1(chinese.text) == zh
    assert '<html lang="zh-CN">' in chinese.text
    english = fetch(client, path, params={"lang": "en"})
    assert english.status_code == 200
    assert h1(english.text) == en
    assert english.cookies.get("lang") == "en", "?lang=en sticks for the next pages"


def test_detail_pages_render_with_their_headings(client: TestClient) -> None:
    row = list_targets(client.app.state.ledger).rows[0]
    target = fetch(client, f"/targets/{row.record.id}", "zh")
    assert target.status_code == 200
    assert h1(target.text) == f"目标 #{row.record.id} · {row.record.target.indicator}"
    assert "原文出处" in target.text and "计算过程" in target.text and "责任部门" in target.text
    english = fetch(client, f"/targets/{row.record.id}", "en")
    assert h1(english.text) == f"Target #{row.record.id} · {row.record.target.indicator}"
    assert "Source sentence in the plan" in english.text
    document = fetch(client, f"/documents/{row.record.document_id}")
    assert h1(document.text) == row.record.document_title
    assert "目录与各章节目标" in document.text
    department = fetch(client, "/departments/1", "en")
    assert department.status_code == 200 and "Supervision list 督办清单" in department.text


def test_language_switch_sets_the_cookie_and_returns_to_the_page(client: TestClient) -> None:
    response = fetch(client, "/lang/en", params={"next": "/ledger?status=overdue"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/ledger?status=overdue"
    assert response.cookies.get("lang") == "en"
    elsewhere = fetch(client, "/lang/zh", params={"next": "//example.org/x"}, follow_redirects=False)
    assert elsewhere.headers["location"] == "/", "the switch never sends a visitor off the server"
    page = fetch(client, "/ledger", "zh", {"status": "overdue"})
    assert 'href="/lang/en?next=/ledger%3Fstatus%3Doverdue"' in page.text


@pytest.mark.parametrize("path", ["/targets/999999", "/targets/abc", "/documents/999999", "/departments/999999",
                                  "/compare?indicator=no_such_indicator"])
def test_a_missing_record_is_a_404_page(client: TestClient, path: str) -> None:
    response = fetch(client, path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert h1(response.text).startswith("找不到该页面或记录")
    english = fetch(client, path, "en")
    assert h1(english.text).startswith("Not found")


def test_a_bad_filter_is_a_400_page_naming_it(client: TestClient) -> None:
    response = fetch(client, "/ledger", params={"year": "二〇二五"})
    assert response.status_code == 400
    assert "year must be a number" in response.text


def test_text_from_the_ledger_is_escaped(own_client: TestClient) -> None:
    ledger = own_client.app.state.ledger
    hostile = '<script>alert("x")</script>&<b>'
    with ledger.session("test") as session:
        record = repository.documents.current_targets(session)[0]
        repository.documents.update_target(session, record.id, indicator=hostile)
    for path in (f"/targets/{record.id}", "/ledger", f"/documents/{record.document_id}"):
        page = fetch(own_client, path).text
        assert "<script>alert(" not in page and "</script>&<b>" not in page, path
        assert "&lt;script&gt;alert(" in page and "&lt;/script&gt;&amp;&lt;b&gt;" in page, path


def test_the_quote_is_marked_inside_the_document_text(client: TestClient) -> None:
    ledger = client.app.state.ledger
    for row in list_targets(ledger, limit=1000).rows[:40]:
        page = fetch(client, f"/targets/{row.record.id}").text
        marked = re.search(r'<mark id="quote">(.*?)</mark>', page, re.S)
        assert marked, row.record.id
        assert html.unescape(marked.group(1)) == row.record.target.quote
        box = re.search(r'<div class="document-text" id="document-text" tabindex="0">(.*?)</div>', page, re.S)
        assert box and len(html.unescape(re.sub(r"<[^>]+>", "", box.group(1)))) > len(row.record.target.quote)


def ledger_rows(page: str) -> list[str]:
    return re.findall(r'<tr data-status="([a-z_]+)">', page)


def test_the_ledger_filters_by_department_and_status(client: TestClient) -> None:
    ledger = client.app.state.ledger
    expected = list_targets(ledger, TargetFilter(department=HOUSING, status="overdue"))
    assert expected.total > 0, "the demo has overdue targets of the housing bureau"
    page = fetch(client, "/ledger", params={"department": HOUSING, "status": "overdue"}).text
    assert set(ledger_rows(page)) == {"overdue"}
    assert f"共 {expected.total} 项" in page
    everything = list_targets(ledger)
    assert expected.total < everything.total


def test_the_ledger_sorts_and_pages(client: TestClient) -> None:
    page = fetch(client, "/ledger", params={"sort": "progress", "order": "desc"}).text
    ratios = [float(r) for r in re.findall(r'<td class="num">(-?\d+\.\d\d)</td>', page)]
    assert ratios and ratios == sorted(ratios, reverse=True)
    total = list_targets(client.app.state.ledger).total
    second = fetch(client, "/ledger", params={"page": 2}).text
    assert f"第 26–{min(50, total)} 项" in second
    assert len(ledger_rows(second)) == min(25, total - 25)


def test_the_ledger_export_link_downloads_the_workbook(client: TestClient) -> None:
    page = fetch(client, "/ledger").text
    link = html.unescape(re.search(r'id="export-link" href="([^"]+)"', page).group(1))
    response = fetch(client, link)
    assert response.status_code == 200
    assert response.content[:2] == b"PK", "an .xlsx is a zip file"


def test_overview_marks_illustrative_data_and_draws_from_local_assets(client: TestClient) -> None:
    page = fetch(client, "/").text
    assert "示例数据" in page
    assert '<script src="/static/vendor/echarts.min.js"></script>' in page
    assert 'data-chart="status-chart-option"' in page and 'data-chart="department-chart-option"' in page
    assert "default-src 'self'" in fetch(client, "/").headers["content-security-policy"]


def bad_sheet(path: Path, target_id: int) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["目标编号 target id", "期间 period", "数值 value", "单位 unit", "来源 source", "备注 note"])
    sheet.append([target_id, "2024", "很多", "%", "统计局", ""])  # row 2: the value is no number
    sheet.append([target_id, "二〇二四年", 50, "%", "统计局", ""])  # row 3: no period
    sheet.append([999999, "2024", 50, "%", "统计局", ""])  # row 4: no such target
    book.save(path)
    return path


def test_a_bad_sheet_lists_every_problem_and_imports_nothing(own_client: TestClient, tmp_path: Path) -> None:
    ledger = own_client.app.state.ledger
    target = next(r for r in list_targets(ledger, limit=1000).rows if r.record.indicator_id)
    with ledger.session() as session:
        before = repository.audit.row_counts(session)
    path = bad_sheet(tmp_path / "填报表<1>.xlsx", target.record.id)
    with path.open("rb") as handle:
        response = own_client.post("/upload/data", files={"file": (path.name, handle)})
    assert response.status_code == 422
    rows = re.findall(r'<tr><td class="num">(\d+)</td><td>([^<]*)</td><td>(.*?)</td></tr>', response.text, re.S)
    assert {int(r[0]) for r in rows} >= {2, 3, 4}, rows
    assert all(reason.strip() for _, _, reason in rows)
    assert "填报表&lt;1&gt;.xlsx" in response.text, "the file is named, escaped"
    assert "未导入任何数据" in response.text
    with ledger.session() as session:
        assert repository.audit.row_counts(session) == before


def test_a_good_sheet_is_imported(own_client: TestClient, tmp_path: Path) -> None:
    ledger = own_client.app.state.ledger
    target = next(r for r in list_targets(ledger, limit=1000).rows
                  if r.record.indicator_id and r.record.target.unit == "%" and r.record.target.kind == "level")
    path = tmp_path / "good.csv"
    path.write_text("目标编号 target id,期间 period,数值 value,单位 unit,来源 source,备注 note\n"
                    f"{target.record.id},2019,1,%,统计公报,\n", encoding="utf-8")
    with path.open("rb") as handle:
        response = own_client.post("/upload/data", files={"file": ("good.csv", handle)})
    assert response.status_code == 200, response.text
    assert "导入成功：新增 1 条" in response.text


def test_a_plan_upload_is_stored_and_linked(own_client: TestClient) -> None:
    text = ("某县节水行动实施方案\n一、主要目标\n到2025年，全县再生水利用率达到30%以上。\n").encode()
    response = own_client.post("/upload/plan", files={"file": ("节水方案.txt", text)})
    assert response.status_code == 200, response.text
    stored = re.search(r'<a href="/documents/(\d+)">已入库', response.text)
    assert stored and f'href="/documents/{stored.group(1)}/review">审核抽取结果</a>' in response.text  # what next
    unsupported = own_client.post("/upload/plan", files={"file": ("plan.exe", b"MZ")})
    assert unsupported.status_code == 400 and "unsupported file type" in unsupported.text


URL = re.compile(r"https?://[^\s\"'<>)]+")
# URLs a vendored library may carry that are never fetched: XML namespaces and licence references
NOT_REQUESTS = re.compile(r"https?://(www\.w3\.org/|www\.apache\.org/licenses/|github\.com/[^/]+/[^/]+/blob/)")


def test_no_template_or_script_names_an_outside_url() -> None:
    own = [*TEMPLATES.rglob("*.html"), *(p for p in STATIC.rglob("*") if p.is_file() and "vendor" not in p.parts)]
    assert own, "templates and static files are found"
    for path in own:
        if path.suffix == ".svg":
            text = re.sub(r'xmlns="http://www\.w3\.org/2000/svg"', "", path.read_text(encoding="utf-8"))
        else:
            text = path.read_text(encoding="utf-8")
        assert not URL.findall(text), path
    vendored = STATIC / "vendor" / "echarts.min.js"
    found = URL.findall(vendored.read_text(encoding="utf-8"))
    assert [u for u in found if not NOT_REQUESTS.match(u)] == []


def greentrack(*args: str, cwd: Path) -> subprocess.Popen[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GREENTRACK_")}
    return subprocess.Popen([sys.executable, "-m", "greentrack.cli", *args], cwd=cwd, env=environment, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_demo_no_serve_says_how_to_serve_it(tmp_path: Path) -> None:
    done = greentrack("demo", "--no-serve", "--port", "8765", cwd=tmp_path)
    out, err = done.communicate(timeout=300)
    assert done.returncode == 0, err
    assert "仪表盘 dashboard: `greentrack serve --db" in out and "--port 8765`, then http://127.0.0.1:8765/" in out
    assert "DEMO ONLY" in out and all(f"{a.name} / {a.password}" in out for a in DEMO_ACCOUNTS)
    assert (tmp_path / "greentrack-demo.db").is_file()


def test_demo_serves_the_dashboard_on_the_demo_ledger(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    running = greentrack("demo", "--port", str(port), cwd=tmp_path)
    try:
        deadline, page = time.monotonic() + 120, None
        while page is None and time.monotonic() < deadline and running.poll() is None:
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/login", timeout=5)
            except httpx.TransportError:
                time.sleep(0.3)
        assert page is not None, f"the demo did not serve on port {port}"
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token is not None, "the login form carries its CSRF token"
        admin = DEMO_ACCOUNTS[0]
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", cookies=page.cookies, timeout=10) as browser:
            browser.post("/login", data={"name": admin.name, "password": admin.password,
                                         "csrf_token": token.group(1), "next": "/"})
            page = browser.get("/")
        assert page.status_code == 200 and h1(page.text) == "总览"
        assert "示例数据" in page.text
    finally:
        running.terminate()
        running.communicate(timeout=30)


def test_every_label_a_template_or_page_uses_exists_in_both_languages() -> None:
    used = set()
    for path in [*TEMPLATES.rglob("*.html"), *Path(i18n.__file__).parent.glob("pages*.py")]:
        used |= set(re.findall(r"""\bt\(["'](\w[\w.]*\w)["']""", path.read_text(encoding="utf-8")))
    used |= {f"kind.{kind}" for kind in KINDS} | {f"what.{what}" for what in ("target", "document", "department")}
    assert used - set(i18n.LABELS) == set()
    for key, (zh, en) in i18n.LABELS.items():
        assert zh.strip() and en.strip(), key


def test_the_outline_lists_each_target_of_the_document_once(client: TestClient) -> None:
    detail = document_detail(client.app.state.ledger, 1)
    assert detail.rows and detail.sections
    page = fetch(client, "/documents/1").text
    outline = page[page.index('<ol class="outline">'):]
    linked = re.findall(r'<li><a href="/targets/(\d+)">', outline)
    assert sorted(map(int, linked)) == sorted(r.record.id for r in detail.rows)


def test_as_of_assesses_on_that_date_and_a_bad_one_is_named(client: TestClient) -> None:
    early = fetch(client, "/", params={"as_of": "2021-01-01"}).text
    assert "统计日期 2021-01-01" in early
    bad = fetch(client, "/ledger", params={"as_of": "yesterday"})
    assert bad.status_code == 400 and "as_of must be a date" in bad.text


def test_the_login_page_names_the_demo_accounts_on_the_demo_only(demo_db: Path, tmp_path: Path) -> None:
    with TestClient(create_app(demo_db)) as demo:
        page = fetch(demo, "/login", "en")
    assert "Demo accounts (demo only — the passwords are public)" in page.text
    assert all(f"<code>{a.name}</code> / <code>{a.password}</code>" in page.text for a in DEMO_ACCOUNTS)
    own = tmp_path / "own.db"
    ledger = open_ledger(db=own)
    try:
        add_user(ledger, "admin", "administrator", "a-private-password-1")  # the demo's name, not its password
    finally:
        ledger.close()
    with TestClient(create_app(own)) as office:
        page = fetch(office, "/login", "zh")
    assert page.status_code == 200 and "演示账号" not in page.text and "demo-admin" not in page.text


def test_department_choices_are_grouped_by_place(client: TestClient) -> None:
    page = BeautifulSoup(fetch(client, "/ledger", "zh").text, "html.parser")
    groups = page.select("select[name=department] optgroup")
    places = [g["label"] for g in groups]
    assert "金乡县" in places and "赤峰市" in places
    for group in groups:
        names = [o["value"] for o in group.select("option")]
        assert names and (group["label"] == "其他" or all(n.startswith(group["label"]) for n in names)), names


def test_an_empty_filtered_list_names_the_filters(client: TestClient) -> None:
    page = fetch(client, "/ledger", "zh", params={"jurisdiction": "平陆县", "status": "achieved"})
    empty = BeautifulSoup(page.text, "html.parser").select_one("#ledger-count").get_text(" ", strip=True)
    assert empty.startswith("没有符合筛选条件的目标（辖区: 平陆县 · 状态: 已完成）"), empty
    english = fetch(client, "/ledger", "en", params={"jurisdiction": "平陆县", "status": "achieved"})
    assert "No target matches the filters Jurisdiction 辖区: 平陆县 · Status 状态: " in english.text
