"""The string-and-array normalisation gives exactly the text and offsets of the per-character reference
(tests/read/reference_normalise.py) on the seeds, the shared corpus and arbitrary plan-like text; its offset
map behaves like the tuple it replaced."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from greentrack.read.normalise import normalise
from greentrack.read.offsets import Offsets

from .reference_normalise import normalise as reference

# The characters every branch of the normaliser turns on: blanks of all kinds, deleted characters, emphasis
# marks, full-width forms, ideographs for letter-spacing and OCR spaces, page markers, headings, table cells.
PIECES = st.sampled_from([
    *"到年城市绿地率达到%％，。；：（）《》“”一二三1234５６.．*＊",
    *"  \u3000\xa0\x1f\u200b\ufeff\t\r\n-—第页",
    "**", "中 文 字 ", "指 导 思 想", "\n一\n", "\n3\n", "\n-1-\n", "一、", "（二）", " 23.1 30 预期性",
    "关于印发《方案》的通知", "2025 年", "abc ",
])
PLAN_TEXT = st.lists(PIECES, max_size=120).map("".join)


def assert_same(source: str) -> None:
    text, offsets = normalise(source)
    assert (text, tuple(offsets)) == reference(source)


@settings(max_examples=300, deadline=None)
@given(PLAN_TEXT)
def test_plan_like_text_matches_the_reference(source: str) -> None:
    assert_same(source)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_any_text_matches_the_reference(source: str) -> None:
    assert_same(source)


def test_seeds_match_the_reference(seed_paths: list[Path]) -> None:
    for path in seed_paths:
        assert_same(path.read_text(encoding="utf-8"))


def test_corpus_txt_matches_the_reference(corpus_dir: Path) -> None:
    for path in sorted((corpus_dir / "txt").glob("*.txt")):
        assert_same(path.read_text(encoding="utf-8"))


def test_offsets_behave_like_a_tuple() -> None:
    offsets = Offsets([3, 4, 9])
    assert offsets == (3, 4, 9) and offsets != (3, 4) and offsets == Offsets([3, 4, 9])
    assert hash(offsets) == hash((3, 4, 9))
    assert (offsets[0], offsets[-1], len(offsets), list(offsets[1:])) == (3, 9, 3, [4, 9])
    for clone in (pickle.loads(pickle.dumps(offsets)), copy.copy(offsets), copy.deepcopy(offsets)):
        assert type(clone) is Offsets and clone == offsets
