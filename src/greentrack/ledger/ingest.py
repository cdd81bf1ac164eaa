"""Store the plans the pipeline prepared (`PlanToStore`): one transaction per plan, or a batch in one.

The ledger only stores: reading, extracting and resolving happen before (greentrack.pipeline), and
`services.ingest` and `scale.ingest` put the two together. Bytes already in the ledger are `unchanged`
(the content hash is the identity of a version). A plan that cannot be stored becomes a failed outcome
naming its file and leaves nothing of itself behind; the next one goes on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from greentrack.errors import UNEXPECTED, GreentrackError, IngestError, LedgerError
from greentrack.ledger import repository
from greentrack.ledger.db import Ledger
from greentrack.ledger.records import DocumentRecord
from greentrack.pipeline.records import PlanToStore

ADDED, NEW_VERSION, UNCHANGED, FAILED = "added", "new_version", "unchanged", "failed"


@dataclass(frozen=True)
class IngestOutcome:
    """What became of one file: added, stored as a new version of a plan, unchanged, or failed (and why)."""

    path: Path
    status: str
    document: DocumentRecord | None = None
    error: GreentrackError | None = None


def failed(path: Path, exc: Exception, known: Callable[[], DocumentRecord | None] = lambda: None) -> IngestOutcome:
    """The outcome of a file whose ingest raised `exc`: `known` finds its bytes when a constraint failed."""
    if isinstance(exc, IntegrityError):
        # Another process stored the same bytes between our check and our write: it is there now.
        document = known()
        if document is not None:
            return IngestOutcome(path, UNCHANGED, document)
        return IngestOutcome(path, FAILED, error=LedgerError(f"cannot store {path}: a constraint failed"))
    if isinstance(exc, SQLAlchemyError):
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        return IngestOutcome(path, FAILED, error=LedgerError(f"cannot store {path}: {reason}"))
    if isinstance(exc, GreentrackError):
        return IngestOutcome(path, FAILED, error=exc)
    # A bug met on one odd document must not stop a batch of thousands; it is reported by file.
    return IngestOutcome(path, FAILED, error=IngestError(f"cannot ingest {path}: {type(exc).__name__}: {exc}"))


def stored_version(ledger: Ledger, path: Path, digest: str, actor: str = "system") -> IngestOutcome | None:
    """`unchanged` when these bytes are stored already, None when they are not (a database error: failed)."""
    try:
        with ledger.session(actor) as session:
            known = repository.documents.document_by_hash(session, digest)
    except SQLAlchemyError as exc:
        return failed(path, exc)
    return IngestOutcome(path, UNCHANGED, known) if known is not None else None


def store_plan(ledger: Ledger, path: Path, plan: PlanToStore, actor: str = "system") -> IngestOutcome:
    """Store one plan in its own transaction: added, a new version of its plan, or failed."""
    try:
        with ledger.session(actor, write=True) as session:
            return _stored(path, repository.plans.add_plan(session, plan))
    except (SQLAlchemyError, GreentrackError, *UNEXPECTED) as exc:
        return failed(path, exc, lambda: _known(ledger, plan.content_hash, actor))


def _known(ledger: Ledger, digest: str, actor: str) -> DocumentRecord | None:
    with ledger.session(actor) as session:
        return repository.documents.document_by_hash(session, digest)


def write_batch(ledger: Ledger, plans: list[PlanToStore], actor: str = "cli") -> list[IngestOutcome]:
    """Store plans in one transaction: all at once, or (when that fails) each in its own SAVEPOINT.

    Raises SQLAlchemyError only when the transaction cannot commit at all.
    """
    with ledger.session(actor, write=True) as session:
        repository.plans.begin_writing(session)
        try:
            with session.begin_nested():
                records = repository.plans.add_plans(session, plans)
            return [_stored(Path(plan.path), record) for plan, record in zip(plans, records, strict=True)]
        except (SQLAlchemyError, GreentrackError, *UNEXPECTED):
            return [_store_one(session, plan) for plan in plans]


def _stored(path: Path, record: DocumentRecord) -> IngestOutcome:
    return IngestOutcome(path, NEW_VERSION if record.version > 1 else ADDED, record)


def _store_one(session: Session, plan: PlanToStore) -> IngestOutcome:
    """One plan in its own SAVEPOINT, failing as `store_plan` fails."""
    path = Path(plan.path)
    try:
        with session.begin_nested():
            return _stored(path, repository.plans.add_plan(session, plan))
    except (SQLAlchemyError, GreentrackError, *UNEXPECTED) as exc:
        return failed(path, exc, lambda: repository.documents.document_by_hash(session, plan.content_hash))
