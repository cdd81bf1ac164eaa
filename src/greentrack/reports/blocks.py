"""The blocks a report is laid out in (headings, paragraphs, tables, figures, the 落款, an annex's head, the 抄送
line) and the document they make: what `layout.py`, `annexes.py` and `layout_levels.py` build and `word.py` and
`html.py` render. It imports no layout code, so every module that builds blocks can import it.
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
