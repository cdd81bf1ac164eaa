"""`greentrack user add|list|disable|token|revoke` and `greentrack audit`: thin commands over the services.

They act as the user named by GREENTRACK_USER when it is set (so its role applies), else as the local
operator; either way the name goes into the audit log.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from greentrack.auth.policy import ROLE_LABELS, ROLES  # light, and the options' help names the roles
from greentrack.errors import UsageError

user_app = typer.Typer(help="Users of the ledger: add, list, disable, API tokens (docs/security.md).",
                       no_args_is_help=True, rich_markup_mode=None)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _password(from_stdin: bool, name: str) -> str:
    """The new user's password: one line from stdin, or typed twice at a prompt (never an argument)."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise UsageError("--password-stdin: stdin gave no password")
        return password
    return typer.prompt(f"password for {name}", hide_input=True, confirmation_prompt=True)


@user_app.command("add")
def add_command(
    name: Annotated[str, typer.Argument(help="The user's login name")],
    role: Annotated[str, typer.Option("--role", help=f"One of {', '.join(ROLES)}")],
    jurisdiction: Annotated[str | None, typer.Option(
        "--jurisdiction", help="Place a coordinator or viewer acts for (name or GB/T 2260 code), and below")] = None,
    department: Annotated[str | None, typer.Option(
        "--department", help="Department a reporter reports for (县住建局 or its canonical name)")] = None,
    password_stdin: Annotated[bool, typer.Option(
        "--password-stdin", help="Read the password from the first line of stdin instead of a prompt")] = False,
    token_only: Annotated[bool, typer.Option(
        "--no-password", help="No password: the user works through API tokens only")] = False,
) -> None:
    """Add a user; the password is asked for (or read from stdin) and stored as an argon2 hash."""
    from greentrack.services.ledger import open_ledger
    from greentrack.services.users import add_user
    password = None if token_only else _password(password_stdin, name)
    user = add_user(open_ledger(), name, role, password, jurisdiction, department)
    scope = user.department or user.jurisdiction_name or "全部 everywhere"
    out.print(f"added {user.name}: {ROLE_LABELS[user.role]} · {scope}", markup=False)


@user_app.command("list")
def list_command(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line instead of a table")] = False,
) -> None:
    """List the users: role, place, department, whether active, live API tokens."""
    from greentrack.services.ledger import open_ledger
    from greentrack.services.users import list_users
    users = list_users(open_ledger())
    if as_json:
        for user in users:
            out.print(json.dumps({"name": user.name, "role": user.role, "jurisdiction": user.jurisdiction_code,
                                  "department": user.department, "active": user.active, "tokens": user.tokens},
                                 ensure_ascii=False), markup=False)
        return
    table = Table("用户 user", "角色 role", "辖区 jurisdiction", "部门 department", "状态 state", "令牌 tokens")
    for user in users:
        table.add_row(user.name, ROLE_LABELS[user.role], user.jurisdiction_name or "—", user.department or "—",
                      "启用 active" if user.active else "停用 disabled", str(user.tokens))
    out.print(table)


@user_app.command("disable")
def disable_command(name: Annotated[str, typer.Argument(help="The user to disable")]) -> None:
    """Disable a user: its sessions end and its API tokens are revoked; its history stays."""
    from greentrack.services.ledger import open_ledger
    from greentrack.services.users import disable_user
    user = disable_user(open_ledger(), name)
    out.print(f"disabled {user.name}", markup=False)


@user_app.command("token")
def token_command(name: Annotated[str, typer.Argument(help="The user the token acts as")]) -> None:
    """Create an API token for scripts and print it once (send it as `Authorization: Bearer <token>`)."""
    from greentrack.services.ledger import open_ledger
    from greentrack.services.users import create_token
    token = create_token(open_ledger(), name)
    out.print(token, markup=False)
    err.print("这是唯一一次显示该令牌 shown this once only — store it; `greentrack user revoke` ends it",
              markup=False)


@user_app.command("revoke")
def revoke_command(
    name: Annotated[str, typer.Argument(help="The user whose tokens to revoke")],
    prefix: Annotated[str | None, typer.Option("--prefix", help="Only the token starting with this")] = None,
) -> None:
    """Revoke a user's API tokens (all, or the one starting with --prefix)."""
    from greentrack.services.ledger import open_ledger
    from greentrack.services.users import revoke_tokens
    count = revoke_tokens(open_ledger(), name, prefix)
    out.print(f"revoked {count} token(s) of {name}", markup=False)


def _since(text: str | None) -> datetime | None:
    """`--since`: a date or a date and time (UTC), or a span back from now such as 7d or 12h."""
    if not text:
        return None
    spans = {"d": "days", "h": "hours", "m": "minutes"}
    if text[-1:] in spans and text[:-1].isdigit():
        return datetime.now(UTC).replace(tzinfo=None) - timedelta(**{spans[text[-1]]: int(text[:-1])})
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--since {text!r} is neither a date (2025-06-30, 2025-06-30T08:00) nor a span "
                         "(7d, 12h, 30m)") from None


def audit_command(
    entity: Annotated[str | None, typer.Option("--entity", help="target, observation, user or api_token")] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Only the changes this user made")] = None,
    since: Annotated[str | None, typer.Option("--since", help="From this UTC date/time, or a span: 7d, 12h")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many, newest first")] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line, with before and after")] = False,
) -> None:
    """Show the audit log (append-only): who changed what, when, before and after."""
    from greentrack.auth.changes import changed_fields
    from greentrack.services.ledger import open_ledger
    from greentrack.services.users import audit_entries
    entries = audit_entries(open_ledger(), entity, actor, _since(since), limit)
    if as_json:
        for e in entries:
            out.print(json.dumps({"id": e.id, "at": e.at.isoformat(), "actor": e.actor, "entity": e.entity,
                                  "entity_id": e.entity_id, "action": e.action, "before": e.before,
                                  "after": e.after}, ensure_ascii=False), markup=False)
        return
    table = Table("时间 at (UTC)", "用户 actor", "对象 entity", "操作 action", "变化 change")
    for e in entries:
        table.add_row(e.at.strftime("%Y-%m-%d %H:%M:%S"), e.actor, f"{e.entity} {e.entity_id}", e.action,
                      changed_fields(e.before, e.after))
    out.print(table)


def register(app: typer.Typer) -> None:
    """Add the `user` group and the `audit` command to the CLI."""
    app.add_typer(user_app, name="user")
    app.command("audit")(audit_command)
