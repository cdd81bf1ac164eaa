"""Reporting cycles (填报周期) and reminders (催报): the office opens a cycle for a period with a due date and the
targets and tasks it covers; each department owes the reports of the items it leads (or, where none leads, of
those it shares); the office sees per department submitted (已报) · submitted late (逾期已报) · partly (部分已报) ·
not yet (未报) · late (逾期), reminds a department (on its page, and by e-mail where SMTP is set), and closes it.

A target counts as reported once its series holds a value for the cycle's period (the department's reporting sheet,
`cycle_sheet`, comes with that period written in and goes back through the ordinary sheet import); a task once its
department reported its progress for the cycle. Roles (auth.policy): administrators and the coordinators of the
cycle's place run cycles; those who see the place read their status; a reporter sees its own department's line only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from greentrack.errors import InvalidField, StateConflict, UsageError
from greentrack.services.scope import acting

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from greentrack.auth import Principal
    from greentrack.ledger.db import Ledger
    from greentrack.ledger.records import CycleItemFact, CycleRecord, ReminderRecord

SUBMITTED, SUBMITTED_LATE, PARTLY, NOT_YET, LATE = "submitted", "submitted_late", "partly", "not_yet", "late"
STATES = (LATE, NOT_YET, PARTLY, SUBMITTED_LATE, SUBMITTED)  # the order a status lists departments in: laggards first
STATE_LABELS = {SUBMITTED: ("已报", "submitted"), SUBMITTED_LATE: ("逾期已报", "submitted late"),
                PARTLY: ("部分已报", "partly submitted"), NOT_YET: ("未报", "not yet"), LATE: ("逾期", "late")}
NAME_CHARS = 64


def state_label(state: str, lang: str = "zh") -> str:
    """已报 / submitted … in the page's language."""
    zh, en = STATE_LABELS[state]
    return zh if lang == "zh" else en


def cn_date(day: dt.date) -> str:
    """A date as people read it in Chinese text: 2026年1月31日."""
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class OwedItem:
    """A target or task a department owes in a cycle, and when it was first reported (None: not yet)."""

    kind: str  # target · task
    item_id: int
    label: str
    reported_at: dt.datetime | None


@dataclass(frozen=True)
class DepartmentLine:
    """One department's line of a cycle's status: what it owes, how much it reported, its state, its last report,
    the reminders it was sent."""

    department_id: int
    department: str
    items: tuple[OwedItem, ...]
    state: str
    last_report: dt.datetime | None
    reminders: tuple[ReminderRecord, ...]

    @property
    def targets(self) -> int:
        """How many targets it owes."""
        return sum(1 for i in self.items if i.kind == "target")

    @property
    def tasks(self) -> int:
        """How many tasks it owes."""
        return sum(1 for i in self.items if i.kind == "task")

    @property
    def owed(self) -> int:
        """How many reports it owes in all."""
        return len(self.items)

    @property
    def reported(self) -> int:
        """How many of them it has made."""
        return sum(1 for i in self.items if i.reported_at is not None)


@dataclass(frozen=True)
class CycleStatus:
    """Where a cycle stands on a date, department by department (laggards first); `unowned` counts the items no
    department answers for."""

    cycle: CycleRecord
    as_of: dt.date
    lines: tuple[DepartmentLine, ...]
    unowned: int

    def count(self, state: str) -> int:
        """How many departments are in this state."""
        return sum(1 for line in self.lines if line.state == state)


@dataclass(frozen=True)
class Owing:
    """What a department owes in one open cycle (its "my work" page)."""

    cycle: CycleRecord
    line: DepartmentLine


@dataclass(frozen=True)
class ReminderSent:
    """A stored reminder and what became of its e-mail: `mailed` False and `mail_error` None when no SMTP server is
    set; `mail_error` names why a mail did not go out (the reminder stays stored and shown)."""

    reminder: ReminderRecord
    mailed: bool
    mail_error: str | None


# ---------------------------------------------------------------- opening, listing, closing


def open_cycle(ledger: Ledger, name: str, jurisdiction: str | None, period: str, due_on: dt.date,
               opens_on: dt.date | None = None, targets: Sequence[int] | None = None,
               tasks: Sequence[int] | None = None, who: Principal | None = None) -> CycleRecord:
    """Open a reporting cycle of a place for `period` (2025, 2026-03) due on `due_on`. It covers the targets and
    tasks given, or (neither given) every current target and task of the place's plans, places below included."""
    from greentrack.auth import require, require_place
    from greentrack.ledger import repository
    from greentrack.ledger.analysis import ledger_jurisdiction

    reader = acting(ledger, who)
    require(reader, "run_cycles")
    name, period = _checked_name(name), _checked_period(period)
    opens_on = opens_on or dt.date.today()
    if due_on < opens_on:
        raise InvalidField("due_on", f"the due date {due_on} is before the cycle opens ({opens_on})")
    jurisdiction = jurisdiction or reader.jurisdiction_code
    if not jurisdiction:
        raise InvalidField("jurisdiction", "name the place whose departments report (金乡县)")
    with ledger.session(reader.name) as session:
        place = ledger_jurisdiction(session, jurisdiction)
        require_place(reader, place.code, place.name)
        target_ids, task_ids = _coverage(session, place.code, targets, tasks)
        if not target_ids and not task_ids:
            raise InvalidField("targets", f"{place.name} has no current target or task for the cycle to cover")
        return repository.cycles.add_cycle(session, name, place.code, period, opens_on, due_on, reader.name,
                                           target_ids, task_ids)


