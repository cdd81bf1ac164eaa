"""Where the per-document work runs: in this process, on a local process pool, or on a Ray cluster.

`run_all(job, items, engine)` applies one picklable function to every item and yields the results in
the items' order, with at most `window` items in flight: a corpus of any size streams through bounded
memory, and the caller can write each result as soon as it is its turn. The job itself must not raise
for a bad document (see `pipeline/jobs.py`: it returns a failure naming the file); what the engines add
is what happens when the process running it dies — the item is retried once on its own, and if it kills
that worker too it is reported as failed while the others go on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from greentrack.scale.engines import Engine, Item, Lost, Result


def run_all(job: Callable[[Item], Result], items: Iterable[Item], engine: Engine,
            window: int | None = None) -> Iterator[Result | Lost[Item]]:
    """`job(item)` for every item, in order, on the engine; at most `window` items are in flight."""
    if engine.name == "local":
        return (job(item) for item in items)
    limit = window or 4 * engine.processes
    if engine.name == "pool":
        from greentrack.scale.pool import on_pool

        return on_pool(job, items, engine.processes, limit)
    from greentrack.scale.ray_engine import on_ray

    return on_ray(job, items, engine, limit)
