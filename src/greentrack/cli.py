"""The `greentrack` command line: each command parses, makes one service call, prints."""

from __future__ import annotations

import dataclasses
import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.tree import Tree

from greentrack import services
from greentrack.auth.commands import register as register_user_commands
from greentrack.errors import GreentrackError, ImportRejected, UsageError
from greentrack.ledger.status import ILLUSTRATIVE, STATUS_COLUMNS, StatusReport, status_cells
from greentrack.models import Outline
from greentrack.reports.records import write_records
from greentrack.resolve import search_catalog, search_jurisdictions
from greentrack.track import SEVERITY_LABELS, STATUS_LABELS

app = typer.Typer(help="greentrack: plans → a tracked ledger of commitments.", no_args_is_help=True,
                  pretty_exceptions_enable=False, add_completion=False)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.name != "offsets"}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def _outline_tree(name: str, outline: Outline) -> Tree:
    tree = Tree(f"[bold]{name}[/bold]")
    nodes: dict[int, Tree] = {}
    for section in outline.sections:
        parent = nodes.get(section.parent) if section.parent is not None else tree
        nodes[section.id] = (parent or tree).add(f"{section.number} {section.title}")
    return tree


@app.command("read")
def read_command(
    file: Annotated[Path, typer.Argument(help="A plan: .txt, .docx, .pdf or .html")],
    as_json: Annotated[bool, typer.Option("--json", help="Print metadata, outline and tables as JSON")] = False,
    emit_text: Annotated[bool, typer.Option("--emit-text", help="Print the normalised text only")] = False,
) -> None:
    """Read a plan: its metadata, outline tree and tables."""
    plan = services.read_plan(file)
    if emit_text:
        sys.stdout.write(plan.document.text + "\n")
        return
    if as_json:
        payload = {"name": plan.document.name, "format": plan.document.format,
                   "encoding": plan.document.encoding, "characters": len(plan.document.text),
                   **_jsonable(plan.outline)}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
        return
    meta = plan.outline.metadata
    for label, value in (("标题 title", meta.title), ("文号 number", meta.doc_number),
                         ("发文机关 issuer", meta.issuer), ("日期 date", meta.issue_date),
                         ("辖区 jurisdiction", meta.jurisdiction), ("层级 level", meta.level)):
        out.print(f"{label:<18} {value or '—'}")
    out.print(_outline_tree(plan.document.name, plan.outline))
    for table in plan.outline.tables:
        out.print(f"\n[bold]表 {table.title or ''}[/bold]  {len(table.rows)} rows")
        out.print(" | ".join(table.columns))
        for row in table.rows:
            out.print(" | ".join(row))


def _progress(total: int) -> Progress:
    return Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                    MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True,
                    disable=total < 2 or not err.is_terminal)


# Where the per-document pipeline runs (docs/scale.md); the output is the same on every engine.
ENGINE = typer.Option("--engine", help="Where the pipeline runs: local (this process), pool (local worker "
                      "processes) or ray (a Ray cluster)")
WORKERS = typer.Option("--workers", help="Worker processes for --engine pool, or the CPUs of a Ray instance "
                       "started here (default: one per core)")
RAY_ADDRESS = typer.Option("--ray-address", help="Ray cluster to run on with --engine ray (ray://HOST:10001, "
                           "or HOST:6379 from a cluster node); default: start Ray on this machine")


