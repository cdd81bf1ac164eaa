"""Shared fixtures: the bundled seeds, the gold copied into fixtures, and the optional shared corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from greentrack.services import sample_paths

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
SHARED = HERE.parent.parent / "shared"
CORPUS = SHARED / "corpus"


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    paths = sample_paths()
    assert len(paths) == 5, "the five seed plans ship inside the package"
    return paths


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not present at {CORPUS} (it sits beside the repository on dev machines)")
    return CORPUS


# The seeds written as .docx, .pdf, GBK/UTF-16 .txt and .html (session-scoped; see the module).
from read.formats_fixtures import seed_formats  # noqa: E402, F401
