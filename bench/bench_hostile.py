"""Three hostile uploads at once against a served demo ledger, while a client keeps asking /api/v1/me.

    python bench/bench_hostile.py [--quick] [--seconds 30]

The uploads (built here, as tests/badinput/hostile.py builds them): an .xlsx of 1.5 KB whose one cell sits at
XFD1048576 (a reporting sheet), a 10,000-page PDF of 4.5 MB and a 1.6 MB .docx whose document.xml unpacks to
20 MB (plans) — the three findings of issue 19 that stalled or swelled the server. `greentrack serve` runs with
its default settings; each upload is sent with `Prefer: wait=600`, so its connection stays open until its outcome.
Meanwhile one client on its own keep-alive connection sends GET /api/v1/me back to back (20 ms apart) from
just before the uploads until the last of them is answered (and at least `--seconds`). Figures: /me's latency
(p50, p95, max; the issue's target p95 < 200 ms) idle and under the uploads, each upload's status and time,
and the peak resident memory of the server process (VmHWM; target < 1 GB) and of the server with its upload
workers (sampled every 50 ms). Then 40 logins at once (10 with --quick; wrong passwords, unknown names: each
is checked), /me timed meanwhile, and the server's peak memory again (issue 19, finding 4: 156 MB → 1.1 GB before).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from measure import BENCH, MIB, Figure, _tree_rss, peak_rss_mib, table

sys.path.insert(0, str(BENCH.parent / "tests"))

from badinput.hostile import big_xml_docx, far_cell_xlsx, many_pages_pdf

GB_MIB = 1024.0
LOGINS, LOGINS_QUICK = 40, 10  # logins sent at once (each an argon2 check)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _ledger(folder: Path) -> tuple[Path, str]:
    from greentrack.services.demo import build_demo
    from greentrack.services.ledger import open_ledger
    from greentrack.services.users import add_user, create_token

    db = build_demo(folder / "demo.db").path
    ledger = open_ledger(db=db)
    try:
        add_user(ledger, "bench-admin", "administrator")
        return db, create_token(ledger, "bench-admin")
    finally:
        ledger.close()


def _uploads(folder: Path) -> list[tuple[str, str, Path]]:
    """(route, file name, path) of the three hostile uploads."""
    return [("/api/v1/observations/import", "bomb.xlsx", far_cell_xlsx(folder / "bomb.xlsx", "XFD1048576")),
            ("/api/v1/documents", "yearbook.pdf", many_pages_pdf(folder / "yearbook.pdf")),
            ("/api/v1/documents", "wall.docx", big_xml_docx(folder / "wall.docx", 20))]


def _post(port: int, token: str, route: str, name: str, data: bytes, out: list) -> None:
    boundary = "greentrack-bench"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    began = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=900)
    try:
        connection.request("POST", route, body=body, headers={
            "Authorization": f"Bearer {token}", "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Prefer": "wait=600"})
        response = connection.getresponse()
        answer = json.loads(response.read() or b"{}")
        message = (answer.get("error") or {}).get("message", "")
        out.append((name, response.status, time.perf_counter() - began, message))
    finally:
        connection.close()


def _me(port: int, token: str, stop: threading.Event, seconds: float, out: list[float]) -> None:
    """GET /api/v1/me back to back until `stop` is set and at least `seconds` have passed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    until = time.monotonic() + seconds
    try:
        while not stop.is_set() or time.monotonic() < until:
            began = time.perf_counter()
            connection.request("GET", "/api/v1/me", headers={"Authorization": f"Bearer {token}"})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"/api/v1/me answered {response.status}")
            out.append((time.perf_counter() - began) * 1000)
            time.sleep(0.02)
    finally:
        connection.close()


def _sample(pid: int, stop: threading.Event, peak: list[int]) -> None:
    while not stop.is_set():
        peak[0] = max(peak[0], _tree_rss(pid)[0])
        time.sleep(0.05)


def _latency(name: str, values: list[float], judged: bool) -> list[Figure]:
    ordered = sorted(values)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return [Figure(f"{name}: /api/v1/me requests", len(values), ""),
            Figure(f"{name}: /api/v1/me p50", statistics.median(values), "ms"),
            Figure(f"{name}: /api/v1/me p95", p95, "ms", "< 200 ms" if judged else "", p95 < 200 if judged else None),
            Figure(f"{name}: /api/v1/me max", ordered[-1], "ms")]


