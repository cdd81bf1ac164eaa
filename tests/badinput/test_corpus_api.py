"""The same corpus uploaded through the REST API: every file is answered with a 4xx in the one JSON error shape,
naming the file as uploaded (never the server's temporary copy) with the reason and, for a sheet, the row
problems; never a 5xx; and the ledger's tables are unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from greentrack.ledger.backup import snapshot
from greentrack.ledger.db import open_ledger
from greentrack.services.users import add_user, create_token
from greentrack.web import create_app

from .corpus import CASES, Case, Good

UPLOADS = [case for case in CASES if case.uploadable]
ROUTES = {"ingest": "/api/v1/documents", "import": "/api/v1/observations/import"}


@pytest.fixture(scope="module")
def api_db(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the demo ledger for the module: a refused upload writes nothing, so the cases can share it."""
    copy = tmp_path_factory.mktemp("badinput-api") / "demo.db"
    copy.write_bytes(demo_template.read_bytes())
    return copy


@pytest.fixture(scope="module")
def client(api_db: Path) -> Iterator[TestClient]:
    """A client of the app, holding an administrator's API token (ignored where the API is open)."""
    ledger = open_ledger(db=api_db)
    try:
        add_user(ledger, "badinput-admin", "administrator")
        token = create_token(ledger, "badinput-admin")
    finally:
        ledger.close()
    with TestClient(create_app(api_db), raise_server_exceptions=False) as test_client:
        test_client.headers["Authorization"] = f"Bearer {token}"
        test_client.headers["Prefer"] = "wait=600"  # answered with each upload's outcome, not its job
        yield test_client


def tables(db: Path) -> dict[str, list[list[object]]]:
    ledger = open_ledger(db=db)
    try:
        found = snapshot(ledger)
    finally:
        ledger.close()
    # signing in with the token touches its last-used time; the corpus is about what an upload writes
    return {name: rows for name, rows in found.items() if name not in ("api_tokens", "user_sessions")}


@pytest.mark.parametrize("case", UPLOADS, ids=[case.name for case in UPLOADS])
def test_bad_upload_is_a_clear_4xx_and_writes_nothing(case: Case, good: Good, client: TestClient, api_db: Path,
                                                      tmp_path: Path) -> None:
    path = case.build(tmp_path, good)
    before = tables(api_db)
    response = client.post(ROUTES[case.command], files={"file": (path.name, path.read_bytes())}, data=case.form)
    assert 400 <= response.status_code < 500, response.text
    error = response.json()["error"]
    assert error["status"] == response.status_code
    said = error["message"] + " ".join(d.get("reason_en", "") + d.get("reason", "")
                                       for d in error.get("details", []))
    if case.names_file:
        assert path.name in error["message"]
    assert str(tmp_path) not in response.text
    assert "greentrack-upload-" not in response.text  # the server's temporary folder stays private
    for words in case.reason:
        if words.startswith("row "):  # the API gives the row as a number in each detail
            assert any(d.get("row") == int(words.split()[1]) for d in error["details"]), error
        elif words not in ("line 2",):
            assert words in said, f"{words!r} not in {said!r}"
    assert tables(api_db) == before
