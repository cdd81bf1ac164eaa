"""Report charts are drawn in a font with Chinese glyphs found by path at run time; without one the report
stops with a message saying what to install, never a chart of empty boxes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from greentrack.analyse import DimensionScore, JurisdictionScore
from greentrack.errors import ReportToolError
from greentrack.reports import charts, fonts


def test_the_font_is_a_file_with_chinese_glyphs(cjk_font: Path) -> None:
    from matplotlib.ft2font import FT2Font

    face = FT2Font(str(cjk_font))
    assert face.get_char_index(ord("滞")) != 0, "the font has the glyph for 滞"
    assert charts.chart_family()


def test_status_chart_draws_each_status_in_its_colour(cjk_font: Path) -> None:
    chart = charts.status_chart({"achieved": 3, "lagging": 2, "no_data": 0, "overdue": 1})
    png = chart.png()
    assert png.startswith(b"\x89PNG")
    assert chart.caption == "图1 目标进展状态"
    svg = chart.svg()
    assert svg.startswith("<svg") and "<text" not in svg
    for colour in ("#2e7d32", "#f9a825", "#8e24aa"):
        assert colour in svg
    assert "#9e9e9e" not in svg, "a status with no target draws no bar"
    labels = [t.get_text() for t in chart.figure.axes[0].get_yticklabels()]
    assert labels == ["已完成", "进度滞后", "逾期未完成"]
    assert {t.get_fontfamily()[0] for t in chart.figure.axes[0].get_yticklabels()} == {charts.chart_family()}


def test_dimension_chart_needs_a_scored_dimension(cjk_font: Path) -> None:
    unscored = JurisdictionScore("370828", "金乡县", None, 1, 0, 0, (
        DimensionScore("建筑", "building", None, 1, 0, 0, (("no_data", 1),)),))
    assert charts.dimension_chart(unscored) is None
    scored = JurisdictionScore("370828", "金乡县", 80.0, 1, 1, 0, (
        DimensionScore("建筑", "building", 80.0, 1, 1, 1, (("lagging", 1),)),))
    chart = charts.dimension_chart(scored, "en")
    assert chart is not None and chart.caption == "Figure 1. Score per dimension"
    assert [t.get_text() for t in chart.figure.axes[0].get_yticklabels()] == ["building 建筑"]


def test_a_configured_font_that_is_missing_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GREENTRACK_CJK_FONT", str(tmp_path / "nofont.ttf"))
    with pytest.raises(ReportToolError, match=r"cjk_font .*nofont\.ttf is not a file — install one \(Debian: "
                                              r"apt-get install fonts-noto-cjk\)"):
        fonts.find_cjk_font()


def test_no_font_anywhere_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GREENTRACK_CJK_FONT", raising=False)
    monkeypatch.setattr(fonts, "_from_fontconfig", lambda: None)
    monkeypatch.setattr(fonts, "KNOWN_FILES", ())
    with pytest.raises(ReportToolError) as caught:
        fonts.find_cjk_font()
    assert str(caught.value) == ("no font with Chinese glyphs found for the report charts — install one (Debian: "
                                 "apt-get install fonts-noto-cjk) or set GREENTRACK_CJK_FONT to a .ttf/.otf/.ttc file")
    assert caught.value.exit_code == 7
