"""The 中期评估报告 laid out once as a list of blocks (headings, paragraphs, tables, figures).

Word (`word.py`) and HTML (`html.py`) render the same blocks, so the two formats cannot drift apart:
a table or a sentence added here appears in both. The status table's headings are `TARGET_HEADINGS`.
"""

from __future__ import annotations

from collections.abc import Sequence

from greentrack.analyse import (
    ChildrenShortfall,
    Contradiction,
    DecompositionReport,
    JurisdictionScore,
    Timeline,
    UncoveredTarget,
    WeakerChild,
)
from greentrack.ledger.records import ReviewProgress
from greentrack.ledger.status import StatusRow
from greentrack.reports import cells
from greentrack.reports.blocks import (  # the blocks live below both layouts: re-exported here
    Block,
    FigureBlock,
    Heading,
    Paragraph,
    ReportDocument,
    TableBlock,
    numbered,
)
from greentrack.reports.charts import dimension_chart, status_chart, timeline_chart
from greentrack.reports.labels import check_lang, dimension_word, severity_word, status_word, word
from greentrack.reports.layout_levels import comparison_blocks, subordinate_blocks
from greentrack.reports.midterm import MidtermReport
from greentrack.track import STATUSES, Docket

# the targets-by-status table: (label key) of each column, in order
TARGET_COLUMNS = ("col.number", "col.indicator", "col.target", "col.due", "col.latest", "col.completion", "col.ratio",
                  "col.status", "col.lead")
TARGET_WIDTHS = (1.0, 2.4, 1.5, 1.4, 1.5, 1.2, 1.2, 1.6, 2.8)  # 序号 needs 13 mm for two characters


def target_headings(lang: str = "zh") -> tuple[str, ...]:
    """The headings of the targets-by-status table in `lang`."""
    return tuple(word(key, lang) for key in TARGET_COLUMNS)


def layout(report: MidtermReport, lang: str = "zh") -> ReportDocument:
    """The report as blocks, in the order a 中期评估报告 reads: summary, targets, supervision, findings, roadmap."""
    check_lang(lang)
    subtitle = (word("as_of", lang, date=report.as_of.isoformat()), word("generated", lang))
    blocks = [*_summary(report, lang), *subordinate_blocks(report, lang), *comparison_blocks(report, lang),
              *_targets(report.status.rows, lang), *_supervision(report.dockets, lang),
              *_contradictions(report.contradictions, lang), *_decomposition(report.decomposition, lang),
              *_roadmap(report.timeline, report.as_of.year, lang),
              Heading(word("s.method", lang)), Paragraph(word("method.text", lang))]
    return ReportDocument(lang, word("title", lang, place=report.place.name), subtitle, tuple(blocks),
                          word("illustrative", lang) if report.illustrative else None)


def _summary(report: MidtermReport, lang: str) -> list[Block]:
    tally = report.tally()
    blocks: list[Block] = [Heading(word("s.summary", lang)), Paragraph(word(
        "summary.text", lang, plans=len(report.plans), targets=len(report.status.rows),
        date=report.as_of.isoformat(), **tally))]
    if report.status.rows:
        blocks.append(Paragraph(word("summary.unreviewed", lang, n=report.unreviewed) if report.unreviewed
                                else word("summary.reviewed_all", lang)))
    own = report.own_score
    if own is not None and own.overall is not None:
        blocks.append(Paragraph(word("summary.score", lang, score=f"{own.overall:.1f}",
                                     coverage=f"{own.coverage:.0%}")))
    elif not any(s.overall is not None for s in report.scores):
        blocks.append(Paragraph(word("summary.no_score", lang)))  # a place above scored ones shows them below
    blocks.append(_plans_table(report, lang))
    counts = report.status.counts()
    total = max(1, len(report.status.rows))
    blocks.append(TableBlock(
        word("summary.by_status", lang), (word("col.status", lang), word("col.count", lang), word("col.share", lang)),
        tuple((status_word(s, lang), str(n), f"{n / total:.0%}") for s, n in counts.items()), (3, 1.5, 1.5),
        status_column=0, statuses=tuple(counts)))
    if counts:
        blocks.append(FigureBlock(status_chart(counts, lang)))
    if own is not None:
        blocks.append(_dimension_table(own, lang))
        chart = dimension_chart(own, lang)
        if chart is not None:
            blocks.append(FigureBlock(chart))
    others = [s for s in report.scores if s.code != report.place.code]
    if others:
        blocks.append(TableBlock(word("summary.places", lang), (word("col.place", lang), word("col.overall", lang),
                                                                word("col.count", lang), word("col.coverage", lang)),
                                 tuple((s.name, _score(s.overall), str(s.targets), f"{s.coverage:.0%}")
                                       for s in others), (3, 1.5, 1.5, 1.5)))
    return blocks


