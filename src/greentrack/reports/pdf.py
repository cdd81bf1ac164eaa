"""PDF of a report: the Word document converted by LibreOffice (`--headless --convert-to pdf`).

Why from the Word file rather than from the HTML: the PDF an office files is the print of the Word
report it edits, so both must have the same 公文 page (A4, margins, fonts, page numbers); converting
the .docx keeps one layout to maintain, and LibreOffice embeds the fonts. Each conversion runs with
its own LibreOffice profile (two conversions at once would otherwise fight over one) and with a
fontconfig file that maps each 公文 font to its fallbacks (`fonts.py`), so a server without the
Founder fonts still sets the body in a serif CJK font rather than a Latin one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from greentrack import config
from greentrack.errors import ReportToolError, UsageError
from greentrack.reports.fonts import fontconfig_aliases

TIMEOUT_S = 180
INSTALL_HINT = ("install LibreOffice (Debian: apt-get install libreoffice-writer-nogui) or set "
                "GREENTRACK_LIBREOFFICE to its program")


def find_libreoffice() -> str:
    """The LibreOffice program: the `libreoffice` setting, else `libreoffice` or `soffice` on the PATH."""
    configured = str(config.get("libreoffice") or "").strip()
    if configured:
        found = shutil.which(configured)
        if found is None:
            raise ReportToolError(f"libreoffice setting {configured!r} is not a program — {INSTALL_HINT}")
        return found
    found = shutil.which("libreoffice") or shutil.which("soffice")
    if found is None:
        raise ReportToolError(f"cannot make a PDF: LibreOffice is not installed — {INSTALL_HINT}; "
                              "or ask for --format docx or html")
    return found


def docx_to_pdf(docx: bytes, name: str = "report") -> bytes:
    """Convert .docx bytes to PDF bytes with LibreOffice; ReportToolError when it is missing or fails."""
    program = find_libreoffice()
    with tempfile.TemporaryDirectory(prefix="greentrack-pdf-") as folder:
        work = Path(folder)
        source = work / f"{name}.docx"
        source.write_bytes(docx)
        (work / "fonts.conf").write_text(fontconfig_aliases(), encoding="utf-8")
        environment = {**os.environ, "FONTCONFIG_FILE": str(work / "fonts.conf"), "HOME": str(work)}
        command = [program, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(work / "out"), str(source)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, env=environment,
                                  check=False)
        except subprocess.TimeoutExpired as exc:
            raise ReportToolError(f"LibreOffice did not finish converting {name}.docx within {TIMEOUT_S} s") from exc
        except OSError as exc:
            raise ReportToolError(f"cannot run LibreOffice ({program}): {exc.strerror or exc}") from exc
        result = work / "out" / f"{name}.pdf"
        if done.returncode != 0 or not result.is_file():
            said = (done.stderr or done.stdout).strip().splitlines()
            raise ReportToolError(f"LibreOffice could not convert {name}.docx to PDF (exit {done.returncode})"
                                  + (f": {said[-1]}" if said else ""))
        return result.read_bytes()


def write_pdf(docx: bytes, out: Path) -> Path:
    """Convert the Word report to PDF at `out`."""
    data = docx_to_pdf(docx, out.stem or "report")
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from exc
    return out
