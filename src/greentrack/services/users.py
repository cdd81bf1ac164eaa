"""Users, logins (sessions, API tokens) and the audit log (docs/security.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from greentrack import config
from greentrack.services.scope import acting

MAX_NAME = 200  # longer is no user's name; the throttle keeps no more of it
ACCOUNT_ENTITIES = frozenset({"user", "api_token", "login"})  # audit entries only administrators read

if TYPE_CHECKING:
    from greentrack.auth import Principal
    from greentrack.auth.demo import DemoAccount
    from greentrack.auth.throttle import Lockout
    from greentrack.ledger.db import Ledger
    from greentrack.ledger.records import AuditRecord
    from greentrack.ledger.users import UserInfo


def add_user(ledger: Ledger, name: str, role: str, password: str | None = None, jurisdiction: str | None = None,
             department: str | None = None, who: Principal | None = None) -> UserInfo:
    """Add a user (administrators only); the password is stored as an argon2id hash, never as given."""
    from greentrack.auth import require
    from greentrack.auth.secrets import hash_password
    from greentrack.ledger import users

    actor = acting(ledger, who)
    require(actor, "manage_users")
    hashed = hash_password(password) if password else ""
    with ledger.session(actor.name) as session:
        return users.add_user(session, actor.name, name, role, hashed, jurisdiction, department)


def list_users(ledger: Ledger, who: Principal | None = None) -> list[UserInfo]:
    """Every user with role, place, department, whether active and its live tokens (administrators only)."""
    from greentrack.auth import require
    from greentrack.ledger import users

    require(acting(ledger, who), "manage_users")
    with ledger.session() as session:
        return users.list_users(session)


def disable_user(ledger: Ledger, name: str, who: Principal | None = None) -> UserInfo:
    """Disable a user: logins end, tokens are revoked, history stays (administrators only)."""
    from greentrack.auth import require
    from greentrack.ledger import users

    actor = acting(ledger, who)
    require(actor, "manage_users")
    with ledger.session(actor.name) as session:
        return users.disable_user(session, actor.name, name)


def create_token(ledger: Ledger, name: str, who: Principal | None = None) -> str:
    """A new API token (Bearer) for user `name`, returned this once; administrators, or the user for itself."""
    from greentrack.auth import require
    from greentrack.ledger import users

    actor = acting(ledger, who)
    if actor.name != name:
        require(actor, "manage_users")
    with ledger.session(actor.name) as session:
        return users.create_token(session, actor.name, name)


def revoke_tokens(ledger: Ledger, name: str, prefix: str | None = None, who: Principal | None = None) -> int:
    """Revoke user `name`'s API tokens (those starting with `prefix`, else all); how many were revoked."""
    from greentrack.auth import require
    from greentrack.ledger import users

    actor = acting(ledger, who)
    if actor.name != name:
        require(actor, "manage_users")
    with ledger.session(actor.name) as session:
        return users.revoke_tokens(session, actor.name, name, prefix)


def token_principal(ledger: Ledger, token: str) -> Principal:
    """The user an API token belongs to; NotAuthenticated when it is unknown, revoked or the user disabled."""
    from greentrack.ledger import users

    with ledger.session() as session:
        return users.principal_by_token(session, token)


@dataclass(frozen=True)
class Login:
    """A successful login: the session cookie's value, the session's CSRF token, and who logged in."""

    cookie: str
    csrf: str
    principal: Principal


