"""Heavy served requests on a 10,000-target synthetic ledger (issue 21): a request the client abandoned stops using
the CPU, a request past its time budget answers 503 with the reason, and the server ends within 10 s of SIGTERM
while a heavy request runs.

The warnings go through the per-target status report (target_list = report), the heaviest route: tens of
seconds of CPU here. The abandoned request is judged by the server's own CPU time (/proc), not by how fast
anything is; time-outs only stop a test that would otherwise hang.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .test_hostile_server import Served

BENCH = Path(__file__).resolve().parents[2] / "bench"
HEAVY = "/api/v1/warnings?as_of=2025-06-30"


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = importlib.util.spec_from_file_location("greentrack_bench_synthetic_budget", BENCH / "synthetic.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    db = tmp_path_factory.mktemp("budget") / "national.db"
    module.write_ledger(str(db), targets=10_000)
    return db


@pytest.fixture
def served(national: Path, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Served]:
    env = {"GREENTRACK_TARGET_LIST": "report", **getattr(request, "param", {})}
    db = tmp_path / "national.db"
    shutil.copyfile(national, db)  # each server adds its own user and token
    server = Served(db, tmp_path / "spool", env)
    try:
        yield server
    finally:
        if server.process.poll() is None:
            server.stop()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (/proc/PID/stat)."""
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def send(port: int, token: str, path: str = HEAVY) -> socket.socket:
    """A GET sent on a socket left open (the answer not read)."""
    client = socket.create_connection(("127.0.0.1", port), timeout=120)
    client.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
                   "Connection: close\r\n\r\n".encode())
    return client


def answer(client: socket.socket) -> tuple[int, dict]:
    data = b""
    while chunk := client.recv(65536):
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body) if body.startswith(b"{") else {}


@pytest.mark.parametrize("served", [{"GREENTRACK_REQUEST_SECONDS": "0"}], indirect=True)
def test_an_abandoned_request_stops_using_the_cpu(served: Served) -> None:
    pid = served.process.pid
    client = send(served.port, served.token)
    time.sleep(1.0)
    began = cpu_seconds(pid)
    time.sleep(2.0)
    busy = cpu_seconds(pid) - began
    assert busy > 0.5, f"the request should keep the server busy: {busy:.2f} s of CPU in 2 s"
    client.close()  # the client goes away
    time.sleep(2.0)  # within 2 s the work stops ...
    began = cpu_seconds(pid)
    time.sleep(2.0)
    idle = cpu_seconds(pid) - began
    assert idle < 0.3, f"{idle:.2f} s of CPU in the 2 s after the abandoned request should have stopped"
    # ... and the server still answers
    status, _ = answer(send(served.port, served.token, "/api/v1/me"))
    assert status == 200


@pytest.mark.parametrize("served", [{"GREENTRACK_REQUEST_SECONDS": "1"}], indirect=True)
def test_a_request_past_its_budget_answers_503_with_the_reason(served: Served) -> None:
    status, body = answer(send(served.port, served.token))
    assert status == 503
    assert body["error"]["code"] == "over_time_budget"
    assert "time budget of 1 s" in body["error"]["message"]
    status, _ = answer(send(served.port, served.token, "/api/v1/me"))
    assert status == 200


@pytest.mark.parametrize("served", [{"GREENTRACK_REQUEST_SECONDS": "0"}], indirect=True)
def test_the_server_ends_within_10_s_of_sigterm_during_a_heavy_request(served: Served) -> None:
    client = send(served.port, served.token)
    time.sleep(2.0)  # the request is being worked on
    assert served.process.poll() is None
    served.process.send_signal(signal.SIGTERM)
    try:
        code = served.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pytest.fail("the server was still running 10 s after SIGTERM")
    finally:
        client.close()
    assert code in (0, -signal.SIGTERM)
