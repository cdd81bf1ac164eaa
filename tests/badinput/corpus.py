"""The bad-input corpus: malformed plans and reporting sheets, each built in a folder on demand.

Every case names the command a user would run on it (`ingest` for a plan, `import` for a sheet),
the words its error must contain and the exit code. Files are generated rather than committed so
that a zip bomb costs 350 KB of disk only while the test runs; the one committed file
(`files/mixed-encodings.txt`) is small.
"""

from __future__ import annotations

import random
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import docx
from openpyxl import Workbook

FILES = Path(__file__).parent / "files"
HEADER = ["目标编号 target id", "期间 period", "数值 value", "单位 unit", "来源 source"]


@dataclass(frozen=True)
class Good:
    """A row the demo ledger accepts: a current target whose values are percentages, and a free period."""

    target_id: int
    period: str = "2021-06"
    value: str = "50"
    unit: str = "%"
    source: str = "统计局 statistics bureau"

    def cells(self, **changes: str) -> list[str]:
        row = {"target_id": str(self.target_id), "period": self.period, "value": self.value, "unit": self.unit,
               "source": self.source, **changes}
        return [row[k] for k in ("target_id", "period", "value", "unit", "source")]


@dataclass(frozen=True)
class Case:
    """One malformed input: how to build it, the command that reads it, and what the error must say."""

    name: str
    command: str  # "ingest" or "import"
    build: Callable[[Path, Good], Path]
    reason: tuple[str, ...]  # words the one-line error (or the row problems) must contain
    exit_code: int
    options: tuple[str, ...] = ()
    names_file: bool = True
    uploadable: bool = True  # the same file can be posted to the API
    form: dict[str, str] = field(default_factory=dict)


def _noise(size: int = 8192) -> bytes:
    return random.Random(20260808).randbytes(size)


def _write(name: str, data: bytes | str) -> Callable[[Path, Good], Path]:
    def build(folder: Path, _good: Good) -> Path:
        path = folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path
    return build


