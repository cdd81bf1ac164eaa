"""The 中期评估报告 laid out once as a 公文 an office submits: a list of blocks (headings, paragraphs, tables,
figures, the 落款, the annexes' heads, the 抄送 line) under the frame (发文机关标志, 文号, 标题).

Word (`word.py`) and HTML (`html.py`) render the same blocks, so the two formats cannot drift apart:
a table or a sentence added here appears in both. The body is 一、基本情况 二、主要进展成效 三、存在问题及原因
四、下步工作打算 — the report's narrative, or where a section has none a sentence drawn from the data, so the
document never has a hole — then the 附件说明, the 落款 with the 成文日期 in Chinese numerals, and four annexes
(`annexes.py`), each on a new page. In Chinese every ISO date becomes 2025年12月31日.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from greentrack.analyse import JurisdictionScore
from greentrack.ledger.records import ReviewProgress
from greentrack.reports import cells, layout_levels
from greentrack.reports.annexes import TARGET_COLUMNS, annex_blocks, annex_note, indicator_text, target_headings
from greentrack.reports.blocks import (
    Annex,
    Block,
    Copies,
    FigureBlock,
    Heading,
    Paragraph,
    ReportDocument,
    Signature,
    TableBlock,
    cn_number,
    numbered,
)
from greentrack.reports.charts import dimension_chart
from greentrack.reports.labels import check_lang, dimension_word, status_word, word
from greentrack.reports.midterm import SECTION_KEYS, SECTION_TITLES, MidtermReport
from greentrack.reports.official import (
    chinese_date,
    chinese_dates,
    chinese_numeral_date,
    english_date,
    english_dates,
)

# the blocks and helpers other modules and the tests take from here, where they were before blocks.py
__all__ = ("TARGET_COLUMNS", "Annex", "Block", "Copies", "FigureBlock", "Heading", "Paragraph", "ReportDocument",
           "Signature", "TableBlock", "cn_number", "document_title", "fallback", "indicator_text", "layout", "numbered",
           "section_heading", "section_paragraphs", "target_headings")


def layout(report: MidtermReport, lang: str = "zh", today: date | None = None) -> ReportDocument:
    """The report as a 公文: 主送机关, sections 一 … 四 with their tables and chart, 附件说明, 落款, the four annexes,
    抄送; `today` is the 成文日期 when the frame sets none."""
    check_lang(lang)
    frame = report.frame
    blocks: list[Block] = []
    if frame.recipients:
        blocks.append(Paragraph(word("doc.recipients", lang, names=frame.recipients), indent=False))
    for position, key in enumerate(SECTION_KEYS):
        blocks.append(Heading(section_heading(position, key, lang)))
        blocks.extend(Paragraph(text) for text in section_paragraphs(report, key, lang))
        if key == "basic":
            blocks.extend(_basic_data(report, lang))
            blocks.extend(layout_levels.subordinate_blocks(report, lang))
        elif key == "progress":
            blocks.extend(_progress_data(report, lang))
            blocks.extend(layout_levels.comparison_blocks(report, lang))
    blocks.extend(annex_note(lang))
    dated = frame.dated or today or date.today()
    blocks.append(Signature(frame.issuer, chinese_numeral_date(dated) if lang == "zh" else english_date(dated)))
    blocks.extend(annex_blocks(report, lang))
    if frame.copies:
        blocks.append(Copies(word("doc.copies", lang, names=frame.copies)))
    # a 公文 writes its dates as people do (2023年12月31日, 31 December 2023), whatever the plans and warnings wrote
    blocks = [_dates(block, chinese_dates if lang == "zh" else english_dates) for block in blocks]
    return ReportDocument(lang, document_title(report, lang), (), tuple(blocks),
                          word("illustrative", lang) if report.illustrative else None,
                          issuer=frame.issuer, doc_number=frame.doc_number, author=frame.issuer or report.place.name)


def document_title(report: MidtermReport, lang: str = "zh") -> str:
    """标题: 关于《the place's one plan》… or 关于{place}绿色发展规划实施中期评估情况的报告 when it has several."""
    own = [p for p in report.plans if p.title and p.jurisdiction_name in (None, report.place.name)]
    if len(report.plans) == 1 and len(own) == 1:
        subject = word("doc.plan", lang, title=own[0].title)
    else:
        subject = word("doc.places_plans", lang, place=report.place.name)
    return word("doc.title", lang, subject=subject)


