"""The review (审核) of targets and tasks: correct, confirm, reject, add; and a plan's review sheet.

Thin routes over `services.review_targets` (the CLI's `greentrack target …` calls the same functions):
administrators and coordinators of the plan's place only; a field that does not fit answers 422 naming it.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, status

from greentrack.ledger.records import Review, TargetRecord, TaskRecord
from greentrack.services import review_targets as review
from greentrack.web import api_records
from greentrack.web import schemas_review as schemas
from greentrack.web.api import LedgerDep
from greentrack.web.auth import Who

router = APIRouter(tags=["review 审核"])


def review_state(found: Review) -> schemas.ReviewState:
    """A record's review as the API shows it (times in UTC with their Z)."""
    return schemas.ReviewState(state=found.state, reason=found.reason, by=found.by,
                               at=found.at.isoformat(timespec="seconds") + "Z" if found.at else None,
                               previous=found.previous, previous_id=found.previous_id)


def reviewed_target(record: TargetRecord) -> schemas.ReviewedTarget:
    """A target with its fields, resolution and review."""
    t = record.target
    return schemas.ReviewedTarget(
        id=record.id, document_id=record.document_id, indicator=t.indicator, indicator_id=record.indicator_id,
        comparator=t.comparator, value=t.value, unit=t.unit, year=t.year, deadline=t.deadline, kind=t.kind,
        reference_year=t.reference_year, baseline_value=t.baseline_value, baseline_year=t.baseline_year,
        scope=t.scope, aspirational=t.aspirational, binding=t.binding, departments=list(t.departments),
        lead_departments=list(t.lead_departments), canonical_departments=list(record.departments),
        canonical_lead_departments=list(record.lead_departments), section=list(t.section), quote=t.quote,
        start=t.start, end=t.end, confidence=t.confidence, doubts=list(t.doubts), review=review_state(record.review))


def reviewed_task(record: TaskRecord) -> schemas.ReviewedTask:
    """A task with its fields and review."""
    t = record.task
    return schemas.ReviewedTask(id=record.id, document_id=record.document_id, text=t.text, year=t.year,
                                deadline=t.deadline, departments=list(t.departments),
                                lead_departments=list(t.lead_departments), section=list(t.section), quote=t.quote,
                                start=t.start, end=t.end, review=review_state(record.review))


def progress(found: review.ReviewProgress) -> schemas.ReviewProgress:
    """A plan's review progress."""
    return schemas.ReviewProgress(total=found.total, confirmed=found.confirmed, corrected=found.corrected,
                                  rejected=found.rejected, added=found.added, to_review=found.to_review)


def _sent(body: Any) -> dict[str, Any]:
    """The fields the request sent (null included: it clears), without the document's id."""
    return {k: v for k, v in body.model_dump(exclude_unset=True).items() if k != "document_id"}


@router.get("/documents/{document_id}/review", response_model=schemas.ReviewSheet,
            summary="A plan's review sheet: every target and task with its review")
def get_review(ledger: LedgerDep, who: Who, document_id: int) -> schemas.ReviewSheet:
    """Targets lowest confidence first (rejected ones included), tasks, progress, and the previous version's
    decisions no record of this version continues."""
    sheet = review.review_sheet(ledger, document_id, who)
    return schemas.ReviewSheet(document=api_records.document(sheet.document), progress=progress(sheet.progress),
                               task_progress=progress(sheet.task_progress),
                               targets=[reviewed_target(t) for t in sheet.targets],
                               tasks=[reviewed_task(t) for t in sheet.tasks],
                               vanished=[reviewed_target(t) for t in sheet.vanished])


@router.patch("/targets/{target_id}", response_model=schemas.ReviewedTarget, summary="Correct a target")
def patch_target(ledger: LedgerDep, who: Who, target_id: int, body: schemas.TargetChanges) -> schemas.ReviewedTarget:
    """Only the fields sent change; the target becomes `corrected` (an added one stays `added`)."""
    return reviewed_target(review.edit_target(ledger, target_id, _sent(body), who))


@router.post("/targets", response_model=schemas.ReviewedTarget, status_code=status.HTTP_201_CREATED,
             summary="Add a target the extractor missed")
def post_target(ledger: LedgerDep, who: Who, body: schemas.NewTarget) -> schemas.ReviewedTarget:
    """From a span of the plan (start and end, or an exact quote) and its fields; `added`."""
    return reviewed_target(review.add_target(ledger, body.document_id, _sent(body), who))


@router.post("/targets/{target_id}/confirm", response_model=schemas.ReviewedTarget, summary="Confirm a target")
def confirm_target(ledger: LedgerDep, who: Who, target_id: int) -> schemas.ReviewedTarget:
    """Right as it stands: `confirmed` (a corrected or added one keeps its state)."""
    return reviewed_target(review.confirm_target(ledger, target_id, who))


@router.post("/targets/{target_id}/reject", response_model=schemas.ReviewedTarget, summary="Reject a target")
def reject_target(ledger: LedgerDep, who: Who, target_id: int, body: schemas.Rejection) -> schemas.ReviewedTarget:
    """Not a target: `rejected` with the reason, kept, and left out of every list, status, export and report."""
    return reviewed_target(review.reject_target(ledger, target_id, body.reason, who))


@router.patch("/tasks/{task_id}", response_model=schemas.ReviewedTask, summary="Correct a task")
def patch_task(ledger: LedgerDep, who: Who, task_id: int, body: schemas.TaskChanges) -> schemas.ReviewedTask:
    """Only the fields sent change; the task becomes `corrected` (an added one stays `added`)."""
    return reviewed_task(review.edit_task(ledger, task_id, _sent(body), who))


@router.post("/tasks", response_model=schemas.ReviewedTask, status_code=status.HTTP_201_CREATED,
             summary="Add a task the extractor missed")
def post_task(ledger: LedgerDep, who: Who, body: schemas.NewTask) -> schemas.ReviewedTask:
    """From a span of the plan; `added`."""
    return reviewed_task(review.add_task(ledger, body.document_id, _sent(body), who))


@router.post("/tasks/{task_id}/confirm", response_model=schemas.ReviewedTask, summary="Confirm a task")
def confirm_task(ledger: LedgerDep, who: Who, task_id: int) -> schemas.ReviewedTask:
    """Right as it stands."""
    return reviewed_task(review.confirm_task(ledger, task_id, who))


@router.post("/tasks/{task_id}/reject", response_model=schemas.ReviewedTask, summary="Reject a task")
def reject_task(ledger: LedgerDep, who: Who, task_id: int, body: schemas.Rejection) -> schemas.ReviewedTask:
    """Not a task: `rejected` with the reason, kept."""
    return reviewed_task(review.reject_task(ledger, task_id, body.reason, who))
