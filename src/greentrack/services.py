"""The operations the CLI and the web share. Each takes plain arguments and returns records."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from greentrack import config
from greentrack.errors import GreentrackError
from greentrack.extract import extract_targets, extract_tasks
from greentrack.models import Outline, ReadDocument, Target, Task
from greentrack.outline import build_outline
from greentrack.read import read_document
from greentrack.read.formats import SUPPORTED
from greentrack.resolve import ReviewItem, confirm_alias, unresolved

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from greentrack.analyse import (
        AmbitionRanking,
        Contradiction,
        DecompositionReport,
        JurisdictionScore,
        Timeline,
    )
    from greentrack.auth import Principal
    from greentrack.auth.demo import DemoAccount
    from greentrack.ledger.backup import BackupSummary
    from greentrack.ledger.db import Ledger
    from greentrack.ledger.ingest import IngestOutcome
    from greentrack.ledger.intake import ImportOutcome, TemplateSummary
    from greentrack.ledger.records import (
        AuditRecord,
        DepartmentRecord,
        DocumentRecord,
        ObservationRecord,
        SectionRecord,
        TargetRecord,
    )
    from greentrack.ledger.status import StatusReport, StatusRow
    from greentrack.ledger.users import UserInfo
    from greentrack.reports.midterm import MidtermReport
    from greentrack.scale.index import TargetIndex
    from greentrack.track import Assessment, Docket, EarlyWarning


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


def ingest_plans(ledger: Ledger, paths: list[Path], actor: str = "cli", engine: str = "local",
                 workers: int | None = None, ray_address: str | None = None,
                 who: Principal | None = None) -> Iterator[IngestOutcome]:
    """Store each plan (read → extract → resolve) in its own transaction; unchanged files are skipped.

    With `engine` "pool" or "ray" the pipeline runs on worker processes (see `extract_plans`) and this
    process writes the plans in batches (`greentrack.scale.ingest`), each plan still all or nothing.
    Administrators and coordinators only (`who`, else the local operator or GREENTRACK_USER).
    """
    from greentrack.auth import require
    from greentrack.ledger.ingest import ingest_paths
    from greentrack.resolve.resolver import default_resolver, load_aliases

    require(acting(ledger, who), "upload_plan")

    if engine != "local" or workers is not None or ray_address:
        from greentrack.scale import Engine
        from greentrack.scale.ingest import ingest_many

        aliases = tuple(sorted(load_aliases(config.get("aliases_file")).items()))
        return ingest_many(ledger, paths, actor, Engine(engine, workers, ray_address), aliases)
    return ingest_paths(ledger, paths, actor, default_resolver(config.get("aliases_file")))


def ledger_status(ledger: Ledger, as_of: date | None = None, jurisdiction: str | None = None,
                  department: str | None = None, who: Principal | None = None) -> StatusReport:
    """Every current target `who` may see, with its status on `as_of` (today by default), optionally filtered."""
    from greentrack.auth import require
    from greentrack.ledger.status import build_status

    reader = acting(ledger, who)
    require(reader, "read")
    with ledger.session() as session:
        _check_place_query(session, reader, jurisdiction)
        report = build_status(session, as_of or date.today(), jurisdiction, department)
    return visible_report(reader, report)


def visible_report(reader: Principal, report: StatusReport) -> StatusReport:
    """The rows of a status report the reader may see (all of them for an administrator)."""
    from greentrack.auth import sees_target
    from greentrack.ledger.status import StatusReport

    if reader.everywhere:
        return report
    return StatusReport(report.as_of, tuple(r for r in report.rows
                                            if sees_target(reader, r.record.id, r.record.jurisdiction_code)))


def _check_place_query(session: Session, reader: Principal, jurisdiction: str | None) -> None:
    """Forbidden when a user asks by name for a place outside its jurisdiction (rather than an empty answer)."""
    from greentrack.auth import require_place
    from greentrack.ledger import repository

    if jurisdiction and reader.places is not None:
        code = repository.find_jurisdiction_code(session, jurisdiction)
        if code is not None:
            require_place(reader, code, jurisdiction)


def ledger_warnings(ledger: Ledger, as_of: date | None = None, jurisdiction: str | None = None,
                    department: str | None = None, who: Principal | None = None,
                    ) -> tuple[StatusReport, tuple[EarlyWarning, ...], tuple[Docket, ...]]:
    """The status report, its early warnings and the supervision list (督办清单) per department."""
    from greentrack.ledger.status import warnings_of

    report = ledger_status(ledger, as_of, jurisdiction, department, who)
    return (report, *warnings_of(report))


def export_ledger(ledger: Ledger, fmt: str, out: Path, as_of: date | None = None,
                  who: Principal | None = None) -> Path:
    """Write the ledger with statuses to `out`: the Excel 台账 (xlsx), csv or json."""
    from greentrack.ledger.export import write_export

    if fmt == "xlsx":
        return _write_file(out, ledger_workbook(ledger, as_of, who))
    return write_export(ledger_status(ledger, as_of, who=who), fmt, out)


@dataclass(frozen=True)
class DemoLedger:
    """A demo ledger built afresh: where it is, what went in, and its status report."""

    path: Path
    outcomes: tuple[IngestOutcome, ...]
    observations: int
    report: StatusReport
    accounts: tuple[DemoAccount, ...] = ()


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
        accounts = _demo_accounts(ledger)
        return DemoLedger(path, outcomes, stored, ledger_status(ledger, as_of), accounts)
    finally:
        ledger.close()


def _demo_accounts(ledger: Ledger) -> tuple[DemoAccount, ...]:
    """The demo's users, one per role (DEMO ONLY: their passwords are printed and public)."""
    from greentrack.auth.demo import DEMO_ACCOUNTS
    from greentrack.auth.secrets import hash_password
    from greentrack.ledger import users

    with ledger.session("demo") as session:
        for account in DEMO_ACCOUNTS:
            users.add_user(session, "demo", account.name, account.role, hash_password(account.password),
                           account.jurisdiction, account.department)
    return DEMO_ACCOUNTS


def department_template(ledger: Ledger, department: str, out: Path, as_of: date | None = None,
                        who: Principal | None = None) -> TemplateSummary:
    """Write the reporting workbook (填报表) of a ledger department: one row per target it answers for."""
    from greentrack.auth import require
    from greentrack.errors import UsageError
    from greentrack.ledger.intake import department_template as write_department_template

    reader = acting(ledger, who)
    require(reader, "template")
    _own_department(ledger, reader, department)
    if out.suffix.lower() != ".xlsx":
        raise UsageError(f"--out {out} must name an .xlsx file")
    return write_department_template(ledger, department, out, as_of)


def _own_department(ledger: Ledger, reader: Principal, department: str | None) -> str | None:
    """The department a reporter acts for (its own, whatever it named); Forbidden when it named another."""
    from greentrack.auth import REPORTER
    from greentrack.errors import Forbidden
    from greentrack.ledger.intake import department_name

    if reader.role != REPORTER:
        return department
    if department:
        with ledger.session() as session:
            named = department_name(session, department)
        if named != reader.department:
            raise Forbidden(f"{reader.name} 属于 {reader.department}，不能代 {named} 填报 — a reporter acts for its "
                            "own department only")
    return reader.department