def _plans_table(report: MidtermReport, lang: str) -> TableBlock:
    header = (word("col.plan", lang), word("col.place", lang), word("col.issued", lang), word("col.count", lang),
              word("col.review", lang))
    rows = tuple((f"《{p.title}》" if p.title else p.name, p.jurisdiction_name or cells.NONE,
                  p.issue_date or cells.NONE, str(p.targets), _review(report.review.get(p.id), lang))
                 for p in report.plans)
    return TableBlock(None, header, rows, (3.6, 1.3, 1.4, 0.9, 2.6))


def _review(progress: ReviewProgress | None, lang: str) -> str:
    """A plan's review progress (确认30 · 修正3 · 补录1 · 剔除2 · 未审核7)."""
    if progress is None:
        return cells.NONE
    return word("review.progress", lang, confirmed=progress.confirmed, corrected=progress.corrected,
                added=progress.added, rejected=progress.rejected, to_review=progress.to_review)


def _score(value: float | None) -> str:
    return cells.NONE if value is None else f"{value:.1f}"


def _dimension_table(score: JurisdictionScore, lang: str) -> TableBlock:
    header = (word("col.dimension", lang), word("col.score", lang), word("col.count", lang),
              word("col.with_data", lang), word("col.coverage", lang))
    rows = tuple((dimension_word(d.dimension, lang), _score(d.score), str(d.targets), str(d.with_data),
                  f"{d.coverage:.0%}") for d in score.dimensions)
    rows += ((word("col.overall", lang), _score(score.overall), str(score.targets), str(score.with_data),
              f"{score.coverage:.0%}"),)
    return TableBlock(word("summary.by_dimension", lang), header, rows, (2.5, 1.2, 1.2, 1.2, 1.2))


def _targets(rows: Sequence[StatusRow], lang: str) -> list[Block]:
    blocks: list[Block] = [Heading(word("s.targets", lang))]
    several_places = len({r.record.jurisdiction_code for r in rows}) > 1
    present = [s for s in STATUSES if any(r.assessment.status == s for r in rows)]
    for position, status in enumerate(present):
        mine = [r for r in rows if r.assessment.status == status]
        blocks.append(Heading(numbered(position, word("status.group", lang, status=status_word(status, lang),
                                                      count=len(mine)), lang), level=2))
        blocks.append(TableBlock(None, target_headings(lang), tuple(
            (str(n), _indicator(r, several_places, lang), cells.target_text(r.record.target, lang), cells.due_text(r),
             cells.latest_text(r), cells.completion_text(r), cells.ratio_text(r), status_word(status, lang),
             cells.leads_text(r))
            for n, r in enumerate(mine, 1)), TARGET_WIDTHS, status_column=7, statuses=(status,) * len(mine)))
    return blocks


def _indicator(row: StatusRow, with_place: bool, lang: str = "zh") -> str:
    name = row.record.target.indicator
    name = f"{row.record.jurisdiction_name}·{name}" if with_place and row.record.jurisdiction_name else name
    return name + word("review.mark", lang) if row.record.review.unreviewed else name


def _supervision(dockets: Sequence[Docket], lang: str) -> list[Block]:
    blocks: list[Block] = [Heading(word("s.supervision", lang))]
    if not dockets:
        return [*blocks, Paragraph(word("supervision.none", lang))]
    blocks.append(Paragraph(word("supervision.intro", lang)))
    header = (word("col.number", lang), word("col.indicator", lang), word("col.severity", lang),
              word("col.message", lang), word("col.due", lang), word("col.role", lang))
    for position, docket in enumerate(dockets):
        blocks.append(Heading(numbered(position, word("supervision.department", lang, name=docket.department,
                                                      count=len(docket.items)), lang), level=2))
        rows = tuple((str(n), item.warning.indicator, severity_word(item.warning.severity, lang),
                      _message(item.warning.message), item.warning.due.isoformat() if item.warning.due else cells.NONE,
                      word("lead" if item.lead else "support", lang)) for n, item in enumerate(docket.items, 1))
        blocks.append(TableBlock(None, header, rows, (1.0, 2, 1.3, 4.6, 1.5, 0.9)))
    return blocks


