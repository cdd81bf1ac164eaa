"""Jobs: an upload (plan or reporting sheet) or a report made as a job answers 202 with a job to poll, or — with
`Prefer: wait=N` — its outcome once the job ends within N seconds. The waiting is asynchronous: the server answers
others meanwhile.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from typing import Any

import anyio
from fastapi import APIRouter, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response

from greentrack import config
from greentrack.errors import ServerBusy
from greentrack.services.jobs import DONE, FAILED, Job, ReportFile, job_of
from greentrack.web import api_records, schemas
from greentrack.web.api import LedgerDep
from greentrack.web.auth import Who
from greentrack.web.context import API_PREFIX
from greentrack.web.errors import error_body, greentrack_details

router = APIRouter(prefix="/jobs", tags=["jobs 任务"])
_PREFER_WAIT = re.compile(r"(?:^|[,;\s])wait\s*=\s*(\d+(?:\.\d+)?)", re.IGNORECASE)
POLL_SECONDS = 0.05
ACCEPTED = {202: {"model": schemas.JobState, "description": "queued: poll the job's `url` (or send `Prefer: wait=N` "
                                                             "to be answered with the outcome)"},
            503: {"model": schemas.ErrorResponse, "description": "the queue of uploads is full: retry in a minute"}}


@router.get("/{job_id}", response_model=schemas.JobState, summary="An upload's or a report's job")
def get_job(ledger: LedgerDep, who: Who, job_id: str) -> schemas.JobState:
    """Where an upload (queued, reading, storing) or a report (queued, assessing, writing, converting) stands
    and, once ended, its result (a report's: where to download the file) or error."""
    return job_state(job_of(ledger, job_id, who))


def job_state(job: Job) -> schemas.JobState:
    """The job as the API shows it."""
    result: Any = None
    if job.state == DONE and isinstance(job.outcome, ReportFile):
        result = schemas.ReportResult(file=job.outcome.name, format=job.outcome.format, size=job.outcome.size,
                                      url=file_url(job))
    elif job.state == DONE and job.outcome is not None:
        result = plan_upload(job.outcome) if job.kind == "plan" else api_records.import_result(job.outcome)
    error = None
    if job.state == FAILED and job.error is not None:
        error = schemas.JobError(**error_body(job.error.http_status, job.error.code, job.error.message,
                                              greentrack_details(job.error))["error"])
    return schemas.JobState(id=job.id, kind=job.kind, file=job.file, state=job.state, stage=job.stage,
                            position=job.position, created_at=job.created, started_at=job.started,
                            finished_at=job.finished, url=f"{API_PREFIX}/jobs/{job.id}", result=result, error=error)


def file_url(job: Job) -> str:
    """Where a report job's file is downloaded."""
    return f"{API_PREFIX}/jobs/{job.id}/file"


def report_disposition(name: str) -> str:
    """Content-Disposition of a report file (`金乡县-中期评估报告-2025-06-30.docx`): the Chinese name, and an ASCII
    one for old clients."""
    from urllib.parse import quote

    dated = name.rsplit("中期评估报告-", 1)[-1]  # 2025-06-30.docx
    return f"attachment; filename=\"report-{dated}\"; filename*=UTF-8''{quote(name)}"


def plan_upload(outcome: Any) -> schemas.PlanUpload:
    """A stored (or already stored) plan as the upload's result."""
    return schemas.PlanUpload(status=outcome.status, document=api_records.document(outcome.document))


async def heavy(request: Request, function: Callable[..., Any], *arguments: Any) -> Any:
    """`function(*arguments)` on a worker thread, at most `job_workers` of them at once per app (a report: Word,
    LibreOffice, charts); the others wait their turn in the event loop, and past `job_queue` waiting a request
    gets 503 (ServerBusy)."""
    state = request.app.state
    if getattr(state, "heavy_calls", None) is None:
        state.heavy_calls = anyio.CapacityLimiter(max(1, int(config.get("job_workers"))))
        state.heavy_waiting = 0
    if state.heavy_waiting >= int(config.get("job_queue")):
        raise ServerBusy(f"{state.heavy_waiting} reports are being made or waiting (setting job_queue) — retry in "
                         "a minute")
    state.heavy_waiting += 1
    try:
        return await anyio.to_thread.run_sync(lambda: function(*arguments), limiter=state.heavy_calls)
    finally:
        state.heavy_waiting -= 1


def wanted_wait(request: Request) -> float:
    """The seconds `Prefer: wait=N` asks to wait for the outcome (RFC 7240), at most the processing limit."""
    found = _PREFER_WAIT.search(request.headers.get("prefer", ""))
    return min(float(found.group(1)), float(config.get("max_processing_seconds")) + 30) if found else 0.0


async def settled(job: Job, seconds: float) -> bool:
    """Whether the job ends within `seconds`, waited for without holding the event loop or a thread."""
    deadline = time.monotonic() + seconds
    while not job.ended and time.monotonic() < deadline:
        await asyncio.sleep(POLL_SECONDS)
    return job.ended


def accepted(job: Job) -> Response:
    """202 with the job and where to poll it."""
    state = job_state(job)
    return JSONResponse(jsonable_encoder(state), status_code=202, headers={"Location": state.url})


async def outcome_or_job(job: Job, request: Request) -> Any:
    """The job's outcome when the client asked to wait and it ended in time (its error raised), else 202 — always
    202 when it did not ask, even for a job that ended at once (the answer must not depend on the race)."""
    wait = wanted_wait(request)
    if wait <= 0 or not await settled(job, wait):
        return accepted(job)
    if job.error is not None:
        raise job.error
    return job.outcome
