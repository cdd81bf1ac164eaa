"""The analyses in the API on the demo ledger: each route answers what the CLI's command prints (the same
service call), findings refer to targets by ledger id so /api/v1/targets/{id} opens them, the report comes
as a file in each format, and an unknown place, indicator, format or missing parameter is the one error shape.
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
from docx import Document
from fastapi.testclient import TestClient

from greentrack.services.analysis import ledger_contradictions
from greentrack.services.ledger import open_ledger

AS_OF = "2025-06-30"


def need_cjk_font() -> None:
    """Reports draw charts in a CJK font: skip without one (fail under CI, where it must be installed)."""
    from greentrack.errors import ReportToolError
    from greentrack.reports.fonts import find_cjk_font

    try:
        find_cjk_font()
    except ReportToolError as exc:
        if os.environ.get("CI"):
            pytest.fail(str(exc))
        pytest.skip(str(exc))


def get(api: TestClient, path: str, **params: object) -> dict:
    response = api.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def error(api: TestClient, path: str, status: int, **params: object) -> dict:
    response = api.get(path, params=params)
    assert response.status_code == status, response.text
    return response.json()["error"]


def test_contradictions_with_both_targets_by_ledger_id(api: TestClient) -> None:
    found = get(api, "/api/v1/analysis/contradictions", jurisdiction="金乡县")
    assert found["count"] == len(found["items"]) == 6
    first = found["items"][0]
    assert (first["kind"], first["severity_zh"], first["indicator_name"], first["year"]) == (
        "part_exceeds_whole", "高", "充换电站", 2025)
    assert first["first"]["quote"] == "全县建成各类充换电站110座"
    assert first["second"]["quote"] == "建成公共领域充换电站180座"
    assert first["stricter_id"] == first["second"]["target_id"]
    for side in ("first", "second"):
        target = get(api, f"/api/v1/targets/{first[side]['target_id']}")
        assert target["source"]["quote"] == first[side]["quote"]
    assert get(api, "/api/v1/analysis/contradictions", jurisdiction="赤峰市")["count"] == 0


def test_decomposition_lists_the_rows_awaiting_a_number(api: TestClient) -> None:
    found = get(api, "/api/v1/analysis/decomposition")
    assert (found["weaker"], found["shortfalls"], found["uncovered"]) == ([], [], [])
    first = found["undecided"][0]
    assert (first["indicator"], first["year"], first["phrase"]) == (
        "单位地区生产总值能耗降低(%)", 2025, "完成市分解任务")
    assert len(found["undecided"]) == 4 and found["undecided"][0]["plan"]["jurisdiction_name"] == "金乡县"
    assert get(api, "/api/v1/analysis/decomposition", parent="赤峰市")["undecided"] == []


def test_ambition_by_indicator_name_or_id(api: TestClient) -> None:
    by_name = get(api, f"/api/v1/analysis/ambition/{quote('再生水利用率')}")
    by_id = get(api, "/api/v1/analysis/ambition/reclaimed_water_utilisation_rate")
    assert by_name == by_id and by_id["indicator"]["id"] == "reclaimed_water_utilisation_rate"
    city = next(r for r in by_id["rankings"] if r["title"] == "再生水利用率 · 2025年水平 · 城市（%）")
    assert [(e["rank"], e["jurisdiction_name"], e["value"]) for e in city["entries"]] == [
        (1, "金乡县", 55.0), (2, "赤峰市", 35.0)]
    assert city["chart"]["categories"] == ["金乡县", "赤峰市"]
    unknown = error(api, "/api/v1/analysis/ambition/sunshine_hours", 404)
    assert unknown["code"] == "unknown_indicator"


def test_timeline_in_order_with_its_chart(api: TestClient) -> None:
    found = get(api, "/api/v1/analysis/timeline", jurisdiction="金乡县")
    keys = [(r["year"], r["month"] or 13) for r in found["rows"]]
    assert keys == sorted(keys) and len(keys) > 50
    assert {r["kind"] for r in found["rows"]} == {"target", "task"}
    assert found["chart"]["categories"][0] == f"{found['rows'][0]['year']}年"
    task = next(r for r in found["rows"] if r["kind"] == "task")
    assert task["deadline"] and task["plan"]["jurisdiction_code"] == "370828"
    missing = error(api, "/api/v1/analysis/timeline", 422)
    assert [d["field"] for d in missing["details"]] == ["jurisdiction"]


def test_evaluation_with_points_and_weights(api: TestClient) -> None:
    found = get(api, "/api/v1/analysis/evaluation", as_of=AS_OF)
    places = {p["name"]: p for p in found["places"]}
    # 62.9: 逾期完成 scores 80, and two targets read their table baseline and 十四五 period (docs/methodology.md §5)
    assert places["金乡县"]["overall"] == 62.9 and places["赤峰市"]["overall"] == 76.8
    assert found["points"]["late_achieved"] == 80.0
    assert found["points"]["lagging"] == 80.0 and set(found["weights"].values()) == {1.0}
    building = next(d for d in places["赤峰市"]["dimensions"] if d["dimension"] == "建筑")
    assert (building["score"], building["targets"], building["with_data"]) == (87.5, 8, 2)
    only = get(api, "/api/v1/analysis/evaluation", as_of=AS_OF, jurisdiction="平陆县")
    assert [p["name"] for p in only["places"]] == ["平陆县"]
    assert error(api, "/api/v1/analysis/evaluation", 404, jurisdiction="嘉祥县")["code"] == "unknown_jurisdiction"


def test_the_report_in_each_format(api: TestClient) -> None:
    need_cjk_font()
    html = api.get(f"/api/v1/reports/{quote('金乡县')}", params={"format": "html", "as_of": AS_OF})
    assert html.status_code == 200 and html.headers["content-type"] == "text/html; charset=utf-8"
    assert html.headers["content-disposition"] == (
        "attachment; filename=\"report-2025-06-30.html\"; "
        f"filename*=UTF-8''{quote('金乡县-中期评估报告-2025-06-30.html')}")
    assert "<h1 id=\"title\">关于金乡县绿色发展规划实施中期评估情况的报告</h1>" in html.text
    docx = api.get("/api/v1/reports/370828", params={"as_of": AS_OF, "lang": "en"})
    assert docx.status_code == 200
    title = Document(io.BytesIO(docx.content)).paragraphs[0].text
    assert title.startswith("Report on the mid-term evaluation of 金乡县")
    bad = error(api, "/api/v1/reports/金乡县", 422, format="odt")
    assert [d["field"] for d in bad["details"]] == ["format"]
    assert error(api, "/api/v1/reports/嘉祥县", 404, format="html")["code"] == "unknown_jurisdiction"


def test_the_report_as_pdf(api: TestClient) -> None:
    need_cjk_font()
    if shutil.which("libreoffice") is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    pdf = api.get("/api/v1/reports/平陆县", params={"format": "pdf", "as_of": AS_OF})
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_the_api_answers_what_the_services_return(api: TestClient, api_demo_db: Path) -> None:
    ledger = open_ledger(db=api_demo_db)
    try:
        expected = ledger_contradictions(ledger)
    finally:
        ledger.close()
    answered = get(api, "/api/v1/analysis/contradictions")["items"]
    assert [c["explanation"] for c in answered] == [c.explanation for c in expected]
