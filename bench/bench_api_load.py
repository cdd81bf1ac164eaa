"""Ledger API latency under load: a real uvicorn server in a subprocess, concurrent clients on 127.0.0.1.

    python bench/bench_api_load.py [--db national.db] [--targets 300000] [--clients 20] [--seconds 30]
                                   [--think 0 1] [--requests 20000] [--in-place]

The ledger is the synthetic national one (bench/synthetic.py ledger; generated into --db when the file
does not exist). The server is `greentrack serve` (one uvicorn process) with an administrator's API
token. The clients (httpx, asyncio) each send filtered, paginated GET /api/v1/targets requests one
after the other — by place (province, city, county), status, year, indicator words, catalog id,
dimension and department, sorted several ways and deep into the pages — waiting `--think` seconds on
average (uniformly 0…2×think) between their requests; `--think 0` is a closed loop, the server
saturated. Each `--think` given is one run (default: a closed loop, then people with 1 s think time), which
stops after `--seconds` or `--requests`, whichever comes first.

The ledger is read-only to the benchmark: each run copies it to a temporary folder (removed at the end) and
the bench user and its token go into the copy; `--in-place` serves the file itself (it then gains the token).

Before timing, one request per distinct query builds what the server keeps (the target index on the
date, each department's rows): that warm-up is reported on its own row. Latency is the client's wall
time per request (p50, p95, max); the server's CPU time per request (user + system from /proc over the
load: the figure a busy machine disturbs least) and the clients' (this process: on two cores the clients take
a share of the machine the server then lacks); the server's peak RSS is its VmHWM from /proc at the end (Linux). The
server runs without MALLOC_ARENA_MAX in its environment: `greentrack serve` caps glibc's arenas itself
(greentrack.web.memory), and the figure must hold as users run it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx2 as httpx
from measure import BENCH, Figure, peak_rss_mib, table

AS_OF = "2025-06-30"
QUERIES: list[dict[str, Any]] = [
    {},
    {"offset": 150_000},
    {"jurisdiction": "山东省", "sort": "progress", "descending": True},
    {"jurisdiction": "济宁市", "offset": 50},
    {"jurisdiction": "金乡县"},
    {"status": "lagging", "year": 2025},
    {"status": "off_track", "jurisdiction": "广东省", "sort": "due"},
    {"indicator": "污水", "offset": 1000},
    {"indicator": "urbanisation_rate", "sort": "jurisdiction"},
    {"dimension": "生态宜居", "sort": "indicator", "offset": 500},
    {"department": "住建局", "status": "regressing", "sort": "progress"},
    {"department": "生态环境局", "year": 2025, "offset": 100},
    {"year": 2030, "sort": "year", "descending": True, "limit": 100},
    {"status": "on_track", "sort": "status", "offset": 20_000},
]


def free_port() -> int:
    with socket.socket() as handle:
        handle.bind(("127.0.0.1", 0))
        return int(handle.getsockname()[1])


def ensure_ledger(db: Path, targets: int) -> None:
    """The synthetic national ledger at `db` (generated when missing)."""
    if not db.exists():
        from synthetic import write_ledger

        print(f"generating a synthetic ledger of {targets:,} targets in {db} …", flush=True)
        write_ledger(str(db), targets=targets)


def bench_token(db: Path) -> str:
    """An API token of the administrator `bench` (added on first use)."""
    from greentrack.services.ledger import open_ledger
    from greentrack.services.users import add_user, create_token, list_users

    ledger = open_ledger(db=db)
    try:
        if "bench" not in {u.name for u in list_users(ledger)}:
            add_user(ledger, "bench", "administrator", None, None, None)
        return create_token(ledger, "bench")
    finally:
        ledger.close()


def start_server(db: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    """`greentrack serve` on the ledger, its output in `log`; MALLOC_ARENA_MAX is left out of its environment
    (the server caps glibc's arenas itself: greentrack.web.memory)."""
    env = {name: value for name, value in os.environ.items() if name != "MALLOC_ARENA_MAX"}
    with log.open("wb") as out:
        return subprocess.Popen([sys.executable, "-m", "greentrack.cli", "serve", "--db", str(db), "--port", str(port)],
                                stdout=out, stderr=subprocess.STDOUT, env=env)


@contextmanager
def scratch_copy(db: Path, in_place: bool = False) -> Iterator[Path]:
    """A copy of the ledger in a temporary folder, removed afterwards (the generated ledger stays read-only);
    the ledger itself when `in_place`."""
    if in_place:
        yield db
        return
    with tempfile.TemporaryDirectory(prefix="greentrack-api-load-") as folder:
        copy = Path(folder) / db.name
        shutil.copyfile(db, copy)
        yield copy


def wait_until_up(base: str, server: subprocess.Popen[bytes], timeout: float = 120) -> None:
    began = time.perf_counter()
    while time.perf_counter() - began < timeout:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped with code {server.returncode} — see its log")
        try:
            httpx.get(base + "/api/v1", timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer within {timeout:.0f} s")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far, from /proc (Linux; NaN elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


async def _client(http: httpx.AsyncClient, number: int, stop_at: float, think: float, budget: list[int],
                  latencies: list[float], failures: list[str]) -> None:
    rng = random.Random(number)
    turn = number
    if think:  # people do not all click at the same instant: each starts somewhere in its first pause
        await asyncio.sleep(rng.uniform(0, 2 * think))
    while time.perf_counter() < stop_at and budget[0] > 0:
        budget[0] -= 1
        params = {"as_of": AS_OF, **QUERIES[turn % len(QUERIES)]}
        turn += 1
        began = time.perf_counter()
        response = await http.get("/api/v1/targets", params=params)
        latencies.append(time.perf_counter() - began)
        if response.status_code != 200:
            failures.append(f"{response.status_code} {params}")
        if think:
            await asyncio.sleep(rng.uniform(0, 2 * think))


async def _load(base: str, token: str, clients: int, seconds: float, think: float,
                requests: int) -> tuple[list[float], list[str], float]:
    latencies: list[float] = []
    failures: list[str] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"}, limits=limits,
                                 timeout=120) as http:
        began = time.perf_counter()
        budget = [requests]
        await asyncio.gather(*(_client(http, n, began + seconds, think, budget, latencies, failures)
                               for n in range(clients)))
        return latencies, failures, time.perf_counter() - began


def _run(db: Path, token: str, clients: int, seconds: float, think: float,
         requests: int) -> tuple[float, int, list[float], list[str], float, float, float, float]:
    """Serve `db`, warm the server, load it: (warm-up s, targets, latencies, failures, elapsed s, peak RSS MiB,
    server CPU s and clients' CPU s under load)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(db, port, db.with_suffix(".server.log"))
    try:
        wait_until_up(base, server)
        began = time.perf_counter()
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=600) as http:
            for query in QUERIES:
                answer = http.get("/api/v1/targets", params={"as_of": AS_OF, **query})
                if answer.status_code != 200:
                    raise SystemExit(f"warm-up {query}: {answer.status_code} {answer.text[:300]}")
            total = http.get("/api/v1/targets", params={"as_of": AS_OF, "limit": 1}).json()["total"]
        warm = time.perf_counter() - began
        cpu, mine = cpu_seconds(server.pid), time.process_time()
        latencies, failures, elapsed = asyncio.run(_load(base, token, clients, seconds, think, requests))
        cpu, mine = cpu_seconds(server.pid) - cpu, time.process_time() - mine
        rss = peak_rss_mib(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return warm, total, latencies, failures, elapsed, rss, cpu, mine


def measure(db: Path, clients: int = 20, seconds: float = 30, think: float = 0.0, requests: int = 20_000,
            quick: bool = False, in_place: bool = False) -> list[Figure]:
    """Start the server on a copy of the ledger (the ledger itself when `in_place`), warm it, load it; the
    figures of the run."""
    with scratch_copy(db, in_place) as served:
        token = bench_token(served)
        warm, total, latencies, failures, elapsed, rss, cpu, mine = _run(served, token, clients, seconds, think,
                                                                         requests)
    ms = sorted(x * 1000 for x in latencies)
    p95 = ms[int(0.95 * (len(ms) - 1))]
    mode = "closed loop" if not think else f"think {think:g} s"
    label = f"{clients} clients, {mode}, {total:,} targets"
    return [
        Figure(f"API warm-up: index + {len(QUERIES)} queries ({total:,} targets)", warm, "s"),
        Figure(f"API requests ({label})", len(ms), "", "", not failures),
        Figure(f"API throughput ({label})", len(ms) / elapsed, "req/s"),
        Figure(f"API latency p50 ({label})", statistics.median(ms), "ms"),
        Figure(f"API latency p95 ({label})", p95, "ms", "< 100 ms", None if quick else p95 < 100),
        Figure(f"API latency max ({label})", ms[-1], "ms"),
        Figure(f"API server CPU per request ({label})", cpu * 1000 / max(len(ms), 1), "ms"),
        Figure(f"API clients' CPU per request ({label})", mine * 1000 / max(len(ms), 1), "ms"),
        Figure(f"API server peak RSS (VmHWM; {mode}, no MALLOC_ARENA_MAX)", rss, "MiB", "< 500 MiB", rss < 500),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=BENCH / "data" / "national.db")
    parser.add_argument("--targets", type=int, default=300_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--think", type=float, nargs="+", default=[0.0, 1.0], help="seconds; one run each")
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--in-place", action="store_true", help="serve --db itself, not a copy (adds a token)")
    args = parser.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    ensure_ledger(args.db, args.targets)
    figures: list[Figure] = []
    for think in args.think:
        figures += measure(args.db, args.clients, args.seconds, think, args.requests, in_place=args.in_place)
    print(table(figures))


if __name__ == "__main__":
    main()
