"""The pool engine: the items on local worker processes, in order, a worker that dies costing only its item."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial

from greentrack.scale.engines import Item, Lost, Result, top_up


def on_pool(job: Callable[[Item], Result], items: Iterable[Item], workers: int,
             window: int) -> Iterator[Result | Lost[Item]]:
    """`job(item)` for every item on `workers` processes, in order, at most `window` in flight (`run.run_all`)."""
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


def _alone(job: Callable[[Item], Result], item: Item) -> Result | Lost[Item]:
    """Run one item in a fresh single-worker pool; Lost if that worker dies too."""
    with ProcessPoolExecutor(max_workers=1) as single:
        try:
            return single.submit(job, item).result()
        except BrokenProcessPool as exc:
            return Lost(item, f"the worker process died while processing it ({exc})")
