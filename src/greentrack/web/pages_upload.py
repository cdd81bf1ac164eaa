"""上传: a plan (the upload_plan service: read → extract → resolve → store) and monitoring data (the
upload_observations service: every row checked, all rows imported or none), each as a job.

A form posts the file; the server queues it (services/jobs.py) and sends the browser to the job's page, which
shows where the upload stands (queued behind N others, reading, storing), reloads itself until the job ends,
and then shows the result with a link to it. An uploaded file keeps its own (sanitised) base name, so every
message (`计划.xlsx 第3行 row 3 …`) names the file the user chose.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from greentrack.auth import require
from greentrack.errors import GreentrackError, ImportRejected, UsageError
from greentrack.read.formats import SUPPORTED
from greentrack.services.jobs import READING, RUNNING, STORING, Job, job_of, submit_plan, submit_sheet
from greentrack.services.reports import ASSESSING, CONVERTING, WRITING
from greentrack.web.api import read_upload
from greentrack.web.api_jobs import settled, wanted_wait
from greentrack.web.auth import who_of
from greentrack.web.pages_common import as_of_of, ledger_of, page, render

router = APIRouter(include_in_schema=False)
SHEETS = (".xlsx", ".csv")
REFRESH_SECONDS = 1  # how often a job's page reloads itself while the job runs


async def _read(upload: UploadFile, allowed: tuple[str, ...]) -> tuple[str, bytes]:
    """The upload's kept name and bytes, refusing an unsupported extension or a file over the size limit."""
    name, data = await read_upload(upload)
    if not name.lower().endswith(allowed):
        raise UsageError(f"{name}: unsupported file type — upload one of {', '.join(allowed)}")
    return name, data


def _form(request: Request, status_code: int = 200, result: dict | None = None) -> Response:
    return render(request, "upload.html", status_code=status_code, formats=sorted(SUPPORTED), result=result)


@router.get("/upload", response_class=HTMLResponse)
@page
def upload_page(request: Request) -> Response:
    """The upload forms the user's role may use (a viewer may use none: 403)."""
    require(who_of(request), "report")
    return _form(request)


def result_of(job: Job) -> tuple[int, dict[str, Any]]:
    """The HTTP status and the result block (upload.html) of an ended job."""
    if job.error is None:
        return 200, {"kind": "plan" if job.kind == "plan" else "imported", "outcome": job.outcome, "name": job.file}
    if isinstance(job.error, ImportRejected):
        return job.error.http_status, {"kind": "rejected", "problems": job.error.problems, "name": job.file}
    return job.error.http_status, {"kind": "failed", "message": job.error.message}


async def _answer(request: Request, job: Job) -> Response:
    """The job's result page when the request asked to wait (`Prefer: wait=N`) and it ended in time, else a
    redirect to the job's page, which shows its progress."""
    if await settled(job, wanted_wait(request)):
        return _form(request, *result_of(job))
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.post("/upload/plan", response_class=HTMLResponse)
async def upload_plan(request: Request, file: Annotated[UploadFile, File()]) -> Response:
    """Queue an uploaded plan and go to its job's page."""
    try:
        name, data = await _read(file, tuple(sorted(SUPPORTED)))
        job = submit_plan(ledger_of(request), name, data, who_of(request))
    except GreentrackError as exc:
        return _form(request, exc.http_status, {"kind": "failed", "message": exc.message})
    return await _answer(request, job)


@router.post("/upload/data", response_class=HTMLResponse)
async def upload_data(request: Request, file: Annotated[UploadFile, File()],
                      department: Annotated[str, Form()] = "", replace: Annotated[str, Form()] = "") -> Response:
    """Queue a filled reporting sheet and go to its job's page (every row problem is listed there)."""
    try:
        name, data = await _read(file, SHEETS)
        job = await run_in_threadpool(submit_sheet, ledger_of(request), name, data, department.strip() or None,
                                      replace == "on", None, as_of_of(request), who_of(request))
    except GreentrackError as exc:
        return _form(request, exc.http_status, {"kind": "failed", "message": exc.message})
    return await _answer(request, job)


def step_of(job: Job) -> tuple[int, int] | None:
    """The running job's step and its number of steps, for a progress bar (None while it waits)."""
    if job.state != RUNNING:
        return None
    stages = (ASSESSING, WRITING, CONVERTING) if job.kind == "report" else (READING, STORING)
    if job.kind == "report" and not job.file.endswith(".pdf"):
        stages = stages[:2]
    return (stages.index(job.stage) + 1 if job.stage in stages else 1), len(stages) + 1


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
@page
def job_page(request: Request, job_id: str) -> Response:
    """Where an upload or a report stands (stage, seconds so far); reloads itself until it ends, then shows the
    result and links to it (a report: its download), or the error."""
    job = job_of(ledger_of(request), job_id, who_of(request))
    if job.kind == "report":
        status, result = (job.error.http_status if job.error else 200), None
    else:
        status, result = result_of(job) if job.ended else (200, None)
    elapsed = None if job.ended else int((datetime.now(UTC) - (job.started or job.created)).total_seconds())
    return render(request, "job.html", status_code=status, job=job, result=result, step=step_of(job),
                  elapsed=elapsed, refresh=None if job.ended else REFRESH_SECONDS)
