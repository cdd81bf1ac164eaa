"""The API models of reporting cycles (填报周期) and reminders (催报): a cycle opened, listed, its status per
department, a reminder sent (docs/supervision.md)."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from greentrack.web.schemas import Model

STATE = "submitted 已报 · submitted_late 逾期已报 · partly 部分已报 · not_yet 未报 · late 逾期"


class NewCycle(Model):
    """A cycle to open: its name, place, the period values are reported for, its due date, and what it covers
    (every current target and task of the place's plans when neither `targets` nor `tasks` is given)."""

    name: str = Field(min_length=1, max_length=64, description="2025年度, 2026年第一季度")
    jurisdiction: str | None = Field(None, description="the place (金乡县, 370828); a coordinator's own by default")
    period: str = Field(description="the observation period reported: YYYY or YYYY-MM")
    due_on: date = Field(description="the due date (YYYY-MM-DD)")
    opens_on: date | None = Field(None, description="when it opens (today by default)")
    targets: list[int] | None = Field(None, description="ids of the current targets it covers")
    tasks: list[int] | None = Field(None, description="ids of the current tasks it covers")


class Cycle(Model):
    """A reporting cycle."""

    id: int
    name: str
    jurisdiction_code: str | None
    jurisdiction: str | None
    period: str
    opens_on: date
    due_on: date
    created_by: str
    created_at: str = Field(description="UTC, ISO 8601 with Z")
    closed_at: str | None = Field(description="UTC; null while open")
    open: bool
    targets: int = Field(description="how many targets it covers")
    tasks: int = Field(description="how many tasks it covers")


class CycleList(Model):
    """The cycles of the places the user sees, newest first."""

    items: list[Cycle]


class State(Model):
    """A department's state in a cycle, with its labels."""

    code: str = Field(description=STATE)
    zh: str
    en: str


class OwedItem(Model):
    """A target or task a department owes, and when it was first reported (null: not yet)."""

    kind: str = Field(description="target or task")
    id: int
    label: str
    reported_at: str | None


class Reminder(Model):
    """A reminder (催报) sent to a department."""

    id: int
    cycle_id: int
    cycle: str
    department_id: int
    department: str
    message: str
    sent_by: str
    sent_at: str = Field(description="UTC, ISO 8601 with Z")
    emailed_to: list[str] = Field(description="the addresses it was mailed to; empty: not mailed")
    read_at: str | None = Field(None, description="when the department's reporter first saw it (UTC); null: unread")


class DepartmentLine(Model):
    """One department's line: what it owes, what it reported, its state, its last report, its reminders."""

    department_id: int
    department: str
    targets: int
    tasks: int
    owed: int
    reported: int
    state: State
    last_report: str | None
    reminders: list[Reminder]
    items: list[OwedItem]


class CycleStatus(Model):
    """Where a cycle stands on a date, per department, laggards first (a reporter: its own line only)."""

    cycle: Cycle
    as_of: date
    counts: dict[str, int] = Field(description="departments per state")
    unowned: int = Field(description="items no department answers for")
    departments: list[DepartmentLine]


class NewReminder(Model):
    """A reminder to send: the department (as written or canonical) and an optional message."""

    department: str = Field(min_length=1, max_length=128, description="住建局, 金乡县住房和城乡建设局")
    message: str = Field("", max_length=2000, description="the text; a standard one naming the due date if empty")


class ReminderSent(Model):
    """The stored reminder, and what became of its e-mail (`mail_error` names a failure; the reminder stays)."""

    reminder: Reminder
    mailed: bool
    mail_error: str | None
