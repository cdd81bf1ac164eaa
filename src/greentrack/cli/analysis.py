"""Analyses of the ledger and the 中期评估报告: contradictions, decomposition, ambition, timeline, evaluate, report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from greentrack.cli.common import (
    AsOf,
    Place,
    PlaceOrAll,
    TableOrJson,
    new_table,
    out,
    parse_as_of,
    print_json,
    working,
)


def contradictions_command(
    jurisdiction: PlaceOrAll = None,
    fmt: TableOrJson = "table",
) -> None:
    """Targets of one place's plans that disagree (规划间矛盾): both quotes side by side, most severe first."""
    from greentrack.services.analysis import ledger_contradictions
    from greentrack.services.ledger import open_ledger
    found = ledger_contradictions(open_ledger(), jurisdiction)
    rows = [c.row() for c in found]
    if fmt == "json":
        print_json(rows)
        return
    out.print(f"[bold]规划间矛盾 contradictions: {len(found)}[/bold]")
    for number, row in enumerate(rows, 1):  # one block each: the two quotes need the full width
        out.print(f"\n{number}. [{row['严重程度']}] {row['类型']} · {row['地区']} · {row['指标']} {row['年份']}",
                  markup=False)
        out.print(f"   文件一 {row['文件一']}：“{row['原文一']}”", markup=False)
        out.print(f"   文件二 {row['文件二']}：“{row['原文二']}”", markup=False)
        out.print(f"   说明 {row['说明']}", markup=False)


def decomposition_command(
    parent: Annotated[str | None, typer.Option(
        "--parent", help="Check the places below this one (name or code); default: the whole ledger")] = None,
) -> None:
    """Whether what a level set was taken up below it (分解落实): weaker, short, uncovered and undecided targets."""
    from greentrack.services.analysis import ledger_decomposition
    from greentrack.services.ledger import open_ledger
    found = ledger_decomposition(open_ledger(), parent)
    groups = (("下级目标低于上级 weaker children", [w.explanation for w in found.weaker]),
              ("下级合计不足 shortfalls", [s.explanation for s in found.shortfalls]),
              ("上级目标未被承接 uncovered", [u.explanation for u in found.uncovered]))
    for title, lines in groups:
        out.print(f"[bold]{title}: {len(lines)}[/bold]")
        for number, line in enumerate(lines, 1):
            out.print(f"  {number}. {line}", markup=False)
    table = new_table(f"未定分解数值 undecided rows (完成市分解任务): {len(found.undecided)}",
                      ("地区", "规划", "指标", "年份", "原文", "上级目标 handed down"), overflow="fold")
    for row in found.undecided:
        above = "；".join(f"{t.jurisdiction.name} {t.target.quote}" for t in row.handed_down) or "—"
        table.add_row(row.plan.jurisdiction.name, row.plan.label, row.indicator, str(row.year or "—"), row.phrase,
                      above)
    out.print(table)


def ambition_command(
    indicator: Annotated[str, typer.Argument(help="A catalog indicator: id or name (再生水利用率, charging_piles)")],
) -> None:
    """Places ranked by their target on one indicator (目标力度), per year, kind and scope, best first."""
    from greentrack.services.analysis import ledger_ambition
    from greentrack.services.ledger import open_ledger
    rankings = ledger_ambition(open_ledger(), indicator)
    if not rankings:
        out.print(f"no comparable target on {indicator} in the ledger", markup=False)
    for ranking in rankings:
        table = new_table(f"{ranking.title} · {len(ranking.entries)} 地区 places",
                          ("排名 rank", "地区 place", "目标值 target", "原文 quote", "规划 plan"), overflow="fold")
        for entry in ranking.entries:
            table.add_row(str(entry.rank or "—"), entry.jurisdiction_name, f"{entry.value:g}{ranking.unit}",
                          entry.target.target.quote, entry.target.plan.label)
        out.print(table)


def timeline_command(
    jurisdiction: Place,
) -> None:
    """The roadmap (路线图) of a place: every deadline of its targets and tasks by year and month."""
    from greentrack.services.analysis import ledger_timeline
    from greentrack.services.ledger import open_ledger
    found = ledger_timeline(open_ledger(), jurisdiction)
    table = new_table(f"路线图 roadmap · {jurisdiction}: {len(found.rows)}",
                      ("时间 when", "类型 kind", "事项 item", "牵头 lead", "规划 plan"), overflow="fold")
    for row in found.rows:
        table.add_row(row.deadline or row.when, "指标 target" if row.kind == "target" else "任务 task", row.label,
                      "、".join(row.lead_departments) or "—", row.plan.label)
    table.caption = (f"未写明年份 without a year: {found.undated_targets} 指标 targets · "
                     f"{found.undated_tasks} 任务 tasks")
    out.print(table)


SCORE_COLUMNS = ("目标 targets", "有数据 with data", "覆盖率 coverage")


def _score_cell(score: float | None) -> str:
    return "—" if score is None else f"{score:.1f}"


