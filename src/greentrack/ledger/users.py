"""The SQL of users, their logins (sessions, API tokens) and of reading the audit log.

Beside `repository/` (the ledger's records) this is the only other module that queries: it keeps
the accounts apart from the plans. User changes are audited here by hand — never with the password
hash — because the flush hook audits targets and observations only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from greentrack.auth.policy import ADMINISTRATOR, REPORTER, Principal, normalise_role
from greentrack.auth.secrets import TOKEN_PREFIX, new_token, token_hash
from greentrack.errors import NotAuthenticated, UnknownUser, UsageError, UserExists
from greentrack.ledger import repository
from greentrack.ledger.records import AuditRecord
from greentrack.ledger.schema import (
    ApiTokenRow,
    AuditRow,
    DepartmentRow,
    JurisdictionRow,
    ResponsibilityRow,
    SessionRow,
    UserRow,
)
from greentrack.resolve import get_jurisdiction, resolve_jurisdiction


@dataclass(frozen=True)
class UserInfo:
    """A user as listed: never its password hash."""

    id: int
    name: str
    role: str
    jurisdiction_code: str | None
    jurisdiction_name: str | None
    department: str | None
    active: bool
    created_at: dt.datetime
    tokens: int  # live (unrevoked) API tokens


def now() -> dt.datetime:
    """The current UTC time without zone, as the ledger stores times."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _audit(session: Session, actor: str, entity: str, entity_id: int | str, action: str,
           before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
    session.execute(insert(AuditRow), [{"at": now(), "actor": actor, "entity": entity, "entity_id": str(entity_id),
                                        "action": action, "before": before, "after": after}])


def _public(row: UserRow) -> dict[str, Any]:
    """What the audit log keeps of a user: everything but the password hash."""
    return {"id": row.id, "name": row.name, "role": row.role, "jurisdiction_code": row.jurisdiction_code,
            "department_id": row.department_id, "active": row.active}


def _user_row(session: Session, name: str) -> UserRow:
    row = session.scalars(select(UserRow).where(UserRow.name == name)).first()
    if row is None:
        raise UnknownUser(f"no user {name!r} in the ledger — see `greentrack user list`")
    return row


def _place(session: Session, jurisdiction: str | None) -> str | None:
    if not jurisdiction:
        return None
    code = repository.places.find_jurisdiction_code(session, jurisdiction)
    if code is None:  # a place no plan has brought in yet: store it from the GB/T 2260 registry
        place = get_jurisdiction(jurisdiction.strip()) or resolve_jurisdiction(jurisdiction.strip())
        code = repository.places.ensure_jurisdiction(session, place.code) if place else None
    if code is None:
        raise UsageError(f"unknown jurisdiction {jurisdiction!r} — give a GB/T 2260 code or a name the ledger holds")
    return code


def _department(session: Session, department: str, code: str | None) -> DepartmentRow:
    found = repository.departments.find_departments(session, department)
    if code is not None:
        under = repository.places.jurisdiction_codes_under(session, code)
        found = [d for d in found if d.jurisdiction_code in under]
    if len(found) != 1:
        names = ", ".join(sorted(d.name for d in found)) or "none"
        raise UsageError(f"department {department!r} names {len(found)} departments of the ledger ({names}) — "
                         "give the canonical name, or --jurisdiction to choose one place")
    row = session.get(DepartmentRow, found[0].id)
    assert row is not None
    return row


def add_user(session: Session, actor: str, name: str, role: str, password_hash: str = "",
             jurisdiction: str | None = None, department: str | None = None) -> UserInfo:
    """A new user; a coordinator or viewer needs a jurisdiction, a reporter a department of the ledger."""
    role = normalise_role(role)
    name = name.strip()
    if not name:
        raise UsageError("a user needs a name")
    if session.scalars(select(UserRow.id).where(UserRow.name == name)).first() is not None:
        raise UserExists(f"user {name!r} exists already — pick another name, or `greentrack user disable` it")
    code = _place(session, jurisdiction)
    department_row = _department(session, department, code) if department else None
    if role == REPORTER and department_row is None:
        raise UsageError("a reporter needs --department (the department whose targets it reports)")
    if department_row is not None and code is None:
        code = department_row.jurisdiction_code
    if role not in (ADMINISTRATOR, REPORTER) and code is None:
        raise UsageError(f"a {role} needs --jurisdiction (the place it coordinates or views)")
    row = UserRow(name=name, role=role, jurisdiction_code=code, password_hash=password_hash, active=True,
                  department_id=department_row.id if department_row else None)
    session.add(row)
    session.flush()
    _audit(session, actor, "user", row.id, "create", None, _public(row))
    return _info(session, row)


