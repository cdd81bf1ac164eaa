"""/api/v1/analysis/* and /api/v1/reports/* on the demo ledger: contradictions pair two targets of one place and
indicator that exist in the ledger; decomposition lists the rows awaiting a number handed down; the
ambition ranking is the one /api/v1/comparisons shows; the roadmap runs by year and month; the evaluation
scores every place between 0 and 100 with the points it states; the 中期评估报告 downloads as Word and
HTML; unknown places and indicators are 404 and a missing place 422, in the one error shape.
"""

from __future__ import annotations

import io

from docx import Document
from fastapi.testclient import TestClient

AS_OF = "2025-06-30"


def get(api: TestClient, path: str, **params: object) -> dict:
    response = api.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_contradictions_pair_targets_of_one_place_and_indicator(api: TestClient) -> None:
    body = get(api, "/api/v1/analysis/contradictions")
    assert body["count"] == len(body["items"]) == 6
    for item in body["items"]:
        first, second = item["first"], item["second"]
        assert first["plan"]["jurisdiction_code"] == second["plan"]["jurisdiction_code"] == item["jurisdiction_code"]
        for side in (first, second):
            target = get(api, f"/api/v1/targets/{side['target_id']}")
            assert target["target"]["indicator_id"] == item["indicator_id"]
            assert target["source"]["quote"] == side["quote"]
    assert get(api, "/api/v1/analysis/contradictions", jurisdiction="金乡县")["count"] == 6
    part = next(item for item in body["items"] if item["kind"] == "part_exceeds_whole")
    assert (part["kind_zh"], part["kind_en"], part["severity_en"]) == ("局部超过整体", "part exceeds the whole", "high")
    assert "180座" in part["explanation"] and "110座" in part["explanation"]
    assert "asks for 180座" in part["explanation_en"] and "110座 for the whole place" in part["explanation_en"]
    assert get(api, "/api/v1/analysis/contradictions", jurisdiction="赤峰市")["count"] == 0


def test_decomposition_lists_rows_awaiting_a_number_handed_down(api: TestClient) -> None:
    body = get(api, "/api/v1/analysis/decomposition")
    assert set(body) == {"weaker", "shortfalls", "uncovered", "undecided"}
    energy = next(row for row in body["undecided"] if row["indicator_id"] == "energy_intensity")
    assert energy["phrase"] == "完成市分解任务" and energy["plan"]["jurisdiction_name"] == "金乡县"


def test_ambition_is_the_ranking_the_comparison_shows(api: TestClient) -> None:
    ambition = get(api, "/api/v1/analysis/ambition/reclaimed_water_utilisation_rate")
    comparison = get(api, "/api/v1/comparisons/reclaimed_water_utilisation_rate", as_of=AS_OF)
    assert ambition["indicator"] == comparison["indicator"]
    assert ambition["rankings"] == comparison["rankings"]
    assert [r["title_en"] for r in ambition["rankings"]] == [
        "再生水利用率 · level in 2025 (%)", "再生水利用率 · level in 2025 · 城市 (%)",
        "再生水利用率 · level in 2035 · 城市 (%)"]
    by_name = get(api, "/api/v1/analysis/ambition/再生水利用率")
    assert by_name["rankings"] == ambition["rankings"]


def test_timeline_runs_in_year_and_month_order(api: TestClient) -> None:
    rows = get(api, "/api/v1/analysis/timeline", jurisdiction="金乡县")["rows"]
    order = [(r["year"], r["month"] or 13) for r in rows]  # within a year, a dated month before "some time"
    assert rows and order == sorted(order)
    first = rows[0]
    assert (first["deadline"], first["kind"], first["label"]) == ("2023-10-31", "task", "全面完成农村房屋排查整治")


def test_evaluation_scores_every_place_with_the_points_it_states(api: TestClient) -> None:
    body = get(api, "/api/v1/analysis/evaluation", as_of=AS_OF)
    assert body["as_of"] == AS_OF
    assert {p["name"] for p in body["places"]} == {"金乡县", "赤峰市", "甘肃省", "平陆县"}
    assert body["points"]["achieved"] == 100.0 and body["points"]["overdue"] == 0.0
    for place in body["places"]:
        assert place["overall"] is None or 0 <= place["overall"] <= 100
        assert 0 <= place["coverage"] <= 1
    one = get(api, "/api/v1/analysis/evaluation", as_of=AS_OF, jurisdiction="赤峰市")
    assert [p["name"] for p in one["places"]] == ["赤峰市"]


def test_the_midterm_report_downloads_as_word_and_html(api: TestClient) -> None:
    word = api.get("/api/v1/reports/金乡县", params={"as_of": AS_OF, "format": "docx"})
    assert word.status_code == 200
    assert word.headers["content-disposition"].startswith(f'attachment; filename="report-{AS_OF}.docx"')
    text = "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
    assert "中期评估情况的报告" in text and "金乡县" in text
    page = api.get("/api/v1/reports/金乡县", params={"as_of": AS_OF, "format": "html"})
    assert page.status_code == 200 and page.headers["content-type"] == "text/html; charset=utf-8"
    assert "中期评估情况的报告" in page.text


def test_unknown_places_and_indicators_are_404_and_a_missing_place_422(api: TestClient) -> None:
    for path, params, code in [
        ("/api/v1/analysis/timeline", {"jurisdiction": "火星"}, "unknown_jurisdiction"),
        ("/api/v1/reports/火星", {"format": "docx"}, "unknown_jurisdiction"),
        ("/api/v1/analysis/ambition/sunshine_hours", {}, "unknown_indicator"),
    ]:
        response = api.get(path, params=params)
        assert response.status_code == 404, path
        assert response.json()["error"]["code"] == code
    missing = api.get("/api/v1/analysis/timeline")
    assert missing.status_code == 422
    assert [(d["field"], d["location"]) for d in missing.json()["error"]["details"]] == [("jurisdiction", "query")]
    bad_format = api.get("/api/v1/reports/金乡县", params={"format": "odt"})
    assert bad_format.status_code == 422 and bad_format.json()["error"]["details"][0]["field"] == "format"
