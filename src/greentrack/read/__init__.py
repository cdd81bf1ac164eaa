"""read: bytes of a plan (txt, docx, pdf, html) → one normalised text with an offset map."""

from greentrack.read.formats import read_document, read_text
from greentrack.read.normalise import normalise

__all__ = ["normalise", "read_document", "read_text"]
