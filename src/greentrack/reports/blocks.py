"""The blocks a report is laid out in (headings, paragraphs, tables, figures) and the document they make.

They sit below every layout (`layout.py`, `layout_levels.py`, `summary.py`) and renderer (`word.py`, `html.py`), so
a layout can use another's blocks without the two importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from greentrack.reports.charts import Chart

DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True)
class Heading:
    """A heading: level 1 is 一、…, level 2 is （一）…."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of body text; `note` ones are set smaller (captions of sources, remarks)."""

    text: str
    note: bool = False


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


Block = Heading | Paragraph | TableBlock | FigureBlock


@dataclass(frozen=True)
class ReportDocument:
    """A report ready to render: title, the lines under it, the 示例数据 warning (if any), the body's blocks."""

    lang: str
    title: str
    subtitle: tuple[str, ...]
    blocks: tuple[Block, ...]
    warning: str | None = None


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
