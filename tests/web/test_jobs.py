"""Uploads are jobs: the API answers 202 with the job (its `Location`), the job is polled until `done` with the
result or `failed` with the error in the one error shape; another user cannot see it (an administrator can);
a full queue answers 503; the dashboard's form goes to the job's page, which reloads itself until the result.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from auth.clients import user_token
from greentrack.services.documents import sample_paths
from greentrack.web import create_app

PLAN = "某县节水型城市建设实施方案\n某县人民政府办公室\n一、主要目标\n到2025年，城市公共供水管网漏损率控制在9%以内。\n"


@pytest.fixture
def client(demo_ledger_copy: Path) -> Iterator[TestClient]:
    """A client that does not wait for uploads (no `Prefer: wait`): it gets the job."""
    with TestClient(create_app(demo_ledger_copy)) as test_client:
        test_client.headers["Authorization"] = f"Bearer {user_token(demo_ledger_copy, 'jobs-admin')}"
        yield test_client


def polled(client: TestClient, url: str, **headers: str) -> dict:
    """The job once it has ended (polled every 0.1 s, for at most five minutes)."""
    for _ in range(3000):
        job = client.get(url, headers=headers).json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"the job did not end: {job}")


def test_an_upload_answers_with_its_job_and_the_job_with_the_result(client: TestClient,
                                                                    demo_ledger_copy: Path) -> None:
    response = client.post("/api/v1/documents", files={"file": ("节水方案.txt", PLAN.encode())})
    assert response.status_code == 202, response.text
    job = response.json()
    assert response.headers["location"] == job["url"] == f"/api/v1/jobs/{job['id']}"
    assert (job["kind"], job["file"]) == ("plan", "节水方案.txt")
    assert job["state"] in ("queued", "running") and job["result"] is None
    done = polled(client, job["url"])
    assert done["state"] == "done" and done["error"] is None, done
    assert done["result"]["status"] == "added" and done["result"]["document"]["name"] == "节水方案.txt"
    assert done["finished_at"] >= done["started_at"] >= done["created_at"]
    other = {"Authorization": f"Bearer {user_token(demo_ledger_copy, 'zhujian')}"}
    refused = client.get(job["url"], headers=other)
    assert refused.status_code == 404 and refused.json()["error"]["code"] == "unknown_job"


def test_a_failed_job_carries_the_error_shape(client: TestClient) -> None:
    response = client.post("/api/v1/observations/import", files={"file": ("bad.csv", "目标编号,期间\nx,y\n".encode())})
    assert response.status_code == 202
    failed = polled(client, response.json()["url"])
    assert failed["state"] == "failed" and failed["result"] is None
    assert failed["error"]["status"] == 422 and failed["error"]["code"] == "import_rejected"
    assert "bad.csv" in failed["error"]["message"] and failed["error"]["details"]


def test_the_same_plan_again_is_unchanged(client: TestClient) -> None:
    seed = sample_paths()[0]
    done = polled(client, client.post("/api/v1/documents", files={"file": (seed.name, seed.read_bytes())})
                  .json()["url"])
    assert done["result"]["status"] == "unchanged"


def test_a_full_queue_is_a_503(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GREENTRACK_JOB_QUEUE", "0")
    response = client.post("/api/v1/documents", files={"file": ("节水方案.txt", PLAN.encode())})
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "server_busy" and "job_queue" in response.json()["error"]["message"]


def test_the_upload_form_goes_to_the_jobs_page(client: TestClient) -> None:
    sent = client.post("/upload/plan", files={"file": ("节水方案.txt", PLAN.encode())}, follow_redirects=False)
    assert sent.status_code == 303 and sent.headers["location"].startswith("/jobs/")
    for _ in range(3000):
        page = client.get(sent.headers["location"])
        if "upload-result" in page.text:
            break
        assert 'http-equiv="refresh"' in page.text and 'id="job-progress"' in page.text
        time.sleep(0.1)
    assert page.status_code == 200 and 'http-equiv="refresh"' not in page.text
    assert 'href="/documents/' in page.text
