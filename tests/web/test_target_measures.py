"""The demo ledger's targets as the API, the pages and the chart show them: 逾期完成 apart from 已完成, 完成率
beside 进度比, the responsible unit where no unit leads, values at their period and a forecast that says what
it forecasts."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient

from greentrack.services.ledger import open_ledger
from greentrack.services.targets import target_detail
from greentrack.web.pages_charts import period_x, target_lines

AS_OF = "2025-06-30"
LATE = 34  # reached its level only after its deadline in the demo data
BUILDING = 60  # 累计新增绿色建筑面积, a table row 2020: 290 → 2025: 610 with a 责任部门 column


def test_the_api_names_a_late_achievement_and_both_measures(api: TestClient) -> None:
    body = api.get(f"/api/v1/targets/{LATE}", params={"as_of": AS_OF}).json()
    assert body["target"]["status"] == {"code": "late_achieved", "zh": "逾期完成", "en": "achieved late"}
    assessment = body["assessment"]
    assert assessment["completion"] is not None and assessment["completion"] >= 1.0
    assert body["target"]["completion"] == assessment["completion"]
    assert "完成率 completion" in assessment["formula"] and "进度比 pace ratio R" in assessment["formula"]


def test_the_api_gives_a_table_rows_responsible_unit_and_the_amount_to_add(api: TestClient) -> None:
    body = api.get(f"/api/v1/targets/{BUILDING}", params={"as_of": AS_OF}).json()
    target, assessment = body["target"], body["assessment"]
    assert target["lead_departments"] == [] and target["responsible"] == ["金乡县住房和城乡建设局"]
    assert target["responsible_named_first"] is True
    assert (target["value"], assessment["target_level"]) == (610, 320)
    assert assessment["completion"] == assessment["total"] / 320
    assert "需新增320" in assessment["note"]


def test_the_pages_show_both_measures_and_the_responsible_unit(api: TestClient) -> None:
    page = api.get(f"/targets/{LATE}", params={"as_of": AS_OF}).text
    assert "逾期完成" in page and "完成率" in page and "进度比" in page
    assert re.search(r'id="target-completion">\d+%<', page)
    building = api.get(f"/targets/{BUILDING}", params={"as_of": AS_OF}).text
    assert re.search(r'id="target-responsible">金乡县住房和城乡建设局 <small>责任单位</small>', building)
    ledger = api.get("/ledger", params={"as_of": AS_OF}).text
    assert "牵头/责任单位" in ledger and "<small>责任单位</small>" in ledger


def test_a_years_value_sits_at_its_year_and_the_forecast_says_what_it_forecasts(api_demo_db: Path) -> None:
    assert period_x(date(2024, 12, 31)) == 2024.0 and 2024.0 < period_x(date(2025, 3, 31)) < 2025.0
    ledger = open_ledger(db=api_demo_db)
    try:
        detail = target_detail(ledger, BUILDING, date.fromisoformat(AS_OF))
    finally:
        ledger.close()
    option = target_lines(detail, "zh")
    observed = option["series"][0]["data"]
    assert observed and all(point["value"][0] == int(point["name"][:4]) for point in observed
                            if point["name"].endswith("-12-31"))
    assert option["xAxis"]["type"] == "value"
    forecast = [s for s in option["series"] if s["name"].startswith("趋势预测")]
    a = detail.row.assessment
    assert a.forecast is not None and len(forecast) == 1
    assert forecast[0]["name"].startswith(f"趋势预测：2025年末约{a.forecast:.4g}")
    if a.forecast_year is not None:
        assert forecast[0]["name"].endswith(f"，{a.forecast_year}年达到目标")
    assert forecast[0]["data"][-1]["value"] == [2025.0, a.forecast]
