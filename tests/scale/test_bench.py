"""The benchmarks cannot rot: `bench/run_all.py --quick` runs every one of them end to end and prints its rows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"
ROWS = ["machine: ", "extraction, one core", "extraction, process pool", "extract one 1 MB plan: peak RSS",
        "plans → SQLite", "plans stored / unchanged on the second run", "plans → PostgreSQL",
        "status bulk, cold", "status bulk, warm", "× per-target loop", "bulk statuses equal to the loop's",
        "track: assess_table × loop", "API latency p95 (20 clients, closed loop",
        "API server peak RSS", "demo ledger: median of the", "county report (docx): CPU", "county warnings: peak RSS",
        "export xlsx / plain dump", "targets: seconds to the first row",
        "served: all requests p95 (20 clients, closed loop)",
        "served: server peak RSS over warm-up and load"]


def test_the_quick_run_measures_everything() -> None:
    done = subprocess.run([sys.executable, str(BENCH / "run_all.py"), "--quick"], capture_output=True, text=True,
                          timeout=420, cwd=BENCH.parent)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    lines = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    for row in ROWS:
        assert any(row in line for line in lines), f"no row {row!r} in:\n" + "\n".join(lines)
    assert not any("✗" in line for line in lines), "\n".join(lines)
