"""The 中期评估报告 (docx, pdf, html) and the ledger's exports (the Excel 台账, csv, json)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from greentrack.services.analysis import load_undecided
from greentrack.services.departments import department_summaries
from greentrack.services.files import write_file
from greentrack.services.review_targets import progress_of
from greentrack.services.scope import acting, checked_place
from greentrack.services.status import UNASSIGNED, ledger_status

if TYPE_CHECKING:
    from greentrack.auth import Principal
    from greentrack.ledger.db import Ledger
    from greentrack.reports.midterm import MidtermReport


REPORT_FORMATS = ("docx", "pdf", "html")


def midterm_report(ledger: Ledger, jurisdiction: str, as_of: date | None = None,
                   who: Principal | None = None) -> MidtermReport:
    """The 中期评估报告 of a place as data: statuses, scores, supervision lists, findings, roadmap."""
    from greentrack.ledger import repository
    from greentrack.ledger.analysis import ledger_jurisdiction, load_plans_around, statuses_of
    from greentrack.ledger.status import build_status
    from greentrack.reports.midterm import build_midterm

    reader = acting(ledger, who)
    with ledger.session() as session:
        checked_place(session, jurisdiction, reader, "midterm_report")
        place = ledger_jurisdiction(session, jurisdiction)
        around = load_plans_around(session, place.code)  # decomposition looks above and below the place
        undecided = load_undecided(session, place.code)
        documents = repository.documents.current_documents(session, place.code)
        status = build_status(session, as_of or date.today(), place.code)
        progress = repository.review.review_progress(session, [d.id for d in documents])
    review = {document_id: progress_of(counts["targets"]) for document_id, counts in progress.items()}
    return build_midterm(place, status, documents, around.targets, around.tasks, statuses_of(status),
                         undecided, review)


def report_bytes(ledger: Ledger, jurisdiction: str, fmt: str, lang: str = "zh", as_of: date | None = None,
                 who: Principal | None = None) -> bytes:
    """The 中期评估报告 as docx, pdf (LibreOffice from the docx) or html bytes, in Chinese or English."""
    from greentrack.errors import UsageError
    from greentrack.reports.html import render_html
    from greentrack.reports.labels import check_lang
    from greentrack.reports.layout import layout
    from greentrack.reports.pdf import docx_to_pdf
    from greentrack.reports.word import render_docx

    if fmt not in REPORT_FORMATS:
        raise UsageError(f"unknown report format {fmt!r} — use one of {', '.join(REPORT_FORMATS)}")
    check_lang(lang)
    reader = acting(ledger, who)
    with ledger.session() as session:  # refused before any work, as a missing LibreOffice is
        checked_place(session, jurisdiction, reader, "midterm_report")
    if fmt == "pdf":
        from greentrack.reports.pdf import find_libreoffice

        find_libreoffice()  # say so before the report is assembled, not after
    document = layout(midterm_report(ledger, jurisdiction, as_of, who), lang)
    if fmt == "html":
        return render_html(document).encode("utf-8")
    docx = render_docx(document)
    return docx_to_pdf(docx, "report") if fmt == "pdf" else docx


def write_report(ledger: Ledger, jurisdiction: str, fmt: str, out: Path, lang: str = "zh",
                 as_of: date | None = None, who: Principal | None = None) -> Path:
    """Write the 中期评估报告 of a place to `out`."""
    return write_file(out, report_bytes(ledger, jurisdiction, fmt, lang, as_of, who))


def ledger_workbook(ledger: Ledger, as_of: date | None = None, who: Principal | None = None) -> bytes:
    """The Excel 台账: a summary sheet, the whole ledger, and one sheet per department (序号, 指标, 目标值 …)."""
    from greentrack.reports.xlsx import DepartmentRows
    from greentrack.reports.xlsx import ledger_workbook as workbook

    reader = acting(ledger, who)
    report = ledger_status(ledger, as_of, who=reader)
    sheets = [DepartmentRows(s.department.name, s.jurisdiction_name, s.rows)
              for s in department_summaries(ledger, report.as_of, reader)]
    unassigned = tuple(row for row in report.rows if not row.record.departments)
    if unassigned:
        sheets.append(DepartmentRows(UNASSIGNED, None, unassigned))
    return workbook(report, sheets)


def export_ledger(ledger: Ledger, fmt: str, out: Path, as_of: date | None = None,
                  who: Principal | None = None) -> Path:
    """Write the ledger with statuses to `out`: the Excel 台账 (xlsx), csv or json."""
    from greentrack.reports.export import write_export

    if fmt == "xlsx":
        return write_file(out, ledger_workbook(ledger, as_of, who))
    return write_export(ledger_status(ledger, as_of, who=who), fmt, out)


def export_bytes(ledger: Ledger, fmt: str, as_of: date | None = None, who: Principal | None = None) -> bytes:
    """The ledger with statuses as xlsx, csv or json bytes: what `greentrack export` writes, for a download."""
    from greentrack.reports.export import render

    if fmt == "xlsx":
        return ledger_workbook(ledger, as_of, who)
    return render(ledger_status(ledger, as_of, who=who), fmt)
