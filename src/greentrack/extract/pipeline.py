"""The extraction pass over one document: paragraphs → drafts → records with departments and sections."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import PurePath

from greentrack.extract.confidence import confidence_of
from greentrack.extract.departments import NoteIndex, find_notes
from greentrack.extract.numbers import MENTION_RE
from greentrack.extract.structure import Paragraph, SectionIndex, heading_of, paragraphs
from greentrack.extract.table_hook import find_grid_rows
from greentrack.extract.tables import TableRow, find_table_rows
from greentrack.extract.targets import Draft, ParagraphReader
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


def _context(doc: ReadDocument, outline: Outline) -> _Context:
    paras = paragraphs(doc.text)
    grid_rows, grid_paras = find_grid_rows(paras, outline)
    rows, table_paras = find_table_rows(doc.text, paras, outline, skip=grid_paras)
    rows = sorted(grid_rows + rows, key=lambda r: r.start)
    table_paras |= grid_paras
    headings = [p.start for p in paras if p.start not in table_paras and heading_of(p) is not None]
    return _Context(doc=doc, paras=paras, table_rows=rows, table_paras=table_paras,
                    sections=SectionIndex(outline, paras, skip=table_paras),
                    notes=NoteIndex(find_notes(doc.text), headings), issue_year=issue_year(doc.text))


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
    targets = [_from_row(ctx, row) for row in ctx.table_rows]
    tables = [row.table_title or "" for row in ctx.table_rows]
    for para in prose:
        if not MENTION_RE.search(para.text):
            continue  # most paragraphs hold no number at all
        for draft in ParagraphReader(para, ctx.issue_year).read():
            targets.append(_from_draft(ctx, para, draft))
    return _with_ids(_dedupe(targets, tables))


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


def _doubted(target: Target, own: Iterable[str]) -> Target:
    """The target with its doubts (the stage's own and what the record lacks) and their confidence."""
    doubts = [*own]
    if target.year is None and target.kind != "standard":
        doubts.append("no_year")
    if not target.departments:
        doubts.append("no_departments")
    doubts = list(dict.fromkeys(doubts))
    return replace(target, doubts=tuple(doubts), confidence=confidence_of(doubts))


def _from_draft(ctx: _Context, para: Paragraph, d: Draft) -> Target:
    start, end = para.start + d.start, para.start + d.end
    note = ctx.notes.at(start)
    return _doubted(Target(
        id="", doc=ctx.doc.name, indicator=d.indicator, comparator=d.comparator, value=d.value, unit=d.unit,
        year=d.year, deadline=d.deadline, kind=d.kind, reference_year=d.reference_year,
        baseline_value=d.baseline_value, baseline_year=d.baseline_year, scope=d.scope,
        aspirational=d.aspirational, binding=d.binding,
        departments=note.departments if note else (), lead_departments=note.lead_departments if note else (),
        section=ctx.sections.path_at(start), quote=ctx.doc.text[start:end], start=start, end=end), d.doubts)


def _from_row(ctx: _Context, row: TableRow) -> Target:
    path = ctx.sections.path_at(row.start) + tuple(p for p in (row.table_title, row.group) if p)
    return _doubted(Target(
        id="", doc=ctx.doc.name, indicator=row.indicator, comparator=row.comparator, value=row.value,
        unit=row.unit, year=row.year, deadline=row.deadline, kind=row.kind, reference_year=row.reference_year,
        baseline_value=row.baseline_value, baseline_year=row.baseline_year, scope=row.scope,
        aspirational=False, binding=row.binding, departments=row.departments, lead_departments=row.lead_departments,
        section=path, quote=ctx.doc.text[row.start:row.end], start=row.start, end=row.end), row.doubts)


def similar(a: str, b: str) -> bool:
    """Two indicator names that name the same thing: one holds the other, or half their bigrams agree."""
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    ga = [a[i:i + 2] for i in range(len(a) - 1)]
    gb = [b[i:i + 2] for i in range(len(b) - 1)]
    pool = list(gb)
    overlap = 0
    for g in ga:
        if g in pool:
            pool.remove(g)
            overlap += 1
    total = len(ga) + len(gb)
    return total > 0 and 2 * overlap >= 0.5 * total


def _dedupe(targets: list[Target], tables: list[str] | None = None) -> list[Target]:
    """Drop a target that restates an earlier one (a table row repeated in the text).

    The first `len(tables)` targets are table rows, `tables` naming the table of each: a table does not
    restate itself (a breakdown repeats one value for several districts or years), and a table row
    restates only a statement of the same scope.
    """
    tables = tables or []
    kept: list[tuple[Target, str | None]] = []
    for index, t in enumerate(targets):
        table = tables[index] if index < len(tables) else None
        if any(_restates(t, table, k, other) for k, other in kept):
            continue
        kept.append((t, table))
    result = [t for t, _ in kept]
    result.sort(key=lambda t: (t.start, t.end))
    return result


def _restates(t: Target, table: str | None, k: Target, other: str | None) -> bool:
    """Whether `t` restates the kept `k` (`table`/`other`: the table each comes from, None for prose)."""
    if table is not None and other is not None and table == other:
        return False
    # A table cell for an area (a district column, "30%（全省）") is its own statement.
    if (table is not None and t.scope and t.scope != k.scope) or (other is not None and k.scope and k.scope != t.scope):
        return False
    return k.value == t.value and k.unit == t.unit and k.year == t.year and similar(k.indicator, t.indicator)


def _with_ids(targets: list[Target]) -> list[Target]:
    result = []
    for t in targets:
        result.append(replace(t, id=_target_id(t)))
    return result


def _target_id(t: Target) -> str:
    digest = hashlib.sha1(f"{t.doc}|{t.start}|{t.end}|{t.indicator}|{t.value}".encode()).hexdigest()[:10]
    return f"{PurePath(t.doc).stem}:{t.start}-{t.end}:{digest}"


def _task_id(doc: str, start: int, end: int) -> str:
    return f"{PurePath(doc).stem}:{start}-{end}:task"
