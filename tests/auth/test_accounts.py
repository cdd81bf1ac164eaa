"""Accounts hold: passwords are stored only as argon2id hashes, API tokens and session cookies only as SHA-256,
a revoked token or a disabled user no longer signs in, a user's scope is its place and below (a reporter's its
department's targets), and the audit log is append-only on both dialects — the ORM and plain SQL alike fail
to change or delete an entry.
"""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, text, update

from greentrack.auth import ADMINISTRATOR, Principal
from greentrack.errors import AuditImmutable, Forbidden, NotAuthenticated, UnknownUser, UsageError, UserExists
from greentrack.ledger.db import Ledger
from greentrack.ledger.schema import ApiTokenRow, AuditRow, SessionRow, UserRow
from greentrack.services.scope import user_principal
from greentrack.services.status import ledger_status
from greentrack.services.users import (
    add_user,
    audit_entries,
    create_token,
    disable_user,
    list_users,
    login,
    revoke_tokens,
    session_principal,
    token_principal,
)

HOUSING = "金乡县住房和城乡建设局"
ROOT = Principal("tester", ADMINISTRATOR)


def test_a_password_is_stored_as_an_argon2id_hash_only(seeded: Ledger) -> None:
    add_user(seeded, "王科长", "coordinator", "s3cret-pass", "金乡县", who=ROOT)
    with seeded.session() as session:
        stored = session.scalars(select(UserRow.password_hash).where(UserRow.name == "王科长")).one()
    assert stored.startswith("$argon2id$") and "s3cret-pass" not in stored
    assert login(seeded, "王科长", "s3cret-pass").principal.jurisdiction_name == "金乡县"
    with pytest.raises(NotAuthenticated, match="wrong user name or password"):
        login(seeded, "王科长", "S3cret-pass")
    with pytest.raises(NotAuthenticated, match="wrong user name or password"):  # the same words for a stranger
        login(seeded, "无此人", "s3cret-pass")


def test_a_token_is_stored_hashed_and_stops_working_when_revoked(seeded: Ledger) -> None:
    add_user(seeded, "script", "viewer", None, "370828", who=ROOT)
    token = create_token(seeded, "script", who=ROOT)
    with seeded.session() as session:
        stored = session.scalars(select(ApiTokenRow)).one()
    assert token.startswith("gt_") and len(token) > 40
    assert stored.token_hash != token and token not in stored.token_hash and stored.prefix == token[:10]
    assert token_principal(seeded, token).name == "script"
    assert revoke_tokens(seeded, "script", who=ROOT) == 1
    with pytest.raises(NotAuthenticated, match="revoked"):
        token_principal(seeded, token)
    with pytest.raises(NotAuthenticated):
        token_principal(seeded, token[:-1] + ("a" if token[-1] != "a" else "b"))


def test_a_disabled_user_loses_its_sessions_and_tokens(seeded: Ledger) -> None:
    add_user(seeded, "住建", "reporter", "reporter-pass", department=HOUSING, who=ROOT)
    token = create_token(seeded, "住建", who=ROOT)
    cookie = login(seeded, "住建", "reporter-pass").cookie
    disable_user(seeded, "住建", who=ROOT)
    for attempt in (lambda: token_principal(seeded, token), lambda: session_principal(seeded, cookie),
                    lambda: login(seeded, "住建", "reporter-pass")):
        with pytest.raises(NotAuthenticated):
            attempt()
    with seeded.session() as session:
        assert session.scalars(select(SessionRow)).all() == []
    assert [u.active for u in list_users(seeded, ROOT)] == [False]


