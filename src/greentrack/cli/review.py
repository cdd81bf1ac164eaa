"""`greentrack target list|show|edit|confirm|reject|add` and the same for `task`: a person's review (审核) of what
the extractor found, over `services.review_targets` (docs/review.md).

Values are passed on as typed, and the service reads and checks each: a bad one is one `Error: field: reason`
line and exit code 2, and nothing is changed. The commands act as GREENTRACK_USER when it is set (its role
and place apply), else as the local operator; the audit log names either.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from greentrack.cli.common import new_table, out

if TYPE_CHECKING:
    from greentrack.ledger.records import TargetRecord, TaskRecord
    from greentrack.services import review_targets as review

target_app = typer.Typer(help="Review the targets of a plan: list, show, edit, confirm, reject, add (docs/review.md).",
                         no_args_is_help=True, rich_markup_mode=None)
task_app = typer.Typer(help="Review the dated tasks of a plan: list, show, edit, confirm, reject, add.",
                       no_args_is_help=True, rich_markup_mode=None)

STATE_LABELS = {"extracted": "未审核 extracted", "confirmed": "已确认 confirmed", "corrected": "已修正 corrected",
                "rejected": "已剔除 rejected", "added": "已补录 added"}
Id = Annotated[int, typer.Argument(help="The ledger id (`greentrack target list --document ID`)")]
Document = Annotated[int, typer.Option("--document", help="The plan version's id (the plans page 规划文件)")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of text")]
Reason = Annotated[str, typer.Option("--reason", help="Why it is not a target (kept with the record)")]
Year = Annotated[str | None, typer.Option("--year", help="The year by which it must hold (1900–2100); '' for none")]
Deadline = Annotated[str | None, typer.Option("--deadline", help="An ISO date (2025-10-31); '' for none")]
Departments = Annotated[list[str] | None, typer.Option(
    "--department", help="A responsible department as written (repeat, or 、-separated); replaces the list")]
Leads = Annotated[list[str] | None, typer.Option(
    "--lead", help="A lead (牵头) department as written (repeat); replaces the leads, kept among the departments")]
Start = Annotated[str | None, typer.Option("--start", help="Offset in the plan's text where the quote starts")]
End = Annotated[str | None, typer.Option("--end", help="Offset where the quote ends (exclusive)")]
Quote = Annotated[str | None, typer.Option("--quote", help="The exact words of the plan (instead of --start/--end)")]
Unit = Annotated[str | None, typer.Option("--unit", help="The unit as written ('' for none)")]
Comparator = Annotated[str | None, typer.Option("--comparator", help=">=, <=, <, > or = (a new target: >=)")]
Kind = Annotated[str | None, typer.Option("--kind", help="level, change, cumulative or standard (a new one: level)")]
IndicatorId = Annotated[str | None, typer.Option(
    "--indicator-id", help="The catalog indicator (`greentrack catalog`); '' for none")]
Scope = Annotated[str | None, typer.Option("--scope", help="The area it applies to (全县, 城区)")]
Hedged = Annotated[str | None, typer.Option("--aspirational", help="Hedged (力争): true or false")]
Binding = Annotated[str | None, typer.Option("--binding", help="约束性 or 预期性 ('' for none)")]


def _state(record: TargetRecord | TaskRecord) -> str:
    return STATE_LABELS.get(record.review.state, record.review.state)


def target_line(record: TargetRecord) -> str:
    """One line: id, state, indicator, comparator, value and unit, year, lead departments."""
    t = record.target
    year = f" ({t.year})" if t.year else ""
    leads = f" · 牵头 {'、'.join(t.lead_departments)}" if t.lead_departments else ""
    reason = f" · {record.review.reason}" if record.review.reason else ""
    return f"#{record.id} {_state(record)} · {t.indicator} {t.comparator} {t.value:g}{t.unit}{year}{leads}{reason}"


def task_line(record: TaskRecord) -> str:
    """One line: id, state, deadline, text."""
    t = record.task
    due = t.deadline or (str(t.year) if t.year else "—")
    reason = f" · {record.review.reason}" if record.review.reason else ""
    return f"#{record.id} {_state(record)} · {due} · {t.text[:60]}{reason}"


def record_json(record: TargetRecord | TaskRecord) -> dict[str, Any]:
    """A target or task as JSON: its ledger id, document, the extracted record, canonical departments, review."""
    from greentrack.ledger.records import TargetRecord
    found = record.target if isinstance(record, TargetRecord) else record.task
    body = {name: list(v) if isinstance(v, tuple) else v for name, v in vars(found).items()}
    review_ = record.review
    payload = {"id": record.id, "document_id": record.document_id, "record": body,
               "departments": list(record.departments), "lead_departments": list(record.lead_departments),
               "review": {"state": review_.state, "reason": review_.reason, "by": review_.by,
                          "at": review_.at.isoformat() if review_.at else None, "previous": review_.previous,
                          "previous_id": review_.previous_id}}
    if isinstance(record, TargetRecord):
        payload["indicator_id"] = record.indicator_id
    return payload


def _print(records: list[Any], as_json: bool, line: Any) -> None:
    if as_json:
        sys.stdout.write(json.dumps([record_json(r) for r in records], ensure_ascii=False, indent=1) + "\n")
        return
    for record in records:
        out.print(line(record), markup=False)


def _span(start: str | None, end: str | None, quote: str | None) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if start is not None:
        found["start"] = start
    if end is not None:
        found["end"] = end
    if quote is not None:
        found["quote"] = quote
    return found


def _given(**options: Any) -> dict[str, Any]:
    """The options given (None: not given), under the service's field names."""
    return {name: value for name, value in options.items() if value is not None}


