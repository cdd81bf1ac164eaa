"""The analysis pages on the demo ledger: each renders in Chinese and in English with its heading, shows what
the service returns (both quotes of a contradiction side by side, each place's scores, the roadmap's rows),
links findings to their targets, draws its charts from local assets, and an unknown place is a 404 page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from auth.clients import signed_in
from greentrack.services.analysis import ledger_timeline
from greentrack.services.ledger import open_ledger
from greentrack.web import create_app

from .test_analysis_api import need_cjk_font

PAGES = [
    ("/analysis", "规划分析", "Analysis 规划分析"),
    ("/analysis/contradictions", "规划间矛盾", "Contradictions 规划间矛盾"),
    ("/analysis/decomposition", "分解落实", "Decomposition 分解落实"),
    ("/analysis/ambition", "目标力度", "Ambition 目标力度"),
    ("/analysis/timeline", "路线图", "Roadmap 路线图"),
    ("/analysis/evaluation", "城市体检式评价", "Evaluation 城市体检式评价"),
]


@pytest.fixture(scope="module")
def demo_db(copy_demo_ledger: Callable[[Path], Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_demo_ledger(tmp_path_factory.mktemp("analysis-pages"))


@pytest.fixture(scope="module")
def client(demo_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(demo_db)) as test_client:
        yield signed_in(test_client, demo_db)


def page(client: TestClient, path: str, **params: str) -> str:
    client.cookies.clear()
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.text


def h1(text: str) -> str:
    found = re.search(r"<h1>(.*?)</h1>", text, re.S)
    assert found
    return html.unescape(found.group(1)).strip()


@pytest.mark.parametrize(("path", "zh", "en"), PAGES)
def test_each_page_renders_in_both_languages(client: TestClient, path: str, zh: str, en: str) -> None:
    chinese = page(client, path)
    assert h1(chinese) == zh and '<html lang="zh-CN">' in chinese
    english = page(client, path, lang="en")
    assert h1(english) == en and '<html lang="en">' in english
    assert 'href="/analysis"' in chinese, "every page links back to the analyses"


def test_contradictions_show_both_quotes_and_link_the_targets(client: TestClient, demo_db: Path) -> None:
    text = page(client, "/analysis/contradictions", jurisdiction="金乡县")
    rows = re.findall(r"<tr class=\"severity-(\w+)\">(.*?)</tr>", text, re.S)
    assert [severity for severity, _ in rows] == ["high", "medium", "medium", "medium", "medium", "low"]
    first = rows[0][1]
    assert "<q>全县建成各类充换电站110座</q>" in first and "<q>建成公共领域充换电站180座</q>" in first
    for target_id in re.findall(r'href="/targets/(\d+)"', first):
        assert client.get(f"/targets/{target_id}").status_code == 200
    assert "未发现规划间矛盾。" in page(client, "/analysis/contradictions", jurisdiction="赤峰市")


def test_contradictions_explain_themselves_in_the_language_asked_for(client: TestClient) -> None:
    def first_row(text: str) -> str:
        row = re.search(r"<tr class=\"severity-high\">(.*?)</tr>", text, re.S)
        assert row
        return html.unescape(row.group(1))

    chinese = first_row(page(client, "/analysis/contradictions", jurisdiction="金乡县"))
    assert "高 · 局部超过整体" in chinese and "180座" in chinese and "局部的数量不应超过整体。" in chinese
    english = first_row(page(client, "/analysis/contradictions", jurisdiction="金乡县", lang="en"))
    assert "high · part exceeds the whole" in english and "局部" not in english
    assert re.search(r"asks for 180座 in \S+ alone, more than 《[^》]+》's 110座 for the whole place", english), english


def test_decomposition_lists_the_undecided_rows(client: TestClient) -> None:
    text = page(client, "/analysis/decomposition")
    section = text[text.index('id="decomposition-undecided"'):]
    assert "(4)" in section and section.count("完成市分解任务") == 4


def test_ambition_draws_one_chart_per_ranking(client: TestClient) -> None:
    text = page(client, "/analysis/ambition", indicator="reclaimed_water_utilisation_rate")
    assert '<h2 id="indicator-name">再生水利用率' in text
    assert text.count('class="card ranking"') == text.count('data-chart="ambition-chart-') == 3
    assert '<script src="/static/vendor/echarts.min.js"></script>' in text


def test_timeline_of_a_place(client: TestClient, demo_db: Path) -> None:
    text = page(client, "/analysis/timeline", jurisdiction="金乡县")
    ledger = open_ledger(db=demo_db)
    try:
        expected = ledger_timeline(ledger, "金乡县")
    finally:
        ledger.close()
    body = text[text.index('id="timeline-table"'):]
    assert body.count("<tr>") == len(expected.rows) + 1
    assert 'data-chart="timeline-chart-option"' in text


def test_evaluation_scores_each_place(client: TestClient) -> None:
    text = page(client, "/analysis/evaluation")
    table = text[text.index('id="evaluation-table"'):text.index("</table>", text.index('id="evaluation-table"'))]
    names = [html.unescape(n) for n in re.findall(r"<tr><td>(.*?)</td>", table)]
    assert names == ["平陆县", "赤峰市", "金乡县", "甘肃省"]
    assert 'data-chart="radar-chart-option"' in text


def test_report_downloads_are_listed_per_place(client: TestClient) -> None:
    need_cjk_font()
    text = page(client, "/analysis")
    places = re.findall(r'name="jurisdiction" value="([^"]+)"', text)
    assert len(places) == 4 and text.count('name="format" value=') == 4 * 3  # a job each (test_api_report_jobs.py)
    response = client.get(f"/api/v1/reports/{html.unescape(places[0])}", params={"format": "html"})
    assert response.status_code == 200 and response.text.startswith("<!doctype html>")


def test_an_unknown_place_is_a_404_page(client: TestClient) -> None:
    response = client.get("/analysis/timeline", params={"jurisdiction": "嘉祥县"})
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"] and "嘉祥县" in html.unescape(response.text)
