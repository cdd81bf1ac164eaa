"""Status of every target of the national ledger: in bulk over the ledger against the per-target loop.

    python bench/bench_status.py [--db national.db] [--targets 300000] [--loop-sample 10000] [--workers 2]

The ledger is the synthetic national one (bench/synthetic.py; generated into --db when missing):
300,000 targets with 10 observations each. Rows, all on as_of 2025-06-30:

- bulk, cold: `scale.status.status_columns` — a slice of targets at a time, the targets' rows and the
  database's summary of each one's values (first, last and reference-year row, grouped in SQL; every
  row of a cumulative target) read straight from the driver, converted as `ledger/tracking.py`
  converts, assessed by `track.assess_table` — in one process, then shared by `--workers` processes
  (the machine's cores); wall time, and CPU time of every process (this one and the forked ones:
  on a busy machine the CPU figure is the steadier one, the wall one what a user waits);
- bulk, warm: every target's columns held in memory (`load_tracking` once), `assess_tracking` again:
  what a recomputation costs when only the date changes;
- per-target loop: what a straightforward ledger does for each target — read its observations
  (`repository.observations_for`, one query), translate (`tracking.track_input`), `track.assess` —
  timed on `--loop-sample` targets drawn at random and scaled to the whole ledger (the cost per
  target does not depend on how many there are);
- in-memory loop: `assess()` over the same loaded targets one at a time, against `assess_table`:
  the compute alone, without the database (these rows run in this one process).

The last row checks the bulk statuses against the loop's on the sample, target for target.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import resource
import time
from pathlib import Path

import numpy as np
from measure import BENCH, Figure, table

from greentrack.ledger import repository
from greentrack.ledger.tracking import track_input
from greentrack.scale.status import assess_tracking, load_tracking, status_columns
from greentrack.services.ledger import open_ledger
from greentrack.track import STATUSES, Observation, assess

AS_OF = dt.date(2025, 6, 30)


def _seconds(work: object) -> tuple[float, object]:
    gc.collect()
    began = time.perf_counter()
    result = work()  # type: ignore[operator]
    return time.perf_counter() - began, result


def _cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (forked workers once joined)."""
    mine, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


def _cold(ledger: object, workers: int) -> tuple[float, float, object]:
    """Wall and CPU seconds of `status_columns` with `workers` processes, and its columns."""
    cpu = _cpu_seconds()
    with ledger.session() as session:  # type: ignore[attr-defined]
        wall, columns = _seconds(lambda: status_columns(session, AS_OF, workers=workers))
    return wall, _cpu_seconds() - cpu, columns


