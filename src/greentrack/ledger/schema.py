"""The ledger's tables (SQLAlchemy 2 ORM): one schema for SQLite and PostgreSQL.

Only portable types are used (Integer, String, Text, Double, Boolean, Date, DateTime, JSON), so the
same Alembic revision creates the same tables on both dialects. Lists (departments as written, a
section path) are JSON; every name a person filters on is a plain column.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Named constraints, so that migrations can refer to them on both dialects.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    """Declarative base with the constraint naming convention."""

    metadata = MetaData(naming_convention=NAMING)


class JurisdictionRow(Base):
    """An administrative division (GB/T 2260) that a document, department or observation belongs to."""

    __tablename__ = "jurisdictions"

    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(16))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("jurisdictions.code"))


class DocumentRow(Base):
    """One version of a plan. A revised plan (same title and jurisdiction, new content) is a new row."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    path: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    doc_number: Mapped[str | None] = mapped_column(String(128))
    issuer: Mapped[str | None] = mapped_column(Text)
    issue_date: Mapped[str | None] = mapped_column(String(10))
    level: Mapped[str | None] = mapped_column(String(16))
    jurisdiction_code: Mapped[str | None] = mapped_column(ForeignKey("jurisdictions.code"), index=True)
    series: Mapped[str] = mapped_column(String(512), index=True)  # title + jurisdiction: what makes a version
    version: Mapped[int] = mapped_column(Integer, default=1)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    text: Mapped[str] = mapped_column(Text)  # the normalised text every span points into
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class SectionRow(Base):
    """A heading of a document's outline and the span it governs."""

    __tablename__ = "sections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    parent_position: Mapped[int | None] = mapped_column(Integer)
    level: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(Text)
    path: Mapped[list[str]] = mapped_column(JSON)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)


class Reviewed:
    """A person's review of a target or task (docs/review.md): its state (extracted · confirmed · corrected ·
    rejected · added), why (a rejection's reason), who and when; the decision the previous version of the plan held
    when the statement changed (shown beside it), and the record of the previous version this one continues."""

    review_state: Mapped[str] = mapped_column(String(16), default="extracted", server_default="extracted")
    review_reason: Mapped[str | None] = mapped_column(Text)
    reviewed_by: Mapped[str | None] = mapped_column(String(128))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    review_previous: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    previous_id: Mapped[int | None] = mapped_column(Integer)


