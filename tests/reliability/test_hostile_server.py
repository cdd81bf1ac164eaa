"""A served ledger under hostile requests (issue 19, findings 2, 3 and 7): a heavy upload does not stop the server
answering others; a request body is refused at the limit while it is read, with or without a login, and nothing
of it reaches the disk; nine imports at once on one SQLite ledger all go through (or say “ledger busy”), never a
traceback.

The servers are real (`greentrack serve` in its own process) and the clients talk HTTP over loopback sockets, so
what is measured is what a client sees. Time-outs here only stop a test that would otherwise hang.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from badinput.hostile import many_pages_pdf
from greentrack.services.users import add_user, create_token

from .conftest import ledger_at, write_big_sheet
from .test_kill import _free_port, _ready, tables, wait_for

MB = 1024 * 1024


class Served:
    """A `greentrack serve` process on a copy of the demo ledger, with an administrator's token."""

    def __init__(self, db: Path, spool: Path, env: dict[str, str]) -> None:
        ledger = ledger_at(db)
        try:
            add_user(ledger, "hostile-admin", "administrator")
            self.token = create_token(ledger, "hostile-admin")
        finally:
            ledger.close()
        self.port = _free_port()
        spool.mkdir(exist_ok=True)
        environment = {**os.environ, "TMPDIR": str(spool), "GREENTRACK_WARM_INDEX": "0", **env}
        environment.pop("GREENTRACK_DATABASE_URL", None)
        self.process = subprocess.Popen([sys.executable, "-m", "greentrack.cli", "serve", "--db", str(db), "--port",
                                         str(self.port)], env=environment, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, start_new_session=True)
        wait_for(lambda: _ready(self.port, self.token) or self.process.poll() is not None, 90, "the server answers")
        assert self.process.poll() is None, "the server did not start"

    def stop(self) -> None:
        os.killpg(self.process.pid, 9)
        self.process.wait(30)


@pytest.fixture
def served(demo_copy: Path, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Served]:
    env = getattr(request, "param", {})
    server = Served(demo_copy, tmp_path / "spool", env)
    try:
        yield server
    finally:
        server.stop()


def multipart(name: str, data: bytes, boundary: str = "greentrack-hostile") -> tuple[bytes, str]:
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def get_me(port: int, token: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", "/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.mark.parametrize("served", [{"GREENTRACK_MAX_PAGES": "20000", "GREENTRACK_MAX_PROCESSING_SECONDS": "240"}],
                         indirect=True)
def test_the_server_answers_while_a_heavy_plan_is_read(served: Served, tmp_path: Path) -> None:
    """A 10,000-page PDF (pages allowed here) takes minutes to read; /api/v1/me is answered meanwhile."""
    body, kind = multipart("yearbook.pdf", many_pages_pdf(tmp_path / "yearbook.pdf").read_bytes())
    sent, answers = threading.Event(), []

    def upload() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=600)
        try:
            connection.request("POST", "/api/v1/documents", body=body, headers={
                "Authorization": f"Bearer {served.token}", "Content-Type": kind, "Prefer": "wait=600"})
            sent.set()
            answers.append(connection.getresponse().status)
        except (OSError, http.client.HTTPException) as exc:
            answers.append(exc)
        finally:
            sent.set()
            connection.close()

    uploading = threading.Thread(target=upload, daemon=True)
    uploading.start()
    assert sent.wait(60) and not answers, answers
    time.sleep(1.0)  # the server has the whole request and is reading the PDF
    statuses = [get_me(served.port, served.token) for _ in range(5)]
    assert statuses == [200] * 5
    assert uploading.is_alive() and not answers, f"the upload ended before the other requests were answered: {answers}"