def _checked_name(name: str) -> str:
    text = (name or "").strip()
    if not text or len(text) > NAME_CHARS:
        raise InvalidField("name", f"a cycle needs a name of 1–{NAME_CHARS} characters (2025年度, 2026年第一季度)")
    return text


def _checked_period(period: str) -> str:
    from greentrack.ledger.intake_values import Bad, parse_period

    found = parse_period(str(period or "").strip())
    if isinstance(found, Bad):
        raise InvalidField("period", f"{found.reason} — {found.reason_en} (YYYY or YYYY-MM)")
    return found


def _coverage(session: Session, code: str, targets: Sequence[int] | None,
              tasks: Sequence[int] | None) -> tuple[list[int], list[int]]:
    """The ids of the targets and tasks a cycle covers: those named (each current and of the place), else all."""
    from greentrack.ledger import repository

    current_targets = {t.id for t in repository.documents.current_targets(session, code)}  # places below included
    current_tasks = {t.id for t in repository.documents.current_tasks(session, code)}
    if targets is None and tasks is None:
        return sorted(current_targets), sorted(current_tasks)
    for field, wanted, current in (("targets", targets or (), current_targets), ("tasks", tasks or (), current_tasks)):
        outside = [i for i in wanted if i not in current]
        if outside:
            raise InvalidField(field, f"{', '.join(map(str, outside[:10]))}: not a current {field[:-1]} of this "
                                      "place's plans")
    return sorted(set(targets or ())), sorted(set(tasks or ()))


def list_cycles(ledger: Ledger, jurisdiction: str | None = None, open_only: bool = False,
                who: Principal | None = None) -> list[CycleRecord]:
    """The cycles of the places the reader sees (of one place and those below when named), newest first."""
    from greentrack.auth import require
    from greentrack.ledger import repository
    from greentrack.services.scope import check_place_query

    reader = acting(ledger, who)
    require(reader, "read")
    with ledger.session() as session:
        check_place_query(session, reader, jurisdiction)
        places = reader.places
        if jurisdiction:
            code = repository.places.find_jurisdiction_code(session, jurisdiction)
            under = repository.places.jurisdiction_codes_under(session, code) if code else set()
            places = under if places is None else set(places) & under
        return repository.cycles.list_cycles(session, places, open_only)


def get_cycle(ledger: Ledger, cycle_id: int, who: Principal | None = None) -> CycleRecord:
    """One cycle the reader may see; UnknownCycle or Forbidden otherwise."""
    reader = acting(ledger, who)
    with ledger.session() as session:
        return _readable(session, reader, cycle_id)


def _readable(session: Session, reader: Principal, cycle_id: int, action: str = "read") -> CycleRecord:
    from greentrack.auth import require, require_place
    from greentrack.ledger import repository

    require(reader, action)
    cycle = repository.cycles.get_cycle(session, cycle_id)
    require_place(reader, cycle.jurisdiction_code, cycle.jurisdiction_name)
    return cycle


def close_cycle(ledger: Ledger, cycle_id: int, who: Principal | None = None) -> CycleRecord:
    """Close a cycle (no more reminders; its status stays readable); StateConflict when it is closed already."""
    from greentrack.ledger import repository

    reader = acting(ledger, who)
    with ledger.session(reader.name) as session:
        cycle = _readable(session, reader, cycle_id, "run_cycles")
        if not cycle.open:
            raise StateConflict(f"cycle {cycle_id} ({cycle.name}) was closed already on {cycle.closed_at:%Y-%m-%d}")
        return repository.cycles.close_cycle(session, cycle_id)


# ---------------------------------------------------------------- status


