"""extract: targets, qualitative tasks and responsibility notes, each grounded to its span."""

from greentrack.extract.pipeline import extract_targets, extract_tasks

__all__ = ["extract_targets", "extract_tasks"]