def test_scope_a_coordinator_its_place_and_below_a_reporter_its_departments_targets(seeded: Ledger) -> None:
    add_user(seeded, "赤峰", "coordinator", None, "赤峰市", who=ROOT)
    add_user(seeded, "住建", "reporter", None, department=HOUSING, who=ROOT)
    city = user_principal(seeded, "赤峰")
    assert city.jurisdiction_code == "150400" and "150400" in city.places and "370828" not in city.places
    reporter = user_principal(seeded, "住建")
    everything = ledger_status(seeded, who=ROOT).rows
    housing = {r.record.id for r in everything if HOUSING in r.record.departments}
    assert housing and reporter.target_ids is not None and housing <= reporter.target_ids
    assert {r.record.id for r in ledger_status(seeded, who=reporter).rows} == housing
    assert {r.record.jurisdiction_code for r in ledger_status(seeded, who=city).rows} == {"150400"}


def test_user_management_is_for_administrators(seeded: Ledger) -> None:
    add_user(seeded, "看", "viewer", None, "金乡县", who=ROOT)
    viewer = user_principal(seeded, "看")
    with pytest.raises(Forbidden, match="manage users"):
        add_user(seeded, "another", "administrator", "long-enough", who=viewer)
    with pytest.raises(Forbidden):
        create_token(seeded, "tester-not-me", who=viewer)
    assert create_token(seeded, "看", who=viewer)  # its own token it may have
    with pytest.raises(UserExists):
        add_user(seeded, "看", "viewer", None, "金乡县", who=ROOT)
    with pytest.raises(UnknownUser):
        disable_user(seeded, "nobody", who=ROOT)
    with pytest.raises(UsageError, match="needs --department"):
        add_user(seeded, "r", "reporter", None, "金乡县", who=ROOT)
    with pytest.raises(UsageError, match="names 2 departments"):
        add_user(seeded, "r", "reporter", None, department="县住建局", who=ROOT)
    with pytest.raises(UsageError, match="too short"):
        add_user(seeded, "r", "viewer", "short", "金乡县", who=ROOT)


def test_user_changes_are_audited_with_the_actor_and_never_the_hash(seeded: Ledger) -> None:
    add_user(seeded, "王科长", "coordinator", "s3cret-pass", "金乡县", who=ROOT)
    create_token(seeded, "王科长", who=ROOT)
    disable_user(seeded, "王科长", who=ROOT)
    entries = audit_entries(seeded, actor="tester", who=ROOT)
    assert [(e.entity, e.action) for e in entries] == [("user", "disable"), ("api_token", "create"),
                                                       ("user", "create")]
    assert entries[0].before["active"] is True and entries[0].after["active"] is False
    assert all("password" not in str(e.after) and "hash" not in str(e.after) for e in entries)


def test_the_audit_log_cannot_be_changed_or_deleted(seeded: Ledger) -> None:
    with seeded.session() as session:
        count = session.scalar(text("select count(*) from audit_log"))
    assert count > 0
    attempts = [
        lambda s: setattr(s.scalars(select(AuditRow)).first(), "actor", "someone else"),  # the ORM, flushed
        lambda s: s.delete(s.scalars(select(AuditRow)).first()),
    ]
    for attempt in attempts:
        with pytest.raises(AuditImmutable), seeded.session() as session:
            attempt(session)
            session.flush()
    for statement in (update(AuditRow).values(actor="someone else"), delete(AuditRow),
                      text("update audit_log set actor = 'x'"), text("delete from audit_log")):
        with pytest.raises(Exception, match="append-only"), seeded.session() as session:
            session.execute(statement)
    with seeded.session() as session:
        assert session.scalar(text("select count(*) from audit_log")) == count
        assert session.scalar(text("select count(*) from audit_log where actor = 'someone else'")) == 0


def test_the_repository_offers_no_way_to_change_the_audit_log() -> None:
    import inspect

    from greentrack.ledger import repository, users

    for module in (repository, users):
        source = inspect.getsource(module)
        assert "update(AuditRow" not in source and "delete(AuditRow" not in source
        assert not [name for name in dir(module) if "audit" in name and any(
            verb in name for verb in ("update", "delete", "remove", "edit"))]
