"""Plain records of supervision items (督办事项) as the ledger hands them out: the item with its subjects and
departments, its answers with their evidence, its timeline (docs/supervision.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from greentrack.ledger.records import EvidenceRecord

OPEN, ANSWERED, RETURNED, CLOSED, ESCALATED = "open", "answered", "returned", "closed", "escalated"
ITEM_STATES = (OPEN, ANSWERED, RETURNED, CLOSED, ESCALATED)
UNANSWERED = (OPEN, RETURNED)  # states in which the departments owe an answer (and escalate past the deadline)
STATE_LABELS = {OPEN: ("待答复", "open"), ANSWERED: ("已答复", "answered"), RETURNED: ("已退回", "returned"),
                CLOSED: ("已销号", "closed"), ESCALATED: ("已升级/约谈", "escalated")}
SYSTEM = "system"  # the actor of steps nobody took by hand (an item escalating by itself past its deadline)


@dataclass(frozen=True)
class SupervisionSubject:
    """A target or task an item is about, with what it asks (指标 ≥70%（2025年） or the task's text and deadline)."""

    target_id: int | None
    task_id: int | None
    label: str
    figures: str


@dataclass(frozen=True)
class SupervisionDepartment:
    """A department an item is addressed to: the lead (牵头) answers, the others (配合) contribute."""

    department_id: int
    name: str
    lead: bool


@dataclass(frozen=True)
class SupervisionAnswer:
    """A department's answer: 进展情况, 存在问题, 整改措施, 完成时限, and its evidence files."""

    id: int
    item_id: int
    department_id: int | None
    department: str | None
    progress: str
    problems: str
    measures: str
    complete_by: dt.date
    answered_by: str
    answered_at: dt.datetime
    evidence: tuple[EvidenceRecord, ...] = ()


@dataclass(frozen=True)
class SupervisionEvent:
    """One step of an item's timeline: who, when, what (created · issued · answered · returned · closed ·
    escalated), and its note (a reason, a 约谈 record)."""

    id: int
    at: dt.datetime
    actor: str
    action: str
    note: str


@dataclass(frozen=True)
class SupervisionItem:
    """A supervision item with its subjects and departments (its answers and timeline come apart)."""

    id: int
    jurisdiction_code: str | None
    jurisdiction_name: str | None
    title: str
    requirement: str
    answer_due: dt.date
    state: str
    source: str
    severity: str | None
    issuer: str | None
    doc_number: str | None
    issued_on: dt.date | None
    created_by: str
    created_at: dt.datetime
    closed_at: dt.datetime | None
    escalated_at: dt.datetime | None
    subjects: tuple[SupervisionSubject, ...] = ()
    departments: tuple[SupervisionDepartment, ...] = ()

    @property
    def leads(self) -> tuple[SupervisionDepartment, ...]:
        """The lead departments (牵头)."""
        return tuple(d for d in self.departments if d.lead)

    @property
    def supporting(self) -> tuple[SupervisionDepartment, ...]:
        """The supporting departments (配合)."""
        return tuple(d for d in self.departments if not d.lead)

    def overdue(self, as_of: dt.date) -> bool:
        """Past its answer deadline and still owed an answer (escalated by itself, or about to be)."""
        return self.state in (*UNANSWERED, ESCALATED) and self.answer_due < as_of


@dataclass(frozen=True)
class SupervisionDetail:
    """One item as its page shows it: the item, the answers (newest last) and the timeline (oldest first)."""

    item: SupervisionItem
    answers: tuple[SupervisionAnswer, ...]
    events: tuple[SupervisionEvent, ...]
