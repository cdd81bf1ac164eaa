"""Table rows copied from a row python-docx made (the fast path of a large report) are the XML python-docx itself
writes for them: the demo's whole report, and rows with empty cells, edge spaces, tabs and breaks."""

from __future__ import annotations

import io
import zipfile

import pytest

from greentrack.ledger.db import Ledger
from greentrack.reports import word
from greentrack.reports.layout import ReportDocument, TableBlock, layout
from greentrack.services.reports import midterm_report

from .conftest import AS_OF


class _Always:
    """Every row looks special: python-docx builds each one itself (the reference)."""

    def intersection(self, _text: str) -> set[str]:
        return {"x"}


def _document_xml(report: ReportDocument) -> bytes:
    with zipfile.ZipFile(io.BytesIO(word.render_docx(report))) as archive:
        return archive.read("word/document.xml")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_copied_rows_are_what_python_docx_writes(demo: Ledger, lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    odd = TableBlock("边缘 edges", ("a", "b", "c"),
                     (("", " 前后空格 ", "x"), ("tab\there", "line\nbreak", ""), ("一", "二", "三"), ("", "", "")),
                     (1.0, 2.0, 1.0), status_column=2, statuses=("overdue", None, "achieved", "overdue"))
    document = layout(midterm_report(demo, "金乡县", AS_OF), lang)
    document = ReportDocument(document.lang, document.title, document.subtitle, (*document.blocks, odd),
                              document.warning)
    fast = _document_xml(document)
    monkeypatch.setattr(word, "_SPECIAL", _Always())
    assert fast == _document_xml(document)
    assert fast.count(b"<w:tr") > 100  # the demo report's tables are there
