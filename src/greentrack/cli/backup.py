"""Back up the whole ledger to one portable file, and restore it into an empty one (SQLite or PostgreSQL)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from greentrack.cli.common import LedgerDb, LedgerUrl, out


def backup_command(
    out_path: Annotated[Path, typer.Argument(help="The backup file to write (.jsonl, or .jsonl.gz compressed)")],
    db: LedgerDb = None,
    url: LedgerUrl = None,
) -> None:
    """Back up the whole ledger (备份台账) to one portable file: every table, SQLite or PostgreSQL alike."""
    from greentrack.services.ledger import backup_ledger, open_ledger
    summary = backup_ledger(open_ledger(db, url), out_path)
    out.print(f"wrote {summary.path}: {summary.rows} 行 rows in {len(summary.tables)} 表 tables "
              f"(schema {summary.revision})", markup=False)


def restore_command(
    source: Annotated[Path, typer.Argument(help="A file written by `greentrack backup`")],
    db: LedgerDb = None,
    url: LedgerUrl = None,
) -> None:
    """Restore a backup (恢复台账) into an empty ledger: checked whole first, then all tables or nothing."""
    from greentrack.services.ledger import open_ledger, restore_ledger
    ledger = open_ledger(db, url)
    summary = restore_ledger(ledger, source)
    out.print(f"restored {summary.rows} 行 rows in {len(summary.tables)} 表 tables into {ledger.url}", markup=False)
