"""extract: targets, qualitative tasks and responsibility notes, each grounded to its span."""

from greentrack.models import Outline, ReadDocument, Target, Task


def extract_targets(doc: ReadDocument, outline: Outline) -> list[Target]:
    """Every quantitative target of the document, in text order. (Placeholder.)"""
    return []


def extract_tasks(doc: ReadDocument, outline: Outline) -> list[Task]:
    """Every qualitative task with a deadline, in text order. (Placeholder.)"""
    return []


__all__ = ["extract_targets", "extract_tasks"]
