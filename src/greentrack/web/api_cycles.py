"""Reporting cycles (填报周期): list, open, status per department, close, remind (催报), a department's sheet.

Thin routes over `services.cycles` (the CLI's `greentrack cycle …` calls the same functions): administrators and the
coordinators of the cycle's place open, close and remind; those who see the place read; a reporter reads its own
department's line and downloads its own sheet.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Response, status

from greentrack.ledger.records import CycleRecord, ReminderRecord
from greentrack.services import cycles
from greentrack.web import schemas_cycles as schemas
from greentrack.web.api import AsOf, JurisdictionQuery, LedgerDep
from greentrack.web.auth import Who

router = APIRouter(prefix="/cycles", tags=["cycles 填报周期"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _utc(at: datetime | None) -> str | None:
    return at.isoformat(timespec="seconds") + "Z" if at else None


def cycle(record: CycleRecord) -> schemas.Cycle:
    """A cycle as the API shows it."""
    return schemas.Cycle(id=record.id, name=record.name, jurisdiction_code=record.jurisdiction_code,
                         jurisdiction=record.jurisdiction_name, period=record.period, opens_on=record.opens_on,
                         due_on=record.due_on, created_by=record.created_by, created_at=_utc(record.created_at) or "",
                         closed_at=_utc(record.closed_at), open=record.open, targets=record.targets, tasks=record.tasks)


def reminder(record: ReminderRecord) -> schemas.Reminder:
    """A reminder as the API shows it."""
    return schemas.Reminder(id=record.id, cycle_id=record.cycle_id, cycle=record.cycle_name,
                            department_id=record.department_id, department=record.department, message=record.message,
                            sent_by=record.sent_by, sent_at=_utc(record.sent_at) or "",
                            emailed_to=list(record.emailed_to), read_at=_utc(record.read_at))


def status_of(found: cycles.CycleStatus) -> schemas.CycleStatus:
    """A cycle's status as the API shows it."""
    lines = [schemas.DepartmentLine(
        department_id=line.department_id, department=line.department, targets=line.targets, tasks=line.tasks,
        owed=line.owed, reported=line.reported,
        state=schemas.State(code=line.state, zh=cycles.state_label(line.state),
                            en=cycles.state_label(line.state, "en")),
        last_report=_utc(line.last_report), reminders=[reminder(r) for r in line.reminders],
        items=[schemas.OwedItem(kind=i.kind, id=i.item_id, label=i.label, reported_at=_utc(i.reported_at))
               for i in line.items]) for line in found.lines]
    return schemas.CycleStatus(cycle=cycle(found.cycle), as_of=found.as_of, unowned=found.unowned,
                               counts={state: found.count(state) for state in cycles.STATES}, departments=lines)


@router.get("", response_model=schemas.CycleList, summary="List reporting cycles")
def list_cycles(ledger: LedgerDep, who: Who, jurisdiction: JurisdictionQuery = None,
                open_only: Annotated[bool, Query(description="only the open cycles")] = False) -> schemas.CycleList:
    """The cycles of the places the user sees (of one place and those below when named), newest first."""
    return schemas.CycleList(items=[cycle(c) for c in cycles.list_cycles(ledger, jurisdiction, open_only, who)])


@router.post("", response_model=schemas.Cycle, status_code=status.HTTP_201_CREATED, summary="Open a reporting cycle")
def open_cycle(ledger: LedgerDep, who: Who, body: schemas.NewCycle) -> schemas.Cycle:
    """For a place, a period and a due date; covering the targets and tasks named, else every current one of the
    place's plans (places below included). Administrators and the place's coordinators only."""
    return cycle(cycles.open_cycle(ledger, body.name, body.jurisdiction, body.period, body.due_on, body.opens_on,
                                   body.targets, body.tasks, who))


@router.get("/{cycle_id}", response_model=schemas.CycleStatus, summary="A cycle's status per department")
def cycle_status(ledger: LedgerDep, who: Who, cycle_id: int, as_of: AsOf = None) -> schemas.CycleStatus:
    """Each department's owed targets and tasks, how many it reported, its state and reminders (a reporter: its own
    line only)."""
    return status_of(cycles.cycle_status(ledger, cycle_id, as_of, who))


@router.post("/{cycle_id}/close", response_model=schemas.Cycle, summary="Close a reporting cycle")
def close_cycle(ledger: LedgerDep, who: Who, cycle_id: int) -> schemas.Cycle:
    """No more reminders; the status stays readable. 409 when it is closed already."""
    return cycle(cycles.close_cycle(ledger, cycle_id, who))


@router.post("/{cycle_id}/reminders", response_model=schemas.ReminderSent, status_code=status.HTTP_201_CREATED,
             summary="Remind a department to report (催报)")
def remind(ledger: LedgerDep, who: Who, cycle_id: int, body: schemas.NewReminder) -> schemas.ReminderSent:
    """Stored and shown on the department's page; mailed to its users where an SMTP server is set (a failed mail is
    named in `mail_error`, the reminder stays)."""
    sent = cycles.remind(ledger, cycle_id, body.department, body.message, who)
    return schemas.ReminderSent(reminder=reminder(sent.reminder), mailed=sent.mailed, mail_error=sent.mail_error)


@router.get("/{cycle_id}/sheet", summary="A department's reporting sheet for the cycle", response_class=Response,
            responses={200: {"description": "the workbook (.xlsx)", "content": {XLSX: {}}}})
def sheet(ledger: LedgerDep, who: Who, cycle_id: int,
          department: Annotated[str | None, Query(description="the department (a reporter: its own)")] = None,
          ) -> Response:
    """The targets the department owes in the cycle, the cycle's period written in; upload it filled through
    POST /api/v1/observations/import."""
    found = cycles.cycle_sheet(ledger, cycle_id, department, who)
    disposition = f"attachment; filename=\"cycle-{cycle_id}-sheet.xlsx\"; filename*=UTF-8''{quote(found.name)}"
    return Response(found.data, media_type=XLSX, headers={"Content-Disposition": disposition})
