"""The API models of supervision items (督办事项): what the office sends to create, issue, close, return and
escalate one, and the items, answers, evidence and timeline it gets back (docs/supervision.md)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field

from greentrack.web.api import MAX_ID
from greentrack.web.schemas import Model

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
STATES = "open 待答复 · answered 已答复 · returned 已退回 · closed 已销号 · escalated 已升级/约谈"


class NewItem(Model):
    """An item made by hand: what it asks, by when, about which targets and tasks, of which departments."""

    title: str = Field(description="the 督办函's title")
    requirement: str = Field(description="what the departments must do and report")
    answer_due: dt.date = Field(description="the answer deadline (YYYY-MM-DD)")
    targets: list[Id] = Field(default_factory=list, description="ids of the targets it is about")
    tasks: list[Id] = Field(default_factory=list, description="ids of the tasks it is about")
    lead: list[str] = Field(description="the lead departments (牵头), who answer; at least one")
    support: list[str] = Field(default_factory=list, description="the supporting departments (配合)")


class FromWarning(Model):
    """An item from a target's current warning: its departments and severity; title and requirement drafted."""

    target_id: int = Field(ge=1, le=MAX_ID, description="the warned target")
    answer_due: dt.date = Field(description="the answer deadline (YYYY-MM-DD)")
    requirement: str | None = Field(None, description="what to ask instead of the draft from the warning")
    title: str | None = Field(None, description="a title instead of the draft")


class Issue(Model):
    """The 督办函's 发文机关, 文号 and 成文日期, set by the office."""

    issuer: str = Field(description="发文机关 (金乡县人民政府督查室)")
    doc_number: str = Field(description="文号 (金督办〔2026〕3号)")
    issued_on: dt.date | None = Field(None, description="成文日期 (YYYY-MM-DD); today when not sent")


class Closing(Model):
    """Closing an answered item (销号), with an optional note."""

    note: str = Field("", description="a remark kept in the timeline")


class Returning(Model):
    """Sending an answer back (退回): why."""

    reason: str = Field(description="what the answer lacks; the department answers again")


class Escalation(Model):
    """Escalating (约谈): the record — who was met, when, what was agreed."""

    record: str = Field(description="the 约谈 record")


class Subject(Model):
    """A target or task the item is about, with what it asks."""

    target_id: int | None
    task_id: int | None
    label: str
    figures: str


class Department(Model):
    """A department the item is addressed to."""

    department_id: int
    name: str
    lead: bool = Field(description="牵头 (answers) rather than 配合 (contributes)")


class Evidence(Model):
    """An evidence file (佐证材料): download it at `url`."""

    id: int
    name: str
    media_type: str
    size: int
    sha256: str
    uploaded_by: str
    uploaded_at: str = Field(description="UTC, ISO 8601")
    url: str


class Answer(Model):
    """A department's answer: 进展情况, 存在问题, 整改措施, 完成时限, and its evidence."""

    id: int
    department_id: int | None
    department: str | None
    progress: str
    problems: str
    measures: str
    complete_by: dt.date
    answered_by: str
    answered_at: str = Field(description="UTC, ISO 8601")
    evidence: list[Evidence]


class Event(Model):
    """One step of the timeline."""

    at: str = Field(description="UTC, ISO 8601")
    actor: str = Field(description="who (system: by itself past the deadline)")
    action: str = Field(description="created · issued · answered · returned · closed · escalated")
    note: str


class Item(Model):
    """A supervision item."""

    id: int
    jurisdiction_code: str | None
    jurisdiction_name: str | None
    title: str
    requirement: str
    answer_due: dt.date
    state: str = Field(description=STATES)
    overdue: bool = Field(description="past its answer deadline and still owed an answer")
    source: str = Field(description="manual or warning")
    severity: str | None = Field(description="the warning's (red, orange, yellow) when made from one")
    issuer: str | None
    doc_number: str | None
    issued_on: dt.date | None
    created_by: str
    created_at: str = Field(description="UTC, ISO 8601")
    closed_at: str | None
    escalated_at: str | None
    subjects: list[Subject]
    departments: list[Department]
    letter_url: str = Field(description="the 督办函 as a Word document")


class ItemDetail(Model):
    """One item with its answers and timeline."""

    item: Item
    answers: list[Answer]
    events: list[Event]


class ItemList(Model):
    """The items the user may see, newest first."""

    total: int
    items: list[Item]