def set_password(session: Session, actor: str, name: str, password_hash: str) -> None:
    """Replace a user's password hash (the audit row says that it changed, not what to)."""
    row = _user_row(session, name)
    row.password_hash = password_hash
    _audit(session, actor, "user", row.id, "password", _public(row), _public(row))


def disable_user(session: Session, actor: str, name: str) -> UserInfo:
    """Stop a user: its sessions end, its tokens are revoked; its rows and audit trail stay."""
    row = _user_row(session, name)
    before = _public(row)
    row.active = False
    for found in session.scalars(select(SessionRow).where(SessionRow.user_id == row.id)):
        session.delete(found)
    for token in session.scalars(select(ApiTokenRow).where(ApiTokenRow.user_id == row.id,
                                                           ApiTokenRow.revoked_at.is_(None))):
        token.revoked_at = now()
    session.flush()
    _audit(session, actor, "user", row.id, "disable", before, _public(row))
    return _info(session, row)


def list_users(session: Session) -> list[UserInfo]:
    """Every user, by name."""
    return [_info(session, row) for row in session.scalars(select(UserRow).order_by(UserRow.name))]


def _info(session: Session, row: UserRow) -> UserInfo:
    place = session.get(JurisdictionRow, row.jurisdiction_code) if row.jurisdiction_code else None
    department = session.get(DepartmentRow, row.department_id) if row.department_id else None
    tokens = len(session.scalars(select(ApiTokenRow.id).where(ApiTokenRow.user_id == row.id,
                                                              ApiTokenRow.revoked_at.is_(None))).all())
    return UserInfo(row.id, row.name, row.role, row.jurisdiction_code, place.name if place else None,
                    department.name if department else None, row.active, row.created_at, tokens)


def password_hash_of(session: Session, name: str) -> str | None:
    """The stored hash of an active user's password (None when there is no such active user)."""
    row = session.scalars(select(UserRow).where(UserRow.name == name)).first()
    return row.password_hash if row is not None and row.active else None


def principal(session: Session, name: str) -> Principal:
    """The active user `name` with its scope: the places under its jurisdiction, a reporter's targets."""
    row = _user_row(session, name)
    if not row.active:
        raise NotAuthenticated(f"user {name!r} is disabled — ask an administrator")
    return _principal(session, row)


def _principal(session: Session, row: UserRow) -> Principal:
    place = session.get(JurisdictionRow, row.jurisdiction_code) if row.jurisdiction_code else None
    places = (repository.places.jurisdiction_codes_under(session, row.jurisdiction_code) if row.jurisdiction_code
              else None)
    department = session.get(DepartmentRow, row.department_id) if row.department_id else None
    targets = None
    if row.role == REPORTER:
        targets = frozenset(session.scalars(select(ResponsibilityRow.target_id).where(
            ResponsibilityRow.department_id == row.department_id, ResponsibilityRow.target_id.is_not(None))))
        places = places or set()
    elif row.role != ADMINISTRATOR and places is None:
        places = set()  # a coordinator or viewer without a place sees nothing rather than everything
    if row.role == ADMINISTRATOR:
        places = None
    return Principal(row.name, row.role, row.jurisdiction_code, place.name if place else None, row.department_id,
                     department.name if department else None, frozenset(places) if places is not None else None,
                     targets, row.id)


# ---------------------------------------------------------------- API tokens and sessions