def login(ledger: Ledger, name: str, password: str, address: str = "local") -> Login:
    """Check a name and password and open a session; NotAuthenticated (one message for both mistakes) otherwise.

    Throttled per account and per `address` (auth/throttle.py): LoginThrottled, before the password is
    checked, while a delay runs or a lock-out lasts; the lock-outs go into the audit log.
    """
    from greentrack.auth.secrets import check_password
    from greentrack.auth.throttle import throttle_of
    from greentrack.errors import LoginThrottled, NotAuthenticated
    from greentrack.ledger import users

    name = name.strip()[:MAX_NAME]
    throttle = throttle_of(ledger.url)
    refusal = throttle.refusal(name, address)
    if refusal is not None:
        _record_lockouts(ledger, throttle.failed(name, address), address)
        wait = max(1, round(refusal.seconds))
        if refusal.locked:
            raise LoginThrottled(f"登录失败次数过多，已暂时锁定 — too many failed logins for this {refusal.subject}: "
                                 f"locked for {wait} s more; try again later", wait)
        raise LoginThrottled(f"登录失败次数过多 — too many failed logins: wait {wait} s before the next try", wait)
    with ledger.session() as session:
        stored = users.password_hash_of(session, name)
    if not check_password(stored, password):  # an unknown name costs the same check (a dummy hash)
        _record_lockouts(ledger, throttle.failed(name, address), address)
        raise NotAuthenticated("用户名或密码错误 wrong user name or password (or the user is disabled)")
    throttle.succeeded(name)
    with ledger.session() as session:
        cookie, csrf = users.create_session(session, name, float(config.get("session_hours")))
        return Login(cookie, csrf, users.principal(session, name))


def _record_lockouts(ledger: Ledger, lockouts: list[Lockout], address: str) -> None:
    """Each new lock-out into the audit log (an `login` entry, which only administrators read)."""
    from greentrack.ledger import users

    if lockouts:
        with ledger.session("login-throttle") as session:
            for lockout in lockouts:
                users.audit_lockout(session, lockout.kind, lockout.key, address, lockout.failures, lockout.seconds)


def demo_accounts(ledger: Ledger) -> tuple[DemoAccount, ...]:
    """The demo's accounts when this ledger still takes their public passwords (a ledger `greentrack demo` built and
    nobody changed), else none: the login page names them in the demo only. One argon2 check (~0.2 s)."""
    from greentrack.auth.demo import DEMO_ACCOUNTS
    from greentrack.auth.secrets import check_password
    from greentrack.ledger import users

    first = DEMO_ACCOUNTS[0]
    with ledger.session() as session:
        stored = users.password_hash_of(session, first.name)
    return DEMO_ACCOUNTS if stored and check_password(stored, first.password) else ()


def session_principal(ledger: Ledger, cookie: str) -> tuple[Principal, str]:
    """The user of a live session cookie and its CSRF token; NotAuthenticated when expired or unknown."""
    from greentrack.ledger import users

    with ledger.session() as session:
        return users.session_principal(session, cookie)


def logout(ledger: Ledger, cookie: str) -> None:
    """End a session."""
    from greentrack.ledger import users

    with ledger.session() as session:
        users.end_session(session, cookie)


def audit_entries(ledger: Ledger, entity: str | None = None, actor: str | None = None,
                  since: datetime | None = None, limit: int = 1000, who: Principal | None = None) -> list[AuditRecord]:
    """The audit log, newest first (administrators; a coordinator sees the entries of its own places)."""
    from greentrack.auth import require, sees_place
    from greentrack.ledger import users

    reader = acting(ledger, who)
    require(reader, "audit")
    with ledger.session() as session:
        entries = users.audit_log(session, entity, actor, since, limit)
    if reader.places is None:
        return entries
    places = _task_places(ledger, entries)
    # accounts, tokens and logins are the administrators' business (docs/security.md), wherever the user sits
    return [e for e in entries if e.entity not in ACCOUNT_ENTITIES
            and sees_place(reader, ((e.after or e.before) or {}).get("jurisdiction_code")
                           or places.get(e.entity_id if e.entity == "task" else ""))]


def _task_places(ledger: Ledger, entries: list[AuditRecord]) -> dict[str, str | None]:
    """The place of each task an entry names (a task row names its document, not its place), by task id."""
    from greentrack.ledger import repository

    documents = {str(e.entity_id): ((e.after or e.before) or {}).get("document_id") for e in entries
                 if e.entity == "task"}
    with ledger.session() as session:
        codes = {d: repository.documents.get_document(session, d).jurisdiction_code
                 for d in {d for d in documents.values() if d is not None}
                 if repository.documents.document_exists(session, d)}
    return {task: codes.get(document) for task, document in documents.items()}
