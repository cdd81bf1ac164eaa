"""Ingest plans: read → outline → extract → resolve → store, one transaction per document.

A file whose bytes are already in the ledger is skipped before any parsing (the content hash is
the identity of a version). A file that fails — unreadable, or a database error while storing —
yields a failed outcome naming it and leaves nothing of itself behind; the next file goes on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from greentrack.errors import GreentrackError, IngestError, LedgerError
from greentrack.extract.pipeline import extract_targets_and_tasks
from greentrack.ledger import repository
from greentrack.ledger.db import Ledger
from greentrack.ledger.records import DocumentRecord, PlanToStore
from greentrack.outline import build_outline
from greentrack.read import read_document
from greentrack.resolve import jurisdiction_of, resolve_department, resolve_target
from greentrack.resolve.resolver import Resolver, default_resolver

ADDED, NEW_VERSION, UNCHANGED, FAILED = "added", "new_version", "unchanged", "failed"


@dataclass(frozen=True)
class IngestOutcome:
    """What became of one file: added, stored as a new version of a plan, unchanged, or failed (and why)."""

    path: Path
    status: str
    document: DocumentRecord | None = None
    error: GreentrackError | None = None


def content_hash(path: Path) -> str:
    """SHA-256 of the file's bytes; a missing file is left to the reader to report."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def process(path: Path, digest: str, resolver: Resolver | None = None) -> PlanToStore:
    """Run the pipeline on one file and gather what the ledger stores of it."""
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


def ingest_file(ledger: Ledger, path: Path, actor: str = "system", resolver: Resolver | None = None) -> IngestOutcome:
    """Ingest one file in its own transaction; every failure becomes a failed outcome naming the file."""
    try:
        digest = content_hash(path) if path.is_file() else ""
        if digest:
            with ledger.session(actor) as session:
                known = repository.document_by_hash(session, digest)
            if known is not None:
                return IngestOutcome(path, UNCHANGED, known)
        plan = process(path, digest, resolver)
        with ledger.session(actor) as session:
            stored = repository.add_plan(session, plan)
        return IngestOutcome(path, NEW_VERSION if stored.version > 1 else ADDED, stored)
    except GreentrackError as exc:
        return IngestOutcome(path, FAILED, error=exc)
    except IntegrityError:
        # Another process stored the same bytes between our check and our write: it is there now.
        with ledger.session(actor) as session:
            known = repository.document_by_hash(session, digest)
        if known is not None:
            return IngestOutcome(path, UNCHANGED, known)
        return IngestOutcome(path, FAILED, error=LedgerError(f"cannot store {path}: a constraint failed"))
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        return IngestOutcome(path, FAILED, error=LedgerError(f"cannot store {path}: {reason}"))
    except (OSError, ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
        # A bug met on one odd document must not stop a batch of thousands; it is reported by file.
        return IngestOutcome(path, FAILED, error=IngestError(f"cannot ingest {path}: {type(exc).__name__}: {exc}"))


def ingest_paths(ledger: Ledger, paths: Iterable[Path], actor: str = "system",
                 resolver: Resolver | None = None) -> Iterator[IngestOutcome]:
    """Ingest each file in turn, yielding its outcome as soon as it is known (for a progress bar)."""
    resolver = resolver or default_resolver()
    for path in paths:
        yield ingest_file(ledger, path, actor, resolver)
