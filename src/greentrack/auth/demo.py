"""The demo's accounts: one per role, on the seed plans of 金乡县. DEMO ONLY — the passwords are public.

`greentrack demo` builds a throwaway ledger served on 127.0.0.1; these accounts let a person (and the
browser tests) try each role. Never create them on a real ledger.
"""

from __future__ import annotations

from dataclasses import dataclass

from greentrack.auth.policy import ADMINISTRATOR, COORDINATOR, REPORTER, VIEWER


@dataclass(frozen=True)
class DemoAccount:
    """A demo login: name, demo-only password, role, and the place or department it acts for."""

    name: str
    password: str
    role: str
    jurisdiction: str | None = None
    department: str | None = None


DEMO_ACCOUNTS = (
    DemoAccount("admin", "demo-admin-2025", ADMINISTRATOR),
    DemoAccount("jinxiang", "demo-coordinator-2025", COORDINATOR, "金乡县"),
    DemoAccount("zhujian", "demo-reporter-2025", REPORTER, "金乡县", "金乡县住房和城乡建设局"),
    DemoAccount("viewer", "demo-viewer-2025", VIEWER, "金乡县"),
)
