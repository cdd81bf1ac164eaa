"""The extraction pass over one document: paragraphs → drafts → records with departments and sections."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import PurePath

from greentrack.extract.background import (
    cites_basis,
    designation,
    higher_level_subject,
    may_cite_others,
    preamble_basis,
    situation_section,
)
from greentrack.extract.confidence import confidence_of
from greentrack.extract.departments import NoteIndex, find_notes
from greentrack.extract.numbers import MENTION_RE
from greentrack.extract.restatements import merge_restatements
from greentrack.extract.scoring import indicator_similarity
from greentrack.extract.structure import Paragraph, SectionIndex, heading_of, paragraphs
from greentrack.extract.table_hook import find_grid_rows
from greentrack.extract.tables import TableRow, find_table_rows
from greentrack.extract.targets import Draft, ProseReader
from greentrack.extract.tasks import find_tasks
from greentrack.extract.times import issue_year
from greentrack.models import Outline, ReadDocument, Target, Task


@dataclass(frozen=True)
class _Context:
    """What every paragraph of one document is read with."""

    doc: ReadDocument
    paras: list[Paragraph]
    table_rows: list[TableRow]
    table_paras: set[int]
    sections: SectionIndex
    notes: NoteIndex
    issue_year: int | None
    level: str | None  # the plan's own level (province, city, county), from the outline's metadata
    body_start: int | None  # the first heading: paragraphs before it are the preamble


def _context(doc: ReadDocument, outline: Outline) -> _Context:
    paras = paragraphs(doc.text)
    grid_rows, grid_paras = find_grid_rows(paras, outline)
    rows, table_paras = find_table_rows(doc.text, paras, outline, skip=grid_paras)
    rows = sorted(grid_rows + rows, key=lambda r: r.start)
    table_paras |= grid_paras
    headings = [p.start for p in paras if p.start not in table_paras and heading_of(p) is not None]
    return _Context(doc=doc, paras=paras, table_rows=rows, table_paras=table_paras,
                    sections=SectionIndex(outline, paras, skip=table_paras),
                    notes=NoteIndex(find_notes(doc.text), headings), issue_year=issue_year(doc.text),
                    level=outline.metadata.level,
                    body_start=min(s.start for s in outline.sections) if outline.sections else None)


# Two records of the same number whose indicators share this much are perhaps one target read twice.
_NEARBY_SIMILARITY = 0.3
_CONTENTS_LINE = re.compile(r"(?:[.…·．]{4,}|…{2,})\s*\d{1,3}$")


_SHORT_HEADING = re.compile(r"^(?:第[一二三四五六七八九十\d]+[章节]|[（(]?[一二三四五六七八九十\d]{1,2}[）)、.．])")
_FORECAST_TITLE = re.compile(r"测算|预测|需求分析|现状分析|情况分析")


def _forecast_paragraphs(paras: list[Paragraph]) -> set[int]:
    """Paragraphs under a short heading that announces a calculation or forecast (产能需求预测)."""
    inside, skipped = False, set()
    for para in paras:
        short = len(para.text) <= 40 and "。" not in para.text
        if short and _FORECAST_TITLE.search(para.text):
            inside = True
        elif short and _SHORT_HEADING.match(para.text):
            inside = False
        if inside:
            skipped.add(para.start)
    return skipped


def _prose_paragraphs(ctx: _Context) -> list[Paragraph]:
    """Paragraphs read as prose: not table rows, contents, past achievements or forecasts."""
    forecast = _forecast_paragraphs(ctx.paras)
    return [p for p in ctx.paras
            if p.start not in ctx.table_paras and p.start not in forecast and not _CONTENTS_LINE.search(p.text)
            and not ctx.sections.in_past_section(p.start)]


def _background_paragraph(ctx: _Context, para: Paragraph) -> bool:
    """A paragraph describing the situation (发展形势) or stating the plan's basis before its first heading."""
    if ctx.body_start is not None and para.end <= ctx.body_start and preamble_basis(para.text):
        return True
    return situation_section(ctx.sections.path_at(para.start))


def extract_targets(doc: ReadDocument, outline: Outline) -> list[Target]:
    """Every quantitative target of the document, in text order."""
    ctx = _context(doc, outline)
    return _targets(ctx, _prose_paragraphs(ctx))


def extract_targets_and_tasks(doc: ReadDocument, outline: Outline) -> tuple[list[Target], list[Task]]:
    """`extract_targets` and `extract_tasks` from one reading of the paragraphs, tables and notes (for ingest)."""
    ctx = _context(doc, outline)
    prose = _prose_paragraphs(ctx)
    return _targets(ctx, prose), _tasks(ctx, prose)


def _targets(ctx: _Context, prose: list[Paragraph]) -> list[Target]:
    targets = [_from_row(ctx, row) for row in ctx.table_rows
               if not situation_section(ctx.sections.path_at(row.start))]
    cells = {(t.start, t.end) for t in targets}
    reader = ProseReader(ctx.issue_year, ctx.sections.path_at)
    for para in prose:
        # Every paragraph goes through the reader, which carries a goal block's year from one to the next.
        drafts = reader.read(para)
        if not drafts or _background_paragraph(ctx, para):
            continue
        others = may_cite_others(para.text)
        for draft in drafts:
            target = _from_draft(ctx, para, draft, others)
            if target is not None:
                targets.append(target)
    return _finished(ctx, merge_restatements(targets, ctx.doc.text, cells))


