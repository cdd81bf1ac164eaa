"""The 中期评估报告 laid out once as a 公文 an office submits: a list of blocks (headings, paragraphs, tables,
figures, the 落款, the annexes' heads, the 抄送 line) under the frame (发文机关标志, 文号, 标题).

Word (`word.py`) and HTML (`html.py`) render the same blocks, so the two formats cannot drift apart:
a table or a sentence added here appears in both. The body is 一、基本情况 二、主要进展成效 三、存在问题及原因
四、下步工作打算 — the report's narrative, or where a section has none a sentence drawn from the data, so the
document never has a hole — then the 附件说明, the 落款 with the 成文日期 in Chinese numerals, and four annexes
(`annexes.py`), each on a new page. In Chinese every ISO date becomes 2025年12月31日.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from greentrack.analyse import JurisdictionScore
from greentrack.ledger.records import ReviewProgress
from greentrack.ledger.status import StatusRow
from greentrack.reports import cells
from greentrack.reports.charts import Chart, dimension_chart
from greentrack.reports.labels import check_lang, dimension_word, status_word, word
from greentrack.reports.midterm import SECTION_KEYS, SECTION_TITLES, MidtermReport
from greentrack.reports.official import chinese_date, chinese_dates, chinese_numeral_date, english_date

# the 指标完成情况表 (附件1): (label key) of each column, in order
TARGET_COLUMNS = ("col.number", "col.indicator", "col.target", "col.baseline", "col.latest", "col.completion",
                  "col.status")
TARGET_WIDTHS = (0.9, 3.4, 1.7, 1.7, 1.7, 1.2, 1.6)  # 序号 needs 13 mm for two characters
DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True)
class Heading:
    """A heading: level 1 is 一、…, level 2 is （一）…."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of body text; `note` ones are set smaller (captions of sources, remarks); `indent` False for the
    主送机关 line, which starts at the margin."""

    text: str
    note: bool = False
    indent: bool = True


@dataclass(frozen=True)
class TableBlock:
    """A table with its caption; `statuses[i]` colours row i's cell in `status_column` (None: no colour)."""

    caption: str | None
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    status_column: int | None = None
    statuses: tuple[str | None, ...] = ()


@dataclass(frozen=True)
class FigureBlock:
    """A chart drawn on the server."""

    chart: Chart


@dataclass(frozen=True)
class Annex:
    """The head of an annex: a new page, 附件N at the top left, the annex's title centred."""

    label: str
    title: str


@dataclass(frozen=True)
class Signature:
    """落款: the issuer (None: not set, the date stands alone) over the 成文日期, at the right."""

    issuer: str | None
    dated: str


@dataclass(frozen=True)
class Copies:
    """The 版记's 抄送 line, at the very end."""

    text: str


Block = Heading | Paragraph | TableBlock | FigureBlock | Annex | Signature | Copies


@dataclass(frozen=True)
class ReportDocument:
    """A report ready to render: title, the lines under it, the 示例数据 warning (if any), the body's blocks, and the
    frame above the title (发文机关标志 and 文号, when an issuer is set); `author` names the issuer (else the place)
    in the document's properties."""

    lang: str
    title: str
    subtitle: tuple[str, ...]
    blocks: tuple[Block, ...]
    warning: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    author: str = ""


def target_headings(lang: str = "zh") -> tuple[str, ...]:
    """The headings of the targets-by-status table in `lang`."""
    return tuple(word(key, lang) for key in TARGET_COLUMNS)


def layout(report: MidtermReport, lang: str = "zh", today: date | None = None) -> ReportDocument:
    """The report as a 公文: 主送机关, sections 一 … 四 with their tables and chart, 附件说明, 落款, the four annexes,
    抄送; `today` is the 成文日期 when the frame sets none."""
    from greentrack.reports import layout_levels
    from greentrack.reports.annexes import annex_blocks, annex_note

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
    if lang == "zh":  # a 公文 writes its dates the Chinese way, whatever the plans and warnings wrote
        blocks = [_chinese_dates(block) for block in blocks]
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


def _chinese_dates(block: Block) -> Block:
    if isinstance(block, (Heading, Paragraph, Copies)):
        return replace(block, text=chinese_dates(block.text))
    if isinstance(block, TableBlock):
        return replace(block, rows=tuple(tuple(chinese_dates(c) for c in row) for row in block.rows))
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


def cn_number(n: int) -> str:
    """1–99 in Chinese numerals as headings count (一, 十, 十一, 二十三)."""
    tens, ones = divmod(n, 10)
    if not 0 < n < 100:
        return str(n)
    head = "" if tens == 0 else ("十" if tens == 1 else DIGITS[tens] + "十")
    return head + (DIGITS[ones] if ones else "")


def numbered(position: int, text: str, lang: str) -> str:
    """A level-2 heading (position from 0): （一）text in Chinese, the text alone in English."""
    return f"（{cn_number(position + 1)}）{text}" if lang == "zh" else text


def indicator_text(row: StatusRow, with_place: bool, lang: str = "zh") -> str:
    """The indicator's name (with its place's when the report spans several), marked 未审核 when nobody checked it."""
    name = row.record.target.indicator
    name = f"{row.record.jurisdiction_name}·{name}" if with_place and row.record.jurisdiction_name else name
    return name + word("review.mark", lang) if row.record.review.unreviewed else name
