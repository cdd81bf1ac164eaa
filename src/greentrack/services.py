"""The operations the CLI and the web share. Each takes plain arguments and returns records."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from greentrack.models import Outline, ReadDocument
from greentrack.outline import build_outline
from greentrack.read import read_document
from greentrack.read.formats import SUPPORTED


@dataclass(frozen=True)
class ReadPlan:
    """A plan read and outlined."""

    document: ReadDocument
    outline: Outline


def read_plan(path: str | Path) -> ReadPlan:
    """Read one plan file and build its outline."""
    document = read_document(path)
    return ReadPlan(document=document, outline=build_outline(document))


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files named, with every supported document inside each folder named (sorted)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED))
        else:
            files.append(path)
    return files


def sample_paths() -> list[Path]:
    """The seed plans bundled with the package."""
    folder = Path(__file__).parent / "samples"
    return sorted(folder.glob("*.txt"))