class TargetRow(Reviewed, Base):
    """A quantitative commitment: every field of the extraction contract plus how it was resolved."""

    __tablename__ = "targets"
    __table_args__ = (UniqueConstraint("document_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(128))  # the extraction id (doc:start-end:hash)
    jurisdiction_code: Mapped[str | None] = mapped_column(ForeignKey("jurisdictions.code"), index=True)
    indicator: Mapped[str] = mapped_column(Text)
    comparator: Mapped[str] = mapped_column(String(4))
    value: Mapped[float] = mapped_column(Double)
    unit: Mapped[str] = mapped_column(String(32))
    year: Mapped[int | None] = mapped_column(Integer)
    deadline: Mapped[str | None] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(16))
    reference_year: Mapped[int | None] = mapped_column(Integer)
    baseline_value: Mapped[float | None] = mapped_column(Double)
    baseline_year: Mapped[int | None] = mapped_column(Integer)
    period_start: Mapped[int | None] = mapped_column(Integer)  # first year of the period the plan states
    scope: Mapped[str | None] = mapped_column(Text)
    aspirational: Mapped[bool] = mapped_column(Boolean)
    binding: Mapped[str | None] = mapped_column(String(8))
    departments: Mapped[list[str]] = mapped_column(JSON)
    lead_departments: Mapped[list[str]] = mapped_column(JSON)
    section: Mapped[list[str]] = mapped_column(JSON)
    quote: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    indicator_id: Mapped[str | None] = mapped_column(String(64), index=True)
    resolution_score: Mapped[float] = mapped_column(Double)
    resolution_how: Mapped[str] = mapped_column(String(64))
    canonical_value: Mapped[float | None] = mapped_column(Double)
    canonical_unit: Mapped[str | None] = mapped_column(String(32))
    unit_problem: Mapped[str | None] = mapped_column(Text)
    # The extractor's confidence and the doubts behind it (extract/confidence.py).
    confidence: Mapped[float] = mapped_column(Double, default=1.0, server_default="1.0")
    doubts: Mapped[list[str] | None] = mapped_column(JSON, default=list)
    # The series its values are read from (ledger/series.py): empty while it reads its default series
    # (its indicator, place, scope and measure), set when a person shares or splits it.
    series_key: Mapped[str | None] = mapped_column(String(512), index=True)
    # How a cumulative target's values are reported: `annual` (当年新增) or `running` (累计); empty: by its kind.
    reporting: Mapped[str | None] = mapped_column(String(8))


class TaskRow(Reviewed, Base):
    """A dated qualitative commitment (…底前全面完成…)."""

    __tablename__ = "tasks"
    __table_args__ = (UniqueConstraint("document_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(128))
    text: Mapped[str] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer)
    deadline: Mapped[str | None] = mapped_column(String(10))
    departments: Mapped[list[str]] = mapped_column(JSON)
    lead_departments: Mapped[list[str]] = mapped_column(JSON)
    section: Mapped[list[str]] = mapped_column(JSON)
    quote: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)


class DepartmentRow(Base):
    """A canonical department (金乡县住房和城乡建设局) of a jurisdiction.

    Names outside the registry are kept as written, with the jurisdiction of the document that named
    them, so two counties' 各镇街 stay apart; the registry id is empty for them.
    """

    __tablename__ = "departments"
    __table_args__ = (UniqueConstraint("name", "jurisdiction_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    registry_id: Mapped[str | None] = mapped_column(String(64))
    jurisdiction_code: Mapped[str | None] = mapped_column(ForeignKey("jurisdictions.code"))


class ResponsibilityRow(Base):
    """A department made responsible for a target or a task, as written, and whether it leads (牵头)."""

    __tablename__ = "responsibilities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    target_id: Mapped[int | None] = mapped_column(ForeignKey("targets.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    written: Mapped[str] = mapped_column(String(128))
    lead: Mapped[bool] = mapped_column(Boolean)


class ObservationRow(Base):
    """A reported value for a period of one series (ledger/series.py).

    `scope_key` names the series: a target's default series (`indicator:<code>:<indicator id>` with its
    measure and scope), a series targets explicitly share, or `target:<id>` (a target's own, then
    `target_id` is set). "One value per series and period" is a plain unique constraint. A withdrawn
    value keeps its row (history and audit) under `withdrawn:<id>`, its series kept in `withdrawn_key`.
    """

    __tablename__ = "observations"
    __table_args__ = (UniqueConstraint("scope_key", "period"), Index("ix_observations_indicator",
                                                                     "jurisdiction_code", "indicator_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope_key: Mapped[str] = mapped_column(String(512))
    jurisdiction_code: Mapped[str | None] = mapped_column(ForeignKey("jurisdictions.code"))
    indicator_id: Mapped[str | None] = mapped_column(String(64))
    target_id: Mapped[int | None] = mapped_column(ForeignKey("targets.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(16))
    period_end: Mapped[dt.date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Double)  # in `unit`: the indicator's canonical unit (or the target's)
    unit: Mapped[str] = mapped_column(String(32))
    value_written: Mapped[float] = mapped_column(Double)  # as the reporter wrote it, kept for audit
    unit_written: Mapped[str] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(Text, default="")
    reporter: Mapped[str] = mapped_column(String(128), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    change_reason: Mapped[str | None] = mapped_column(Text)  # why it was last corrected or withdrawn (audited)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    withdrawn_by: Mapped[str | None] = mapped_column(String(128))
    withdrawn_key: Mapped[str | None] = mapped_column(String(512))


class UserRow(Base):
    """A person who uses the ledger: name, role, the jurisdiction or department it acts for, its password hash.

    `password_hash` is an argon2 hash (empty: the user can only use API tokens); a disabled user
    (`active` false) keeps its rows and audit trail but can no longer log in or use its tokens.
    """

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    role: Mapped[str] = mapped_column(String(32))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    jurisdiction_code: Mapped[str | None] = mapped_column(ForeignKey("jurisdictions.code"))
    password_hash: Mapped[str] = mapped_column(String(255), default="", server_default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    email: Mapped[str | None] = mapped_column(String(255))  # where reminders (催报) are mailed, when SMTP is set


class SessionRow(Base):
    """A dashboard login: the SHA-256 of the cookie's value (never the value), its CSRF token, its expiry."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ApiTokenRow(Base):
    """An API token for scripts (Bearer): stored as its SHA-256 only; revoked tokens stay, marked."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))  # the first characters, so a person can tell tokens apart
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class AuditRow(Base):
    """One change to a target or an observation: who, when, what, and the row before and after."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    actor: Mapped[str] = mapped_column(String(128))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


# ---------------------------------------------------------------- the supervision loop (docs/supervision.md)


class CycleRow(Base):
    """A reporting cycle (填报周期) of a place: the period values are reported for, its due date, what it covers."""

    __tablename__ = "reporting_cycles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64))  # 2025年度, 2026年第一季度
    jurisdiction_code: Mapped[str | None] = mapped_column(ForeignKey("jurisdictions.code"), index=True)
    period: Mapped[str] = mapped_column(String(16))  # the observation period reported: 2025 or 2026-03
    opens_on: Mapped[dt.date] = mapped_column(Date)
    due_on: Mapped[dt.date] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class CycleItemRow(Base):
    """A target or a task a cycle asks to be reported (one of the two ids is set)."""

    __tablename__ = "cycle_items"
    __table_args__ = (UniqueConstraint("cycle_id", "target_id", "task_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("reporting_cycles.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int | None] = mapped_column(ForeignKey("targets.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)


class ReminderRow(Base):
    """A reminder to report (催报): shown on the department's page; e-mailed where SMTP is configured."""

    __tablename__ = "cycle_reminders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("reporting_cycles.id", ondelete="CASCADE"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    sent_by: Mapped[str] = mapped_column(String(128))
    sent_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    emailed_to: Mapped[str | None] = mapped_column(Text)  # the addresses it was mailed to; empty: not mailed
    read_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class TaskProgressRow(Base):
    """A department's report on a task: its state (not_started · in_progress · done), a note, the cycle it
    answers. The newest row is the task's state; older rows are its history. 逾期 (overdue) is computed."""

    __tablename__ = "task_progress"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    cycle_id: Mapped[int | None] = mapped_column(ForeignKey("reporting_cycles.id", ondelete="SET NULL"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    state: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    reported_by: Mapped[str] = mapped_column(String(128))
    reported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class SupervisionItemRow(Base):
    """A supervision item (督办事项): what the office asks of which departments, by when, and where it stands
    (open · answered · returned · closed · escalated). Its 督办函 carries the issuer, 文号 and date."""

    __tablename__ = "supervision_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jurisdiction_code: Mapped[str | None] = mapped_column(ForeignKey("jurisdictions.code"), index=True)
    title: Mapped[str] = mapped_column(Text)
    requirement: Mapped[str] = mapped_column(Text)
    answer_due: Mapped[dt.date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16), default="open", index=True)
    source: Mapped[str] = mapped_column(String(16), default="manual")  # manual · warning
    severity: Mapped[str | None] = mapped_column(String(16))  # the warning's, when made from one
    issuer: Mapped[str | None] = mapped_column(Text)  # 发文机关
    doc_number: Mapped[str | None] = mapped_column(String(128))  # 文号
    issued_on: Mapped[dt.date | None] = mapped_column(Date)  # 成文日期
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    escalated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class SupervisionSubjectRow(Base):
    """A target or task a supervision item is about (one of the two ids is set)."""

    __tablename__ = "supervision_subjects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("supervision_items.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int | None] = mapped_column(ForeignKey("targets.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)


class SupervisionDepartmentRow(Base):
    """A department a supervision item is addressed to: the lead (牵头) answers, the others contribute (配合)."""

    __tablename__ = "supervision_departments"
    __table_args__ = (UniqueConstraint("item_id", "department_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("supervision_items.id", ondelete="CASCADE"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    lead: Mapped[bool] = mapped_column(Boolean)


class SupervisionAnswerRow(Base):
    """A department's answer to a supervision item: 进展情况, 存在问题, 整改措施, 完成时限."""

    __tablename__ = "supervision_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("supervision_items.id", ondelete="CASCADE"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    progress: Mapped[str] = mapped_column(Text)
    problems: Mapped[str] = mapped_column(Text)
    measures: Mapped[str] = mapped_column(Text)
    complete_by: Mapped[dt.date] = mapped_column(Date)
    answered_by: Mapped[str] = mapped_column(String(128))
    answered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class SupervisionEventRow(Base):
    """One step of a supervision item's history (its timeline): created, issued, answered, returned, closed,
    escalated (by a person, with the 约谈 record, or by itself past its deadline), reminded."""

    __tablename__ = "supervision_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("supervision_items.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")


class EvidenceRow(Base):
    """An evidence file (佐证材料) kept in the ledger itself, so backups carry it: a task report's or a
    supervision answer's (`owner` task_progress · answer, `owner_id` its row)."""

    __tablename__ = "evidence_files"
    __table_args__ = (Index("ix_evidence_files_owner", "owner", "owner_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(16))
    owner_id: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(128))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[str] = mapped_column(String(128))
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


# ---------------------------------------------------------------- the 中期评估报告 an office submits (docs/reports.md)


class ReportSettingRow(Base):
    """A place's 公文 frame for its report (GB/T 9704): the issuing office, its 文号, 主送 and 抄送."""

    __tablename__ = "report_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jurisdiction_code: Mapped[str] = mapped_column(ForeignKey("jurisdictions.code"), unique=True)
    issuer: Mapped[str | None] = mapped_column(Text)  # 发文机关 (and 落款)
    doc_number: Mapped[str | None] = mapped_column(String(128))  # 文号: 金绿发〔2026〕3号
    recipients: Mapped[str | None] = mapped_column(Text)  # 主送机关
    copies: Mapped[str | None] = mapped_column(Text)  # 抄送
    updated_by: Mapped[str] = mapped_column(String(128))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class ReportTextRow(Base):
    """A narrative section of a place's report as the office edited it (the draft is computed, never stored):
    its section key (progress, problems, plans …), the text, who edited it and when."""

    __tablename__ = "report_texts"
    __table_args__ = (UniqueConstraint("jurisdiction_code", "section"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jurisdiction_code: Mapped[str] = mapped_column(ForeignKey("jurisdictions.code"), index=True)
    section: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    edited_by: Mapped[str] = mapped_column(String(128))
    edited_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class EvaluationRow(Base):
    """An evaluation of a place kept when its report is made final (一年一体检): the overall and dimension scores
    (unrounded) and every target's status, so that the next report compares then and now."""

    __tablename__ = "evaluations"
    __table_args__ = (Index("ix_evaluations_place", "jurisdiction_code", "as_of"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jurisdiction_code: Mapped[str] = mapped_column(ForeignKey("jurisdictions.code"))
    as_of: Mapped[dt.date] = mapped_column(Date)
    overall: Mapped[float | None] = mapped_column(Double)
    dimensions: Mapped[dict[str, Any]] = mapped_column(JSON)  # dimension → score (unrounded)
    statuses: Mapped[dict[str, Any]] = mapped_column(JSON)  # target id → status
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
