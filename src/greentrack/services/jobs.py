"""Uploads and reports as jobs: queued, run off the server's event loop in a bounded pool, polled until they end.

A plan or a reporting sheet sent to the server is checked at once for what is cheap (who may upload it, its
name and size) and then queued (`job_queue` places; past them `ServerBusy`, 503). Each
of `job_workers` runner threads takes the next job, has its worker process (`scale/bounded.py`) read the file
— the part that costs CPU and memory, bounded by `max_processing_seconds` and `job_memory_mb` — and then
stores the result in the ledger itself, as the CLI would. The client polls the job (`job_of`) until it is
`done` or `failed`; the job keeps the outcome or the error for `JOB_KEEP_SECONDS`.

A report (`submit_report`, the 中期评估报告) is a job of the same queue: its runner thread makes the file
(stages assessing 汇总数据 → writing 生成文档 → converting 转换PDF) and keeps it in a temporary file, not in
memory, until the job is forgotten; `report_file` hands it to its owner.

Jobs live in this process's memory: `greentrack serve` is one process, and a job is of use only to the
client polling the server that took it. A server restart forgets them (an upload half done is rolled back,
as every import is one transaction).
"""

from __future__ import annotations

import logging
import os
import queue
import secrets
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from greentrack import config
from greentrack.errors import (
    GreentrackError,
    IngestError,
    JobNotDone,
    OverLimit,
    ServerBusy,
    UnknownJob,
    UnknownJurisdiction,
)
from greentrack.scale.bounded import Worker, WorkerStopped
from greentrack.services.scope import acting

if TYPE_CHECKING:
    from greentrack.auth import Principal
    from greentrack.ledger.db import Ledger
    from greentrack.services.files import Runner

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
READING, STORING = "reading", "storing"  # the stages of a running upload
ASSESSING = "assessing"  # a report's first stage (reports.py names the others)
JOB_KEEP_SECONDS = 3600.0
JOBS_KEPT = 1000
log = logging.getLogger("greentrack.jobs")


@dataclass(frozen=True)
class ReportFile:
    """A finished report: the temporary file holding it, the name to download it as, and its format."""

    path: Path
    name: str
    format: str
    size: int


@dataclass
class Job:
    """One upload or report on its way: what it is, whose it is, where it stands, and how it ended."""

    id: str
    kind: str  # "plan", "sheet" or "report"
    file: str  # the upload's (sanitised) name; a report's file name
    owner: str
    ledger_url: str
    work: Callable[[Runner], Any] | None  # the service call; dropped once run (it holds the upload's bytes)
    state: str = QUEUED
    stage: str = QUEUED
    created: datetime = field(default_factory=lambda: datetime.now(UTC))
    started: datetime | None = None
    finished: datetime | None = None
    outcome: Any = None  # IngestOutcome, ImportOutcome or ReportFile
    error: GreentrackError | None = None

    @property
    def ended(self) -> bool:
        """True once the job is done or failed."""
        return self.state in (DONE, FAILED)

    @property
    def position(self) -> int:
        """How many jobs wait before this one (0 once it runs)."""
        return _QUEUE.position(self.id) if self.state == QUEUED else 0


