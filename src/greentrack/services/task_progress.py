"""Task progress (任务进展): the plans' dated tasks with a state, a note and evidence files, reported by the
departments answering for them; overdue tasks warn like targets (docs/supervision.md "Task states").

A report stores a state — not_started 未开始 · in_progress 推进中 · done 已完成 — and the newest report is the task's
state. 逾期 (overdue) is never stored: a task whose deadline has passed on `as_of` and that is not done is overdue
(a task with a year and no date is due at the end of that year). Only the task's own departments' reporters,
the coordinators of its place and administrators report; a note is required for `done` and for an overdue task
(what was done, or why it is late); every evidence file is checked before anything is stored, and the report and
its files are one transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from greentrack.errors import InvalidField
from greentrack.services.scope import acting, check_place_query, own_department

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from greentrack.auth import Principal
    from greentrack.ledger.db import Ledger
    from greentrack.ledger.records import EvidenceRecord, TaskProgressRecord, TaskRecord
    from greentrack.models import Task

NOT_STARTED, IN_PROGRESS, DONE, OVERDUE = "not_started", "in_progress", "done", "overdue"
REPORTED = (NOT_STARTED, IN_PROGRESS, DONE)  # what a department reports
STATES = (*REPORTED, OVERDUE)  # what a task shows: 逾期 is computed
STATE_LABELS: dict[str, tuple[str, str]] = {
    NOT_STARTED: ("未开始", "not started"), IN_PROGRESS: ("推进中", "in progress"), DONE: ("已完成", "done"),
    OVERDUE: ("逾期", "overdue"),
}
SOON_DAYS = 90  # a task due within this many days and not started warns yellow


def chinese_date(day: date) -> str:
    """A date as people read it in Chinese text (2025年12月31日)."""
    return f"{day.year}年{day.month}月{day.day}日"


def due_of(task: Task) -> date | None:
    """The day a task is due: its deadline, else the end of its year, else None."""
    if task.deadline:
        try:
            return date.fromisoformat(task.deadline)
        except ValueError:
            pass  # a deadline the extractor wrote as YYYY-MM falls back on the year
    return date(task.year, 12, 31) if task.year else None


def state_on(reported: str | None, due: date | None, as_of: date) -> str:
    """The state a task shows on `as_of`: the one reported (not_started before any report), or overdue when its
    due day has passed and it is not done."""
    state = reported or NOT_STARTED
    if state != DONE and due is not None and due < as_of:
        return OVERDUE
    return state


@dataclass(frozen=True)
class TaskState:
    """A task as it stands on `as_of`: its state (overdue computed), when it is due, the newest report."""

    record: TaskRecord
    state: str
    due: date | None
    days_left: int | None
    latest: TaskProgressRecord | None

    @property
    def state_zh(self) -> str:
        """The state in Chinese (逾期 …)."""
        return STATE_LABELS[self.state][0]


@dataclass(frozen=True)
class TaskReport:
    """One report on a task with its evidence files."""

    progress: TaskProgressRecord
    evidence: tuple[EvidenceRecord, ...]


@dataclass(frozen=True)
class TaskProgress:
    """A task's state on `as_of` and its reports, newest first."""

    as_of: date
    current: TaskState
    history: tuple[TaskReport, ...]


@dataclass(frozen=True)
class TaskList:
    """Tasks as they stand on `as_of` (filtered by state when asked) and how many of all matching are in each
    state (before the state filter, so a page can show every count)."""

    as_of: date
    items: tuple[TaskState, ...]
    counts: dict[str, int]


@dataclass(frozen=True)
class TaskWarning:
    """A task that needs attention: red when overdue, yellow when due within SOON_DAYS and not started."""

    task_id: int
    text: str
    severity: str
    state: str
    due: date | None
    days_left: int | None
    jurisdiction_name: str | None
    departments: tuple[str, ...]
    lead_departments: tuple[str, ...]
    message: str
    message_en: str


def _state(record: TaskRecord, latest: TaskProgressRecord | None, as_of: date) -> TaskState:
    due = due_of(record.task)
    return TaskState(record, state_on(latest.state if latest else None, due, as_of), due,
                     (due - as_of).days if due else None, latest)


