"""Extraction does not lean on where a plan's lines happen to break: the same plans printed at another page width
(bench/bench_rewrap.py lays their prose out again the way a layout engine does) give the same targets."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GOLD_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "gold-corpus"
WIDTHS = (-6.0, 6.0)  # ems narrower and wider than the page the plans were printed on


def _bench() -> tuple[Callable[[str, float], str], Callable[..., dict]]:
    """The benchmark's re-layout and its scoring of a variant, imported from its folder."""
    sys.path.insert(0, str(BENCH))
    try:
        from bench_rewrap import rewrap, score_variant
    finally:
        sys.path.remove(str(BENCH))
    return rewrap, score_variant


def _scores(gold: Path, plans: list[Path], delta: float, folder: Path) -> dict:
    rewrap, score_variant = _bench()
    return score_variant(gold, plans, folder, lambda text: text if delta == 0 else rewrap(text, delta))


def test_rewrap_moves_the_line_breaks_and_keeps_every_character(seed_paths: list[Path]) -> None:
    rewrap, _ = _bench()
    text = seed_paths[0].read_text(encoding="utf-8")
    narrow = rewrap(text, -6)
    assert narrow.replace("\n", "") == text.replace("\n", "")
    assert narrow.count("\n") > 2 * text.count("\n")  # a paragraph to a line became lines of a page


def test_corpus_plans_at_other_page_widths_give_the_same_targets(corpus_dir: Path, tmp_path: Path) -> None:
    if not GOLD_CORPUS.is_dir():
        pytest.skip(f"corpus gold not present at {GOLD_CORPUS}")
    plans = sorted((corpus_dir / "txt").glob("*.txt"))
    printed = _scores(GOLD_CORPUS, plans, 0, tmp_path / "printed")
    for delta in WIDTHS:
        moved = _scores(GOLD_CORPUS, plans, delta, tmp_path / f"at{delta:+g}")
        assert moved["recall"] >= printed["recall"], (delta, moved["recall"], printed["recall"])
        assert moved["precision"] >= printed["precision"] - 0.005, (delta, moved["precision"])


def test_seeds_at_other_page_widths_keep_their_score(seed_paths: list[Path], tmp_path: Path) -> None:
    """The seeds are written a paragraph to a line; printed on a page they wrap. A sentence that ends exactly at a
    line's end still reads as a paragraph's end (pdftotext keeps no indent), so up to two points of F1 may go (at
    +6 em two targets of 001 take the year of a sentence that now heads a paragraph)."""
    printed = _scores(FIXTURES / "gold", seed_paths, 0, tmp_path / "printed")
    for delta in WIDTHS:
        moved = _scores(FIXTURES / "gold", seed_paths, delta, tmp_path / f"at{delta:+g}")
        assert moved["f1"] >= printed["f1"] - 0.02, (delta, moved["f1"], printed["f1"])
