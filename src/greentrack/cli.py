"""The `greentrack` command line: each command parses, makes one service call, prints."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.tree import Tree

from greentrack import services
from greentrack.errors import GreentrackError
from greentrack.models import Outline

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
