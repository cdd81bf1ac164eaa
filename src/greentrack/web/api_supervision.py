"""Supervision items (督办事项) and evidence files: list, create (by hand or from a warning), issue, answer (with
evidence, multipart), close, return, escalate, the Word 督办函, and an evidence file's download.

Thin routes over `services.supervision_items` (the CLI's `greentrack supervise …` and the /supervision pages call
the same functions): the office steps need `supervise` in the item's place, an answer its department.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Query, Response, UploadFile, status
from starlette.concurrency import run_in_threadpool

from greentrack import config
from greentrack.ledger.records import EvidenceRecord
from greentrack.ledger.supervision_records import SupervisionAnswer, SupervisionDetail, SupervisionItem
from greentrack.services import supervision_items as service
from greentrack.services.files import upload_name
from greentrack.web import schemas_supervision as schemas
from greentrack.web.api import AsOf, DepartmentQuery, JurisdictionQuery, LedgerDep
from greentrack.web.auth import Who
from greentrack.web.context import API_PREFIX

router = APIRouter(tags=["supervision 督办"])
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _utc(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") + "Z" if value else None


def evidence(record: EvidenceRecord) -> schemas.Evidence:
    """An evidence file with its download address."""
    return schemas.Evidence(id=record.id, name=record.name, media_type=record.media_type, size=record.size,
                            sha256=record.sha256, uploaded_by=record.uploaded_by,
                            uploaded_at=_utc(record.uploaded_at) or "", url=f"{API_PREFIX}/evidence/{record.id}")


def item(found: SupervisionItem, as_of: dt.date | None = None) -> schemas.Item:
    """An item as the API shows it."""
    return schemas.Item(
        id=found.id, jurisdiction_code=found.jurisdiction_code, jurisdiction_name=found.jurisdiction_name,
        title=found.title, requirement=found.requirement, answer_due=found.answer_due, state=found.state,
        overdue=found.overdue(as_of or dt.date.today()), source=found.source, severity=found.severity,
        issuer=found.issuer, doc_number=found.doc_number, issued_on=found.issued_on, created_by=found.created_by,
        created_at=_utc(found.created_at) or "", closed_at=_utc(found.closed_at), escalated_at=_utc(found.escalated_at),
        subjects=[schemas.Subject(target_id=s.target_id, task_id=s.task_id, label=s.label, figures=s.figures)
                  for s in found.subjects],
        departments=[schemas.Department(department_id=d.department_id, name=d.name, lead=d.lead)
                     for d in found.departments],
        letter_url=f"{API_PREFIX}/supervision/{found.id}/letter")


def answer(found: SupervisionAnswer) -> schemas.Answer:
    """An answer with its evidence."""
    return schemas.Answer(id=found.id, department_id=found.department_id, department=found.department,
                          progress=found.progress, problems=found.problems, measures=found.measures,
                          complete_by=found.complete_by, answered_by=found.answered_by,
                          answered_at=_utc(found.answered_at) or "", evidence=[evidence(e) for e in found.evidence])


def detail(found: SupervisionDetail, as_of: dt.date | None = None) -> schemas.ItemDetail:
    """An item with its answers and timeline."""
    return schemas.ItemDetail(item=item(found.item, as_of), answers=[answer(a) for a in found.answers],
                              events=[schemas.Event(at=_utc(e.at) or "", actor=e.actor, action=e.action, note=e.note)
                                      for e in found.events])


def disposition(name: str) -> str:
    """Content-Disposition of a download: the name as kept, and an ASCII one for old clients."""
    plain = name.encode("ascii", "ignore").decode().replace('"', "") or "file"
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name)}"


# GET /supervision itself is the supervision lists (督办清单) of api_status: the items are listed under /items
@router.get("/supervision/items", response_model=schemas.ItemList, summary="Supervision items (督办事项)")
def list_items(ledger: LedgerDep, who: Who, jurisdiction: JurisdictionQuery = None,
               department: DepartmentQuery = None,
               state: Annotated[str | None, Query(description=schemas.STATES)] = None,
               overdue: Annotated[bool, Query(description="only those past their answer deadline")] = False,
               as_of: AsOf = None) -> schemas.ItemList:
    """Newest first; a reporter sees the items addressed to its department. Items unanswered past their deadline
    escalate first."""
    found = service.list_items(ledger, jurisdiction, department, state, overdue, as_of, who)
    return schemas.ItemList(total=len(found), items=[item(i, as_of) for i in found])


@router.post("/supervision", response_model=schemas.Item, status_code=status.HTTP_201_CREATED,
             summary="Create a supervision item by hand")
def create_item(ledger: LedgerDep, who: Who, body: schemas.NewItem) -> schemas.Item:
    """About targets and tasks, addressed to lead (牵头) and supporting (配合) departments."""
    return item(service.create_item(ledger, body.title, body.requirement, body.answer_due, body.targets, body.tasks,
                                    body.lead, body.support, who))


@router.post("/supervision/from-warning", response_model=schemas.Item, status_code=status.HTTP_201_CREATED,
             summary="Create a supervision item from a target's warning")
def from_warning(ledger: LedgerDep, who: Who, body: schemas.FromWarning, as_of: AsOf = None) -> schemas.Item:
    """The target must have a warning (on `as_of`); its departments and the warning's severity carry over."""
    return item(service.create_from_warning(ledger, body.target_id, body.answer_due, body.requirement, who, as_of,
                                            body.title), as_of)


