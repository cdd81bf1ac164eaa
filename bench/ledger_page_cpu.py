"""CPU of the 台账 page (/ledger, first and second request) and of GET /api/v1/departments, in-process.

    python bench/ledger_page_cpu.py bench/data/national.db [--skip-departments]

Opening a ledger may migrate it: run it on a copy. Prints CPU seconds per request and the process's peak RSS: figures
robust to a shared machine's load (issue 21, docs/performance.md).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

from fastapi.testclient import TestClient

from greentrack.web.app import create_app

sys.path.insert(0, str(Path(__file__).parent))
from bench_api_load import bench_token


def timed(client: TestClient, path: str) -> tuple[float, int, int]:
    """CPU seconds of one request, its status code and the size of its answer."""
    start = time.process_time()
    answer = client.get(path)
    return time.process_time() - start, answer.status_code, len(answer.content)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("--skip-departments", action="store_true")
    parser.add_argument("--once", action="store_true", help="each path once (the page before issue 21 takes minutes)")
    args = parser.parse_args()
    url = str(args.db.resolve())
    headers = {"Authorization": f"Bearer {bench_token(args.db)}"}
    with TestClient(create_app(url), headers=headers) as client:
        paths = ["/ledger"] if args.once else ["/ledger", "/ledger", "/ledger?page=3&sort=status"]
        departments = "/api/v1/departments?limit=100"
        paths += [] if args.skip_departments else [departments] if args.once else [departments, departments]
        for path in paths:
            cpu, status, size = timed(client, path)
            print(f"{path}: {cpu:.2f} s CPU, HTTP {status}, {size / 1024:.0f} KiB", flush=True)
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
