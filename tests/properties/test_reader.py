"""The reader on arbitrary input: normalising any text never raises; the offset map has one entry per output
character plus the end, non-decreasing and inside the source; every kept character is the source character
it points at, up to width folding (全角 → ASCII); decoding arbitrary bytes or markup gives text or a ReadError."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from greentrack.errors import ReadError
from greentrack.read.charsets import decode_bytes
from greentrack.read.normalise import normalise, reads_as
from greentrack.read.webpage import html_text

# Plan-like text: Chinese, full-width and ASCII digits, punctuation, blanks and line breaks, emphasis marks.
PLAN_CHARS = st.sampled_from([*"到年城市绿地率达到%％，。；：（）一二三1234５６.．*  \u3000\n\r\t-—第页", "**"])
PLAN_TEXT = st.lists(PLAN_CHARS, max_size=200).map("".join)
ANY_TEXT = st.text(max_size=300)
SEPARATORS = (" ", "\n")


def check_offsets(source: str) -> None:
    text, offsets = normalise(source)
    assert len(offsets) == len(text) + 1
    assert offsets[-1] == len(source)
    assert all(0 <= o <= len(source) for o in offsets)
    assert all(a <= b for a, b in itertools.pairwise(offsets))
    for char, at in zip(text, offsets, strict=False):
        if char in SEPARATORS:
            continue  # a blank or a paragraph break stands for whitespace or a joined line break
        assert at < len(source)
        assert reads_as(source[at], char), (char, source[at])


@given(ANY_TEXT)
def test_normalise_any_unicode(source: str) -> None:
    check_offsets(source)


@given(PLAN_TEXT)
def test_normalise_plan_like_text(source: str) -> None:
    check_offsets(source)


@given(st.binary(max_size=400))
def test_decoding_arbitrary_bytes(data: bytes) -> None:
    try:
        text, encoding = decode_bytes(data, "fuzz.txt")
    except ReadError as exc:
        assert "fuzz.txt" in str(exc)
    else:
        assert isinstance(text, str) and encoding


@given(ANY_TEXT)
def test_utf8_text_decodes_to_itself(text: str) -> None:
    try:
        decoded, _ = decode_bytes(("\ufeff" + text).encode("utf-8"), "bom.txt")
    except ReadError:
        return  # control-heavy text may be refused as binary: a clear error, never a wrong decoding
    assert decoded.lstrip("\ufeff") == text


@given(st.lists(st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<br>", "<table>", "<tr>", "<td>", "</td>",
                                 "<script>", "</script>", "绿地率", "40%", "&amp;", "<", ">"]), max_size=60)
       .map("".join))
def test_html_text_never_raises(markup: str) -> None:
    assert isinstance(html_text(markup), str)
