"""The stages run on one plan file, in order: read, outline, extract, resolve."""

from __future__ import annotations

import hashlib
from pathlib import Path

from greentrack.extract import extract_targets, extract_tasks
from greentrack.extract.pipeline import extract_targets_and_tasks
from greentrack.models import Outline, ReadDocument
from greentrack.outline import build_outline
from greentrack.pipeline.records import ExtractedPlan, PlanToStore, ReadPlan
from greentrack.read import read_document
from greentrack.resolve import jurisdiction_of, resolve_department, resolve_target
from greentrack.resolve.resolver import Resolver, default_resolver


def content_hash(path: Path) -> str:
    """SHA-256 of the file's bytes (the identity of a plan version); a missing file is left to the reader."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_plan(path: str | Path) -> ReadPlan:
    """Read one plan file and build its outline."""
    document = read_document(path)
    return ReadPlan(document=document, outline=build_outline(document))


def extract_plan(path: str | Path, with_tasks: bool = False) -> ExtractedPlan:
    """Read one plan and extract its targets (and its qualitative tasks when asked)."""
    plan = read_plan(path)
    targets = tuple(extract_targets(plan.document, plan.outline))
    tasks = tuple(extract_tasks(plan.document, plan.outline)) if with_tasks else ()
    return ExtractedPlan(plan.document, plan.outline, targets, tasks)


def outline_text(name: str, text: str) -> Outline:
    """The outline of a plan's normalised text as the ledger keeps it (its own source, offset for offset)."""
    return build_outline(ReadDocument(name=name, path=name, format="txt", encoding=None, source_text=text, text=text,
                                      offsets=tuple(range(len(text) + 1))))


def prepare_plan(path: Path, digest: str, resolver: Resolver | None = None) -> PlanToStore:
    """Run every stage on one file and gather what the ledger stores of it (`digest`: its content hash)."""
    document = read_document(path)
    outline = build_outline(document)
    place = jurisdiction_of(outline.metadata)
    code = place.code if place else None
    resolver = resolver or default_resolver()
    found_targets, found_tasks = extract_targets_and_tasks(document, outline)  # the paragraphs read once for both
    targets, tasks = tuple(found_targets), tuple(found_tasks)
    return PlanToStore(
        name=document.name, path=str(path), content_hash=digest, text=document.text, metadata=outline.metadata,
        jurisdiction=place, sections=outline.sections,
        targets=tuple((t, resolve_target(t, resolver, code)) for t in targets), tasks=tasks,
        task_departments=tuple(tuple(resolve_department(name, code) for name in task.departments)
                               for task in tasks))
