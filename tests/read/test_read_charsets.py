"""Text files are decoded by evidence (BOM, NUL pattern, strict decoding, plausibility), never by a
blind guess: Chinese text round-trips in every encoding, and noise is refused with a clear error."""

from __future__ import annotations

import random

import pytest

from greentrack.errors import UndecodableText
from greentrack.read.charsets import decode_bytes

TEXT = "金乡县“十四五”绿色低碳循环发展规划\n到2025年，单位GDP能耗下降15%，绿色建筑占比达到100%。\n"
PURE = "推动城乡建设绿色发展实施方案县城绿色低碳建设" * 20  # no ASCII, so UTF-16 has no NUL bytes


@pytest.mark.parametrize(("encoding", "detected"), [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030"), ("gb18030", "gb18030"),
    ("utf-16", "utf-16-le"), ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be"),
])
def test_chinese_round_trips(encoding: str, detected: str) -> None:
    assert decode_bytes(TEXT.encode(encoding), "plan.txt") == (TEXT, detected)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "gb18030"])
def test_text_without_ascii_is_detected(encoding: str) -> None:
    assert decode_bytes(PURE.encode(encoding), "plan.txt")[0] == PURE


@pytest.mark.parametrize("seed", range(20))
def test_random_bytes_are_refused(seed: int) -> None:
    with pytest.raises(UndecodableText, match=r"plan\.txt"):
        decode_bytes(random.Random(seed).randbytes(2048), "plan.txt")


def test_control_characters_are_binary() -> None:
    with pytest.raises(UndecodableText, match="binary data"):
        decode_bytes(b"\x00\x01\x02\x03abc" * 100, "plan.txt")


def test_bad_bytes_after_a_bom_are_refused() -> None:
    with pytest.raises(UndecodableText, match="byte-order mark"):
        decode_bytes(b"\xef\xbb\xbf" + "绿色".encode("gbk"), "plan.txt")
