"""Ledger API latency under load: a real uvicorn server in a subprocess, concurrent clients on 127.0.0.1.

    python bench/bench_api_load.py [--db national.db] [--targets 300000] [--clients 20] [--seconds 30]
                                   [--think 0] [--requests 20000]

The ledger is the synthetic national one (bench/synthetic.py ledger; generated into --db when the file
does not exist). The server is `greentrack serve` (one uvicorn process) with an administrator's API
token. The clients (httpx, asyncio) each send filtered, paginated GET /api/v1/targets requests one
after the other — by place (province, city, county), status, year, indicator words, catalog id,
dimension and department, sorted several ways and deep into the pages — waiting `--think` seconds on
average (uniformly 0…2×think) between their requests; `--think 0` is a closed loop, the server
saturated. The run stops after `--seconds` or `--requests`, whichever comes first.

Before timing, one request per distinct query builds what the server keeps (the target index on the
date, each department's rows): that warm-up is reported on its own row. Latency is the client's wall
time per request; the server's peak RSS is its VmHWM from /proc at the end (Linux). The server runs with
MALLOC_ARENA_MAX=2 (see SERVER_ENV).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import time
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
    from greentrack import services

    ledger = services.open_ledger(db=db)
    try:
        if "bench" not in {u.name for u in services.list_users(ledger)}:
            services.add_user(ledger, "bench", "administrator", None, None, None)
        return services.create_token(ledger, "bench")
    finally:
        ledger.close()


# glibc gives each thread that allocates its own arena and keeps what it frees: uvicorn's threads then grow
# the server by ~250 MiB under 20 clients for nothing (631 → 390 MiB measured). Two arenas is the usual
# setting for threaded Python servers; docs/scale.md recommends it for `greentrack serve`.
SERVER_ENV = {"MALLOC_ARENA_MAX": "2"}


def start_server(db: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    """`greentrack serve` on the ledger (with SERVER_ENV), its output in `log`."""
    with log.open("wb") as out:
        return subprocess.Popen([sys.executable, "-m", "greentrack.cli", "serve", "--db", str(db), "--port", str(port)],
                                stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **SERVER_ENV})


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


def measure(db: Path, clients: int = 20, seconds: float = 30, think: float = 0.0, requests: int = 20_000,
            quick: bool = False) -> list[Figure]:
    """Start the server, warm it, load it; the figures of the run."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    token = bench_token(db)
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
        latencies, failures, elapsed = asyncio.run(_load(base, token, clients, seconds, think, requests))
        rss = peak_rss_mib(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
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
        Figure("API server peak RSS (VmHWM; MALLOC_ARENA_MAX=2)", rss, "MiB", "< 500 MiB", rss < 500),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=BENCH / "data" / "national.db")
    parser.add_argument("--targets", type=int, default=300_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--think", type=float, default=0.0)
    parser.add_argument("--requests", type=int, default=20_000)
    args = parser.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    ensure_ledger(args.db, args.targets)
    print(table(measure(args.db, args.clients, args.seconds, args.think, args.requests)))


if __name__ == "__main__":
    main()
