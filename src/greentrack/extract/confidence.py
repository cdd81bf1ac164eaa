"""How sure the extractor is of a record: a base rate times a penalty per doubt it noted.

Each stage that guesses says so with a short doubt code on the draft or table row (a rebuilt
table cell, a year taken from far away, an indicator cut at a line break …); the record's
confidence is BASE (the share of records without any doubt that are right) times the weights of
its doubts. A doubt's weight is the share correct of the records carrying it, relative to BASE:
a record with that one doubt gets exactly its doubt's share correct, so a confidence of 0.6 means
about six in ten such records are right. Review sorts by it, lowest first.

Calibration is one command over the labelled corpus (docs/extraction.md, "Confidence"):
`python bench/calibrate_confidence.py --write` extracts the labelled plans, calls `fit_weights`
and rewrites BASE and the weights below (a weight's comment stays; codes the corpus never shows
keep their provisional weight) and the reliability table of docs/extraction.md.
`greentrack eval --reliability` prints the same tables for any plans and gold.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Calibrated by bench/calibrate_confidence.py: the share correct of records without a doubt.
BASE = 0.99
# doubt code → the share correct of records carrying it, relative to BASE (calibrated; see docs).
WEIGHTS: dict[str, float] = {
    "no_year": 0.97,  # no time phrase governs the number
    "no_departments": 0.98,  # the plan names units in notes, but no note covers this target
    "background_maybe": 0.86,  # the sentence cites what a document or a higher level set (《…》提出, 省要求)
    "restated_nearby": 0.98,  # the plan writes the same number again, kept apart by wording or scope
    "year_from_block": 0.96,  # the year of an earlier paragraph's opening phrase in the same goal block
    "year_from_heading": 0.86,  # the year written in a heading above the paragraph (a stage's date span)
    "indicator_inherited": 0.97,  # the indicator was taken from an earlier target (该比例, 各完成, a parallel clause)
    "year_far": 0.96,  # the paragraph's opening time phrase stands far (200+ characters) before the number
    "table_rebuilt": 0.95,  # a table cell placed by rebuilding a cell-per-line text table (provisional)
    "table_year_far": 0.85,  # a table value's year from the plan's title, not the table's (provisional)
    "table_indicator_from_title": 0.7,  # a table value's indicator taken from the table's title (provisional)
}
_UNKNOWN_DOUBT = 0.8
# Fitting smooths a weight towards PRIOR_WEIGHT by PRIOR_STRENGTH records' worth (additive smoothing).
PRIOR_WEIGHT = _UNKNOWN_DOUBT
PRIOR_STRENGTH = 5
BUCKETS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


def confidence_of(doubts: Iterable[str], base: float | None = None, weights: dict[str, float] | None = None) -> float:
    """The confidence of a record with these doubts, in [0, 1], rounded to two places.

    `base` and `weights` default to BASE and WEIGHTS; calibration passes fitted ones to see what they give.
    """
    value = BASE if base is None else base
    table = WEIGHTS if weights is None else weights
    for doubt in dict.fromkeys(doubts):
        value *= table.get(doubt, _UNKNOWN_DOUBT)
    return round(value, 2)


@dataclass(frozen=True)
class DoubtFit:
    """One doubt code on the labelled records: how many carry it, how many of those are right, its weight."""

    code: str
    records: int
    correct: int
    weight: float  # the fitted weight (the provisional one when no record carries the code)

    @property
    def share(self) -> float | None:
        """The share correct of the records carrying the doubt."""
        return self.correct / self.records if self.records else None


@dataclass(frozen=True)
class Bucket:
    """Records whose confidence falls in [low, high): how many, and how many are right."""

    low: float
    high: float
    records: int
    correct: int

    @property
    def share(self) -> float | None:
        """The share correct, or None for an empty bucket."""
        return self.correct / self.records if self.records else None


def fit_weights(labelled: Iterable[tuple[Sequence[str], bool]],
                known: Iterable[str] | None = None) -> tuple[float, list[DoubtFit]]:
    """BASE and each doubt's weight from (doubts, correct) pairs of labelled records.

    BASE is the share correct of records without doubts. A doubt's raw weight is the share correct
    of the records carrying it divided by BASE (at most 1); it is smoothed towards the generic
    PRIOR_WEIGHT by PRIOR_STRENGTH records, so a doubt seen a handful of times moves only part way
    (and fitting twice gives the same weights). A code in `known` (default: WEIGHTS) that no record
    carries keeps the weight it has.
    """
    clean = [0, 0]
    seen: dict[str, list[int]] = {}
    for doubts, correct in labelled:
        codes = set(doubts)
        if not codes:
            clean[0] += 1
            clean[1] += int(correct)
        for code in codes:
            counts = seen.setdefault(code, [0, 0])
            counts[0] += 1
            counts[1] += int(correct)
    base = clean[1] / clean[0] if clean[0] else BASE
    fits = []
    for code in sorted(set(WEIGHTS if known is None else known) | set(seen)):
        n, right = seen.get(code, [0, 0])
        if not n:
            fits.append(DoubtFit(code, 0, 0, WEIGHTS.get(code, PRIOR_WEIGHT)))
            continue
        raw = min(1.0, (right / n) / base) if base else 0.0
        weight = (n * raw + PRIOR_STRENGTH * PRIOR_WEIGHT) / (n + PRIOR_STRENGTH)
        fits.append(DoubtFit(code, n, right, round(weight, 2)))
    return round(base, 2), fits


def reliability(labelled: Iterable[tuple[float, bool]], edges: Sequence[float] = BUCKETS) -> list[Bucket]:
    """Records by confidence bucket ([0, 0.5), [0.5, 0.6) … [0.9, 1.0]) with their share correct."""
    counts = [[0, 0] for _ in edges[:-1]]
    for confidence, correct in labelled:
        i = next((k for k in range(len(edges) - 2, -1, -1) if confidence >= edges[k]), 0)
        counts[i][0] += 1
        counts[i][1] += int(correct)
    return [Bucket(edges[i], edges[i + 1], n, right) for i, (n, right) in enumerate(counts)]


def format_reliability(buckets: list[Bucket], fits: list[DoubtFit], base: float) -> str:
    """The reliability table and the doubt table (fitted `base` and `fits` beside the weights in use).

    Plain text that is also Markdown: both are pipe tables.
    """
    lines = ["| confidence | records | share correct |", "|---|---:|---:|"]
    for b in buckets:
        share = "–" if b.share is None else f"{b.share:.2f}"
        closing = "]" if b.high >= 1.0 else ")"
        lines.append(f"| [{b.low:.1f}, {b.high:.1f}{closing} | {b.records} | {share} |")
    lines += ["", f"BASE, the share correct of records without a doubt: {base:.2f} (in use: {BASE:.2f})", "",
              "| doubt | records | share correct | weight in use | fitted weight |", "|---|---:|---:|---:|---:|"]
    for f in fits:
        share = "–" if f.share is None else f"{f.share:.2f}"
        now = WEIGHTS.get(f.code)
        lines.append(f"| {f.code} | {f.records} | {share} | {'–' if now is None else f'{now:.2f}'} | {f.weight:.2f} |")
    return "\n".join(lines)