@app.command("extract")
def extract_command(
    files: Annotated[list[Path], typer.Argument(help="Plan files, or folders of them")],
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv or xlsx")] = "jsonl",
    out: Annotated[Path | None, typer.Option("--out", help="Write here instead of standard output")] = None,
    emit_text: Annotated[bool, typer.Option(
        "--emit-text", help="Also write each normalised text (the offsets' reference) beside the output")] = False,
    tasks: Annotated[bool, typer.Option("--tasks", help="Emit qualitative tasks with deadlines instead")] = False,
    engine: Annotated[str, ENGINE] = "local",
    workers: Annotated[int | None, WORKERS] = None,
    ray_address: Annotated[str | None, RAY_ADDRESS] = None,
) -> None:
    """Extract every target (or, with --tasks, every dated task) of the plans, one record each."""
    paths = services.expand_paths(files)
    if not paths:
        raise UsageError("no plan files found in " + ", ".join(map(str, files)))
    records: list[Any] = []
    failures: list[services.Failure] = []
    text_dir = (out.parent if out else Path.cwd())
    with _progress(len(paths)) as progress:
        job = progress.add_task("extracting", total=len(paths))
        for item in services.extract_plans(paths, tasks, engine, workers, ray_address):
            progress.advance(job)
            if isinstance(item, services.Failure):
                failures.append(item)
                continue
            records.extend(item.tasks if tasks else item.targets)
            if emit_text:
                (text_dir / f"{Path(item.document.name).stem}.normalised.txt").write_text(
                    item.document.text, encoding="utf-8")
    write_records(records, fmt, out, sys.stdout)
    for failure in failures:
        err.print(f"Error: {failure.error}", markup=False)
    if failures:
        raise typer.Exit(code=max(f.error.exit_code for f in failures))


@app.command("eval")
def eval_command(
    gold: Annotated[Path, typer.Option("--gold", help="Folder of gold *.jsonl files (or one file)")],
    docs: Annotated[list[Path] | None, typer.Option(
        "--docs", help="Where the gold's documents are (default: the bundled seeds)")] = None,
    misses: Annotated[bool, typer.Option("--misses", help="List unmatched gold and predicted records")] = False,
) -> None:
    """Score extraction against hand-labelled gold records and print the scorer's report."""
    from greentrack.extract.scoring import format_report

    evaluation = services.evaluate_extraction(gold, docs or services.sample_paths())
    sys.stdout.write(format_report(evaluation.result, misses=misses) + "\n")
    for failure in evaluation.failures:
        err.print(f"Error: {failure.error}", markup=False)
    if evaluation.failures:
        raise typer.Exit(code=1)


def _print_json(records: list[Any]) -> None:
    sys.stdout.write(json.dumps(_jsonable(records), ensure_ascii=False, indent=1) + "\n")


