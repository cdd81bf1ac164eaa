"""Plans as files (read, extract, score the extraction) and as stored versions (list, detail, source text)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from greentrack.errors import GreentrackError
from greentrack.pipeline.records import ExtractedPlan, Failure
from greentrack.pipeline.steps import extract_plan
from greentrack.read.formats import SUPPORTED
from greentrack.services.scope import acting, readable_document
from greentrack.services.status_rows import status_rows

if TYPE_CHECKING:
    from greentrack.auth import Principal
    from greentrack.ledger.db import Ledger
    from greentrack.ledger.records import DocumentRecord, SectionRecord, TargetRecord
    from greentrack.ledger.status import StatusRow


def extract_plans(paths: list[Path], with_tasks: bool = False, engine: str = "local", workers: int | None = None,
                  ray_address: str | None = None) -> Iterator[ExtractedPlan | Failure]:
    """Extract each file in order; a file that fails yields a Failure and the rest go on.

    `engine` "pool" runs the files on `workers` local processes, "ray" on a Ray cluster at `ray_address`
    (or a Ray instance started here); the records are the same as the local run's, in the same order.
    """
    if engine != "local" or workers is not None or ray_address:
        from greentrack.scale import Engine
        from greentrack.scale.extract import extract_many

        yield from extract_many(paths, with_tasks, Engine(engine, workers, ray_address))
        return
    for path in paths:
        try:
            yield extract_plan(path, with_tasks)
        except GreentrackError as exc:
            yield Failure(path, exc)


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files named, with every supported document inside each folder named (sorted)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED))
        else:
            files.append(path)
    return files


def sample_paths() -> list[Path]:
    """The seed plans bundled with the package."""
    folder = Path(__file__).parents[1] / "samples"
    return sorted(folder.glob("*.txt"))


def load_jsonl_records(folder_or_file: Path) -> list[dict]:
    """Records of a JSON Lines file, or of every *.jsonl in a folder; bad lines are named."""
    import json

    from greentrack.errors import UsageError

    if not folder_or_file.exists():
        raise UsageError(f"{folder_or_file} does not exist — pass a folder of gold *.jsonl files")
    files = sorted(folder_or_file.glob("*.jsonl")) if folder_or_file.is_dir() else [folder_or_file]
    if not files:
        raise UsageError(f"no *.jsonl files in {folder_or_file}")
    records = []
    for file in files:
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise UsageError(f"{file} line {number}: not JSON ({exc.msg})") from exc
            if not isinstance(record, dict) or "doc" not in record:
                raise UsageError(f"{file} line {number}: a record needs at least a 'doc' field")
            records.append(record)
    return records


@dataclass(frozen=True)
class Evaluation:
    """Extraction scored against gold records: the scorer's result, the files it could not read, and
    what reliability needs (each prediction for a plan with gold and whether it matched)."""

    result: dict
    failures: tuple[Failure, ...]
    labelled: tuple[tuple[dict, bool], ...] = ()
    left_out: tuple[str, ...] = ()  # plans with gold but no document among the documents given


def evaluation_paths(gold_records: list[dict], documents: list[Path]) -> tuple[list[Path], list[str]]:
    """The documents of the plans the gold labels (known by name without extension), and the plans not found."""
    from greentrack.errors import UsageError

    for folder in documents:
        if not folder.exists():
            raise UsageError(f"{folder} does not exist — pass --docs with a folder (or files) of plans")
    wanted = {Path(str(r["doc"])).stem for r in gold_records}
    by_plan: dict[str, Path] = {}
    for path in expand_paths(documents):
        if path.stem not in wanted:
            continue  # a plan without gold is not scored
        if path.stem in by_plan and by_plan[path.stem] != path:
            raise UsageError(f"two documents for plan {path.stem}: {by_plan[path.stem].name} and {path.name}"
                             " — keep one format of each plan in --docs")
        by_plan[path.stem] = path
    if not by_plan:
        raise UsageError(f"none of the {len(wanted)} plans of the gold is among "
                         f"{', '.join(map(str, documents))} — plans are matched by file name without extension")
    return [by_plan[name] for name in sorted(by_plan)], sorted(wanted - set(by_plan))


def evaluate_extraction(gold: Path, documents: list[Path],
                        progress: Callable[[Iterator[ExtractedPlan | Failure], int], Iterator[ExtractedPlan | Failure]]
                        | None = None) -> Evaluation:
    """Extract the gold's plans found among `documents` (any format the reader takes) and score them.

    Plans are matched by file name without extension; gold plans with no document are left out of the
    score (and named in `left_out`). `progress` may wrap the stream of extracted plans (a progress bar).
    """
    from greentrack.extract.scoring import correctness, score
    from greentrack.reports.records import record_dict

    gold_records = load_jsonl_records(gold)
    paths, left_out = evaluation_paths(gold_records, documents)
    scored = set(p.stem for p in paths)
    gold_records = [r for r in gold_records if Path(str(r["doc"])).stem in scored]
    predictions: list[dict] = []
    failures: list[Failure] = []
    stream = extract_plans(paths)
    for item in (progress(stream, len(paths)) if progress else stream):
        if isinstance(item, Failure):
            failures.append(item)
        else:
            predictions.extend(record_dict(t) for t in item.targets)
    return Evaluation(score(gold_records, predictions), tuple(failures),
                      tuple(correctness(gold_records, predictions)), tuple(left_out))


def list_documents(ledger: Ledger, who: Principal | None = None) -> list[DocumentRecord]:
    """Every stored document version inside `who`'s jurisdiction, in the order stored."""
    from greentrack.auth import require, sees_place
    from greentrack.ledger import repository

    reader = acting(ledger, who)
    require(reader, "read")
    with ledger.session() as session:
        return [d for d in repository.documents.list_documents(session) if sees_place(reader, d.jurisdiction_code)]


