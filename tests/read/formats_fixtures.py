"""The five seed plans written in every format `read` accepts, built once per test session.

`seed_formats` maps each seed's file name to {format label: path}: `docx` (python-docx, one
paragraph per source line), `pdf` (reportlab, built-in CID font STSong-Light, wrapped lines,
several pages), `gbk.txt` (GB18030 bytes, which are GBK bytes for every GBK character),
`utf16.txt` (UTF-16 LE with BOM), `utf16-nobom.txt` (UTF-16 BE without BOM) and `html` (the
seed in an article div amid navigation, script, aside and footer). Registered in
tests/conftest.py so that any stage's tests can read the same files.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import pytest

from greentrack.services.documents import sample_paths

# Characters per wrapped PDF line and lines per PDF page: narrow enough to force wrapping.
PDF_LINE_CHARS = 38
PDF_PAGE_LINES = 40
PDF_FONT = "STSong-Light"

FORMATS = ("docx", "pdf", "gbk.txt", "utf16.txt", "utf16-nobom.txt", "html")


def write_docx(text: str, path: Path) -> None:
    """One Word paragraph per source line."""
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    document.save(str(path))


def _wrapped(text: str, width: int) -> list[str]:
    """Lines cut every `width` characters, never between the two stars of `**` emphasis."""
    lines: list[str] = []
    for line in text.splitlines():
        while len(line) > width:
            cut = width - 1 if line[width - 1:width + 1] == "**" else width
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return lines


def write_pdf(text: str, path: Path) -> None:
    """A PDF with a text layer in STSong-Light, lines wrapped at PDF_LINE_CHARS, several pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    page = canvas.Canvas(str(path), pagesize=A4)
    lines = _wrapped(text, PDF_LINE_CHARS)
    for start in range(0, len(lines), PDF_PAGE_LINES):
        page.setFont(PDF_FONT, 12)
        for row, line in enumerate(lines[start:start + PDF_PAGE_LINES]):
            page.drawString(60, A4[1] - 60 - row * 18, line)
        page.showPage()
    page.save()


def write_html(text: str, path: Path, encoding: str = "utf-8") -> None:
    """The seed as <p> lines in an article div, surrounded by the junk of a government site."""
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    page = f"""<!DOCTYPE html>
<html><head><meta charset="{encoding}"><title>政府信息公开</title>
<style>.nav {{ color: red }} p {{ margin: 0 }}</style>
<script>var 统计 = "网站访问量统计代码"; document.write("欢迎访问");</script></head>
<body>
<header><div class="logo">某某县人民政府门户网站</div></header>
<nav><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/bsfw">办事服务</a></li><li><a href="/hdjl">互动交流</a></li></ul></nav>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 政策文件</div>
<div class="main"><div class="article">
{paragraphs}
</div>
<aside><h3>相关链接</h3><p>国务院关于加快建立健全绿色低碳循环发展经济体系的指导意见（链接）</p></aside>
</div>
<div class="share">分享到：微信 微博</div>
<footer><p>主办单位：某某县人民政府办公室 版权所有 备案号：鲁ICP备00000000号</p>
<p>网站标识码：0000000000 地址：某某县政务服务中心 联系电话：0000-0000000</p></footer>
<script>console.log("页脚脚本");</script>
</body></html>"""
    path.write_bytes(page.encode(encoding))


def _writers() -> dict[str, Callable[[str, Path], None]]:
    return {
        "docx": write_docx,
        "pdf": write_pdf,
        "gbk.txt": lambda text, path: path.write_bytes(text.encode("gb18030")),
        "utf16.txt": lambda text, path: path.write_bytes(text.encode("utf-16")),
        "utf16-nobom.txt": lambda text, path: path.write_bytes(text.encode("utf-16-be")),
        "html": write_html,
    }


def build_seed_formats(folder: Path) -> dict[str, dict[str, Path]]:
    """Write every seed in every format into `folder`."""
    built: dict[str, dict[str, Path]] = {}
    for seed in sample_paths():
        text = seed.read_text(encoding="utf-8")
        built[seed.name] = {}
        for label, write in _writers().items():
            path = folder / f"{seed.stem}.{label}"  # the label ends in the file's extension
            write(text, path)
            built[seed.name][label] = path
    return built


@pytest.fixture(scope="session")
def seed_formats(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """Each seed's file name → {format label: path of the seed written in that format}."""
    return build_seed_formats(tmp_path_factory.mktemp("seed_formats"))