class _Jobs:
    """The queue, the runner threads (one worker process each) and every job kept."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._waiting: list[str] = []
        self._queue: queue.Queue[Job] | None = None
        self._runners: list[threading.Thread] = []
        self.workers: list[Worker] = []

    def submit(self, job: Job) -> Job:
        with self._lock:
            if self._queue is None:
                self._start()
            assert self._queue is not None
            if len(self._waiting) >= int(config.get("job_queue")):
                raise ServerBusy(f"{len(self._waiting)} uploads or reports are waiting already (setting job_queue) "
                                 "— retry in a minute")
            self._forget_old()
            self._jobs[job.id] = job
            self._waiting.append(job.id)
            self._queue.put(job)
        return job

    def _start(self) -> None:
        self._queue = queue.Queue()
        for number in range(max(1, int(config.get("job_workers")))):
            worker = Worker()
            thread = threading.Thread(target=self._run, args=(worker,), daemon=True, name=f"greentrack-job-{number}")
            self.workers.append(worker)
            self._runners.append(thread)
            thread.start()

    def _forget_old(self) -> None:
        now = datetime.now(UTC)
        while self._jobs:
            oldest = next(iter(self._jobs.values()))
            stale = oldest.finished is not None and (now - oldest.finished).total_seconds() > JOB_KEEP_SECONDS
            if not stale and len(self._jobs) < JOBS_KEPT:
                return
            if not oldest.ended:  # never forget a job still to run; keep the rest for its owner to read
                return
            _, gone = self._jobs.popitem(last=False)
            if isinstance(gone.outcome, ReportFile):
                gone.outcome.path.unlink(missing_ok=True)

    def _run(self, worker: Worker) -> None:
        assert self._queue is not None
        while True:
            job = self._queue.get()
            with self._lock:
                self._waiting.remove(job.id)
            job.state, job.started = RUNNING, datetime.now(UTC)
            job.stage = ASSESSING if job.kind == "report" else READING
            try:
                job.outcome = _work(job, worker)
                job.state, job.stage = DONE, DONE
            except GreentrackError as exc:
                job.error, job.state, job.stage = exc, FAILED, FAILED
            except Exception as exc:  # a bug: the job fails with a plain message, the log keeps the traceback
                log.exception("job %s (%s) failed", job.id, job.file, exc_info=exc)
                verb = "make" if job.kind == "report" else "process"
                job.error = IngestError(f"cannot {verb} {job.file}: internal error ({type(exc).__name__}) — the "
                                        "server log has the details")
                job.state, job.stage = FAILED, FAILED
            finally:
                job.finished, job.work = datetime.now(UTC), None

    def position(self, job_id: str) -> int:
        with self._lock:
            return self._waiting.index(job_id) if job_id in self._waiting else 0

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)


_QUEUE = _Jobs()


def _work(job: Job, worker: Worker) -> Any:
    """Run the job's service call, its heavy part on the runner's worker within the time limit."""
    seconds = float(config.get("max_processing_seconds"))
    deadline = time.monotonic() + seconds

    def run(function: Callable[..., Any], arguments: tuple[Any, ...]) -> Any:
        try:
            return worker.call(function, arguments, max(0.1, deadline - time.monotonic()))
        except WorkerStopped as exc:
            if exc.timed_out:
                raise OverLimit(job.file, f"processing stopped after {seconds:g} s, the limit (setting "
                                          "max_processing_seconds) — split the document or raise the limit") from None
            raise OverLimit(job.file, "the worker reading it stopped (killed, or out of memory past job_memory_mb = "
                                      f"{config.get('job_memory_mb')} MB?) — split the document") from None
        except MemoryError:
            raise OverLimit(job.file, f"reading it needs more memory than job_memory_mb = "
                                      f"{config.get('job_memory_mb')} MB allows — split the document") from None
        finally:
            job.stage = STORING

    assert job.work is not None
    return job.work(run)


def _new(ledger: Ledger, who: Principal, kind: str, name: str, work: Callable[[Runner], Any]) -> Job:
    return _QUEUE.submit(Job(secrets.token_urlsafe(12), kind, name, who.name, ledger.url, work))


def submit_plan(ledger: Ledger, filename: str, data: bytes, who: Principal) -> Job:
    """Queue an uploaded plan (`ingest.upload_plan`); Forbidden or FileTooLarge at once, before queuing."""
    from greentrack.auth import require
    from greentrack.services import ingest
    from greentrack.services.files import check_upload_size, upload_name

    require(acting(ledger, who), "upload_plan")
    name = upload_name(filename)
    check_upload_size(name, data)
    return _new(ledger, who, "plan", name, lambda run: ingest.upload_plan(ledger, name, data, who=who, run=run))


def submit_sheet(ledger: Ledger, filename: str, data: bytes, department: str | None, replace: bool,
                 reporter: str | None, as_of: date | None, who: Principal) -> Job:
    """Queue an uploaded reporting sheet (`observations.upload_observations`); who may report, for which
    department and under which name is checked at once."""
    from greentrack.auth import require
    from greentrack.services.files import check_upload_size, upload_name
    from greentrack.services.observations import bound_reporter, upload_observations
    from greentrack.services.scope import own_department

    writer = acting(ledger, who)
    require(writer, "report")
    own_department(ledger, writer, department)
    bound_reporter(who, reporter, "")
    name = upload_name(filename, "upload.xlsx")
    check_upload_size(name, data)
    return _new(ledger, who, "sheet", name, lambda run: upload_observations(
        ledger, name, data, department, replace, reporter, as_of, who, run=run))


def submit_report(ledger: Ledger, jurisdiction: str, fmt: str, lang: str, as_of: date, who: Principal) -> Job:
    """Queue the 中期评估报告 of a place (`reports.report_bytes`). Who may read it, the format, the language and
    a PDF's LibreOffice are checked at once, as the synchronous report does; a place the ledger lacks fails the
    job, which says so when polled."""
    from greentrack.errors import UsageError
    from greentrack.reports.labels import check_lang
    from greentrack.services.reports import REPORT_FORMATS, report_bytes
    from greentrack.services.scope import checked_place

    if fmt not in REPORT_FORMATS:
        raise UsageError(f"unknown report format {fmt!r} — use one of {', '.join(REPORT_FORMATS)}")
    check_lang(lang)
    reader = acting(ledger, who)
    try:
        with ledger.session() as session:
            checked_place(session, jurisdiction, reader, "midterm_report")
    except UnknownJurisdiction:
        pass  # the job fails with it
    if fmt == "pdf":
        from greentrack.reports.pdf import find_libreoffice

        find_libreoffice()
    name = f"{jurisdiction}-中期评估报告-{as_of.isoformat()}.{fmt}"
    job = Job(secrets.token_urlsafe(12), "report", name, who.name, ledger.url, None)

    def work(_: Runner) -> ReportFile:
        def told(stage: str) -> None:
            job.stage = stage

        data = report_bytes(ledger, jurisdiction, fmt, lang, as_of, who, stage=told)
        handle, path = tempfile.mkstemp(prefix="greentrack-report-", suffix=f".{fmt}")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        return ReportFile(Path(path), name, fmt, len(data))

    job.work = work
    return _QUEUE.submit(job)


def report_file(ledger: Ledger, job_id: str, who: Principal) -> ReportFile:
    """The finished report of a job `who` may read: UnknownJob (no such job, not a report, forgotten), the job's
    own error when it failed, JobNotDone while it runs."""
    job = job_of(ledger, job_id, who)
    if job.kind != "report":
        raise UnknownJob(f"job {job_id} is an upload, not a report — it has no file to download")
    if job.error is not None:
        raise job.error
    if not isinstance(job.outcome, ReportFile):
        raise JobNotDone(f"report job {job_id} is {job.stage} — poll /api/v1/jobs/{job_id} until it is done")
    if not job.outcome.path.exists():
        raise UnknownJob(f"the file of report job {job_id} is gone (the server cleared its temporary files) — "
                         "make the report again")
    return job.outcome


def job_of(ledger: Ledger, job_id: str, who: Principal) -> Job:
    """A job of this ledger that `who` submitted (an administrator: anyone's); UnknownJob otherwise."""
    job = _QUEUE.get(job_id)
    if job is None or job.ledger_url != ledger.url or (job.owner != who.name and not who.everywhere):
        raise UnknownJob(f"no job {job_id} of yours — it never existed, is someone else's, or ended over an hour ago "
                         "(jobs and their files are kept for an hour after they end)")
    return job


def worker_pids() -> list[int]:
    """The process ids of the worker processes running now (the benchmark adds up their memory)."""
    return [pid for pid in (w.pid for w in _QUEUE.workers) if pid is not None]
