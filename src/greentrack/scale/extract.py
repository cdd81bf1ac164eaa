"""Extract many plans on an engine: the same records `greentrack extract` gives in one process, in the same order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path

from greentrack.errors import IngestError
from greentrack.pipeline.jobs import Source, extract_source
from greentrack.pipeline.records import ExtractedPlan, Failure
from greentrack.scale.engines import Engine, Lost
from greentrack.scale.run import run_all


def extract_many(paths: Iterable[Path], with_tasks: bool = False,
                 engine: Engine | None = None) -> Iterator[ExtractedPlan | Failure]:
    """Each file's ExtractedPlan, or a Failure naming it; a failed file never stops the others."""
    job = partial(extract_source, with_tasks=with_tasks)
    for result in run_all(job, (Source(path) for path in paths), engine or Engine()):
        if isinstance(result, Lost):
            yield Failure(result.item.path, IngestError(f"cannot extract {result.item.path}: {result.reason}"))
        else:
            yield result
