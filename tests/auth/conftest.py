"""The storage fixtures of tests/ledger (a fresh SQLite file and a fresh PostgreSQL schema per test, the seed
plans stored) serve the account tests too."""

from ledger.conftest import (  # noqa: F401  (fixtures, used by name)
    ledger,
    postgresql_ledger,
    seed_plans,
    seeded,
    sqlite_ledger,
)
