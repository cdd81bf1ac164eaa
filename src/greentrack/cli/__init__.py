"""The `greentrack` command line: each command parses, makes one service call, prints.

The commands live in modules by noun — documents (read, extract, eval, catalog, jurisdictions, review), ledger
(ingest, status, warnings, export, template, import), serve (serve, demo), backup (backup, restore), analysis
(contradictions … report), users (user …, audit), review (target …, task …), tasks (task progress, report,
states), series (series …, observation …) and cycles (cycle …). This module puts them on one `app` in the order
`greentrack --help` lists them; `main` is the console script's entry point.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import typer
from typer.core import TyperGroup

from greentrack.cli import (
    analysis,
    backup,
    cycles,
    documents,
    ledger,
    report_texts,
    review,
    series,
    serve,
    supervise,
    tasks,
    users,
)
from greentrack.cli.common import err, require_ledger
from greentrack.errors import GreentrackError

SUBCOMMAND_ARGS = "greentrack.subcommand_args"


class _Commands(TyperGroup):
    """The root group, keeping the chosen command's arguments where the root callback can see them (click has
    already taken them off the context by then): `greentrack status --help` needs no ledger."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:  # click's Context and Command (typer's own)
        name, command, rest = super().resolve_command(ctx, args)
        ctx.meta[SUBCOMMAND_ARGS] = tuple(rest)
        return name, command, rest


# Plain help (click's formatter): typer's rich help imports markdown and pygments, doubling the CPU of `--help`
# (bench/bench_cli_start.py); the command modules import the pipeline, ledger and web only inside their commands.
app = typer.Typer(help="greentrack: plans → a tracked ledger of commitments.", no_args_is_help=True, cls=_Commands,
                  rich_markup_mode=None, pretty_exceptions_enable=False, add_completion=False)

COMMANDS: tuple[tuple[str, Callable[..., None]], ...] = (
    ("read", documents.read_command),
    ("extract", documents.extract_command),
    ("eval", documents.eval_command),
    ("catalog", documents.catalog_command),
    ("jurisdictions", documents.jurisdictions_command),
    ("review", documents.review_command),
    ("ingest", ledger.ingest_command),
    ("status", ledger.status_command),
    ("warnings", ledger.warnings_command),
    ("export", ledger.export_command),
    ("demo", serve.demo_command),
    ("template", ledger.template_command),
    ("import", ledger.import_command),
    ("serve", serve.serve_command),
    ("backup", backup.backup_command),
    ("restore", backup.restore_command),
    ("contradictions", analysis.contradictions_command),
    ("decomposition", analysis.decomposition_command),
    ("ambition", analysis.ambition_command),
    ("timeline", analysis.timeline_command),
    ("evaluate", analysis.evaluate_command),
    ("report", analysis.report_command),
)
for _name, _command in COMMANDS:
    app.command(_name)(_command)
users.register(app)  # `greentrack user …` and `greentrack audit`
review.register(app)  # `greentrack target …` and `greentrack task …` (审核)
tasks.register(review.task_app)  # `greentrack task progress|report|states` (任务进展)
series.register(app)  # `greentrack series …` and `greentrack observation …`
cycles.register(app)  # `greentrack cycle …` (填报周期, 催报)
supervise.register(app)  # `greentrack supervise …` (督办事项)
report_texts.register(app)  # `greentrack report-text …` and `report-settings` (the report's sections, 公文 frame)


# Commands that only read or change a ledger that already holds plans: on a missing SQLite file they stop with an
# error naming the file, instead of making an empty ledger and printing an empty table. ingest, demo, restore,
# serve and `user add` may start a new ledger.
NEEDS_LEDGER = frozenset({"status", "warnings", "export", "template", "import", "contradictions", "decomposition",
                          "ambition", "timeline", "evaluate", "report", "audit", "target", "task", "cycle",
                          "supervise", "report-text", "report-settings"})


@app.callback()
def _root(ctx: typer.Context) -> None:
    """greentrack: plans → a tracked ledger of commitments."""
    if ctx.invoked_subcommand in NEEDS_LEDGER and "--help" not in ctx.meta.get(SUBCOMMAND_ARGS, ()):
        require_ledger()


def main() -> None:
    """Entry point: expected errors become one line on stderr and an exit code, never a traceback."""
    try:
        app()
    except GreentrackError as exc:
        err.print(f"Error: {exc}", markup=False)
        sys.exit(exc.exit_code)
