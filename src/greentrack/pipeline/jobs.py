"""The per-document jobs the engines run: pure functions of one file, picklable, that never raise for a bad file.

A job gets a `Source` (the path, and the bytes when the file travels to a machine that cannot see
the path) and returns what the pipeline's steps give — an `ExtractedPlan` or a `PlanToStore` — or a
`Failure` naming the file as the user gave it. Nothing here touches a database.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from greentrack.errors import UNEXPECTED, GreentrackError, IngestError, ReadError
from greentrack.pipeline.memo import memo_resolver
from greentrack.pipeline.records import ExtractedPlan, Failure, PlanToStore
from greentrack.pipeline.steps import extract_plan, prepare_plan
from greentrack.resolve.resolver import Resolver


@dataclass(frozen=True)
class Source:
    """A plan file to process: where it is, its content hash (for ingest) and, once shipped, its bytes."""

    path: Path
    digest: str = ""
    data: bytes | None = None

    def shipped(self) -> Source:
        """The same source carrying its bytes (for a worker on another machine); unchanged if unreadable here."""
        if self.data is not None:
            return self
        try:
            return dataclasses.replace(self, data=self.path.read_bytes())
        except OSError:
            return self  # the worker reports the file as missing or unreadable, naming it

    @contextmanager
    def local_path(self) -> Iterator[Path]:
        """A path to read: the file itself, or a temporary copy of the shipped bytes under the same name."""
        if self.data is None:
            yield self.path
            return
        with tempfile.TemporaryDirectory(prefix="greentrack-worker-") as folder:
            copy = Path(folder) / self.path.name
            copy.write_bytes(self.data)
            yield copy


def _as_given(error: GreentrackError, copy: Path, original: Path) -> GreentrackError:
    """The error naming the file as the user gave it, not the worker's temporary copy."""
    if copy == original:
        return error
    if isinstance(error, ReadError):
        return type(error)(original, error.reason)
    error.message = error.message.replace(str(copy), str(original))
    error.args = (error.message,)
    return error


def extract_source(source: Source, with_tasks: bool = False) -> ExtractedPlan | Failure:
    """Read, outline and extract one plan, exactly as `greentrack extract` does in one process."""
    with source.local_path() as path:
        try:
            plan = extract_plan(path, with_tasks)
        except GreentrackError as exc:
            return Failure(source.path, _as_given(exc, path, source.path))
        except UNEXPECTED as exc:
            return Failure(source.path, IngestError(f"cannot extract {source.path}: {type(exc).__name__}: {exc}"))
    if path != source.path:
        document = dataclasses.replace(plan.document, path=str(source.path))
        plan = dataclasses.replace(plan, document=document)
    return plan


def prepare_source(source: Source, aliases: tuple[tuple[str, str], ...] = (),
                   resolver: Resolver | None = None) -> PlanToStore | Failure:
    """Read, outline, extract and resolve one plan into what the ledger stores of it (no database).

    With `resolver` (the local engine's), else the worker's memo of one built with the confirmed `aliases`.
    """
    with source.local_path() as path:
        try:
            plan = prepare_plan(path, source.digest, resolver if resolver is not None else memo_resolver(aliases))
        except GreentrackError as exc:
            return Failure(source.path, _as_given(exc, path, source.path))
        except UNEXPECTED as exc:
            return Failure(source.path, IngestError(f"cannot ingest {source.path}: {type(exc).__name__}: {exc}"))
    return dataclasses.replace(plan, path=str(source.path)) if path != source.path else plan
