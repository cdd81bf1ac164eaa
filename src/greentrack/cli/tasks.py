"""`greentrack task progress|report|states`: task progress (任务进展) on the `task` group of the review
(cli/review.py), over `services.task_progress`; and the task section `greentrack warnings` prints.

The commands act as GREENTRACK_USER when it is set (a reporter reports for its own department only), else as the
local operator; a refusal is one `Error: …` line and nothing is stored.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from greentrack.cli.common import AsOf, new_table, out, parse_as_of

if TYPE_CHECKING:
    from greentrack.ledger.db import Ledger
    from greentrack.services.task_progress import TaskReport, TaskState

Id = Annotated[int, typer.Argument(help="The task's ledger id (`greentrack task states`)")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of text")]


def _label(state: str) -> str:
    from greentrack.services.task_progress import STATE_LABELS
    zh, en = STATE_LABELS[state]
    return f"{zh} {en}"


def _due(found: TaskState) -> str:
    return found.due.isoformat() if found.due else "—"


def state_json(found: TaskState) -> dict[str, Any]:
    """A task's state as JSON: id, place, text, due day, days left, state, departments, newest report."""
    r = found.record
    return {"id": r.id, "jurisdiction": r.jurisdiction_name, "text": r.task.text, "deadline": r.task.deadline,
            "year": r.task.year, "due": found.due.isoformat() if found.due else None, "days_left": found.days_left,
            "state": found.state, "departments": list(r.departments), "lead_departments": list(r.lead_departments),
            "latest": _progress_json(found.latest) if found.latest else None}


def _progress_json(progress: Any) -> dict[str, Any]:
    return {"id": progress.id, "state": progress.state, "note": progress.note, "department": progress.department,
            "cycle_id": progress.cycle_id, "reported_by": progress.reported_by,
            "reported_at": progress.reported_at.isoformat(timespec="seconds") + "Z"}


def report_json(found: TaskReport) -> dict[str, Any]:
    """A report with its evidence files (name, type, size, digest, id)."""
    return {**_progress_json(found.progress),
            "evidence": [{"id": e.id, "name": e.name, "media_type": e.media_type, "size": e.size,
                          "sha256": e.sha256} for e in found.evidence]}


def _report_line(found: TaskReport) -> str:
    p = found.progress
    files = f" · 佐证 evidence: {', '.join(f'{e.name} (#{e.id})' for e in found.evidence)}" if found.evidence else ""
    return (f"  {p.reported_at:%Y-%m-%d %H:%M} {_label(p.state)} · {p.reported_by} · {p.department or '协调办公室'}"
            f"{f' · cycle {p.cycle_id}' if p.cycle_id else ''} · {p.note or '—'}{files}")


def progress_command(task_id: Id, as_of: AsOf = None, as_json: AsJson = False) -> None:
    """A task's progress state (逾期 computed on --as-of) and its reports, newest first, with evidence files."""
    from greentrack.services.ledger import open_ledger
    from greentrack.services.task_progress import task_history

    found = task_history(open_ledger(), task_id, parse_as_of(as_of))
    if as_json:
        payload = {"as_of": found.as_of.isoformat(), "task": state_json(found.current),
                   "history": [report_json(h) for h in found.history]}
        out.print(json.dumps(payload, ensure_ascii=False, indent=2), markup=False)
        return
    current = found.current
    out.print(f"#{current.record.id} {_label(current.state)} · 期限 due {_due(current)} · {current.record.task.text}",
              markup=False)
    out.print(f"  责任单位 departments: {'、'.join(current.record.departments) or '—'}", markup=False)
    if not found.history:
        out.print("  尚无进展报告 no progress reported yet", markup=False)
    for report in found.history:
        out.print(_report_line(report), markup=False)


def report_command(
    task_id: Id,
    state: Annotated[str, typer.Option("--state", help="not_started, in_progress or done (overdue is computed)")],
    note: Annotated[str, typer.Option("--note", help="What was done, or why it is late: required for done and "
                                                     "for an overdue task")] = "",
    evidence: Annotated[list[Path] | None, typer.Option("--evidence", help="An evidence file (佐证材料); repeat "
                                                                           "for several")] = None,
    cycle: Annotated[int | None, typer.Option("--cycle", help="The reporting cycle it answers")] = None,
    as_of: AsOf = None,
) -> None:
    """Report a task's progress with evidence files; every file is checked first, and nothing is stored when
    one is refused."""
    from greentrack.errors import UsageError
    from greentrack.services.ledger import open_ledger
    from greentrack.services.task_progress import report_task

    files = []
    for path in evidence or []:
        if not path.is_file():
            raise UsageError(f"no evidence file at {path}")
        files.append((path.name, path.read_bytes()))
    found = report_task(open_ledger(), task_id, state, note, files, cycle, parse_as_of(as_of))
    out.print(f"已报告 reported #{task_id}:", markup=False)
    out.print(_report_line(found), markup=False)


def states_command(
    place: Annotated[str | None, typer.Option("--place", help="A place's name or code (金乡县); places below too")]
    = None,
    department: Annotated[str | None, typer.Option("--department", help="A department (住建局)")] = None,
    state: Annotated[str | None, typer.Option("--state", help="not_started, in_progress, done or overdue")] = None,
    as_of: AsOf = None,
    as_json: AsJson = False,
) -> None:
    """The current tasks with their progress state on --as-of, and how many are in each state."""
    from greentrack.services.ledger import open_ledger
    from greentrack.services.task_progress import list_tasks

    found = list_tasks(open_ledger(), place, department, state, parse_as_of(as_of))
    if as_json:
        out.print(json.dumps({"as_of": found.as_of.isoformat(), "counts": found.counts,
                              "items": [state_json(t) for t in found.items]}, ensure_ascii=False, indent=2),
                  markup=False)
        return
    counts = " · ".join(f"{_label(s)} {n}" for s, n in found.counts.items())
    table = new_table(f"任务进展 task progress: {len(found.items)} · 统计日期 as of {found.as_of.isoformat()}",
                      ["编号 id", "状态 state", "期限 due", "地区 place", "任务 task", "最新进展 latest"],
                      overflow="fold")
    for t in found.items:
        table.add_row(str(t.record.id), _label(t.state), _due(t), t.record.jurisdiction_name or "—",
                      t.record.task.text, t.latest.note if t.latest else "—")
    table.caption = counts
    out.print(table)


def print_task_warnings(ledger: Ledger, as_of: date, jurisdiction: str | None, department: str | None) -> None:
    """The tasks that warn (overdue: red; due within 90 days and not started: yellow), after the targets'
    warnings and supervision lists of `greentrack warnings`."""
    from greentrack.services.task_progress import task_warnings
    from greentrack.track import SEVERITY_LABELS

    found = task_warnings(ledger, as_of, jurisdiction, department)
    table = new_table(f"任务预警 task warnings: {len(found)}", ["预警 severity", "编号 id", "任务 task",
                                                            "预警内容 message", "责任单位 departments"],
                      overflow="fold")
    for w in found:
        table.add_row(SEVERITY_LABELS[w.severity][0], str(w.task_id), w.text, w.message,
                      "、".join(w.lead_departments or w.departments) or "—")
    out.print(table)


def register(task_app: typer.Typer) -> None:
    """Add `progress`, `report` and `states` to the `task` group (cli/review.py's, with the review's commands)."""
    task_app.command("progress")(progress_command)
    task_app.command("report")(report_command)
    task_app.command("states")(states_command)
