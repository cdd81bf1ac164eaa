"""The operations the CLI and the web share. Each takes plain arguments and returns records."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from greentrack import config
from greentrack.errors import GreentrackError
from greentrack.extract import extract_targets, extract_tasks
from greentrack.models import Outline, ReadDocument, Target, Task
from greentrack.outline import build_outline
from greentrack.read import read_document
from greentrack.read.formats import SUPPORTED
from greentrack.resolve import ReviewItem, confirm_alias, unresolved


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
