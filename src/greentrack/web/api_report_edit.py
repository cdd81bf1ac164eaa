"""The report's words and frame: its sections 一–四 (read, edit, reset to the draft) and the place's 公文 settings.

Thin routes over `services.report_texts` (the CLI's `greentrack report-text …` and `report-settings` call the same
functions): reading takes the mid-term report's right, writing the place's office (administrators and its
coordinators); a text that does not fit answers 422 naming the field, and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from greentrack.reports.midterm import SECTION_TITLES, NarrativeSection
from greentrack.services import report_texts as rt
from greentrack.web import schemas_report_edit as schemas
from greentrack.web.api import AsOf, LedgerDep
from greentrack.web.auth import Who

router = APIRouter(tags=["reports 报告"])
Lang = Annotated[str, Query(description="zh or en (the draft's language)")]


def _utc(at: dt.datetime | None) -> str | None:
    return at.isoformat(timespec="seconds") + "Z" if at else None


def section(found: NarrativeSection, lang: str = "zh") -> schemas.ReportSection:
    """A section as the API shows it."""
    zh, en = SECTION_TITLES[found.key]
    return schemas.ReportSection(key=found.key, title=zh if lang == "zh" else en, paragraphs=list(found.paragraphs),
                                 edited=found.edited, edited_by=found.edited_by, edited_at=_utc(found.edited_at))


def settings(found: rt.ReportSettings) -> schemas.ReportSettings:
    """A place's 公文 settings as the API shows them."""
    frame = found.frame
    return schemas.ReportSettings(issuer=frame.issuer, doc_number=frame.doc_number, recipients=frame.recipients,
                                  copies=frame.copies, updated_by=found.updated_by, updated_at=_utc(found.updated_at))


def _sections(ledger: LedgerDep, who: Who, jurisdiction: str, as_of: dt.date | None,
              lang: str) -> schemas.ReportSections:
    from greentrack.reports.labels import check_lang

    day = as_of or dt.date.today()
    found = rt.report_sections(ledger, jurisdiction, day, who, lang=check_lang(lang))
    return schemas.ReportSections(jurisdiction=jurisdiction, as_of=day.isoformat(),
                                  sections=[section(s, lang) for s in found])


@router.get("/reports/{jurisdiction}/sections", response_model=schemas.ReportSections,
            summary="The report's sections 一–四: the office's text, else the draft")
def get_sections(ledger: LedgerDep, who: Who, jurisdiction: str, as_of: AsOf = None,
                 lang: Lang = "zh") -> schemas.ReportSections:
    """Each section says whether the office edited it (who, when) or it is drafted from the data."""
    return _sections(ledger, who, jurisdiction, as_of, lang)


@router.put("/reports/{jurisdiction}/sections", response_model=schemas.ReportSection,
            summary="Store the office's text of one section")
def put_section(ledger: LedgerDep, who: Who, jurisdiction: str, body: schemas.SectionText) -> schemas.ReportSection:
    """The text stands in for the draft in every later report; audited."""
    return section(rt.save_section(ledger, jurisdiction, body.section, body.text, who))


@router.delete("/reports/{jurisdiction}/sections/{key}", response_model=schemas.ReportSections,
               summary="Reset a section to the draft")
def delete_section(ledger: LedgerDep, who: Who, jurisdiction: str, key: str,
                   as_of: AsOf = None) -> schemas.ReportSections:
    """Drops the office's text (if any); answers the sections as they now stand."""
    rt.reset_section(ledger, jurisdiction, key, who)
    return _sections(ledger, who, jurisdiction, as_of, "zh")


@router.get("/reports/{jurisdiction}/settings", response_model=schemas.ReportSettings,
            summary="The place's 公文 settings of its report")
def get_settings(ledger: LedgerDep, who: Who, jurisdiction: str) -> schemas.ReportSettings:
    """发文机关, 文号, 主送, 抄送 and who set them last."""
    return settings(rt.report_settings(ledger, jurisdiction, who))


@router.put("/reports/{jurisdiction}/settings", response_model=schemas.ReportSettings,
            summary="Store the place's 公文 settings of its report")
def put_settings(ledger: LedgerDep, who: Who, jurisdiction: str,
                 body: schemas.ReportSettings) -> schemas.ReportSettings:
    """Every field is replaced (an empty or missing one is cleared); audited."""
    return settings(rt.save_report_settings(ledger, jurisdiction, body.issuer, body.doc_number, body.recipients,
                                            body.copies, who))
