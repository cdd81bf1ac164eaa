"""Every real plan in the shared corpus (`corpus/pdf/*.pdf`) reads without error into non-empty,
repaired text: no page markers, no letter-spaced digits, full-width digits folded."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from greentrack.models import ReadDocument
from greentrack.read import read_document
from greentrack.read.normalise import reads_as

_CACHE: dict[Path, ReadDocument] = {}


def read_cached(path: Path) -> ReadDocument:
    """Each corpus PDF is read once per session (reading all fifteen takes ~15 s)."""
    if path not in _CACHE:
        _CACHE[path] = read_document(path)
    return _CACHE[path]


@pytest.fixture(scope="session")
def corpus_pdfs(corpus_dir: Path) -> list[Path]:
    paths = sorted((corpus_dir / "pdf").glob("*.pdf"))
    if not paths:
        pytest.skip(f"no PDFs in {corpus_dir / 'pdf'}")
    return paths


def _corpus_pdf(corpus_dir: Path, stem: str) -> Path:
    path = corpus_dir / "pdf" / f"{stem}.pdf"
    if not path.is_file():
        pytest.skip(f"{path} not in this corpus")
    return path


def test_every_pdf_reads_to_text(corpus_pdfs: list[Path]) -> None:
    for path in corpus_pdfs:
        document = read_cached(path)
        assert document.format == "pdf"
        assert len(document.text) > 1000, path.name
        assert len(re.findall(r"[\u4e00-\u9fff]", document.text)) > 0.6 * len(document.text), path.name


def test_no_page_markers_survive(corpus_pdfs: list[Path]) -> None:
    marker = re.compile(r"^(?:[-—一]\s*\d{1,3}\s*[-—一]|第\s*\d+\s*页\s*共\s*\d+\s*页)$", re.MULTILINE)
    for path in corpus_pdfs:
        assert marker.findall(read_cached(path).text) == [], path.name


def test_full_width_digits_are_folded_and_kept_in_their_sentence(corpus_dir: Path) -> None:
    # Founder fonts give the digits a wrong box; read by baseline they stay inside the sentence.
    text = read_cached(_corpus_pdf(corpus_dir, "wuhan-lvseditan-xunhuan-fangan")).text
    assert "２" not in text
    assert "到2025年，累计创建30家“绿色工厂”" in text
    assert "运行能源利用效率（PUE值）不高于1.3" in text


def test_wrapped_last_character_is_rejoined(corpus_dir: Path) -> None:
    text = read_cached(_corpus_pdf(corpus_dir, "hebei-lvseditan-xunhuan-yijian")).text
    assert "加快建立健全绿色低碳循环发展的经济体系" in text
    assert "基础设施绿色化水平不断提高" in text


def test_ruled_table_cells_are_rebuilt_into_rows(corpus_dir: Path) -> None:
    text = read_cached(_corpus_pdf(corpus_dir, "foshan-lvsejianzhu-chuangjian-fangan")).text
    assert "\n2023 90% 90% 90% 90% 90% 90% 35%\n" in text


def test_ocr_spaces_are_closed(corpus_dir: Path) -> None:
    text = read_cached(_corpus_pdf(corpus_dir, "shijiazhuang-lvsejianzhu-chuangjian-fangan")).text
    assert "住建局要会同自然资源和规划等部门编制绿色建筑专项规划" in text  # OCR: 要会 同自 然资源
    assert "新开工建筑面积增速不低于10%" in text
    assert "一7一" not in text and "- 4一" not in text


def test_offsets_point_at_the_source(corpus_pdfs: list[Path]) -> None:
    for path in corpus_pdfs:
        document = read_cached(path)
        source = document.source_text
        wrong = [i for i, ch in enumerate(document.text)
                 if ch not in " \n" and not reads_as(source[document.offsets[i]], ch)]
        assert wrong == [], path.name
