"""What routes and pages read of the app they run in: the ledger it serves and where the API lives.

A module of its own below `app`, `api` and the pages, so that they can all read it and `app` can import them.
"""

from __future__ import annotations

from fastapi import Request

from greentrack.ledger.db import Ledger

API_PREFIX = "/api/v1"


def ledger_of(request: Request) -> Ledger:
    """The ledger the app serves (a FastAPI dependency for API routes and pages alike)."""
    return request.app.state.ledger