def section_heading(position: int, key: str, lang: str = "zh") -> str:
    """一、基本情况 (Chinese) or 1. Overview (English): a body section's heading."""
    zh, en = SECTION_TITLES[key]
    number = cn_number(position + 1) if lang == "zh" else str(position + 1)
    return word("doc.section", lang, n=number, title=zh if lang == "zh" else en)


def section_paragraphs(report: MidtermReport, key: str, lang: str = "zh") -> tuple[str, ...]:
    """A section's paragraphs: the narrative's (drafted or as the office edited them), else a sentence from the data."""
    written = next((s for s in report.narrative if s.key == key), None)
    if written is not None and any(p.strip() for p in written.paragraphs):
        return tuple(p for p in written.paragraphs if p.strip())
    return fallback(report, key, lang)


def fallback(report: MidtermReport, key: str, lang: str = "zh") -> tuple[str, ...]:
    """The sentence a section shows when the narrative has none: the figures it would speak about."""
    tally = report.tally()
    day = chinese_date(report.as_of) if lang == "zh" else english_date(report.as_of)
    warned = len({w.target_id for w in report.warnings})
    if key == "basic":
        return (word("fallback.basic", lang, plans=len(report.plans), targets=len(report.status.rows), date=day,
                     **tally),)
    if key == "progress":
        texts = [word("fallback.progress", lang, date=day, **tally)]
        own = report.own_score
        if own is not None and own.overall is not None:
            texts.append(word("fallback.score", lang, score=_score(own.overall)))
        return (" ".join(texts) if lang == "en" else "".join(texts),)
    if key == "problems":
        return (word("fallback.problems", lang, warned=warned, **tally),)
    return (word("fallback.plans", lang, warned=warned),)


def _dates(block: Block, written: Callable[[str], str]) -> Block:
    if isinstance(block, (Heading, Paragraph, Copies)):
        return replace(block, text=written(block.text))
    if isinstance(block, TableBlock):
        return replace(block, rows=tuple(tuple(written(c) for c in row) for row in block.rows))
    return block


def _basic_data(report: MidtermReport, lang: str) -> list[Block]:
    """Section 一's figures: how many targets stand where (表1), and how many are machine output nobody checked."""
    blocks: list[Block] = []
    if report.status.rows:
        blocks.append(Paragraph(word("summary.unreviewed", lang, n=report.unreviewed) if report.unreviewed
                                else word("summary.reviewed_all", lang)))
    if report.plans:
        blocks.append(_plans_table(report, lang))
    counts = report.status.counts()
    total = max(1, len(report.status.rows))
    if counts:
        blocks.append(TableBlock(
            word("summary.by_status", lang),
            (word("col.status", lang), word("col.count", lang), word("col.share", lang)),
            tuple((status_word(s, lang), str(n), f"{n / total:.0%}") for s, n in counts.items()), (3, 1.5, 1.5),
            status_column=0, statuses=tuple(counts)))
    return blocks


def _progress_data(report: MidtermReport, lang: str) -> list[Block]:
    """Section 二's figures: the score per dimension (表2) and its chart (图1)."""
    own = report.own_score
    if own is None:
        if not any(s.overall is not None for s in report.scores):
            return [Paragraph(word("summary.no_score", lang))]
        return []
    blocks: list[Block] = [_dimension_table(own, lang)]
    chart = dimension_chart(own, lang)
    if chart is not None:
        blocks.append(FigureBlock(chart))
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