def _raw(port: int, head: str, body: bytes = b"", timeout: float = 30) -> bytes:
    """Send a request head (and some body) on a socket; what the server answers before closing."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        connection.sendall(head.encode() + body)
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = connection.recv(65536)
            if not chunk:
                break
            answer += chunk
        return answer


def test_a_body_declared_too_large_is_refused_unread(served: Served) -> None:
    """60 MB declared, 1 KB sent: refused (413) at once, from an anonymous client as from a signed-in one."""
    for auth in ("", f"Authorization: Bearer {served.token}\r\n"):
        head = (f"POST /api/v1/documents HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}Content-Type: multipart/form-data; "
                f"boundary=x\r\nContent-Length: {60 * MB}\r\n\r\n")
        answer = _raw(served.port, head, b"x" * 1024)
        assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


def test_an_anonymous_body_is_not_read(served: Served) -> None:
    """Without any credential the upload is answered 401 before its (chunked, undeclared) body is read."""
    head = ("POST /api/v1/observations/import HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; "
            "boundary=x\r\nTransfer-Encoding: chunked\r\n\r\n")
    answer = _raw(served.port, head, f"{MB:x}\r\n".encode() + b"x" * MB + b"\r\n")
    assert answer.startswith(b"HTTP/1.1 401"), answer[:200]


def test_an_undeclared_body_is_cut_off_at_the_limit_and_never_spooled(served: Served, tmp_path: Path) -> None:
    """A signed-in client streams 40 MB without a length: the server stops reading past `max_request_mb` (21 MB),
    answers 413, and no byte of it lands in the server's temporary folder meanwhile."""
    spool = tmp_path / "spool"
    seen: list[int] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            seen.append(sum(p.stat().st_size for p in spool.rglob("*") if p.is_file()))
            time.sleep(0.01)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    boundary = "greentrack-hostile"
    head = (f"POST /api/v1/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {served.token}\r\n"
            f"Content-Type: multipart/form-data; boundary={boundary}\r\nTransfer-Encoding: chunked\r\n\r\n")
    part = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n\r\n").encode()
    sent = 0
    answer = b""
    with socket.create_connection(("127.0.0.1", served.port), timeout=60) as connection:
        connection.sendall(head.encode() + f"{len(part):x}\r\n".encode() + part + b"\r\n")
        block = "绿".encode() * (MB // 3)
        try:
            while sent < 40 * MB:
                connection.sendall(f"{len(block):x}\r\n".encode() + block + b"\r\n")
                sent += len(block)
            connection.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server stopped reading and closed: the answer is waiting
        try:
            while b"\r\n\r\n" not in answer:
                chunk = connection.recv(65536)
                if not chunk:
                    break
                answer += chunk
        except OSError:
            pass
    stop.set()
    watcher.join(5)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:300]
    assert max(seen, default=0) == 0, f"up to {max(seen) / MB:.1f} MB of the body was spooled to disk"


def test_nine_imports_at_once_on_sqlite_all_go_through(demo_copy: Path, tmp_path: Path) -> None:
    """Nine `greentrack import` processes at once, each a different year of values: none dies with a raw
    `database is locked`; each waits for the others (busy_timeout, a write lock taken at the start) and all rows
    are stored once."""
    ledger = ledger_at(demo_copy)
    try:
        sheets = [tmp_path / f"year-{year}.csv" for year in range(2001, 2010)]
        rows = [write_big_sheet(ledger, sheet, year, year) for sheet, year in zip(sheets, range(2001, 2010),
                                                                                     strict=True)]
    finally:
        ledger.close()
    before = len(tables(demo_copy)["observations"])
    env = {**os.environ, "GREENTRACK_DB": str(demo_copy), "GREENTRACK_USER": ""}
    env.pop("GREENTRACK_DATABASE_URL", None)
    imports = [subprocess.Popen([sys.executable, "-m", "greentrack.cli", "import", str(sheet)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for sheet in sheets]
    results = [(process.wait(600), process.stderr.read() if process.stderr else "") for process in imports]
    for process in imports:
        for stream in (process.stdout, process.stderr):
            if stream:
                stream.close()
    assert all("Traceback" not in err for _, err in results), [err for _, err in results if "Traceback" in err]
    assert [code for code, _ in results] == [0] * 9, [err for code, err in results if code]
    assert len(tables(demo_copy)["observations"]) == before + sum(rows)