def _message(message: str) -> str:
    """A warning's message without its 【红色预警】指标： lead-in, which the table's own columns say."""
    body = message.split("】", 1)[-1]
    return body.split("：", 1)[-1] if "：" in body else body


def _contradictions(found: Sequence[Contradiction], lang: str) -> list[Block]:
    blocks: list[Block] = [Heading(word("s.contradictions", lang))]
    if not found:
        return [*blocks, Paragraph(word("contradictions.none", lang))]
    blocks.append(Paragraph(word("contradictions.intro", lang)))
    header = (word("col.number", lang), word("col.indicator", lang), word("col.kind", lang), word("col.first", lang),
              word("col.second", lang), word("col.explanation", lang))
    en = lang == "en"
    rows = tuple((str(n), f"{c.indicator_name}（{c.year}）" if c.year else c.indicator_name,
                  f"{c.kind_en} ({c.severity_en})" if en else f"{c.kind_zh}（{c.severity_zh}）",
                  f"{c.first.plan.label}：“{c.first.target.quote}”",
                  f"{c.second.plan.label}：“{c.second.target.quote}”",
                  c.explanation_en if en else c.explanation) for n, c in enumerate(found, 1))
    blocks.append(TableBlock(None, header, rows, (1.0, 1.4, 1.2, 2.5, 2.5, 3.2)))
    return blocks


def _decomposition(found: DecompositionReport, lang: str) -> list[Block]:
    blocks: list[Block] = [Heading(word("s.decomposition", lang))]
    header = (word("col.number", lang), word("col.indicator", lang), word("col.explanation", lang))
    def why(item: WeakerChild | ChildrenShortfall | UncoveredTarget) -> tuple[str, str]:
        return item.parent.indicator_name or "", item.explanation_en if lang == "en" else item.explanation

    groups = (("decomposition.weaker", [why(w) for w in found.weaker]),
              ("decomposition.shortfalls", [why(s) for s in found.shortfalls]),
              ("decomposition.uncovered", [why(u) for u in found.uncovered]))
    position = 0
    for key, items in groups:
        if items:
            blocks.append(Heading(numbered(position, word(key, lang), lang), level=2))
            blocks.append(TableBlock(None, header, tuple((str(n), name, why) for n, (name, why) in enumerate(items, 1)),
                                     (0.9, 2.2, 6.7)))
            position += 1
    if found.undecided:
        blocks.append(Heading(numbered(position, word("decomposition.undecided", lang), lang), level=2))
        rows = tuple((str(n), r.plan.label, r.indicator, str(r.year or cells.NONE), r.phrase,
                      "；".join(f"{t.jurisdiction.name}{cells.target_text(t.target, lang)}" for t in r.handed_down)
                      or cells.NONE) for n, r in enumerate(found.undecided, 1))
        blocks.append(TableBlock(None, (word("col.number", lang), word("col.plan", lang), word("col.indicator", lang),
                                        word("col.year", lang), word("col.phrase", lang),
                                        word("col.handed_down", lang)), rows, (1.0, 2.6, 2.4, 0.9, 1.6, 1.8)))
        position += 1
    if position == 0:
        blocks.append(Paragraph(word("decomposition.none", lang)))
    return blocks


def _roadmap(found: Timeline, from_year: int, lang: str) -> list[Block]:
    blocks: list[Block] = [Heading(word("s.timeline", lang))]
    if not found.rows:
        return [*blocks, Paragraph(word("timeline.none", lang))]
    blocks.append(Paragraph(word("timeline.intro", lang, targets=found.undated_targets, tasks=found.undated_tasks)))
    chart = timeline_chart(found, lang)
    if chart is not None:
        blocks.append(FigureBlock(chart))
    upcoming = [r for r in found.rows if r.year >= from_year]
    if upcoming:
        blocks.append(Paragraph(word("timeline.from", lang, year=from_year)))
        header = (word("col.when", lang), word("col.kind", lang), word("col.item", lang), word("col.lead", lang))
        rows = tuple((r.deadline or r.when, word(f"kind.{r.kind}", lang), r.label,
                      "、".join(r.lead_departments) or cells.NONE) for r in upcoming)
        blocks.append(TableBlock(None, header, rows, (1.3, 0.8, 5.5, 2.4)))
    return blocks
