"""`greentrack cycle open|list|status|remind|close|sheet`: reporting cycles (填报周期) and reminders (催报), over
`services.cycles` (docs/supervision.md).

The commands act as GREENTRACK_USER when it is set (its role and place apply), else as the local operator.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from greentrack.cli.common import AsOf, new_table, out, parse_as_of

if TYPE_CHECKING:
    from greentrack.ledger.records import CycleRecord
    from greentrack.services.cycles import CycleStatus

cycle_app = typer.Typer(help="Reporting cycles (填报周期): open, list, status, remind (催报), close, a department's "
                             "sheet (docs/supervision.md).", no_args_is_help=True, rich_markup_mode=None)
CycleId = Annotated[int, typer.Argument(help="The cycle's id (`greentrack cycle list`)")]
Department = Annotated[str, typer.Option("--department", help="The department (住建局, 金乡县住房和城乡建设局)")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of text")]


def _date(text: str, option: str) -> Any:
    import datetime as dt

    from greentrack.errors import UsageError
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option} must be a date such as 2026-01-31, not {text!r}") from None


def cycle_line(cycle: CycleRecord) -> str:
    """One line: id, name, place, period, due date, what it covers, open or closed."""
    state = "进行中 open" if cycle.open else f"已关闭 closed {cycle.closed_at:%Y-%m-%d}"
    return (f"#{cycle.id} {cycle.name} · {cycle.jurisdiction_name or cycle.jurisdiction_code} · 期间 {cycle.period} · "
            f"截止 due {cycle.due_on} · {cycle.targets} 目标 targets, {cycle.tasks} 任务 tasks · {state}")


def status_json(status: CycleStatus) -> dict[str, Any]:
    """A cycle's status as JSON (the API's shape, without the items' labels)."""
    from greentrack.services.cycles import state_label

    def when(at: Any) -> str | None:
        return at.isoformat(timespec="seconds") if at else None

    return {"cycle": {"id": status.cycle.id, "name": status.cycle.name, "period": status.cycle.period,
                      "jurisdiction": status.cycle.jurisdiction_name, "due_on": status.cycle.due_on.isoformat(),
                      "open": status.cycle.open},
            "as_of": status.as_of.isoformat(), "unowned": status.unowned,
            "departments": [{"department": line.department, "targets": line.targets, "tasks": line.tasks,
                             "reported": line.reported, "state": line.state, "zh": state_label(line.state),
                             "last_report": when(line.last_report), "reminders": len(line.reminders),
                             "items": [{"kind": i.kind, "id": i.item_id, "reported_at": when(i.reported_at)}
                                       for i in line.items]} for line in status.lines]}


@cycle_app.command("open")
def open_command(
    name: Annotated[str, typer.Argument(help="The cycle's name (2025年度, 2026年第一季度)")],
    period: Annotated[str, typer.Option("--period", help="The period values are reported for: YYYY or YYYY-MM")],
    due: Annotated[str, typer.Option("--due", help="The due date (YYYY-MM-DD)")],
    place: Annotated[str | None, typer.Option(
        "--place", help="The place (金乡县); a coordinator's own by default; places below included")] = None,
    opens: Annotated[str | None, typer.Option("--opens", help="When it opens (YYYY-MM-DD); default today")] = None,
    target: Annotated[list[int] | None, typer.Option(
        "--target", help="A target it covers (repeat); default: every current target and task of the place")] = None,
    task: Annotated[list[int] | None, typer.Option("--task", help="A task it covers (repeat)")] = None,
) -> None:
    """Open a reporting cycle: each department owes the reports of the targets and tasks it leads (or shares)."""
    from greentrack.services import cycles
    from greentrack.services.ledger import open_ledger
    found = cycles.open_cycle(open_ledger(), name, place, period, _date(due, "--due"),
                              _date(opens, "--opens") if opens else None, target, task)
    out.print(cycle_line(found), markup=False)


