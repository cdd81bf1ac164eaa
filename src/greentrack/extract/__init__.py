"""extract: targets, qualitative tasks and responsibility notes, each grounded to its span."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from greentrack.extract.pipeline import extract_targets, extract_tasks

__all__ = ["extract_targets", "extract_tasks"]


def __getattr__(name: str) -> Any:
    """The pipeline is imported on first use: its light siblings (scoring, units) are imported without it."""
    if name in __all__:
        from greentrack.extract import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
