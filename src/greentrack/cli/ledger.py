"""Commands on the ledger (台账): ingest, status, warnings, export, template, import."""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console, ConsoleOptions
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Column, Table

from greentrack.cli.common import (
    AsOf,
    Engine,
    PlanFiles,
    RayAddress,
    Workers,
    err,
    new_table,
    out,
    parse_as_of,
    plan_paths,
    with_progress,
    working,
)
from greentrack.errors import GreentrackError, ImportRejected, UsageError

if TYPE_CHECKING:
    from greentrack.ledger.db import Ledger
    from greentrack.ledger.status import StatusReport, StatusRow
    from greentrack.services.status import StatusPages
    from greentrack.track import Docket, EarlyWarning

STATUS_STYLE = {"achieved": "green", "late_achieved": "yellow", "on_track": "green", "compliant": "green",
                "lagging": "yellow",
                "no_trend": "yellow", "off_track": "red", "regressing": "red", "overdue": "bold red",
                "non_compliant": "red", "no_data": "dim"}
MIN_WIDTHS = {"id": 3, "jurisdiction": 6, "indicator": 8, "target": 7, "due": 10, "latest": 7, "completion pace": 4,
              "status": 8, "review": 3, "responsible": 6, "data": 4}
INGEST_LABELS = {"added": "已入库 added", "new_version": "新版本 new version", "unchanged": "未变化 unchanged"}


def ingest_command(
    files: PlanFiles,
    engine: Engine = "local",
    workers: Workers = None,
    ray_address: RayAddress = None,
) -> None:
    """Store plans in the ledger (read → extract → resolve → store); unchanged files are skipped."""
    from greentrack.services.ingest import ingest_plans
    from greentrack.services.ledger import open_ledger
    from greentrack.services.scope import acting
    paths = plan_paths(files)
    ledger = open_ledger()
    failures: list[GreentrackError] = []
    actor = acting(ledger).name  # the audit names the user (GREENTRACK_USER or the login)
    outcomes = ingest_plans(ledger, paths, actor, engine, workers, ray_address)
    for outcome in with_progress(outcomes, len(paths), "ingesting"):
        if outcome.error is not None:
            failures.append(outcome.error)
            err.print(f"Error: {outcome.error}", markup=False)
            continue
        doc = outcome.document
        out.print(f"{INGEST_LABELS[outcome.status]:<22} {outcome.path.name}  v{doc.version}  "
                  f"{doc.targets} 目标 targets · {doc.tasks} 任务 tasks  {doc.title or ''}", markup=False)
    out.print(f"台账 ledger: {ledger.url}", markup=False)
    if failures:
        raise typer.Exit(code=max(e.exit_code for e in failures))


STATUS_PAGE = 1000  # rows read, assessed and printed at a time by `status` through the target index


def status_columns() -> Table:
    """An empty status table: its column headings, each with a floor under its width."""
    from greentrack.ledger.status import STATUS_COLUMNS
    table = Table()
    for zh, en in STATUS_COLUMNS:
        # a floor under every column, so that on a narrow terminal long indicator names wrap instead of
        # squeezing the place or the target out of sight
        table.add_column(f"{zh} {en}", overflow="fold", min_width=MIN_WIDTHS.get(en, 4))
    return table


def _measure(table: Table) -> list[Measurement]:
    """Each column's (min, max) width over its heading and cells, before the console's width caps it."""
    options = out.options.update(no_wrap=True, overflow="ignore").update_width(10**6)  # as print, soft wrap
    return [table._measure_column(out, options, column) for column in table.columns]


def _widest(known: list[Measurement] | None, page: list[Measurement]) -> list[Measurement]:
    if known is None:
        return page
    return [Measurement(max(a.minimum, b.minimum), max(a.maximum, b.maximum)) for a, b in zip(known, page, strict=True)]


