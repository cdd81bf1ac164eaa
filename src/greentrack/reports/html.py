"""The report as one self-contained HTML file: styles inline, charts inline as SVG, nothing fetched.

The file can be mailed or opened offline; the 公文 fonts are asked for by name with CJK fallbacks,
and the charts carry their Chinese labels as outlines, so they read the same on any machine.
Every text from the ledger is escaped by Jinja2's autoescape.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from greentrack.errors import UsageError
from greentrack.reports.blocks import (
    Annex,
    Block,
    Copies,
    FigureBlock,
    Heading,
    Paragraph,
    ReportDocument,
    Signature,
)
from greentrack.reports.labels import STATUS_COLOURS

TEMPLATES = Path(__file__).parent / "templates"
_ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(("html",)), trim_blocks=True,
                   lstrip_blocks=True)


def _view(block: Block) -> dict[str, Any]:
    """A block as the template reads it: its kind, and for tables each cell with its CSS class."""
    if isinstance(block, Heading):
        return {"kind": "heading", "text": block.text, "level": block.level}
    if isinstance(block, Paragraph):
        return {"kind": "paragraph", "text": block.text, "note": block.note, "indent": block.indent}
    if isinstance(block, Annex):
        return {"kind": "annex", "label": block.label, "title": block.title}
    if isinstance(block, Signature):
        return {"kind": "signature", "issuer": block.issuer, "dated": block.dated}
    if isinstance(block, Copies):
        return {"kind": "copies", "text": block.text}
    if isinstance(block, FigureBlock):
        # matplotlib's own SVG output, with no text of ours inside but the outlines of the labels
        return {"kind": "figure", "svg": Markup(block.chart.svg()), "caption": block.chart.caption}
    return {"kind": "table", "caption": block.caption, "header": block.header, "widths": _percent(block.widths),
            "rows": [_cells(block, number, row) for number, row in enumerate(block.rows)]}


def _percent(widths: tuple[float, ...]) -> list[float]:
    total = sum(widths)
    return [round(100 * w / total, 1) for w in widths]


def _cells(block: Any, number: int, row: tuple[str, ...]) -> list[tuple[str, str]]:
    status = block.statuses[number] if number < len(block.statuses) else None
    return [(text, f"status status-{status}" if status and column == block.status_column else "")
            for column, text in enumerate(row)]


def render_html(report: ReportDocument) -> str:
    """The report as an HTML document."""
    view = {"lang": report.lang, "title": report.title, "subtitle": report.subtitle, "warning": report.warning,
            "issuer": report.issuer, "doc_number": report.doc_number,
            "blocks": [_view(block) for block in report.blocks]}
    return _ENV.get_template("report.html").render(doc=view, colours=STATUS_COLOURS)


def write_html(report: ReportDocument, out: Path) -> Path:
    """Write the report to `out` (.html, UTF-8)."""
    try:
        out.write_text(render_html(report), encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from exc
    return out