# ---------------------------------------------------------------- targets


@target_app.command("list")
def list_targets_command(document: Document, state: Annotated[str | None, typer.Option(
        "--state", help="Only this state: extracted, confirmed, corrected, rejected or added")] = None,
        as_json: AsJson = False) -> None:
    """A plan's targets as the review page lists them: lowest confidence first, rejected ones included."""
    from greentrack.services import review_targets as review
    from greentrack.services.ledger import open_ledger
    sheet = review.review_sheet(open_ledger(), document)
    records = [t for t in sheet.targets if state is None or t.review.state == state]
    if as_json:
        _print(records, True, target_line)
        return
    table = new_table(f"审核 review · {sheet.document.title or sheet.document.name} · {_progress(sheet.progress)}",
                      ("编号 id", "审核 state", "置信 confidence", "指标 indicator", "目标 target", "年 year",
                       "牵头 lead"), overflow="fold")
    for record in records:
        t = record.target
        table.add_row(str(record.id), _state(record), f"{t.confidence:.2f}", t.indicator,
                      f"{t.comparator} {t.value:g}{t.unit}", str(t.year or "—"), "、".join(t.lead_departments) or "—")
    out.print(table)


def _progress(progress: review.ReviewProgress) -> str:
    from greentrack.ledger.records import UNREVIEWED_MARK
    return (f"{progress.total} 目标 targets · {progress.confirmed} 已确认 confirmed · {progress.corrected} 已修正 "
            f"corrected · {progress.rejected} 已剔除 rejected · {progress.added} 已补录 added · {progress.to_review} "
            f"{UNREVIEWED_MARK} to review")


@target_app.command("show")
def show_target_command(target_id: Id, as_json: AsJson = False) -> None:
    """One target with every field, its quote and its review."""
    from greentrack.services import review_targets as review
    from greentrack.services.ledger import open_ledger
    record = review.show_target(open_ledger(), target_id)
    if as_json:
        _print([record], True, target_line)
        return
    out.print(target_line(record), markup=False)
    for name, value in vars(record.target).items():
        if name not in ("id", "doc"):
            out.print(f"  {name:<17} {value}", markup=False)
    out.print(f"  {'indicator_id':<17} {record.indicator_id or '—'}", markup=False)
    if record.review.previous:
        previous = record.review.previous
        out.print(f"  上一版本 previous version: {STATE_LABELS.get(previous['state'], previous['state'])} · "
                  f"“{previous['quote']}”", markup=False)


@target_app.command("edit")
def edit_target_command(
    target_id: Id,
    indicator: Annotated[str | None, typer.Option("--indicator", help="The indicator as written")] = None,
    indicator_id: IndicatorId = None,
    value: Annotated[str | None, typer.Option("--value", help="The number, in the unit written")] = None,
    unit: Unit = None,
    comparator: Comparator = None,
    year: Year = None,
    deadline: Deadline = None,
    kind: Kind = None,
    reference_year: Annotated[str | None, typer.Option("--reference-year", help="For change: the year compared to")]
    = None,
    baseline_value: Annotated[str | None, typer.Option("--baseline-value", help="A starting value stated")] = None,
    baseline_year: Annotated[str | None, typer.Option("--baseline-year", help="The year of that baseline")] = None,
    scope: Scope = None,
    aspirational: Hedged = None,
    binding: Binding = None,
    department: Departments = None,
    lead: Leads = None,
    start: Start = None,
    end: End = None,
    quote: Quote = None,
) -> None:
    """Correct fields of a target: it becomes `corrected` (an added one stays added); nothing changes on a bad value."""
    from greentrack.services import review_targets as review
    from greentrack.services.ledger import open_ledger
    changes = _given(indicator=indicator, indicator_id=indicator_id, value=value, unit=unit, comparator=comparator,
                     year=year, deadline=deadline, kind=kind, reference_year=reference_year,
                     baseline_value=baseline_value, baseline_year=baseline_year, scope=scope,
                     aspirational=aspirational, binding=binding, departments=department, lead_departments=lead)
    record = review.edit_target(open_ledger(), target_id, {**changes, **_span(start, end, quote)})
    out.print(target_line(record), markup=False)