@cycle_app.command("list")
def list_command(
    place: Annotated[str | None, typer.Option("--place", help="Only this place and those below")] = None,
    open_only: Annotated[bool, typer.Option("--open", help="Only the open cycles")] = False,
) -> None:
    """The reporting cycles, newest first."""
    from greentrack.services import cycles
    from greentrack.services.ledger import open_ledger
    found = cycles.list_cycles(open_ledger(), place, open_only)
    if not found:
        out.print("no reporting cycle — `greentrack cycle open NAME --place … --period … --due …` opens one",
                  markup=False)
    for cycle in found:
        out.print(cycle_line(cycle), markup=False)


@cycle_app.command("status")
def status_command(cycle_id: CycleId, as_of: AsOf = None, as_json: AsJson = False) -> None:
    """Where a cycle stands per department: owed, reported, 已报 · 部分已报 · 未报 · 逾期 · 逾期已报, reminders."""
    from greentrack.services import cycles
    from greentrack.services.ledger import open_ledger
    status = cycles.cycle_status(open_ledger(), cycle_id, parse_as_of(as_of))
    if as_json:
        sys.stdout.write(json.dumps(status_json(status), ensure_ascii=False, indent=1) + "\n")
        return
    table = new_table(f"{cycle_line(status.cycle)} · as of {status.as_of}",
                      ("部门 department", "目标 targets", "任务 tasks", "已报 reported", "状态 state",
                       "最近填报 last report", "催报 reminders"), overflow="fold")
    for line in status.lines:
        table.add_row(line.department, str(line.targets), str(line.tasks), f"{line.reported}/{line.owed}",
                      f"{cycles.state_label(line.state)} {cycles.state_label(line.state, 'en')}",
                      f"{line.last_report:%Y-%m-%d %H:%M}" if line.last_report else "—", str(len(line.reminders)))
    out.print(table)
    if status.unowned:
        out.print(f"{status.unowned} 项无责任部门 items no department answers for", markup=False)


@cycle_app.command("remind")
def remind_command(
    cycle_id: CycleId, department: Department,
    message: Annotated[str, typer.Option("--message", help="The text (default: the due date and what is owed)")] = "",
) -> None:
    """Remind a department to report (催报): shown on its page, e-mailed where `smtp_host` is set."""
    from greentrack.services import cycles
    from greentrack.services.ledger import open_ledger
    sent = cycles.remind(open_ledger(), cycle_id, department, message)
    mail = (f" · mailed to {', '.join(sent.reminder.emailed_to)}" if sent.mailed
            else f" · not mailed: {sent.mail_error}" if sent.mail_error else "")
    out.print(f"催报 reminder #{sent.reminder.id} → {sent.reminder.department}: {sent.reminder.message}{mail}",
              markup=False)


@cycle_app.command("close")
def close_command(cycle_id: CycleId) -> None:
    """Close a reporting cycle (no more reminders; its status stays readable)."""
    from greentrack.services import cycles
    from greentrack.services.ledger import open_ledger
    out.print(cycle_line(cycles.close_cycle(open_ledger(), cycle_id)), markup=False)


@cycle_app.command("sheet")
def sheet_command(
    cycle_id: CycleId, department: Department,
    out_path: Annotated[Path, typer.Option("-o", "--out", help="The workbook to write (.xlsx)")],
) -> None:
    """Write a department's reporting sheet for the cycle: the targets it owes, the cycle's period written in;
    filled, it goes back with `greentrack import`."""
    from greentrack.errors import UsageError
    from greentrack.services import cycles
    from greentrack.services.ledger import open_ledger
    if out_path.suffix.lower() != ".xlsx":
        raise UsageError(f"--out {out_path} must name an .xlsx file")
    found = cycles.cycle_sheet(open_ledger(), cycle_id, department)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_bytes(found.data)
    out.print(f"wrote {out_path}: {found.department} · {found.targets} 目标 targets", markup=False)


def register(app: typer.Typer) -> None:
    """Add the `cycle` group to the CLI."""
    app.add_typer(cycle_app, name="cycle")
