"""What every engine shares: how to run (`Engine`: local, pool or ray), what comes back for an item whose
worker died (`Lost`), and the window of items in flight (`top_up`). `run.run_all` picks the engine;
`pool` and `ray_engine` implement the two that run elsewhere.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any, Generic, TypeVar

from greentrack.errors import UsageError

ENGINES = ("local", "pool", "ray")
Item = TypeVar("Item")
Result = TypeVar("Result")


@dataclass(frozen=True)
class Engine:
    """How to run: `local`, `pool` (`workers` processes, default one per core) or `ray` (`address`, or local)."""

    name: str = "local"
    workers: int | None = None
    address: str | None = None

    def __post_init__(self) -> None:
        if self.name not in ENGINES:
            raise UsageError(f"unknown engine {self.name!r} — use one of {', '.join(ENGINES)}")
        if self.workers is not None and self.workers < 1:
            raise UsageError(f"--workers must be at least 1 (got {self.workers})")
        if self.workers is not None and self.name == "local":
            raise UsageError("--workers needs --engine pool or --engine ray")
        if self.address and self.name != "ray":
            raise UsageError("--ray-address needs --engine ray")

    @property
    def processes(self) -> int:
        """Worker processes for the pool (and the CPUs a local Ray instance may use)."""
        return self.workers or os.cpu_count() or 1


@dataclass(frozen=True)
class Lost(Generic[Item]):
    """An item whose worker process died twice while running it (out of memory, a crash in C code)."""

    item: Item
    reason: str


def top_up(pending: deque[tuple[Item, Any]], source: Iterator[Item], window: int,
           submit: Callable[[Item], Any]) -> None:
    """Submit items from `source` until `window` of them are in flight (each beside what `submit` gave)."""
    for item in islice(source, max(window - len(pending), 0)):
        pending.append((item, submit(item)))
