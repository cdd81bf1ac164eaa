"""Opening the ledger, and its backup and restore.

The ledger's modules are imported where used: the read/extract commands should not pay for SQLAlchemy
at start-up.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from greentrack.ledger.backup import BackupSummary
    from greentrack.ledger.db import Ledger


def open_ledger(db: str | Path | None = None, url: str | None = None) -> Ledger:
    """The configured ledger (GREENTRACK_DATABASE_URL, else the SQLite file GREENTRACK_DB), migrated."""
    from greentrack.ledger.db import open_ledger as open_database

    return open_database(db, url)


def backup_ledger(ledger: Ledger, out: Path) -> BackupSummary:
    """Write every table of the ledger to a portable JSON Lines file (gzip when `out` ends in .gz)."""
    from greentrack.ledger.backup import write_backup

    return write_backup(ledger, out)


def restore_ledger(ledger: Ledger, source: Path) -> BackupSummary:
    """Load a backup into an empty ledger, all tables or nothing; the file is verified whole first."""
    from greentrack.ledger.backup import restore_backup

    return restore_backup(ledger, source)
