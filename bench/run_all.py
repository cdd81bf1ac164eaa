"""Every benchmark of greentrack, one table of figures.

    python bench/run_all.py            # the full run (about 20 minutes on 2 cores): docs/performance.md
    python bench/run_all.py --quick    # a smoke run (about two minutes): every benchmark, nothing judged

Full sizes: extraction on 400 synthetic plans and one 20 MB plan; ingest of 10,000 synthetic plans into
SQLite and PostgreSQL; status and API on a synthetic national ledger of 300,000 targets × 10 observations
(one place's report, warnings and evaluation, and the whole-ledger outputs, on it and on 3,000 and 30,000)
(bench/data/national.db, generated on first use and reused); 20 API clients on 127.0.0.1, first in a
closed loop (the server saturated), then as people who click about once a second (1 s average think
time); the same two runs for the whole-ledger pages and API (overview, comparison, warnings, supervision
lists: bench/bench_served.py). `--quick` shrinks every size and does not judge the targets (a ✓/✗ column
appears only where a figure is held to a target that holds at any size, such as memory).

Generated data lives in bench/data/ (ignored by git); every generated file says 合成数据 SYNTHETIC.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

from measure import BENCH, Figure, parallel_capacity, table


def machine() -> list[Figure]:
    """What the figures were measured on."""
    with open("/proc/meminfo") as handle:
        total = int(handle.readline().split()[1]) / 1024 / 1024
    return [Figure(f"machine: {os.cpu_count()} cores (nproc), {total:.1f} GiB memory, Python "
                   f"{platform.python_version()}, {platform.system()} {platform.machine()}", os.cpu_count() or 0,
                   "cores"),
            Figure("machine: load average (1 min) at the start", os.getloadavg()[0], ""),
            Figure("machine: cores' worth of work 2 processes got (control)", parallel_capacity(2), "×", "≈ 2×")]


def sections(quick: bool) -> list[tuple[str, Callable[[], list[Figure]]]]:
    """(name, measure) of every benchmark at the chosen size."""
    import bench_api_load
    import bench_export
    import bench_extract
    import bench_hostile
    import bench_ingest
    import bench_place
    import bench_served
    import bench_status
    import bench_track
    import bench_web

    national = BENCH / "data" / ("national-quick.db" if quick else "national.db")
    targets = 500 if quick else 300_000

    def ledger() -> list[Figure]:
        began = time.perf_counter()
        if quick:
            national.unlink(missing_ok=True)
        fresh = not national.exists()
        bench_api_load.ensure_ledger(national, targets)
        seconds = time.perf_counter() - began
        return [Figure(f"synthetic national ledger: {targets:,} targets × 10 obs "
                       f"({'generated' if fresh else 'reused'})", seconds, "s"),
                Figure("synthetic national ledger: SQLite file", national.stat().st_size / 1e6, "MB")]

    # the quick run leaves out the runs with think time: the same clients and servers as the closed loops, waiting
    people = [] if quick else [
        ("api, people", lambda: bench_api_load.measure(national, 20, 60, 1.0)[1:]),
        ("served, people", lambda: bench_served.measure(national, 20, 60, 1.0)),
    ]
    return [
        ("machine", machine),
        ("extraction", lambda: bench_extract.measure(10 if quick else 400, 1.0 if quick else 20.0, quick)),
        ("ingest", lambda: bench_ingest.measure(10 if quick else 10_000, quick=quick)),
        ("ledger", ledger),
        ("status", lambda: bench_status.measure(national, 100 if quick else 10_000, quick)),
        ("track", lambda: bench_track.measure(500 if quick else 300_000, quick=quick)),
        ("api, closed loop", lambda: bench_api_load.measure(national, 20, 2 if quick else 30, 0.0, quick=quick)),
        ("served, closed loop", lambda: bench_served.measure(national, 20, 2 if quick else 60, 0.0, quick=quick)),
        *people,
        ("web, demo ledger", lambda: bench_web.measure(1 if quick else 10)),
        ("one place", lambda: bench_place.measure(500 if quick else 300_000, province=not quick, quick=quick)),
        ("whole-ledger outputs", lambda: bench_export.measure((200,) if quick else (3_000, 30_000, 300_000),
                                                              quick=quick)),
        ("hostile uploads", lambda: bench_hostile.measure(quick)),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes, nothing judged: a smoke run")
    parser.add_argument("--only", action="append", help="run only the sections named (repeatable)")
    args = parser.parse_args(argv)
    (BENCH / "data").mkdir(exist_ok=True)
    figures: list[Figure] = []
    began = time.perf_counter()
    for name, measure in sections(args.quick):
        if args.only and name not in args.only and name != "machine":
            continue
        started = time.perf_counter()
        print(f"… {name}", file=sys.stderr, flush=True)
        figures += measure()
        print(f"  {name}: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    print(f"\n{'quick run' if args.quick else 'full run'}, {time.perf_counter() - began:.0f} s in all\n")
    print(table(figures))
    return 1 if any(f.ok is False for f in figures) else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
