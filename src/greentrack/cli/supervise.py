"""`greentrack supervise list|show|create|from-warning|issue|answer|close|return|escalate|letter`: supervision
items (督办事项) over `services.supervision_items` (docs/supervision.md).

The commands act as GREENTRACK_USER when it is set (its role and place apply), else as the local operator; the
audit log names either. `supervise escalate` without a record escalates every item unanswered past its deadline
(what every listing does first, by itself).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from greentrack.cli.common import AsOf, new_table, out

if TYPE_CHECKING:
    from greentrack.ledger.supervision_records import SupervisionDetail, SupervisionItem

supervise_app = typer.Typer(help="Supervision items (督办事项): create, issue the 督办函, answer, close, return, "
                                 "escalate (docs/supervision.md).", no_args_is_help=True, rich_markup_mode=None)

Id = Annotated[int, typer.Argument(help="The item's id (`greentrack supervise list`)")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of text")]
Due = Annotated[str, typer.Option("--due", help="The answer deadline (YYYY-MM-DD)")]
Lead = Annotated[list[str] | None, typer.Option("--lead", help="A lead department (牵头), who answers (repeat)")]
Support = Annotated[list[str] | None, typer.Option("--support", help="A supporting department (配合) (repeat)")]


def _day(text: str | None) -> Any:
    from datetime import date

    from greentrack.errors import UsageError

    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"a date such as 2026-12-31 is needed, not {text!r}") from None


def _item_json(item: SupervisionItem) -> dict[str, Any]:
    from dataclasses import asdict

    return json.loads(json.dumps(asdict(item), ensure_ascii=False, default=str))


def _line(item: SupervisionItem) -> str:
    from greentrack.services.supervision_items import state_label

    leads = "、".join(d.name for d in item.leads) or "—"
    due = item.answer_due.isoformat()
    return f"#{item.id} {state_label(item.state)} · 答复期限 {due} · {item.title} · 牵头 {leads}"


def _print_item(item: SupervisionItem, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps(_item_json(item), ensure_ascii=False, indent=1) + "\n")
    else:
        out.print(_line(item), markup=False)


def _print_detail(detail: SupervisionDetail, as_json: bool) -> None:
    from dataclasses import asdict

    if as_json:
        sys.stdout.write(json.dumps(asdict(detail), ensure_ascii=False, indent=1, default=str) + "\n")
        return
    item = detail.item
    out.print(_line(item), markup=False)
    out.print(f"督办要求 requirement: {item.requirement}", markup=False)
    for subject in item.subjects:
        kind = f"目标 target {subject.target_id}" if subject.target_id else f"任务 task {subject.task_id}"
        out.print(f"  {kind}: {subject.label} {subject.figures}", markup=False)
    supporting = "、".join(d.name for d in item.supporting)
    if supporting:
        out.print(f"配合 supporting: {supporting}", markup=False)
    if item.doc_number:
        out.print(f"督办函 letter: {item.issuer} {item.doc_number} {item.issued_on}", markup=False)
    for answer in detail.answers:
        files = ", ".join(f"{e.name} (evidence {e.id})" for e in answer.evidence) or "—"
        out.print(f"答复 answer #{answer.id} · {answer.department} · {answer.answered_by}\n"
                  f"  进展情况 {answer.progress}\n  存在问题 {answer.problems}\n  整改措施 {answer.measures}\n"
                  f"  完成时限 {answer.complete_by.isoformat()}\n  佐证材料 {files}", markup=False)
    for event in detail.events:
        note = f" — {event.note}" if event.note else ""
        out.print(f"  {event.at:%Y-%m-%d %H:%M} {event.actor} {event.action}{note}", markup=False)


@supervise_app.command("list")
def list_command(jurisdiction: Annotated[str | None, typer.Option("--jurisdiction", help="A place (金乡县)")] = None,
                 department: Annotated[str | None, typer.Option("--department", help="A department")] = None,
                 state: Annotated[str | None, typer.Option(
                     "--state", help="open, answered, returned, closed or escalated")] = None,
                 overdue: Annotated[bool, typer.Option("--overdue", help="Only those past their deadline")] = False,
                 as_of: AsOf = None, as_json: AsJson = False) -> None:
    """The items you may see, newest first (those unanswered past their deadline escalate first)."""
    from greentrack.services import supervision_items as service
    from greentrack.services.ledger import open_ledger

    items = service.list_items(open_ledger(), jurisdiction, department, state, overdue, _day(as_of))
    if as_json:
        sys.stdout.write(json.dumps([_item_json(i) for i in items], ensure_ascii=False, indent=1) + "\n")
        return
    table = new_table(f"督办事项 supervision items · {len(items)}",
                      ("编号 id", "状态 state", "答复期限 due", "标题 title", "牵头 lead"), overflow="fold")
    for item in items:
        table.add_row(str(item.id), service.state_label(item.state), item.answer_due.isoformat(), item.title,
                      "、".join(d.name for d in item.leads) or "—")
    out.print(table)


@supervise_app.command("show")
def show_command(item_id: Id, as_of: AsOf = None, as_json: AsJson = False) -> None:
    """One item: subjects, departments, answers with their evidence, timeline."""
    from greentrack.services import supervision_items as service
    from greentrack.services.ledger import open_ledger

    _print_detail(service.show_item(open_ledger(), item_id, _day(as_of)), as_json)


@supervise_app.command("create")
def create_command(title: Annotated[str, typer.Option("--title", help="The 督办函's title")],
                   requirement: Annotated[str, typer.Option("--requirement", help="What is asked")],
                   due: Due, lead: Lead = None, support: Support = None,
                   target: Annotated[list[int] | None, typer.Option("--target", help="A target id (repeat)")] = None,
                   task: Annotated[list[int] | None, typer.Option("--task", help="A task id (repeat)")] = None,
                   as_json: AsJson = False) -> None:
    """Create an item by hand."""
    from greentrack.services import supervision_items as service
    from greentrack.services.ledger import open_ledger

    _print_item(service.create_item(open_ledger(), title, requirement, due, target or [], task or [], lead or [],
                                    support or []), as_json)


@supervise_app.command("from-warning")
def from_warning_command(target_id: Annotated[int, typer.Argument(help="The warned target's id")], due: Due,
                         requirement: Annotated[str | None, typer.Option(
                             "--requirement", help="Instead of the draft from the warning")] = None,
                         as_of: AsOf = None, as_json: AsJson = False) -> None:
    """Create an item from a target's warning: its departments, severity, a drafted requirement."""
    from greentrack.services import supervision_items as service
    from greentrack.services.ledger import open_ledger

    _print_item(service.create_from_warning(open_ledger(), target_id, due, requirement, as_of=_day(as_of)), as_json)


