"""A target's series over the API and the target page, on the demo ledger: a value corrected or withdrawn with
a reason (who, when, old → new, why in the audit), a withdrawn value out of the status but in the history,
the reporting rule set and shown, a series shared and split; refusals with the API's error shape; the page's
forms (CSRF-guarded) make the same change as the API."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from auth.clients import signed_in
from greentrack.auth.demo import DEMO_ACCOUNTS
from greentrack.web import create_app

AREA = "累计新增绿色建筑面积"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def _area(api: TestClient) -> dict:
    """The demo's 金乡县 累计新增绿色建筑面积 target of 610万平方米 and its series."""
    found = api.get("/api/v1/targets", params={"jurisdiction": "金乡县", "limit": 500}).json()["items"]
    target = next(t for t in found if t["indicator"] == AREA and t["value"] == 610)
    series = api.get(f"/api/v1/targets/{target['id']}/series")
    assert series.status_code == 200, series.text
    return series.json()


def test_a_value_corrected_and_withdrawn_over_the_api(api_writable: TestClient) -> None:
    series = _area(api_writable)
    assert series["reporting"] == "annual" and series["reporting_zh"] == "当年新增"
    target = series["target_id"]
    first, second = series["values"][0], series["values"][1]
    fixed = api_writable.post(f"/api/v1/observations/{first['id']}/correction",
                              json={"value": first["value_written"] + 1, "reason": "统计口径更正"})
    assert fixed.status_code == 200, fixed.text
    assert (fixed.json()["value_written"], fixed.json()["change_reason"]) == (first["value_written"] + 1,
                                                                              "统计口径更正")
    gone = api_writable.post(f"/api/v1/observations/{second['id']}/withdrawal",
                             json={"reason": "重复填报", "target_id": target})
    assert gone.status_code == 200 and gone.json()["withdrawn_at"] and gone.json()["withdrawn_by"] == "admin"

    again = api_writable.post(f"/api/v1/observations/{second['id']}/withdrawal", json={"reason": "x"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "series_conflict"
    assert api_writable.post(f"/api/v1/observations/{first['id']}/correction",
                             json={"value": 1, "reason": ""}).status_code == 422
    assert api_writable.post("/api/v1/observations/999999/withdrawal", json={"reason": "x"}).status_code == 404

    counted = api_writable.get("/api/v1/observations", params={"target_id": target}).json()["items"]
    assert second["id"] not in {o["id"] for o in counted}  # out of the status …
    after = api_writable.get(f"/api/v1/targets/{target}/series").json()
    shown = {o["id"]: o for o in after["values"]}
    assert shown[second["id"]]["withdrawn_by"] == "admin"  # … kept in the history
    changes = [(c["observation_id"], c["actor"], c["value_before"], c["value_after"], c["reason"])
               for c in after["changes"]]
    assert changes == [(first["id"], "admin", first["value_written"], first["value_written"] + 1, "统计口径更正"),
                       (second["id"], "admin", second["value_written"], second["value_written"], "重复填报")]


def test_the_reporting_rule_and_the_series_over_the_api(api_writable: TestClient) -> None:
    series = _area(api_writable)
    target = series["target_id"]
    running = api_writable.put(f"/api/v1/targets/{target}/reporting", json={"rule": "running"})
    assert running.status_code == 200 and running.json()["reporting_zh"] == "累计"
    sharing = [t["id"] for t in running.json()["sharing"]]
    assert sharing and all(api_writable.get(f"/api/v1/targets/{t}/series").json()["reporting"] == "running"
                           for t in sharing)  # one series, one kind of number
    bad = api_writable.put(f"/api/v1/targets/{target}/reporting", json={"rule": "weekly"})
    assert bad.status_code == 400 and "unknown reporting rule" in bad.json()["error"]["message"]

    split = api_writable.post(f"/api/v1/targets/{sharing[0]}/series/split", json={"copy_values": True})
    assert split.status_code == 200 and split.json()["key"] == f"target:{sharing[0]}"
    assert [o["value"] for o in split.json()["values"]] == [o["value"] for o in series["values"]]
    back = api_writable.post(f"/api/v1/targets/{target}/series/share", json={"targets": [sharing[0]]})
    assert back.status_code == 200 and sharing[0] in {t["id"] for t in back.json()["sharing"]}
    other = api_writable.get("/api/v1/targets", params={"indicator": "charging_piles"}).json()["items"][0]["id"]
    refused = api_writable.post(f"/api/v1/targets/{target}/series/share", json={"targets": [other]})
    assert refused.status_code == 409 and "cannot share one series" in refused.json()["error"]["message"]


def test_a_viewer_may_not_correct_and_a_reporter_only_its_own(api_demo_db: Path, tmp_path: Path) -> None:
    copy = Path(shutil.copy(api_demo_db, tmp_path / "demo.db"))
    with TestClient(create_app(copy)) as client:
        series = _area(signed_in(client, copy))
        value = series["values"][0]["id"]
        signed_in(client, copy, "viewer-1", "viewer", jurisdiction="370828")
        refused = client.post(f"/api/v1/observations/{value}/correction", json={"value": 1, "reason": "x"})
        assert refused.status_code == 403
        signed_in(client, copy, "water-1", "reporter", department="金乡县水务局")
        assert client.post(f"/api/v1/observations/{value}/withdrawal", json={"reason": "x"}).status_code == 403
        signed_in(client, copy, "housing-1", "reporter", department="金乡县住房和城乡建设局")
        assert client.post(f"/api/v1/observations/{value}/withdrawal", json={"reason": "核对"}).status_code == 200


@pytest.fixture
def browser(api_demo_db: Path, tmp_path: Path) -> Iterator[TestClient]:
    copy = Path(shutil.copy(api_demo_db, tmp_path / "demo.db"))
    with TestClient(create_app(copy)) as client:
        yield client


def test_the_target_page_shows_the_rule_and_its_forms_correct_and_withdraw(browser: TestClient) -> None:
    account = next(a for a in DEMO_ACCOUNTS if a.role == "coordinator")
    form = browser.get("/login")
    browser.post("/login", data={"name": account.name, "password": account.password, "next": "/",
                                 "csrf_token": TOKEN.search(form.text).group(1)}, follow_redirects=False)
    series = _area(browser)
    target, first, second = series["target_id"], series["values"][0], series["values"][1]
    page = browser.get(f"/targets/{target}")
    assert page.status_code == 200
    assert 'id="target-reporting">当年新增：每期填该期新增的量</dd>' in page.text
    assert f'action="/targets/{target}/observations/{first["id"]}/correct"' in page.text
    token = TOKEN.search(page.text).group(1)

    no_csrf = browser.post(f"/targets/{target}/observations/{first['id']}/correct",
                        data={"value": "99", "reason": "表单更正"}, follow_redirects=False)
    assert no_csrf.status_code == 403
    done = browser.post(f"/targets/{target}/observations/{first['id']}/correct",
                        data={"value": "99", "reason": "表单更正", "csrf_token": token}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"/targets/{target}#series"
    done = browser.post(f"/targets/{target}/observations/{second['id']}/withdraw",
                        data={"reason": "表单撤回", "csrf_token": token}, follow_redirects=False)
    assert done.status_code == 303
    empty = browser.post(f"/targets/{target}/observations/{first['id']}/withdraw",
                         data={"reason": " ", "csrf_token": token})
    assert empty.status_code == 400 and "a reason is required" in empty.text

    page = browser.get(f"/targets/{target}").text
    assert "已更正：表单更正" in page and "已撤回" in page and "表单撤回" in page
    after = browser.get(f"/api/v1/targets/{target}/series").json()
    assert {o["id"]: (o["value_written"], o["withdrawn_by"]) for o in after["values"]}[first["id"]] == (99.0, None)
    assert {o["id"]: o["withdrawn_by"] for o in after["values"]}[second["id"]] == account.name

    done = browser.post(f"/targets/{target}/reporting", data={"rule": "running", "csrf_token": token},
                        follow_redirects=False)
    assert done.status_code == 303
    assert 'id="target-reporting">累计：填自规划期起至该期末的累计总量</dd>' in browser.get(f"/targets/{target}").text


def test_one_value_entered_over_the_api_is_checked_against_the_reporting_rule(api_writable: TestClient) -> None:
    series = _area(api_writable)
    target, last = series["target_id"], series["values"][-1]
    entry = {"target_id": target, "period": "2025-03", "value": 700, "unit": "万平方米", "source": "台账"}
    refused = api_writable.post("/api/v1/observations", json=entry, params={"as_of": "2025-06-30"})
    assert refused.status_code == 422, refused.text
    [problem] = refused.json()["error"]["details"]
    assert "2025-03填报700万平方米：一期新增超过目标总量" in problem["reason"]
    assert "（该目标填报口径：当年新增）" in problem["reason"]
    api_writable.put(f"/api/v1/targets/{target}/reporting", json={"rule": "running"})
    falling = {**entry, "value": last["value"] - 1}  # a running total below the last one
    refused = api_writable.post("/api/v1/observations", json=falling, params={"as_of": "2025-06-30"})
    assert refused.status_code == 422 and "累计值小于台账中" in refused.json()["error"]["details"][0]["reason"]
    rising = {**entry, "value": last["value"] + 10}
    assert api_writable.post("/api/v1/observations", json=rising, params={"as_of": "2025-06-30"}).status_code == 201