def _sees_task(session: Session, reader: Principal, record: TaskRecord) -> None:
    """Forbidden unless the reader may see the task: a reporter its department's, others their place's."""
    from greentrack.auth import REPORTER, require_place
    from greentrack.errors import Forbidden
    from greentrack.ledger import repository

    if reader.role == REPORTER:
        if reader.department_id not in repository.task_progress.task_department_ids(session, record.id):
            raise Forbidden(f"任务 {record.id} 不属于 {reader.department or '你的部门'} — task {record.id} is answered "
                            f"for by {'、'.join(record.departments) or 'no department'}; a reporter sees and reports "
                            "only its own department's tasks")
        return
    require_place(reader, record.jurisdiction_code, record.jurisdiction_name)


def _task(session: Session, reader: Principal, task_id: int) -> TaskRecord:
    from greentrack.ledger import repository

    record = repository.review.get_task(session, task_id)
    _sees_task(session, reader, record)
    return record


def list_tasks(ledger: Ledger, jurisdiction: str | None = None, department: str | None = None,
               state: str | None = None, as_of: date | None = None, who: Principal | None = None) -> TaskList:
    """The current tasks `who` may see (a reporter: its department's), optionally under a place, for a department,
    in one state; with the count per state."""
    from greentrack.auth import REPORTER, require, sees_place
    from greentrack.ledger import repository
    from greentrack.services.filters import check_filters

    reader = acting(ledger, who)
    require(reader, "read")
    if state and state not in STATES:
        raise InvalidField("state", f"unknown task state {state!r} — use one of {', '.join(STATES)}")
    department = own_department(ledger, reader, department) if department else department
    check_filters(ledger, jurisdiction, department)
    day = as_of or date.today()
    with ledger.session() as session:
        check_place_query(session, reader, jurisdiction)
        ids: set[int] | None = None
        if reader.role == REPORTER:
            ids = {reader.department_id} if reader.department_id is not None else set()
        elif department:
            ids = {d.id for d in repository.departments.find_departments(session, department)}
        records = [r for r in repository.task_progress.tasks_of(session, jurisdiction, ids)
                   if sees_place(reader, r.jurisdiction_code) or reader.role == REPORTER]
        latest = repository.task_progress.latest_progress(session, [r.id for r in records])
    found = [_state(r, latest.get(r.id), day) for r in records]
    counts = Counter(t.state for t in found)
    return TaskList(day, tuple(t for t in found if not state or t.state == state),
                    {s: counts.get(s, 0) for s in STATES})


def task_state(ledger: Ledger, task_id: int, as_of: date | None = None, who: Principal | None = None) -> TaskState:
    """One task as it stands on `as_of`; UnknownTask, or Forbidden when `who` may not see it."""
    from greentrack.auth import require
    from greentrack.ledger import repository

    reader = acting(ledger, who)
    require(reader, "read")
    with ledger.session() as session:
        record = _task(session, reader, task_id)
        latest = repository.task_progress.latest_progress(session, [task_id]).get(task_id)
    return _state(record, latest, as_of or date.today())


def task_history(ledger: Ledger, task_id: int, as_of: date | None = None,
                 who: Principal | None = None) -> TaskProgress:
    """A task's state and every report on it, newest first, each with its evidence files."""
    from greentrack.auth import require
    from greentrack.ledger import repository

    reader = acting(ledger, who)
    require(reader, "read")
    with ledger.session() as session:
        record = _task(session, reader, task_id)
        history = repository.task_progress.task_history(session, task_id)
        files = repository.evidence.list_evidence(session, "task_progress", [h.id for h in history])
    day = as_of or date.today()
    return TaskProgress(day, _state(record, history[0] if history else None, day),
                        tuple(TaskReport(h, tuple(files.get(h.id, ()))) for h in history))