def evaluate_command(
    jurisdiction: PlaceOrAll = None,
    as_of: AsOf = None,
) -> None:
    """城市体检-style scores (0–100) per dimension of each place, from its targets' statuses (docs/methodology.md)."""
    from greentrack.services.analysis import ledger_evaluation
    from greentrack.services.ledger import open_ledger
    with working("评价 evaluating"):
        scores = ledger_evaluation(open_ledger(), parse_as_of(as_of), jurisdiction)
    table = new_table(f"城市体检式评价 evaluation: {len(scores)} 地区 places",
                      ("地区 place", "综合得分 overall", *SCORE_COLUMNS), overflow="fold")
    for place in scores:
        table.add_row(place.name, _score_cell(place.overall), str(place.targets), str(place.with_data),
                      f"{place.coverage:.0%}")
    table.caption = "得分 = 各有评分目标的分值平均（已完成100 正常推进95 滞后80 严重滞后30 逆向/逾期0），各维度等权"
    out.print(table)
    for place in scores:
        detail = new_table(f"{place.name} · 分维度得分 per dimension", ("维度 dimension", "得分 score", *SCORE_COLUMNS),
                           overflow="fold")
        for dimension in place.dimensions:
            detail.add_row(f"{dimension.dimension} {dimension.dimension_en}", _score_cell(dimension.score),
                           str(dimension.targets), str(dimension.with_data), f"{dimension.coverage:.0%}")
        out.print(detail)


def report_command(
    jurisdiction: PlaceOrAll = None,
    every: Annotated[bool, typer.Option(
        "--all", help="The whole-ledger summary (全台账汇总, administrators) instead of one place's report")] = False,
    fmt: Annotated[str, typer.Option("--format", help="docx, pdf (LibreOffice from the docx) or html")] = "docx",
    out_path: Annotated[Path | None, typer.Option(
        "--out", help="File to write (default: <jurisdiction>-中期评估报告.<format>, 全台账汇总.<format>)")] = None,
    lang: Annotated[str, typer.Option("--lang", help="zh (中文) or en")] = "zh",
    as_of: AsOf = None,
    draft: Annotated[bool, typer.Option(
        "--draft", help="Print the sections 一–四 (the office's edits, else the draft) instead of writing")] = False,
    issuer: Annotated[str | None, typer.Option("--issuer", help="发文机关 (overrides `report-settings`)")] = None,
    doc_number: Annotated[str | None, typer.Option("--doc-number", help="文号, e.g. 金绿发〔2026〕3号")] = None,
    recipients: Annotated[str | None, typer.Option("--to", help="主送机关")] = None,
    copies: Annotated[str | None, typer.Option("--cc", help="抄送")] = None,
    final: Annotated[bool, typer.Option(
        "--final", help="Keep this evaluation (scores, statuses) for next year's comparison 年度对比")] = False,
) -> None:
    """Write the mid-term evaluation report (中期评估报告) of a place as a 公文: sections 一–四 (drafted from the data,
    or as the office edited them), the places below it ranked (a city or province), 年度对比, the four annexes; or,
    with --all, the whole-ledger summary: the highest places ranked with their scores, targets by status and open
    督办 items (administrators only)."""
    from greentrack.errors import UsageError
    from greentrack.reports.midterm import ReportFrame
    from greentrack.services.ledger import open_ledger
    from greentrack.services.reports import midterm_report, write_report

    if every == bool(jurisdiction):
        raise UsageError("give --jurisdiction <place> for a place's report, or --all for the whole-ledger summary")
    day = parse_as_of(as_of)
    if every:
        from greentrack.services.ledger_summary import write_summary
        target = out_path or Path(f"全台账汇总.{fmt}")
        with working(f"全台账汇总 writing the {fmt} summary"):
            written = write_summary(open_ledger(), fmt, target, lang, day)
        out.print(f"wrote {written}", markup=False)
        return
    assert jurisdiction is not None
    frame = ReportFrame(issuer=issuer, doc_number=doc_number, recipients=recipients, copies=copies)
    if draft:
        from greentrack.reports.labels import check_lang
        from greentrack.reports.narrative import sections_text

        report = midterm_report(open_ledger(), jurisdiction, day, frame=frame, lang=check_lang(lang))
        typer.echo(sections_text(report.narrative, lang), nl=False)
        return
    target = out_path or Path(f"{jurisdiction}-中期评估报告.{fmt}")
    ledger = open_ledger()
    with working(f"中期评估报告 writing the {fmt} report"):
        written = write_report(ledger, jurisdiction, fmt, target, lang, day, frame=frame)
    out.print(f"wrote {written}", markup=False)
    if final:
        from greentrack.services.report_texts import keep_evaluation

        kept = keep_evaluation(ledger, jurisdiction, midterm_report(ledger, jurisdiction, day))
        out.print(f"kept evaluation {kept} (年度对比 compares the next report with it)", markup=False)