def document_count(ledger: Ledger, who: Principal | None = None) -> int:
    """How many document versions `list_documents` lists for `who`, without reading them (the overview's count)."""
    from greentrack.auth import require, sees_place
    from greentrack.ledger import repository

    reader = acting(ledger, who)
    require(reader, "read")
    with ledger.session() as session:
        counted = repository.documents.documents_per_place(session)
    return sum(count for code, count in counted.items() if sees_place(reader, code))


@dataclass(frozen=True)
class DocumentDetail:
    """A stored plan version: its outline, every target with its status, and the newest version's id."""

    document: DocumentRecord
    sections: tuple[SectionRecord, ...]
    rows: tuple[StatusRow, ...]
    newest_id: int


def document_detail(ledger: Ledger, document_id: int, as_of: date | None = None,
                    who: Principal | None = None) -> DocumentDetail:
    """One document version with its outline and the targets `who` may see; UnknownDocument when there is none."""
    from greentrack.auth import sees_target
    from greentrack.ledger import repository

    reader = acting(ledger, who)
    with ledger.session() as session:
        document = readable_document(session, reader, document_id)
        sections = tuple(repository.documents.document_sections(session, document_id))
        targets = [t for t in repository.documents.document_targets(session, document_id)
                   if sees_target(reader, t.id, t.jurisdiction_code)]
        rows = tuple(status_rows(session, targets, as_of or date.today()))
        newest = repository.documents.newest_version_id(session, document_id)
    return DocumentDetail(document, sections, rows, newest)


@dataclass(frozen=True)
class DocumentSource:
    """A document's normalised text and its targets, whose spans point into it (`text[start:end] == quote`)."""

    document: DocumentRecord
    text: str
    targets: tuple[TargetRecord, ...]


def document_source(ledger: Ledger, document_id: int, who: Principal | None = None) -> DocumentSource:
    """The text of one document version and its targets, for highlighting quotes; UnknownDocument when none."""
    from greentrack.auth import sees_target
    from greentrack.ledger import repository

    reader = acting(ledger, who)
    with ledger.session() as session:
        document = readable_document(session, reader, document_id)
        text = repository.documents.document_text(session, document_id)
        targets = tuple(t for t in repository.documents.document_targets(session, document_id)
                        if sees_target(reader, t.id, t.jurisdiction_code))
    return DocumentSource(document, text, targets)
