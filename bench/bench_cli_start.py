"""`greentrack --help` start-up cost: CPU seconds (user + system) of the process, median of several runs; and
what two everyday commands cost on the demo ledger (a ledger at the newest migration opens without Alembic; the
readers of PDF/Word/HTML, the extraction pipeline and openpyxl load only in the commands that use them).

The goal (issue 20) is ≤ 0.3 s of CPU: the command modules import the pipeline, the ledger and the web only inside
the commands that use them. CPU rather than wall time, so that a loaded machine reads about the same.

    python bench/bench_cli_start.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

GOAL = 0.3  # CPU seconds of `greentrack --help`


def cpu_of(command: list[str], env: dict[str, str] | None = None) -> float:
    """CPU seconds (user + system) one run of `command` took, read from the children's resource usage."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env={**os.environ, "COLUMNS": "100", **(env or {})})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    script = Path(sys.executable).parent / "greentrack"
    folder = Path(tempfile.mkdtemp(prefix="cli-start-"))
    demo = folder / "demo.db"
    subprocess.run([str(script), "demo", "--db", str(demo), "--no-serve"], check=True, stdout=subprocess.DEVNULL)
    on_demo = {"GREENTRACK_DB": str(demo)}
    cases = {
        "python -c pass (the floor)": [sys.executable, "-c", "pass"],
        "greentrack --help": [str(script), "--help"],
        "greentrack status --help": [str(script), "status", "--help"],
        "import greentrack.cli": [sys.executable, "-c", "import greentrack.cli"],
        "greentrack report-settings 金乡县 (demo ledger)": [str(script), "report-settings", "金乡县"],
        "greentrack status (demo ledger)": [str(script), "status", "--as-of", "2025-06-30"],
    }
    print(f"| command | CPU s, median of {runs} | min | max |")
    print("|---|---|---|---|")
    medians = {}
    for label, command in cases.items():
        cpu_of(command, on_demo)  # warm the file cache
        times = [cpu_of(command, on_demo) for _ in range(runs)]
        medians[label] = statistics.median(times)
        print(f"| {label} | {medians[label]:.3f} | {min(times):.3f} | {max(times):.3f} |")
    shutil.rmtree(folder, ignore_errors=True)
    verdict = "within" if medians["greentrack --help"] <= GOAL else "OVER"
    print(f"\n`greentrack --help`: {medians['greentrack --help']:.3f} s CPU — {verdict} the goal of {GOAL} s")


if __name__ == "__main__":
    main()
