"""The whole-ledger pages and API under load: the overview, the comparison and the warnings, 20 clients on 127.0.0.1.

    python bench/bench_served.py [--db national.db] [--targets 300000] [--clients 20] [--seconds 60]
                                 [--think 0 1] [--requests 20000]

The server is `greentrack serve` (one uvicorn process, no MALLOC_ARENA_MAX in its environment) on a copy of the
synthetic national ledger (bench/synthetic.py ledger; generated into --db when missing), with an administrator's
API token, which the dashboard's pages accept as the API does. Each client sends, one after the other, from a
place of its own in the list: the overview page `/`, the comparison page `/compare` (the default indicator and
others), `/api/v1/comparisons` and `/api/v1/comparisons/{indicator}`, `/api/v1/warnings` (several pages, with
and without a place or a department) and `/api/v1/supervision` — waiting `--think` seconds on average (uniformly
0…2×think) between requests; `--think 0` is a closed loop. Each `--think` given is one run with a server of its own.

The server first builds today's index and warning levels itself (`web.warm`); once its log says so, each distinct
request is sent once, one after the other: that warm-up (the index on the benchmark's date, each target's warning
level, the comparisons read once per ledger mark) is reported on its own row, with how many requests answered
503 past the time budget (`request_seconds`) and were asked again. Latency is the
client's wall time per request (p50, p95, max) per route group and over all; the server's CPU time per request
(user + system from /proc over the load); the server's peak RSS is its VmHWM from /proc at the end of the run,
so over the warm-up and the load together.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from pathlib import Path

import httpx2 as httpx
from bench_api_load import bench_token, cpu_seconds, ensure_ledger, free_port, scratch_copy, start_server, wait_until_up
from measure import BENCH, Figure, peak_rss_mib, table

AS_OF = "2025-06-30"
P95_TARGET = 1_000.0  # ms (issue 21)
RSS_TARGET = 1_024.0  # MiB (issue 21: 1 GB)


def requests_of(indicators: list[str]) -> list[tuple[str, str, dict[str, object]]]:
    """(group, path, params) of every request the clients send; `indicators`: the comparable ones, most set first."""
    day = {"as_of": AS_OF}
    found: list[tuple[str, str, dict[str, object]]] = [
        ("overview page /", "/", day),
        ("/compare page", "/compare", day),
        ("/api/v1/comparisons", "/api/v1/comparisons", {}),
    ]
    for indicator in indicators[:3]:
        found.append(("/compare page", "/compare", {**day, "indicator": indicator}))
        found.append(("/api/v1/comparisons/{id}", f"/api/v1/comparisons/{indicator}", day))
    for params in ({}, {"offset": 100}, {"offset": 5_000}, {"offset": 150_000, "limit": 50},
                   {"jurisdiction": "山东省"}, {"jurisdiction": "山东省", "offset": 300},
                   {"jurisdiction": "济宁市"}, {"jurisdiction": "金乡县"}, {"department": "生态环境局", "limit": 20}):
        found.append(("/api/v1/warnings", "/api/v1/warnings", {**day, **params}))
    for params in ({"limit": 20, "per_department": 10}, {"limit": 20, "offset": 1_000, "per_department": 5},
                   {"jurisdiction": "济宁市", "limit": 50}):
        found.append(("/api/v1/supervision", "/api/v1/supervision", {**day, **params}))
    return found


def _indicators(http: httpx.Client) -> list[str]:
    answer = http.get("/api/v1/comparisons")
    if answer.status_code != 200:
        raise SystemExit(f"warm-up /api/v1/comparisons: {answer.status_code} {answer.text[:300]}")
    return [item["indicator_id"] for item in answer.json()["items"]]


def started(log: Path, timeout: float = 900) -> float:
    """Seconds until the server's own start-up warm-up (today's index and warning levels, `web.warm`) is done,
    as its log says: the benchmark's warm-up then times its own date's work alone."""
    began = time.perf_counter()
    while time.perf_counter() - began < timeout:
        text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
        if any(line in text for line in ("assessed at start-up", "warm-up failed", "warm-up off")):
            return time.perf_counter() - began
        time.sleep(0.5)
    raise SystemExit(f"the server's start-up warm-up did not end within {timeout:.0f} s — see {log}")


def _warm(base: str, token: str) -> tuple[list[tuple[str, str, dict[str, object]]], float, int]:
    """Every distinct request once, in order (what the server keeps is built here): the list, the seconds and how
    many answered 503 past the time budget first (asked again: the work done is kept)."""
    began, refused = time.perf_counter(), 0
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=900) as http:
        wanted = requests_of(_indicators(http))
        for group, path, params in wanted:
            answer = http.get(path, params=params)
            while answer.status_code == 503 and refused < 5:
                refused += 1
                answer = http.get(path, params=params)
            if answer.status_code != 200:
                raise SystemExit(f"warm-up {group} {params}: {answer.status_code} {answer.text[:300]}")
    return wanted, time.perf_counter() - began, refused


async def _client(http: httpx.AsyncClient, number: int, wanted: list[tuple[str, str, dict[str, object]]],
                  stop_at: float, think: float, budget: list[int], latencies: dict[str, list[float]],
                  failures: list[str]) -> None:
    rng = random.Random(number)
    turn = rng.randrange(len(wanted))
    if think:  # people do not all click at the same instant: each starts somewhere in its first pause
        await asyncio.sleep(rng.uniform(0, 2 * think))
    while time.perf_counter() < stop_at and budget[0] > 0:
        budget[0] -= 1
        group, path, params = wanted[turn % len(wanted)]
        turn += 1
        began = time.perf_counter()
        try:
            response = await http.get(path, params=params)
        except httpx.TransportError as exc:  # e.g. a kept-alive connection the server closed as it was reused
            failures.append(f"{type(exc).__name__} {path} {params}")
            continue
        latencies.setdefault(group, []).append(time.perf_counter() - began)
        if response.status_code != 200:
            failures.append(f"{response.status_code} {path} {params}")
        if think:
            await asyncio.sleep(rng.uniform(0, 2 * think))


async def _load(base: str, token: str, wanted: list[tuple[str, str, dict[str, object]]], clients: int,
                seconds: float, think: float, requests: int) -> tuple[dict[str, list[float]], list[str], float]:
    latencies: dict[str, list[float]] = {}
    failures: list[str] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"}, limits=limits,
                                 timeout=300) as http:
        began = time.perf_counter()
        budget = [requests]
        await asyncio.gather(*(_client(http, n, wanted, began + seconds, think, budget, latencies, failures)
                               for n in range(clients)))
        return latencies, failures, time.perf_counter() - began


def _percentile(ms: list[float], share: float) -> float:
    return ms[int(share * (len(ms) - 1))]


def measure(db: Path, clients: int = 20, seconds: float = 60, think: float = 1.0, requests: int = 20_000,
            quick: bool = False) -> list[Figure]:
    """Serve a copy of the ledger, warm it, load it with `clients`; the figures of the run."""
    with scratch_copy(db) as served:
        token = bench_token(served)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(served, port, served.with_suffix(".server.log"))
        try:
            wait_until_up(base, server, timeout=300)
            own = started(served.with_suffix(".server.log"))
            wanted, warm, refused = _warm(base, token)
            cpu, mine = cpu_seconds(server.pid), time.process_time()
            latencies, failures, elapsed = asyncio.run(_load(base, token, wanted, clients, seconds, think, requests))
            cpu, mine = cpu_seconds(server.pid) - cpu, time.process_time() - mine
            if server.poll() is not None:
                log = served.with_suffix(".server.log").read_text(encoding="utf-8", errors="replace")
                raise SystemExit(f"the server stopped with code {server.returncode} under load:\n{log[-3000:]}")
            rss = peak_rss_mib(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
    mode = "closed loop" if not think else f"think {think:g} s"
    label = f"{clients} clients, {mode}"
    every = sorted(x * 1000 for group in latencies.values() for x in group)
    p95 = _percentile(every, 0.95)
    figures = [
        Figure(f"served: server start-up warm-up (today's index and warning levels; {mode})", own, "s"),
        Figure(f"served: warm-up, {len(wanted)} distinct requests once each ({refused} answered 503 first; {mode})",
               warm, "s"),
        Figure(f"served: requests ({label}; failures: {len(failures)})", len(every), "", "", not failures),
        Figure(f"served: throughput ({label})", len(every) / elapsed, "req/s"),
    ]
    for group in sorted(latencies):
        ms = sorted(x * 1000 for x in latencies[group])
        figures += [Figure(f"served {group} ({label}, {len(ms)} requests): p50", _percentile(ms, 0.5), "ms"),
                    Figure(f"served {group} ({label}): p95", _percentile(ms, 0.95), "ms", "≤ 1 s",
                           None if quick else _percentile(ms, 0.95) <= P95_TARGET),
                    Figure(f"served {group} ({label}): max", ms[-1], "ms")]
    figures += [
        Figure(f"served: all requests p50 ({label})", _percentile(every, 0.5), "ms"),
        Figure(f"served: all requests p95 ({label})", p95, "ms", "≤ 1 s", None if quick else p95 <= P95_TARGET),
        Figure(f"served: all requests max ({label})", every[-1], "ms"),
        Figure(f"served: server CPU per request ({label})", cpu * 1000 / max(len(every), 1), "ms"),
        Figure(f"served: clients' CPU per request ({label})", mine * 1000 / max(len(every), 1), "ms"),
        Figure(f"served: server peak RSS over warm-up and load (VmHWM; {mode})", rss, "MiB", "≤ 1 GB",
               None if quick else rss <= RSS_TARGET),
    ]
    if failures:
        print("failures:", *sorted(set(failures))[:10], sep="\n  ")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=BENCH / "data" / "national.db")
    parser.add_argument("--targets", type=int, default=300_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, nargs="+", default=[0.0, 1.0], help="seconds; one run each")
    parser.add_argument("--requests", type=int, default=20_000)
    args = parser.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    ensure_ledger(args.db, args.targets)
    figures: list[Figure] = []
    for think in args.think:
        figures += measure(args.db, args.clients, args.seconds, think, args.requests)
        print(table(figures), flush=True)


if __name__ == "__main__":
    main()
