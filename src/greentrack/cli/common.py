"""What the command modules share: the two consoles, the option types several commands take, and small helpers."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console, OverflowMethod
from rich.table import Table

from greentrack.errors import LedgerError, UsageError

Item = TypeVar("Item")
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

# Option types shared by several commands (typer reads the help and flags from the Annotated metadata).
PlanFiles = Annotated[list[Path], typer.Argument(help="Plan files, or folders of them")]
# Where the per-document pipeline runs (docs/scale.md); the output is the same on every engine.
Engine = Annotated[str, typer.Option(
    "--engine", help="Where the pipeline runs: local (this process), pool (local worker processes) or ray "
    "(a Ray cluster)")]
Workers = Annotated[int | None, typer.Option(
    "--workers", help="Worker processes for --engine pool, or the CPUs of a Ray instance started here "
    "(default: one per core)")]
RayAddress = Annotated[str | None, typer.Option(
    "--ray-address", help="Ray cluster to run on with --engine ray (ray://HOST:10001, or HOST:6379 from a cluster "
    "node); default: start Ray on this machine")]
AsOf = Annotated[str | None, typer.Option("--as-of", help="Assess on this date (YYYY-MM-DD) instead of today")]
LedgerDb = Annotated[Path | None, typer.Option("--db", help="SQLite ledger file (default: the `db` setting)")]
LedgerUrl = Annotated[str | None, typer.Option(
    "--url", help="Database URL of a shared ledger, e.g. postgresql+psycopg://… (overrides --db)")]
_PLACE = typer.Option("--jurisdiction", help="A name or code (金乡县, 370828); includes the places below it")
Place = Annotated[str, _PLACE]
PlaceOrAll = Annotated[str | None, _PLACE]
TableOrJson = Annotated[str, typer.Option("--format", help="table or json")]


def require_ledger() -> None:
    """LedgerError when the configured ledger is a SQLite file that does not exist (a database URL is left to the
    server to answer for): the message names the file and the two ways to get one."""
    from greentrack import config

    if config.get("database_url"):
        return
    path = Path(config.get("db")).expanduser()
    if not path.exists():
        raise LedgerError(
            f"no ledger at {path} (the `db` setting, GREENTRACK_DB) — `greentrack ingest PLANS` makes one there; "
            "for the demo's ledger run `greentrack demo` and then `export GREENTRACK_DB=greentrack-demo.db`")


def plan_paths(files: list[Path]) -> list[Path]:
    """The plan files named or inside the folders named; none at all is a usage error."""
    from greentrack.services.documents import expand_paths
    paths = expand_paths(files)
    if not paths:
        raise UsageError("no plan files found in " + ", ".join(map(str, files)))
    return paths


def parse_as_of(text: str | None) -> date | None:
    """The --as-of date, or None for today."""
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise UsageError(f"--as-of {text!r} is not a date — write it as YYYY-MM-DD") from exc


def with_progress(items: Iterable[Item], total: int, label: str) -> Iterator[Item]:
    """The items, counted on a progress bar with a spinner on stderr (on a terminal only: one slow PDF shows it too)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    bar = Progress(SpinnerColumn(), TextColumn("[progress.description]{task.description}"), BarColumn(),
                   MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True,
                   disable=not err.is_terminal)
    with bar:
        job = bar.add_task(label, total=total)
        for item in items:
            bar.advance(job)
            yield item


@contextlib.contextmanager
def working(label: str) -> Iterator[None]:
    """A spinner with `label` and the seconds elapsed on stderr while a single long call runs (on a terminal only;
    a command that takes over two seconds says it is working)."""
    if not err.is_terminal:
        yield
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn(label), TimeElapsedColumn(), console=err, transient=True) as bar:
        bar.add_task(label, total=None)
        yield


def new_table(title: str, columns: Iterable[str], overflow: OverflowMethod = "ellipsis") -> Table:
    """An empty table with these column headings; overflow="fold" wraps long cells instead of cutting them."""
    table = Table(title=title)
    for column in columns:
        table.add_column(column, overflow=overflow)
    return table


def jsonable(value: Any) -> Any:
    """Dataclasses (without their offsets) and sequences of them as plain JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.name != "offsets"}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def print_json(records: list[Any]) -> None:
    sys.stdout.write(json.dumps(jsonable(records), ensure_ascii=False, indent=1) + "\n")


def print_failures(failures: list[Any]) -> None:
    """One `Error: …` line on stderr per failed document (a pipeline Failure)."""
    for failure in failures:
        err.print(f"Error: {failure.error}", markup=False)
