"""Status summary, warnings, supervision lists, departments, comparisons and exports on the demo ledger.

The counts add up (by status, by department, by jurisdiction); warnings and supervision lists are the
track stage's, with a department's own list when one is asked for; a comparison sets one indicator's
targets side by side with the analyse stage's ambition ranking; the export is `greentrack export`'s
file in each format; unknown ids are 404 and bad parameters 422.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from greentrack.ledger.db import Ledger
from greentrack.reports.export import FIELDS
from greentrack.services.ledger import open_ledger
from greentrack.services.reports import export_ledger
from greentrack.services.status import ledger_warnings

AS_OF = "2025-06-30"
HOUSING = "金乡县住房和城乡建设局"
LEDGER_SHEET = "台账 ledger"  # the sheet of one row per target, beside summaries


@pytest.fixture(scope="module")
def ledger(api_demo_db: Path) -> Iterator[Ledger]:
    opened = open_ledger(db=api_demo_db)
    yield opened
    opened.close()


def get(api: TestClient, path: str, **params: object) -> dict:
    response = api.get(path, params={"as_of": AS_OF, **params})
    assert response.status_code == 200, response.text
    return response.json()


def test_status_counts_add_up_by_status_department_and_jurisdiction(api: TestClient) -> None:
    body = get(api, "/api/v1/status")
    assert body["total"] == 124 and body["illustrative"] is True
    assert [(c["status"]["code"], c["count"]) for c in body["counts"]] == [
        ("achieved", 6), ("late_achieved", 1), ("on_track", 11), ("lagging", 11), ("off_track", 7),
        ("regressing", 1), ("overdue", 3), ("no_data", 81), ("compliant", 2), ("non_compliant", 1)]
    assert body["counts"][0]["status"] == {"code": "achieved", "zh": "已完成", "en": "achieved"}
    assert [(g["key"], g["name"], g["total"]) for g in body["by_jurisdiction"]] == [
        ("370828", "金乡县", 91), ("150400", "赤峰市", 21), ("620000", "甘肃省", 9), ("140829", "平陆县", 3)]
    for group in body["by_jurisdiction"] + body["by_department"]:
        assert sum(group["counts"].values()) == group["total"]
    departments = {g["name"]: g["total"] for g in body["by_department"]}
    assert departments[HOUSING] == 54
    assert departments["未分配部门"] == 39  # targets no department answers for


def test_status_filtered_by_jurisdiction_and_department(api: TestClient) -> None:
    assert get(api, "/api/v1/status", jurisdiction="赤峰市")["total"] == 21
    housing = get(api, "/api/v1/status", department=HOUSING)
    assert housing["total"] == 54 and housing["by_jurisdiction"][0]["name"] == "金乡县"


def test_warnings_are_the_track_stages_most_urgent_first(api: TestClient, ledger: Ledger) -> None:
    body = get(api, "/api/v1/warnings")
    _, warnings, dockets = ledger_warnings(ledger, date(2025, 6, 30))
    assert [(w["target_id"], w["severity"]) for w in body["warnings"]] == [
        (int(w.target_id), w.severity) for w in warnings]
    assert len(body["warnings"]) == 83
    first = body["warnings"][0]
    assert (first["target_id"], first["severity"], first["severity_zh"]) == (14, "red", "红色预警")
    assert first["message"].startswith("【红色预警】建成区绿地率：")
    assert first["illustrative"] is True
    assert [d["department"] for d in body["supervision"]] == [d.department for d in dockets]


def test_a_departments_supervision_list_is_its_own(api: TestClient) -> None:
    every = get(api, "/api/v1/supervision")["items"]
    assert len(every) == 43
    water = get(api, "/api/v1/supervision", department="县水务局")["items"]
    assert [d["department"] for d in water] == ["金乡县水务局"]
    same = next(d for d in every if d["department"] == "金乡县水务局")
    assert water[0] == same and len(same["items"]) == 13
    severities = [item["warning"]["severity"] for item in same["items"]]
    assert severities == sorted(severities, key=["red", "orange", "yellow"].index)
    assert get(api, "/api/v1/warnings", department="县水务局")["supervision"] == water


def test_warnings_and_supervision_lists_come_a_page_at_a_time(api: TestClient) -> None:
    """`limit` and `offset` page the warnings (`total` counts all) and the departments' lists; `per_department`
    shortens each list, whose `total` and `worst` stay the whole list's; a page's lists hold its warnings."""
    every = get(api, "/api/v1/warnings")
    assert (every["total"], every["limit"], every["offset"]) == (83, 100, 0)
    page = get(api, "/api/v1/warnings", limit=10, offset=20)
    assert page["total"] == 83 and page["warnings"] == every["warnings"][20:30]
    shown = {w["target_id"] for w in page["warnings"]}
    listed = {d["department"]: d for d in get(api, "/api/v1/supervision")["items"]}
    for docket in page["supervision"]:
        whole = listed[docket["department"]]
        assert (docket["total"], docket["worst"]) == (whole["total"], whole["worst"]) == (len(whole["items"]),
                                                                                          whole["worst"])
        assert docket["items"] == [i for i in whole["items"] if i["warning"]["target_id"] in shown]
    assert {i["warning"]["target_id"] for d in page["supervision"] for i in d["items"]} == shown
    assert get(api, "/api/v1/warnings", offset=83)["warnings"] == []
    lists = get(api, "/api/v1/supervision", limit=5, offset=2, per_department=2)
    assert lists["total"] == 43 and [d["department"] for d in lists["items"]] == list(listed)[2:7]
    for docket in lists["items"]:
        assert docket["items"] == listed[docket["department"]]["items"][:2] and docket["total"] >= len(docket["items"])
    for path, params in (("/api/v1/warnings", {"limit": 0}), ("/api/v1/warnings", {"limit": 1001}),
                         ("/api/v1/warnings", {"offset": -1}), ("/api/v1/supervision", {"per_department": 0})):
        refused = api.get(path, params=params)
        assert refused.status_code == 422 and refused.json()["error"]["code"] == "validation_error", params


def test_departments_with_their_counts(api: TestClient) -> None:
    items = get(api, "/api/v1/departments")["items"]
    assert len(items) == 54
    housing = items[0]
    assert (housing["name"], housing["targets"], housing["leads"], housing["warned"]) == (HOUSING, 54, 23, 37)
    assert [d["targets"] for d in items] == sorted((d["targets"] for d in items), reverse=True)


def test_one_department_with_its_targets_and_supervision_list(api: TestClient) -> None:
    listed = {d["name"]: d for d in get(api, "/api/v1/departments")["items"]}
    body = get(api, f"/api/v1/departments/{listed[HOUSING]['id']}")
    assert body["department"] == listed[HOUSING]
    assert len(body["targets"]) == 54 and sum(t["lead"] for t in body["targets"]) == 23
    assert all(HOUSING in t["departments"] for t in body["targets"])
    assert body["supervision"]["department"] == HOUSING and len(body["supervision"]["items"]) == 37
    quiet = next(d for d in listed.values() if d["warned"] == 0)
    assert get(api, f"/api/v1/departments/{quiet['id']}")["supervision"] is None


def test_unknown_department_is_404(api: TestClient) -> None:
    response = api.get("/api/v1/departments/99999")
    assert response.status_code == 404
    assert response.json()["error"] == {"status": 404, "code": "unknown_department", "details": [],
                                        "message": "no department 99999 in the ledger — see the list of departments"}


def test_comparable_indicators_most_widely_set_first(api: TestClient) -> None:
    items = api.get("/api/v1/comparisons").json()["items"]
    assert items[0] == {"indicator_id": "reclaimed_water_utilisation_rate", "name": "再生水利用率",
                        "jurisdictions": 3}
    counts = [i["jurisdictions"] for i in items]
    assert max(counts) == 3 and {i["indicator_id"] for i in items} >= {"green_space_rate", "prefab_building_share"}


def test_one_indicator_across_jurisdictions_with_the_ambition_ranking(api: TestClient) -> None:
    body = get(api, "/api/v1/comparisons/reclaimed_water_utilisation_rate")
    assert body["indicator"] == {"id": "reclaimed_water_utilisation_rate", "name": "再生水利用率",
                                 "en": "Reclaimed water utilisation rate", "unit": "%",
                                 "direction": "higher_better", "dimension": "生态宜居"}
    assert [(t["id"], t["jurisdiction_name"], t["value"], t["unit"], t["year"], t["status"]["code"])
            for t in body["targets"]] == [
        (93, "甘肃省", 25.0, "%", 2025, "no_data"), (113, "赤峰市", 35.0, "%", 2025, "no_data"),
        (69, "金乡县", 55.0, "%", 2025, "lagging"), (20, "金乡县", 50.0, "%", 2035, "on_track")]
    city_2025 = next(r for r in body["rankings"] if r["year"] == 2025 and r["scope"] == "城市")
    assert city_2025["title"] == "再生水利用率 · 2025年水平 · 城市（%）"
    assert [(e["rank"], e["jurisdiction_name"], e["value"], e["target_id"]) for e in city_2025["entries"]] == [
        (1, "金乡县", 55.0, 69), (2, "赤峰市", 35.0, 113)]
    assert city_2025["chart"]["categories"] == ["金乡县", "赤峰市"]


def test_unknown_indicator_is_404(api: TestClient) -> None:
    response = api.get("/api/v1/comparisons/sunshine_hours")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_indicator"
    assert response.json()["error"]["message"] == (
        "unknown indicator id 'sunshine_hours': run `greentrack catalog` to list the ids")


def test_export_in_each_format_is_the_ledger_with_statuses(api: TestClient, ledger: Ledger, tmp_path) -> None:
    xlsx = api.get("/api/v1/export", params={"format": "xlsx", "as_of": AS_OF})
    assert xlsx.status_code == 200
    assert xlsx.headers["content-disposition"] == f'attachment; filename="greentrack-ledger-{AS_OF}.xlsx"'
    sheet = load_workbook(io.BytesIO(xlsx.content))[LEDGER_SHEET]
    assert sheet.max_row == 125  # the heading and one row per target
    written = export_ledger(ledger, "xlsx", tmp_path / "cli.xlsx", date(2025, 6, 30))
    cli_sheet = load_workbook(written)[LEDGER_SHEET]
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [list(r) for r in cli_sheet.iter_rows(
        values_only=True)]
    as_csv = api.get("/api/v1/export", params={"format": "csv", "as_of": AS_OF})
    assert as_csv.headers["content-type"] == "text/csv; charset=utf-8"
    assert as_csv.content.startswith("\ufeff".encode())  # the BOM Excel needs for Chinese
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert len(rows) == 125 and rows[0] == [f"{zh} {en}" for _, zh, en in FIELDS]
    as_json = api.get("/api/v1/export", params={"format": "json", "as_of": AS_OF}).json()
    assert as_json["as_of"] == AS_OF and len(as_json["targets"]) == 124
    statuses = [t["status"] for t in as_json["targets"]]
    assert statuses.count("lagging") == 11 and statuses.count("overdue") == 3
    assert statuses.count("late_achieved") == 1
    assert json.loads(json.dumps(as_json))["illustrative"] is True


def test_export_in_an_unknown_format_is_422(api: TestClient) -> None:
    response = api.get("/api/v1/export", params={"format": "docx"})
    assert response.status_code == 422
    assert [d["field"] for d in response.json()["error"]["details"]] == ["format"]