def cycle_status(ledger: Ledger, cycle_id: int, as_of: dt.date | None = None,
                 who: Principal | None = None) -> CycleStatus:
    """Where a cycle stands on `as_of` (today; a closed cycle: the day it was closed), per department; a reporter
    gets its own department's line only."""
    from greentrack.auth import REPORTER

    reader = acting(ledger, who)
    with ledger.session() as session:
        cycle = _readable(session, reader, cycle_id)
        # a closed cycle reads as it stood when it was closed
        as_of = as_of or (cycle.closed_at.date() if cycle.closed_at else dt.date.today())
        status = _status(session, cycle, as_of)
    if reader.role == REPORTER:
        return CycleStatus(cycle, as_of, tuple(line for line in status.lines
                                               if line.department_id == reader.department_id), 0)
    return status


def _status(session: Session, cycle: CycleRecord, as_of: dt.date) -> CycleStatus:
    from greentrack.ledger import repository

    until = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time())  # reports made after as_of do not count
    facts = repository.cycles.cycle_facts(session, cycle.id, until)
    reminders: dict[int, list[ReminderRecord]] = {}
    for reminder in repository.cycles.list_reminders(session, [cycle.id]):
        if reminder.sent_at < until:
            reminders.setdefault(reminder.department_id, []).append(reminder)
    return _lines(cycle, as_of, facts, reminders)


def _lines(cycle: CycleRecord, as_of: dt.date, facts: Sequence[CycleItemFact],
           reminders: dict[int, list[ReminderRecord]]) -> CycleStatus:
    owed: dict[tuple[int, str], list[OwedItem]] = {}
    for fact in facts:
        for department in fact.owers:
            owed.setdefault(department, []).append(OwedItem(fact.kind, fact.item_id, fact.label, fact.reported_at))
    lines = []
    for (department_id, name), items in owed.items():
        times = [i.reported_at for i in items if i.reported_at is not None]
        last = max(times) if times else None
        state = _state(len(items), len(times), last, cycle.due_on, as_of)
        lines.append(DepartmentLine(department_id, name, tuple(items), state, last,
                                    tuple(reminders.get(department_id, ()))))
    lines.sort(key=lambda line: (STATES.index(line.state), -(line.owed - line.reported), line.department))
    return CycleStatus(cycle, as_of, tuple(lines), sum(1 for f in facts if not f.owers))


def _state(owed: int, reported: int, last: dt.datetime | None, due_on: dt.date, as_of: dt.date) -> str:
    """submitted (late when the last report came after the due date), else late past the due date, else partly or
    not yet."""
    if owed and reported == owed and last is not None:
        return SUBMITTED_LATE if last.date() > due_on else SUBMITTED
    if as_of > due_on:
        return LATE
    return PARTLY if reported else NOT_YET


# ---------------------------------------------------------------- a department's side


def owed_by_department(ledger: Ledger, department: str | None = None, as_of: dt.date | None = None,
                       who: Principal | None = None) -> list[Owing]:
    """What a department (a reporter's own when none is named) owes in the open cycles, nearest due date first."""
    from greentrack.ledger import repository

    reader = acting(ledger, who)
    as_of = as_of or dt.date.today()
    with ledger.session() as session:
        department_id, _ = _department(session, reader, department)
        found = []
        for cycle in repository.cycles.list_cycles(session, reader.places, open_only=True):
            for line in _status(session, cycle, as_of).lines:
                if line.department_id == department_id:
                    found.append(Owing(cycle, line))
    return sorted(found, key=lambda o: (o.cycle.due_on, o.cycle.id))


def department_reminders(ledger: Ledger, department: str | None = None, limit: int = 20,
                         who: Principal | None = None) -> list[ReminderRecord]:
    """The newest reminders sent to a department (a reporter's own when none is named), for its page. A reporter
    reading its own department's reminders marks them read (the office sees when); the list shows them as they
    were before, so what is new stays marked new this once."""
    from greentrack.auth import REPORTER
    from greentrack.ledger import repository

    reader = acting(ledger, who)
    with ledger.session() as session:
        department_id, _ = _department(session, reader, department)
        found = repository.cycles.list_reminders(session, department_id=department_id)[:limit]
    if reader.role == REPORTER and reader.department_id == department_id and any(r.read_at is None for r in found):
        with ledger.session(reader.name, write=True) as session:
            repository.cycles.mark_reminders_read(session, department_id, dt.datetime.now(dt.UTC).replace(tzinfo=None))
    return found


def _department(session: Session, reader: Principal, department: str | None) -> tuple[int, str]:
    """The department meant (a reporter: its own, Forbidden for another), once the reader may see it."""
    from greentrack.auth import REPORTER, require
    from greentrack.errors import Forbidden, UnknownDepartment
    from greentrack.ledger import repository
    from greentrack.services.scope import sees_department

    require(reader, "read")
    if reader.role == REPORTER:
        if reader.department_id is None:
            raise Forbidden(f"{reader.name} belongs to no department — ask an administrator")
        named = {d.id for d in repository.departments.find_departments(session, department)} if department else set()
        if department and reader.department_id not in named:
            raise Forbidden(f"{reader.name} 属于 {reader.department}，不能查看 {department} — a reporter sees its own "
                            "department only")
        return reader.department_id, reader.department or ""
    if not department:
        raise UsageError("name the department (住建局)")
    found = [d for d in repository.departments.find_departments(session, department) if sees_department(reader, d)]
    if len({d.id for d in found}) != 1:
        raise UnknownDepartment(department, sorted({d.name for d in found}))
    return found[0].id, found[0].name


