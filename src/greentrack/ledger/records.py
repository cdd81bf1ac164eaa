"""Plain records the ledger hands out: callers (services, CLI, web, track) never see ORM rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from greentrack.models import Target, Task


@dataclass(frozen=True)
class DocumentRecord:
    """One stored version of a plan."""

    id: int
    name: str
    title: str | None
    doc_number: str | None
    issuer: str | None
    issue_date: str | None
    jurisdiction_code: str | None
    jurisdiction_name: str | None
    version: int
    previous_id: int | None
    content_hash: str
    targets: int
    tasks: int


EXTRACTED, CONFIRMED, CORRECTED, REJECTED, ADDED = "extracted", "confirmed", "corrected", "rejected", "added"
REVIEW_STATES = (EXTRACTED, CONFIRMED, CORRECTED, REJECTED, ADDED)
UNREVIEWED_MARK = "未审核"  # what lists, exports and reports write beside machine output nobody has checked
REVIEW_LABELS = {EXTRACTED: (UNREVIEWED_MARK, "unreviewed"), CONFIRMED: ("已确认", "confirmed"),
                 CORRECTED: ("已修正", "corrected"), REJECTED: ("已剔除", "rejected"), ADDED: ("已补录", "added")}


@dataclass(frozen=True)
class Review:
    """A person's decision on a target or task (docs/review.md).

    `state` is one of REVIEW_STATES (`extracted`: as the machine found it, nobody has checked it); `reason` says
    why it was rejected; `previous` is the decision the previous version of the plan held when its statement
    changed (so the record went back to review), shown beside it; `previous_id` the record it continues.
    """

    state: str = EXTRACTED
    reason: str | None = None
    by: str | None = None
    at: dt.datetime | None = None
    previous: dict[str, Any] | None = None
    previous_id: int | None = None

    @property
    def unreviewed(self) -> bool:
        """True for machine output nobody has checked (marked 未审核 wherever it shows)."""
        return self.state == EXTRACTED


UNTOUCHED = Review()  # the review of a record nobody has looked at


@dataclass(frozen=True)
class ReviewProgress:
    """How far the review of a plan's targets (or tasks) has come: records in all, and in each state."""

    total: int = 0
    confirmed: int = 0
    corrected: int = 0
    rejected: int = 0
    added: int = 0
    to_review: int = 0

    @property
    def reviewed(self) -> int:
        """Records a person has decided on (rejected ones included)."""
        return self.total - self.to_review


@dataclass(frozen=True)
class TargetRecord:
    """A stored target: the extracted record, where it belongs, how it resolved, who answers for it.

    `departments` and `lead_departments` are the canonical department names (金乡县住房和城乡建设局);
    `target.departments` keeps them as written.
    """

    id: int
    document_id: int
    document_title: str | None
    document_version: int
    document_issue_date: str | None
    jurisdiction_code: str | None
    jurisdiction_name: str | None
    target: Target
    indicator_id: str | None
    resolution_score: float
    canonical_value: float | None
    canonical_unit: str | None
    unit_problem: str | None
    departments: tuple[str, ...]
    lead_departments: tuple[str, ...]
    review: Review = UNTOUCHED
    series_key: str | None = None  # set when a person shared or split its series (ledger/series.py)
    reporting: str | None = None  # the stored reporting rule (annual · running); None: by its kind
    # Where it names no unit itself: the units its plan names for the same catalog indicator elsewhere (the
    # indicator table's 责任部门 beside a sentence restating the row).
    indicator_units: tuple[str, ...] = ()

    @property
    def responsible(self) -> tuple[str, ...]:
        """Who answers for it: the lead units (牵头), else the first unit the plan names for it (责任单位), else
        the first its plan names for the same indicator."""
        return self.lead_departments or self.departments[:1] or self.indicator_units[:1]

    @property
    def responsible_named_first(self) -> bool:
        """True when no unit leads and the first named one answers (shown as 责任单位, never as 牵头)."""
        return not self.lead_departments and bool(self.departments or self.indicator_units)

    @property
    def observation_key(self) -> str:
        """The series its values are read from: the one a person chose, else its default (ledger/series.py)."""
        from greentrack.ledger.series import default_series_key

        return self.series_key or default_series_key(self.jurisdiction_code, self.indicator_id, self.target.kind,
                                                     self.target.scope, self.id, self.target.indicator)

    @property
    def reporting_rule(self) -> str | None:
        """annual (当年新增) or running (累计) for a cumulative target; None for one whose values are levels."""
        from greentrack.ledger.series import reporting_rule

        return reporting_rule(self.target.kind, self.reporting)


@dataclass(frozen=True)
class TaskRecord:
    """A stored dated task (…底前全面完成…): the extracted record, its plan and place, who answers for it.

    `departments` and `lead_departments` are canonical names; `task.departments` keeps them as written.
    """

    id: int
    document_id: int
    document_title: str | None
    document_issue_date: str | None
    jurisdiction_code: str | None
    jurisdiction_name: str | None
    task: Task
    departments: tuple[str, ...]
    lead_departments: tuple[str, ...]
    review: Review = UNTOUCHED