def _batched(lines: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class _KnownWidths(Table):
    """A slice of a table whose columns measure as the whole table's do (measured beforehand), so that rich lays
    the slice out at the whole table's widths. Relies on rich's Table._measure_column (rich pinned)."""

    def __init__(self, measured: list[Measurement], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.measured = measured

    def _measure_column(self, console: Console, options: ConsoleOptions, column: Column) -> Measurement:
        # as Table._measure_column ends: capped by the width offered, then the column's floor
        padding = self._get_padding_width(column._index)
        return self.measured[column._index].with_maximum(options.max_width).clamp(
            None if column.min_width is None else column.min_width + padding,
            None if column.max_width is None else column.max_width + padding)


class _Lines:
    """A table's lines without its top edge (a slice after the first) or its bottom edge (one before the last)."""

    def __init__(self, table: Table, drop_first: bool, drop_last: bool) -> None:
        self.table, self.drop_first, self.drop_last = table, drop_first, drop_last

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        lines = list(Segment.split_lines(console.render(self.table, options)))
        for line in lines[int(self.drop_first):len(lines) - int(self.drop_last)]:
            yield from line
            yield Segment.line()


def status_table(report: StatusReport, title: str) -> Table:
    """Every row of a status report, coloured by status, with the counts (and the illustrative mark) below."""
    from greentrack.ledger.status import FIRST_NAMED_LEGEND, ILLUSTRATIVE, status_cells
    from greentrack.track import STATUS_LABELS
    table = status_columns()
    table.title = f"{title} · 统计日期 as of {report.as_of.isoformat()}"
    for row in report.rows:
        table.add_row(*status_cells(row), style=STATUS_STYLE.get(row.assessment.status))
    counts = " · ".join(f"{STATUS_LABELS[s][0]} {n}" for s, n in report.counts().items())
    note = f"\n{ILLUSTRATIVE}: 标记行使用内置虚构数值 (illustrative values)" if report.illustrative else ""
    if any(row.record.responsible_named_first for row in report.rows):
        note += f"\n{FIRST_NAMED_LEGEND}"
    table.caption = f"{len(report.rows)} 目标 targets: {counts}{note}"
    return table


def status_command(
    jurisdiction: Annotated[str | None, typer.Option(
        "--jurisdiction", help="A name or code (金乡县, 370828); includes the divisions below it")] = None,
    department: Annotated[str | None, typer.Option(
        "--department", help="A department (县住建局, 住建局, 金乡县住房和城乡建设局)")] = None,
    as_of: AsOf = None,
) -> None:
    """The status of every current target in the ledger (台账进度), from its observations."""
    from greentrack.services.filters import check_filters
    from greentrack.services.ledger import open_ledger
    from greentrack.services.status import ledger_status, status_ids
    ledger, day = open_ledger(), parse_as_of(as_of) or date.today()
    check_filters(ledger, jurisdiction, department)
    ids = status_ids(ledger, day, jurisdiction, department)
    if ids is None:  # target_list = report: the per-target report, whole
        with working("台账进度 assessing"):
            report = ledger_status(ledger, day, jurisdiction, department)
        out.print(status_table(report, "台账进度 ledger status"))
        return
    print_status_pages(ledger, ids, day, "台账进度 ledger status")


STREAM_AFTER = 20_000  # past this many rows, `status` and `warnings` print page by page as the rows are read


def print_status_pages(ledger: Ledger, ids: list[int], as_of: date, title: str,
                       size: int | None = None, stream: bool | None = None) -> None:
    """`status_table` of these targets, with at most `size` rows read at a time (national size).

    Up to STREAM_AFTER rows it is byte for byte `status_table`: rich sizes a table's columns from every cell, so a
    first pass reads the pages, measures each column and spools the cells to a temporary file; the second prints
    the table in slices of rows laid out at those widths. Past it (or with `stream`), each page is printed as
    soon as it is read, at the widths of the first page (a longer cell later folds within its column).
    """
    from greentrack.services.status import target_rows
    size = size or STATUS_PAGE
    if stream if stream is not None else len(ids) > STREAM_AFTER:
        _stream_status_pages(ledger, ids, as_of, title, size)
        return
    columns = status_columns()
    measured: list[Measurement] | None = None
    tally = _Tally()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        chunks = [ids[start:start + size] for start in range(0, len(ids), size)]
        for chunk in with_progress(chunks, len(chunks), "status"):
            page, styled = tally.page(target_rows(ledger, chunk, as_of))
            spool.writelines(json.dumps(line, ensure_ascii=False) + "\n" for line in styled)
            measured = _widest(measured, _measure(page))
        measured = measured or _measure(columns)
        caption = tally.caption(len(ids))
        spool.seek(0)
        slices = [[json.loads(line) for line in lines] for lines in _batched(spool, size)] or [[]]
        for number, rows_of in enumerate(slices):
            _print_slice(measured, rows_of, title, as_of, number == 0, number == len(slices) - 1, caption)


@dataclass
class _Tally:
    """What the caption of a status table printed page by page needs: the counts and the marks seen so far."""

    counts: Counter[str] = field(default_factory=Counter)
    illustrative: bool = False
    named_first: bool = False

    def page(self, rows: Iterable[StatusRow]) -> tuple[Table, list[list[Any]]]:
        """One page's rows as a table (to measure) and as [style, *cells] lines (to print), counted."""
        from greentrack.ledger.status import status_cells
        table, styled = status_columns(), []
        for row in rows:
            cells = status_cells(row)
            table.add_row(*cells)
            self.counts[row.assessment.status] += 1
            self.illustrative = self.illustrative or row.illustrative
            self.named_first = self.named_first or row.record.responsible_named_first
            styled.append([STATUS_STYLE.get(row.assessment.status), *cells])
        return table, styled

    def caption(self, total: int) -> str:
        from greentrack.ledger.status import FIRST_NAMED_LEGEND, ILLUSTRATIVE
        from greentrack.track import STATUS_LABELS
        found = {s: self.counts[s] for s in STATUS_LABELS if self.counts[s]}
        note = f"\n{ILLUSTRATIVE}: 标记行使用内置虚构数值 (illustrative values)" if self.illustrative else ""
        note += f"\n{FIRST_NAMED_LEGEND}" if self.named_first else ""
        return f"{total} 目标 targets: {' · '.join(f'{STATUS_LABELS[s][0]} {n}' for s, n in found.items())}" + note


def _print_slice(measured: list[Measurement], rows_of: list[list[Any]], title: str, as_of: date, first: bool,
                 last: bool, caption: str) -> None:
    table = _KnownWidths(measured, title=f"{title} · 统计日期 as of {as_of.isoformat()}" if first else None,
                         caption=caption if last else None, show_header=first)
    for column in status_columns().columns:
        table.add_column(column.header, overflow="fold", min_width=column.min_width)
    for style, *cells in rows_of:
        table.add_row(*cells, style=style)
    out.print(_Lines(table, drop_first=not first, drop_last=not last))


def _stream_status_pages(ledger: Ledger, ids: list[int], as_of: date, title: str, size: int) -> None:
    """Each page printed as soon as it is read and assessed: the first row appears after one page's work."""
    from greentrack.services.status import target_rows
    chunks = [ids[start:start + size] for start in range(0, len(ids), size)] or [[]]
    measured: list[Measurement] | None = None
    tally = _Tally()
    for number, chunk in enumerate(chunks):
        page, rows_of = tally.page(target_rows(ledger, chunk, as_of))
        measured = measured or _measure(page)
        last = number == len(chunks) - 1
        _print_slice(measured, rows_of, title, as_of, number == 0, last,
                     tally.caption(len(ids)) if last else "")


WARNING_HEADINGS = ("预警 severity", "编号 id", "指标 indicator", "说明 message", "期限 due", "牵头部门 lead",
                    "数据 data")


def warnings_command(
    jurisdiction: Annotated[str | None, typer.Option("--jurisdiction", help="A name or code")] = None,
    department: Annotated[str | None, typer.Option("--department", help="A department")] = None,
    as_of: AsOf = None,
) -> None:
    """Early warnings (预警) and the supervision list (督办清单) of each department."""
    from greentrack.cli.tasks import print_task_warnings
    from greentrack.ledger.status import ILLUSTRATIVE
    from greentrack.services.filters import check_filters
    from greentrack.services.ledger import open_ledger
    from greentrack.services.status import ledger_warnings, status_pages
    ledger, day = open_ledger(), parse_as_of(as_of) or date.today()
    check_filters(ledger, jurisdiction, department)
    # the whole ledger goes by pages through the target index; a place or department reads only its own rows
    paged = None if jurisdiction or department else status_pages(ledger, day, flagged=False)
    if paged is not None and len(paged.ids) > STREAM_AFTER:
        _stream_warnings(ledger, paged)
        print_task_warnings(ledger, day, jurisdiction, department)
        return
    with working("预警 assessing"):
        report, warnings, dockets = ledger_warnings(ledger, day, jurisdiction, department)
    marked = {str(row.record.id): ILLUSTRATIVE for row in report.rows if row.illustrative}
    table = new_table(f"预警 warnings: {len(warnings)} · 统计日期 as of {report.as_of.isoformat()}",
                      WARNING_HEADINGS, overflow="fold")
    for warning in warnings:
        _warning_row(table, warning, marked)
    if report.illustrative:
        table.caption = f"{ILLUSTRATIVE}: 基于内置虚构数值 (illustrative values, not real data)"
    out.print(table)
    _print_dockets(dockets, marked)
    print_task_warnings(ledger, day, jurisdiction, department)


def _warning_row(table: Table, warning: EarlyWarning, marked: dict[str, str]) -> None:
    table.add_row(warning.severity_zh, warning.target_id, warning.indicator, warning.message,
                  warning.due.isoformat() if warning.due else "—", "、".join(warning.lead_departments) or "—",
                  marked.get(warning.target_id, ""))


def _print_dockets(dockets: Iterable[Docket], marked: dict[str, str]) -> None:
    from greentrack.track import SEVERITY_LABELS
    for docket in dockets:
        out.print(f"\n[bold]督办清单 supervision list · {docket.department}[/bold] "
                  f"({len(docket.items)}, {SEVERITY_LABELS[docket.worst][0]})")
        for item in docket.items:
            w = item.warning
            role = "牵头 lead" if item.lead else "配合 support"
            out.print(f"  {w.severity_zh}  #{w.target_id} {w.indicator}  {role}  "
                      f"{w.due.isoformat() if w.due else '—'}  {marked.get(w.target_id, '')}".rstrip(), markup=False)


def _stream_warnings(ledger: Ledger, paged: StatusPages) -> None:
    """A national ledger's warnings page by page as the rows are read (most urgent first within each page of
    STATUS_PAGE targets, pages in ledger order), then the supervision lists, from the warnings without their
    assessments (bounded memory)."""
    from greentrack.ledger.status import ILLUSTRATIVE
    from greentrack.services.status import light_warnings, warning_pages
    from greentrack.track import supervision_list

    out.print(f"预警 warnings · 统计日期 as of {paged.as_of.isoformat()} · 按台账顺序每{STATUS_PAGE}项一页，"
              f"页内最紧急在前 (ledger order, most urgent first within each page of {STATUS_PAGE} targets)",
              markup=False)
    kept: list[EarlyWarning] = []
    marked: dict[str, str] = {}
    illustrative = False
    for number, (rows, warnings) in enumerate(warning_pages(ledger, paged, STATUS_PAGE)):
        illustrative = illustrative or any(r.illustrative for r in rows)
        warned = {w.target_id for w in warnings}
        marked.update((str(r.record.id), ILLUSTRATIVE) for r in rows if r.illustrative and str(r.record.id) in warned)
        table = new_table("", WARNING_HEADINGS, overflow="fold")
        table.title, table.show_header = None, number == 0
        for warning in warnings:
            _warning_row(table, warning, marked)
        if warnings:
            out.print(table)
        kept.extend(light_warnings(warnings))
    note = f" · {ILLUSTRATIVE}: 基于内置虚构数值 (illustrative values, not real data)" if illustrative else ""
    out.print(f"预警 warnings: {len(kept)} / {len(paged.ids)} 目标 targets{note}", markup=False)
    _print_dockets(supervision_list(kept), marked)


def export_command(
    fmt: Annotated[str, typer.Option(
        "--format", help="xlsx (the 台账: 汇总, the ledger, a sheet per department; one 部门清单 sheet above 60 "
                         "departments), csv, json; or gold (with "
                         "--reviewed: the reviewed targets as gold JSON Lines for `greentrack eval`)")] = "xlsx",
    out_path: Annotated[Path | None, typer.Option(
        "--out", help="File to write (default: greentrack-ledger.<format>, greentrack-gold.jsonl)")] = None,
    as_of: AsOf = None,
    reviewed: Annotated[bool, typer.Option(
        "--reviewed", help="Only targets a person confirmed, corrected or added (needs --format gold)")] = False,
    document: Annotated[list[int] | None, typer.Option(
        "--document", help="With --reviewed: this plan version only (repeat for several; default: every plan)")]
    = None,
    jurisdiction: Annotated[str | None, typer.Option(
        "--jurisdiction", help="Only this place's targets (金乡县, 370828), the divisions below it included")] = None,
    department: Annotated[str | None, typer.Option(
        "--department", help="Only the targets this department leads or supports (金乡县住建局); its sheet only")]
    = None,
) -> None:
    """Export the ledger (台账) with every target's status as Excel, CSV or JSON; or reviewed plans as gold."""
    from greentrack.services.gold import write_gold
    from greentrack.services.ledger import open_ledger
    from greentrack.services.reports import export_ledger
    from greentrack.services.target_query import TargetFilter
    if reviewed or fmt == "gold":
        if not (reviewed and fmt == "gold"):
            raise UsageError("the gold export is of reviewed targets: use --reviewed --format gold together")
        export = write_gold(open_ledger(), out_path or Path("greentrack-gold.jsonl"), document)
        for plan in export.plans:
            if export.unreviewed.get(plan.id):
                err.print(f"note: {plan.name}: {export.unreviewed[plan.id]} target(s) not reviewed yet, left out",
                          markup=False)
        out.print(f"wrote {out_path or 'greentrack-gold.jsonl'}: {len(export.records)} gold records of "
                  f"{len(export.plans)} plan(s)", markup=False)
        return
    if document:
        raise UsageError("--document chooses plans for the gold export: use it with --reviewed --format gold")
    # (the gold export above takes neither --jurisdiction nor --department: it is per plan, --document)
    if fmt not in ("xlsx", "csv", "json"):
        raise UsageError(f"unknown export format {fmt!r} — use xlsx, csv, json, or gold with --reviewed")
    with working(f"导出 exporting {fmt}"):
        written = export_ledger(open_ledger(), fmt, out_path or Path(f"greentrack-ledger.{fmt}"),
                                parse_as_of(as_of), filters=TargetFilter(jurisdiction, department))
    out.print(f"wrote {written}", markup=False)


def template_command(
    department: Annotated[str, typer.Option("--department", help="The department (金乡县住建局, 县水务局 …)")],
    out_path: Annotated[Path, typer.Option("--out", help="The workbook to write (.xlsx)")],
) -> None:
    """Write a department's reporting sheet (填报表): one row per target it answers for, with data validation."""
    from greentrack.services.ledger import open_ledger
    from greentrack.services.observations import department_template
    summary = department_template(open_ledger(), department, out_path)
    out.print(f"wrote {summary.path}: {summary.department} · {summary.targets} 目标 targets · "
              f"{summary.extra_rows} 空行 blank rows for more periods", markup=False)


def import_command(
    file: Annotated[Path, typer.Argument(help="A filled reporting sheet: .xlsx or .csv (UTF-8 or GBK)")],
    department: Annotated[str | None, typer.Option(
        "--department", help="Import as this department: rows of other departments' targets are refused")] = None,
    replace: Annotated[bool, typer.Option(
        "--replace", help="Overwrite values already in the ledger for the same period (audited)")] = False,
    reporter: Annotated[str | None, typer.Option(
        "--reporter", help="Who reports, for the audit log (default: the department)")] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="Periods after this date (YYYY-MM-DD) are refused as future; default today")] = None,
) -> None:
    """Import monitoring data: every row is checked and all are imported, or none; each problem is printed."""
    from greentrack.services.ledger import open_ledger
    from greentrack.services.observations import import_observations
    try:
        with working(f"导入 importing {file.name}"):
            outcome = import_observations(open_ledger(), file, department, replace, parse_as_of(as_of), reporter)
    except ImportRejected as exc:
        for problem in exc.problems:
            err.print(str(problem), markup=False)
        raise
    out.print(f"{outcome.file}: 新增 {len(outcome.added)} added · 覆盖 {len(outcome.replaced)} replaced · "
              f"已有相同 {len(outcome.unchanged)} unchanged · 同值合并 {len(outcome.merged)} merged · "
              f"空行 {len(outcome.skipped)} blank", markup=False)
