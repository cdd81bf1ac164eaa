"""Extraction throughput on one core over the bundled seeds, against a plain regex number scan.

    python bench/bench_extract.py [--rounds N]

Both are timed in the same run on the same normalised texts, so the ratio holds on a noisy
machine even where the absolute figures move.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from collections.abc import Callable

from greentrack.extract import extract_targets
from greentrack.outline import build_outline
from greentrack.read import read_document
from greentrack.services import sample_paths

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


if __name__ == "__main__":
    main()