def measure(quick: bool = False, seconds: float = 30.0) -> list[Figure]:
    """Serve the demo ledger, time /me idle and under three hostile uploads; the figures."""
    folder = BENCH / "data" / "hostile"
    folder.mkdir(parents=True, exist_ok=True)
    db_folder = folder / f"run-{os.getpid()}"
    db_folder.mkdir(exist_ok=True)
    db, token = _ledger(db_folder)
    uploads = _uploads(folder)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GREENTRACK_")}
    server = subprocess.Popen([sys.executable, "-m", "greentrack.cli", "serve", "--db", str(db), "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        _wait_ready(port, token)
        idle: list[float] = []
        _me(port, token, _set(threading.Event()), 3 if quick else 10, idle)
        stop, done, peak = threading.Event(), [], [0]
        sampler = threading.Thread(target=_sample, args=(server.pid, stop, peak), daemon=True)
        sampler.start()
        busy = _timing_me(port, token, 5 if quick else seconds, [
            threading.Thread(target=_post, args=(port, token, route, name, path.read_bytes(), done))
            for route, name, path in uploads])
        stop.set()
        sampler.join()
        upload_peak = peak_rss_mib(server.pid)
        count = LOGINS_QUICK if quick else LOGINS
        logins, statuses = _login_storm(port, token, count)
        server_peak = peak_rss_mib(server.pid)
    finally:
        os.killpg(server.pid, 9)
        server.wait(30)
    judged = not quick  # a smoke run's windows are too short to judge
    figures = _latency("idle", idle, False) + _latency("3 hostile uploads", busy, judged)
    for name, status, took, message in sorted(done):
        figures.append(Figure(f"upload {name}: HTTP {status} — {message[:90]}", took, "s"))
    figures += [Figure("server process: peak RSS (VmHWM) after the uploads", upload_peak, "MiB", "< 1 GB",
                       upload_peak < GB_MIB)]
    storm = f"{count} parallel logins"
    figures += _latency(storm, logins, judged)
    figures.append(Figure(f"{storm}: answered {dict(sorted(statuses.items()))}", sum(statuses.values()),
                          "logins"))
    figures += [Figure("server process: peak RSS (VmHWM) after the logins too", server_peak, "MiB", "< 1 GB",
                       server_peak < GB_MIB),
                Figure("server and its upload workers: peak RSS (sampled)", peak[0] / MIB, "MiB", "< 1 GB",
                       peak[0] / MIB < GB_MIB)]
    return figures


def _login_storm(port: int, token: str, count: int) -> tuple[list[float], dict[int, int]]:
    """`count` logins at once through the form (wrong passwords, each its own unknown name: every one is checked),
    while /me is timed; /me's latencies and the logins' statuses."""
    import re

    form = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    form.request("GET", "/login")
    answer = form.getresponse()
    page = answer.read().decode()
    cookie = answer.getheader("set-cookie", "").split(";")[0]
    form.close()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert csrf, "the login form carries its token"
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def one(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        body = f"name=storm-{number}&password=wrong-password&csrf_token={csrf.group(1)}"
        connection.request("POST", "/login", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
        status = connection.getresponse().status
        connection.close()
        with lock:
            statuses[status] = statuses.get(status, 0) + 1

    latencies = _timing_me(port, token, 0.0, [threading.Thread(target=one, args=(number,)) for number in range(count)])
    return latencies, statuses


def _timing_me(port: int, token: str, seconds: float, senders: list[threading.Thread]) -> list[float]:
    """/me's latencies (ms) while the `senders` run (and for at least `seconds`)."""
    stop, latencies = threading.Event(), []
    client = threading.Thread(target=_me, args=(port, token, stop, seconds, latencies))
    client.start()
    time.sleep(0.5)  # /me is being timed before the first hostile request leaves
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()
    stop.set()
    client.join()
    return latencies


def _set(event: threading.Event) -> threading.Event:
    event.set()
    return event


def _wait_ready(port: int, token: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/api/v1/me", headers={"Authorization": f"Bearer {token}"})
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not answer within 120 s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="short idle and busy windows")
    parser.add_argument("--seconds", type=float, default=30.0, help="shortest busy window (default 30)")
    args = parser.parse_args(argv)
    figures = measure(args.quick, args.seconds)
    print(table(figures))
    return 1 if any(f.ok is False for f in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