@dataclass(frozen=True)
class TaskProgressRecord:
    """A department's report on a task (task_progress): its state (not_started · in_progress · done), the note,
    the department and cycle it reports for, who reported it and when."""

    id: int
    task_id: int
    state: str
    note: str
    department_id: int | None
    department: str | None
    cycle_id: int | None
    reported_by: str
    reported_at: dt.datetime


@dataclass(frozen=True)
class ObservationRecord:
    """A reported value: for a jurisdiction and catalog indicator, or for one target (unresolved indicator)."""

    id: int
    jurisdiction_code: str | None
    indicator_id: str | None
    target_id: int | None
    period: str
    period_end: dt.date
    value: float
    unit: str
    value_written: float
    unit_written: str
    source: str
    reporter: str
    note: str
    illustrative: bool
    series: str = ""  # the key of the series it belongs to
    change_reason: str | None = None
    withdrawn_at: dt.datetime | None = None
    withdrawn_by: str | None = None
    recorded_at: dt.datetime | None = None

    @property
    def withdrawn(self) -> bool:
        """A withdrawn value counts in no status; it stays in the history."""
        return self.withdrawn_at is not None


@dataclass(frozen=True)
class NewObservation:
    """An observation to write: to `series_key` (with `target_id` for the target it was reported for); or, as
    values were written before series, by `indicator_id` (with `jurisdiction_code`: every series of that
    indicator there) or `target_id` alone (the target's own)."""

    period: str
    value: float
    unit: str
    jurisdiction_code: str | None = None
    indicator_id: str | None = None
    target_id: int | None = None
    value_written: float | None = None
    unit_written: str | None = None
    source: str = ""
    reporter: str = ""
    note: str = ""
    illustrative: bool = False
    series_key: str | None = None


@dataclass(frozen=True)
class SectionRecord:
    """A heading of a stored outline: its position, parent, numbering, title, path and the span it governs."""

    position: int
    parent_position: int | None
    level: int
    number: str
    title: str
    path: tuple[str, ...]
    start: int
    end: int


@dataclass(frozen=True)
class DepartmentRecord:
    """A canonical department and the jurisdiction it belongs to."""

    id: int
    name: str
    registry_id: str | None
    jurisdiction_code: str | None


@dataclass(frozen=True)
class UserRecord:
    """A user: name, role and department (minimal until user management arrives)."""

    id: int
    name: str
    role: str
    department: str | None


@dataclass(frozen=True)
class AuditRecord:
    """One audit entry: who changed which entity, when, and the row before and after."""

    id: int
    at: dt.datetime
    actor: str
    entity: str
    entity_id: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def observation_key(jurisdiction_code: str | None, indicator_id: str | None, target_id: int | None) -> str:
    """`indicator:<jurisdiction>:<indicator id>` when the indicator is known, else `target:<id>`."""
    if indicator_id:
        return f"indicator:{jurisdiction_code or ''}:{indicator_id}"
    if target_id is None:
        raise ValueError("an observation needs an indicator id or a target id")
    return f"target:{target_id}"


@dataclass(frozen=True)
class EvidenceRecord:
    """An evidence file (佐证材料) as listed: its owner (a task report or a supervision answer), name, type, size
    and digest, who uploaded it and when. The bytes are fetched apart (`repository.evidence.evidence_data`)."""

    id: int
    owner: str
    owner_id: int
    name: str
    media_type: str
    size: int
    sha256: str
    uploaded_by: str
    uploaded_at: dt.datetime


@dataclass(frozen=True)
class CycleRecord:
    """A reporting cycle (填报周期): its place, the period reported, when it opens and is due, what it covers,
    who opened it and when; `closed_at` set once the office closed it."""

    id: int
    name: str
    jurisdiction_code: str | None
    jurisdiction_name: str | None
    period: str
    opens_on: dt.date
    due_on: dt.date
    created_by: str
    created_at: dt.datetime
    closed_at: dt.datetime | None
    targets: int
    tasks: int

    @property
    def open(self) -> bool:
        """Still open (not closed by the office)."""
        return self.closed_at is None


@dataclass(frozen=True)
class CycleItemFact:
    """One target or task a cycle covers, who owes its report (its lead departments, else all of its departments:
    (id, name) pairs) and when it was first reported for the cycle (None: not yet)."""

    kind: str  # target · task
    item_id: int
    label: str
    owers: tuple[tuple[int, str], ...]
    reported_at: dt.datetime | None


@dataclass(frozen=True)
class ReminderRecord:
    """A reminder to report (催报) sent to a department for a cycle; `emailed_to` the addresses it was mailed to."""

    id: int
    cycle_id: int
    cycle_name: str
    department_id: int
    department: str
    message: str
    sent_by: str
    sent_at: dt.datetime
    emailed_to: tuple[str, ...]
    due_on: dt.date
    read_at: dt.datetime | None = None  # when the department's reporter first saw it on its page
