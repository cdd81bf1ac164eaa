"""The same plan as .txt, .docx, .pdf, GBK/UTF-16 text and HTML gives the same outline and metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from greentrack.models import Outline
from greentrack.outline import build_outline
from greentrack.read import read_document
from greentrack.services.documents import sample_paths

SEEDS = [p.name for p in sample_paths()]
FORMATS = ("docx", "pdf", "gbk.txt", "utf16.txt", "utf16-nobom.txt", "html")


def _shape(outline: Outline) -> tuple[object, ...]:
    meta = outline.metadata
    sections = tuple((s.level, s.title.replace(" ", "")) for s in outline.sections)
    return (meta.title, meta.doc_number, meta.issuer, meta.issue_date, meta.jurisdiction, meta.level), sections


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("seed", SEEDS)
def test_outline_is_the_same_in_every_format(seed: str, fmt: str,
                                             seed_formats: dict[str, dict[str, Path]]) -> None:
    original = build_outline(read_document(next(p for p in sample_paths() if p.name == seed)))
    converted = build_outline(read_document(seed_formats[seed][fmt]))
    expected_meta, expected_sections = _shape(original)
    meta, sections = _shape(converted)
    assert meta == expected_meta
    assert sections == expected_sections