@supervise_app.command("issue")
def issue_command(item_id: Id, issuer: Annotated[str, typer.Option("--issuer", help="发文机关")],
                  number: Annotated[str, typer.Option("--number", help="文号 (金督办〔2026〕3号)")],
                  date: Annotated[str | None, typer.Option("--date", help="成文日期 (default today)")] = None,
                  as_json: AsJson = False) -> None:
    """Set the 督办函's issuer, 文号 and date."""
    from greentrack.services import supervision_items as service
    from greentrack.services.ledger import open_ledger

    _print_item(service.issue(open_ledger(), item_id, issuer, number, date), as_json)


@supervise_app.command("answer")
def answer_command(item_id: Id, progress: Annotated[str, typer.Option("--progress", help="进展情况")] = "",
                   problems: Annotated[str, typer.Option("--problems", help="存在问题")] = "",
                   measures: Annotated[str, typer.Option("--measures", help="整改措施")] = "",
                   complete_by: Annotated[str, typer.Option("--complete-by", help="完成时限 (YYYY-MM-DD)")] = "",
                   evidence: Annotated[list[Path] | None, typer.Option(
                       "--evidence", help="An evidence file (佐证材料) (repeat)")] = None,
                   department: Annotated[str | None, typer.Option(
                       "--department", help="The department answered for (the office only)")] = None,
                   as_json: AsJson = False) -> None:
    """Answer an item: all four parts, and evidence files (each checked before anything is stored)."""
    from greentrack.errors import DocumentNotFound
    from greentrack.services import supervision_items as service
    from greentrack.services.ledger import open_ledger

    files = []
    for path in evidence or []:
        if not path.is_file():
            raise DocumentNotFound(path, "no such file")
        files.append((path.name, path.read_bytes()))
    _print_detail(service.answer(open_ledger(), item_id, progress, problems, measures, complete_by or None, files,
                                 department), as_json)


@supervise_app.command("close")
def close_command(item_id: Id, note: Annotated[str, typer.Option("--note", help="A remark")] = "",
                  as_json: AsJson = False) -> None:
    """Close an answered item (销号)."""
    from greentrack.services import supervision_items as service
    from greentrack.services.ledger import open_ledger

    _print_item(service.close(open_ledger(), item_id, note), as_json)


@supervise_app.command("return")
def return_command(item_id: Id, reason: Annotated[str, typer.Option("--reason", help="Why it goes back")],
                   as_json: AsJson = False) -> None:
    """Return an answer (退回): the department answers again."""
    from greentrack.services import supervision_items as service
    from greentrack.services.ledger import open_ledger

    _print_item(service.return_item(open_ledger(), item_id, reason), as_json)


@supervise_app.command("escalate")
def escalate_command(item_id: Annotated[int | None, typer.Argument(
                         help="The item to escalate (约谈); none: every item unanswered past its deadline")] = None,
                     record: Annotated[str, typer.Option(
                         "--record", help="The 约谈 record: who, when, what was agreed")] = "",
                     as_of: AsOf = None, as_json: AsJson = False) -> None:
    """Escalate one item with a 约谈 record, or every overdue unanswered item by itself."""
    from greentrack.services import supervision_items as service
    from greentrack.services.ledger import open_ledger

    if item_id is not None:
        _print_item(service.escalate(open_ledger(), item_id, record), as_json)
        return
    found = service.escalate_overdue(open_ledger(), _day(as_of))
    if as_json:
        sys.stdout.write(json.dumps({"escalated": found}) + "\n")
    else:
        out.print(f"{len(found)} 项逾期未答复，已升级 escalated: {', '.join(map(str, found)) or '—'}", markup=False)


@supervise_app.command("letter")
def letter_command(item_id: Id, output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Where to write the .docx (default: 督办函-ID.docx here)")] = None) -> None:
    """Write the item's 督办函 as a Word document (GB/T 9704 layout)."""
    from greentrack.services import supervision_items as service
    from greentrack.services.ledger import open_ledger

    name, data = service.letter(open_ledger(), item_id)
    path = output or Path(name)
    path.write_bytes(data)
    out.print(f"督办函 letter → {path}", markup=False)


def register(app: typer.Typer) -> None:
    """Add the `supervise` group to the CLI."""
    app.add_typer(supervise_app, name="supervise")
