"""outline: the numbered heading tree, the document's metadata and its tables."""

from greentrack.models import Metadata, Outline, ReadDocument


def build_outline(doc: ReadDocument) -> Outline:
    """The outline of a read document. (Placeholder until sections/metadata/tables land.)"""
    return Outline(metadata=Metadata(), sections=(), tables=())


__all__ = ["build_outline"]
