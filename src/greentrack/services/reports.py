"""The 中期评估报告 (docx, pdf, html) and the ledger's exports (the Excel 台账, csv, json)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING

from sqlalchemy import select

from greentrack.services.analysis import load_undecided
from greentrack.services.files import write_file
from greentrack.services.review_targets import progress_of
from greentrack.services.scope import acting, checked_place
from greentrack.services.status import ledger_status, status_pages

if TYPE_CHECKING:
    from greentrack.auth import Principal
    from greentrack.ledger.db import Ledger
    from greentrack.reports.midterm import MidtermReport, ReportFrame


REPORT_FORMATS = ("docx", "pdf", "html")
ASSESSING, WRITING, CONVERTING = "assessing", "writing", "converting"  # a report's steps (汇总数据, 生成文档, 转换PDF)


def midterm_report(ledger: Ledger, jurisdiction: str, as_of: date | None = None,
                   who: Principal | None = None, frame: ReportFrame | None = None, lang: str = "zh") -> MidtermReport:
    """The 中期评估报告 of a place as data: statuses, scores, supervision lists, findings, roadmap, the supervision
    loop, the last kept evaluation, its 公文 frame (the place's settings; `frame`'s parts given override them) and
    its narrative sections 一 … 四 in `lang` (the office's edited text standing in for the draft)."""
    from dataclasses import replace

    from greentrack.ledger import repository
    from greentrack.ledger.analysis import ledger_jurisdiction, load_plans_around, statuses_of
    from greentrack.ledger.status import build_status
    from greentrack.reports.midterm import EvaluationSnapshot, ReportFrame, build_midterm
    from greentrack.reports.narrative import draft_sections, with_edits
    from greentrack.services.report_loop import report_loop

    reader = acting(ledger, who)
    day = as_of or date.today()
    with ledger.session() as session:
        checked_place(session, jurisdiction, reader, "midterm_report")
        place = ledger_jurisdiction(session, jurisdiction)
        around = load_plans_around(session, place.code)  # decomposition looks above and below the place
        undecided = load_undecided(session, place.code)
        documents = repository.documents.current_documents(session, place.code)
        status = build_status(session, day, place.code)
        progress = repository.review.review_progress(session, [d.id for d in documents])
        settings, _, _ = repository.report_texts.report_settings(session, place.code)
        edits = repository.report_texts.section_texts(session, place.code)
        kept = repository.report_texts.last_evaluation(session, place.code, status.as_of)
    review = {document_id: progress_of(counts["targets"]) for document_id, counts in progress.items()}
    report = build_midterm(place, status, documents, around.targets, around.tasks, statuses_of(status),
                           undecided, review)
    given = {k: v for k, v in vars(frame).items() if v is not None} if frame is not None else {}
    report = replace(report, frame=ReportFrame(**{**settings, **given}),
                     previous=EvaluationSnapshot(*kept) if kept is not None else None,
                     loop=report_loop(ledger, place.code, status.as_of, reader))
    return replace(report, narrative=with_edits(draft_sections(report, lang), edits))


def report_bytes(ledger: Ledger, jurisdiction: str, fmt: str, lang: str = "zh", as_of: date | None = None,
                 who: Principal | None = None, stage: Callable[[str], object] | None = None,
                 frame: ReportFrame | None = None) -> bytes:
    """The 中期评估报告 as docx, pdf (LibreOffice from the docx) or html bytes, in Chinese or English; `stage` is told
    each step as it starts (assessing → writing → converting), so a job's poll shows where it stands."""
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
    told = stage or (lambda _: None)
    told(ASSESSING)
    document = layout(midterm_report(ledger, jurisdiction, as_of, who, frame, lang), lang)
    told(WRITING)
    if fmt == "html":
        return render_html(document).encode("utf-8")
    docx = render_docx(document)
    if fmt != "pdf":
        return docx
    told(CONVERTING)
    return docx_to_pdf(docx, "report")


def write_report(ledger: Ledger, jurisdiction: str, fmt: str, out: Path, lang: str = "zh",
                 as_of: date | None = None, who: Principal | None = None, frame: ReportFrame | None = None) -> Path:
    """Write the 中期评估报告 of a place to `out` (`frame`'s parts given override the place's 公文 settings)."""
    return write_file(out, report_bytes(ledger, jurisdiction, fmt, lang, as_of, who, frame=frame))


def ledger_workbook(ledger: Ledger, as_of: date | None = None, who: Principal | None = None) -> bytes:
    """The Excel 台账: a summary sheet, the whole ledger, and one sheet per department (序号, 指标, 目标值 …)."""
    import io

    buffer = io.BytesIO()
    write_ledger_workbook(ledger, buffer, as_of, who)
    return buffer.getvalue()


def write_ledger_workbook(ledger: Ledger, out: Path | IO[bytes], as_of: date | None = None,
                          who: Principal | None = None) -> None:
    """The Excel 台账 written to `out` as the ledger is read, a page of rows at a time (openpyxl write-only)."""
    from greentrack.ledger import repository
    from greentrack.ledger.schema import ResponsibilityRow
    from greentrack.reports.xlsx_stream import StreamedLedgerBook
    from greentrack.resolve import get_jurisdiction
    from greentrack.services.scope import sees_department

    reader = acting(ledger, who)
    day = as_of or date.today()
    paged = status_pages(ledger, day, who=reader)
    with ledger.session() as session:
        departments = []
        for department in repository.departments.list_departments(session):
            if sees_department(reader, department):
                place = get_jurisdiction(department.jurisdiction_code) if department.jurisdiction_code else None
                departments.append((department.id, department.name, place.name if place else None))
        answers = session.connection().execute(select(ResponsibilityRow.department_id, ResponsibilityRow.target_id)
                                               .where(ResponsibilityRow.target_id.is_not(None)))
        book = StreamedLedgerBook(out, paged.as_of if paged else day, departments, answers)
    try:
        if paged is None:  # target_list = report: the per-target report, whole
            book.add(ledger_status(ledger, day, who=reader).rows)
        else:
            for rows in paged.pages(ledger):
                book.add(rows)
    except BaseException:
        book.abandon()
        raise
    book.finish()


def export_ledger(ledger: Ledger, fmt: str, out: Path, as_of: date | None = None,
                  who: Principal | None = None) -> Path:
    """Write the ledger with statuses to `out`: the Excel 台账 (xlsx), csv or json, streamed a page at a time
    (written beside `out` and moved in place when complete: nothing half-written)."""
    from greentrack.errors import UsageError
    from greentrack.reports.export import FORMATS, write_streamed

    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r} — use one of {', '.join(FORMATS)}")
    reader = acting(ledger, who)
    day = as_of or date.today()
    partial = out.with_name(f".{out.name}.part")
    try:
        with open(partial, "wb") as handle:
            if fmt == "xlsx":
                write_ledger_workbook(ledger, handle, day, reader)
            else:
                paged = status_pages(ledger, day, who=reader)
                if paged is None:
                    report = ledger_status(ledger, day, who=reader)
                    write_streamed([report.rows], fmt, handle, report.as_of, report.illustrative)
                else:
                    write_streamed(paged.pages(ledger), fmt, handle, paged.as_of, paged.illustrative)
        partial.replace(out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return out


def export_bytes(ledger: Ledger, fmt: str, as_of: date | None = None, who: Principal | None = None) -> bytes:
    """The ledger with statuses as xlsx, csv or json bytes: what `greentrack export` writes, for a download."""
    import io

    from greentrack.reports.export import render, write_streamed

    if fmt == "xlsx":
        return ledger_workbook(ledger, as_of, who)
    reader = acting(ledger, who)
    paged = status_pages(ledger, as_of or date.today(), who=reader) if fmt in ("csv", "json") else None
    if paged is None:
        return render(ledger_status(ledger, as_of, who=reader), fmt)
    buffer = io.BytesIO()  # the rows a page at a time: the answer's bytes, not every target's objects
    write_streamed(paged.pages(ledger), fmt, buffer, paged.as_of, paged.illustrative)
    return buffer.getvalue()
