"""Load test: concurrent reporters submitting observations to a real server on PostgreSQL, then a count check.

    python bench/load_test.py [--clients 50] [--seconds 60] [--max-requests 100000] [--duplicates 0.1]
                              [--url postgresql+psycopg://postgres@127.0.0.1:5432/test] [--json OUT]

1. Creates a fresh database next to the one `--url` names (`greentrack_load_<pid>`), migrates it, ingests the
   seed plans, and gives each reporter its own API token (an administrator's: the roles are tested elsewhere).
2. Starts `greentrack serve` (uvicorn) on 127.0.0.1 on a free port, in its own process.
3. Finds which targets take a value: one target per observation key (jurisdiction + indicator, or the target),
   tried once with a value for 2000-01 (not timed).
4. `--clients` threads, each with its own keep-alive connection, POST /api/v1/observations until `--seconds`
   pass or `--max-requests` are sent. Each new (key, month) pair goes to one reporter — except a share
   `--duplicates` of requests that deliberately repeat an accepted pair with another value (must be refused),
   and contested pairs handed to two reporters at once (exactly one may win).
5. Stops the server, reads its peak RSS, and checks the database: every acknowledged write is there exactly
   once with the value acknowledged; nothing is there that was not acknowledged; no 5xx. Drops the database.

Prints p50/p95/p99 latency, throughput and the counts; exits 1 when a check fails.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import URL, make_url

DEFAULT_URL = os.environ.get("GREENTRACK_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
FIRST_YEAR, LAST_YEAR = 2001, 2024  # monthly periods to fill: none of them is in the future
ROUTE = "/api/v1/observations"


@dataclass(frozen=True)
class Subject:
    """A target whose observation key no other chosen target shares, with a unit and value it accepts."""

    target_id: int
    key: str
    unit: str
    value: float


@dataclass
class Outcome:
    """One request: what was sent, how it was answered and how long it took."""

    kind: str  # new, contested, duplicate
    target_id: int
    period: str
    value: float
    status: int
    seconds: float
    added: int = 0


@dataclass
class Results:
    """Everything the clients saw."""

    outcomes: list[Outcome] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, outcome: Outcome) -> None:
        with self.lock:
            self.outcomes.append(outcome)


# ---------------------------------------------------------------- database and server


def load_database(base: str) -> tuple[URL, URL]:
    """(admin URL, URL of a new empty database beside the one `base` names)."""
    admin = make_url(base)
    return admin, admin.set(database=f"greentrack_load_{os.getpid()}")


def create_database(admin: URL, target: URL) -> None:
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'drop database if exists "{target.database}" with (force)'))
        connection.execute(text(f'create database "{target.database}"'))
    engine.dispose()


def drop_database(admin: URL, target: URL) -> None:
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'drop database if exists "{target.database}" with (force)'))
    engine.dispose()


def prepare_ledger(url: URL, clients: int) -> tuple[list[str], list[Subject]]:
    """Seed plans ingested; one token per reporter; candidate subjects (one target per observation key)."""
    from greentrack.ledger import repository
    from greentrack.ledger.intake import intake_target
    from greentrack.services.documents import sample_paths
    from greentrack.services.ingest import ingest_plans
    from greentrack.services.ledger import open_ledger
    from greentrack.services.users import add_user, create_token

    ledger = open_ledger(url=url.render_as_string(hide_password=False))
    try:
        for outcome in ingest_plans(ledger, sample_paths(), actor="load-test"):
            if outcome.error is not None:
                raise SystemExit(f"cannot ingest {outcome.path}: {outcome.error}")
        tokens = []
        for number in range(clients):
            name = f"load-reporter-{number:02d}"
            add_user(ledger, name, "administrator")
            tokens.append(create_token(ledger, name))
        seen: set[str] = set()
        subjects = []
        with ledger.session() as session:
            for record in repository.documents.current_targets(session):
                if record.observation_key in seen or record.target.kind == "cumulative":
                    continue  # a cumulative target's values are checked against its reporting rule: random ones trip it
                seen.add(record.observation_key)
                unit = intake_target(record).unit
                subjects.append(Subject(record.id, record.observation_key, unit, 1.0))
        return tokens, subjects
    finally:
        ledger.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(url: URL, port: int, log: Path) -> subprocess.Popen[bytes]:
    """`greentrack serve` in its own process (its own session, so a kill reaches only it)."""
    command = [sys.executable, "-m", "greentrack.cli", "serve", "--url", url.render_as_string(hide_password=False),
               "--port", str(port)]
    with log.open("wb") as handle:
        return subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)


def wait_ready(port: int, token: str, server: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with {server.returncode} before it answered")
        try:
            status, _ = request(http.client.HTTPConnection("127.0.0.1", port, timeout=5), "GET", "/api/v1", token)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not answer within a minute")


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident set (VmHWM) in MB, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# ---------------------------------------------------------------- clients


def request(connection: http.client.HTTPConnection, method: str, path: str, token: str,
            body: dict[str, Any] | None = None) -> tuple[int, Any]:
    payload = None if body is None else json.dumps(body).encode("utf-8")
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    if payload is not None:
        headers["Content-Type"] = "application/json"
    connection.request(method, path, body=payload, headers=headers)
    response = connection.getresponse()
    data = response.read()
    try:
        return response.status, json.loads(data) if data else None
    except ValueError:
        return response.status, data.decode("utf-8", "replace")


def submit(connection: http.client.HTTPConnection, token: str, subject: Subject, period: str,
           value: float) -> tuple[int, int, float]:
    """POST one value (its reporter is the token's user): (status, observations added, seconds)."""
    body = {"target_id": subject.target_id, "period": period, "value": value, "unit": subject.unit,
            "source": "压力测试 load test"}
    started = time.perf_counter()
    status, answer = request(connection, "POST", ROUTE, token, body)
    seconds = time.perf_counter() - started
    added = len(answer.get("added", [])) if status == 201 and isinstance(answer, dict) else 0
    return status, added, seconds


def pilot(port: int, token: str, subjects: list[Subject]) -> list[Subject]:
    """The subjects that accept a value of 1 in their unit (tried once for 2000-01); the rest are left out."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    kept = []
    for subject in subjects:
        status, added, _ = submit(connection, token, subject, "2000-01", subject.value)
        if status == 201 and added == 1:
            kept.append(subject)
        elif status >= 500:
            raise SystemExit(f"the pilot got {status} for target {subject.target_id}")
    connection.close()
    return kept


class Work:
    """The pairs to submit, shared by the clients: new pairs in order, some handed out twice (contested)."""

    def __init__(self, subjects: list[Subject], contested_every: int, seed: int) -> None:
        periods = [f"{y}-{m:02d}" for y in range(FIRST_YEAR, LAST_YEAR + 1) for m in range(1, 13)]
        pairs = [(s, p) for p in periods for s in subjects]
        random.Random(seed).shuffle(pairs)
        self._pairs = iter(pairs)
        self._contested_every = contested_every
        self._pending: list[tuple[Subject, str]] = []
        self._handed = 0
        self._lock = threading.Lock()
        self.accepted: list[tuple[Subject, str, float]] = []

    def next_new(self) -> tuple[str, Subject, str] | None:
        with self._lock:
            if self._pending:
                return ("contested", *self._pending.pop())
            pair = next(self._pairs, None)
            if pair is None:
                return None
            self._handed += 1
            if self._contested_every and self._handed % self._contested_every == 0:
                self._pending.append(pair)  # the next client to ask gets the same pair
                return ("contested", *pair)
            return ("new", *pair)

    def remember(self, subject: Subject, period: str, value: float) -> None:
        with self._lock:
            self.accepted.append((subject, period, value))

    def an_accepted(self, rng: random.Random) -> tuple[Subject, str, float] | None:
        with self._lock:
            return rng.choice(self.accepted) if self.accepted else None


def reporter(number: int, port: int, token: str, work: Work, results: Results, stop_at: float,
             budget: itertools.count, max_requests: int, duplicates: float) -> None:
    """One reporter: new values, and now and then an accepted period again with another value."""
    rng = random.Random(number)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    name = f"load-reporter-{number:02d}"
    while time.monotonic() < stop_at and next(budget) < max_requests:
        repeat = work.an_accepted(rng) if rng.random() < duplicates else None
        if repeat is not None:
            subject, period, value = repeat
            kind, value = "duplicate", value + 1 + number
        else:
            handed = work.next_new()
            if handed is None:
                break
            kind, subject, period = handed
            value = round(subject.value + number + rng.random(), 6)  # contested reporters send different values
        try:
            status, added, seconds = submit(connection, token, subject, period, value)
        except (OSError, http.client.HTTPException) as exc:
            results.errors.append(f"{name}: {type(exc).__name__}: {exc}")
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        results.add(Outcome(kind, subject.target_id, period, value, status, seconds, added))
        if status == 201 and added == 1:
            work.remember(subject, period, value)
    connection.close()


# ---------------------------------------------------------------- checks and figures


def stored_values(url: URL) -> dict[tuple[str, str], list[float]]:
    """What the database holds for the load's periods: (key, period) → values (more than one would be a bug)."""
    from greentrack.ledger.schema import ObservationRow

    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(select(ObservationRow.scope_key, ObservationRow.period, ObservationRow.value_written)
                                  .where(ObservationRow.source == "压力测试 load test")).all()
    engine.dispose()
    found: dict[tuple[str, str], list[float]] = {}
    for key, period, value in rows:
        found.setdefault((key, period), []).append(value)
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else float("nan")


def summarise(results: Results, subjects: list[Subject], stored: dict[tuple[str, str], list[float]],
              elapsed: float, rss_mb: float, clients: int) -> dict[str, Any]:
    """The figures and the checks, as a dict (printed as a table, or written as JSON)."""
    keys = {s.target_id: s.key for s in subjects}
    acknowledged: dict[tuple[str, str], list[float]] = {}
    for o in results.outcomes:
        if o.status == 201 and o.added == 1:
            acknowledged.setdefault((keys[o.target_id], o.period), []).append(o.value)
    load_stored = {pair: values for pair, values in stored.items() if pair[1] != "2000-01"}
    statuses = Counter(o.status for o in results.outcomes)
    latencies = [o.seconds * 1000 for o in results.outcomes]
    duplicates = [o for o in results.outcomes if o.kind == "duplicate"]
    contested: dict[tuple[int, str], list[Outcome]] = {}
    for o in results.outcomes:
        if o.kind == "contested":
            contested.setdefault((o.target_id, o.period), []).append(o)
    return {
        "clients": clients, "seconds": round(elapsed, 2), "requests": len(results.outcomes),
        "throughput_rps": round(len(results.outcomes) / elapsed, 1) if elapsed else 0.0,
        "accepted_writes": sum(len(v) for v in acknowledged.values()),
        "accepted_per_second": round(sum(len(v) for v in acknowledged.values()) / elapsed, 1) if elapsed else 0.0,
        "latency_ms": {"p50": round(percentile(latencies, 0.50), 1), "p95": round(percentile(latencies, 0.95), 1),
                       "p99": round(percentile(latencies, 0.99), 1), "max": round(max(latencies, default=0), 1),
                       "mean": round(statistics.fmean(latencies), 1) if latencies else 0.0},
        "statuses": {str(code): count for code, count in sorted(statuses.items())},
        "server_errors": sum(count for code, count in statuses.items() if code >= 500),
        "client_errors": len(results.errors),
        "duplicates_sent": len(duplicates),
        "duplicates_refused": sum(1 for o in duplicates if o.status in (409, 422)),
        "contested_pairs": len(contested),
        "contested_with_one_winner": sum(1 for group in contested.values()
                                         if sum(1 for o in group if o.status == 201 and o.added == 1) == 1),
        "subjects": len(subjects),
        "server_peak_rss_mb": round(rss_mb, 1),
        # the checks: every acknowledged write stored exactly once with its value, nothing else stored
        "acknowledged_twice": sum(1 for values in acknowledged.values() if len(values) > 1),
        "lost_writes": sum(1 for pair, values in acknowledged.items() if load_stored.get(pair) != values),
        "duplicated_rows": sum(len(values) - 1 for values in load_stored.values() if len(values) > 1),
        "unacknowledged_rows": sum(1 for pair in load_stored if pair not in acknowledged),
        "db_rows": sum(len(v) for v in load_stored.values()),
    }


def failures(summary: dict[str, Any]) -> list[str]:
    """What went wrong, if anything."""
    found = []
    for name in ("server_errors", "client_errors", "acknowledged_twice", "lost_writes", "duplicated_rows",
                 "unacknowledged_rows"):
        if summary[name]:
            found.append(f"{name}: {summary[name]}")
    if summary["db_rows"] != summary["accepted_writes"]:
        found.append(f"the database holds {summary['db_rows']} rows for {summary['accepted_writes']} accepted writes")
    if summary["duplicates_refused"] != summary["duplicates_sent"]:
        found.append(f"{summary['duplicates_sent'] - summary['duplicates_refused']} deliberate duplicates not refused")
    if summary["contested_with_one_winner"] != summary["contested_pairs"]:
        found.append("a contested pair without exactly one winner")
    if not summary["accepted_writes"]:
        found.append("nothing was accepted")
    return found


def print_table(summary: dict[str, Any]) -> None:
    latency = summary["latency_ms"]
    rows = [
        ("reporters (concurrent clients)", summary["clients"]), ("duration s", summary["seconds"]),
        ("requests", summary["requests"]), ("throughput req/s", summary["throughput_rps"]),
        ("accepted writes", summary["accepted_writes"]), ("accepted writes/s", summary["accepted_per_second"]),
        ("latency p50 ms", latency["p50"]), ("latency p95 ms", latency["p95"]), ("latency p99 ms", latency["p99"]),
        ("latency max ms", latency["max"]), ("statuses", summary["statuses"]),
        ("5xx", summary["server_errors"]), ("client errors", summary["client_errors"]),
        ("duplicates sent / refused", f"{summary['duplicates_sent']} / {summary['duplicates_refused']}"),
        ("contested pairs / one winner", f"{summary['contested_pairs']} / {summary['contested_with_one_winner']}"),
        ("rows in the database", summary["db_rows"]), ("lost writes", summary["lost_writes"]),
        ("duplicated rows", summary["duplicated_rows"]), ("rows never acknowledged", summary["unacknowledged_rows"]),
        ("server peak RSS MB", summary["server_peak_rss_mb"]),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")


def run(args: argparse.Namespace) -> dict[str, Any]:
    admin, target = load_database(args.url)
    create_database(admin, target)
    server = None
    log = Path(args.log)
    try:
        tokens, candidates = prepare_ledger(target, args.clients)
        port = free_port()
        server = start_server(target, port, log)
        wait_ready(port, tokens[0], server)
        subjects = pilot(port, tokens[0], candidates[:args.subjects] if args.subjects else candidates)
        work = Work(subjects, args.contested_every, seed=8)
        results = Results()
        budget = itertools.count()
        started = time.monotonic()
        stop_at = started + args.seconds
        threads = [threading.Thread(target=reporter, args=(n, port, tokens[n], work, results, stop_at, budget,
                                                           args.max_requests, args.duplicates))
                   for n in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.seconds + 120)
        elapsed = time.monotonic() - started
        rss = peak_rss_mb(server.pid)
        stop_server(server)
        return summarise(results, subjects, stored_values(target), elapsed, rss, args.clients) | {
            "errors_sample": results.errors[:5]}
    finally:
        if server is not None:
            stop_server(server)
        drop_database(admin, target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50, help="concurrent reporters")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long they submit")
    parser.add_argument("--max-requests", type=int, default=100_000, help="stop after this many requests")
    parser.add_argument("--duplicates", type=float, default=0.1, help="share of requests repeating an accepted pair")
    parser.add_argument("--contested-every", type=int, default=25, help="every Nth new pair goes to two reporters")
    parser.add_argument("--subjects", type=int, default=0, help="use only the first N observation keys (0: all)")
    parser.add_argument("--url", default=DEFAULT_URL, help="a PostgreSQL URL; the test database is made beside it")
    parser.add_argument("--json", dest="json_out", help="also write the figures to this JSON file")
    parser.add_argument("--log", default="/tmp/greentrack-load-server.log", help="the server's log")
    args = parser.parse_args()
    summary = run(args)
    print_table(summary)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(summary, indent=1, ensure_ascii=False), encoding="utf-8")
    problems = failures(summary)
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