def import_observations(ledger: Ledger, path: Path, department: str | None = None, replace: bool = False,
                        as_of: date | None = None, reporter: str | None = None,
                        who: Principal | None = None) -> ImportOutcome:
    """Import a filled reporting sheet, all rows or none; ImportRejected carries every problem found.

    Forbidden, before anything is written, when a row names a target the user may not report on.
    """
    from greentrack.ledger.intake import import_observations as import_sheet

    writer = acting(ledger, who)
    department = _own_department(ledger, writer, department)
    _check_sheet_targets(ledger, writer, path)
    return import_sheet(ledger, path, department, replace, as_of, reporter, writer.name)[1]


def _check_sheet_targets(ledger: Ledger, writer: Principal, path: Path) -> None:
    """Forbidden naming the first row whose target the writer may not report on; other problems are the import's."""
    from greentrack.auth import may_report, require
    from greentrack.errors import UnknownTarget
    from greentrack.ledger import repository
    from greentrack.ledger.intake_check import cell_ident
    from greentrack.ledger.intake_read import read_sheet

    require(writer, "report")
    if writer.everywhere:
        return
    sheet = read_sheet(path)
    with ledger.session() as session:
        for row in sheet.rows:
            ident = cell_ident(row.cell("target_id").value)
            if not ident.isdigit():
                continue  # not a target id: the import names the problem
            try:
                record = repository.get_target(session, int(ident))
            except UnknownTarget:
                continue
            may_report(writer, record.id, record.jurisdiction_code)


def backup_ledger(ledger: Ledger, out: Path) -> BackupSummary:
    """Write every table of the ledger to a portable JSON Lines file (gzip when `out` ends in .gz)."""
    from greentrack.ledger.backup import write_backup

    return write_backup(ledger, out)


def restore_ledger(ledger: Ledger, source: Path) -> BackupSummary:
    """Load a backup into an empty ledger, all tables or nothing; the file is verified whole first."""
    from greentrack.ledger.backup import restore_backup

    return restore_backup(ledger, source)


# ---------------------------------------------------------------- views of the ledger (dashboard pages and API alike)
# One function per view; the page /targets/{id} and the route /api/v1/targets/{id} both call target_detail.

TARGET_SORTS = ("id", "jurisdiction", "indicator", "year", "due", "status", "progress")


@dataclass(frozen=True)
class TargetFilter:
    """What a list of targets is narrowed to; `indicator` is a catalog id or words of the indicator as written."""

    jurisdiction: str | None = None
    department: str | None = None
    indicator: str | None = None
    dimension: str | None = None
    status: str | None = None
    year: int | None = None


@dataclass(frozen=True)
class TargetList:
    """One page of filtered, sorted targets with their status, and how many matched in all."""

    as_of: date
    rows: tuple[StatusRow, ...]
    total: int
    limit: int
    offset: int
    illustrative: bool


def list_targets(ledger: Ledger, filters: TargetFilter | None = None, sort: str = "id", descending: bool = False,
                 limit: int = 50, offset: int = 0, as_of: date | None = None,
                 who: Principal | None = None) -> TargetList:
    """Current targets with their status, filtered, sorted and paginated (limit 1–1000, offset ≥ 0)."""
    chosen = _checked_list(filters, sort, limit, offset)
    if _target_list_route() == "index":
        return _indexed_targets(ledger, chosen, sort, descending, limit, offset, as_of or date.today(), who)
    report = ledger_status(ledger, as_of, chosen.jurisdiction, chosen.department, who)
    matched = [row for row in report.rows if _matches(row, chosen)]
    value = _sort_value(sort)
    rows = sorted((r for r in matched if value(r) is not None), key=lambda r: (value(r), r.record.id),
                  reverse=descending) + [r for r in matched if value(r) is None]  # blanks last either way
    return TargetList(report.as_of, tuple(rows[offset:offset + limit]), len(rows), limit, offset,
                      any(row.illustrative for row in rows))


def list_target_page(ledger: Ledger, filters: TargetFilter | None = None, sort: str = "id",
                     descending: bool = False, limit: int = 50, offset: int = 0, as_of: date | None = None,
                     who: Principal | None = None) -> IndexedPage | None:
    """The ids of the page `list_targets` gives, when lists go through the target index (None when the setting
    target_list is `report`): the API then serialises each target's row once per ledger mark."""
    chosen = _checked_list(filters, sort, limit, offset)
    if _target_list_route() != "index":
        return None
    return indexed_page(ledger, chosen, sort, descending, limit, offset, as_of or date.today(), who)


def _checked_list(filters: TargetFilter | None, sort: str, limit: int, offset: int) -> TargetFilter:
    """The filter of a list (all targets when None); UsageError on a sort, status or window out of range."""
    from greentrack.errors import UsageError
    from greentrack.track import STATUSES

    chosen = filters or TargetFilter()
    if sort not in TARGET_SORTS:
        raise UsageError(f"cannot sort by {sort!r} — use one of {', '.join(TARGET_SORTS)}")
    if chosen.status and chosen.status not in STATUSES:
        raise UsageError(f"unknown status {chosen.status!r} — use one of {', '.join(STATUSES)}")
    if not 1 <= limit <= 1000 or offset < 0:
        raise UsageError(f"limit must be 1–1000 and offset ≥ 0 (got limit={limit}, offset={offset})")
    return chosen


def _target_list_route() -> str:
    from greentrack.errors import ConfigError

    route = str(config.get("target_list")).strip()
    if route not in ("index", "report"):
        raise ConfigError(f"setting target_list is {route!r} — use index or report")
    return route


def _indexed_targets(ledger: Ledger, chosen: TargetFilter, sort: str, descending: bool, limit: int, offset: int,
                     as_of: date, who: Principal | None) -> TargetList:
    """`list_targets` through the ledger's target index (greentrack.scale.index): statuses computed in bulk
    once per date and ledger change, filters and order by numpy, only the page's targets read and assessed."""
    page = indexed_page(ledger, chosen, sort, descending, limit, offset, as_of, who)
    return TargetList(as_of, tuple(target_rows(ledger, page.ids, as_of)), page.total, limit, offset,
                      page.illustrative)


@dataclass(frozen=True)
class IndexedPage:
    """The ids of one page of a target list, how many matched, and the ledger mark the index was built at."""

    ids: list[int]
    total: int
    illustrative: bool
    mark: tuple[int, int, int]


def indexed_page(ledger: Ledger, chosen: TargetFilter, sort: str, descending: bool, limit: int, offset: int,
                 as_of: date, who: Principal | None) -> IndexedPage:
    """The ids of one page of `list_targets` (index route), checked as it checks; no target is read."""
    with _scoped_index(ledger, as_of, chosen, who) as scoped:
        index = scoped.index
        page = index.page(chosen.status, chosen.year, chosen.dimension, chosen.indicator, scoped.places,
                          scoped.reader.target_ids, scoped.departments, sort, descending, limit, offset,
                          scoped.department_key)
    return IndexedPage(page.ids, page.total, page.illustrative, index.columns.mark)


@dataclass(frozen=True)
class _ScopedIndex:
    """The target index on a date, and what a query and its reader limit it to (None: all)."""

    session: Session
    index: TargetIndex
    reader: Principal
    places: set[str] | None
    departments: Any
    department_key: str | None

    def matching(self) -> Any:
        """The mask of the index's rows the query and its reader keep."""
        return self.index.matching(self.places, self.reader.target_ids, self.departments)