def measure(db: Path, loop_sample: int = 10_000, quick: bool = False, workers: int = 2) -> list[Figure]:
    """The status figures of the ledger at `db`."""
    ledger = open_ledger(db=db)
    try:
        alone, alone_cpu, columns = _cold(ledger, 1)
        cold, cold_cpu, shared = _cold(ledger, workers)
        n = len(columns.ids)  # type: ignore[attr-defined]
        agreed = _agreed(columns, shared)
        with ledger.session() as session:
            load, tracking = _seconds(lambda: load_tracking(session))
        warm, batch = _seconds(lambda: assess_tracking(tracking, AS_OF))  # type: ignore[arg-type]
        targets = list(tracking.targets.targets)  # type: ignore[attr-defined]  # built before the clock starts
        lists = _observation_lists(tracking)
        memory_loop, looped = _seconds(lambda: [assess(t, o, AS_OF) for t, o in zip(targets, lists, strict=True)])
        ids = columns.ids.tolist()  # type: ignore[attr-defined]
        sample = sorted(random.Random(5).sample(ids, min(loop_sample, n)))
        with ledger.session() as session:
            per_target, (records, statuses) = _seconds(lambda: _loop(session, sample))  # type: ignore[misc]
    finally:
        ledger.close()
    loop = per_target * n / len(sample)
    bulk = dict(zip(ids, (STATUSES[c] for c in columns.status.tolist()), strict=True))  # type: ignore[attr-defined]
    agree = sum(bulk[r.id] == s for r, s in zip(records, statuses, strict=True))  # type: ignore[arg-type]
    same = sum(a == b for a, b in zip(batch, looped, strict=True))  # type: ignore[call-overload, arg-type]
    gate = None if quick else True
    label = f"{n:,} targets × {len(tracking.observations.value) / max(n, 1):.0f} obs"  # type: ignore[attr-defined]
    return [
        Figure(f"status bulk, cold: ledger → statuses ({label}), {workers} processes", cold, "s", "< 5 s",
               None if quick else cold < 5),
        Figure(f"status bulk, cold: CPU of the {workers} processes", cold_cpu, "s"),
        Figure("status bulk, cold: 1 process", alone, "s"),
        Figure("status bulk, cold: CPU of 1 process", alone_cpu, "s"),
        Figure(f"{workers} processes' columns equal to 1 process's", agreed * 100, "%", "100 %",
               agreed == 1 and gate),
        Figure(f"status bulk, warm: statuses for a new date ({label})", warm, "s", "< 5 s",
               None if quick else warm < 5),
        Figure("status columns read into memory (load_tracking)", load, "s"),
        Figure(f"status per-target loop over the ledger (sample of {len(sample):,}, scaled)", loop, "s"),
        Figure("× per-target loop: bulk cold", loop / cold, "×", "≥ 20×", None if quick else loop / cold >= 20),
        Figure("× per-target loop: bulk warm", loop / warm, "×", "≥ 20×", None if quick else loop / warm >= 20),
        Figure("× in-memory assess() loop: assess_table", memory_loop / warm, "×"),
        Figure("bulk statuses equal to the loop's (sample)", agree / len(sample) * 100, "%", "100 %",
               agree == len(sample) and gate),
        Figure("bulk records equal to assess() records (all)", same / max(n, 1) * 100, "%", "100 %",
               same == n and gate),
    ]


def _agreed(one: object, other: object) -> float:
    """The share of the StatusColumns fields on which two computations agree exactly (1.0: all)."""
    same = [np.array_equal(getattr(one, name), getattr(other, name), equal_nan=True)
            for name in ("ids", "status", "ratio", "due", "illustrative", "year")]
    same += [getattr(one, name) == getattr(other, name) for name in ("jurisdiction", "indicator_id", "indicator")]
    return sum(same) / len(same)


def _loop(session: object, ids: list[int]) -> tuple[list[object], list[str]]:
    """The straightforward way: the targets in one query, then per target its observations, translated, assessed."""
    records = repository.documents.targets_by_ids(session, ids)  # type: ignore[arg-type]
    statuses = []
    for record in records:
        tracked = track_input(record, repository.observations.observations_for(session, [record])[record.id])  # type: ignore[arg-type]
        statuses.append(assess(tracked.target, tracked.observations, AS_OF).status)
    return records, statuses


def _observation_lists(tracking: object) -> list[list[Observation]]:
    """Each loaded target's observations as `Observation` records (the loop's input)."""
    table = tracking.observations  # type: ignore[attr-defined]
    lists: list[list[Observation]] = [[] for _ in range(len(tracking.ids))]  # type: ignore[attr-defined]
    for owner, ordinal, value in zip(table.target.tolist(), table.ordinal.tolist(), table.value.tolist(),
                                     strict=True):
        lists[owner].append(Observation(dt.date.fromordinal(ordinal), value))
    return lists


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=BENCH / "data" / "national.db")
    parser.add_argument("--targets", type=int, default=300_000)
    parser.add_argument("--loop-sample", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2, help="processes sharing the cold bulk run (cores)")
    args = parser.parse_args()
    from bench_api_load import ensure_ledger

    args.db.parent.mkdir(parents=True, exist_ok=True)
    ensure_ledger(args.db, args.targets)
    print(table(measure(args.db, args.loop_sample, workers=args.workers)))


if __name__ == "__main__":
    main()