def extract_tasks(doc: ReadDocument, outline: Outline) -> list[Task]:
    """Every qualitative task with a deadline, in text order."""
    ctx = _context(doc, outline)
    return _tasks(ctx, _prose_paragraphs(ctx))


def _tasks(ctx: _Context, prose: list[Paragraph]) -> list[Task]:
    doc = ctx.doc
    tasks: list[Task] = []
    for para in prose:
        for found in find_tasks(para, ctx.issue_year):
            start, end = para.start + found.start, para.start + found.end
            note = ctx.notes.at(start)
            tasks.append(Task(
                id=_task_id(doc.name, start, end), doc=doc.name, text=found.text, year=found.year,
                deadline=found.deadline, departments=note.departments if note else (),
                lead_departments=note.lead_departments if note else (),
                section=ctx.sections.path_at(start), quote=doc.text[start:end], start=start, end=end))
    return tasks


def _finished(ctx: _Context, targets: list[Target]) -> list[Target]:
    """Each target with its id, the doubts about the record as a whole added to its own, and its confidence."""
    by_key: dict[tuple[float, str, int | None], list[Target]] = {}
    for t in targets:
        by_key.setdefault((round(t.value, 6), t.unit, t.year), []).append(t)
    result = []
    for t in targets:
        doubts = list(t.doubts)
        if t.year is None and t.kind != "standard":
            doubts.append("no_year")
        if not t.departments and ctx.notes:
            doubts.append("no_departments")  # the plan names units in notes, none for this target
        if any(o is not t and indicator_similarity(o.indicator, t.indicator) >= _NEARBY_SIMILARITY
               for o in by_key[(round(t.value, 6), t.unit, t.year)]):
            doubts.append("restated_nearby")  # a like-worded record of the same number, kept apart
        doubts = list(dict.fromkeys(doubts))
        result.append(replace(t, id=_target_id(t), doubts=tuple(doubts), confidence=confidence_of(doubts)))
    return _unique_ids(result)


def _from_draft(ctx: _Context, para: Paragraph, d: Draft, others: bool) -> Target | None:
    """The draft as a record, or None when it is not this plan's target (background, a designation).

    `others`: the paragraph names an area, authority or document (else no number of it is another's).
    """
    doubts = list(d.doubts)
    number = _number_span(para.text, d)
    if number is not None:
        if designation(para.text, *number) or (others and higher_level_subject(para.text, number[0], ctx.level)):
            return None
        if others and cites_basis(para.text, number[0]):
            doubts.append("background_maybe")
    start, end = para.start + d.start, para.start + d.end
    note = ctx.notes.at(start)
    return Target(
        id="", doc=ctx.doc.name, indicator=d.indicator, comparator=d.comparator, value=d.value, unit=d.unit,
        year=d.year, deadline=d.deadline, kind=d.kind, reference_year=d.reference_year,
        baseline_value=d.baseline_value, baseline_year=d.baseline_year, scope=d.scope,
        aspirational=d.aspirational, binding=d.binding, period_start=d.period_start,
        departments=note.departments if note else (), lead_departments=note.lead_departments if note else (),
        section=ctx.sections.path_at(start), quote=ctx.doc.text[start:end], start=start, end=end,
        doubts=tuple(doubts))


def _number_span(text: str, d: Draft) -> tuple[int, int] | None:
    """Where the draft's number is written in its paragraph: the last mention its quote holds."""
    found = None
    for m in MENTION_RE.finditer(text, d.start, d.end):
        found = (m.start(), m.end())
    return found


def _from_row(ctx: _Context, row: TableRow) -> Target:
    path = ctx.sections.path_at(row.start) + tuple(p for p in (row.table_title, row.group) if p)
    return Target(
        id="", doc=ctx.doc.name, indicator=row.indicator, comparator=row.comparator, value=row.value,
        unit=row.unit, year=row.year, deadline=row.deadline, kind=row.kind, reference_year=row.reference_year,
        baseline_value=row.baseline_value, baseline_year=row.baseline_year, scope=row.scope,
        aspirational=False, binding=row.binding, period_start=row.period_start,
        departments=row.departments, lead_departments=row.lead_departments,
        section=path, quote=ctx.doc.text[row.start:row.end], start=row.start, end=row.end, doubts=tuple(row.doubts))


def _target_id(t: Target) -> str:
    digest = hashlib.sha1(f"{t.doc}|{t.start}|{t.end}|{t.indicator}|{t.value}".encode()).hexdigest()[:10]
    return f"{PurePath(t.doc).stem}:{t.start}-{t.end}:{digest}"


def _unique_ids(targets: list[Target]) -> list[Target]:
    """Ids made unique: two values of one table cell (30%（全省）30%（积极推进地区）) share a span and a name,
    so a repeat takes the scope and year into its digest (the first keeps the id it always had)."""
    seen: set[str] = set()
    result = []
    for t in targets:
        if t.id in seen:
            extra = hashlib.sha1(f"{t.id}|{t.scope}|{t.year}|{t.unit}|{t.comparator}".encode()).hexdigest()[:6]
            t = replace(t, id=f"{t.id}-{extra}")
        seen.add(t.id)
        result.append(t)
    return result


def _task_id(doc: str, start: int, end: int) -> str:
    return f"{PurePath(doc).stem}:{start}-{end}:task"