@contextmanager
def _scoped_index(ledger: Ledger, as_of: date, chosen: TargetFilter, who: Principal | None,
                  ) -> Iterator[_ScopedIndex]:
    """The index for `as_of`, checked as the per-target report checks (read access, the queried place)."""
    from greentrack.auth import require
    from greentrack.scale.index import target_index

    reader = acting(ledger, who)
    require(reader, "read")
    with ledger.session() as session:
        _check_place_query(session, reader, chosen.jurisdiction)
        index = target_index(session, ledger.url, as_of)
        yield _ScopedIndex(session, index, reader, *_index_scope(session, index, reader, chosen))


def _index_scope(session: Session, index: TargetIndex, reader: Principal, chosen: TargetFilter,
                 ) -> tuple[set[str] | None, Any, str | None]:
    """The places, department rows (and their cache key) a query and its reader limit the index to (None: all)."""
    from greentrack.ledger import repository

    places: set[str] | None = None
    if chosen.jurisdiction:
        code = index.place_code(chosen.jurisdiction, lambda text: repository.find_jurisdiction_code(session, text))
        places = index.codes_under(code) if code else set()
    departments, department_key = None, None
    if chosen.department:
        department_key = chosen.department.strip()
        departments = index.department_rows(chosen.department, lambda text: repository.target_ids_of_departments(
            session, [d.id for d in repository.find_departments(session, text)]))
    if reader.places is not None and reader.target_ids is None:  # what the reader may see (visible_report)
        places = set(reader.places) if places is None else places & set(reader.places)
    return places, departments, department_key


def target_rows(ledger: Ledger, ids: Sequence[int], as_of: date) -> list[StatusRow]:
    """Stored targets by id, in that order, assessed on `as_of` (a page of `indexed_page`; no access check)."""
    from greentrack.ledger import repository

    if not ids:
        return []
    with ledger.session() as session:
        return _status_rows(session, repository.targets_by_ids(session, ids), as_of)


def status_ids(ledger: Ledger, as_of: date, jurisdiction: str | None = None, department: str | None = None,
               who: Principal | None = None) -> list[int] | None:
    """The ids of the rows `ledger_status` gives, in its (ledger) order, from the target index, checked as it
    checks; None when the setting target_list is `report`. A caller then reads them in pages with `target_rows`,
    so that memory stays bounded at national size (the CLI's status table)."""
    if _target_list_route() != "index":
        return None
    chosen = TargetFilter(jurisdiction=jurisdiction, department=department)
    with _scoped_index(ledger, as_of, chosen, who) as scoped:
        return scoped.index.columns.ids[scoped.matching()].tolist()  # the index's columns are in ledger order


def indicator_dimension(row: StatusRow) -> str | None:
    """The 城市体检 dimension of a target's catalog indicator (None when unresolved)."""
    from greentrack.resolve import get_indicator

    indicator = get_indicator(row.record.indicator_id) if row.record.indicator_id else None
    return indicator.dimension if indicator else None


def _matches(row: StatusRow, chosen: TargetFilter) -> bool:
    target = row.record.target
    if chosen.status and row.assessment.status != chosen.status:
        return False
    if chosen.year is not None and target.year != chosen.year:
        return False
    if chosen.dimension and indicator_dimension(row) != chosen.dimension:
        return False
    wanted = (chosen.indicator or "").strip()
    return not wanted or row.record.indicator_id == wanted or wanted in target.indicator


def _sort_value(sort: str) -> Callable[[StatusRow], Any]:
    from greentrack.track import STATUSES

    def value(row: StatusRow) -> Any:
        target, assessment = row.record.target, row.assessment
        return {
            "id": row.record.id, "jurisdiction": row.record.jurisdiction_name or "", "indicator": target.indicator,
            "year": target.year, "due": assessment.due, "status": STATUSES.index(assessment.status),
            "progress": assessment.ratio,
        }[sort]

    return value


@dataclass(frozen=True)
class TargetDetail:
    """One target with everything behind its status: document text, observations, history and expected path.

    `history` is the target re-assessed on each observation's date (the ledger keeps no status history);
    `path` the expected value (预期进度) at each year end from its baseline to its due date.
    """

    row: StatusRow
    document: DocumentRecord
    text: str
    history: tuple[Assessment, ...]
    path: tuple[tuple[date, float], ...]


def target_detail(ledger: Ledger, target_id: int, as_of: date | None = None,
                  who: Principal | None = None) -> TargetDetail:
    """A stored target (any version) with its status on `as_of`; UnknownTarget when none, Forbidden when not yours."""
    from greentrack.auth import require, require_target
    from greentrack.ledger import repository
    from greentrack.track import assess

    reader = acting(ledger, who)
    require(reader, "read")
    when = as_of or date.today()
    with ledger.session() as session:
        record = repository.get_target(session, target_id)
        require_target(reader, record.id, record.jurisdiction_code)
        row = _status_rows(session, [record], when)[0]
        document = repository.get_document(session, record.document_id)
        text = repository.document_text(session, record.document_id)
    target, observed = row.tracked.target, row.tracked.observations
    history = tuple(assess(target, observed, day) for day in sorted({o.period for o in observed if o.period <= when}))
    return TargetDetail(row, document, text, history, _expected_path(row, when))


def _expected_path(row: StatusRow, as_of: date) -> tuple[tuple[date, float], ...]:
    """The track stage's expected value at each year end from the baseline year to the due year."""
    from greentrack.track import assess

    first, due = row.assessment.baseline_period, row.assessment.due
    if first is None or due is None or row.assessment.kind == "standard":
        return ()
    points = []
    for year in range(first.year, due.year + 1):
        day = min(date(year, 12, 31), due)
        expected = assess(row.tracked.target, row.tracked.observations, day).expected
        if expected is not None:
            points.append((day, expected))
    return tuple(points)


def _status_rows(session: Session, records: list[TargetRecord], as_of: date) -> list[StatusRow]:
    """Stored targets of any version assessed on `as_of`, as the status report does for current ones."""
    from greentrack.ledger import repository
    from greentrack.ledger.status import StatusRow
    from greentrack.ledger.tracking import track_input
    from greentrack.track import assess_many

    observations = repository.observations_for(session, records)
    inputs = [track_input(r, observations[r.id]) for r in records]
    assessments = assess_many([i.target for i in inputs], {i.target.id: i.observations for i in inputs}, as_of)
    return [StatusRow(r, tuple(observations[r.id]), i, a) for r, i, a in zip(records, inputs, assessments, strict=True)]


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
        document = _readable_document(session, reader, document_id)
        sections = tuple(repository.document_sections(session, document_id))
        targets = [t for t in repository.document_targets(session, document_id)
                   if sees_target(reader, t.id, t.jurisdiction_code)]
        rows = tuple(_status_rows(session, targets, as_of or date.today()))
        newest = repository.newest_version_id(session, document_id)
    return DocumentDetail(document, sections, rows, newest)


def _readable_document(session: Session, reader: Principal, document_id: int) -> DocumentRecord:
    """A document inside the reader's jurisdiction; UnknownDocument or Forbidden otherwise."""
    from greentrack.auth import require, require_place
    from greentrack.ledger import repository

    require(reader, "read")
    document = repository.get_document(session, document_id)
    require_place(reader, document.jurisdiction_code, document.jurisdiction_name or document.name)
    return document


def list_documents(ledger: Ledger, who: Principal | None = None) -> list[DocumentRecord]:
    """Every stored document version inside `who`'s jurisdiction, in the order stored."""
    from greentrack.auth import require, sees_place
    from greentrack.ledger import repository

    reader = acting(ledger, who)
    require(reader, "read")
    with ledger.session() as session:
        return [d for d in repository.list_documents(session) if sees_place(reader, d.jurisdiction_code)]


