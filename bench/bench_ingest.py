"""Ingest of a synthetic corpus into SQLite and into PostgreSQL: time, database size, peak memory.

    python bench/bench_ingest.py [--count 10000] [--seed 7] [--engine pool] [--no-postgresql]

The corpus is `bench/synthetic.py corpus` (written once into bench/data/corpus-SEED-COUNT/ and reused).
Each run is the real command, `greentrack ingest FOLDER --engine pool` (both cores), in a subprocess
on a fresh database: a new SQLite file, or a new schema on the local PostgreSQL server (the tests'
database, or GREENTRACK_TEST_DATABASE_URL), dropped afterwards. Its peak memory is the sum of the
RSS of the ingest process and its workers, sampled every 50 ms. A second run over the same files
must find every one unchanged (idempotence by content hash) and is timed too.

Wall time depends on what else the machine runs; the CPU figures less so. The run's CPU (user + system
of the ingest process and its workers, from the children's rusage) per plan, and, measured in this
process on a sample of the corpus (`--sample` plans, spread over it, after 20 to warm the memo): a
worker's CPU per plan (read → outline → extract → resolve, and of it the read alone) and the writer's
(the parsed plans written in batches of 64 into a fresh SQLite file; `time.process_time`). On 2 cores
the wall time is about (worker + writer + pickling) × plans / 2 when the machine is quiet.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
import uuid
from pathlib import Path

from measure import BENCH, Figure, python, run_measured, table

PG_URL = os.environ.get("GREENTRACK_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def corpus(count: int, seed: int = 7) -> tuple[Path, int, int]:
    """The synthetic corpus folder (written when missing), its size in bytes and in characters."""
    from synthetic import write_corpus

    folder = BENCH / "data" / f"corpus-{seed}-{count}"
    if len(list(folder.glob("*.txt"))) != count:
        print(f"writing {count:,} synthetic plans into {folder} …", flush=True)
        for _ in write_corpus(folder, count, seed):
            pass
    files = sorted(folder.glob("*.txt"))
    texts = [path.read_text(encoding="utf-8") for path in files]
    return folder, sum(path.stat().st_size for path in files), sum(map(len, texts))


def _ingest(folder: Path, env: dict[str, str], engine: str) -> tuple[float, float, float, str, float]:
    """(seconds, peak tree MiB, peak process MiB, output, CPU seconds of the tree) of one `greentrack ingest` run."""
    before = _children_cpu()
    done = run_measured(python("-m", "greentrack.cli", "ingest", str(folder), "--engine", engine), env)
    if done.returncode != 0:
        raise SystemExit(f"ingest failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.seconds, done.peak_tree_mib, done.peak_process_mib, done.stdout, _children_cpu() - before


def _children_cpu() -> float:
    """User + system seconds of the finished children (the ingest process, and its workers it waited for)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cpu_per_plan(folder: Path, sample: int = 200) -> list[Figure]:
    """A worker's and the writer's CPU milliseconds per plan, measured in this process on a sample."""
    from greentrack.ledger.db import open_ledger
    from greentrack.ledger.ingest import write_batch
    from greentrack.pipeline.jobs import Source, prepare_source
    from greentrack.pipeline.records import PlanToStore
    from greentrack.pipeline.steps import content_hash
    from greentrack.read import read_document
    from greentrack.scale.ingest import BATCH

    files = sorted(folder.glob("*.txt"))
    if len(files) <= 40:
        return []
    chosen = files[20::max(1, (len(files) - 20) // sample)][:sample]
    for path in files[:20]:  # the memo resolver and the catalogs loaded, as in a worker that has run a while
        prepare_source(Source(path, content_hash(path)))
    sources = [Source(path, content_hash(path)) for path in chosen]
    began = time.process_time()
    plans = [prepare_source(source) for source in sources]
    worker = (time.process_time() - began) / len(sources)
    began = time.process_time()
    for path in chosen:
        read_document(path)
    read = (time.process_time() - began) / len(chosen)
    with tempfile.TemporaryDirectory(prefix="greentrack-bench-") as scratch:
        ledger = open_ledger(db=Path(scratch) / "writer.db")
        stored = [plan for plan in plans if isinstance(plan, PlanToStore)]
        write_batch(ledger, stored[:BATCH])  # warm-up: the mappers and the statement cache
        rest = stored[BATCH:]
        began = time.process_time()
        for start in range(0, len(rest), BATCH):
            write_batch(ledger, rest[start:start + BATCH])
        writer = (time.process_time() - began) / max(1, len(rest))
        ledger.close()
    return [
        Figure(f"ingest: worker CPU per plan (read → resolve, {len(sources)} plans, one process)", worker * 1e3, "ms"),
        Figure("ingest: of which read (read/, the reader)", read * 1e3, "ms"),
        Figure(f"ingest: writer CPU per plan (SQLite, batches of {BATCH})", writer * 1e3, "ms"),
    ]


def _counts(output: str) -> tuple[int, int]:
    """Plans stored (added, or a new version of a plan already there) and plans unchanged, from the output."""
    lines = output.splitlines()
    return (sum(line.startswith(("已入库", "新版本")) for line in lines),
            sum(line.startswith("未变化") for line in lines))


def sqlite_figures(folder: Path, count: int, engine: str, quick: bool) -> list[Figure]:
    """Ingest into a fresh SQLite file, twice."""
    db = BENCH / "data" / f"ingest-{count}.db"
    db.unlink(missing_ok=True)
    env = {"GREENTRACK_DB": str(db), "GREENTRACK_DATABASE_URL": ""}
    seconds, tree, largest, output, cpu = _ingest(folder, env, engine)
    added, _ = _counts(output)
    again, _, _, second, _ = _ingest(folder, env, engine)
    _, unchanged = _counts(second)
    size = db.stat().st_size / 1e6
    db.unlink()
    gate = None if quick else True
    return [
        Figure(f"ingest {count:,} plans → SQLite ({engine}, 2 cores)", seconds, "s", "< 300 s",
               None if quick else seconds < 300),
        Figure("ingest → SQLite: plans per second", count / seconds, "plans/s"),
        Figure("ingest → SQLite: CPU of ingest + workers per plan", cpu / count * 1e3, "ms"),
        Figure("ingest → SQLite: plans stored / unchanged on the second run", added, f"/ {unchanged:,} unchanged",
               f"{count:,} / {count:,}", added == count == unchanged and gate),
        Figure("ingest → SQLite: second run (all unchanged, by content hash)", again, "s"),
        Figure("ingest → SQLite: database size", size, "MB"),
        Figure("ingest → SQLite: peak RSS, ingest + workers (sum)", tree, "MiB", "< 2048 MiB", tree < 2048),
        Figure("ingest → SQLite: peak RSS, largest process", largest, "MiB"),
    ]


def postgresql_figures(folder: Path, count: int, engine: str) -> list[Figure]:
    """Ingest into a fresh schema on the local PostgreSQL server (skipped with a row saying why)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(PG_URL)
    schema = f"gt_bench_{uuid.uuid4().hex[:10]}"
    try:
        with admin.begin() as connection:
            connection.execute(text(f'create schema "{schema}"'))
    except Exception as exc:  # any reason: the row says which
        admin.dispose()
        return [Figure(f"ingest → PostgreSQL skipped: {str(exc).splitlines()[0][:80]}", 0, "")]
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        seconds, tree, _, output, _ = _ingest(folder, {"GREENTRACK_DATABASE_URL": url.render_as_string(False)},
                                              engine)
        with admin.connect() as connection:
            size = connection.execute(text(
                "select sum(pg_total_relation_size(format('%I.%I', schemaname, tablename)::regclass)) "
                "from pg_tables where schemaname = :schema"), {"schema": schema}).scalar() or 0
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'drop schema "{schema}" cascade'))
        admin.dispose()
    added, _ = _counts(output)
    return [
        Figure(f"ingest {count:,} plans → PostgreSQL ({engine}, 2 cores)", seconds, "s"),
        Figure("ingest → PostgreSQL: plans stored", added, "", f"{count:,}", added == count),
        Figure("ingest → PostgreSQL: database size (tables + indexes)", float(size) / 1e6, "MB"),
        Figure("ingest → PostgreSQL: peak RSS, ingest + workers (sum)", tree, "MiB", "< 2048 MiB", tree < 2048),
    ]


def measure(count: int = 10_000, seed: int = 7, engine: str = "pool", postgresql: bool = True,
            quick: bool = False, sample: int = 200) -> list[Figure]:
    """Every ingest figure for a corpus of `count` plans."""
    folder, size, chars = corpus(count, seed)
    figures = [Figure(f"synthetic corpus: {count:,} plans, {size / 1e6:.0f} MB", chars / 1e6, "M characters")]
    figures += sqlite_figures(folder, count, engine, quick)
    figures += cpu_per_plan(folder, sample)
    if postgresql:
        figures += postgresql_figures(folder, count, engine)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--engine", default="pool", choices=("local", "pool", "ray"))
    parser.add_argument("--no-postgresql", action="store_true")
    parser.add_argument("--sample", type=int, default=200, help="plans for the in-process CPU figures")
    args = parser.parse_args()
    print(table(measure(args.count, args.seed, args.engine, not args.no_postgresql, sample=args.sample)))


if __name__ == "__main__":
    main()