def _csv(name: str, *rows: list[str], header: list[str] = HEADER) -> Callable[[Path, Good], Path]:
    """A UTF-8 sheet; rows may use the good row's cells via `Good.cells` at build time."""
    def build(folder: Path, _good: Good) -> Path:
        path = folder / name
        lines = [",".join(header), *(",".join(cells) for cells in rows)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path
    return build


def _csv_row(name: str, **changes: str) -> Callable[[Path, Good], Path]:
    """A one-row sheet: the good row with some cells changed."""
    def build(folder: Path, good: Good) -> Path:
        return _csv(name, good.cells(**changes))(folder, good)
    return build


def _xlsx(name: str, rows: Callable[[Good], list[list[object]]]) -> Callable[[Path, Good], Path]:
    def build(folder: Path, good: Good) -> Path:
        book = Workbook()
        sheet = book.active
        for row in rows(good):
            sheet.append(row)
        path = folder / name
        book.save(path)
        return path
    return build


def _docx(folder: Path, name: str, *paragraphs: str) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path = folder / name
    document.save(str(path))
    return path


def _truncated(make: Callable[[Path, Good], Path], name: str) -> Callable[[Path, Good], Path]:
    def build(folder: Path, good: Good) -> Path:
        whole = make(folder, good).read_bytes()
        path = folder / name
        path.write_bytes(whole[: len(whole) // 2])
        return path
    return build


def _bomb(make: Callable[[Path, Good], Path], name: str, part: str, megabytes: int) -> Callable[[Path, Good], Path]:
    """A real, valid zip whose `part` is padded with `megabytes` MB of blanks: ~1000:1, so it stays small on disk."""
    def build(folder: Path, good: Good) -> Path:
        source = make(folder, good)
        path = folder / name
        with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
            for info in original.infolist():
                data = original.read(info.filename)
                if info.filename != part:
                    out.writestr(info, data)
                    continue
                closing = data.rindex(b"</")
                with out.open(part, "w", force_zip64=True) as member:
                    member.write(data[:closing])
                    blanks = b" " * (1 << 20)
                    for _ in range(megabytes):
                        member.write(blanks)
                    member.write(data[closing:])
        return path
    return build


def _zip_of_other(name: str) -> Callable[[Path, Good], Path]:
    def build(folder: Path, _good: Good) -> Path:
        path = folder / name
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("readme.txt", "这是一个普通的压缩包 just a zip of a text file")
        return path
    return build


def _broken_xml_docx(folder: Path, good: Good) -> Path:
    source = _docx(folder, "base.docx", "到2025年，城市建成区绿地率达到40%。")
    path = folder / "broken-xml.docx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in original.infolist():
            data = original.read(info.filename)
            out.writestr(info, data[:-40] if info.filename == "word/document.xml" else data)
    return path


def _many_parts_docx(folder: Path, _good: Good) -> Path:
    path = folder / "many-parts.docx"
    with zipfile.ZipFile(path, "w") as archive:
        for number in range(10_001):
            archive.writestr(f"word/media/p{number}.xml", "")
    return path


def _directory(folder: Path, _good: Good) -> Path:
    path = folder / "folder.txt"
    path.mkdir()
    return path


def _large_text(folder: Path, _good: Good) -> Path:
    path = folder / "too-large.txt"
    line = "到2025年，城市建成区绿地率达到40%。\n".encode()
    # just over max_file_mb (20 MB) and under the request limit (max_request_mb, 21): the file's own refusal, naming
    # it (a larger body is refused while it is read, before its file is known: tests/reliability/test_hostile_server)
    path.write_bytes(line * (int(20.5 * 1024 * 1024) // len(line) + 1))
    return path


def _plan_docx(folder: Path, _good: Good) -> Path:
    return _docx(folder, "plan.docx", "金乡县城市绿色发展实施方案", "到2025年，城市建成区绿地率达到40%。")


def _committed(name: str) -> Callable[[Path, Good], Path]:
    def build(folder: Path, _good: Good) -> Path:
        return Path(shutil.copy(FILES / name, folder / name))
    return build


def _plan_xlsx(folder: Path, good: Good) -> Path:
    return _xlsx("plan.xlsx", lambda g: [HEADER, g.cells()])(folder, good)


def _pdf_bytes() -> bytes:
    """A minimal one-page PDF with a text layer, written by hand (no library), to be cut in half."""
    stream = b"BT /F1 12 Tf 72 720 Td (Green plan 2025: 40%) Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    body = b"%PDF-1.4\n"
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return body + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def _nested_html(depth: int) -> str:
    return "<html><body>" + "<div>" * depth + "到2025年，绿地率达到40%。" + "</div>" * depth + "</body></html>"


ROW2 = "row 2"
NOT_NUMBER = "not a number"

PLANS: tuple[Case, ...] = (
    Case("binary junk named .txt", "ingest", _write("junk.txt", _noise()), ("not text in UTF-8",), 2),
    Case("empty .txt", "ingest", _write("empty.txt", b""), ("empty (0 bytes)",), 2),
    Case("blank .txt", "ingest", _write("blank.txt", "  \n\n\u3000 \n"), ("holds no text",), 2),
    Case("GBK and UTF-8 mixed in one file", "ingest", _committed("mixed-encodings.txt"),
         ("not text in UTF-8",), 2),
    Case("UTF-16 cut mid-character", "ingest", _write("utf16-cut.txt", "到2025年绿地率达到40%".encode("utf-16")[:-1]),
         ("not valid utf-16",), 2),
    Case("truncated .docx", "ingest", _truncated(_plan_docx, "truncated.docx"), ("not a valid .docx",), 2),
    Case("zip-bomb .docx (300 MB of blanks in 350 KB)", "ingest",
         _bomb(_plan_docx, "bomb.docx", "word/document.xml", 300), ("over the 200 MB limit", "zip bomb"), 2),
    Case("zip-bomb .docx under the size limit, over the ratio", "ingest",
         _bomb(_plan_docx, "ratio-bomb.docx", "word/document.xml", 60), ("over the 200× limit",), 2),
    Case(".docx with ten thousand parts", "ingest", _many_parts_docx, ("parts", "without unpacking"), 2),
    Case(".docx that is a zip of something else", "ingest", _zip_of_other("other.docx"), ("not a valid .docx",), 2),
    Case(".docx that is plain text", "ingest", _write("text.docx", "到2025年，绿地率达到40%。"),
         ("not a valid .docx",), 2),
    Case(".docx whose XML is cut short", "ingest", _broken_xml_docx, ("not a valid .docx",), 2),
    Case(".docx with no text", "ingest", lambda folder, _g: _docx(folder, "no-text.docx"), ("holds no text",), 2),
    Case("binary junk named .pdf", "ingest", _write("junk.pdf", _noise()), ("pdf",), 2),
    Case("truncated .pdf", "ingest", _write("truncated.pdf", _pdf_bytes()[:200]), ("pdf",), 2),
    Case("HTML nested 100,000 levels deep", "ingest", _write("nested.html", _nested_html(100_000)),
         ("nested too deeply",), 2),
    Case("HTML with only a script", "ingest", _write("script.html", "<html><body><script>alert('x')</script>"
                                                                    "</body></html>"), ("holds no text",), 2),
    Case("binary junk named .html", "ingest", _write("junk.html", _noise()), ("not text",), 2),
    Case("old Word .doc", "ingest", _write("plan.doc", _noise(512)), ("unknown file type '.doc'",), 2),
    Case("file that does not exist", "ingest", lambda folder, _g: folder / "missing.txt", ("no such file",), 3,
         uploadable=False),
    Case("folder named like a plan", "ingest", _directory, ("no plan files found",), 2,
         uploadable=False),
    Case("plan over max_file_mb", "ingest", _large_text, ("20 MB",), 2),
)

SHEETS: tuple[Case, ...] = (
    Case("binary junk named .csv", "import", _write("junk.csv", _noise()), ("not text in UTF-8",), 2),
    Case("empty .csv", "import", _write("empty.csv", b""), ("no header",), 6),
    Case("wrong headers", "import", _csv("wrong-headers.csv", ["1", "2024", "5"], header=["编号", "年", "值"]),
         ("no header",), 6),
    Case("header and no rows", "import", _csv("header-only.csv"), ("no data rows",), 6),
    Case("date 2025-13-45", "import", _csv_row("bad-date.csv", period="2025-13-45"), (ROW2, "malformed period"), 6),
    Case("month 13", "import", _csv_row("month-13.csv", period="2025-13"), (ROW2, "month 13 does not exist"), 6),
    Case("year 2999", "import", _csv_row("year-2999.csv", period="2999"), (ROW2, "outside 1900–2100"), 6),
    Case("formula as a value", "import", _csv_row("formula.csv", value="=1+1"), (ROW2, NOT_NUMBER), 6),
    Case("value 1e999", "import", _csv_row("infinite.csv", value="1e999"), (ROW2, NOT_NUMBER), 6),
    Case("value written as words", "import", _csv_row("words.csv", value="约30%"), (ROW2, NOT_NUMBER), 6),
    Case("CSV field past the csv module's limit", "import",
         _csv_row("huge-field.csv", source="x" * 200_000), ("line 2", "not a readable CSV row"), 2),
    Case("enormous cell (40,000 characters)", "import", _csv_row("enormous-cell.csv", source="长" * 40_000),
         (ROW2, "over the 32,767"), 6),
    Case("NUL byte in a cell", "import", _csv_row("nul.csv", source="统计\x00局"), (ROW2, "control characters"), 6),
    Case("script as a unit", "import", _csv_row("script-unit.csv", unit="<script>alert(1)</script>"),
         (ROW2, "<script>alert(1)</script>"), 6),
    Case("script as a target id", "import", _csv_row("script-id.csv", target_id="<script>alert(1)</script>"),
         (ROW2, "<script>"), 6),
    Case("script as the department", "import", _csv_row("ok.csv"), ("unknown department '<script>",), 2,
         options=("--department", "<script>alert(1)</script>"), names_file=False,
         form={"department": "<script>alert(1)</script>"}),
    Case("target not in the ledger", "import", _csv_row("unknown-target.csv", target_id="999999"), (ROW2, "999999"),
         6),
    Case("target id past 64 bits", "import", _csv_row("huge-id.csv", target_id="9" * 25), (ROW2, "9" * 25), 6),
    Case("target id in superscript digits", "import", _csv_row("superscript-id.csv", target_id="²³"), (ROW2, "²³"),
         6),
    Case("percentage over 100", "import", _csv_row("over-100.csv", value="250"), (ROW2,), 6),
    Case("the same row twice", "import", lambda folder, g: _csv("twice.csv", g.cells(), g.cells())(folder, g),
         ("row 3", "duplicate period"), 6),
    Case("missing unit column", "import",
         _csv("no-unit.csv", ["1", "2024", "5", "统计局"], header=["目标编号", "期间", "数值", "来源"]),
         ("missing column unit",), 6),
    Case("truncated .xlsx", "import", _truncated(_plan_xlsx, "truncated.xlsx"), ("not a readable .xlsx",), 2),
    Case("zip-bomb .xlsx (300 MB of blanks)", "import", _bomb(_plan_xlsx, "bomb.xlsx", "xl/worksheets/sheet1.xml",
                                                             300), ("over the 200 MB limit",), 2),
    Case(".xlsx that is a zip of something else", "import", _zip_of_other("other.xlsx"),
         ("not a readable .xlsx",), 2),
    Case(".xlsx that is plain text", "import", _write("text.xlsx", "目标编号,期间\n1,2024\n"),
         ("not a readable .xlsx",), 2),
    Case("empty worksheet", "import", _xlsx("empty-sheet.xlsx", lambda g: []), ("no header",), 6),
    Case("formula never computed", "import", _xlsx("formula.xlsx", lambda g: [HEADER, g.cells(value="=40+10")]),
         (ROW2, "=40+10"), 6),
    Case("header below the tenth row", "import", _xlsx("low-header.xlsx", lambda g: [[], *([["说明"]] * 11),
                                                                                     HEADER, g.cells()]),
         ("no header",), 6),
    Case("old Excel .xls", "import", _write("sheet.xls", _noise(512)), ("must be .xlsx or .csv",), 2),
)

CASES: tuple[Case, ...] = PLANS + SHEETS
