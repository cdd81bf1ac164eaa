"""The API's request and response models (pydantic): what the OpenAPI document describes.

Responses are built from the service layer's records by `web/api_records.py`; nothing here
touches the ledger. Field names follow the records; Chinese labels sit beside the codes
(`status.zh`) so a client can show them without a lookup table.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt

from greentrack.reports.export import FORMATS
from greentrack.resolve.catalog import DIMENSIONS
from greentrack.services.targets import TARGET_SORTS
from greentrack.track import STATUSES

# Enums built from the tables the core declares, so a new status or dimension reaches the API by itself.
StatusCode = StrEnum("StatusCode", {code: code for code in STATUSES})  # type: ignore[misc]
Dimension = StrEnum("Dimension", {name: name for name in DIMENSIONS})  # type: ignore[misc]
TargetSort = StrEnum("TargetSort", {name: name for name in TARGET_SORTS})  # type: ignore[misc]
ExportFormat = StrEnum("ExportFormat", {name: name for name in FORMATS})  # type: ignore[misc]
DEFAULT_SORT = TargetSort("id")
DEFAULT_FORMAT = ExportFormat("xlsx")


class Model(BaseModel):
    """Base of every API model: no unknown fields in requests."""

    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- errors


class ErrorDetail(Model):
    """One thing wrong: the field (or sheet row and column) and the reason."""

    model_config = ConfigDict(extra="allow")
    field: str | None = Field(None, description="the request field or sheet column the problem is about")
    location: str | None = Field(None, description="where the field was sent: query, path, body, form")
    reason: str
    reason_en: str | None = None
    row: int | None = Field(None, description="row number of a reporting sheet, as a spreadsheet shows it")
    column: str | None = Field(None, description="column letter of a reporting sheet")
    header: str | None = None


class ErrorBody(Model):
    """The error itself: HTTP status, a stable code, a message a person can act on, the details."""

    status: int
    code: str
    message: str
    details: list[ErrorDetail]


class ErrorResponse(Model):
    """Every API error answers with this shape."""

    error: ErrorBody


# ---------------------------------------------------------------- shared pieces


class Status(Model):
    """A status code with its Chinese and English labels."""

    code: str
    zh: str
    en: str


class Point(Model):
    """A dated value (an observation point, the expected path)."""

    date: date
    value: float


class Page(Model):
    """Pagination of a list: how many matched in all, and the window returned."""

    total: int
    limit: int
    offset: int


# ---------------------------------------------------------------- documents


class Document(Model):
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


class DocumentList(Model):
    """Every stored document version."""

    items: list[Document]


class Section(Model):
    """A heading of the outline, the span it governs and the ids of the targets stated directly under it."""

    position: int
    parent_position: int | None
    level: int
    number: str
    title: str
    path: list[str]
    start: int
    end: int
    target_ids: list[int]


class DocumentDetail(Model):
    """A document with its outline, targets per section (with status) and the newest version's id."""

    document: Document
    newest_id: int
    as_of: date
    sections: list[Section]
    unsectioned_target_ids: list[int] = Field(description="targets before the first heading")
    targets: list[TargetSummary]


class Span(Model):
    """Where a target's quote sits in the normalised text: `text[start:end] == quote`."""

    target_id: int
    start: int
    end: int
    quote: str


class DocumentText(Model):
    """The normalised text of a document and the span of every target in it, for highlighting."""

    document_id: int
    text: str
    spans: list[Span]


class PlanUpload(Model):
    """An uploaded plan: added, stored as a new version, or unchanged (the same bytes are already stored)."""

    status: str = Field(description="added · new_version · unchanged")
    document: Document


# ---------------------------------------------------------------- targets


class TargetSummary(Model):
    """A current target in a list: the promise, where it comes from, who answers, where it stands."""

    id: int
    document_id: int
    document_title: str | None
    document_version: int
    jurisdiction_code: str | None
    jurisdiction_name: str | None
    indicator: str = Field(description="the indicator as the plan writes it")
    indicator_id: str | None = Field(description="the catalog indicator, when resolved")
    indicator_name: str | None
    dimension: str | None
    kind: str
    comparator: str
    value: float
    unit: str
    year: int | None
    deadline: str | None
    due: date | None
    tracking_unit: str
    latest_value: float | None
    latest_period: date | None
    completion: float | None = Field(None, description="完成率 completion: the share of the distance from the "
                                                        "baseline to the target covered (1 = reached)")
    ratio: float | None = Field(description="进度比 pace ratio R: actual pace against the expected path's "
                                            "(docs/methodology.md); not a completion rate")
    status: Status
    departments: list[str]
    lead_departments: list[str]
    responsible: list[str] = Field(default_factory=list, description="who answers for it: the lead units (牵头), "
                                   "else the first named unit (责任单位)")
    responsible_named_first: bool = Field(False, description="no unit leads: `responsible` is the first named unit")
    illustrative: bool = Field(description="the figures rest on bundled made-up values (示例数据)")
    review_state: str = Field(description="a person's review: extracted (未审核, machine output nobody has checked), "
                                          "confirmed, corrected or added (rejected targets are not listed)")


