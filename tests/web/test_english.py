"""English mode says everything in English: no Chinese on any page or in any API error except what is kept on
purpose — the domain terms the labels carry beside their English (Ledger 台账), and the ledger's own data (plan
titles and quotes, indicator, department and place names, units as the plans write them).

Every CJK run of a page's text (quotes and plan text left out) must be one of the labels' domain terms or part of
a value stored in the ledger or the indicator catalog; anything else is a label or message that missed its English.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from auth.clients import signed_in
from greentrack.auth.policy import ROLE_LABELS
from greentrack.ledger import repository
from greentrack.ledger.db import Ledger
from greentrack.resolve.catalog import DIMENSIONS, load_catalog
from greentrack.services.ledger import open_ledger
from greentrack.track import SEVERITY_LABELS, STATUS_LABELS
from greentrack.web import create_app, i18n, pages_analysis

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")  # ideographs; Chinese punctuation alone is no word
PAGES = ("/", "/ledger", "/ledger?status=overdue", "/ledger?jurisdiction=赤峰市&status=achieved", "/documents",
         "/documents/{document}", "/documents/{document}/review", "/targets/{target}", "/departments",
         "/departments/{department}", "/compare", "/analysis", "/analysis/contradictions", "/analysis/decomposition",
         "/analysis/ambition", "/analysis/timeline", "/analysis/evaluation", "/audit", "/upload", "/targets/999999",
         "/no-such-page", "/documents/999999", "/tasks", "/tasks/3", "/my", "/my?department=住建局",
         "/reports/金乡县/edit")
API_ERRORS = ("/api/v1/targets/999999", "/api/v1/documents/999999", "/api/v1/departments/999999",
              "/api/v1/targets?sort=nonsense", "/api/v1/targets?as_of=June", "/api/v1/no-such-route")


def domain_terms() -> set[str]:
    """The Chinese kept on purpose in English labels: each CJK run of every label's English text."""
    english = [en for _, en in (*i18n.LABELS.values(), *pages_analysis.LABELS.values())]
    english += [i18n.status_label(s, "en") for s in STATUS_LABELS] + [i18n.severity_label(s, "en")
                                                                      for s in SEVERITY_LABELS]
    english += [i18n.dimension_label(d, "en") for d in DIMENSIONS] + list(ROLE_LABELS.values())
    return {run for text in english for run in CJK.findall(text)}


def ledger_text(db: Path) -> list[str]:
    """Every text value stored in the ledger (plans, targets, departments, places …) and the catalog's names."""
    values = [name for indicator in load_catalog() for name in indicator.names]
    with sqlite3.connect(db) as connection:
        tables = [name for (name,) in connection.execute("select name from sqlite_master where type = 'table'")]
        for table in tables:
            for column in [c[1] for c in connection.execute(f'pragma table_info("{table}")')]:
                values += [v for (v,) in connection.execute(f'select distinct "{column}" from "{table}"')
                           if isinstance(v, str) and CJK.search(v)]
    return values


@pytest.fixture(scope="module")
def english(api_demo_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(api_demo_db)) as client:
        signed_in(client, api_demo_db)
        client.cookies.set(i18n.COOKIE, "en")
        yield client


@pytest.fixture(scope="module")
def pages(api_demo_db: Path) -> list[str]:
    ledger: Ledger = open_ledger(db=api_demo_db)
    try:
        with ledger.session() as session:
            document = repository.documents.list_documents(session)[0].id
            target = repository.documents.current_targets(session, jurisdiction="金乡县")[0].id
            department = next(d.id for d in repository.departments.list_departments(session)
                              if d.name == "金乡县住房和城乡建设局")
    finally:
        ledger.close()
    return [path.format(document=document, target=target, department=department) for path in PAGES]


def stray(text: str, allowed: set[str], data: list[str]) -> set[str]:
    """The CJK runs of `text` that are neither domain terms nor part of a stored value."""
    return {run for run in CJK.findall(text) if run not in allowed and not any(run in value for value in data)}


def test_no_page_in_english_shows_stray_chinese(english: TestClient, pages: list[str], api_demo_db: Path) -> None:
    allowed, data = domain_terms(), ledger_text(api_demo_db)
    found = {}
    for path in pages:
        answer = english.get(path)
        assert answer.headers["content-type"].startswith("text/html"), path
        soup = BeautifulSoup(answer.text, "html.parser")
        assert soup.html["lang"] == "en", path
        for quoted in soup.select("script, style, .document-text, .plan-text, q, mark, .record-quote"):
            quoted.decompose()  # the plans' own words
        text = soup.get_text(" ") + " ".join(str(v) for tag in soup.find_all(True)
                                              for k, v in tag.attrs.items() if k in ("title", "aria-label", "alt"))
        if left := stray(text, allowed, data):
            found[path] = sorted(left)
    assert found == {}, f"Chinese without English in English mode: {found}"


def test_api_errors_are_english(english: TestClient, api_demo_db: Path) -> None:
    data = ledger_text(api_demo_db)
    for path in API_ERRORS:
        answer = english.get(path)
        assert answer.status_code >= 400, path
        body = answer.json()
        assert stray(str(body), set(), data) == set(), (path, body)


def test_a_warning_reads_in_english_with_units_and_days_overdue(english: TestClient, pages: list[str]) -> None:
    department = next(p for p in pages if p.startswith("/departments/"))
    soup = BeautifulSoup(english.get(department).text, "html.parser")
    messages = [cell.get_text() for cell in soup.select("td.message")]
    assert messages and all(m.startswith("[") and " warning] " in m for m in messages), messages[:3]
    overdue = [m for m in messages if "days overdue" in m]
    assert overdue and re.search(r"past its deadline \d{4}-\d\d-\d\d \(\d+ days overdue\)", overdue[0])
    days = [cell.get_text() for cell in soup.select("td.num.nowrap")]
    assert any(re.fullmatch(r"\d+ days overdue", d) for d in days) and not any(d.startswith("-") for d in days)
    chinese = BeautifulSoup(english.get(department, params={"lang": "zh"}).text, "html.parser")
    cells = [cell.get_text() for cell in chinese.select("td.num.nowrap")]
    assert any(re.fullmatch(r"逾期\d+天", d) for d in cells), cells[:5]
