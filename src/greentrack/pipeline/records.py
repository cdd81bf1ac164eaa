"""What the pipeline hands out: a plan read, a plan extracted, a plan ready to store, or a file that failed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from greentrack.errors import GreentrackError
from greentrack.models import Metadata, Outline, ReadDocument, Section, Target, Task
from greentrack.resolve.models import DepartmentMatch, Jurisdiction, ResolvedTarget


@dataclass(frozen=True)
class ReadPlan:
    """A plan read and outlined."""

    document: ReadDocument
    outline: Outline


@dataclass(frozen=True)
class ExtractedPlan:
    """A plan read, outlined, and its targets and tasks extracted."""

    document: ReadDocument
    outline: Outline
    targets: tuple[Target, ...]
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class Failure:
    """A file that could not be processed, and why."""

    path: Path
    error: GreentrackError


@dataclass(frozen=True)
class PlanToStore:
    """A plan after read → outline → extract → resolve, ready to be written as one document version.

    `targets` pairs each target with its resolution; `task_departments` holds, per task, the
    department matches of its responsibility note (None where a name is not in the registry).
    """

    name: str
    path: str
    content_hash: str
    text: str
    metadata: Metadata
    jurisdiction: Jurisdiction | None
    sections: tuple[Section, ...]
    targets: tuple[tuple[Target, ResolvedTarget], ...]
    tasks: tuple[Task, ...]
    task_departments: tuple[tuple[DepartmentMatch | None, ...], ...]
