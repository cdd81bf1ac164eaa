"""Plans into the ledger: the pipeline prepares each plan, the ledger stores it (files named on the command line,
on any engine, and plans uploaded through the web).

The ledger's modules are imported where used: the read/extract commands should not pay for SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from greentrack import config
from greentrack.pipeline.jobs import Source, prepare_source
from greentrack.pipeline.records import Failure, PlanToStore
from greentrack.pipeline.steps import content_hash
from greentrack.resolve.resolver import Resolver, default_resolver
from greentrack.services.files import Runner, check_upload_size, run_here, upload_name
from greentrack.services.scope import acting

if TYPE_CHECKING:
    from greentrack.auth import Principal
    from greentrack.ledger.db import Ledger
    from greentrack.ledger.ingest import IngestOutcome


def ingest_file(ledger: Ledger, path: Path, actor: str = "system", resolver: Resolver | None = None) -> IngestOutcome:
    """Ingest one file in its own transaction: bytes already stored are skipped before any parsing, and every
    failure becomes a failed outcome naming the file (the local engine; `scale.ingest` batches the others)."""
    from greentrack.ledger.ingest import FAILED, IngestOutcome, failed, store_plan, stored_version

    try:
        digest = content_hash(path) if path.is_file() else ""
    except OSError as exc:
        return failed(path, exc)
    known = stored_version(ledger, path, digest, actor) if digest else None
    if known is not None:
        return known
    plan = prepare_source(Source(path, digest), resolver=resolver or default_resolver())
    if isinstance(plan, Failure):
        return IngestOutcome(path, FAILED, error=plan.error)
    return store_plan(ledger, path, plan, actor)


def ingest_paths(ledger: Ledger, paths: Iterable[Path], actor: str = "system",
                 resolver: Resolver | None = None) -> Iterator[IngestOutcome]:
    """Ingest each file in turn, yielding its outcome as soon as it is known (for a progress bar)."""
    resolver = resolver or default_resolver()
    for path in paths:
        yield ingest_file(ledger, path, actor, resolver)


def ingest_plans(ledger: Ledger, paths: list[Path], actor: str = "cli", engine: str = "local",
                 workers: int | None = None, ray_address: str | None = None,
                 who: Principal | None = None) -> Iterator[IngestOutcome]:
    """Store each plan (read → extract → resolve) in its own transaction; unchanged files are skipped.

    With `engine` "pool" or "ray" the pipeline runs on worker processes (see `extract_plans`) and this
    process writes the plans in batches (`greentrack.scale.ingest`), each plan still all or nothing.
    Administrators and coordinators only (`who`, else the local operator or GREENTRACK_USER).
    """
    from greentrack.auth import require
    from greentrack.resolve.resolver import load_aliases

    require(acting(ledger, who), "upload_plan")

    if engine != "local" or workers is not None or ray_address:
        from greentrack.scale import Engine
        from greentrack.scale.ingest import ingest_many

        aliases = tuple(sorted(load_aliases(config.get("aliases_file")).items()))
        return ingest_many(ledger, paths, actor, Engine(engine, workers, ray_address), aliases)
    return ingest_paths(ledger, paths, actor, default_resolver(config.get("aliases_file")))


def prepare_upload(name: str, data: bytes, digest: str) -> PlanToStore | Failure:
    """Read → extract → resolve an uploaded plan, named `name`, from its bytes: no database, so a worker
    process can run it; a bad file is a Failure naming it as uploaded."""
    return prepare_source(Source(Path(name), digest, data), resolver=default_resolver(config.get("aliases_file")))


def upload_plan(ledger: Ledger, filename: str, data: bytes, actor: str = "web",
                who: Principal | None = None, run: Runner = run_here) -> IngestOutcome:
    """Store an uploaded plan (read → extract → resolve → store); its error is raised, naming the file.

    Administrators and coordinators only; a coordinator's plan must be of a place inside its jurisdiction
    (checked on the plan's metadata, or the stored version's place for known bytes, before anything is
    stored). `run` runs the reading and extraction (`prepare_upload`): in this process by default.
    """
    import hashlib

    from greentrack.auth import require
    from greentrack.ledger.ingest import store_plan, stored_version

    writer = acting(ledger, who)
    require(writer, "upload_plan")
    name = upload_name(filename)
    check_upload_size(name, data)
    path, writer_name = Path(name), writer.name if who is not None else actor
    digest = hashlib.sha256(data).hexdigest()
    known = stored_version(ledger, path, digest, writer_name)
    if known is not None and known.error is None and known.document is not None:
        if writer.places is not None:
            _check_place(writer, name, known.document.jurisdiction_code, known.document.jurisdiction_name)
        return known
    plan = run(prepare_upload, (name, data, digest))
    if isinstance(plan, Failure):
        raise plan.error
    if writer.places is not None:
        place = plan.jurisdiction
        _check_place(writer, name, place.code if place else None, place.name if place else None)
    outcome = store_plan(ledger, path, plan, writer_name)
    if outcome.error is not None:
        raise outcome.error
    return outcome


def _check_place(writer: Principal, name: str, code: str | None, place: str | None) -> None:
    """Forbidden when a plan's place (from its own metadata) is outside the writer's jurisdiction (or none)."""
    from greentrack.auth import require_place
    from greentrack.errors import Forbidden

    if code is None:
        raise Forbidden(f"{name}: 无法确定规划所属地区 the plan names no place — only an administrator may store it")
    require_place(writer, code, place)
