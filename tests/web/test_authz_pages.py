"""The dashboard under its users: a login page (and nothing else) without a session, sessions in HttpOnly SameSite
cookies, every form POST refused without the session's CSRF token, a reporter's ledger holding only its own
department's targets, a viewer without upload forms, the audit page for coordinators naming the real user,
and names carrying HTML shown as text on every page.
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from auth.clients import WAIT_FOR_JOBS
from greentrack.auth.demo import DEMO_ACCOUNTS
from greentrack.ledger import repository
from greentrack.ledger.schema import DepartmentRow, DocumentRow, ResponsibilityRow
from greentrack.services.ledger import open_ledger
from greentrack.services.status import ledger_status
from greentrack.web import create_app

HOUSING = "金乡县住房和城乡建设局"
ACCOUNT = {a.role: a for a in DEMO_ACCOUNTS}
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
SCRIPT = '<script>alert("x")</script>'


@pytest.fixture
def ledger_copy(api_demo_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "demo.db"
    shutil.copy(api_demo_db, copy)
    return copy


@pytest.fixture
def browser(ledger_copy: Path) -> Iterator[TestClient]:
    """A client with a cookie jar, as a browser: nobody is signed in yet."""
    with TestClient(create_app(ledger_copy)) as client:
        client.headers.update(WAIT_FOR_JOBS)
        yield client


def log_in(client: TestClient, role: str, next_path: str = "/") -> TestClient:
    """Sign in through the login form, as a person does."""
    form = client.get("/login", params={"next": next_path})
    account = ACCOUNT[role]
    done = client.post("/login", data={"name": account.name, "password": account.password, "next": next_path,
                                       "csrf_token": TOKEN.search(form.text).group(1)}, follow_redirects=False)
    landing = "/my" if role == "reporter" and next_path == "/" else next_path  # a reporter starts on 我的工作
    assert done.status_code == 303 and done.headers["location"] == landing, done.text
    return client


def token_of(page: str) -> str:
    found = TOKEN.search(page)
    assert found, "the page carries the session's CSRF token"
    return found.group(1)


def sheet(target_id: int, value: float = 97.0) -> dict:
    header = "目标编号 target id,期间 period,数值 value,单位 unit,来源 source,备注 note\n"
    body = f"{header}{target_id},2024,{value},%,年报,\n"
    return {"file": ("填报.csv", io.BytesIO(body.encode("utf-8")), "text/csv")}


def observations(ledger_path: Path) -> int:
    ledger = open_ledger(db=ledger_path)
    try:
        with ledger.session() as session:
            return repository.audit.row_counts(session)["observations"]
    finally:
        ledger.close()


def test_without_a_session_every_page_leads_to_the_login(browser: TestClient) -> None:
    for path in ("/", "/ledger?status=lagging", "/targets/13", "/upload", "/audit", "/analysis/contradictions"):
        answer = browser.get(path, follow_redirects=False)
        assert answer.status_code == 303, path
        assert answer.headers["location"].startswith("/login?next=/"), path
    page = browser.get("/ledger?status=lagging")  # followed: the login form, remembering where to go
    assert 'name="next" value="/ledger?status=lagging"' in page.text
    assert browser.get("/static/dashboard.css").status_code == 200  # the login page's own assets stay open


def test_login_sets_an_httponly_samesite_cookie_and_goes_back(browser: TestClient) -> None:
    form = browser.get("/login")
    done = browser.post("/login", data={"name": "jinxiang", "password": ACCOUNT["coordinator"].password,
                                        "next": "/ledger", "csrf_token": token_of(form.text)}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/ledger"
    cookie = next(c for c in done.headers.get_list("set-cookie") if c.startswith("greentrack_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie  # plain http here
    page = browser.get("/ledger")
    assert page.status_code == 200 and "jinxiang" in page.text


def test_the_session_cookie_is_secure_over_https_or_when_set(ledger_copy: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GREENTRACK_COOKIE_SECURE", "auto")
    with TestClient(create_app(ledger_copy), base_url="https://testserver") as client:
        client.headers.update(WAIT_FOR_JOBS)
        form = client.get("/login")
        done = client.post("/login", data={"name": "admin", "password": ACCOUNT["administrator"].password,
                                           "csrf_token": token_of(form.text)}, follow_redirects=False)
        assert done.status_code == 303, done.text
        assert "Secure" in next(c for c in done.headers.get_list("set-cookie") if c.startswith("greentrack_session="))
    monkeypatch.setenv("GREENTRACK_COOKIE_SECURE", "always")  # behind a proxy that ends TLS: http inside
    with TestClient(create_app(ledger_copy)) as client:
        client.headers.update(WAIT_FOR_JOBS)
        assert "Secure" in client.get("/login").headers["set-cookie"]


def test_a_wrong_password_or_a_forged_login_form_signs_nobody_in(browser: TestClient) -> None:
    form = browser.get("/login")
    wrong = browser.post("/login", data={"name": "admin", "password": "guess-guess", "csrf_token": token_of(form.text)})
    assert wrong.status_code == 401 and "用户名或密码错误" in wrong.text
    forged = browser.post("/login", data={"name": "admin", "password": ACCOUNT["administrator"].password,
                                          "csrf_token": "made-up"})
    assert forged.status_code == 403
    assert browser.get("/", follow_redirects=False).status_code == 303


def test_login_never_sends_the_browser_off_the_server(browser: TestClient) -> None:
    form = browser.get("/login", params={"next": "//evil.example/"})
    assert 'name="next" value="/"' in form.text
    done = browser.post("/login", data={"name": "admin", "password": ACCOUNT["administrator"].password,
                                        "next": "https://evil.example/", "csrf_token": token_of(form.text)},
                        follow_redirects=False)
    assert done.headers["location"] == "/"


def test_a_reporter_sees_only_its_departments_targets(browser: TestClient, ledger_copy: Path) -> None:
    log_in(browser, "reporter")
    ledger = open_ledger(db=ledger_copy)
    try:
        rows = ledger_status(ledger).rows
    finally:
        ledger.close()
    housing = {r.record.id for r in rows if HOUSING in r.record.departments}
    shown = set()
    for number in range(1, 1 + len(housing) // 10 + 1):  # every page of the reporter's ledger
        page = browser.get("/ledger", params={"page": number})
        assert page.status_code == 200
        shown |= {int(i) for i in re.findall(r'href="/targets/(\d+)"', page.text)}
    assert shown == housing
    refused = browser.get("/targets/55")  # 科技局's target
    assert refused.status_code == 403 and "target 55 is not one your department answers for" in refused.text
    upload = browser.get("/upload")
    assert 'id="data-form"' in upload.text and 'id="plan-form"' not in upload.text
    assert browser.get("/audit").status_code == 403


def test_a_viewer_has_no_upload_forms(browser: TestClient) -> None:
    log_in(browser, "viewer")
    overview = browser.get("/")
    assert overview.status_code == 200
    assert 'href="/upload"' not in overview.text and 'href="/audit"' not in overview.text
    assert re.findall(r'<form method="post" action="([^"]+)"', overview.text) == ["/logout"]
    assert browser.get("/upload").status_code == 403
    page = browser.get("/upload")
    assert 'id="plan-form"' not in page.text and 'id="data-form"' not in page.text


def test_a_form_post_without_the_csrf_token_is_refused_and_writes_nothing(browser: TestClient,
                                                                          ledger_copy: Path) -> None:
    log_in(browser, "coordinator")
    before = observations(ledger_copy)
    missing = browser.post("/upload/data", files=sheet(13), data={"replace": "on"})
    assert missing.status_code == 403 and "CSRF" in missing.text
    other_session = TestClient(browser.app)
    with other_session:
        log_in(other_session, "coordinator")
        foreign = token_of(other_session.get("/upload").text)
    wrong = browser.post("/upload/data", files=sheet(13), data={"replace": "on", "csrf_token": foreign})
    assert wrong.status_code == 403
    assert observations(ledger_copy) == before
    token = token_of(browser.get("/upload").text)
    accepted = browser.post("/upload/data", files=sheet(13), data={"replace": "on", "csrf_token": token})
    assert accepted.status_code == 200, accepted.text
    assert observations(ledger_copy) == before + 1
    assert browser.post("/logout", follow_redirects=False).status_code == 403  # logging out is a form POST too
    out = browser.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303 and browser.get("/", follow_redirects=False).status_code == 303


def test_the_audit_page_names_the_real_user(browser: TestClient) -> None:
    log_in(browser, "reporter")
    token = token_of(browser.get("/upload").text)
    assert browser.post("/upload/data", files=sheet(13, 96.5), data={"replace": "on", "csrf_token": token}
                        ).status_code == 200
    browser.cookies.clear()
    log_in(browser, "coordinator")
    page = browser.get("/audit", params={"entity": "observation", "actor": "zhujian"})
    assert page.status_code == 200
    rows = re.findall(r"<tr><td class=\"nowrap\">[^<]+</td><td>([^<]+)</td><td class=\"nowrap\">([^<]+)</td>"
                      r"<td>([^<]+)</td>", page.text)
    assert rows and all(actor == "zhujian" and entity.startswith("observation") for actor, entity, _ in rows)
    assert "period: — → 2024" in page.text


def test_names_with_html_are_shown_as_text_on_every_page(browser: TestClient, ledger_copy: Path) -> None:
    ledger = open_ledger(db=ledger_copy)
    try:
        with ledger.session("test") as session:
            document = session.get(DocumentRow, 1)
            document.title = f"{SCRIPT}金乡县方案"
            department = DepartmentRow(name=f"{SCRIPT}局", jurisdiction_code="370828")
            session.add(department)
            session.flush()
            session.add(ResponsibilityRow(department_id=department.id, target_id=13, written=f"{SCRIPT}局", lead=True))
        with ledger.session() as session:
            department_id = session.scalars(select(DepartmentRow.id).where(DepartmentRow.name == f"{SCRIPT}局")).one()
    finally:
        ledger.close()
    log_in(browser, "administrator")
    escaped = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"
    pages = ["/", "/ledger", "/documents", "/documents/1", "/targets/13", "/departments",
             f"/departments/{department_id}", "/compare", "/analysis/contradictions", "/analysis/decomposition",
             "/analysis/timeline?jurisdiction=金乡县", "/analysis/evaluation", "/audit", "/upload"]
    for path in pages:
        page = browser.get(path)
        assert page.status_code == 200, path
        assert SCRIPT not in page.text and "<script>alert" not in page.text, path
    for path in ("/documents", "/documents/1", "/targets/13", f"/departments/{department_id}"):
        assert escaped in browser.get(path).text, path
    report = browser.get("/api/v1/reports/金乡县", params={"format": "html"})
    assert report.status_code == 200 and "<script>alert" not in report.text
