"""A plan reads to the same text whatever its container: for each seed, the .docx, .pdf, GBK and
UTF-16 .txt and .html copies give the seed .txt's normalised text, all whitespace ignored."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from greentrack.read import read_document
from greentrack.services.documents import sample_paths

from .formats_fixtures import FORMATS

# STSong-Light (Adobe-GB1) has no glyph for these, so reportlab cannot put them in a PDF text layer.
NOT_IN_PDF_FONT = "₂·"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


SEEDS = [path.name for path in sample_paths()]


@pytest.mark.parametrize("label", FORMATS)
@pytest.mark.parametrize("seed", SEEDS)
def test_format_reads_like_the_seed(seed: str, label: str, seed_formats: dict[str, dict[str, Path]],
                                    seed_paths: list[Path]) -> None:
    expected = squash(read_document(next(p for p in seed_paths if p.name == seed)).text)
    got = squash(read_document(seed_formats[seed][label]).text)
    if label == "pdf":
        expected = expected.translate({ord(ch): None for ch in NOT_IN_PDF_FONT})
    assert got == expected


def test_formats_are_what_they_claim(seed_formats: dict[str, dict[str, Path]]) -> None:
    files = seed_formats[SEEDS[0]]
    assert files["pdf"].read_bytes().startswith(b"%PDF-")
    assert files["docx"].read_bytes().startswith(b"PK")
    assert files["utf16.txt"].read_bytes().startswith(b"\xff\xfe")
    assert b"\x00\n" in files["utf16-nobom.txt"].read_bytes()  # big-endian newline, no BOM
    with pytest.raises(UnicodeDecodeError):
        files["gbk.txt"].read_bytes().decode("utf-8")


@pytest.mark.parametrize(("label", "encoding"), [("gbk.txt", "gb18030"), ("utf16.txt", "utf-16-le"),
                                                 ("utf16-nobom.txt", "utf-16-be"), ("html", "utf-8")])
def test_encoding_is_detected(label: str, encoding: str, seed_formats: dict[str, dict[str, Path]]) -> None:
    assert read_document(seed_formats[SEEDS[1]][label]).encoding == encoding


def test_pdf_spans_several_pages(seed_formats: dict[str, dict[str, Path]]) -> None:
    import pdfplumber

    with pdfplumber.open(seed_formats[SEEDS[1]]["pdf"]) as pdf:
        assert len(pdf.pages) >= 3


def test_html_junk_is_dropped(seed_formats: dict[str, dict[str, Path]]) -> None:
    text = read_document(seed_formats[SEEDS[0]]["html"]).text
    for junk in ("首页", "政务公开", "统计", "相关链接", "版权所有", "分享到", "页脚脚本", "当前位置"):
        assert junk not in text
