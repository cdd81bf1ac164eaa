"""The report as the office shapes it: the narrative sections (一 … 四) with the office's edits standing in for the
draft, the place's 公文 frame (发文机关, 文号, 主送, 抄送), and the evaluations kept when a report is made final.

Reading takes the `midterm_report` right of the place; writing takes `edit_report` (administrators and the place's
coordinators, `auth.policy`). Every text is checked before anything is written, and every change is audited with
before and after by the ledger's flush hook (report_text, report_setting).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from greentrack.errors import InvalidField
from greentrack.services.scope import acting

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from greentrack.analyse import JurisdictionScore
    from greentrack.auth import Principal
    from greentrack.ledger.db import Ledger
    from greentrack.reports.midterm import EvaluationSnapshot, MidtermReport, NarrativeSection, ReportFrame
    from greentrack.resolve import Jurisdiction

TEXT_LIMIT = 20_000  # characters of one section: a few pages, far more than a section needs
SETTING_LIMIT = 1_000  # characters of one 公文 field (主送 may list many offices)
SETTING_LABELS = {"issuer": "发文机关 issuer", "doc_number": "文号 document number", "recipients": "主送 recipients",
                  "copies": "抄送 copies"}


@dataclass(frozen=True)
class ReportSettings:
    """A place's 公文 frame and who set it last (None: never set)."""

    frame: ReportFrame
    updated_by: str | None = None
    updated_at: dt.datetime | None = None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _place(session: Session, jurisdiction: str, reader: Principal, action: str) -> Jurisdiction:
    from greentrack.ledger.analysis import ledger_jurisdiction
    from greentrack.services.scope import checked_place

    named = checked_place(session, jurisdiction, reader, action) or jurisdiction
    return ledger_jurisdiction(session, named)


def may_edit(who: Principal) -> bool:
    """Whether `who` holds the right to edit reports at all (its place is checked when it writes)."""
    from greentrack.auth import allowed

    return allowed(who, "edit_report")


def section_key(key: str) -> str:
    """The section key (basic · progress · problems · plans); InvalidField for any other."""
    from greentrack.reports.midterm import SECTION_KEYS

    if key not in SECTION_KEYS:
        raise InvalidField("section", f"unknown section {key!r} — use one of {', '.join(SECTION_KEYS)}")
    return key


def section_text(value: object) -> str:
    """An edited section: stripped, lines in \\n; InvalidField when empty, too long or holding control characters."""
    text = value.replace("\r\n", "\n").replace("\r", "\n").strip() if isinstance(value, str) else ""
    if not text:
        raise InvalidField("text", "the section's text is empty — reset the section to go back to the draft")
    if len(text) > TEXT_LIMIT:
        raise InvalidField("text", f"the section's text is {len(text)} characters long, more than {TEXT_LIMIT}")
    if any(ord(c) < 32 and c not in "\n\t" for c in text):
        raise InvalidField("text", "the section's text holds control characters")
    return text


def report_sections(ledger: Ledger, place: str, as_of: dt.date | None = None, who: Principal | None = None,
                    lang: str = "zh") -> tuple[NarrativeSection, ...]:
    """The report's sections 一 … 四: the office's text where it edited one, else the draft from the data."""
    from greentrack.services.reports import midterm_report

    return midterm_report(ledger, place, as_of, who, lang=lang).narrative


def save_section(ledger: Ledger, place: str, key: str, text: str, who: Principal | None = None) -> NarrativeSection:
    """Store the office's text of one section; Forbidden outside the writer's place, InvalidField for bad text."""
    from greentrack.ledger import repository
    from greentrack.reports.midterm import NarrativeSection
    from greentrack.reports.narrative import paragraphs_of

    writer = acting(ledger, who)
    key, text = section_key(key), section_text(text)
    at = _now()
    with ledger.session(writer.name, write=True) as session:
        code = _place(session, place, writer, "edit_report").code
        repository.report_texts.put_section_text(session, code, key, text, writer.name, at)
    return NarrativeSection(key, paragraphs_of(text), writer.name, at)


def reset_section(ledger: Ledger, place: str, key: str, who: Principal | None = None) -> bool:
    """Drop the office's text of one section, so the draft stands again; True when there was one."""
    from greentrack.ledger import repository

    writer = acting(ledger, who)
    key = section_key(key)
    with ledger.session(writer.name, write=True) as session:
        code = _place(session, place, writer, "edit_report").code
        return repository.report_texts.delete_section_text(session, code, key)


