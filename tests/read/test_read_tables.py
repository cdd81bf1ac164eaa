"""Tables read from the document's structure: every format gives the same grid of cells, merged cells cover the
positions they span, and every cell is a span of the normalised text (`cell.text == text[start:end]`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from greentrack.models import Grid, ReadDocument
from greentrack.read import read_document
from greentrack.read.grids import RowWriter, to_grid

from .table_fixtures import WRITERS, TableSpec

BREAKDOWN = TableSpec(
    caption="表2 某市新建住宅全装修交付目标",
    rows=[["年份", "全装修交付比例（%）", "", "", "星级住宅比例（%）"],
          ["", "全市", "甲区", "乙区", "全市"],
          ["2023", "70%", "65%", "75%", "-"],
          ["2024", "80%", "85%", "80%", "30%"]],
    spans=[(0, 1, 0, 3), (0, 0, 1, 0)],
)


def _read(spec: TableSpec, fmt: str, tmp_path: Path) -> ReadDocument:
    path = tmp_path / f"plan.{fmt}"
    WRITERS[fmt](spec, path)
    return read_document(path)


def _texts(grid: Grid) -> list[list[str]]:
    return [[cell.text for cell in row] for row in grid.rows]


def _assert_spans(document: ReadDocument) -> None:
    for grid in document.grids:
        assert document.text[grid.start:grid.end]
        for row in grid.rows:
            for cell in row:
                assert cell.text == document.text[cell.start:cell.end]


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_every_format_gives_the_same_grid(fmt: str, tmp_path: Path) -> None:
    document = _read(BREAKDOWN, fmt, tmp_path)
    assert len(document.grids) == 1
    grid = document.grids[0]
    assert _texts(grid) == [
        ["年份", "全装修交付比例（%）", "全装修交付比例（%）", "全装修交付比例（%）", "星级住宅比例（%）"],
        ["年份", "全市", "甲区", "乙区", "全市"],
        ["2023", "70%", "65%", "75%", "-"],
        ["2024", "80%", "85%", "80%", "30%"]]
    # the merged header is one cell, repeated at the positions it covers
    assert grid.is_origin(0, 1) and not grid.is_origin(0, 2) and grid.rows[0][1] == grid.rows[0][3]
    assert grid.is_origin(0, 0) and not grid.is_origin(1, 0)
    _assert_spans(document)


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_rows_stay_one_line_each(fmt: str, tmp_path: Path) -> None:
    text = _read(BREAKDOWN, fmt, tmp_path).text
    assert "\n2023 70% 65% 75% -\n" in text


def test_txt_has_no_grids(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("一、目标\n指标 2025年\n占比 80%\n", encoding="utf-8")
    assert read_document(path).grids == ()


def test_pdf_table_broken_over_pages_is_one_grid(tmp_path: Path) -> None:
    rows = [["区县", "2024年", "2025年"]] + [[f"第{n}片区", f"{n}.5", f"{n + 1}.0"] for n in range(1, 31)]
    spec = TableSpec(caption="表3 各片区光伏装机容量（万千瓦）", rows=rows, space_before_table=420)
    document = _read(spec, "pdf", tmp_path)
    assert len(document.grids) == 1  # the header repeated on the second page is not a row
    grid = document.grids[0]
    assert len(grid.rows) == 31
    assert [cell.text for cell in grid.rows[-1]] == ["第30片区", "30.5", "31.0"]
    assert _texts(grid).count(["区县", "2024年", "2025年"]) == 1
    _assert_spans(document)


def test_pdf_superscript_column_mark_follows_the_header() -> None:
    from greentrack.read.pdf import _cell_text

    def char(text: str, x0: float, size: float, top: float) -> dict[str, object]:
        return {"text": text, "x0": x0, "x1": x0 + size, "top": top, "bottom": top + size, "size": size,
                "y1": 800 - top, "matrix": (1, 0, 0, 1, x0, 800 - top - size), "upright": True}

    chars = [char("指", 10, 14, 100), char("标", 24, 14, 100), char("1", 40, 7, 98)]
    assert _cell_text(chars) == "指标 1"


def test_grid_spans_follow_normalisation() -> None:
    from greentrack.read.normalise import normalise

    writer = RowWriter()
    line = writer.row_line(0, [("2025 年目标", 0, 1, 1), ("８０％", 1, 1, 1)], at=6)
    source = "一、目标\n" + " " + line + "\n"
    text, offsets = normalise(source)
    grid = to_grid(writer.grid, offsets, text)
    assert grid is not None
    assert [cell.text for cell in grid.rows[0]] == ["2025年目标", "80%"]
    assert all(cell.text == text[cell.start:cell.end] for cell in grid.rows[0])


def test_row_cut_by_a_page_break_is_one_row() -> None:
    from greentrack.read.pdf_grids import Piece, chain_pieces, grid_of

    # page 1 ends with a row whose label goes on over the page; page 2 opens with the label's end
    source = "指标 2025年\n绿色建材应用 80\n—3—\n比例（%）\n节能灯具普及率（%） 95"

    def piece(page: int, bbox: tuple[float, ...], cells: list[tuple[tuple[float, ...], str]]) -> Piece:
        made = Piece(page, bbox, alone_top=page == 1, alone_bottom=page == 0)  # type: ignore[arg-type]
        for box, text in cells:
            start = source.index(text) if text else source.index("比例")
            made.cells.append((box, start, start + len(text)))  # type: ignore[arg-type]
            made.texts.append(text)
        return made
    first = piece(0, (100, 600, 400, 760), [((100, 600, 300, 640), "指标"), ((300, 600, 400, 640), "2025年"),
                                           ((100, 640, 300, 760), "绿色建材应用"), ((300, 640, 400, 760), "80")])
    second = piece(1, (100, 70, 400, 150), [((100, 70, 300, 110), "比例（%）"), ((300, 70, 400, 110), ""),
                                           ((100, 110, 300, 150), "节能灯具普及率（%）"), ((300, 110, 400, 150), "95")])
    chains = chain_pieces([first, second])
    assert len(chains) == 1
    grid = to_grid(grid_of(chains[0]), tuple(range(len(source) + 1)), source)
    assert grid is not None
    assert [[cell.text for cell in row] for row in grid.rows] == [
        ["指标", "2025年"], ["绿色建材应用比例（%）", "80"], ["节能灯具普及率（%）", "95"]]
    label = source[grid.rows[1][0].start:grid.rows[1][0].end]
    assert label.startswith("绿色建材应用") and label.endswith("比例（%）")  # the span runs over the page break
