"""Files an attacker would upload, built by the tests: an .xlsx whose one cell sits at the sheet's far corner, a
PDF of ten thousand pages, a .docx whose XML unpacks to tens of megabytes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
          'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
          'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
          'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
          'officedocument.spreadsheetml.worksheet+xml"/></Types>')


def far_cell_xlsx(path: Path, ref: str = "XFD1048576", dimension: str | None = None,
                  shared_strings: int | None = None) -> Path:
    """A tiny .xlsx whose only cell is at `ref` (optionally declaring `dimension`, or a shared-string table that
    claims `shared_strings` entries)."""
    row = "".join(ch for ch in ref if ch.isdigit())
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_NS}">{declared}<sheetData>'
             f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _TYPES)
        archive.writestr("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">'
                         f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
                         "</Relationships>")
        archive.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_NS}" '
                         f'xmlns:r="{_REL}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>'
                         "</workbook>")
        archive.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships '
                         f'xmlns="{_PKG}"><Relationship Id="rId1" Type="{_REL}/worksheet" '
                         'Target="worksheets/sheet1.xml"/></Relationships>')
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared_strings is not None:
            archive.writestr("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_NS}" '
                             f'count="{shared_strings}" uniqueCount="{shared_strings}"><si><t>x</t></si></sst>')
    return path


def many_pages_pdf(path: Path, pages: int = 10_000) -> Path:
    """A PDF of `pages` pages, one short line each (reportlab)."""
    from reportlab.pdfgen import canvas

    drawing = canvas.Canvas(str(path), pageCompression=1)
    for number in range(pages):
        drawing.drawString(72, 720, f"page {number + 1}")
        drawing.showPage()
    drawing.save()
    return path


def big_xml_docx(path: Path, megabytes: float = 60) -> Path:
    """A .docx inside both zip limits (each paragraph differs, so it packs ~10×, not the ~1000× of a zip bomb)
    whose document.xml unpacks to `megabytes` MB of paragraphs: python-docx would build all of it in memory."""
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    paragraphs, size, number = [], 0, 0
    while size < megabytes * 1024 * 1024:
        number += 1
        text = f"<w:p><w:r><w:t>第{number}条 到2025年新建建筑面积{number * 7919 % 100_003}万平方米</w:t></w:r></w:p>"
        paragraphs.append(text)
        size += len(text.encode())
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                head, _, tail = data.decode().partition("<w:body>")
                data = (head + "<w:body>" + "".join(paragraphs) + tail).encode()
            target.writestr(item.filename, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return path
