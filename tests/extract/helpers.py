"""Helpers for the extraction tests: plain text → targets, with or without the real outline."""

from __future__ import annotations

from greentrack.extract import extract_targets, extract_tasks
from greentrack.models import Metadata, Outline, ReadDocument, Target, Task
from greentrack.outline import build_outline
from greentrack.read import normalise


def document(text: str, name: str = "inline.txt", normalised: bool = False) -> ReadDocument:
    """A document from inline text; normalised by the reader unless told it already is."""
    if normalised:
        out, offsets = text, tuple(range(len(text) + 1))
    else:
        out, offsets = normalise(text)
    return ReadDocument(name=name, path=name, format="txt", encoding="utf-8", source_text=text, text=out,
                        offsets=offsets)


def targets_of(text: str, with_outline: bool = True) -> list[Target]:
    """Targets of inline text; without the outline the extractor's own heading scan is used."""
    doc = document(text)
    outline = build_outline(doc) if with_outline else Outline(Metadata(), (), ())
    found = extract_targets(doc, outline)
    for t in found:
        assert t.quote == doc.text[t.start:t.end]
    return found


def tasks_of(text: str) -> list[Task]:
    doc = document(text)
    return extract_tasks(doc, build_outline(doc))


def one(found: list[Target], value: float) -> Target:
    """The single target with this value."""
    hits = [t for t in found if abs(t.value - value) < 1e-9]
    assert len(hits) == 1, [(t.indicator, t.value) for t in found]
    return hits[0]
