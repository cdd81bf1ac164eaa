"""Article text of a government web page (.html/.htm): the body of the notice, not the site around it.

The article container is found by density: the deepest element holding most of the Chinese
text that sits in paragraphs. Navigation, headers, footers, scripts and asides are dropped
first; if no paragraph holds Chinese text, the whole body is used.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from greentrack.errors import CorruptDocument
from greentrack.read.charsets import decode_bytes
from greentrack.read.grids import RowWriter, SourceGrid

# Never article text.
_JUNK_TAGS = ("script", "style", "noscript", "template", "iframe", "nav", "aside", "form", "button",
              "select", "input", "textarea", "svg", "canvas", "object", "embed", "link", "meta")
# Page chrome when outside an <article>/<main> (inside one, a <header> holds the title).
_CHROME_TAGS = ("header", "footer")
_CHROME_ROLES = ("navigation", "banner", "contentinfo", "search", "complementary")
# Elements that start and end a line of text.
_BLOCK_TAGS = frozenset((
    "address", "article", "blockquote", "caption", "center", "dd", "details", "dialog", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "title", "ul",
))
# The article container holds at least this share of the page's paragraph text.
_ARTICLE_SHARE = 0.8

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_BLANKS = re.compile(r"\s+")
_CJK = re.compile(r"[\u3400-\u9fff]")
# Web pages labelled gb2312/gbk are in practice GB18030's subset, or use characters beyond it.
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}


def decode_html(data: bytes, path: Path) -> tuple[str, str]:
    """Markup and encoding: BOM, then the declared meta charset, then detection as for text files."""
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        declared = _META_CHARSET.search(data[:4096])
        if declared:
            name = declared.group(1).decode("ascii").lower()
            encoding = _CHARSET_ALIASES.get(name, name)
            try:
                return data.decode(encoding), encoding
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong declaration is common; detect instead
    return decode_bytes(data, path)


def _cjk_count(text: str) -> int:
    return len(_CJK.findall(text))


def _drop_junk(body: Tag) -> None:
    """Remove scripts, navigation, comments and page chrome from the tree."""
    for node in body.find_all(string=lambda s: isinstance(s, Comment)):
        node.extract()
    for tag in body.find_all(_JUNK_TAGS):
        tag.decompose()
    for tag in body.find_all(_CHROME_TAGS):
        if not tag.decomposed and tag.find_parent(("article", "main")) is None:
            tag.decompose()
    for tag in body.find_all(attrs={"role": _CHROME_ROLES}):
        if not tag.decomposed:
            tag.decompose()


def _paragraph_weights(body: Tag) -> dict[int, int]:
    """CJK characters of paragraph text held by each element (by id), counted up the tree."""
    weights: dict[int, int] = {}
    for para in body.find_all("p"):
        if para.find_parent("p") is not None:
            continue
        count = _cjk_count(para.get_text())
        node: Tag | None = para
        while node is not None:
            weights[id(node)] = weights.get(id(node), 0) + count
            node = node.parent if node is not body else None
    return weights


def find_article(body: Tag) -> Tag:
    """The deepest element holding most of the page's paragraph text, or `body` when there is none."""
    weights = _paragraph_weights(body)
    total = weights.get(id(body), 0)
    if total == 0:
        return body
    best = body
    node = body
    while True:  # never into a paragraph or inline element: the article is their container
        heavy = [child for child in node.children
                 if isinstance(child, Tag) and child.name in _BLOCK_TAGS and child.name != "p"
                 and weights.get(id(child), 0) >= _ARTICLE_SHARE * total]
        if not heavy:
            return best
        node = best = heavy[0]


def _page_title(body: Tag, article: Tag) -> str | None:
    """The page's single <h1> when it sits outside the article (the notice's title)."""
    headings = body.find_all("h1")
    if len(headings) == 1 and article not in headings[0].parents and headings[0] is not article:
        text = " ".join(headings[0].get_text(" ").split())
        return text or None
    return None


def _cell_text(cell: Tag) -> str:
    return " ".join(cell.get_text(" ").split())


def _span(cell: Tag, name: str) -> int:
    """A cell's colspan/rowspan: a positive integer, 1 where missing or malformed."""
    try:
        return max(1, min(int(str(cell.get(name, "1")).strip() or "1"), 1000))
    except ValueError:
        return 1


