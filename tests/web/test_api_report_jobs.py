"""The 中期评估报告 as a job: the API answers 202 with the job, the poll shows its stage until `done` with where
the file is, and the file downloads (named as the synchronous report names it) to its owner or an administrator
only; an unknown place fails the job with its reason; the analysis page's form goes to the job's page, which
shows the stage and seconds so far, and ends on the download link (zh and en).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from fastapi.testclient import TestClient

from auth.clients import user_token
from greentrack.web import create_app

from .conftest import RouteRecorder

AS_OF = "2025-06-30"
STAGES = {"queued", "assessing", "writing", "converting", "done", "failed"}


@pytest.fixture
def client(demo_ledger_copy: Path) -> Iterator[TestClient]:
    """An administrator's client that does not wait for jobs (it gets 202 and polls)."""
    with TestClient(RouteRecorder(create_app(demo_ledger_copy))) as test_client:
        test_client.headers["Authorization"] = f"Bearer {user_token(demo_ledger_copy, 'report-admin')}"
        yield test_client


def polled(client: TestClient, url: str) -> tuple[dict, set[str]]:
    """The job once it has ended and every stage seen while polling (every 0.05 s, at most five minutes)."""
    seen: set[str] = set()
    for _ in range(6000):
        response = client.get(url)
        assert response.status_code == 200, response.text
        job = response.json()
        seen.add(job["stage"])
        if job["state"] in ("done", "failed"):
            return job, seen
        time.sleep(0.05)
    raise AssertionError(f"the report job did not end: {job}")


def test_a_report_job_is_polled_until_its_file_downloads(client: TestClient, demo_ledger_copy: Path) -> None:
    started = client.post("/api/v1/reports/金乡县/jobs", params={"format": "docx", "as_of": AS_OF})
    assert started.status_code == 202, started.text
    job = started.json()
    assert started.headers["location"] == job["url"] == f"/api/v1/jobs/{job['id']}"
    assert (job["kind"], job["file"]) == ("report", f"金乡县-中期评估报告-{AS_OF}.docx")
    assert job["state"] in ("queued", "running") and job["result"] is None
    early = client.get(f"/api/v1/jobs/{job['id']}/file")
    assert early.status_code in (200, 409)  # 409 job_not_done unless the job already ended
    done, seen = polled(client, job["url"])
    assert done["state"] == "done" and done["error"] is None, done
    assert seen <= STAGES and "done" in seen
    result = done["result"]
    assert result["url"] == f"/api/v1/jobs/{job['id']}/file" and result["format"] == "docx"
    download = client.get(result["url"])
    assert download.status_code == 200 and len(download.content) == result["size"]
    same = client.get("/api/v1/reports/金乡县", params={"format": "docx", "as_of": AS_OF})
    assert download.headers["content-disposition"] == same.headers["content-disposition"]
    assert download.headers["content-type"] == same.headers["content-type"]
    text = "\n".join(p.text for p in Document(io.BytesIO(download.content)).paragraphs)
    assert "中期评估情况的报告" in text and "金乡县" in text

    stranger = {"Authorization": f"Bearer {user_token(demo_ledger_copy, 'jinxiang')}"}  # 金乡县's coordinator
    for path in (job["url"], result["url"]):
        refused = client.get(path, headers=stranger)
        assert refused.status_code == 404, path
        assert refused.json()["error"]["code"] == "unknown_job" and job["id"] in refused.json()["error"]["message"]
    admin = {"Authorization": f"Bearer {user_token(demo_ledger_copy, 'admin')}"}
    assert client.get(result["url"], headers=admin).content == download.content


def test_an_html_report_job_in_english(client: TestClient) -> None:
    job = client.post("/api/v1/reports/370828/jobs", params={"format": "html", "lang": "en", "as_of": AS_OF}).json()
    done, _ = polled(client, job["url"])
    assert done["state"] == "done", done
    page = client.get(done["result"]["url"])
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.text.startswith("<!doctype html>") and "mid-term evaluation" in page.text


def test_a_report_job_for_an_unknown_place_fails_with_the_reason(client: TestClient) -> None:
    started = client.post("/api/v1/reports/火星县/jobs", params={"format": "docx"})
    assert started.status_code == 202, started.text
    failed, _ = polled(client, started.json()["url"])
    assert failed["state"] == failed["stage"] == "failed" and failed["result"] is None
    assert failed["error"]["status"] == 404 and failed["error"]["code"] == "unknown_jurisdiction"
    assert "火星县" in failed["error"]["message"]
    download = client.get(f"/api/v1/jobs/{failed['id']}/file")
    assert download.status_code == 404 and download.json()["error"]["code"] == "unknown_jurisdiction"


def test_unknown_jobs_and_upload_jobs_have_no_file(client: TestClient) -> None:
    missing = client.get("/api/v1/jobs/no-such-job/file")
    assert missing.status_code == 404 and "kept for an hour" in missing.json()["error"]["message"]
    plan = "某县绿地方案\n一、目标\n到2025年，城市绿地率达到40%。\n"
    upload = client.post("/api/v1/documents", files={"file": ("绿地.txt", plan.encode())})
    assert upload.status_code == 202
    nofile = client.get(f"/api/v1/jobs/{upload.json()['id']}/file")
    assert nofile.status_code == 404 and "not a report" in nofile.json()["error"]["message"]


