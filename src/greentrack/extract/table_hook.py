"""The tables the outline read as grids of cells, turned into target rows, with the paragraphs they cover."""

from __future__ import annotations

from dataclasses import replace

from greentrack.extract.structure import Paragraph
from greentrack.extract.table_grid import plan_year, rows_from_grid
from greentrack.extract.tables import TableRow, lead_in_year
from greentrack.models import Outline, Table


def find_grid_rows(paras: list[Paragraph], outline: Outline) -> tuple[list[TableRow], set[int]]:
    """Target rows of the outline's grid tables, and the paragraphs those tables cover (their caption, rows
    and note): a table of targets is read here only; any other table's lines are left to the prose reader."""
    rows: list[TableRow] = []
    covered: set[int] = set()
    doc_year = plan_year(outline.metadata.title)
    for table in outline.tables:
        if table.grid is None:
            continue
        # the sentence introducing the table ("到2025年，主要指标如下表") before the plan's own period
        found = rows_from_grid(table, lead_in_year(paras, table.start) or doc_year)
        if found is None:
            continue
        grid_rows = [_with_grid_doubts(row, table) for row in found]
        rows.extend(grid_rows)
        covered.update(p.start for p in paras if table.start <= p.start < table.end)
    return rows, covered


def _with_grid_doubts(row: TableRow, table: Table) -> TableRow:
    """The row with the doubts of its grid (a rebuilt grid is a guess at the layout)."""
    if table.grid is None or not table.grid.doubts:
        return row
    return replace(row, doubts=tuple(dict.fromkeys((*table.grid.doubts, *row.doubts))))
