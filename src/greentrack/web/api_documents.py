"""Documents: the stored plan versions, each with its outline, targets and text; upload of a new plan."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Request, Response, UploadFile, status

from greentrack.errors import IngestError
from greentrack.services import documents
from greentrack.services.jobs import submit_plan
from greentrack.web import api_records, schemas
from greentrack.web.api import AsOf, LedgerDep, read_upload
from greentrack.web.api_jobs import ACCEPTED, outcome_or_job, plan_upload
from greentrack.web.auth import Who

router = APIRouter(prefix="/documents", tags=["documents 规划文件"])
UploadedPlan = Annotated[UploadFile, File(description="a plan: .txt, .docx, .pdf or .html")]


@router.get("", response_model=schemas.DocumentList, summary="List document versions")
def list_documents(ledger: LedgerDep, who: Who) -> schemas.DocumentList:
    """Every stored version of every plan, in the order stored."""
    return schemas.DocumentList(items=[api_records.document(d) for d in documents.list_documents(ledger, who)])


@router.post("", response_model=schemas.PlanUpload, status_code=status.HTTP_201_CREATED,
             summary="Upload a plan", responses={200: {"model": schemas.PlanUpload,
                                                        "description": "the same bytes are already stored"},
                                                  **ACCEPTED})
async def upload_plan(ledger: LedgerDep, who: Who, file: UploadedPlan, request: Request,
                      response: Response) -> Any:
    """Read → extract → resolve → store an uploaded plan, as a job: 202 with the job to poll; with
    `Prefer: wait=N`, 201 with the new document (200 when already stored) if it is done within N seconds."""
    name, data = await read_upload(file)
    outcome = await outcome_or_job(submit_plan(ledger, name, data, who), request)
    if isinstance(outcome, Response):
        return outcome
    if outcome.status == "unchanged":
        response.status_code = status.HTTP_200_OK
    if outcome.document is None:  # only a failed outcome lacks its document, and upload_plan raised for that
        raise IngestError(f"cannot ingest {name}: no document was stored")
    return plan_upload(outcome)


@router.get("/{document_id}", response_model=schemas.DocumentDetail, summary="A document with outline and targets")
def get_document(ledger: LedgerDep, who: Who, document_id: int, as_of: AsOf = None) -> schemas.DocumentDetail:
    """The document's metadata, its outline with the targets stated under each heading, every target's status."""
    when = as_of or date.today()
    return api_records.document_detail(documents.document_detail(ledger, document_id, when, who), when)


@router.get("/{document_id}/text", response_model=schemas.DocumentText, summary="Normalised text and target spans")
def get_document_text(ledger: LedgerDep, who: Who, document_id: int) -> schemas.DocumentText:
    """The text every span points into, and each target's span (`text[start:end]` is its quote)."""
    source = documents.document_source(ledger, document_id, who)
    spans = [schemas.Span(target_id=record.id, start=record.target.start, end=record.target.end,
                          quote=record.target.quote) for record in source.targets]
    return schemas.DocumentText(document_id=document_id, text=source.text, spans=spans)
