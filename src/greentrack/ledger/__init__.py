"""Ledger: the database of plans, targets, departments and observations (SQLite by default, PostgreSQL shared).

`open_ledger()` opens and migrates it; `repository` holds every query; `ingest` stores plans.
"""

from greentrack.ledger.db import Ledger, open_ledger

__all__ = ["Ledger", "open_ledger"]
