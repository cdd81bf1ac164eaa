"""Charts of the reports, drawn on the server with matplotlib in a CJK font: PNG for Word, SVG for HTML.

Figures are built with `matplotlib.figure.Figure`, never pyplot, so nothing global is touched and the
web server can draw charts for two requests at once. SVG text is written as outlines, so an HTML report
shows the Chinese labels on a machine without any Chinese font.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.text import Text

from greentrack.analyse import JurisdictionScore, Timeline
from greentrack.reports.fonts import CHART_FAMILIES, find_cjk_font
from greentrack.reports.labels import STATUS_COLOURS, dimension_word, status_word, word

WIDTH_IN = 6.3  # the text width of an A4 page with 公文 margins (156 mm), so Word shows charts at 1:1
DPI = 200


@dataclass(frozen=True)
class Chart:
    """A drawn chart and its caption; `png()` for Word, `svg()` for HTML."""

    caption: str
    figure: Figure

    def png(self) -> bytes:
        """The chart as PNG bytes."""
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
        return buffer.getvalue()

    def svg(self) -> str:
        """The chart as an SVG document (text as outlines, no date stamp)."""
        buffer = io.StringIO()
        self.figure.savefig(buffer, format="svg", metadata={"Date": None})
        text = buffer.getvalue()
        return text[text.index("<svg"):]  # inline in HTML: drop the XML declaration and doctype


@functools.cache
def _family(path: Path) -> str:
    """Register the font file with matplotlib and return the family to draw with (SC before JP in a .ttc)."""
    font_manager.fontManager.addfont(str(path))
    names = [entry.name for entry in font_manager.fontManager.ttflist if Path(entry.fname) == path]
    ranked = sorted(names, key=lambda n: (CHART_FAMILIES.index(n) if n in CHART_FAMILIES else len(CHART_FAMILIES)))
    if not ranked:
        return font_manager.FontProperties(fname=str(path)).get_name()
    return ranked[0]


def chart_family() -> str:
    """The CJK font family the charts use (ReportToolError when no such font is installed)."""
    return _family(find_cjk_font().resolve())


def _finish(figure: Figure, caption: str) -> Chart:
    family = chart_family()
    for text in figure.findobj(Text):
        text.set_fontfamily(family)
    figure.tight_layout()
    return Chart(caption, figure)


def _bars(labels: Sequence[str], values: Sequence[float], colours: Sequence[str], xmax: float | None = None,
          value_format: str = "{:g}") -> Figure:
    """Horizontal bars, the first label at the top, each bar labelled with its value."""
    figure = Figure(figsize=(WIDTH_IN, max(1.6, 0.42 * len(labels) + 0.8)))
    axes = figure.add_subplot()
    positions = list(range(len(labels)))[::-1]
    axes.barh(positions, values, color=colours, height=0.6)
    axes.set_yticks(positions, labels)
    top = xmax if xmax is not None else max([*values, 1]) * 1.15
    axes.set_xlim(0, top)
    for y, value in zip(positions, values, strict=True):
        axes.text(value + top * 0.01, y, value_format.format(value), va="center", fontsize=9)
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(labelsize=9)
    return figure


def status_chart(counts: Mapping[str, int], lang: str = "zh") -> Chart:
    """Targets per status, in the track stage's order, each bar in its status colour."""
    statuses = [s for s, n in counts.items() if n]
    figure = _bars([status_word(s, lang) for s in statuses], [counts[s] for s in statuses],
                   [STATUS_COLOURS[s] for s in statuses])
    figure.axes[0].set_xlabel(word("col.count", lang), fontsize=9)
    return _finish(figure, word("chart.status", lang))


def dimension_chart(score: JurisdictionScore, lang: str = "zh") -> Chart | None:
    """The place's score per dimension on 0–100 (None when no dimension has a score)."""
    scored = [d for d in score.dimensions if d.score is not None]
    if not scored:
        return None
    values = [d.score or 0.0 for d in scored]
    colours = [_score_colour(v) for v in values]
    figure = _bars([dimension_word(d.dimension, lang) for d in scored], values, colours, xmax=110,
                   value_format="{:.1f}")
    figure.axes[0].set_xlabel(word("col.score", lang), fontsize=9)
    return _finish(figure, word("chart.dimensions", lang))


def _score_colour(value: float) -> str:
    if value >= 90:
        return STATUS_COLOURS["on_track"]
    if value >= 60:
        return STATUS_COLOURS["lagging"]
    return STATUS_COLOURS["off_track"]


def timeline_chart(found: Timeline, lang: str = "zh") -> Chart | None:
    """Targets and tasks falling due per year, stacked (None when nothing has a year)."""
    years = sorted({row.year for row in found.rows})
    if not years:
        return None
    figure = Figure(figsize=(WIDTH_IN, 2.8))
    axes = figure.add_subplot()
    bottom = [0] * len(years)
    for kind, colour in (("target", "#2e7d32"), ("task", "#1565c0")):
        counts = [sum(1 for r in found.rows if r.year == year and r.kind == kind) for year in years]
        axes.bar([str(y) for y in years], counts, bottom=bottom, color=colour, label=word(f"kind.{kind}", lang),
                 width=0.6)
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    axes.set_ylabel(word("col.count", lang), fontsize=9)
    axes.legend(fontsize=9, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(labelsize=9)
    return _finish(figure, word("chart.timeline", lang))
