"""The API models of the review (审核): what a person sends to correct, confirm, reject or add a target or task,
and the reviewed records and review sheet it gets back (docs/review.md)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from greentrack.web.api import MAX_ID
from greentrack.web.schemas import Document, Model

STATE = "extracted · confirmed · corrected · rejected · added"


class TargetChanges(Model):
    """Fields of a target to correct; only those sent change (null clears an optional one). Each is checked as
    the CLI checks it: a value that does not fit answers 422 naming the field, and nothing changes."""

    indicator: str | None = Field(None, description="the indicator as written")
    indicator_id: str | None = Field(None, description="the catalog indicator (`greentrack catalog`); null for none")
    value: float | None = Field(None, description="the number, in the unit written")
    unit: str | None = Field(None, description="the unit as written ('' for none)")
    comparator: str | None = Field(None, description=">=, <=, <, > or =")
    year: int | None = Field(None, description="the year by which it must hold (1900–2100)")
    deadline: str | None = Field(None, description="an ISO date (2025-10-31)")
    kind: str | None = Field(None, description="level, change, cumulative or standard")
    reference_year: int | None = Field(None, description="for change: the year compared against")
    baseline_value: float | None = Field(None, description="a starting value stated")
    baseline_year: int | None = Field(None, description="the year of that baseline")
    scope: str | None = Field(None, description="the area it applies to (全县, 城区)")
    aspirational: bool | None = Field(None, description="hedged (力争, 争取)")
    binding: str | None = Field(None, description="约束性 or 预期性")
    departments: list[str] | None = Field(None, description="responsible departments as written")
    lead_departments: list[str] | None = Field(None, description="the lead (牵头) ones among them")
    start: int | None = Field(None, description="where the quote starts in the plan's normalised text")
    end: int | None = Field(None, description="where it ends (exclusive)")
    quote: str | None = Field(None, description="the exact words of the plan, instead of start and end")


class NewTarget(TargetChanges):
    """A target the extractor missed: the plan version, a span of its text and the fields (indicator and value at
    least; comparator >=, kind level and no year unless given)."""

    document_id: int = Field(ge=1, le=MAX_ID, description="the plan version it belongs to")


class TaskChanges(Model):
    """Fields of a dated task to correct; only those sent change."""

    text: str | None = Field(None, description="what is to be done, as the plan says it")
    year: int | None = Field(None, description="the year it is due (1900–2100)")
    deadline: str | None = Field(None, description="an ISO date (2025-10-31)")
    departments: list[str] | None = Field(None, description="responsible departments as written")
    lead_departments: list[str] | None = Field(None, description="the lead (牵头) ones among them")
    start: int | None = Field(None, description="where the quote starts in the plan's normalised text")
    end: int | None = Field(None, description="where it ends (exclusive)")
    quote: str | None = Field(None, description="the exact words of the plan, instead of start and end")


class NewTask(TaskChanges):
    """A task the extractor missed: the plan version and a span of its text (its text is the quote unless sent)."""

    document_id: int = Field(ge=1, le=MAX_ID, description="the plan version it belongs to")


class Rejection(Model):
    """Why a record is not a target (or task): kept with it."""

    reason: str = Field(description="the reason, for the audit and the next reader")


class ReviewState(Model):
    """A person's decision on a record."""

    state: str = Field(description=STATE)
    reason: str | None = Field(description="why it was rejected")
    by: str | None = Field(description="who decided")
    at: str | None = Field(description="when (UTC, ISO 8601)")
    previous: dict[str, Any] | None = Field(
        description="the previous version's decision, when this record's statement changed (sent back to review)")
    previous_id: int | None = Field(description="the record of the previous version this one continues")


class ReviewedTarget(Model):
    """A target with every field of the extraction contract, its resolution and its review."""

    id: int
    document_id: int
    indicator: str
    indicator_id: str | None
    comparator: str
    value: float
    unit: str
    year: int | None
    deadline: str | None
    kind: str
    reference_year: int | None
    baseline_value: float | None
    baseline_year: int | None
    scope: str | None
    aspirational: bool
    binding: str | None
    departments: list[str] = Field(description="as written")
    lead_departments: list[str] = Field(description="as written")
    canonical_departments: list[str]
    canonical_lead_departments: list[str]
    section: list[str]
    quote: str
    start: int
    end: int
    confidence: float = Field(description="the extractor's confidence (1.0 for a record a person added)")
    doubts: list[str]
    review: ReviewState


class ReviewedTask(Model):
    """A dated task with its fields and its review."""

    id: int
    document_id: int
    text: str
    year: int | None
    deadline: str | None
    departments: list[str]
    lead_departments: list[str]
    section: list[str]
    quote: str
    start: int
    end: int
    review: ReviewState


class ReviewProgress(Model):
    """How far a plan's review has come."""

    total: int
    confirmed: int
    corrected: int
    rejected: int
    added: int
    to_review: int


class ReviewSheet(Model):
    """A plan version as its review sees it: every target (lowest confidence first, rejected ones included) and
    task, the progress of each, and the previous version's decisions no record of this one continues."""

    document: Document
    progress: ReviewProgress
    task_progress: ReviewProgress
    targets: list[ReviewedTarget]
    tasks: list[ReviewedTask]
    vanished: list[ReviewedTarget]
