"""What the benchmarks share: a figure with its target, a table of figures, and running a command while
measuring its time and memory (peak RSS of the process and of its whole tree: pool workers included)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
MIB = 1024 * 1024


@dataclass(frozen=True)
class Figure:
    """One measured figure: what, how much, in what unit, the target it is held to, and whether it meets it."""

    name: str
    value: float
    unit: str
    target: str = ""
    ok: bool | None = None

    def cells(self) -> tuple[str, str, str, str]:
        """The figure as table cells: name, value with unit, target, verdict."""
        number = f"{self.value:,.0f}" if abs(self.value) >= 100 else f"{self.value:,.3g}"
        verdict = "" if self.ok is None else ("✓ meets" if self.ok else "✗ misses")
        return self.name, f"{number} {self.unit}".strip(), self.target, verdict


def table(figures: Sequence[Figure]) -> str:
    """The figures as a Markdown table."""
    rows = [("figure", "value", "target", ""), ("---", "---:", "---", "---")] + [f.cells() for f in figures]
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


@dataclass(frozen=True)
class Measured:
    """A finished command: seconds, exit code, output, and peak RSS of its largest process and of its tree."""

    seconds: float
    returncode: int
    stdout: str
    stderr: str
    peak_process_mib: float
    peak_tree_mib: float


def _tree_rss(pid: int) -> tuple[int, int]:
    """Resident bytes of a process and every descendant (in all, and the largest one), from /proc (Linux)."""
    total, largest, todo = 0, 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm") as handle:
                resident = int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            for task in os.listdir(f"/proc/{current}/task"):  # a child started by any thread, not only the main
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    todo.extend(int(child) for child in handle.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        total, largest = total + resident, max(largest, resident)
    return total, largest


def peak_rss_mib(pid: int) -> float:
    """The peak resident set size (VmHWM) of a running process, in MiB."""
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def run_measured(argv: Sequence[str], env: dict[str, str] | None = None, timeout: float = 3600) -> Measured:
    """Run a command to its end, sampling the RSS of its process tree every 50 ms."""
    began = time.perf_counter()
    process = subprocess.Popen(list(argv), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, **(env or {})})
    peaks = [0, 0]

    def sample() -> None:
        while process.poll() is None:
            total, largest = _tree_rss(process.pid)
            peaks[0], peaks[1] = max(peaks[0], total), max(peaks[1], largest)
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate(timeout=timeout)
    seconds = time.perf_counter() - began
    sampler.join()
    return Measured(seconds, process.returncode, stdout, stderr, peaks[1] / MIB, peaks[0] / MIB)


def python(*args: str) -> list[str]:
    """argv running this interpreter."""
    return [sys.executable, *args]


def _spin(rounds: int) -> int:
    total = 0
    for number in range(rounds):
        total += number * number % 7
    return total


def parallel_capacity(workers: int = 2, rounds: int = 3_000_000) -> float:
    """How many cores' worth of pure-Python work `workers` processes get done at once right now (≈ workers on an
    idle machine; less when something else is running): the control for a pool's speed-up."""
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_spin, [1000] * workers))  # started
        began = time.perf_counter()
        pool.submit(_spin, rounds).result()
        alone = time.perf_counter() - began
        began = time.perf_counter()
        list(pool.map(_spin, [rounds] * workers))
        together = time.perf_counter() - began
    return workers * alone / together