class TargetPage(Page):
    """One page of the filtered ledger."""

    as_of: date
    illustrative: bool
    items: list[TargetSummary]


class Source(Model):
    """The sentence a target was extracted from and its span in the document's normalised text."""

    document_id: int
    quote: str
    start: int
    end: int
    section: list[str]


class Extracted(Model):
    """Fields of the extraction beyond the summary (shared/spec/targets.md)."""

    reference_year: int | None
    baseline_value: float | None
    baseline_year: int | None
    scope: str | None
    aspirational: bool
    binding: str | None
    departments_written: list[str]
    lead_departments_written: list[str]
    resolution_score: float
    canonical_value: float | None
    canonical_unit: str | None
    unit_problem: str | None


class Assessment(Model):
    """The status computation with every input, so that a reader can redo it (docs/methodology.md)."""

    as_of: date
    status: Status
    method: str
    direction: int
    target_level: float | None
    due: date | None
    baseline_value: float | None
    baseline_period: date | None
    latest_value: float | None
    latest_period: date | None
    observations_used: int
    actual_rate: float | None
    required_rate: float | None
    ratio: float | None
    completion: float | None = None
    expected: float | None
    total: float | None
    forecast: float | None
    forecast_year: int | None
    shortfall: float | None
    series: list[Point]
    note: str
    inputs: dict[str, float | int | str | None]
    formula: str


class HistoryEntry(Model):
    """The target's status re-assessed on the date of one of its observations."""

    as_of: date
    status: Status
    ratio: float | None
    completion: float | None = None


class Observation(Model):
    """A recorded value: in the canonical unit, and as the reporter wrote it."""

    id: int
    jurisdiction_code: str | None
    indicator_id: str | None
    target_id: int | None
    period: str
    period_end: date
    value: float
    unit: str
    value_written: float
    unit_written: str
    source: str
    reporter: str
    note: str
    illustrative: bool
    series: str = Field("", description="the series it belongs to (docs/ledger.md)")
    change_reason: str | None = Field(None, description="why it was last corrected or withdrawn")
    withdrawn_at: datetime | None = Field(None, description="set when withdrawn: it counts in no status")
    withdrawn_by: str | None = None


class Warning(Model):
    """An early warning (预警): severity, reasons and the message with its figures."""

    target_id: int
    indicator: str
    severity: str
    severity_zh: str
    reasons: list[str]
    message: str
    status: Status
    due: date | None
    days_left: int | None
    departments: list[str]
    lead_departments: list[str]
    illustrative: bool


class TargetDetail(Model):
    """One target with its status assessment, the audit inputs, observations, history, expected path, source."""

    target: TargetSummary
    extracted: Extracted
    source: Source
    document: Document
    assessment: Assessment
    observations: list[Observation]
    observations_skipped: int = Field(description="observations whose unit does not convert to the tracking unit")
    history: list[HistoryEntry]
    expected_path: list[Point]
    warning: Warning | None


# ---------------------------------------------------------------- observations


class ObservationPage(Page):
    """Recorded values, oldest first per key."""

    items: list[Observation]


class ObservationIn(Model):
    """One value to record, checked exactly as a row of a reporting sheet (目标编号, 期间, 数值, 单位, 来源, 备注)."""

    target_id: StrictInt | str = Field(description="the ledger id of the target (as in the reporting template)")
    period: StrictInt | str = Field(description="YYYY or YYYY-MM", examples=["2024", "2024-06"])
    # strict: JSON `true` is no number (lax parsing stored it as 1.0)
    value: StrictFloat | StrictInt | str = Field(
        description="the number; text such as “30%” is read as the sheet reads it")
    unit: str = ""
    source: str = ""
    note: str = ""
    department: str | None = Field(None, description="report as this department: others' targets are refused")
    replace: bool = Field(False, description="overwrite a value already recorded for the period (audited)")
    reporter: str | None = Field(None, description="who reports: the signed-in user (another name is refused)")


class ImportResult(Model):
    """What an accepted import or entry did."""

    file: str
    added: list[Observation]
    replaced: list[Observation]
    unchanged_rows: list[int]
    merged_rows: list[int]
    blank_rows: list[int]


class JobError(Model):
    """How a job failed: the one error shape's fields (`details` lists a rejected sheet's row problems)."""

    status: int
    code: str
    message: str
    details: list[dict[str, Any]] = []


class ReportResult(Model):
    """A finished report job's file: download it from `url` (its owner or an administrator, within the hour)."""

    file: str
    format: str
    size: int = Field(description="bytes")
    url: str