@dataclass(frozen=True)
class DepartmentSummary:
    """A department with the current targets it answers for, how many it leads, and how many are warned."""

    department: DepartmentRecord
    jurisdiction_name: str | None
    rows: tuple[StatusRow, ...]
    leads: frozenset[int]
    docket: Docket | None


def department_summaries(ledger: Ledger, as_of: date | None = None,
                         who: Principal | None = None) -> list[DepartmentSummary]:
    """Every department `who` may see with its current targets and supervision list (督办清单), most targets first.

    A reporter sees its own department; a coordinator or viewer those of its places.
    """
    from greentrack.ledger import repository
    from greentrack.ledger.status import StatusReport, warnings_of
    from greentrack.resolve import get_jurisdiction

    reader = acting(ledger, who)
    report = ledger_status(ledger, as_of, who=reader)
    with ledger.session() as session:
        departments = [d for d in repository.list_departments(session) if _sees_department(reader, d)]
        answers = repository.department_responsibilities(session)
    summaries = []
    for department in departments:
        mine = answers.get(department.id, {})
        rows = tuple(row for row in report.rows if row.record.id in mine)
        dockets = warnings_of(StatusReport(report.as_of, rows))[1]
        docket = next((d for d in dockets if d.department == department.name), None)
        place = get_jurisdiction(department.jurisdiction_code) if department.jurisdiction_code else None
        summaries.append(DepartmentSummary(department, place.name if place else None, rows,
                                           frozenset(t for t, lead in mine.items() if lead), docket))
    return sorted(summaries, key=lambda s: (-len(s.rows), s.department.name, s.department.id))


def _sees_department(reader: Principal, department: DepartmentRecord) -> bool:
    from greentrack.auth import REPORTER, sees_place

    if reader.role == REPORTER:
        return department.id == reader.department_id
    return sees_place(reader, department.jurisdiction_code)


def department_detail(ledger: Ledger, department_id: int, as_of: date | None = None,
                      who: Principal | None = None) -> DepartmentSummary:
    """One department's current targets and supervision list; UnknownDepartmentId when none, Forbidden if not yours."""
    from greentrack.errors import Forbidden, UnknownDepartmentId
    from greentrack.ledger import repository

    reader = acting(ledger, who)
    if not reader.everywhere:
        with ledger.session() as session:
            known = {d.id: d for d in repository.list_departments(session)}
        if department_id in known and not _sees_department(reader, known[department_id]):
            raise Forbidden(f"部门 {known[department_id].name} 不在你的范围内 — department {department_id} is outside "
                            "what your role may see")
    for summary in department_summaries(ledger, as_of, reader):
        if summary.department.id == department_id:
            return summary
    raise UnknownDepartmentId(f"no department {department_id} in the ledger — see the list of departments")


@dataclass(frozen=True)
class IndicatorComparison:
    """One catalog indicator across jurisdictions: each current target on it with its status.

    `choices` lists the indicators the ledger can compare: (id, Chinese name, number of jurisdictions).
    """

    indicator_id: str | None
    indicator_name: str | None
    unit: str | None
    rows: tuple[StatusRow, ...]
    choices: tuple[tuple[str, str, int], ...]


def compare_indicator(ledger: Ledger, indicator_id: str | None = None,
                      as_of: date | None = None, who: Principal | None = None) -> IndicatorComparison:
    """The targets on one indicator by jurisdiction; without an id, the indicator set in the most places."""
    from greentrack.errors import UnknownIndicator
    from greentrack.resolve import get_indicator

    report = ledger_status(ledger, as_of, who=who)
    places: dict[str, set[str]] = {}
    for row in report.rows:
        if row.record.indicator_id:
            places.setdefault(row.record.indicator_id, set()).add(row.record.jurisdiction_code or "")
    charted = {r.record.indicator_id for r in report.rows if r.record.target.kind != "standard"}
    ranked = sorted(places, key=lambda i: (i not in charted, -len(places[i]), i))  # a chartable one by default
    choices = tuple((i, get_indicator(i).zh if get_indicator(i) else i, len(places[i])) for i in ranked)
    chosen = indicator_id or (ranked[0] if ranked else None)
    if chosen is None:
        return IndicatorComparison(None, None, None, (), choices)
    indicator = get_indicator(chosen)
    if indicator is None:
        raise UnknownIndicator(chosen)
    rows = sorted((r for r in report.rows if r.record.indicator_id == chosen),
                  key=lambda r: (r.record.jurisdiction_name or "", r.record.target.year or 0, r.record.id))
    return IndicatorComparison(chosen, indicator.zh, indicator.unit, tuple(rows), choices)


# ---------------------------------------------------------------- API operations (status summary, observations, files)
# The pages call these too where they show the same thing (the upload forms, the export link).

UNASSIGNED = "未分配部门"  # the bucket of targets no department answers for


@dataclass(frozen=True)
class StatusSummary:
    """Targets per status, overall and per department, jurisdiction (code, name) on `as_of`.

    A target counts once for every department answering for it; one with none counts under UNASSIGNED.
    """

    as_of: date
    total: int
    counts: dict[str, int]
    by_department: tuple[tuple[str, dict[str, int]], ...]
    by_jurisdiction: tuple[tuple[str | None, str | None, dict[str, int]], ...]
    illustrative: bool


def status_summary(ledger: Ledger, as_of: date | None = None, jurisdiction: str | None = None,
                   department: str | None = None, who: Principal | None = None) -> StatusSummary:
    """Counts of targets by status, by department and by jurisdiction (for the overview and /api/v1/status).

    With target_list = index the counts come from the target index's columns (no target is read one by one);
    with `report`, from the per-target status report. Both give the same summary (tests/scale hold them to it).
    """
    if _target_list_route() == "index":
        return _indexed_summary(ledger, as_of or date.today(), TargetFilter(jurisdiction=jurisdiction,
                                                                            department=department), who)
    return summary_of(ledger_status(ledger, as_of, jurisdiction, department, who))


_RESPONSIBLE: dict[tuple[str, tuple[int, int, int]], tuple[Any, list[str]]] = {}  # (ledger, mark) → names


def _indexed_summary(ledger: Ledger, as_of: date, chosen: TargetFilter, who: Principal | None) -> StatusSummary:
    """`status_summary` from the target index: masks and bincounts over its columns, as `summary_of` counts."""
    from greentrack.ledger.status import responsible_names

    with _scoped_index(ledger, as_of, chosen, who) as scoped:
        session, index, keep = scoped.session, scoped.index, scoped.matching()
        key = (ledger.url, index.columns.mark)  # a new document or correction moves the mark
        if key not in _RESPONSIBLE:
            _RESPONSIBLE.clear()  # one ledger's at a time: a national one is a few MB
            _RESPONSIBLE[key] = responsible_names(session)
        responsible = _RESPONSIBLE[key]
    return _counted(index, keep, as_of, *responsible)