def create_token(session: Session, actor: str, name: str) -> str:
    """A new API token for an active user; only its hash is stored, so this is the one time it is seen."""
    row = _user_row(session, name)
    if not row.active:
        raise UsageError(f"user {name!r} is disabled — it cannot get a token")
    token = new_token(TOKEN_PREFIX)
    found = ApiTokenRow(token_hash=token_hash(token), prefix=token[:10], user_id=row.id)
    session.add(found)
    session.flush()
    _audit(session, actor, "api_token", found.id, "create", None, {"user": row.name, "prefix": found.prefix})
    return token


def revoke_tokens(session: Session, actor: str, name: str, prefix: str | None = None) -> int:
    """Revoke a user's live tokens (those starting with `prefix`, else all); how many were revoked."""
    row = _user_row(session, name)
    count = 0
    for token in session.scalars(select(ApiTokenRow).where(ApiTokenRow.user_id == row.id,
                                                           ApiTokenRow.revoked_at.is_(None))):
        if prefix is None or token.prefix.startswith(prefix[:10]):
            token.revoked_at = now()
            _audit(session, actor, "api_token", token.id, "revoke", {"user": row.name, "prefix": token.prefix},
                   {"user": row.name, "prefix": token.prefix, "revoked": True})
            count += 1
    return count


def principal_by_token(session: Session, token: str) -> Principal:
    """The user an API token belongs to; NotAuthenticated when it is unknown, revoked or its user disabled."""
    found = session.scalars(select(ApiTokenRow).where(ApiTokenRow.token_hash == token_hash(token))).first()
    if found is None or found.revoked_at is not None:
        raise NotAuthenticated("unknown or revoked API token — create one with `greentrack user token NAME`")
    row = session.get(UserRow, found.user_id)
    if row is None or not row.active:
        raise NotAuthenticated("the API token's user is disabled — ask an administrator")
    return _principal(session, row)


def create_session(session: Session, name: str, hours: float) -> tuple[str, str]:
    """A login session for an active user: (the cookie value, the CSRF token); the cookie is stored hashed."""
    row = _user_row(session, name)
    cookie, csrf = new_token(), new_token()
    session.add(SessionRow(token_hash=token_hash(cookie), user_id=row.id, csrf_token=csrf,
                           expires_at=now() + dt.timedelta(hours=hours)))
    session.flush()
    return cookie, csrf


def session_principal(session: Session, cookie: str) -> tuple[Principal, str]:
    """The user of a live session cookie and the session's CSRF token; NotAuthenticated when there is none."""
    found = session.scalars(select(SessionRow).where(SessionRow.token_hash == token_hash(cookie))).first()
    if found is None or found.expires_at <= now():
        raise NotAuthenticated("not logged in, or the session has expired — log in again")
    row = session.get(UserRow, found.user_id)
    if row is None or not row.active:
        raise NotAuthenticated("this user is disabled — ask an administrator")
    return _principal(session, row), found.csrf_token


def end_session(session: Session, cookie: str) -> None:
    """Forget a session (logout); nothing happens when it is unknown."""
    found = session.scalars(select(SessionRow).where(SessionRow.token_hash == token_hash(cookie))).first()
    if found is not None:
        session.delete(found)


def audit_lockout(session: Session, kind: str, key: str, address: str, failures: int, seconds: float) -> None:
    """Record that an account (the name typed, known or not) or an address was locked out after failed logins."""
    _audit(session, "login-throttle", "login", key[:64], "lockout", None,
           {"locked": kind, "name" if kind == "account" else "address": key, "from": address,
            "failures": failures, "until": (now() + dt.timedelta(seconds=seconds)).isoformat(timespec="seconds")})


# ---------------------------------------------------------------- the audit log (read only: there is no other path)


def audit_log(session: Session, entity: str | None = None, actor: str | None = None,
              since: dt.datetime | None = None, limit: int = 1000) -> list[AuditRecord]:
    """Audit rows, newest first, filtered by entity kind, actor and time (UTC)."""
    query = select(AuditRow)
    if entity:
        query = query.where(AuditRow.entity == entity)
    if actor:
        query = query.where(AuditRow.actor == actor)
    if since is not None:
        query = query.where(AuditRow.at >= since)
    rows = session.scalars(query.order_by(AuditRow.id.desc()).limit(limit))
    return [AuditRecord(r.id, r.at, r.actor, r.entity, r.entity_id, r.action, r.before, r.after) for r in rows]
