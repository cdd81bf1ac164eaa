"""Where the per-document work runs: in this process, on a local process pool, or on a Ray cluster.

`run_all(job, items, engine)` applies one picklable function to every item and yields the results in
the items' order, with at most `window` items in flight: a corpus of any size streams through bounded
memory, and the caller can write each result as soon as it is its turn. The job itself must not raise
for a bad document (see `pipeline/jobs.py`: it returns a failure naming the file); what the engines add is what
happens when the process running it dies — the item is retried once on its own, and if it kills that
worker too it is reported as failed while the others go on.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial
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


def run_all(job: Callable[[Item], Result], items: Iterable[Item], engine: Engine,
            window: int | None = None) -> Iterator[Result | Lost[Item]]:
    """`job(item)` for every item, in order, on the engine; at most `window` items are in flight."""
    if engine.name == "local":
        return (job(item) for item in items)
    limit = window or 4 * engine.processes
    if engine.name == "pool":
        return _on_pool(job, items, engine.processes, limit)
    from greentrack.scale.ray_engine import on_ray

    return on_ray(job, items, engine, limit)


def _on_pool(job: Callable[[Item], Result], items: Iterable[Item], workers: int,
             window: int) -> Iterator[Result | Lost[Item]]:
    pool = ProcessPoolExecutor(max_workers=workers)
    pending: deque[tuple[Item, Future[Result]]] = deque()
    source = iter(items)
    try:
        while True:
            top_up(pending, source, window, partial(pool.submit, job))
            if not pending:
                return
            item, future = pending.popleft()
            try:
                yield future.result()
            except BrokenProcessPool:
                # A worker died: every future in flight is lost with it. Run each again, alone, so
                # the one that kills its worker is found and the innocent ones still come through.
                pool.shutdown(cancel_futures=True)
                yield from (_alone(job, lost) for lost in [item, *(i for i, _ in pending)])
                pending.clear()
                pool = ProcessPoolExecutor(max_workers=workers)
    finally:
        pool.shutdown(cancel_futures=True)


def top_up(pending: deque[tuple[Item, Any]], source: Iterator[Item], window: int,
           submit: Callable[[Item], Any]) -> None:
    """Submit items from `source` until `window` of them are in flight (each beside what `submit` gave)."""
    for item in islice(source, max(window - len(pending), 0)):
        pending.append((item, submit(item)))


def _alone(job: Callable[[Item], Result], item: Item) -> Result | Lost[Item]:
    """Run one item in a fresh single-worker pool; Lost if that worker dies too."""
    with ProcessPoolExecutor(max_workers=1) as single:
        try:
            return single.submit(job, item).result()
        except BrokenProcessPool as exc:
            return Lost(item, f"the worker process died while processing it ({exc})")