@app.command("catalog")
def catalog_command(
    query: Annotated[str, typer.Argument(help="Id, name, alias, unit or dimension; empty lists all")] = "",
    fmt: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Search the indicator catalog (指标库)."""
    indicators = search_catalog(query)
    if fmt == "json":
        _print_json(indicators)
        return
    table = Table(title=f"指标 indicators: {len(indicators)}")
    for column in ("id", "名称 name", "unit", "direction", "dimension"):
        table.add_column(column)
    for ind in indicators:
        table.add_row(ind.id, ind.zh, ind.unit, ind.direction, ind.dimension)
    out.print(table)


@app.command("jurisdictions")
def jurisdictions_command(
    query: Annotated[str, typer.Argument(help="A name (金乡县, 金乡) or a code prefix (3708)")],
    fmt: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Search the administrative divisions (GB/T 2260) and show each one's parent chain."""
    found = search_jurisdictions(query)
    if fmt == "json":
        _print_json(found)
        return
    table = Table(title=f"行政区划 jurisdictions: {len(found)}")
    for column in ("code", "名称 name", "level", "上级 parents"):
        table.add_column(column)
    for place in found:
        table.add_row(place.code, place.name, place.level, " → ".join(f"{n} {c}" for c, n in place.chain))
    out.print(table)


@app.command("review")
def review_command(
    files: Annotated[list[Path] | None, typer.Argument(help="Plans to check (default: the seeds)")] = None,
    confirm: Annotated[tuple[str, str] | None, typer.Option(
        "--confirm", help="Remember PHRASE as an alias of INDICATOR_ID", metavar="PHRASE INDICATOR_ID")] = None,
) -> None:
    """List targets no catalog indicator fits confidently; --confirm remembers a person's choice."""
    if confirm:
        phrase, indicator_id = confirm
        services.confirm_indicator_alias(phrase, indicator_id)
        out.print(f"remembered: {phrase} → {indicator_id}", markup=False)
        return
    items, failures = services.review_queue(files or services.sample_paths())
    table = Table(title=f"待复核 to review: {len(items)}")
    for column in ("doc", "phrase", "unit", "reason", "candidates"):
        table.add_column(column)
    for item in items:
        table.add_row(item.doc, item.phrase, item.unit, item.reason,
                      ", ".join(f"{c.indicator_id} {c.score:.2f}" for c in item.candidates[:3]))
    out.print(table)
    for failure in failures:
        err.print(f"Error: {failure.error}", markup=False)
    if failures:
        raise typer.Exit(code=1)


def _as_of(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise UsageError(f"--as-of {text!r} is not a date — write it as YYYY-MM-DD") from exc


AS_OF = typer.Option("--as-of", help="Assess on this date (YYYY-MM-DD) instead of today")
STATUS_STYLE = {"achieved": "green", "on_track": "green", "compliant": "green", "lagging": "yellow",
                "no_trend": "yellow", "off_track": "red", "regressing": "red", "overdue": "bold red",
                "non_compliant": "red", "no_data": "dim"}
MIN_WIDTHS = {"id": 3, "jurisdiction": 6, "indicator": 8, "target": 7, "due": 10, "latest": 7, "progress": 4,
              "status": 8, "lead departments": 6, "data": 4}
INGEST_LABELS = {"added": "已入库 added", "new_version": "新版本 new version", "unchanged": "未变化 unchanged"}


@app.command("ingest")
def ingest_command(
    files: Annotated[list[Path], typer.Argument(help="Plan files, or folders of them")],
    engine: Annotated[str, ENGINE] = "local",
    workers: Annotated[int | None, WORKERS] = None,
    ray_address: Annotated[str | None, RAY_ADDRESS] = None,
) -> None:
    """Store plans in the ledger (read → extract → resolve → store); unchanged files are skipped."""
    paths = services.expand_paths(files)
    if not paths:
        raise UsageError("no plan files found in " + ", ".join(map(str, files)))
    ledger = services.open_ledger()
    failures = []
    with _progress(len(paths)) as progress:
        job = progress.add_task("ingesting", total=len(paths))
        actor = services.acting(ledger).name  # the audit names the user (GREENTRACK_USER or the login)
        for outcome in services.ingest_plans(ledger, paths, actor, engine, workers, ray_address):
            progress.advance(job)
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


def _status_table(report: StatusReport, title: str) -> Table:
    table = Table(title=f"{title} · 统计日期 as of {report.as_of.isoformat()}")
    for zh, en in STATUS_COLUMNS:
        # a floor under every column, so that on a narrow terminal long indicator names wrap instead of
        # squeezing the place or the target out of sight
        table.add_column(f"{zh} {en}", overflow="fold", min_width=MIN_WIDTHS.get(en, 4))
    for row in report.rows:
        table.add_row(*status_cells(row), style=STATUS_STYLE.get(row.assessment.status))
    counts = " · ".join(f"{STATUS_LABELS[s][0]} {n}" for s, n in report.counts().items())
    note = f"\n{ILLUSTRATIVE}: 标记行使用内置虚构数值 (illustrative values)" if report.illustrative else ""
    table.caption = f"{len(report.rows)} 目标 targets: {counts}{note}"
    return table


@app.command("status")
def status_command(
    jurisdiction: Annotated[str | None, typer.Option(
        "--jurisdiction", help="A name or code (金乡县, 370828); includes the divisions below it")] = None,
    department: Annotated[str | None, typer.Option(
        "--department", help="A department (县住建局, 住建局, 金乡县住房和城乡建设局)")] = None,
    as_of: Annotated[str | None, AS_OF] = None,
) -> None:
    """The status of every current target in the ledger (台账进度), from its observations."""
    report = services.ledger_status(services.open_ledger(), _as_of(as_of), jurisdiction, department)
    out.print(_status_table(report, "台账进度 ledger status"))


@app.command("warnings")
def warnings_command(
    jurisdiction: Annotated[str | None, typer.Option("--jurisdiction", help="A name or code")] = None,
    department: Annotated[str | None, typer.Option("--department", help="A department")] = None,
    as_of: Annotated[str | None, AS_OF] = None,
) -> None:
    """Early warnings (预警) and the supervision list (督办清单) of each department."""
    report, warnings, dockets = services.ledger_warnings(services.open_ledger(), _as_of(as_of), jurisdiction,
                                                         department)
    marked = {str(row.record.id): ILLUSTRATIVE for row in report.rows if row.illustrative}
    table = Table(title=f"预警 warnings: {len(warnings)} · 统计日期 as of {report.as_of.isoformat()}")
    for column in ("预警 severity", "编号 id", "指标 indicator", "说明 message", "期限 due", "牵头部门 lead",
                   "数据 data"):
        table.add_column(column, overflow="fold")
    for warning in warnings:
        table.add_row(warning.severity_zh, warning.target_id, warning.indicator, warning.message,
                      warning.due.isoformat() if warning.due else "—", "、".join(warning.lead_departments) or "—",
                      marked.get(warning.target_id, ""))
    if report.illustrative:
        table.caption = f"{ILLUSTRATIVE}: 基于内置虚构数值 (illustrative values, not real data)"
    out.print(table)
    for docket in dockets:
        out.print(f"\n[bold]督办清单 supervision list · {docket.department}[/bold] "
                  f"({len(docket.items)}, {SEVERITY_LABELS[docket.worst][0]})")
        for item in docket.items:
            w = item.warning
            role = "牵头 lead" if item.lead else "配合 support"
            out.print(f"  {w.severity_zh}  #{w.target_id} {w.indicator}  {role}  "
                      f"{w.due.isoformat() if w.due else '—'}  {marked.get(w.target_id, '')}".rstrip(), markup=False)


@app.command("export")
def export_command(
    fmt: Annotated[str, typer.Option(
        "--format", help="xlsx (the 台账: 汇总, the whole ledger, a sheet per department), csv or json")] = "xlsx",
    out_path: Annotated[Path | None, typer.Option(
        "--out", help="File to write (default: greentrack-ledger.<format>)")] = None,
    as_of: Annotated[str | None, AS_OF] = None,
) -> None:
    """Export the ledger (台账) with every target's status as Excel, CSV or JSON."""
    if fmt not in ("xlsx", "csv", "json"):
        raise UsageError(f"unknown export format {fmt!r} — use xlsx, csv or json")
    written = services.export_ledger(services.open_ledger(), fmt, out_path or Path(f"greentrack-ledger.{fmt}"),
                                     _as_of(as_of))
    out.print(f"wrote {written}", markup=False)


@app.command("demo")
def demo_command(
    db: Annotated[Path, typer.Option("--db", help="Where to build the demo ledger (replaced on each run)")] = Path(
        services.DEMO_DB),
    as_of: Annotated[str | None, AS_OF] = None,
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port of the dashboard on 127.0.0.1")] = 8000,
    no_serve: Annotated[bool, typer.Option(
        "--no-serve", help="Build the ledger and print the dashboard's URL, but do not start the server")] = False,
) -> None:
    """Build a fresh demo ledger (bundled plans + 示例数据 illustrative values), show it, serve the dashboard."""
    out.print("[bold]greentrack demo[/bold] — 内置示例规划 the bundled seed plans + 示例数据 illustrative values\n")
    day = _as_of(as_of)
    demo = services.build_demo(db, day)
    for outcome in demo.outcomes:
        if outcome.error is not None:
            err.print(f"Error: {outcome.error}", markup=False)
        else:
            doc = outcome.document
            out.print(f"  {outcome.path.name}  {doc.title or '—'} · {doc.jurisdiction_name or '—'} · "
                      f"{doc.targets} 目标 targets", markup=False)
    out.print(f"  {demo.observations} 条示例数据 illustrative observations\n", markup=False)
    out.print(_status_table(demo.report, "台账进度 ledger status（示例数据 illustrative）"))
    out.print(f"\n台账 ledger: {demo.path} — try `GREENTRACK_DB={demo.path} greentrack warnings`", markup=False)
    out.print(f"仪表盘 dashboard: http://127.0.0.1:{port}/", markup=False)
    out.print("演示账号 demo accounts — 仅供演示，密码公开 DEMO ONLY, the passwords are public:", markup=False)
    for account in demo.accounts:
        scope = account.department or account.jurisdiction or "全部 everywhere"
        out.print(f"  {account.name} / {account.password}  ({account.role} · {scope})", markup=False)
    if no_serve:
        return
    from greentrack.web.app import serve

    out.print("按 Ctrl+C 停止 (press Ctrl+C to stop)", markup=False)
    serve(demo.path, "127.0.0.1", port, day)


@app.command("template")
def template_command(
    department: Annotated[str, typer.Option("--department", help="The department (金乡县住建局, 县水务局 …)")],
    out_path: Annotated[Path, typer.Option("--out", help="The workbook to write (.xlsx)")],
) -> None:
    """Write a department's reporting sheet (填报表): one row per target it answers for, with data validation."""
    summary = services.department_template(services.open_ledger(), department, out_path)
    out.print(f"wrote {summary.path}: {summary.department} · {summary.targets} 目标 targets · "
              f"{summary.extra_rows} 空行 blank rows for more periods", markup=False)


@app.command("import")
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
    try:
        outcome = services.import_observations(services.open_ledger(), file, department, replace, _as_of(as_of),
                                               reporter)
    except ImportRejected as exc:
        for problem in exc.problems:
            err.print(str(problem), markup=False)
        raise
    out.print(f"{outcome.file}: 新增 {len(outcome.added)} added · 覆盖 {len(outcome.replaced)} replaced · "
              f"已有相同 {len(outcome.unchanged)} unchanged · 同值合并 {len(outcome.merged)} merged · "
              f"空行 {len(outcome.skipped)} blank", markup=False)


@app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option("--host", help="Address to listen on (0.0.0.0: every interface)")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on")] = 8000,
    db: Annotated[Path | None, typer.Option("--db", help="SQLite ledger file (default: the `db` setting)")] = None,
    url: Annotated[str | None, typer.Option(
        "--url", help="Database URL of a shared ledger, e.g. postgresql+psycopg://… (overrides --db)")] = None,
) -> None:
    """Serve the REST API (/api/v1, docs at /api/v1/docs) and the dashboard (仪表盘) on one server."""
    from greentrack.web.app import serve

    ledger = services.open_ledger(db, url)
    out.print(f"台账 ledger: {ledger.url}\n仪表盘 dashboard: http://{host}:{port}/ · "
              f"API: http://{host}:{port}/api/v1/docs", markup=False)
    serve(ledger, host, port)


LEDGER_DB = typer.Option("--db", help="SQLite ledger file (default: the `db` setting)")
LEDGER_URL = typer.Option("--url", help="Database URL of a shared ledger, e.g. postgresql+psycopg://… (overrides --db)")


@app.command("backup")
def backup_command(
    out_path: Annotated[Path, typer.Argument(help="The backup file to write (.jsonl, or .jsonl.gz compressed)")],
    db: Annotated[Path | None, LEDGER_DB] = None,
    url: Annotated[str | None, LEDGER_URL] = None,
) -> None:
    """Back up the whole ledger (备份台账) to one portable file: every table, SQLite or PostgreSQL alike."""
    summary = services.backup_ledger(services.open_ledger(db, url), out_path)
    out.print(f"wrote {summary.path}: {summary.rows} 行 rows in {len(summary.tables)} 表 tables "
              f"(schema {summary.revision})", markup=False)


@app.command("restore")
def restore_command(
    source: Annotated[Path, typer.Argument(help="A file written by `greentrack backup`")],
    db: Annotated[Path | None, LEDGER_DB] = None,
    url: Annotated[str | None, LEDGER_URL] = None,
) -> None:
    """Restore a backup (恢复台账) into an empty ledger: checked whole first, then all tables or nothing."""
    ledger = services.open_ledger(db, url)
    summary = services.restore_ledger(ledger, source)
    out.print(f"restored {summary.rows} 行 rows in {len(summary.tables)} 表 tables into {ledger.url}", markup=False)


# ---------------------------------------------------------------- analyses and the 中期评估报告

JURISDICTION = typer.Option("--jurisdiction", help="A name or code (金乡县, 370828); includes the places below it")


@app.command("contradictions")
def contradictions_command(
    jurisdiction: Annotated[str | None, JURISDICTION] = None,
    fmt: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Targets of one place's plans that disagree (规划间矛盾): both quotes side by side, most severe first."""
    found = services.ledger_contradictions(services.open_ledger(), jurisdiction)
    rows = [c.row() for c in found]
    if fmt == "json":
        _print_json(rows)
        return
    out.print(f"[bold]规划间矛盾 contradictions: {len(found)}[/bold]")
    for number, row in enumerate(rows, 1):  # one block each: the two quotes need the full width
        out.print(f"\n{number}. [{row['严重程度']}] {row['类型']} · {row['地区']} · {row['指标']} {row['年份']}",
                  markup=False)
        out.print(f"   文件一 {row['文件一']}：“{row['原文一']}”", markup=False)
        out.print(f"   文件二 {row['文件二']}：“{row['原文二']}”", markup=False)
        out.print(f"   说明 {row['说明']}", markup=False)


@app.command("decomposition")
def decomposition_command(
    parent: Annotated[str | None, typer.Option(
        "--parent", help="Check the places below this one (name or code); default: the whole ledger")] = None,
) -> None:
    """Whether what a level set was taken up below it (分解落实): weaker, short, uncovered and undecided targets."""
    found = services.ledger_decomposition(services.open_ledger(), parent)
    groups = (("下级目标低于上级 weaker children", [w.explanation for w in found.weaker]),
              ("下级合计不足 shortfalls", [s.explanation for s in found.shortfalls]),
              ("上级目标未被承接 uncovered", [u.explanation for u in found.uncovered]))
    for title, lines in groups:
        out.print(f"[bold]{title}: {len(lines)}[/bold]")
        for number, line in enumerate(lines, 1):
            out.print(f"  {number}. {line}", markup=False)
    table = Table(title=f"未定分解数值 undecided rows (完成市分解任务): {len(found.undecided)}")
    for column in ("地区", "规划", "指标", "年份", "原文", "上级目标 handed down"):
        table.add_column(column, overflow="fold")
    for row in found.undecided:
        above = "；".join(f"{t.jurisdiction.name} {t.target.quote}" for t in row.handed_down) or "—"
        table.add_row(row.plan.jurisdiction.name, row.plan.label, row.indicator, str(row.year or "—"), row.phrase,
                      above)
    out.print(table)


@app.command("ambition")
def ambition_command(
    indicator: Annotated[str, typer.Argument(help="A catalog indicator: id or name (再生水利用率, charging_piles)")],
) -> None:
    """Places ranked by their target on one indicator (目标力度), per year, kind and scope, best first."""
    rankings = services.ledger_ambition(services.open_ledger(), indicator)
    if not rankings:
        out.print(f"no comparable target on {indicator} in the ledger", markup=False)
    for ranking in rankings:
        table = Table(title=f"{ranking.title} · {len(ranking.entries)} 地区 places")
        for column in ("排名 rank", "地区 place", "目标值 target", "原文 quote", "规划 plan"):
            table.add_column(column, overflow="fold")
        for entry in ranking.entries:
            table.add_row(str(entry.rank or "—"), entry.jurisdiction_name, f"{entry.value:g}{ranking.unit}",
                          entry.target.target.quote, entry.target.plan.label)
        out.print(table)


@app.command("timeline")
def timeline_command(
    jurisdiction: Annotated[str, JURISDICTION],
) -> None:
    """The roadmap (路线图) of a place: every deadline of its targets and tasks by year and month."""
    found = services.ledger_timeline(services.open_ledger(), jurisdiction)
    table = Table(title=f"路线图 roadmap · {jurisdiction}: {len(found.rows)}")
    for column in ("时间 when", "类型 kind", "事项 item", "牵头 lead", "规划 plan"):
        table.add_column(column, overflow="fold")
    for row in found.rows:
        table.add_row(row.deadline or row.when, "指标 target" if row.kind == "target" else "任务 task", row.label,
                      "、".join(row.lead_departments) or "—", row.plan.label)
    table.caption = (f"未写明年份 without a year: {found.undated_targets} 指标 targets · "
                     f"{found.undated_tasks} 任务 tasks")
    out.print(table)


@app.command("evaluate")
def evaluate_command(
    jurisdiction: Annotated[str | None, JURISDICTION] = None,
    as_of: Annotated[str | None, AS_OF] = None,
) -> None:
    """城市体检-style scores (0–100) per dimension of each place, from its targets' statuses (docs/methodology.md)."""
    scores = services.ledger_evaluation(services.open_ledger(), _as_of(as_of), jurisdiction)
    table = Table(title=f"城市体检式评价 evaluation: {len(scores)} 地区 places")
    for column in ("地区 place", "综合得分 overall", "目标 targets", "有数据 with data", "覆盖率 coverage"):
        table.add_column(column, overflow="fold")
    for place in scores:
        table.add_row(place.name, _score_cell(place.overall), str(place.targets), str(place.with_data),
                      f"{place.coverage:.0%}")
    table.caption = "得分 = 各有评分目标的分值平均（已完成100 正常推进95 滞后80 严重滞后30 逆向/逾期0），各维度等权"
    out.print(table)
    for place in scores:
        detail = Table(title=f"{place.name} · 分维度得分 per dimension")
        for column in ("维度 dimension", "得分 score", "目标 targets", "有数据 with data", "覆盖率 coverage"):
            detail.add_column(column, overflow="fold")
        for dimension in place.dimensions:
            detail.add_row(f"{dimension.dimension} {dimension.dimension_en}", _score_cell(dimension.score),
                           str(dimension.targets), str(dimension.with_data), f"{dimension.coverage:.0%}")
        out.print(detail)


def _score_cell(score: float | None) -> str:
    return "—" if score is None else f"{score:.1f}"


@app.command("report")
def report_command(
    jurisdiction: Annotated[str, JURISDICTION],
    fmt: Annotated[str, typer.Option("--format", help="docx, pdf (LibreOffice from the docx) or html")] = "docx",
    out_path: Annotated[Path | None, typer.Option(
        "--out", help="File to write (default: <jurisdiction>-中期评估报告.<format>)")] = None,
    lang: Annotated[str, typer.Option("--lang", help="zh (中文) or en")] = "zh",
    as_of: Annotated[str | None, AS_OF] = None,
) -> None:
    """Write the mid-term evaluation report (中期评估报告) of a place: summary, targets by status, supervision lists,
    contradictions, decomposition, roadmap, charts."""
    target = out_path or Path(f"{jurisdiction}-中期评估报告.{fmt}")
    written = services.write_report(services.open_ledger(), jurisdiction, fmt, target, lang, _as_of(as_of))
    out.print(f"wrote {written}", markup=False)


register_user_commands(app)  # `greentrack user …` and `greentrack audit` (greentrack.auth.commands)


@app.callback()
def _root() -> None:
    """greentrack: plans → a tracked ledger of commitments."""


def main() -> None:
    """Entry point: expected errors become one line on stderr and an exit code, never a traceback."""
    try:
        app()
    except GreentrackError as exc:
        err.print(f"Error: {exc}", markup=False)
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
