"""A process killed with SIGKILL in the middle of an import leaves the ledger exactly as it was before the
import: every table, row for row. Shown for the CLI on SQLite (the import's transaction has begun writing: its
rollback journal exists when the kill lands) and for the server on PostgreSQL (the server's backend holds
row locks on `observations` when the kill lands). Afterwards the ledger opens and takes the same import again.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from greentrack.ledger.backup import restore_backup, snapshot, write_backup
from greentrack.services.observations import import_observations
from greentrack.services.users import add_user, create_token

from .conftest import ledger_at, write_big_sheet

KILL_AFTER = 0.5  # seconds into the write, so that many rows are written (uncommitted) when the process dies


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting until {what}")


def tables(url_or_path: str | Path) -> dict[str, list[list[object]]]:
    ledger = ledger_at(url_or_path)
    try:
        return snapshot(ledger)
    finally:
        ledger.close()


def test_sigkill_during_a_cli_import_leaves_sqlite_as_before(demo_copy: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "big.csv"
    ledger = ledger_at(demo_copy)
    rows = write_big_sheet(ledger, sheet, 2001, 2004)
    ledger.close()
    before = tables(demo_copy)
    journal = demo_copy.with_name(demo_copy.name + "-journal")
    env = {**os.environ, "GREENTRACK_DB": str(demo_copy)}
    env.pop("GREENTRACK_DATABASE_URL", None)
    importer = subprocess.Popen([sys.executable, "-m", "greentrack.cli", "import", str(sheet)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: journal.exists() or importer.poll() is not None, 120, "the import begins to write")
        time.sleep(KILL_AFTER)
        assert importer.poll() is None, f"the import of {rows} rows ended before the kill"
        assert journal.exists()  # the transaction is writing and has not committed
        os.kill(importer.pid, signal.SIGKILL)
        assert importer.wait(timeout=30) == -signal.SIGKILL
    finally:
        if importer.poll() is None:
            importer.kill()
    assert journal.exists()  # a hot journal: SQLite rolls it back when the file is next opened
    assert tables(demo_copy) == before
    env_import = subprocess.run([sys.executable, "-m", "greentrack.cli", "import", str(sheet)], env=env,
                                capture_output=True, text=True, timeout=600)
    assert env_import.returncode == 0, env_import.stderr  # the same import, left alone, goes through whole
    assert len(tables(demo_copy)["observations"]) == len(before["observations"]) + rows


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _post_sheet(port: int, token: str, sheet: Path, answers: list[object]) -> None:
    """Upload a sheet as a browser would (multipart); a dropped connection is the expected answer."""
    boundary = "greentrack-fault-test"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{sheet.name}\"\r\n"
            "Content-Type: text/csv\r\n\r\n").encode() + sheet.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        connection.request("POST", "/api/v1/observations/import", body=body, headers={
            "Authorization": f"Bearer {token}", "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Prefer": "wait=300"})  # the answer waits for the import's outcome: the kill lands on a live request
        answers.append(connection.getresponse().status)
    except (OSError, http.client.HTTPException) as exc:
        answers.append(exc)
    finally:
        connection.close()


def _ready(port: int, token: str) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/api/v1", headers={"Authorization": f"Bearer {token}"})
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def test_sigkill_of_the_server_during_an_import_leaves_postgresql_as_before(
        reliability_demo: Path, pg_schema_url: str, tmp_path: Path) -> None:
    source = ledger_at(reliability_demo)
    write_backup(source, tmp_path / "demo.jsonl")
    source.close()
    ledger = ledger_at(pg_schema_url)
    restore_backup(ledger, tmp_path / "demo.jsonl")
    add_user(ledger, "fault-admin", "administrator")
    token = create_token(ledger, "fault-admin")
    sheet = tmp_path / "big.csv"
    rows = write_big_sheet(ledger, sheet, 2001, 2010)
    ledger.close()
    before = tables(pg_schema_url)
    schema = make_url(pg_schema_url).query["options"].split("=", 1)[1]
    watcher = create_engine(make_url(pg_schema_url).difference_update_query(["options"]))
    locked = text("select count(*) from pg_locks l join pg_class c on c.oid = l.relation join pg_namespace n "
                  "on n.oid = c.relnamespace where n.nspname = :schema and c.relname = 'observations' "
                  "and l.mode = 'RowExclusiveLock'")

    def writing() -> bool:
        with watcher.connect() as connection:
            return bool(connection.execute(locked, {"schema": schema}).scalar_one())

    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "greentrack.cli", "serve", "--url", pg_schema_url, "--port",
                               str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    answers: list[object] = []
    try:
        wait_for(lambda: _ready(port, token) or server.poll() is not None, 60, "the server answers")
        assert server.poll() is None
        upload = threading.Thread(target=_post_sheet, args=(port, token, sheet, answers))
        upload.start()
        wait_for(lambda: writing() or not upload.is_alive(), 120, "the import begins to write")
        time.sleep(KILL_AFTER)
        assert upload.is_alive() and writing(), f"the import of {rows} rows ended before the kill: {answers}"
        os.kill(server.pid, signal.SIGKILL)
        assert server.wait(timeout=30) == -signal.SIGKILL
        upload.join(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
    assert answers and not isinstance(answers[0], int), answers  # the client saw the connection drop
    wait_for(lambda: not writing(), 60, "PostgreSQL ends the dead server's transaction")
    watcher.dispose()
    assert tables(pg_schema_url) == before
    # the ledger takes a value afterwards: no lock, no half-written row in the way
    ledger = ledger_at(pg_schema_url)
    try:
        first = sheet.read_text(encoding="utf-8").splitlines()[:2]
        (tmp_path / "one.csv").write_text("\n".join(first) + "\n", encoding="utf-8")
        outcome = import_observations(ledger, tmp_path / "one.csv")
        assert len(outcome.added) == 1
    finally:
        ledger.close()
