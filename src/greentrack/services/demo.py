"""The demo ledger: the bundled seed plans, the illustrative observations (示例数据) and one account per role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from greentrack.auth.demo import DemoAccount
    from greentrack.ledger.db import Ledger
    from greentrack.ledger.ingest import IngestOutcome
    from greentrack.ledger.status import StatusReport


DEMO_DB = "greentrack-demo.db"


@dataclass(frozen=True)
class DemoLedger:
    """A demo ledger built afresh: where it is, what went in, and its status report."""

    path: Path
    outcomes: tuple[IngestOutcome, ...]
    observations: int
    report: StatusReport
    accounts: tuple[DemoAccount, ...] = ()


def build_demo(path: Path, as_of: date | None = None) -> DemoLedger:
    """A fresh SQLite ledger at `path`: the bundled seed plans plus the illustrative observations (示例数据)."""
    from greentrack.ledger.demo import load_observations
    from greentrack.services.documents import sample_paths
    from greentrack.services.ingest import ingest_plans
    from greentrack.services.ledger import open_ledger
    from greentrack.services.status import ledger_status

    if path.exists():
        path.unlink()  # fresh on every run, so the demo shows what the bundled files give
    ledger = open_ledger(db=path)
    try:
        outcomes = tuple(ingest_plans(ledger, sample_paths(), actor="demo"))
        with ledger.session("demo") as session:
            stored = load_observations(session)
        accounts = _demo_accounts(ledger)
        return DemoLedger(path, outcomes, stored, ledger_status(ledger, as_of), accounts)
    finally:
        ledger.close()


def _demo_accounts(ledger: Ledger) -> tuple[DemoAccount, ...]:
    """The demo's users, one per role (DEMO ONLY: their passwords are printed and public)."""
    from greentrack.auth.demo import DEMO_ACCOUNTS
    from greentrack.auth.secrets import hash_password
    from greentrack.ledger import users

    with ledger.session("demo") as session:
        for account in DEMO_ACCOUNTS:
            users.add_user(session, "demo", account.name, account.role, hash_password(account.password),
                           account.jurisdiction, account.department)
    return DEMO_ACCOUNTS
