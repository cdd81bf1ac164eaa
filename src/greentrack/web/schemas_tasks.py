"""The API models of task progress (任务进展): a task's state, its reports with their evidence files, the task
list with counts per state, and the tasks that warn (docs/supervision.md "Task states")."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field

from greentrack.services.task_progress import STATES
from greentrack.web.schemas import Model

TaskStateCode = StrEnum("TaskStateCode", {code: code for code in STATES})  # type: ignore[misc]
STATE = "not_started 未开始 · in_progress 推进中 · done 已完成 · overdue 逾期 (computed)"


class EvidenceFile(Model):
    """An evidence file (佐证材料) as listed; its bytes download from `url`."""

    id: int
    name: str
    media_type: str
    size: int = Field(description="bytes")
    sha256: str
    uploaded_by: str
    uploaded_at: str = Field(description="UTC, ISO 8601")
    url: str = Field(description="where the file downloads (/api/v1/evidence/{id})")


class TaskReport(Model):
    """One report on a task: the state reported, the note, who reported for which department and cycle, its files."""

    id: int
    state: str = Field(description="not_started · in_progress · done")
    state_zh: str
    note: str
    department: str | None = Field(description="the department it reports for (none: the office reported)")
    cycle_id: int | None
    reported_by: str
    reported_at: str = Field(description="UTC, ISO 8601")
    evidence: list[EvidenceFile]


class TaskState(Model):
    """A task as it stands on the day asked: its state (overdue computed), when it is due, its newest report."""

    id: int
    document_id: int
    document_title: str | None
    jurisdiction_code: str | None
    jurisdiction_name: str | None
    text: str
    quote: str
    year: int | None
    deadline: str | None
    due: date | None = Field(description="the deadline, else the end of the task's year")
    days_left: int | None = Field(description="days to the due day on as_of (negative: overdue)")
    departments: list[str] = Field(description="canonical names of the departments answering for it")
    lead_departments: list[str]
    state: str = Field(description=STATE)
    state_zh: str
    latest: TaskReport | None = Field(description="the newest report (without its files)")


class TaskPage(Model):
    """Tasks on `as_of`, one page, and how many of all matching tasks are in each state (before the state filter)."""

    as_of: date
    total: int
    limit: int
    offset: int
    counts: dict[str, int]
    items: list[TaskState]


class TaskProgress(Model):
    """A task's state and every report on it, newest first, each with its evidence files."""

    as_of: date
    task: TaskState
    history: list[TaskReport]


class TaskWarning(Model):
    """A task that needs attention: red when overdue, yellow when due within 90 days and not started."""

    task_id: int
    text: str
    severity: str = Field(description="red · yellow")
    severity_zh: str
    state: str
    due: date | None
    days_left: int | None
    jurisdiction_name: str | None
    departments: list[str]
    lead_departments: list[str]
    message: str = Field(description="in Chinese, with the figures")
    message_en: str


class TaskWarnings(Model):
    """The tasks that warn on `as_of`: overdue first (longest overdue first), then those due soon."""

    as_of: date
    items: list[TaskWarning]
