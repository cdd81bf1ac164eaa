"""/api/v1/observations on the demo ledger: values listed per target, indicator and jurisdiction; one value
entered by POST passes the very checks of the spreadsheet import (422 with every problem by field,
nothing written; an existing period refused unless `replace`; another department's target refused) and
counts in the target's status at once; a sheet uploaded is imported whole or, with any bad row, not at
all with the row-level problem list.
"""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook

AS_OF = "2025-06-30"
TAP_WATER = 13  # 金乡县 农村自来水普及率 ≥99% by 2025, answered for by 住建局 among others; no data in the demo
HEADER = ["目标编号 target id", "期间 period", "数值 value", "单位 unit", "来源 source", "备注 note"]


def observations(api: TestClient, **params: object) -> dict:
    response = api.get("/api/v1/observations", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_observations_of_a_target_an_indicator_and_a_jurisdiction(api: TestClient) -> None:
    own = observations(api, target_id=14)
    assert [(o["period"], o["value"], o["unit"]) for o in own["items"]] == [
        ("2021", 36.8, "%"), ("2022", 37.5, "%"), ("2023", 38.2, "%"), ("2024", 38.9, "%")]
    assert own["total"] == 4
    indicator = observations(api, indicator="green_space_rate")
    # every series of the indicator: the target's own among them, each value of its series listed once
    assert {o["indicator_id"] for o in indicator["items"]} == {"green_space_rate"}
    mine = [o for o in indicator["items"] if o["series"] == own["items"][0]["series"]]
    assert [o["id"] for o in mine] == [o["id"] for o in own["items"]]
    everything = observations(api, limit=1000)
    place = observations(api, jurisdiction="金乡县", limit=1000)
    assert 0 < place["total"] < everything["total"]
    assert {o["jurisdiction_code"] for o in place["items"]} == {"370828"}
    assert observations(api, jurisdiction="火星县")["total"] == 0


def test_observation_pages(api: TestClient) -> None:
    whole = [o["id"] for o in observations(api, limit=1000)["items"]]
    paged = [o["id"] for offset in range(0, len(whole), 40)
             for o in observations(api, limit=40, offset=offset)["items"]]
    assert paged == whole and len(whole) == observations(api)["total"]


def test_observations_of_an_unknown_target_is_404(api: TestClient) -> None:
    response = api.get("/api/v1/observations", params={"target_id": 99999})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_target"


def test_a_value_entered_counts_in_the_status_at_once(api_writable: TestClient) -> None:
    entry = {"target_id": TAP_WATER, "period": "2024", "value": 98.2, "unit": "%", "source": "县水务局年报",
             "note": ""}
    response = api_writable.post("/api/v1/observations", json=entry, params={"as_of": AS_OF})
    assert response.status_code == 201, response.text
    body = response.json()
    assert [(o["period"], o["value"], o["unit"], o["source"], o["reporter"], o["illustrative"])
            for o in body["added"]] == [("2024", 98.2, "%", "县水务局年报", "admin", False)]  # the signed-in user
    assert (body["replaced"], body["unchanged_rows"]) == ([], [])
    target = api_writable.get(f"/api/v1/targets/{TAP_WATER}", params={"as_of": AS_OF}).json()
    assert [o["value"] for o in target["observations"]] == [98.2]
    assert target["assessment"]["status"]["code"] == "no_trend"  # one value: a status, not a guess
    # the same value again changes nothing; another value for the period needs `replace`
    same = api_writable.post("/api/v1/observations", json=entry, params={"as_of": AS_OF})
    assert same.status_code == 201 and same.json()["unchanged_rows"] == [2] and same.json()["added"] == []
    other = {**entry, "value": 98.5}
    refused = api_writable.post("/api/v1/observations", json=other, params={"as_of": AS_OF})
    assert refused.status_code == 422
    assert [(d["field"], d["reason_en"]) for d in refused.json()["error"]["details"]] == [
        ("period", "this period already has an observation; pass --replace to overwrite it")]
    replaced = api_writable.post("/api/v1/observations", json={**other, "replace": True}, params={"as_of": AS_OF})
    assert replaced.status_code == 201
    assert [o["value"] for o in replaced.json()["replaced"]] == [98.5]


def test_a_bad_value_lists_every_problem_by_field_and_writes_nothing(api_writable: TestClient) -> None:
    before = observations(api_writable, limit=1000)["total"]
    entry = {"target_id": TAP_WATER, "period": "2031", "value": "约98", "unit": "%", "source": ""}
    response = api_writable.post("/api/v1/observations", json=entry, params={"as_of": AS_OF})
    assert response.status_code == 422
    error = response.json()["error"]
    assert (error["code"], error["message"]) == ("import_rejected", "observation: 3 problems, nothing imported")
    assert [(d["field"], d["reason"]) for d in error["details"]] == [
        ("period", "期间2031尚未开始（截至2025-06-30）"),
        ("value", "数值“约98”不是数字；只填数字，单位填在“单位”列"),
        ("source", "“来源 source”不能为空"),
    ]
    assert observations(api_writable, limit=1000)["total"] == before


def test_impossible_values_and_units_are_refused_like_in_a_sheet(api_writable: TestClient) -> None:
    cases = [
        ({"value": 130}, "value", "a share must lie between 0 and 100%"),
        ({"unit": "公里"}, "unit", None),
        ({"target_id": 99999}, "target_id", "unknown target id; copy ids from the template"),
        ({"period": "2024-13"}, "period", "month 13 does not exist; write YYYY or YYYY-MM"),
    ]
    for change, field, reason_en in cases:
        entry = {"target_id": TAP_WATER, "period": "2024", "value": 98.2, "unit": "%", "source": "年报", **change}
        response = api_writable.post("/api/v1/observations", json=entry, params={"as_of": AS_OF})
        assert response.status_code == 422, change
        details = response.json()["error"]["details"]
        assert [d["field"] for d in details] == [field], change
        if reason_en:
            assert details[0]["reason_en"] == reason_en


def test_a_department_cannot_report_another_departments_target(api_writable: TestClient) -> None:
    entry = {"target_id": TAP_WATER, "period": "2024", "value": 98.2, "unit": "%", "source": "年报",
             "department": "赤峰市住建局"}
    response = api_writable.post("/api/v1/observations", json=entry, params={"as_of": AS_OF})
    assert response.status_code == 422
    assert [(d["field"], d["reason_en"]) for d in response.json()["error"]["details"]] == [
        ("target_id", "this target belongs to another department")]


def test_an_unknown_department_is_404_with_the_close_names(api_writable: TestClient) -> None:
    entry = {"target_id": TAP_WATER, "period": "2024", "value": 98.2, "unit": "%", "source": "年报",
             "department": "县住建"}
    response = api_writable.post("/api/v1/observations", json=entry)
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "unknown_department"
    assert "金乡县住房和城乡建设局" in error["details"][0]["suggestions"]


def test_a_malformed_body_is_422_naming_each_field(api: TestClient) -> None:
    response = api.post("/api/v1/observations", json={"period": "2024", "value": [1], "colour": "green"})
    assert response.status_code == 422
    details = response.json()["error"]["details"]
    assert {(d["field"], d["location"]) for d in details} >= {("target_id", "body"), ("colour", "body")}
    assert any(d["field"].startswith("value") for d in details)
    not_json = api.post("/api/v1/observations", content=b"{", headers={"content-type": "application/json"})
    assert not_json.status_code == 422 and not_json.json()["error"]["code"] == "validation_error"


def test_a_clean_sheet_is_imported_whole(api_writable: TestClient) -> None:
    data = xlsx([[TAP_WATER, "2023", 97.0, "%", "县水务局年报", ""],
                 [TAP_WATER, 2024, 98.2, "%", "县水务局年报", "初步"]])
    response = api_writable.post("/api/v1/observations/import", params={"as_of": AS_OF},
                                 files={"file": ("填报表.xlsx", data)})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["file"] == "填报表.xlsx"
    assert [(o["period"], o["value"], o["reporter"]) for o in body["added"]] == [
        ("2023", 97.0, "admin"), ("2024", 98.2, "admin")]  # the signed-in user reports
    # CAGR over 2023→2024 against the CAGR needed from 2023 to reach 99 at the end of 2025 (two years)
    ratio = (98.2 / 97.0 - 1) / ((99 / 97.0) ** (1 / 2) - 1)
    target = api_writable.get(f"/api/v1/targets/{TAP_WATER}", params={"as_of": AS_OF}).json()
    assert target["assessment"]["status"]["code"] == "on_track"
    assert target["assessment"]["ratio"] == pytest.approx(ratio, rel=1e-9)


def test_a_sheet_with_mistakes_is_refused_whole_with_every_row_problem(api_writable: TestClient) -> None:
    before = observations(api_writable, limit=1000)["total"]
    data = xlsx([
        [TAP_WATER, "2023", 97.5, "%", "县水务局年报", ""],  # fine, but the sheet is refused
        [TAP_WATER, "2024", "很高", "%", "县水务局年报", ""],
        [99999, "2024", 50, "%", "年报", ""],
        [TAP_WATER, "2030", 99, "%", "", ""],
    ])
    response = api_writable.post("/api/v1/observations/import", params={"as_of": AS_OF},
                                 files={"file": ("bad.xlsx", data)})
    assert response.status_code == 422
    error = response.json()["error"]
    assert (error["code"], error["message"]) == ("import_rejected", "bad.xlsx: 4 problems, nothing imported")
    assert [(d["row"], d["column"], d["field"]) for d in error["details"]] == [
        (3, "C", "value"), (4, "A", "target_id"), (5, "B", "period"), (5, "E", "source")]
    assert all(d["reason"] and d["reason_en"] for d in error["details"])
    assert observations(api_writable, limit=1000)["total"] == before


def test_a_file_that_is_no_sheet_is_refused_naming_it(api_writable: TestClient) -> None:
    response = api_writable.post("/api/v1/observations/import", files={"file": ("data.xlsx", b"not a zip")})
    assert response.status_code == 422
    assert response.json()["error"] == {"status": 422, "code": "corrupt_document", "details": [],
                                        "message": "cannot read data.xlsx: not a readable .xlsx workbook (BadZipFile)"}