@dataclass(frozen=True)
class _Row:
    """A table row met in the walk: its table and its cells as (text, colspan, rowspan)."""

    table: int
    cells: tuple[tuple[str, int, int], ...]

    @property
    def text(self) -> str:
        return " ".join(text for text, _, _ in self.cells if text)


def _row(tr: Tag) -> _Row:
    table = tr.find_parent("table")
    cells = tuple((_cell_text(cell), _span(cell, "colspan"), _span(cell, "rowspan"))
                  for cell in tr.find_all(("td", "th"), recursive=False))
    return _Row(id(table) if table is not None else 0, cells)


def _lines(node: Tag) -> Iterator[str | _Row]:
    """Lines of text under `node`: block elements and <br> break lines, table rows are one line each."""
    current: list[str] = []
    for child in node.children:
        if isinstance(child, NavigableString):
            current.append(_BLANKS.sub(" ", str(child)))  # HTML collapses whitespace runs
            continue
        if child.name == "br":
            yield "".join(current)
            current = []
        elif child.name == "tr":
            yield "".join(current)
            current = []
            yield _row(child)
        elif child.name in _BLOCK_TAGS:
            yield "".join(current)
            current = []
            yield from _lines(child)
        else:
            inline = [line if isinstance(line, str) else line.text for line in _lines(child)]
            if len(inline) == 1:
                current.append(inline[0])
            elif inline:
                current.append(inline[0])
                yield "".join(current)
                yield from inline[1:-1]
                current = [inline[-1]]
    yield "".join(current)


class _Placer:
    """Grid positions of a table's cells, row by row, skipping positions a rowspan above still covers."""

    def __init__(self) -> None:
        self.writer = RowWriter()
        self.taken: set[tuple[int, int]] = set()
        self.row = 0

    def line(self, row: _Row, at: int) -> str:
        cells: list[tuple[str, int, int, int]] = []
        col = 0
        for text, cols, rows in row.cells:
            while (self.row, col) in self.taken:
                col += 1
            cells.append((text, col, rows, cols))
            self.taken.update((r, c) for r in range(self.row, self.row + rows) for c in range(col, col + cols))
            col += cols
        self.row += 1
        return self.writer.row_line(self.row - 1, cells, at)


def _assemble(lines: list[str | _Row]) -> tuple[str, list[SourceGrid]]:
    """Non-empty lines joined by newlines, and each table's cells with their spans in that text."""
    out: list[str] = []
    placers: dict[int, _Placer] = {}
    pos = 0
    for line in lines:
        if isinstance(line, _Row):
            text = placers.setdefault(line.table, _Placer()).line(line, pos)
        else:
            text = " ".join(line.split())
        if text:
            out.append(text)
            pos += len(text) + 1
    return "\n".join(out), [placer.writer.grid for placer in placers.values()]


def html_text(markup: str) -> str:
    """The article text of an HTML page, one block per line."""
    return html_text_tables(markup)[0]


def html_text_tables(markup: str) -> tuple[str, list[SourceGrid]]:
    """The article text of an HTML page (one block per line) and its tables' cells."""
    soup = BeautifulSoup(markup, "lxml")
    body = soup.body or soup
    _drop_junk(body)
    article = find_article(body)
    lines = list(_lines(article))
    title = _page_title(body, article)
    if title:
        lines.insert(0, title)
    return _assemble(lines)


def read_html(path: Path) -> tuple[str, str]:
    """Article text and encoding of the web page at `path`."""
    text, encoding, _ = read_html_tables(path)
    return text, encoding


def read_html_tables(path: Path) -> tuple[str, str, list[SourceGrid]]:
    """Article text, encoding and tables' cells of the web page at `path`."""
    markup, encoding = decode_html(path.read_bytes(), path)
    try:
        text, grids = html_text_tables(markup)
    except RecursionError as exc:  # the tree walk recurses per level; no real page nests hundreds deep
        raise CorruptDocument(path, "its elements are nested too deeply (hundreds of levels) to be a page of "
                                    "text — save the page again from a browser") from exc
    return text, encoding, grids