def _counted(index: TargetIndex, keep: Any, as_of: date, targets: Any, names: list[str]) -> StatusSummary:
    """The summary of the kept rows of `index`; `targets[i]` answers to department `names[codes[i]]`."""
    import numpy as np

    from greentrack.track import STATUS_LABELS, STATUSES

    c = index.columns
    width = len(STATUSES)
    order = list(STATUS_LABELS)  # the order `StatusReport.counts` gives

    def labelled(counts: Any) -> dict[str, int]:
        return {s: int(counts[STATUSES.index(s)]) for s in order if counts[STATUSES.index(s)]}

    status = c.status[keep]
    places = np.bincount(index.jurisdiction[keep] * width + status,
                         minlength=len(index.places) * width).reshape(-1, width)
    by_place = [(code, index.place_names.get(code or ""), labelled(row))
                for code, row in zip(index.places, places, strict=True) if row.any()]
    by_place.sort(key=lambda item: (-sum(item[2].values()), item[0] or ""))
    # each responsibility row of a kept target counts once, as `row.record.departments` lists them
    target_ids, codes = targets
    by_id = np.argsort(c.ids, kind="stable")
    held = c.ids[by_id]
    where = np.minimum(np.searchsorted(held, target_ids), max(len(held) - 1, 0))
    found = (held[where] == target_ids) if len(held) else np.zeros(len(target_ids), bool)
    rows, codes = by_id[where[found]], codes[found]
    answered = np.zeros(len(c.ids), bool)
    answered[rows] = True
    counted = keep[rows]
    departments = np.bincount(codes[counted] * width + c.status[rows[counted]],
                              minlength=len(names) * width).reshape(-1, width)
    by_department = {name: labelled(row) for name, row in zip(names, departments, strict=True) if row.any()}
    unassigned = np.bincount(c.status[keep & ~answered], minlength=width)
    if unassigned.any():
        by_department[UNASSIGNED] = labelled(unassigned)  # a department so named would share the bucket
    ranked = sorted(by_department.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    return StatusSummary(as_of, int(keep.sum()), labelled(np.bincount(status, minlength=width)), tuple(ranked),
                         tuple(by_place), bool(c.illustrative[keep].any()))


FINISHED = ("achieved", "compliant")  # statuses no upcoming deadline lists
ROW_CHUNK = 20_000  # target ids read per query when rows are built for part of a ledger


@dataclass(frozen=True)
class Overview:
    """What the overview (总览) shows: the summary, the most urgent early warnings and how many there are in
    all, the next deadlines not met (soonest first) and the rows of the targets those name, by id."""

    summary: StatusSummary
    warnings: tuple[EarlyWarning, ...]
    warned: int
    upcoming: tuple[StatusRow, ...]
    rows_by_id: dict[str, StatusRow]


def overview(ledger: Ledger, as_of: date | None = None, who: Principal | None = None, shown: int = 10) -> Overview:
    """The overview's figures (`shown` warnings and deadlines). With target_list = index the summary and the
    deadlines come from the target index and only the targets whose warning a status cannot tell are read
    and assessed one by one; with `report`, all are."""
    when = as_of or date.today()
    if _target_list_route() == "index":
        return _indexed_overview(ledger, when, who, shown)
    report, warnings, _dockets = ledger_warnings(ledger, when, who=who)
    upcoming = sorted((r for r in report.rows if r.assessment.due and r.assessment.due >= report.as_of
                       and r.assessment.status not in FINISHED), key=lambda r: (r.assessment.due, r.record.id))
    return Overview(summary_of(report), warnings[:shown], len(warnings), tuple(upcoming[:shown]),
                    {str(r.record.id): r for r in report.rows})


def _indexed_overview(ledger: Ledger, as_of: date, who: Principal | None, shown: int) -> Overview:
    """`overview` through the target index, by the rules of `track.warnings._reasons`: a status among WARNED
    always warns, a red one (overdue, regressing) only for its status; a settled one never; the others
    (on track, no trend, no data due within a year) are assessed one by one to know."""
    import numpy as np

    from greentrack.scale.index import target_index
    from greentrack.track import STATUSES, early_warnings
    from greentrack.track.warnings import NO_DATA_NOTICE_DAYS

    summary = _indexed_summary(ledger, as_of, TargetFilter(), who)  # checks the reader
    reader = acting(ledger, who)
    with ledger.session() as session:
        index = target_index(session, ledger.url, as_of)
        places, _, _ = _index_scope(session, index, reader, TargetFilter())
        keep = index.matching(places, reader.target_ids)
    c, day = index.columns, as_of.toordinal()

    def having(*statuses: str) -> Any:
        return keep & np.isin(c.status, [STATUSES.index(s) for s in statuses])

    settled, no_data = having(*FINISHED), having("no_data")
    may_warn = keep & ~settled & (~no_data | ((c.due > 0) & (c.due - day <= NO_DATA_NOTICE_DAYS)))
    warned, red = having(*WARNED), having("overdue", "regressing")
    unsure = may_warn & ~warned
    soon = np.flatnonzero(keep & ~settled & (c.due >= day))
    soon = soon[np.lexsort((c.ids[soon], c.due[soon]))][:shown]
    if red.sum() >= shown:  # the first warnings are red ones, by deadline (none last) then id as text (`urgency`)
        due = np.where(c.due[red] > 0, c.due[red], 10**9).tolist()
        reds = sorted(zip(due, map(str, c.ids[red].tolist()), strict=True))
        first = [int(i) for _, i in reds[:shown]]
    else:
        first = c.ids[may_warn].tolist()
    rows = _rows_by_id(ledger, set(first) | set(c.ids[unsure].tolist()) | set(c.ids[soon].tolist()), as_of)
    found = early_warnings((rows[str(i)].tracked.target, rows[str(i)].assessment) for i in first)
    counted = len(early_warnings((rows[str(i)].tracked.target, rows[str(i)].assessment)
                                 for i in c.ids[unsure].tolist()))
    return Overview(summary, found[:shown], int(warned.sum()) + counted,
                    tuple(rows[str(i)] for i in c.ids[soon].tolist()), rows)


WARNED = ("overdue", "regressing", "off_track", "non_compliant", "lagging")  # statuses that are a warning's reason


def _rows_by_id(ledger: Ledger, ids: set[int], as_of: date) -> dict[str, StatusRow]:
    """These targets' rows, assessed on `as_of`, by id as text, read ROW_CHUNK at a time."""
    ordered = sorted(ids)
    return {str(r.record.id): r for start in range(0, len(ordered), ROW_CHUNK)
            for r in target_rows(ledger, ordered[start:start + ROW_CHUNK], as_of)}


def summary_of(report: StatusReport) -> StatusSummary:
    """`status_summary` of a status report already built (the overview has one: no second assessment)."""
    departments: dict[str, dict[str, int]] = {}
    places: dict[tuple[str | None, str | None], dict[str, int]] = {}
    for row in report.rows:
        status = row.assessment.status
        for name in row.record.departments or (UNASSIGNED,):
            departments.setdefault(name, {}).setdefault(status, 0)
            departments[name][status] += 1
        place = places.setdefault((row.record.jurisdiction_code, row.record.jurisdiction_name), {})
        place[status] = place.get(status, 0) + 1
    by_department = sorted(departments.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    by_place = sorted(places.items(), key=lambda item: (-sum(item[1].values()), item[0][0] or ""))
    return StatusSummary(report.as_of, len(report.rows), report.counts(), tuple(by_department),
                         tuple((code, name, counts) for (code, name), counts in by_place), report.illustrative)


def list_observation_records(ledger: Ledger, target_id: int | None = None, indicator_id: str | None = None,
                             jurisdiction: str | None = None, who: Principal | None = None) -> list[ObservationRecord]:
    """Recorded values: a target's (as its status uses them), or an indicator's, optionally in one jurisdiction.

    Only values `who` may see: a reporter's targets' values, a coordinator's or viewer's places'.
    """
    from greentrack.auth import require, require_target
    from greentrack.ledger import repository

    reader = acting(ledger, who)
    require(reader, "read")
    with ledger.session() as session:
        if target_id is not None:
            record = repository.get_target(session, target_id)
            require_target(reader, record.id, record.jurisdiction_code)
            return repository.observations_for(session, [record])[record.id]
        _check_place_query(session, reader, jurisdiction)
        if not reader.everywhere:
            return [o for o in _observations_listed(session, indicator_id, jurisdiction)
                    if o.id in _visible_observations(session, reader)]
        return _observations_listed(session, indicator_id, jurisdiction)


def _visible_observations(session: Session, reader: Principal) -> set[int]:
    """Ids of the observations of the targets the reader may see."""
    from greentrack.auth import sees_target
    from greentrack.ledger import repository

    targets = [t for t in repository.current_targets(session) if sees_target(reader, t.id, t.jurisdiction_code)]
    return {o.id for found in repository.observations_for(session, targets).values() for o in found}


def _observations_listed(session: Session, indicator_id: str | None, jurisdiction: str | None,
                         ) -> list[ObservationRecord]:
    """Every value on an indicator (or all), in a place and those below it (or everywhere)."""
    from greentrack.ledger import repository

    code = repository.find_jurisdiction_code(session, jurisdiction) if jurisdiction else None
    if jurisdiction and code is None:
        return []
    under = repository.jurisdiction_codes_under(session, code) if code else None
    return [o for o in repository.list_observations(session)
            if (indicator_id is None or o.indicator_id == indicator_id)
            and (under is None or o.jurisdiction_code in under)]


@dataclass(frozen=True)
class ObservationEntry:
    """One value reported outside a spreadsheet (the API's POST): the cells of one reporting-sheet row."""

    target_id: int | str
    period: int | str
    value: float | str
    unit: str
    source: str
    note: str = ""


def record_observation(ledger: Ledger, entry: ObservationEntry, department: str | None = None,
                       replace: bool = False, reporter: str | None = None,
                       as_of: date | None = None, who: Principal | None = None) -> ImportOutcome:
    """Record one value through the spreadsheet import itself (a one-row sheet), so every check is the same.

    ImportRejected carries the problems; each names the field by its sheet header (“数值 value”).
    """
    import csv
    import tempfile

    from greentrack.errors import ImportRejected
    from greentrack.ledger.intake_read import LABELS

    cells = {"target_id": entry.target_id, "period": entry.period, "value": entry.value, "unit": entry.unit,
             "source": entry.source, "note": entry.note}
    with tempfile.TemporaryDirectory(prefix="greentrack-entry-") as folder:
        path = Path(folder) / "observation.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([LABELS[field] for field in cells])
            writer.writerow(["" if value is None else str(value) for value in cells.values()])
        try:
            return import_observations(ledger, path, department, replace, as_of, reporter or department or "api", who)
        except ImportRejected as exc:
            raise ImportRejected("observation", exc.problems) from None


def export_bytes(ledger: Ledger, fmt: str, as_of: date | None = None, who: Principal | None = None) -> bytes:
    """The ledger with statuses as xlsx, csv or json bytes: what `greentrack export` writes, for a download."""
    from greentrack.ledger.export import render

    if fmt == "xlsx":
        return ledger_workbook(ledger, as_of, who)
    return render(ledger_status(ledger, as_of, who=who), fmt)


def _upload_path(folder: str, filename: str, data: bytes) -> Path:
    """An uploaded file written under its own base name (the reader and the messages go by the name)."""
    from greentrack.errors import FileTooLarge

    name = Path(filename.replace("\\", "/")).name.strip() or "upload"
    limit = float(config.get("max_file_mb"))
    if len(data) > limit * 1024 * 1024:
        raise FileTooLarge(name, f"larger than {limit:g} MB (setting max_file_mb)")
    path = Path(folder) / name
    path.write_bytes(data)
    return path


def upload_plan(ledger: Ledger, filename: str, data: bytes, actor: str = "web",
                who: Principal | None = None) -> IngestOutcome:
    """Store an uploaded plan (read → extract → resolve → store); its error is raised, naming the file.

    Administrators and coordinators only; a coordinator's plan must be of a place inside its jurisdiction
    (checked on the plan's metadata before anything is stored).
    """
    import tempfile

    from greentrack.auth import require

    writer = acting(ledger, who)
    require(writer, "upload_plan")
    with tempfile.TemporaryDirectory(prefix="greentrack-upload-") as folder:
        path = _upload_path(folder, filename, data)
        if writer.places is not None:
            _check_plan_place(writer, path)
        outcome = next(ingest_plans(ledger, [path], actor=writer.name if who is not None else actor))
    if outcome.error is not None:
        raise _as_uploaded(outcome.error, path)
    return outcome


def _check_plan_place(writer: Principal, path: Path) -> None:
    """Forbidden when a plan's own metadata places it outside the writer's jurisdiction (or nowhere)."""
    from greentrack.auth import require_place
    from greentrack.errors import Forbidden
    from greentrack.resolve import jurisdiction_of

    try:
        metadata = read_plan(path).outline.metadata
    except GreentrackError:
        return  # unreadable: ingest names the problem
    place = jurisdiction_of(metadata)  # the place ingest will store the plan under
    if place is None:
        raise Forbidden(f"{path.name}: 无法确定规划所属地区 the plan names no place — only an administrator "
                        "may store it")
    require_place(writer, place.code, place.name)


def upload_observations(ledger: Ledger, filename: str, data: bytes, department: str | None = None,
                        replace: bool = False, reporter: str | None = None,
                        as_of: date | None = None, who: Principal | None = None) -> ImportOutcome:
    """Import an uploaded reporting sheet, all rows or none; ImportRejected lists every problem by row."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="greentrack-upload-") as folder:
        path = _upload_path(folder, filename, data)
        try:
            return import_observations(ledger, path, department, replace, as_of, reporter or department or "web", who)
        except GreentrackError as exc:
            raise _as_uploaded(exc, path) from None


def _as_uploaded(error: GreentrackError, path: Path) -> GreentrackError:
    """The error naming the file as uploaded, not the server's temporary copy of it."""
    from greentrack.errors import ReadError

    if isinstance(error, ReadError):
        return type(error)(path.name, error.reason)
    if str(path) in error.message:
        error.message = error.message.replace(str(path), path.name)
        error.args = (error.message,)
    return error


def comparison_rankings(comparison: IndicatorComparison) -> tuple[AmbitionRanking, ...]:
    """The analyse stage's ambition rankings of a comparison's targets (one per kind, year and scope)."""
    from greentrack.analyse import PlanInfo, PlanTarget, rank_ambition
    from greentrack.resolve import get_indicator, get_jurisdiction

    placed = []
    for row in comparison.rows:
        record = row.record
        place = get_jurisdiction(record.jurisdiction_code) if record.jurisdiction_code else None
        indicator = get_indicator(record.indicator_id) if record.indicator_id else None
        if place is None or indicator is None:
            continue
        plan = PlanInfo(record.target.doc, record.document_title, record.document_issue_date,
                        str(record.document_version), place)
        placed.append(PlanTarget(record.target, indicator.id, indicator.zh, record.canonical_value,
                                 record.canonical_unit, indicator.direction, indicator.dimension, plan))
    return tuple(rank_ambition(placed, comparison.indicator_id, min_jurisdictions=1))


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
        document = _readable_document(session, reader, document_id)
        text = repository.document_text(session, document_id)
        targets = tuple(t for t in repository.document_targets(session, document_id)
                        if sees_target(reader, t.id, t.jurisdiction_code))
    return DocumentSource(document, text, targets)


def supervision_lists(ledger: Ledger, as_of: date | None = None, jurisdiction: str | None = None,
                      department: str | None = None, who: Principal | None = None,
                      ) -> tuple[StatusReport, tuple[EarlyWarning, ...], tuple[Docket, ...]]:
    """Warnings and supervision lists (督办清单); with `department`, only the lists of the departments it names.

    `ledger_warnings` narrows to the targets a department answers for, whose lists name their other
    departments too; a department asking for its supervision list wants its own.
    """
    from greentrack.ledger import repository

    report, warnings, dockets = ledger_warnings(ledger, as_of, jurisdiction, department, who)
    if department:
        with ledger.session() as session:
            names = {d.name for d in repository.find_departments(session, department)}
        dockets = tuple(d for d in dockets if d.department in names)
    return report, warnings, dockets


# ---------------------------------------------------------------- analyses and reports (contradictions, decomposition,
# ambition, roadmap, evaluation, the 中期评估报告 and the Excel 台账). The analyses are pure (greentrack.analyse);
# ledger/analysis builds their records from the newest version of every plan.

REPORT_FORMATS = ("docx", "pdf", "html")


def _checked_place(session: Session, jurisdiction: str | None, reader: Principal | None = None,
                   action: str = "analyse") -> str | None:
    """The place an analysis covers: UnknownJurisdiction when the ledger does not hold it, Forbidden outside the
    reader's jurisdiction; a coordinator's or viewer's own place when it names none."""
    from greentrack.auth import require, require_place
    from greentrack.errors import Forbidden
    from greentrack.ledger.analysis import ledger_jurisdiction

    if reader is not None:
        require(reader, action)
        if reader.places is not None and not jurisdiction:
            if not reader.jurisdiction_code:
                raise Forbidden(f"{reader.name} has no jurisdiction — ask an administrator to set one")
            jurisdiction = reader.jurisdiction_code
    if jurisdiction:
        place = ledger_jurisdiction(session, jurisdiction)
        if reader is not None:
            require_place(reader, place.code, place.name)
    return jurisdiction


def ledger_contradictions(ledger: Ledger, jurisdiction: str | None = None,
                          who: Principal | None = None) -> list[Contradiction]:
    """Targets of one place's plans that disagree (same indicator, year, scope), most severe first."""
    from greentrack.analyse import find_contradictions
    from greentrack.ledger.analysis import load_plans

    reader = acting(ledger, who)
    with ledger.session() as session:
        jurisdiction = _checked_place(session, jurisdiction, reader)
        plans = load_plans(session, jurisdiction)
    return find_contradictions(plans.targets)


def ledger_decomposition(ledger: Ledger, parent: str | None = None,
                         who: Principal | None = None) -> DecompositionReport:
    """Weaker children, shortfalls, uncovered targets and undecided rows under `parent` (the whole ledger)."""
    from greentrack.analyse import check_decomposition
    from greentrack.ledger.analysis import load_plans, load_undecided

    reader = acting(ledger, who)
    with ledger.session() as session:
        parent = _checked_place(session, parent, reader)
        plans = load_plans(session, parent)
        undecided = load_undecided(session, parent)
    return check_decomposition(plans.targets, undecided)


def ledger_ambition(ledger: Ledger, indicator: str, who: Principal | None = None) -> list[AmbitionRanking]:
    """Places ranked by their target on one indicator (a catalog id or name), per year, kind and scope.

    A coordinator or viewer ranks the places inside its jurisdiction only.
    """
    from greentrack.analyse import rank_ambition
    from greentrack.auth import require, sees_place
    from greentrack.ledger.analysis import catalog_indicator, load_plans

    reader = acting(ledger, who)
    require(reader, "analyse")
    chosen = catalog_indicator(indicator)
    with ledger.session() as session:
        plans = load_plans(session)
    targets = [t for t in plans.targets if sees_place(reader, t.plan.jurisdiction.code)]
    return rank_ambition(targets, chosen.id, min_jurisdictions=1)


def ledger_timeline(ledger: Ledger, jurisdiction: str, who: Principal | None = None) -> Timeline:
    """The roadmap (路线图) of a place and the places below it: every deadline of its targets and tasks."""
    from greentrack.analyse import timeline
    from greentrack.ledger.analysis import load_plans

    reader = acting(ledger, who)
    with ledger.session() as session:
        _checked_place(session, jurisdiction, reader)
        plans = load_plans(session, jurisdiction, with_tasks=True)
    return timeline(plans.targets, plans.tasks)


def ledger_evaluation(ledger: Ledger, as_of: date | None = None,
                      jurisdiction: str | None = None, who: Principal | None = None) -> list[JurisdictionScore]:
    """城市体检-style scores per dimension of every place (under `jurisdiction`), from the statuses on `as_of`."""
    from greentrack.analyse import score_jurisdictions
    from greentrack.ledger.analysis import load_plans, statuses_of
    from greentrack.ledger.status import build_status

    reader = acting(ledger, who)
    with ledger.session() as session:
        jurisdiction = _checked_place(session, jurisdiction, reader)
        plans = load_plans(session, jurisdiction)
        report = build_status(session, as_of or date.today(), jurisdiction)
    return score_jurisdictions(plans.targets, statuses_of(report))


def midterm_report(ledger: Ledger, jurisdiction: str, as_of: date | None = None,
                   who: Principal | None = None) -> MidtermReport:
    """The 中期评估报告 of a place as data: statuses, scores, supervision lists, findings, roadmap."""
    from greentrack.ledger import repository
    from greentrack.ledger.analysis import ledger_jurisdiction, load_plans, load_undecided, statuses_of
    from greentrack.ledger.status import build_status
    from greentrack.reports.midterm import build_midterm

    reader = acting(ledger, who)
    with ledger.session() as session:
        _checked_place(session, jurisdiction, reader, "midterm_report")
        place = ledger_jurisdiction(session, jurisdiction)
        everything = load_plans(session, with_tasks=True)  # decomposition looks above and below the place
        undecided = load_undecided(session, place.code)
        documents = repository.current_documents(session, place.code)
        status = build_status(session, as_of or date.today(), place.code)
    return build_midterm(place, status, documents, everything.targets, everything.tasks, statuses_of(status),
                         undecided)


def report_bytes(ledger: Ledger, jurisdiction: str, fmt: str, lang: str = "zh", as_of: date | None = None,
                 who: Principal | None = None) -> bytes:
    """The 中期评估报告 as docx, pdf (LibreOffice from the docx) or html bytes, in Chinese or English."""
    from greentrack.errors import UsageError
    from greentrack.reports.html import render_html
    from greentrack.reports.labels import check_lang
    from greentrack.reports.layout import layout
    from greentrack.reports.pdf import docx_to_pdf
    from greentrack.reports.word import render_docx

    if fmt not in REPORT_FORMATS:
        raise UsageError(f"unknown report format {fmt!r} — use one of {', '.join(REPORT_FORMATS)}")
    check_lang(lang)
    reader = acting(ledger, who)
    with ledger.session() as session:  # refused before any work, as a missing LibreOffice is
        _checked_place(session, jurisdiction, reader, "midterm_report")
    if fmt == "pdf":
        from greentrack.reports.pdf import find_libreoffice

        find_libreoffice()  # say so before the report is assembled, not after
    document = layout(midterm_report(ledger, jurisdiction, as_of, who), lang)
    if fmt == "html":
        return render_html(document).encode("utf-8")
    docx = render_docx(document)
    return docx_to_pdf(docx, "report") if fmt == "pdf" else docx


def write_report(ledger: Ledger, jurisdiction: str, fmt: str, out: Path, lang: str = "zh",
                 as_of: date | None = None, who: Principal | None = None) -> Path:
    """Write the 中期评估报告 of a place to `out`."""
    return _write_file(out, report_bytes(ledger, jurisdiction, fmt, lang, as_of, who))


def ledger_workbook(ledger: Ledger, as_of: date | None = None, who: Principal | None = None) -> bytes:
    """The Excel 台账: a summary sheet, the whole ledger, and one sheet per department (序号, 指标, 目标值 …)."""
    from greentrack.reports.xlsx import DepartmentRows
    from greentrack.reports.xlsx import ledger_workbook as workbook

    reader = acting(ledger, who)
    report = ledger_status(ledger, as_of, who=reader)
    sheets = [DepartmentRows(s.department.name, s.jurisdiction_name, s.rows)
              for s in department_summaries(ledger, report.as_of, reader)]
    unassigned = tuple(row for row in report.rows if not row.record.departments)
    if unassigned:
        sheets.append(DepartmentRows(UNASSIGNED, None, unassigned))
    return workbook(report, sheets)


def _write_file(out: Path, data: bytes) -> Path:
    from greentrack.errors import UsageError

    try:
        out.write_bytes(data)
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from exc
    return out


# ---------------------------------------------------------------- users, logins and the audit log (docs/security.md)
# Every function that reads or writes the ledger takes `who`, the acting Principal, and asks the policy
# (greentrack.auth.policy). None means the local operator: whoever can open the database file from a shell
# can change anything in it anyway, so the CLI acts as an administrator named after the login.


def local_principal() -> Principal:
    """The person at this machine's shell: an administrator named after the login (`root@local`)."""
    import getpass

    from greentrack.auth import ADMINISTRATOR, Principal

    try:
        login = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (some containers)
        login = "unknown"
    return Principal(f"{login}@local", ADMINISTRATOR)


def acting(ledger: Ledger, who: Principal | None = None) -> Principal:
    """`who`, else the ledger user named by the `user` setting (GREENTRACK_USER), else the local operator."""
    if who is not None:
        return who
    name = str(config.get("user")).strip()
    return user_principal(ledger, name) if name else local_principal()


def user_principal(ledger: Ledger, name: str) -> Principal:
    """An active user of the ledger with its scope (places, a reporter's targets); UnknownUser when none."""
    from greentrack.ledger import users

    with ledger.session() as session:
        return users.principal(session, name)


def add_user(ledger: Ledger, name: str, role: str, password: str | None = None, jurisdiction: str | None = None,
             department: str | None = None, who: Principal | None = None) -> UserInfo:
    """Add a user (administrators only); the password is stored as an argon2id hash, never as given."""
    from greentrack.auth import require
    from greentrack.auth.secrets import hash_password
    from greentrack.ledger import users

    actor = acting(ledger, who)
    require(actor, "manage_users")
    hashed = hash_password(password) if password else ""
    with ledger.session(actor.name) as session:
        return users.add_user(session, actor.name, name, role, hashed, jurisdiction, department)


def list_users(ledger: Ledger, who: Principal | None = None) -> list[UserInfo]:
    """Every user with role, place, department, whether active and its live tokens (administrators only)."""
    from greentrack.auth import require
    from greentrack.ledger import users

    require(acting(ledger, who), "manage_users")
    with ledger.session() as session:
        return users.list_users(session)


def disable_user(ledger: Ledger, name: str, who: Principal | None = None) -> UserInfo:
    """Disable a user: logins end, tokens are revoked, history stays (administrators only)."""
    from greentrack.auth import require
    from greentrack.ledger import users

    actor = acting(ledger, who)
    require(actor, "manage_users")
    with ledger.session(actor.name) as session:
        return users.disable_user(session, actor.name, name)


def create_token(ledger: Ledger, name: str, who: Principal | None = None) -> str:
    """A new API token (Bearer) for user `name`, returned this once; administrators, or the user for itself."""
    from greentrack.auth import require
    from greentrack.ledger import users

    actor = acting(ledger, who)
    if actor.name != name:
        require(actor, "manage_users")
    with ledger.session(actor.name) as session:
        return users.create_token(session, actor.name, name)


def revoke_tokens(ledger: Ledger, name: str, prefix: str | None = None, who: Principal | None = None) -> int:
    """Revoke user `name`'s API tokens (those starting with `prefix`, else all); how many were revoked."""
    from greentrack.auth import require
    from greentrack.ledger import users

    actor = acting(ledger, who)
    if actor.name != name:
        require(actor, "manage_users")
    with ledger.session(actor.name) as session:
        return users.revoke_tokens(session, actor.name, name, prefix)


def token_principal(ledger: Ledger, token: str) -> Principal:
    """The user an API token belongs to; NotAuthenticated when it is unknown, revoked or the user disabled."""
    from greentrack.ledger import users

    with ledger.session() as session:
        return users.principal_by_token(session, token)


@dataclass(frozen=True)
class Login:
    """A successful login: the session cookie's value, the session's CSRF token, and who logged in."""

    cookie: str
    csrf: str
    principal: Principal


def login(ledger: Ledger, name: str, password: str) -> Login:
    """Check a name and password and open a session; NotAuthenticated (one message for both mistakes) otherwise."""
    from greentrack.auth.secrets import check_password
    from greentrack.errors import NotAuthenticated
    from greentrack.ledger import users

    with ledger.session() as session:
        stored = users.password_hash_of(session, name.strip())
        if stored is None or not check_password(stored, password):
            raise NotAuthenticated("用户名或密码错误 wrong user name or password (or the user is disabled)")
        cookie, csrf = users.create_session(session, name.strip(), float(config.get("session_hours")))
        return Login(cookie, csrf, users.principal(session, name.strip()))


def session_principal(ledger: Ledger, cookie: str) -> tuple[Principal, str]:
    """The user of a live session cookie and its CSRF token; NotAuthenticated when expired or unknown."""
    from greentrack.ledger import users

    with ledger.session() as session:
        return users.session_principal(session, cookie)


def logout(ledger: Ledger, cookie: str) -> None:
    """End a session."""
    from greentrack.ledger import users

    with ledger.session() as session:
        users.end_session(session, cookie)


def audit_entries(ledger: Ledger, entity: str | None = None, actor: str | None = None,
                  since: datetime | None = None, limit: int = 1000, who: Principal | None = None) -> list[AuditRecord]:
    """The audit log, newest first (administrators; a coordinator sees the entries of its own places)."""
    from greentrack.auth import require, sees_place
    from greentrack.ledger import users

    reader = acting(ledger, who)
    require(reader, "audit")
    with ledger.session() as session:
        entries = users.audit_log(session, entity, actor, since, limit)
    if reader.places is None:
        return entries
    return [e for e in entries if sees_place(reader, ((e.after or e.before) or {}).get("jurisdiction_code"))]