def test_a_report_job_is_refused_at_once_outside_the_readers_place(client: TestClient,
                                                                   demo_ledger_copy: Path) -> None:
    coordinator = {"Authorization": f"Bearer {user_token(demo_ledger_copy, 'jinxiang')}"}
    refused = client.post("/api/v1/reports/赤峰市/jobs", params={"format": "html"}, headers=coordinator)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    bad = client.post("/api/v1/reports/金乡县/jobs", params={"format": "odt"})
    assert bad.status_code == 422


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The report is made for real, but held at its writing stage until the test sets the event, so the job's
    page can be seen while the job runs."""
    from greentrack.services import reports

    gate, real = threading.Event(), reports.report_bytes

    def held_report(*arguments: Any, stage: Callable[[str], object], **options: Any) -> bytes:
        def told(name: str) -> None:
            stage(name)
            if name == reports.WRITING:
                gate.wait(120)

        return real(*arguments, stage=told, **options)

    monkeypatch.setattr(reports, "report_bytes", held_report)
    try:
        yield gate
    finally:
        gate.set()


@pytest.mark.parametrize(("lang", "writing", "ready"), [
    ("zh", "正在生成文档", "报告已生成"),
    ("en", "Writing the document", "The report is ready"),
])
def test_the_analysis_form_goes_to_the_job_page_which_ends_on_the_link(client: TestClient, held: threading.Event,
                                                                       lang: str, writing: str, ready: str) -> None:
    client.cookies.set("lang", lang)
    index = client.get("/analysis")
    assert index.status_code == 200
    assert index.text.count('<form method="post" action="/analysis/report"') == 4  # a form per place
    assert index.text.count('name="format" value="html"') == 4  # and a button per format
    sent = client.post("/analysis/report", data={"jurisdiction": "金乡县", "format": "html", "lang": lang},
                       follow_redirects=False)
    assert sent.status_code == 303 and sent.headers["location"].startswith("/jobs/")
    for _ in range(2400):
        page = client.get(sent.headers["location"])
        if writing in page.text:
            break
        time.sleep(0.05)
    assert page.status_code == 200 and 'id="job-progress"' in page.text and 'data-stage="writing"' in page.text
    assert '<progress value="2" max="3">' in page.text and 'id="job-elapsed"' in page.text
    assert 'http-equiv="refresh"' in page.text and 'id="job-refresh"' in page.text  # a link without JavaScript
    assert 'id="report-download"' not in page.text
    held.set()
    for _ in range(6000):
        page = client.get(sent.headers["location"])
        if 'id="job-progress"' not in page.text:
            break
        time.sleep(0.05)
    assert page.status_code == 200 and 'http-equiv="refresh"' not in page.text and ready in page.text
    link = re.search(r'id="report-download" href="([^"]+)"', page.text)
    assert link is not None
    report = client.get(link.group(1))
    assert report.status_code == 200 and report.text.startswith("<!doctype html>")


def test_a_failed_report_job_page_says_why(client: TestClient) -> None:
    client.cookies.set("lang", "en")
    sent = client.post("/analysis/report", data={"jurisdiction": "火星县", "format": "docx"}, follow_redirects=False)
    assert sent.status_code == 303
    for _ in range(6000):
        page = client.get(sent.headers["location"])
        if 'id="job-progress"' not in page.text:
            break
        time.sleep(0.05)
    assert page.status_code == 404 and 'id="report-failed"' in page.text
    assert "The report failed" in page.text and "火星县" in page.text


def test_a_forgotten_report_job_takes_its_file_along(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from greentrack.services import jobs

    done, _ = polled(client, client.post("/api/v1/reports/金乡县/jobs", params={"format": "html"}).json()["url"])
    kept = jobs._QUEUE.get(done["id"])
    assert kept is not None and kept.outcome.path.exists()
    monkeypatch.setattr(jobs, "JOB_KEEP_SECONDS", -1.0)  # every ended job is past its keep-time
    polled(client, client.post("/api/v1/reports/金乡县/jobs", params={"format": "html"}).json()["url"])
    assert not kept.outcome.path.exists()
    gone = client.get(done["result"]["url"])
    assert gone.status_code == 404 and gone.json()["error"]["code"] == "unknown_job"


@pytest.mark.slow
def test_a_pdf_report_job_passes_through_the_conversion(client: TestClient) -> None:
    if shutil.which("libreoffice") is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    started = client.post("/api/v1/reports/平陆县/jobs", params={"format": "pdf", "as_of": AS_OF})
    assert started.status_code == 202, started.text
    done, seen = polled(client, started.json()["url"])
    assert done["state"] == "done", done
    assert "converting" in seen  # LibreOffice takes seconds; the poll runs every 0.05 s
    pdf = client.get(done["result"]["url"])
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
