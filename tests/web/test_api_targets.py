"""/api/v1/targets on the demo ledger: pages of `limit` from `offset` add up to the whole ledger with `total`
counting every match; each filter (jurisdiction, department, indicator, dimension, status, year) keeps
exactly the targets it names; `as_of` moves statuses; one target carries the status the service computes,
every input of the computation, its observations, history, expected path and a quote that is the slice
of its document's text; unknown ids are 404 and bad parameters 422 naming the field.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from greentrack.ledger.db import Ledger
from greentrack.services.ledger import open_ledger
from greentrack.services.status import ledger_status
from greentrack.services.targets import target_detail
from greentrack.track import STATUSES

AS_OF = "2025-06-30"


@pytest.fixture(scope="module")
def ledger(api_demo_db: Path) -> Iterator[Ledger]:
    opened = open_ledger(db=api_demo_db)
    yield opened
    opened.close()


def targets(api: TestClient, **params: object) -> dict:
    response = api.get("/api/v1/targets", params={"as_of": AS_OF, **params})
    assert response.status_code == 200, response.text
    return response.json()


def test_pages_add_up_to_the_whole_ledger(api: TestClient) -> None:
    first = targets(api)
    assert (first["total"], first["limit"], first["offset"], len(first["items"])) == (124, 50, 0, 50)
    seen = []
    for offset in range(0, 124, 30):
        page = targets(api, limit=30, offset=offset)
        assert page["total"] == 124 and page["offset"] == offset
        seen.extend(item["id"] for item in page["items"])
    assert len(seen) == 124 and len(set(seen)) == 124
    assert seen == sorted(seen)  # sorted by id by default
    beyond = targets(api, offset=500)
    assert (beyond["total"], beyond["items"]) == (124, [])
    assert first["illustrative"] is True and first["as_of"] == AS_OF


def test_sort_and_descending(api: TestClient) -> None:
    by_year = targets(api, sort="year", descending=True, limit=1000)["items"]
    years = [t["year"] for t in by_year if t["year"] is not None]
    assert years == sorted(years, reverse=True)
    by_status = [t["status"]["code"] for t in targets(api, sort="status", limit=1000)["items"]]
    assert by_status == sorted(by_status, key=STATUSES.index)


def test_filter_by_jurisdiction_includes_the_places_below(api: TestClient) -> None:
    assert targets(api, jurisdiction="赤峰市")["total"] == 21
    assert targets(api, jurisdiction="150400")["total"] == 21
    # a province sees its own plan only: none of the seed counties or cities lies in 甘肃省
    assert targets(api, jurisdiction="甘肃省")["total"] == 9
    assert targets(api, jurisdiction="山东省")["total"] == 91  # 金乡县 lies in 济宁市, 山东省
    assert targets(api, jurisdiction="火星县")["total"] == 0


def test_filter_by_department_as_written_or_canonical(api: TestClient, ledger: Ledger) -> None:
    canonical = targets(api, department="金乡县住房和城乡建设局", limit=1000)
    assert canonical["total"] == 54
    assert all("金乡县住房和城乡建设局" in t["departments"] for t in canonical["items"])
    # 住建局 without a place means every jurisdiction's housing bureau
    every = targets(api, department="住建局", limit=1000)
    assert every["total"] > canonical["total"]
    assert {t["jurisdiction_name"] for t in every["items"]} >= {"金乡县", "赤峰市"}
    assert every["total"] == len(ledger_status(ledger, date(2025, 6, 30), department="住建局").rows)


def test_filter_by_indicator_id_or_words(api: TestClient) -> None:
    by_id = targets(api, indicator="green_space_rate")
    assert [(t["id"], t["value"], t["year"]) for t in by_id["items"]] == [(14, 40.11, 2023), (83, 37.3, 2025)]
    by_words = targets(api, indicator="绿地率", limit=1000)
    assert {14, 83} <= {t["id"] for t in by_words["items"]}
    assert all("绿地率" in t["indicator"] or t["indicator_id"] == "绿地率" for t in by_words["items"])


def test_filter_by_dimension_status_and_year(api: TestClient) -> None:
    energy = targets(api, dimension="能源", limit=1000)
    assert energy["total"] == 10 and {t["dimension"] for t in energy["items"]} == {"能源"}
    lagging = targets(api, status="lagging", limit=1000)
    # 60 and 81 read their table baseline and their 十四五 period (off track when read as 610, or from 2024)
    assert [t["id"] for t in lagging["items"]] == [27, 41, 54, 60, 61, 69, 81, 85, 112, 116, 123]
    assert {t["status"]["code"] for t in lagging["items"]} == {"lagging"}
    due_2025 = targets(api, year=2025, limit=1000)
    assert due_2025["total"] == 82 and {t["year"] for t in due_2025["items"]} == {2025}
    combined = targets(api, year=2025, jurisdiction="金乡县", status="on_track")
    assert [t["id"] for t in combined["items"]] == [35, 57, 86]


def test_as_of_moves_the_statuses(api: TestClient) -> None:
    before = targets(api, status="overdue")["total"]
    after = api.get("/api/v1/targets", params={"as_of": "2026-01-15", "status": "overdue"}).json()["total"]
    assert (before, after) == (3, 31)  # the 2025 targets fall due at the end of 2025


def test_one_target_with_its_status_inputs_observations_and_source(api: TestClient, ledger: Ledger) -> None:
    body = api.get("/api/v1/targets/14", params={"as_of": AS_OF}).json()
    detail = target_detail(ledger, 14, date(2025, 6, 30))
    assessment = detail.row.assessment
    assert body["target"]["indicator"] == "绿地率" and body["target"]["indicator_name"] == "建成区绿地率"
    assert body["assessment"]["status"]["code"] == assessment.status == "overdue"
    assert body["assessment"]["ratio"] == assessment.ratio
    assert body["assessment"]["formula"] == assessment.formula
    assert body["assessment"]["inputs"]["y*"] == 40.11 and body["assessment"]["inputs"]["method"] == "cagr"
    assert body["assessment"]["inputs"]["R"] == assessment.ratio
    assert [p["value"] for p in body["assessment"]["series"]] == [36.8, 37.5, 38.2, 38.9]
    assert [o["period"] for o in body["observations"]] == ["2021", "2022", "2023", "2024"]
    assert all(o["illustrative"] for o in body["observations"])
    assert [h["as_of"] for h in body["history"]] == ["2021-12-31", "2022-12-31", "2023-12-31", "2024-12-31"]
    assert body["history"][-1]["status"]["code"] == "overdue"
    assert body["expected_path"][-1] == {"date": "2023-12-31", "value": 40.11}
    assert body["warning"]["severity"] == "red" and "overdue" in body["warning"]["reasons"]
    assert body["target"]["lead_departments"][0] == "金乡县住房和城乡建设局"
    assert body["extracted"]["departments_written"][0] == "县住建局"
    source = body["source"]
    text = api.get(f"/api/v1/documents/{source['document_id']}/text").json()["text"]
    assert text[source["start"]:source["end"]] == source["quote"] == "城市建成区绿地率达到40.11%以上"
    assert source["section"] == ["推动基础设施绿色升级", "大力度实施城市生态景观工程"]


def test_a_target_without_data_has_no_warning_and_no_history(api: TestClient) -> None:
    no_data = targets(api, status="no_data", limit=1)["items"][0]
    body = api.get(f"/api/v1/targets/{no_data['id']}", params={"as_of": AS_OF}).json()
    assert body["assessment"]["status"]["code"] == "no_data"
    assert (body["observations"], body["history"]) == ([], [])


def test_unknown_target_is_404(api: TestClient) -> None:
    response = api.get("/api/v1/targets/99999")
    assert response.status_code == 404
    assert response.json() == {"error": {
        "status": 404, "code": "unknown_target", "details": [],
        "message": "no target 99999 in the ledger — run `greentrack status` to list the targets"}}


@pytest.mark.parametrize(("params", "field", "reason_start"), [
    ({"limit": 0}, "limit", "Input should be greater than or equal to 1"),
    ({"limit": 5000}, "limit", "Input should be less than or equal to 1000"),
    ({"offset": -1}, "offset", "Input should be greater than or equal to 0"),
    ({"status": "late"}, "status", "Input should be 'achieved', 'late_achieved', 'on_track'"),
    ({"dimension": "天气"}, "dimension", "Input should be '生态宜居'"),
    ({"year": "next"}, "year", "Input should be a valid integer"),
    ({"sort": "colour"}, "sort", "Input should be 'id', 'jurisdiction'"),
    ({"as_of": "30/06/2025"}, "as_of", "Input should be a valid date"),
])
def test_bad_parameters_are_422_naming_the_field(api: TestClient, params: dict, field: str,
                                                 reason_start: str) -> None:
    response = api.get("/api/v1/targets", params=params)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert [(d["field"], d["location"]) for d in error["details"]] == [(field, "query")]
    assert error["details"][0]["reason"].startswith(reason_start)
    assert error["message"].startswith(f"invalid request — {field}: ")
