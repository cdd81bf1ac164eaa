"""Task progress (任务进展): the task list with states, a task's progress and history, a department's report with
evidence files, and the tasks that warn.

Thin routes over `services.task_progress` (the CLI's `greentrack task progress|report|states` calls the same
functions). The review's task routes (PATCH /tasks/{id}, POST /tasks, …/confirm, …/reject) live in api_review.py;
these add GET /tasks, /tasks/{id}/progress and /task-warnings beside them.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, UploadFile, status
from starlette.concurrency import run_in_threadpool

from greentrack import config
from greentrack.ledger.records import EvidenceRecord
from greentrack.services import task_progress as tasks
from greentrack.services.files import upload_name
from greentrack.track import SEVERITY_LABELS
from greentrack.web import schemas_tasks as schemas
from greentrack.web.api import AsOf, DepartmentQuery, JurisdictionQuery, LedgerDep, Limit, Offset
from greentrack.web.auth import Who
from greentrack.web.schemas import ErrorResponse

router = APIRouter(tags=["tasks 任务进展"])
EVIDENCE_URL = "/api/v1/evidence/{id}"
StateQuery = Annotated[schemas.TaskStateCode | None, Query(description=schemas.STATE)]


def evidence_file(found: EvidenceRecord) -> schemas.EvidenceFile:
    """An evidence file as listed, with its download address."""
    return schemas.EvidenceFile(id=found.id, name=found.name, media_type=found.media_type, size=found.size,
                                sha256=found.sha256, uploaded_by=found.uploaded_by,
                                uploaded_at=found.uploaded_at.isoformat(timespec="seconds") + "Z",
                                url=EVIDENCE_URL.format(id=found.id))


def report(found: tasks.TaskReport) -> schemas.TaskReport:
    """A report on a task with its files."""
    p = found.progress
    return schemas.TaskReport(id=p.id, state=p.state, state_zh=tasks.STATE_LABELS[p.state][0], note=p.note,
                              department=p.department, cycle_id=p.cycle_id, reported_by=p.reported_by,
                              reported_at=p.reported_at.isoformat(timespec="seconds") + "Z",
                              evidence=[evidence_file(e) for e in found.evidence])


def task_state(found: tasks.TaskState) -> schemas.TaskState:
    """A task with its state on the day asked."""
    r, t = found.record, found.record.task
    return schemas.TaskState(id=r.id, document_id=r.document_id, document_title=r.document_title,
                             jurisdiction_code=r.jurisdiction_code, jurisdiction_name=r.jurisdiction_name,
                             text=t.text, quote=t.quote, year=t.year, deadline=t.deadline, due=found.due,
                             days_left=found.days_left, departments=list(r.departments),
                             lead_departments=list(r.lead_departments), state=found.state, state_zh=found.state_zh,
                             latest=report(tasks.TaskReport(found.latest, ())) if found.latest else None)


def task_warning(found: tasks.TaskWarning) -> schemas.TaskWarning:
    """A task that warns."""
    return schemas.TaskWarning(task_id=found.task_id, text=found.text, severity=found.severity,
                               severity_zh=SEVERITY_LABELS[found.severity][0], state=found.state, due=found.due,
                               days_left=found.days_left, jurisdiction_name=found.jurisdiction_name,
                               departments=list(found.departments), lead_departments=list(found.lead_departments),
                               message=found.message, message_en=found.message_en)


async def read_evidence(file: UploadFile) -> tuple[str, bytes]:
    """An uploaded evidence file's kept name and bytes, read no further than one byte past `max_evidence_mb`
    (`check_evidence` then refuses it by its size, naming the file)."""
    limit = int(float(config.get("max_evidence_mb")) * 1024 * 1024)
    return upload_name(file.filename, "evidence"), await file.read(limit + 1)


@router.get("/tasks", response_model=schemas.TaskPage, summary="List tasks with their progress state")
def list_tasks(ledger: LedgerDep, who: Who, jurisdiction: JurisdictionQuery = None, department: DepartmentQuery = None,
               state: StateQuery = None, as_of: AsOf = None, limit: Limit = 100,
               offset: Offset = 0) -> schemas.TaskPage:
    """The current tasks the user may see (a reporter: its department's), each with its state on `as_of`, and how
    many are in each state."""
    found = tasks.list_tasks(ledger, jurisdiction, department, state.value if state else None, as_of, who)
    return schemas.TaskPage(as_of=found.as_of, total=len(found.items), limit=limit, offset=offset,
                            counts=found.counts,
                            items=[task_state(t) for t in found.items[offset:offset + limit]])


@router.get("/tasks/{task_id}/progress", response_model=schemas.TaskProgress,
            summary="A task's state, history and evidence")
def get_progress(ledger: LedgerDep, who: Who, task_id: int, as_of: AsOf = None) -> schemas.TaskProgress:
    """The task's state on `as_of` and every report on it, newest first, with the evidence files of each."""
    found = tasks.task_history(ledger, task_id, as_of, who)
    return schemas.TaskProgress(as_of=found.as_of, task=task_state(found.current),
                                history=[report(h) for h in found.history])


@router.post("/tasks/{task_id}/progress", response_model=schemas.TaskReport, status_code=status.HTTP_201_CREATED,
             summary="Report a task's progress with evidence files",
             responses={409: {"model": ErrorResponse, "description": "the task was rejected in review"}})
async def post_progress(
    ledger: LedgerDep, who: Who, task_id: int,
    state: Annotated[str, Form(description="not_started · in_progress · done (overdue is computed)")],
    note: Annotated[str, Form(description="what was done or why it is late: required for done and overdue")] = "",
    cycle_id: Annotated[int | None, Form(ge=1, le=2**31 - 1, description="the reporting cycle it answers")] = None,
    files: Annotated[list[UploadFile] | None, File(description="evidence files (佐证材料), checked before anything "
                                                              "is stored")] = None,
    as_of: AsOf = None,
) -> schemas.TaskReport:
    """Only the task's departments' reporters, the coordinators of its place and administrators; every file is
    checked (size, type, content, zip bomb) before the report and its files are stored in one transaction."""
    sent = [await read_evidence(f) for f in files or [] if f.filename or f.size]
    found = await run_in_threadpool(tasks.report_task, ledger, task_id, state, note, sent, cycle_id, as_of, who)
    return report(found)


@router.get("/task-warnings", response_model=schemas.TaskWarnings, summary="Tasks overdue or due soon")
def task_warnings(ledger: LedgerDep, who: Who, jurisdiction: JurisdictionQuery = None,
                  department: DepartmentQuery = None, as_of: AsOf = None) -> schemas.TaskWarnings:
    """Overdue tasks (red) and tasks due within 90 days and not started (yellow), as they enter the supervision
    list beside the targets' warnings (GET /warnings)."""
    from datetime import date

    found = tasks.task_warnings(ledger, as_of, jurisdiction, department, who)
    return schemas.TaskWarnings(as_of=as_of or date.today(), items=[task_warning(w) for w in found])
