"""Extraction throughput on one core over the bundled seeds, against a plain regex number scan.

    python bench/bench_extract.py [--rounds N]

Both are timed in the same run on the same normalised texts, so the ratio holds on a noisy
machine even where the absolute figures move.

`measure()` (what bench/run_all.py calls) adds the synthetic corpus: outline + targets + tasks on
one core and on a process pool of both cores (each worker takes a contiguous share of the plans),
the regex scan over the same texts, and the peak RSS of `greentrack extract` on one 20 MB plan.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import statistics
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

from measure import BENCH, Figure, parallel_capacity, python, run_measured

from greentrack.extract import extract_targets, extract_tasks
from greentrack.models import ReadDocument
from greentrack.outline import build_outline
from greentrack.read import read_document
from greentrack.services.documents import sample_paths

NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _median_seconds(work: Callable[[], object], rounds: int) -> float:
    timings = []
    for _ in range(rounds):
        began = time.perf_counter()
        work()
        timings.append(time.perf_counter() - began)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    docs = [read_document(p) for p in sample_paths()]
    outlines = [build_outline(d) for d in docs]
    chars = sum(len(d.text) for d in docs)

    def extract_all() -> None:
        for doc, outline in zip(docs, outlines, strict=True):
            extract_targets(doc, outline)

    def outline_and_extract() -> None:
        for doc in docs:
            extract_targets(doc, build_outline(doc))

    def scan_numbers() -> None:
        for doc in docs:
            for _ in NUMBER.finditer(doc.text):
                pass

    extract_s = _median_seconds(extract_all, args.rounds)
    pipeline_s = _median_seconds(outline_and_extract, args.rounds)
    scan_s = _median_seconds(scan_numbers, args.rounds)
    print(f"seeds: {len(docs)} documents, {chars:,} characters; median of {args.rounds} rounds, one core")
    print(f"{'work':<28}{'seconds':>10}{'chars/s':>14}{'x regex scan':>14}")
    for name, seconds in (("extract_targets", extract_s), ("outline + extract", pipeline_s),
                          ("re.finditer numbers", scan_s)):
        print(f"{name:<28}{seconds:>10.4f}{chars / seconds:>14,.0f}{seconds / scan_s:>14.1f}")


def _extract_all(documents: list[ReadDocument]) -> int:
    """Outline, targets and tasks of every document (the extract stage); the number of records."""
    found = 0
    for document in documents:
        outline = build_outline(document)
        found += len(extract_targets(document, outline)) + len(extract_tasks(document, outline))
    return found


def _on_pool(documents: list[ReadDocument], workers: int) -> int:
    share = -(-len(documents) // workers)
    with ProcessPoolExecutor(workers) as pool:
        return sum(pool.map(_extract_all, [documents[i:i + share] for i in range(0, len(documents), share)]))


def measure(plans: int = 400, big_mb: float = 20.0, quick: bool = False) -> list[Figure]:
    """Extraction figures on `plans` synthetic plans (one core, both cores, regex) and one `big_mb` MB plan."""
    from synthetic import big_plan, write_corpus

    folder = BENCH / "data" / f"extract-{plans}"
    paths = list(write_corpus(folder, plans, seed=3))
    # what the extract stage reads: the name and the normalised text (the offset map back to the source
    # text stays home, so the pool does not pickle it: extraction never looks at it)
    documents = [dataclasses.replace(read_document(p), source_text="", offsets=()) for p in paths]
    chars = sum(len(d.text) for d in documents)
    workers = min(2, os.cpu_count() or 1)
    one = _median_seconds(lambda: _extract_all(documents), 1 if quick else 3)
    both = _median_seconds(lambda: _on_pool(documents, workers), 1 if quick else 3)
    scan = _median_seconds(lambda: [sum(1 for _ in NUMBER.finditer(d.text)) for d in documents], 3)
    big = big_plan(BENCH / "data" / f"big-{big_mb:g}mb.txt", big_mb)
    done = run_measured(python("-m", "greentrack.cli", "extract", str(big), "--out", str(big.with_suffix(".jsonl"))),
                        {"GREENTRACK_MAX_FILE_MB": str(big_mb * 1.5),  # the upload limits, raised for this plan
                         "GREENTRACK_MAX_CHARACTERS": str(int(big_mb * 1.5e6))})
    if done.returncode != 0:
        raise SystemExit(f"extract of {big} failed: {done.stderr[-1000:]}")
    capacity = parallel_capacity(workers)
    label = f"{plans:,} synthetic plans, {chars / 1e6:.1f} M chars"
    return [
        Figure(f"extraction, one core ({label})", chars / one, "chars/s", "≥ 500,000", None if quick else
               chars / one >= 500_000),
        Figure(f"extraction, process pool of {workers} ({label})", chars / both, "chars/s"),
        Figure(f"extraction: pool / one core ({workers} cores)", one / both, "×", f"≈ {workers}×",
               None if quick else one / both >= 0.8 * workers),
        Figure(f"control: cores' worth of pure-Python work {workers} processes got", capacity, "×", f"≈ {workers}×"),
        Figure("extraction time / plain re.finditer number scan", one / scan, "×"),
        Figure(f"extract one {big.stat().st_size / 1e6:.0f} MB plan: time", done.seconds, "s"),
        Figure(f"extract one {big.stat().st_size / 1e6:.0f} MB plan: peak RSS", done.peak_process_mib, "MiB",
               "< 1024 MiB", done.peak_process_mib < 1024),
    ]


if __name__ == "__main__":
    main()