@target_app.command("confirm")
def confirm_target_command(target_ids: Annotated[list[int], typer.Argument(help="Ledger ids of targets")]) -> None:
    """The targets are right as they stand: `confirmed` (corrected and added ones keep their state)."""
    from greentrack.services import review_targets as review
    from greentrack.services.ledger import open_ledger
    ledger = open_ledger()
    for target_id in target_ids:
        out.print(target_line(review.confirm_target(ledger, target_id)), markup=False)


@target_app.command("reject")
def reject_target_command(target_id: Id, reason: Reason) -> None:
    """Not a target: `rejected` with the reason, kept, and left out of every list, status, export and report."""
    from greentrack.services import review_targets as review
    from greentrack.services.ledger import open_ledger
    out.print(target_line(review.reject_target(open_ledger(), target_id, reason)), markup=False)


@target_app.command("add")
def add_target_command(
    document: Document,
    indicator: Annotated[str, typer.Option("--indicator", help="The indicator as written")],
    value: Annotated[str, typer.Option("--value", help="The number, in the unit written")],
    unit: Unit = None,
    comparator: Comparator = None,
    year: Year = None,
    deadline: Deadline = None,
    kind: Kind = None,
    indicator_id: IndicatorId = None,
    scope: Scope = None,
    aspirational: Hedged = None,
    binding: Binding = None,
    department: Departments = None,
    lead: Leads = None,
    start: Start = None,
    end: End = None,
    quote: Quote = None,
) -> None:
    """Add a target the extractor missed, from a span of the plan's text (`added`)."""
    from greentrack.services import review_targets as review
    from greentrack.services.ledger import open_ledger
    changes = _given(indicator=indicator, value=value, unit=unit, comparator=comparator, year=year,
                     deadline=deadline, kind=kind, indicator_id=indicator_id, scope=scope, aspirational=aspirational,
                     binding=binding, departments=department, lead_departments=lead)
    record = review.add_target(open_ledger(), document, {**changes, **_span(start, end, quote)})
    out.print(target_line(record), markup=False)


# ---------------------------------------------------------------- tasks


@task_app.command("list")
def list_tasks_command(document: Document, as_json: AsJson = False) -> None:
    """A plan's dated tasks in reading order, rejected ones included."""
    from greentrack.services import review_targets as review
    from greentrack.services.ledger import open_ledger
    _print(list(review.review_sheet(open_ledger(), document).tasks), as_json, task_line)


@task_app.command("show")
def show_task_command(task_id: Id, as_json: AsJson = False) -> None:
    """One task with its fields, quote and review."""
    from greentrack.services import review_targets as review
    from greentrack.services.ledger import open_ledger
    record = review.show_task(open_ledger(), task_id)
    _print([record], as_json, task_line)
    if not as_json:
        out.print(f"  “{record.task.quote}”", markup=False)


TaskText = Annotated[str | None, typer.Option("--text", help="What is to be done, as the plan says it")]


@task_app.command("edit")
def edit_task_command(task_id: Id, text: TaskText = None, year: Year = None, deadline: Deadline = None,
                      department: Departments = None, lead: Leads = None, start: Start = None, end: End = None,
                      quote: Quote = None) -> None:
    """Correct a task: `corrected` (an added one stays added); nothing changes on a bad value."""
    from greentrack.services import review_targets as review
    from greentrack.services.ledger import open_ledger
    changes = _given(text=text, year=year, deadline=deadline, departments=department, lead_departments=lead)
    out.print(task_line(review.edit_task(open_ledger(), task_id, {**changes, **_span(start, end, quote)})),
              markup=False)


@task_app.command("confirm")
def confirm_task_command(task_ids: Annotated[list[int], typer.Argument(help="Ledger ids of tasks")]) -> None:
    """The tasks are right as they stand."""
    from greentrack.services import review_targets as review
    from greentrack.services.ledger import open_ledger
    ledger = open_ledger()
    for task_id in task_ids:
        out.print(task_line(review.confirm_task(ledger, task_id)), markup=False)


@task_app.command("reject")
def reject_task_command(task_id: Id, reason: Reason) -> None:
    """Not a task: `rejected` with the reason, kept, left out of lists and the roadmap."""
    from greentrack.services import review_targets as review
    from greentrack.services.ledger import open_ledger
    out.print(task_line(review.reject_task(open_ledger(), task_id, reason)), markup=False)


@task_app.command("add")
def add_task_command(document: Document, text: TaskText = None, year: Year = None, deadline: Deadline = None,
                     department: Departments = None, lead: Leads = None, start: Start = None, end: End = None,
                     quote: Quote = None) -> None:
    """Add a task the extractor missed, from a span of the plan (`added`)."""
    from greentrack.services import review_targets as review
    from greentrack.services.ledger import open_ledger
    changes = _given(text=text, year=year, deadline=deadline, departments=department, lead_departments=lead)
    out.print(task_line(review.add_task(open_ledger(), document, {**changes, **_span(start, end, quote)})),
              markup=False)


def register(app: typer.Typer) -> None:
    """Add the `target` and `task` groups to the CLI."""
    app.add_typer(target_app, name="target")
    app.add_typer(task_app, name="task")
