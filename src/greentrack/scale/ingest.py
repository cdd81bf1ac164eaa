"""Ingest many plans: hash and skip known bytes here, parse on the engine, write here in batches.

The pipeline (read → outline → extract → resolve) runs on the engine's workers, which never see the
database. This process hashes each file (the same bytes again are `unchanged` without being parsed),
hands the rest to the engine, and writes the parsed plans `batch` at a time: one transaction per batch,
multi-row INSERTs (`repository.plans.add_plans`), the audit rows included. The semantics stay those of
`services.ingest`, one document at a time: when a batch cannot be written, it is rolled back and
its plans are written again one by one, each in its own SAVEPOINT, so the plan at fault fails alone,
naming its file, and leaves nothing of itself behind.

Memory is bounded by the engine's window plus one batch, whatever the number of files.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from greentrack.errors import IngestError
from greentrack.ledger import repository
from greentrack.ledger.db import Ledger
from greentrack.ledger.ingest import FAILED, UNCHANGED, IngestOutcome, failed, write_batch
from greentrack.ledger.records import DocumentRecord
from greentrack.pipeline.jobs import Source, prepare_source
from greentrack.pipeline.records import Failure, PlanToStore
from greentrack.pipeline.steps import content_hash
from greentrack.scale.engines import Engine, Lost
from greentrack.scale.run import run_all

BATCH = 64
HASH_CHUNK = 256
Slot = tuple[Path, IngestOutcome | PlanToStore | None]


def ingest_many(ledger: Ledger, paths: Iterable[Path], actor: str = "cli", engine: Engine | None = None,
                aliases: tuple[tuple[str, str], ...] = (), batch: int = BATCH) -> Iterator[IngestOutcome]:
    """Ingest every file, yielding one outcome per file in the order given (a batch at a time)."""
    engine = engine or Engine()
    slots = _slots(ledger, paths)
    ahead, behind = itertools.tee(slots)
    work = (Source(path, digest) for path, digest, known in ahead if known is None)
    # Workers keep parsing while this process writes a batch (and waits on the disk to commit it): room
    # for three batches more than they hold (~0.2 MB a parsed plan; 2,000 plans ~8 % faster than one).
    results = run_all(partial(prepare_source, aliases=aliases), work, engine, window=3 * batch + 4 * engine.processes)
    pending: list[Slot] = []
    written: dict[str, DocumentRecord] = {}
    for path, _, known in behind:
        pending.append((path, known if known is not None else _outcome_or_plan(path, next(results))))
        if sum(isinstance(item, PlanToStore) for _, item in pending) >= batch:
            yield from _write(ledger, pending, actor, written)
            pending = []
    yield from _write(ledger, pending, actor, written)


def _slots(ledger: Ledger, paths: Iterable[Path]) -> Iterator[tuple[Path, str, IngestOutcome | None]]:
    """Each file with its content hash, and its outcome already when it needs no parsing (known bytes)."""
    source = iter(paths)
    while chunk := list(itertools.islice(source, HASH_CHUNK)):
        hashed: list[tuple[Path, str, IngestOutcome | None]] = []
        for path in chunk:
            try:
                hashed.append((path, content_hash(path) if path.is_file() else "", None))
            except OSError as exc:
                hashed.append((path, "", failed(path, exc)))
        with ledger.session() as session:
            known = repository.documents.documents_by_hashes(session, [digest for _, digest, _ in hashed if digest])
        for path, digest, outcome in hashed:
            if outcome is None and digest in known:
                outcome = IngestOutcome(path, UNCHANGED, known[digest])
            yield path, digest, outcome


def _outcome_or_plan(path: Path, result: PlanToStore | Failure | Lost[Source]) -> IngestOutcome | PlanToStore:
    if isinstance(result, Failure):
        return IngestOutcome(path, FAILED, error=result.error)
    if isinstance(result, Lost):
        return IngestOutcome(path, FAILED, error=IngestError(f"cannot ingest {path}: {result.reason}"))
    return result


def _write(ledger: Ledger, pending: list[Slot], actor: str, written: dict[str, DocumentRecord]) -> list[IngestOutcome]:
    """Store the batch's plans and return every slot's outcome, in order."""
    plans = [item for _, item in pending if isinstance(item, PlanToStore)]
    first = {}
    for plan in plans:  # the same bytes twice in one run: the second copy is unchanged
        if plan.content_hash not in written:
            first.setdefault(plan.content_hash, plan)
    fresh = list(first.values())
    stored: dict[int, IngestOutcome] = {}
    if fresh:
        try:
            stored = {id(plan): outcome for plan, outcome in zip(fresh, write_batch(ledger, fresh, actor), strict=True)}
        except SQLAlchemyError as exc:  # the commit itself failed: nothing of the batch is there
            stored = {id(plan): failed(Path(plan.path), exc) for plan in fresh}
    for outcome in stored.values():
        if outcome.document is not None:
            written[outcome.document.content_hash] = outcome.document
    outcomes = []
    for path, item in pending:
        if isinstance(item, IngestOutcome):
            outcomes.append(item)
        elif id(item) in stored:
            outcomes.append(_named(stored[id(item)], path))
        elif item.content_hash in written:
            outcomes.append(IngestOutcome(path, UNCHANGED, written[item.content_hash]))
        else:  # its first copy failed: this copy fails for the same reason
            first_outcome = stored[id(first[item.content_hash])]
            outcomes.append(IngestOutcome(path, FAILED, error=first_outcome.error))
    return outcomes


def _named(outcome: IngestOutcome, path: Path) -> IngestOutcome:
    """The outcome naming the path as given (a plan carries it as text)."""
    return IngestOutcome(path, outcome.status, outcome.document, outcome.error)
