"""Commands on plan documents without a ledger: read, extract, eval, catalog, jurisdictions, review."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.tree import Tree

from greentrack.cli.common import (
    Engine,
    PlanFiles,
    RayAddress,
    TableOrJson,
    Workers,
    err,
    jsonable,
    new_table,
    out,
    plan_paths,
    print_failures,
    print_json,
    with_progress,
)

if TYPE_CHECKING:
    from greentrack.models import Outline
    from greentrack.pipeline.records import Failure


def _outline_tree(name: str, outline: Outline) -> Tree:
    tree = Tree(f"[bold]{name}[/bold]")
    nodes: dict[int, Tree] = {}
    for section in outline.sections:
        parent = nodes.get(section.parent) if section.parent is not None else tree
        nodes[section.id] = (parent or tree).add(f"{section.number} {section.title}")
    return tree


def read_command(
    file: Annotated[Path, typer.Argument(help="A plan: .txt, .docx, .pdf or .html")],
    as_json: Annotated[bool, typer.Option("--json", help="Print metadata, outline and tables as JSON")] = False,
    emit_text: Annotated[bool, typer.Option("--emit-text", help="Print the normalised text only")] = False,
) -> None:
    """Read a plan: its metadata, outline tree and tables."""
    from greentrack.pipeline.steps import read_plan
    plan = read_plan(file)
    if emit_text:
        sys.stdout.write(plan.document.text + "\n")
        return
    if as_json:
        payload = {"name": plan.document.name, "format": plan.document.format,
                   "encoding": plan.document.encoding, "characters": len(plan.document.text),
                   **jsonable(plan.outline)}
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


def extract_command(
    files: PlanFiles,
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv or xlsx")] = "jsonl",
    out: Annotated[Path | None, typer.Option("--out", help="Write here instead of standard output")] = None,
    emit_text: Annotated[bool, typer.Option(
        "--emit-text", help="Also write each normalised text (the offsets' reference) beside the output")] = False,
    tasks: Annotated[bool, typer.Option("--tasks", help="Emit qualitative tasks with deadlines instead")] = False,
    engine: Engine = "local",
    workers: Workers = None,
    ray_address: RayAddress = None,
) -> None:
    """Extract every target (or, with --tasks, every dated task) of the plans, one record each."""
    from greentrack.pipeline.records import Failure
    from greentrack.reports.records import write_records
    from greentrack.services.documents import extract_plans
    paths = plan_paths(files)
    records: list[Any] = []
    failures: list[Failure] = []
    text_dir = (out.parent if out else Path.cwd())
    for item in with_progress(extract_plans(paths, tasks, engine, workers, ray_address), len(paths),
                              "extracting"):
        if isinstance(item, Failure):
            failures.append(item)
            continue
        records.extend(item.tasks if tasks else item.targets)
        if emit_text:
            (text_dir / f"{Path(item.document.name).stem}.normalised.txt").write_text(
                item.document.text, encoding="utf-8")
    write_records(records, fmt, out, sys.stdout)
    print_failures(failures)
    if failures:
        raise typer.Exit(code=max(f.error.exit_code for f in failures))


def eval_command(
    gold: Annotated[Path, typer.Option("--gold", help="Folder of gold *.jsonl files (or one file)")],
    docs: Annotated[list[Path] | None, typer.Option(
        "--docs", help="Folders or files of plans in any format the reader takes, matched to the gold by name "
                       "without extension; plans without gold are ignored (default: the bundled seeds)")] = None,
    misses: Annotated[bool, typer.Option("--misses", help="List unmatched gold and predicted records")] = False,
    reliability: Annotated[bool, typer.Option(
        "--reliability", help="Also print the confidence reliability table (bucket → records, share correct) "
                              "and each doubt's share correct with its fitted weight")] = False,
) -> None:
    """Score extraction against hand-labelled gold records and print the scorer's report."""
    from greentrack.extract.confidence import fit_weights, format_reliability
    from greentrack.extract.confidence import reliability as buckets_of
    from greentrack.extract.scoring import format_report
    from greentrack.services.documents import evaluate_extraction, sample_paths

    evaluation = evaluate_extraction(
        gold, docs or sample_paths(), progress=lambda items, total: with_progress(items, total, "extracting"))
    if evaluation.left_out:
        err.print(f"note: {len(evaluation.left_out)} plan(s) of the gold have no document in --docs and are not "
                  f"scored: {', '.join(evaluation.left_out)}", markup=False)
    sys.stdout.write(format_report(evaluation.result, misses=misses) + "\n")
    if reliability:
        base, fits = fit_weights((r.get("doubts", ()), ok) for r, ok in evaluation.labelled)
        table = format_reliability(buckets_of((float(r.get("confidence", 1.0)), ok) for r, ok in evaluation.labelled),
                                   fits, base)
        sys.stdout.write("\n" + table + "\n")
    print_failures(evaluation.failures)
    if evaluation.failures:
        raise typer.Exit(code=1)


def catalog_command(
    query: Annotated[str, typer.Argument(help="Id, name, alias, unit or dimension; empty lists all")] = "",
    fmt: TableOrJson = "table",
) -> None:
    """Search the indicator catalog (指标库)."""
    from greentrack.resolve import search_catalog
    indicators = search_catalog(query)
    if fmt == "json":
        print_json(indicators)
        return
    table = new_table(f"指标 indicators: {len(indicators)}", ("id", "名称 name", "unit", "direction", "dimension"))
    for ind in indicators:
        table.add_row(ind.id, ind.zh, ind.unit, ind.direction, ind.dimension)
    out.print(table)


def jurisdictions_command(
    query: Annotated[str, typer.Argument(help="A name (金乡县, 金乡) or a code prefix (3708)")],
    fmt: TableOrJson = "table",
) -> None:
    """Search the administrative divisions (GB/T 2260) and show each one's parent chain."""
    from greentrack.resolve import search_jurisdictions
    found = search_jurisdictions(query)
    if fmt == "json":
        print_json(found)
        return
    table = new_table(f"行政区划 jurisdictions: {len(found)}", ("code", "名称 name", "level", "上级 parents"))
    for place in found:
        table.add_row(place.code, place.name, place.level, " → ".join(f"{n} {c}" for c, n in place.chain))
    out.print(table)


def review_command(
    files: Annotated[list[Path] | None, typer.Argument(help="Plans to check (default: the seeds)")] = None,
    confirm: Annotated[tuple[str, str] | None, typer.Option(
        "--confirm", help="Remember PHRASE as an alias of INDICATOR_ID", metavar="PHRASE INDICATOR_ID")] = None,
) -> None:
    """List targets no catalog indicator fits confidently; --confirm remembers a person's choice."""
    from greentrack.services.documents import sample_paths
    from greentrack.services.review import confirm_indicator_alias, review_queue
    if confirm:
        phrase, indicator_id = confirm
        confirm_indicator_alias(phrase, indicator_id)
        out.print(f"remembered: {phrase} → {indicator_id}", markup=False)
        return
    items, failures = review_queue(files or sample_paths())
    table = new_table(f"待复核 to review: {len(items)}", ("doc", "phrase", "unit", "reason", "candidates"))
    for item in items:
        table.add_row(item.doc, item.phrase, item.unit, item.reason,
                      ", ".join(f"{c.indicator_id} {c.score:.2f}" for c in item.candidates[:3]))
    out.print(table)
    print_failures(failures)
    if failures:
        raise typer.Exit(code=1)