def report_settings(ledger: Ledger, place: str, who: Principal | None = None) -> ReportSettings:
    """The place's 公文 frame (issuer, 文号, 主送, 抄送) and who set it last."""
    from greentrack.ledger import repository
    from greentrack.reports.midterm import ReportFrame

    reader = acting(ledger, who)
    with ledger.session() as session:
        code = _place(session, place, reader, "midterm_report").code
        values, by, at = repository.report_texts.report_settings(session, code)
    return ReportSettings(ReportFrame(**values), by, at)


def setting_value(name: str, value: object) -> str | None:
    """One 公文 field, stripped (None when empty); InvalidField when too long or holding control characters."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidField(name, f"{SETTING_LABELS[name]} must be text")
    text = value.strip()
    if len(text) > SETTING_LIMIT:
        raise InvalidField(name, f"{SETTING_LABELS[name]} is {len(text)} characters long, more than {SETTING_LIMIT}")
    if any(ord(c) < 32 for c in text):
        raise InvalidField(name, f"{SETTING_LABELS[name]} holds control characters (one line only)")
    return text or None


def save_report_settings(ledger: Ledger, place: str, issuer: str | None = None, doc_number: str | None = None,
                         recipients: str | None = None, copies: str | None = None,
                         who: Principal | None = None) -> ReportSettings:
    """Store the place's 公文 frame (an empty field clears it); Forbidden outside the writer's place."""
    from greentrack.ledger import repository
    from greentrack.reports.midterm import ReportFrame

    writer = acting(ledger, who)
    values = {"issuer": setting_value("issuer", issuer), "doc_number": setting_value("doc_number", doc_number),
              "recipients": setting_value("recipients", recipients), "copies": setting_value("copies", copies)}
    at = _now()
    with ledger.session(writer.name, write=True) as session:
        code = _place(session, place, writer, "edit_report").code
        repository.report_texts.put_report_settings(session, code, values, writer.name, at)
    return ReportSettings(ReportFrame(**values), writer.name, at)


def unrounded(score: JurisdictionScore) -> tuple[float | None, dict[str, float]]:
    """The overall and dimension scores without the display rounding (年度对比 compares small changes)."""
    from greentrack.analyse.scoring import DIMENSION_WEIGHTS, STATUS_POINTS

    dimensions: dict[str, float] = {}
    for dimension in score.dimensions:
        points = [(STATUS_POINTS[s], n) for s, n in dimension.statuses if s in STATUS_POINTS]
        scored = sum(n for _, n in points)
        if scored:
            dimensions[dimension.dimension] = sum(p * n for p, n in points) / scored
    total = sum(DIMENSION_WEIGHTS.get(d, 1.0) for d in dimensions)
    overall = sum(DIMENSION_WEIGHTS.get(d, 1.0) * s for d, s in dimensions.items()) / total if total else None
    return overall, dimensions


def keep_evaluation(ledger: Ledger, place: str, report: MidtermReport, who: Principal | None = None) -> int:
    """Keep the report's evaluation (scores unrounded, every target's status) for next year's 年度对比; its id."""
    from greentrack.ledger import repository
    from greentrack.reports.layout_levels import evaluation_of

    writer = acting(ledger, who)
    score = evaluation_of(report)  # what 年度对比 compares with: the place's own, else its places' pooled
    overall, dimensions = unrounded(score) if score is not None else (None, {})
    statuses = {row.record.id: row.assessment.status for row in report.status.rows}
    with ledger.session(writer.name, write=True) as session:
        code = _place(session, place, writer, "edit_report").code
        return repository.report_texts.add_evaluation(session, code, report.as_of, overall, dimensions, statuses,
                                                      writer.name)


def previous_in(session: Session, code: str, before: dt.date) -> EvaluationSnapshot | None:
    """The last evaluation of the place kept before `before`, in an open session."""
    from greentrack.ledger import repository
    from greentrack.reports.midterm import EvaluationSnapshot

    kept = repository.report_texts.last_evaluation(session, code, before)
    return EvaluationSnapshot(*kept) if kept is not None else None


def previous_evaluation(ledger: Ledger, place: str, before: dt.date,
                        who: Principal | None = None) -> EvaluationSnapshot | None:
    """The last evaluation of the place kept before `before` (None when none was)."""
    reader = acting(ledger, who)
    with ledger.session() as session:
        code = _place(session, place, reader, "midterm_report").code
        return previous_in(session, code, before)
