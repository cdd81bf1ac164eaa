"""Article text of a government web page (.html/.htm): the body of the notice, not the site around it.

The article container is found by density: the deepest element holding most of the Chinese
text that sits in paragraphs. Navigation, headers, footers, scripts and asides are dropped
first; if no paragraph holds Chinese text, the whole body is used.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from greentrack.errors import CorruptDocument
from greentrack.read.charsets import decode_bytes

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


def _lines(node: Tag) -> Iterator[str]:
    """Lines of text under `node`: block elements and <br> break lines, table rows are one line."""
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
            yield " ".join(text for text in map(_cell_text, child.find_all(("td", "th"), recursive=False))
                           if text)
        elif child.name in _BLOCK_TAGS:
            yield "".join(current)
            current = []
            yield from _lines(child)
        else:
            inline = list(_lines(child))
            if len(inline) == 1:
                current.append(inline[0])
            elif inline:
                current.append(inline[0])
                yield "".join(current)
                yield from inline[1:-1]
                current = [inline[-1]]
    yield "".join(current)


def html_text(markup: str) -> str:
    """The article text of an HTML page, one block per line."""
    soup = BeautifulSoup(markup, "lxml")
    body = soup.body or soup
    _drop_junk(body)
    article = find_article(body)
    lines = [" ".join(line.split()) for line in _lines(article)]
    title = _page_title(body, article)
    if title:
        lines.insert(0, title)
    return "\n".join(line for line in lines if line)


def read_html(path: Path) -> tuple[str, str]:
    """Article text and encoding of the web page at `path`."""
    markup, encoding = decode_html(path.read_bytes(), path)
    try:
        return html_text(markup), encoding
    except RecursionError as exc:  # the tree walk recurses per level; no real page nests hundreds deep
        raise CorruptDocument(path, "its elements are nested too deeply (hundreds of levels) to be a page of "
                                    "text — save the page again from a browser") from exc
