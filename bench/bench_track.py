"""Tracking throughput: the per-target loop against the set-based numpy path, on generated targets.

    python bench/bench_track.py [--targets 300000] [--observations 10] [--rounds 3]

Every target has the same number of observations (a year-end figure or a mid-year report,
in shuffled order). The loop is `[assess(t, obs[t.id], as_of) for t in targets]`, timed once
(it is the slow side); the bulk timings are the median of `--rounds` runs. Ratios are against
the loop, measured in the same process on the same data.

Rows: `assess_many` takes the same objects as the loop and includes reading them into columns
(the two "of which" rows: that reading is CPython attribute access, one object at a time).
`assess_table` is the computation proper, on a `TargetTable` read once and an
`ObservationTable` a ledger can fill from query columns. "records" builds all 300,000
`Assessment` objects from a batch (only callers that want every record pay for it).
The last line checks that every bulk record equals the loop's, field by field.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from collections.abc import Callable
from datetime import date

from measure import Figure

from greentrack.track import assess, assess_many
from greentrack.track.bulk import assess_table
from greentrack.track.synthetic import generate
from greentrack.track.tables import ObservationTable, TargetTable

AS_OF = date(2024, 6, 30)


def _seconds(work: Callable[[], object], rounds: int) -> tuple[float, object]:
    timings, result = [], None
    for _ in range(rounds):
        gc.collect()
        began = time.perf_counter()
        result = work()
        timings.append(time.perf_counter() - began)
    return statistics.median(timings), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--targets", type=int, default=300_000)
    parser.add_argument("--observations", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    began = time.perf_counter()
    targets, observations = generate(args.targets, seed=7, observations=args.observations)
    print(f"generated {len(targets):,} targets × {args.observations} observations "
          f"in {time.perf_counter() - began:.1f} s; as_of {AS_OF}")

    loop_s, looped = _seconds(lambda: [assess(t, observations[t.id], AS_OF) for t in targets], 1)
    many_s, batch = _seconds(lambda: assess_many(targets, observations, AS_OF), args.rounds)
    read_targets_s, table = _seconds(lambda: TargetTable.of(targets), args.rounds)
    read_obs_s, columns = _seconds(lambda: ObservationTable.of(targets, observations), args.rounds)
    table_s, _ = _seconds(lambda: assess_table(table, columns, AS_OF), args.rounds)  # type: ignore[arg-type]
    records_s, records = _seconds(lambda: list(batch), 1)  # type: ignore[call-overload]
    same = sum(a == b for a, b in zip(looped, records, strict=True))  # type: ignore[call-overload]

    rows = [("per-target loop: assess() × n", loop_s),
            ("assess_many (objects in)", many_s),
            ("  of which TargetTable.of", read_targets_s),
            ("  of which ObservationTable.of", read_obs_s),
            ("assess_table (columns in)", table_s),
            ("records: list(batch)", records_s)]
    print(f"{'work':<34}{'seconds':>9}{'targets/s':>13}{'× loop':>9}")
    for name, seconds in rows:
        print(f"{name:<34}{seconds:>9.3f}{len(targets) / seconds:>13,.0f}{loop_s / seconds:>9.1f}")
    print(f"bulk records identical to the loop's: {same:,} of {len(targets):,}")


def measure(count: int = 300_000, observations: int = 10, quick: bool = False) -> list[Figure]:
    """The loop against `assess_table` on generated targets (bench/run_all.py's rows)."""
    targets, by_id = generate(count, seed=7, observations=observations)
    loop_s, looped = _seconds(lambda: [assess(t, by_id[t.id], AS_OF) for t in targets], 1)
    table, columns = TargetTable.of(targets), ObservationTable.of(targets, by_id)
    table_s, batch = _seconds(lambda: assess_table(table, columns, AS_OF), 1 if quick else 3)
    same = sum(a == b for a, b in zip(looped, batch, strict=True))  # type: ignore[call-overload, arg-type]
    label = f"{count:,} generated targets × {observations}"
    return [Figure(f"track: assess() loop ({label})", loop_s, "s"),
            Figure(f"track: assess_table, columns in ({label})", table_s, "s"),
            Figure("track: assess_table × loop", loop_s / table_s, "×"),
            Figure("track: bulk records equal to the loop's", same / count * 100, "%", "100 %", same == count)]


if __name__ == "__main__":
    main()