class JobState(Model):
    """An upload or report being processed: poll `url` until `state` is `done` (see `result`) or `failed` (see
    `error`)."""

    id: str
    kind: str = Field(description="`plan` (POST /documents), `sheet` (POST /observations/import) or `report` "
                                  "(POST /reports/{jurisdiction}/jobs)")
    file: str = Field(description="the upload's name as kept (folders, control characters and leading dots removed); "
                                  "a report's file name")
    state: str = Field(description="queued · running · done · failed")
    stage: str = Field(description="queued · reading · storing (an upload) or assessing 汇总数据 · writing 生成文档 · "
                                   "converting 转换PDF (a report) · done · failed")
    position: int = Field(description="jobs waiting before this one")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    url: str = Field(description="where to poll this job")
    result: PlanUpload | ImportResult | ReportResult | None = Field(
        None, description="once done: what the upload stored, or where the report's file is")
    error: JobError | None = Field(None, description="once failed: why")


# ---------------------------------------------------------------- status, warnings, departments


class StatusCount(Model):
    """How many targets have one status."""

    status: Status
    count: int


class GroupCounts(Model):
    """Targets of one department or jurisdiction per status code."""

    key: str | None
    name: str | None
    total: int
    counts: dict[str, int]


class StatusSummary(Model):
    """Counts of targets by status, by department (every department answering) and by jurisdiction."""

    as_of: date
    total: int
    illustrative: bool
    counts: list[StatusCount]
    by_department: list[GroupCounts]
    by_jurisdiction: list[GroupCounts]


class DocketItem(Model):
    """A warned target on a department's supervision list, and whether the department leads it (牵头)."""

    lead: bool
    warning: Warning


class Docket(Model):
    """A department's supervision list (督办清单), most urgent first."""

    department: str
    worst: str
    total: int = Field(description="warned targets on the department's whole list (`items` may show fewer)")
    items: list[DocketItem]


class Warnings(Model):
    """Early warnings, most urgent first, and the supervision list of each department."""

    as_of: date
    illustrative: bool
    total: int = Field(description="warnings in all; `warnings` is the page from `offset`")
    limit: int
    offset: int
    warnings: list[Warning]
    supervision: list[Docket] = Field(description="the page's warnings under each department answering for them, "
                                                  "in the supervision lists' order")


class Supervision(Model):
    """Supervision lists (督办清单) per department, worst first, a page of departments at a time."""

    as_of: date
    total: int = Field(description="departments with a list; `items` is the page from `offset`")
    limit: int
    offset: int
    items: list[Docket]


class Department(Model):
    """A department with how many current targets it answers for, leads and has warned."""

    id: int
    name: str
    registry_id: str | None
    jurisdiction_code: str | None
    jurisdiction_name: str | None
    targets: int
    leads: int
    warned: int


class DepartmentList(Model):
    """The departments of the ledger the reader may see, most targets first, a page at a time (`total` in all)."""

    as_of: date
    total: int
    limit: int
    offset: int
    items: list[Department]


class DepartmentTarget(TargetSummary):
    """A target on a department's list, and whether the department leads it."""

    lead: bool


class DepartmentDetail(Model):
    """A department's current targets with status and its supervision list."""

    as_of: date
    department: Department
    targets: list[DepartmentTarget]
    supervision: Docket | None


# ---------------------------------------------------------------- comparisons


class Indicator(Model):
    """A catalog indicator."""

    id: str
    name: str
    en: str
    unit: str
    direction: str
    dimension: str


class ComparableIndicator(Model):
    """An indicator the ledger can compare, and in how many jurisdictions it has targets."""

    indicator_id: str
    name: str
    jurisdictions: int


class ComparableIndicators(Model):
    """Indicators with targets in the ledger, the most widely set first."""

    items: list[ComparableIndicator]


class RankEntry(Model):
    """A jurisdiction's target in an ambition ranking (rank None: the indicator has no direction)."""

    rank: int | None
    jurisdiction_code: str
    jurisdiction_name: str
    value: float
    target_id: int | None


class Ranking(Model):
    """Jurisdictions ranked by their target for one indicator, kind, year and scope (analyse.rank_ambition)."""

    title: str
    title_en: str
    kind: str
    year: int | None
    reference_year: int | None
    scope: str
    unit: str
    direction: str
    entries: list[RankEntry]
    chart: dict[str, Any] = Field(description="ECharts-ready categories and series")


class Comparison(Model):
    """One indicator across jurisdictions: every current target on it with status, and the ambition rankings."""

    as_of: date
    indicator: Indicator
    targets: list[TargetSummary]
    rankings: list[Ranking]


class ApiIndex(Model):
    """Where things are."""

    name: str
    version: str
    openapi: str
    docs: str
    documents: int = Field(description="document versions stored in the ledger")


DocumentDetail.model_rebuild()
