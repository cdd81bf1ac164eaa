"""The operations the CLI and the web share. Each takes plain arguments and returns records."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from greentrack import config
from greentrack.errors import GreentrackError
from greentrack.extract import extract_targets, extract_tasks
from greentrack.models import Outline, ReadDocument, Target, Task
from greentrack.outline import build_outline
from greentrack.read import read_document
from greentrack.read.formats import SUPPORTED
from greentrack.resolve import ReviewItem, confirm_alias, unresolved

if TYPE_CHECKING:
    from greentrack.ledger.db import Ledger
    from greentrack.ledger.ingest import IngestOutcome
    from greentrack.ledger.intake import ImportOutcome, TemplateSummary
    from greentrack.ledger.status import StatusReport
    from greentrack.track import Docket, EarlyWarning


@dataclass(frozen=True)
class ReadPlan:
    """A plan read and outlined."""

    document: ReadDocument
    outline: Outline


@dataclass(frozen=True)
class ExtractedPlan:
    """A plan read, outlined, and its targets and tasks extracted."""

    document: ReadDocument
    outline: Outline
    targets: tuple[Target, ...]
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class Failure:
    """A file that could not be processed, and why."""

    path: Path
    error: GreentrackError


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


def extract_plans(paths: list[Path], with_tasks: bool = False) -> Iterator[ExtractedPlan | Failure]:
    """Extract each file in turn; a file that fails yields a Failure and the rest go on."""
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
    folder = Path(__file__).parent / "samples"
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
    """Extraction scored against gold records: the scorer's result and the files it could not read."""

    result: dict
    failures: tuple[Failure, ...]


def evaluate_extraction(gold: Path, documents: list[Path]) -> Evaluation:
    """Extract the gold's documents (found among `documents` by file name) and score them."""
    from greentrack.extract.scoring import score
    from greentrack.reports.records import record_dict

    gold_records = load_jsonl_records(gold)
    wanted = {Path(str(r["doc"])).name for r in gold_records}
    by_name = {p.name: p for p in expand_paths(documents)}
    missing = sorted(wanted - set(by_name))
    if missing:
        from greentrack.errors import UsageError

        raise UsageError(f"documents of the gold not found: {', '.join(missing)} — pass --docs FOLDER")
    predictions: list[dict] = []
    failures: list[Failure] = []
    for item in extract_plans([by_name[name] for name in sorted(wanted)]):
        if isinstance(item, Failure):
            failures.append(item)
        else:
            predictions.extend(record_dict(t) for t in item.targets)
    return Evaluation(score(gold_records, predictions), tuple(failures))


def review_queue(paths: list[Path]) -> tuple[list[ReviewItem], list[Failure]]:
    """Targets of the plans that no catalog indicator fits confidently (or whose unit does not fit)."""
    targets: list[Target] = []
    failures: list[Failure] = []
    for item in extract_plans(expand_paths(paths)):
        if isinstance(item, Failure):
            failures.append(item)
        else:
            targets.extend(item.targets)
    return unresolved(targets, config.get("aliases_file")), failures


def confirm_indicator_alias(phrase: str, indicator_id: str) -> dict[str, str]:
    """Remember that `phrase` names `indicator_id`, in the configured aliases file."""
    return confirm_alias(phrase, indicator_id, config.get("aliases_file"))


# ---------------------------------------------------------------- the ledger (台账)
# Imported where used: the read/extract commands should not pay for SQLAlchemy at start-up.

DEMO_DB = "greentrack-demo.db"


def open_ledger(db: str | Path | None = None, url: str | None = None) -> Ledger:
    """The configured ledger (GREENTRACK_DATABASE_URL, else the SQLite file GREENTRACK_DB), migrated."""
    from greentrack.ledger.db import open_ledger as open_database

    return open_database(db, url)


def ingest_plans(ledger: Ledger, paths: list[Path], actor: str = "cli") -> Iterator[IngestOutcome]:
    """Store each plan (read → extract → resolve) in its own transaction; unchanged files are skipped."""
    from greentrack.ledger.ingest import ingest_paths
    from greentrack.resolve.resolver import default_resolver

    return ingest_paths(ledger, paths, actor, default_resolver(config.get("aliases_file")))


def ledger_status(ledger: Ledger, as_of: date | None = None, jurisdiction: str | None = None,
                  department: str | None = None) -> StatusReport:
    """Every current target's status on `as_of` (today by default), optionally filtered."""
    from greentrack.ledger.status import build_status

    with ledger.session() as session:
        return build_status(session, as_of or date.today(), jurisdiction, department)


def ledger_warnings(ledger: Ledger, as_of: date | None = None, jurisdiction: str | None = None,
                    department: str | None = None) -> tuple[StatusReport, tuple[EarlyWarning, ...], tuple[Docket, ...]]:
    """The status report, its early warnings and the supervision list (督办清单) per department."""
    from greentrack.ledger.status import warnings_of

    report = ledger_status(ledger, as_of, jurisdiction, department)
    return (report, *warnings_of(report))


def export_ledger(ledger: Ledger, fmt: str, out: Path, as_of: date | None = None) -> Path:
    """Write the ledger with statuses to `out` as xlsx, csv or json."""
    from greentrack.ledger.export import write_export

    return write_export(ledger_status(ledger, as_of), fmt, out)


@dataclass(frozen=True)
class DemoLedger:
    """A demo ledger built afresh: where it is, what went in, and its status report."""

    path: Path
    outcomes: tuple[IngestOutcome, ...]
    observations: int
    report: StatusReport


def build_demo(path: Path, as_of: date | None = None) -> DemoLedger:
    """A fresh SQLite ledger at `path`: the bundled seed plans plus the illustrative observations (示例数据)."""
    from greentrack.ledger.demo import load_observations

    if path.exists():
        path.unlink()  # fresh on every run, so the demo shows what the bundled files give
    ledger = open_ledger(db=path)
    try:
        outcomes = tuple(ingest_plans(ledger, sample_paths(), actor="demo"))
        with ledger.session("demo") as session:
            stored = load_observations(session)
        return DemoLedger(path, outcomes, stored, ledger_status(ledger, as_of))
    finally:
        ledger.close()


def department_template(ledger: Ledger, department: str, out: Path, as_of: date | None = None) -> TemplateSummary:
    """Write the reporting workbook (填报表) of a ledger department: one row per target it answers for."""
    from greentrack.errors import UsageError
    from greentrack.ledger.intake import department_template as write_department_template

    if out.suffix.lower() != ".xlsx":
        raise UsageError(f"--out {out} must name an .xlsx file")
    return write_department_template(ledger, department, out, as_of)


def import_observations(ledger: Ledger, path: Path, department: str | None = None, replace: bool = False,
                        as_of: date | None = None, reporter: str | None = None) -> ImportOutcome:
    """Import a filled reporting sheet, all rows or none; ImportRejected carries every problem found."""
    from greentrack.ledger.intake import import_observations as import_sheet

    return import_sheet(ledger, path, department, replace, as_of, reporter)[1]
