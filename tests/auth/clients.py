"""Signed-in test clients: a Bearer token of a ledger user (created when missing) on a TestClient's headers.

The web tests that are not about authorization use an administrator, so they see and may do everything;
a header (not a cookie) survives the tests that clear the client's cookie jar.
"""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from greentrack.ledger.db import Ledger
from greentrack.services.ledger import open_ledger
from greentrack.services.users import add_user, create_token, list_users


def user_token(ledger: Ledger | Path | str, name: str = "admin", role: str = "administrator",
               jurisdiction: str | None = None, department: str | None = None) -> str:
    """A fresh API token of user `name`, adding the user (without a password) when the ledger lacks it."""
    opened = ledger if isinstance(ledger, Ledger) else open_ledger(db=ledger)
    try:
        if name not in {u.name for u in list_users(opened)}:
            add_user(opened, name, role, None, jurisdiction, department)
        return create_token(opened, name)
    finally:
        if opened is not ledger:
            opened.close()


# Uploads are jobs (202, then polled); a test client asks to be answered with the outcome (RFC 7240), as the API and
# the upload forms allow, so a test reads the result in one request. tests/web/test_jobs.py covers the polling.
WAIT_FOR_JOBS = {"Prefer": "wait=600"}


def signed_in(client: TestClient, ledger: Ledger | Path | str, name: str = "admin", role: str = "administrator",
              jurisdiction: str | None = None, department: str | None = None) -> TestClient:
    """The client sending user `name`'s token with every request (and waiting for the outcome of uploads)."""
    client.headers["Authorization"] = f"Bearer {user_token(ledger, name, role, jurisdiction, department)}"
    client.headers.update(WAIT_FOR_JOBS)
    return client
