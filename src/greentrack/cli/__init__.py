"""The `greentrack` command line: each command parses, makes one service call, prints.

The commands live in modules by noun — documents (read, extract, eval, catalog, jurisdictions, review), ledger
(ingest, status, warnings, export, template, import), serve (serve, demo), backup (backup, restore), analysis
(contradictions … report), users (user …, audit), review (target …, task …) and series (series …,
observation …). This module puts them on one `app` in the order `greentrack --help` lists them; `main` is the
console script's entry point.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import typer

from greentrack.cli import analysis, backup, documents, ledger, review, series, serve, users
from greentrack.cli.common import err
from greentrack.errors import GreentrackError

app = typer.Typer(help="greentrack: plans → a tracked ledger of commitments.", no_args_is_help=True,
                  pretty_exceptions_enable=False, add_completion=False)

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
series.register(app)  # `greentrack series …` and `greentrack observation …`


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
