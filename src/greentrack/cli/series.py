"""`greentrack series …` (a target's series of values and its reporting rule) and `greentrack observation …`
(a value corrected or withdrawn, audited). Each command parses, makes one service call, prints."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from greentrack.cli.common import new_table, out

if TYPE_CHECKING:
    from greentrack.ledger.records import ObservationRecord
    from greentrack.services.series import SeriesView

series_app = typer.Typer(help="A target's series of monitoring values (监测数据序列): show, share, split, "
                              "reporting rule.", no_args_is_help=True)
observation_app = typer.Typer(help="One recorded value (监测数据): correct or withdraw it, with a reason (audited).",
                              no_args_is_help=True)

TargetId = Annotated[int, typer.Argument(help="The target's ledger id")]
Reason = Annotated[str, typer.Option("--reason", help="Why (required; kept in the audit log)")]


@series_app.command("show")
def show_command(target_id: TargetId) -> None:
    """A target's series: its key, the targets sharing it, the reporting rule and every value (withdrawn ones too)."""
    from greentrack.services.ledger import open_ledger
    from greentrack.services.series import series_of
    _print(series_of(open_ledger(), target_id))


@series_app.command("share")
def share_command(
    target_id: TargetId,
    others: Annotated[list[int], typer.Argument(help="The targets that will read the same series")],
) -> None:
    """Let other targets read this target's series (same place, indicator and measure)."""
    from greentrack.services.ledger import open_ledger
    from greentrack.services.series import share_series
    _print(share_series(open_ledger(), target_id, others))


@series_app.command("split")
def split_command(
    target_id: TargetId,
    copy_values: Annotated[bool, typer.Option("--copy-values", help="Copy the shared series' values into the "
                                                                    "target's own (each copy audited)")] = False,
) -> None:
    """Give a target a series of its own, apart from the targets it shared values with."""
    from greentrack.services.ledger import open_ledger
    from greentrack.services.series import split_series
    _print(split_series(open_ledger(), target_id, copy_values))


@series_app.command("reporting")
def reporting_command(
    target_id: TargetId,
    rule: Annotated[str, typer.Argument(help="annual (当年新增), running (累计) or default (by the target's kind)")],
) -> None:
    """Set how a cumulative target's values are reported: each period's addition or the running total."""
    from greentrack.services.ledger import open_ledger
    from greentrack.services.series import set_reporting
    _print(set_reporting(open_ledger(), target_id, rule))


@observation_app.command("correct")
def correct_command(
    observation_id: Annotated[int, typer.Argument(help="The value's id (`greentrack series show TARGET`)")],
    value: Annotated[float, typer.Option("--value", help="The right value, as written")],
    reason: Reason,
    unit: Annotated[str | None, typer.Option("--unit", help="Its unit (default: as first written)")] = None,
    target: Annotated[int | None, typer.Option("--target", help="The target it is corrected for")] = None,
) -> None:
    """Correct a recorded value: who, when, old → new and the reason go into the audit log."""
    from greentrack.services.ledger import open_ledger
    from greentrack.services.series import correct_observation
    found = correct_observation(open_ledger(), observation_id, value, reason, unit, target)
    out.print(f"已更正 corrected observation {found.id}: {found.period} = {found.value_written:g}"
              f"{found.unit_written} ({reason})", markup=False)


@observation_app.command("withdraw")
def withdraw_command(
    observation_id: Annotated[int, typer.Argument(help="The value's id (`greentrack series show TARGET`)")],
    reason: Reason,
    target: Annotated[int | None, typer.Option("--target", help="The target it is withdrawn for")] = None,
) -> None:
    """Withdraw a recorded value: no status counts it any more; its history and the audit log keep it."""
    from greentrack.services.ledger import open_ledger
    from greentrack.services.series import withdraw_observation
    found = withdraw_observation(open_ledger(), observation_id, reason, target)
    out.print(f"已撤回 withdrawn observation {found.id}: {found.period} = {found.value_written:g}"
              f"{found.unit_written} ({reason})", markup=False)


def _print(view: SeriesView) -> None:
    from greentrack.ledger.series import rule_label
    record = view.target
    out.print(f"目标 target {record.id}  {record.target.indicator}  序列 series {view.key}"
              f"{'（人工指定 chosen）' if view.chosen else ''}", markup=False)
    if view.rule:
        out.print(f"填报口径 reporting: {rule_label(view.rule)} {rule_label(view.rule, 'en')}", markup=False)
    shared = "、".join(f"{t.id} {t.target.indicator}" for t in view.sharing) or "—"
    out.print(f"共用此序列的目标 sharing it: {shared}", markup=False)
    table = new_table("", ("id", "期间 period", "数值 value", "单位 unit", "来源 source", "状态 state"), "fold")
    for o in view.history:
        table.add_row(str(o.id), o.period, f"{o.value_written:g}", o.unit_written, o.source, _state(o))
    out.print(table)


def _state(o: ObservationRecord) -> str:
    if o.withdrawn:
        return f"已撤回 withdrawn {o.withdrawn_at:%Y-%m-%d} {o.withdrawn_by}: {o.change_reason}"
    return f"已更正 corrected: {o.change_reason}" if o.change_reason else "有效 counted"


def register(app: typer.Typer) -> None:
    """Add the `series` and `observation` groups to the CLI."""
    app.add_typer(series_app, name="series")
    app.add_typer(observation_app, name="observation")
