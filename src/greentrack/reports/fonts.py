"""Fonts for reports: a CJK font file for the charts, and the fallback chains of the Word report's 公文 fonts.

A chart drawn without a font that has Chinese glyphs prints boxes; rather than that, the report stops
with a message saying what to install. The font is found by path at run time: the `cjk_font` setting,
else `fc-list`, else the folders where Debian, Fedora, macOS and Windows keep one.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from greentrack import config
from greentrack.errors import ReportToolError

# families with Chinese glyphs, the ones made for simplified Chinese first
CHART_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Micro Hei",
                  "WenQuanYi Zen Hei", "Microsoft YaHei", "SimHei", "PingFang SC", "Noto Serif CJK SC",
                  "Source Han Serif SC", "AR PL UMing CN")
KNOWN_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",  # Debian, Ubuntu: fonts-noto-cjk
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",  # Fedora
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",  # Arch
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
)
INSTALL_HINT = ("install one (Debian: apt-get install fonts-noto-cjk) or set GREENTRACK_CJK_FONT to a .ttf/.otf/.ttc "
                "file")


@dataclass(frozen=True)
class FontChain:
    """A 公文 font role: the names a Word document asks for, best first, ending in a font Linux servers have."""

    role: str
    names: tuple[str, ...]

    @property
    def first(self) -> str:
        """The font the document names (the one the reader's Word has on a Chinese Windows)."""
        return self.names[0]


# GB/T 9704 practice: title in 小标宋, headings in 黑体, body in 仿宋_GB2312; each falls back to what a
# machine without the Founder fonts has, and finally to Noto CJK (Debian fonts-noto-cjk).
TITLE = FontChain("title", ("方正小标宋简体", "小标宋", "SimSun", "Noto Serif CJK SC"))
HEADING = FontChain("heading", ("黑体", "SimHei", "Noto Sans CJK SC"))
SUBHEADING = FontChain("subheading", ("楷体_GB2312", "KaiTi", "楷体", "Noto Serif CJK SC"))
BODY = FontChain("body", ("仿宋_GB2312", "FangSong", "仿宋", "Noto Serif CJK SC"))
LATIN = "Times New Roman"  # digits and Latin letters in 公文 are set in Times New Roman
CHAINS = (TITLE, HEADING, SUBHEADING, BODY)


def find_cjk_font() -> Path:
    """The font file the charts are drawn with; ReportToolError when there is none."""
    configured = str(config.get("cjk_font") or "").strip()
    if configured:
        path = Path(configured).expanduser()
        if not path.is_file():
            raise ReportToolError(f"cjk_font {path} is not a file — {INSTALL_HINT}")
        return path
    found = _from_fontconfig() or next((Path(p) for p in KNOWN_FILES if Path(p).is_file()), None)
    if found is None:
        raise ReportToolError(f"no font with Chinese glyphs found for the report charts — {INSTALL_HINT}")
    return found


@functools.cache
def _from_fontconfig() -> Path | None:
    """The best CJK font fontconfig knows, by the order of CHART_FAMILIES (None without fc-list)."""
    program = shutil.which("fc-list")
    if program is None:
        return None
    try:
        listed = subprocess.run([program, ":lang=zh", "-f", "%{file}\t%{family}\t%{style}\n"], capture_output=True,
                                text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    best: tuple[int, int, str] | None = None
    for line in listed.splitlines():
        parts = line.split("\t")
        if len(parts) != 3:
            continue
        file, families, style = parts
        rank = min((CHART_FAMILIES.index(f) for f in families.split(",") if f in CHART_FAMILIES),
                   default=len(CHART_FAMILIES))
        plain = 0 if "Regular" in style or "Book" in style else 1
        if best is None or (rank, plain, file) < best:
            best = (rank, plain, file)
    return Path(best[2]) if best else None


def fontconfig_aliases() -> str:
    """A fontconfig file mapping each 公文 font to its fallbacks, for converting the Word report on a server.

    LibreOffice asks fontconfig for 仿宋_GB2312; without these aliases fontconfig answers with a Latin
    font and the PDF loses the document's look. With them it takes the first of the chain installed.
    """
    rules = []
    for chain in CHAINS:
        for position, name in enumerate(chain.names[:-1]):
            rest = "".join(f"<family>{n}</family>" for n in chain.names[position + 1:])
            rules.append(f'  <alias binding="same"><family>{name}</family><prefer>{rest}</prefer></alias>')
    return ('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
            '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n' + "\n".join(rules)
            + "\n</fontconfig>\n")
