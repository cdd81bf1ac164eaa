"""Who am I, and the audit log: `/api/v1/me` for any signed-in user, `/api/v1/audit` for coordinators and
administrators (a coordinator sees the entries of its own places)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from greentrack.auth.policy import PERMISSIONS
from greentrack.services.users import audit_entries
from greentrack.web.api import ERRORS, LedgerDep
from greentrack.web.auth import Who

router = APIRouter(tags=["users 用户"], responses=ERRORS)


class Me(BaseModel):
    """The signed-in user, its scope and what its role may do."""

    name: str
    role: str
    jurisdiction_code: str | None
    jurisdiction_name: str | None
    department: str | None
    may: list[str] = Field(description="the actions the role allows (read, report, upload_plan, analyse …)")


class AuditEntry(BaseModel):
    """One change: who, when (UTC), which entity, the action, the row before and after."""

    id: int
    at: datetime
    actor: str
    entity: str
    entity_id: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class AuditLog(BaseModel):
    """Audit entries, newest first."""

    items: list[AuditEntry]


@router.get("/me", response_model=Me, summary="The signed-in user")
def me(who: Who) -> Me:
    """The user the token or session belongs to, with its jurisdiction, department and allowed actions."""
    return Me(name=who.name, role=who.role, jurisdiction_code=who.jurisdiction_code,
              jurisdiction_name=who.jurisdiction_name, department=who.department,
              may=[action for action, roles in PERMISSIONS.items() if who.role in roles])


@router.get("/audit", response_model=AuditLog, summary="The audit log (coordinators, administrators)")
def audit(ledger: LedgerDep, who: Who,
          entity: Annotated[str | None, Query(description="target, observation, user, api_token, login")] = None,
          actor: Annotated[str | None, Query(description="only this user's changes")] = None,
          since: Annotated[datetime | None, Query(description="from this UTC time (YYYY-MM-DDTHH:MM)")] = None,
          limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> AuditLog:
    """Every create, update and delete, newest first; append-only. (Times are UTC, the ledger stores them naive.)"""
    if since is not None and since.tzinfo is not None:
        since = since.astimezone(UTC).replace(tzinfo=None)
    found = audit_entries(ledger, entity, actor, since, limit, who)
    return AuditLog(items=[AuditEntry(id=e.id, at=e.at.replace(tzinfo=UTC), actor=e.actor, entity=e.entity,
                                      entity_id=e.entity_id, action=e.action, before=e.before, after=e.after)
                           for e in found])