def report_task(ledger: Ledger, task_id: int, state: str, note: str = "",
                files: Sequence[tuple[str | None, bytes]] = (), cycle_id: int | None = None,
                as_of: date | None = None, who: Principal | None = None) -> TaskReport:
    """Report a task's state with a note and evidence files, as `who` (its department's reporter, a coordinator of
    its place, an administrator). Refused, with nothing stored: another department's reporter (Forbidden), a state
    not reported (InvalidField), no note for `done` or an overdue task, a rejected task (StateConflict), an
    unknown cycle, a closed one or one that does not ask for the task (StateConflict), any evidence file that
    fails its checks (EvidenceRefused)."""
    from greentrack.auth import REPORTER, require
    from greentrack.errors import StateConflict
    from greentrack.ledger import repository
    from greentrack.services.evidence import check_evidence

    reader = acting(ledger, who)
    require(reader, "report_task")
    state = (state or "").strip()
    if state not in REPORTED:
        raise InvalidField("state", f"unknown task state {state!r} — report one of {', '.join(REPORTED)} "
                                    "(未开始 · 推进中 · 已完成; 逾期 is computed)")
    note = (note or "").strip()
    day = as_of or date.today()
    with ledger.session(reader.name, write=True) as session:
        record = _task(session, reader, task_id)
        if record.review.state == "rejected":
            raise StateConflict(f"任务 {task_id} 已在审核中剔除 — task {task_id} was rejected in review "
                                f"({record.review.reason or 'no reason given'}); it takes no progress reports")
        due = due_of(record.task)
        if not note and state == DONE:
            raise InvalidField("note", "说明必填 a note is required to report a task done — say what was done "
                                       "(the office reads it with the evidence)")
        if not note and due is not None and due < day:
            raise InvalidField("note", f"说明必填 task {task_id} is overdue (due {due.isoformat()}) — say why it is "
                                       "late and when it will be done")
        if cycle_id is not None:
            repository.task_progress.check_cycle(session, cycle_id, task_id)
        checked = [check_evidence(name, data) for name, data in files]  # every file, before anything is stored
        department_id = reader.department_id if reader.role == REPORTER else None
        progress = repository.task_progress.add_progress(session, task_id, state, note, department_id, cycle_id,
                                                         reader.name)
        evidence = tuple(repository.evidence.add_evidence(session, "task_progress", progress.id, c.name,
                                                          c.media_type, c.data, c.sha256, reader.name)
                         for c in checked)
    return TaskReport(progress, evidence)


def warnings_of(tasks: Sequence[TaskState]) -> tuple[TaskWarning, ...]:
    """The tasks that warn: overdue (red, longest overdue first), then due within SOON_DAYS and not started
    (yellow, soonest first)."""
    found = []
    for t in tasks:
        if t.due is None or t.days_left is None:
            continue
        when = chinese_date(t.due)
        if t.state == OVERDUE:
            late = -t.days_left
            reported = f"，最新进展：{STATE_LABELS[t.latest.state][0]}" if t.latest else "，未报告进展"
            found.append(_warning(t, "red", f"任务逾期{late}天未完成（完成时限{when}）{reported}",
                                  f"task overdue by {late} days (due {t.due.isoformat()})"
                                  + (f", last reported {STATE_LABELS[t.latest.state][1]}" if t.latest
                                     else ", no progress reported")))
        elif t.state == NOT_STARTED and 0 <= t.days_left <= SOON_DAYS:
            found.append(_warning(t, "yellow", f"距完成时限{when}还有{t.days_left}天，任务尚未开始",
                                  f"due in {t.days_left} days ({t.due.isoformat()}) and not started"))
    return tuple(sorted(found, key=lambda w: (w.severity != "red", w.days_left or 0, w.task_id)))


def _warning(t: TaskState, severity: str, message: str, message_en: str) -> TaskWarning:
    r = t.record
    return TaskWarning(r.id, r.task.text, severity, t.state, t.due, t.days_left, r.jurisdiction_name, r.departments,
                       r.lead_departments, message, message_en)


def task_warnings(ledger: Ledger, as_of: date | None = None, jurisdiction: str | None = None,
                  department: str | None = None, who: Principal | None = None) -> tuple[TaskWarning, ...]:
    """The tasks `who` may see that warn on `as_of` (overdue: red; due soon and not started: yellow)."""
    return warnings_of(list_tasks(ledger, jurisdiction, department, None, as_of, who).items)