# ---------------------------------------------------------------- reminders (催报)


def remind(ledger: Ledger, cycle_id: int, department: str, message: str = "",
           who: Principal | None = None) -> ReminderSent:
    """Remind a department that owes reports in an open cycle: stored (shown on its page), and mailed to its active
    users' addresses where an SMTP server is set; a mail that fails is named in the answer, the reminder stays."""
    from greentrack.ledger import repository
    from greentrack.services.mail import send_mail

    reader = acting(ledger, who)
    with ledger.session(reader.name) as session:
        cycle = _readable(session, reader, cycle_id, "run_cycles")
        if not cycle.open:
            raise StateConflict(f"cycle {cycle_id} ({cycle.name}) is closed — a closed cycle sends no reminders")
        line = _owing_line(session, cycle, department)
        text = (message or "").strip() or (f"请于{cn_date(cycle.due_on)}前完成「{cycle.name}」填报：尚有 "
                                           f"{line.owed - line.reported} 项未报（共 {line.owed} 项）。")
        reminder = repository.cycles.add_reminder(session, cycle.id, line.department_id, text, reader.name)
        addresses = repository.cycles.department_emails(session, line.department_id)
    mail = send_mail(addresses, f"催报：{cycle.name}（{line.department}）", f"{line.department}：\n\n{text}\n\n"
                     f"—— {cycle.jurisdiction_name or ''} {reader.name}")
    if mail.sent_to:
        with ledger.session(reader.name) as session:
            reminder = repository.cycles.set_emailed(session, reminder.id, mail.sent_to)
    return ReminderSent(reminder, bool(mail.sent_to), mail.error)


def _owing_line(session: Session, cycle: CycleRecord, department: str) -> DepartmentLine:
    """The status line of the department `department` names among those owing in the cycle."""
    from greentrack.errors import UnknownDepartment
    from greentrack.ledger import repository

    lines = _status(session, cycle, dt.date.today()).lines
    if not (department or "").strip():
        raise InvalidField("department", "name the department (住建局)")
    named = {d.id for d in repository.departments.find_departments(session, department)}
    if not named:
        raise UnknownDepartment(department, [line.department for line in lines][:5])
    found = [line for line in lines if line.department_id in named]
    if len(found) != 1:
        owing = "、".join(line.department for line in lines[:5])
        raise InvalidField("department", f"{department} owes no report in cycle {cycle.id} ({cycle.name})"
                           if not found else f"{department} names several departments of cycle {cycle.id}: "
                           f"{owing} — name one", [line.department for line in lines][:5])
    return found[0]


# ---------------------------------------------------------------- the department's reporting sheet


@dataclass(frozen=True)
class CycleSheet:
    """A department's reporting workbook for a cycle: its file name, bytes, and how many targets it lists."""

    name: str
    data: bytes
    department: str
    targets: int


def cycle_sheet(ledger: Ledger, cycle_id: int, department: str | None = None,
                who: Principal | None = None) -> CycleSheet:
    """The reporting workbook (填报表) of a department for a cycle: the targets it owes there, the cycle's period
    written in; filled, it goes back through the ordinary sheet import (`greentrack import`, 上传)."""
    import tempfile
    from pathlib import Path

    from greentrack.auth import REPORTER
    from greentrack.ledger import repository
    from greentrack.ledger.intake import intake_target, write_template

    reader = acting(ledger, who)
    with ledger.session() as session:
        cycle = _readable(session, reader, cycle_id, "template")
        if reader.role == REPORTER:
            own, _ = _department(session, reader, department)
            line = next((x for x in _status(session, cycle, dt.date.today()).lines if x.department_id == own), None)
            if line is None:
                raise InvalidField("department", f"{reader.department} owes no report in cycle {cycle.id} "
                                                 f"({cycle.name})")
        else:
            line = _owing_line(session, cycle, department or "")
        ids = [i.item_id for i in line.items if i.kind == "target"]
        targets = [intake_target(r) for r in repository.documents.targets_by_ids(session, ids)]
    with tempfile.TemporaryDirectory(prefix="greentrack-sheet-") as folder:
        path = Path(folder) / "sheet.xlsx"
        write_template(path, line.department, targets, period=cycle.period)
        data = path.read_bytes()
    return CycleSheet(f"{cycle.name}-{line.department}-填报表.xlsx", data, line.department, len(targets))
