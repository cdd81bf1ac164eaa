"""Helpers for the outline tests: outlines of the seeds and of plain text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from greentrack.models import Outline, ReadDocument
from greentrack.outline import build_outline
from greentrack.read import read_document


def _outline_of_text(text: str) -> Outline:
    document = ReadDocument(name="inline.txt", path="inline.txt", format="txt", encoding="utf-8",
                            source_text=text, text=text, offsets=tuple(range(len(text) + 1)))
    return build_outline(document)


@pytest.fixture(scope="session")
def outline_of_text() -> Callable[[str], Outline]:
    """Outline a plain normalised text given inline (identity offsets, no reading)."""
    return _outline_of_text


@pytest.fixture(scope="session")
def seed_outlines(seed_paths: list[Path]) -> dict[str, tuple[ReadDocument, Outline]]:
    """Each seed read and outlined, keyed by its three-digit prefix (`000` … `004`)."""
    result: dict[str, tuple[ReadDocument, Outline]] = {}
    for path in seed_paths:
        document = read_document(path)
        result[path.name[:3]] = (document, build_outline(document))
    return result