@router.get("/supervision/{item_id}", response_model=schemas.ItemDetail, summary="One supervision item")
def get_item(ledger: LedgerDep, who: Who, item_id: int, as_of: AsOf = None) -> schemas.ItemDetail:
    """With its subjects, departments, answers (and their evidence) and timeline."""
    return detail(service.show_item(ledger, item_id, as_of, who), as_of)


@router.post("/supervision/{item_id}/issue", response_model=schemas.Item, summary="Issue the 督办函")
def issue(ledger: LedgerDep, who: Who, item_id: int, body: schemas.Issue) -> schemas.Item:
    """Set its 发文机关, 文号 and 成文日期."""
    return item(service.issue(ledger, item_id, body.issuer, body.doc_number, body.issued_on, who))


@router.post("/supervision/{item_id}/answers", response_model=schemas.ItemDetail,
             status_code=status.HTTP_201_CREATED, summary="Answer a supervision item, with evidence files")
async def post_answer(
        ledger: LedgerDep, who: Who, item_id: int,
        progress: Annotated[str, Form(description="进展情况")] = "",
        problems: Annotated[str, Form(description="存在问题")] = "",
        measures: Annotated[str, Form(description="整改措施")] = "",
        complete_by: Annotated[str, Form(description="完成时限 (YYYY-MM-DD)")] = "",
        department: Annotated[str | None, Form(description="the department answered for (the office only)")] = None,
        files: Annotated[list[UploadFile] | None, File(description="evidence files (佐证材料)")] = None,
) -> schemas.ItemDetail:
    """All four parts are required; every file is checked (size, type, content, zip bomb) before anything is
    stored, and a refused one stores nothing."""
    limit = int(float(config.get("max_evidence_mb")) * 1024 * 1024)
    read = [(upload_name(f.filename, "evidence"), await f.read(limit + 1)) for f in files or [] if f.filename]
    found = await run_in_threadpool(service.answer, ledger, item_id, progress, problems, measures,
                                    complete_by or None, read, department, who)
    return detail(found)


@router.post("/supervision/{item_id}/close", response_model=schemas.Item, summary="Close an answered item (销号)")
def close(ledger: LedgerDep, who: Who, item_id: int, body: schemas.Closing | None = None) -> schemas.Item:
    """Only an answered item closes (409 otherwise)."""
    return item(service.close(ledger, item_id, body.note if body else "", who))


@router.post("/supervision/{item_id}/return", response_model=schemas.Item, summary="Return an answer (退回)")
def return_item(ledger: LedgerDep, who: Who, item_id: int, body: schemas.Returning) -> schemas.Item:
    """With a reason; the departments answer again."""
    return item(service.return_item(ledger, item_id, body.reason, who))


@router.post("/supervision/{item_id}/escalate", response_model=schemas.Item, summary="Escalate an item (约谈)")
def escalate(ledger: LedgerDep, who: Who, item_id: int, body: schemas.Escalation) -> schemas.Item:
    """With the 约谈 record: who, when, what was agreed."""
    return item(service.escalate(ledger, item_id, body.record, who))


@router.get("/supervision/{item_id}/letter", response_class=Response, summary="The item's 督办函 (Word)",
            responses={200: {"description": "the letter as .docx", "content": {DOCX: {}}}})
def get_letter(ledger: LedgerDep, who: Who, item_id: int) -> Response:
    """In the 公文 layout (GB/T 9704), with the issuer, 文号 and 成文日期 the office set."""
    name, data = service.letter(ledger, item_id, who)
    return Response(data, media_type=DOCX, headers={"Content-Disposition": disposition(name)})


@router.get("/evidence/{evidence_id}", response_class=Response, summary="Download an evidence file (佐证材料)",
            responses={200: {"description": "the file as uploaded"}})
def get_evidence(ledger: LedgerDep, who: Who, evidence_id: int) -> Response:
    """For those who may see the supervision item or task it belongs to."""
    record, data = service.evidence_file(ledger, evidence_id, who)
    return Response(data, media_type=record.media_type, headers={"Content-Disposition": disposition(record.name),
                                                                  "X-Content-Type-Options": "nosniff"})
