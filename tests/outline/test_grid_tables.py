"""Tables the reader gave as grids: the caption over them (number stripped), their note, the header rows as
column names, the body rows and their spans, and the sections around them left intact."""

from __future__ import annotations

from pathlib import Path

from greentrack.outline import build_outline
from greentrack.read import read_document
from read.table_fixtures import WRITERS, TableSpec

SPEC = TableSpec(
    caption="专栏2 某省“十四五”装配式建造推广目标",
    rows=[["指标名称", "2025年"], ["新开工项目装配式建造比例", "35%"], ["装配式建筑产业基地（个）", "10"]],
    note="（注：本表所列均为预期性指标。）",
)


def test_grid_table_caption_note_columns_and_rows(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    WRITERS["docx"](SPEC, path)
    document = read_document(path)
    outline = build_outline(document)
    assert len(outline.tables) == 1
    table = outline.tables[0]
    assert table.grid is not None and not table.grid.rebuilt
    assert table.title == "某省“十四五”装配式建造推广目标"
    assert table.note == "（注：本表所列均为预期性指标。）"
    assert table.columns == ("指标名称", "2025年")
    assert table.rows == (("新开工项目装配式建造比例", "35%"), ("装配式建筑产业基地（个）", "10"))
    assert document.text[table.start:].startswith("专栏2")
    assert all(document.text[s:e].startswith(row[0]) for (s, e), row in zip(table.row_spans, table.rows, strict=True))
    # the caption (a 专栏 number) and the rows are the table's, not headings; the sections around it stay
    assert [s.title for s in outline.sections] == ["发展目标", "重点任务", "推进既有建筑改造"]
