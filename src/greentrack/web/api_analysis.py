"""The analyses in the API: contradictions, decomposition, ambition, roadmap, evaluation, and the 中期评估报告.

Each route makes one service call (the same the CLI's `contradictions`, `decomposition`, `ambition`,
`timeline`, `evaluate` and `report` make) and translates the analyse stage's records into the models
below. A target is referred to by its ledger id, so a client can open /api/v1/targets/{id}.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import FileResponse
from pydantic import Field
from starlette.concurrency import run_in_threadpool

from greentrack.analyse import (
    Contradiction,
    DecompositionReport,
    JurisdictionScore,
    PlanInfo,
    PlanTarget,
    Timeline,
    UndecidedRow,
)
from greentrack.ledger.analysis import catalog_indicator
from greentrack.reports.cells import target_text
from greentrack.reports.labels import LANGS
from greentrack.services.analysis import (
    ledger_ambition,
    ledger_contradictions,
    ledger_decomposition,
    ledger_evaluation,
    ledger_timeline,
)
from greentrack.services.jobs import report_file, submit_report
from greentrack.services.reports import REPORT_FORMATS, report_bytes
from greentrack.web import schemas
from greentrack.web.api import ERRORS, AsOf, LedgerDep
from greentrack.web.api_jobs import ACCEPTED, accepted, heavy, report_disposition, settled, wanted_wait
from greentrack.web.auth import Who
from greentrack.web.schemas import Model

router = APIRouter(tags=["analysis 规划分析"], responses=ERRORS)
ReportFormat = StrEnum("ReportFormat", {name: name for name in REPORT_FORMATS})  # type: ignore[misc]
ReportLang = StrEnum("ReportLang", {name: name for name in LANGS})  # type: ignore[misc]
DEFAULT_FORMAT, DEFAULT_LANG = ReportFormat("docx"), ReportLang("zh")
MEDIA = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "pdf": "application/pdf", "html": "text/html; charset=utf-8"}
Place = Annotated[str | None, Query(description="name or code (金乡县, 370828); includes the places below it")]


class Plan(Model):
    """The plan a finding quotes."""

    document: str
    title: str | None
    issue_date: str | None
    jurisdiction_code: str
    jurisdiction_name: str


class TargetRef(Model):
    """A target a finding rests on: its ledger id, its words and its value in the indicator's canonical unit."""

    target_id: int
    plan: Plan
    indicator: str
    quote: str
    target: str = Field(description="the target as the plan sets it (≥40.11%, 比2020年下降15%)")
    value: float | None
    unit: str | None
    year: int | None


class ContradictionOut(Model):
    """Two targets of one place that cannot both stand as written, both quotes side by side."""

    kind: str
    kind_zh: str
    kind_en: str
    severity: str
    severity_zh: str
    severity_en: str
    jurisdiction_code: str
    jurisdiction_name: str
    indicator_id: str
    indicator_name: str
    year: int | None
    first: TargetRef
    second: TargetRef
    stricter_id: int | None
    explanation: str
    explanation_en: str


class Contradictions(Model):
    """Every disagreement among the current plans (of one place and those below it), most severe first."""

    count: int
    items: list[ContradictionOut]


class Finding(Model):
    """A decomposition finding: the parent target, the child targets it concerns, and why."""

    parent: TargetRef
    children: list[TargetRef]
    explanation: str
    explanation_en: str
    missing: list[str] = Field(default_factory=list, description="direct subdivisions that state no such target")
    unsure: bool = Field(False, description="uncovered only: children state targets worded like it that the catalog "
                                            "could not place (listed in `children`); a person decides")


class UndecidedOut(Model):
    """A table row that defers to the level above (完成市分解任务) and the targets the levels above set."""

    plan: Plan
    table_title: str | None
    row: int
    indicator: str
    indicator_id: str | None
    year: int | None
    phrase: str
    quote: str
    handed_down: list[TargetRef]


class Decomposition(Model):
    """Whether what a level set was taken up below it."""

    weaker: list[Finding]
    shortfalls: list[Finding]
    uncovered: list[Finding]
    undecided: list[UndecidedOut]


class Ambition(Model):
    """Places ranked by their target on one indicator, one ranking per year, kind and scope."""

    indicator: schemas.Indicator
    rankings: list[schemas.Ranking]


class TimelineItem(Model):
    """One deadline of the roadmap (路线图)."""

    year: int
    month: int | None
    deadline: str | None
    when: str
    kind: str = Field(description="target or task")
    item_id: int
    label: str
    label_en: str
    plan: Plan
    departments: list[str]
    lead_departments: list[str]
    quote: str


class TimelineOut(Model):
    """A place's deadlines in order, how many items have none, and the chart data per year."""

    rows: list[TimelineItem]
    undated_targets: int
    undated_tasks: int
    chart: dict[str, Any] = Field(description="ECharts-ready categories (years) and stacked series")


class DimensionOut(Model):
    """One dimension's score (None when nothing in it is scored) and what it rests on."""

    dimension: str
    dimension_en: str
    score: float | None
    targets: int
    with_data: int
    scored: int
    coverage: float
    statuses: dict[str, int]


class PlaceScore(Model):
    """A place's evaluation: overall score, coverage, and each dimension."""

    code: str
    name: str
    overall: float | None
    targets: int
    with_data: int
    coverage: float
    unclassified: int
    dimensions: list[DimensionOut]


class Evaluation(Model):
    """城市体检-style scores of every place, on one date, with the weights and points used."""

    as_of: date
    points: dict[str, float]
    weights: dict[str, float]
    places: list[PlaceScore]


# ---------------------------------------------------------------- translations


def plan(info: PlanInfo) -> Plan:
    """The plan of a finding."""
    return Plan(document=info.doc, title=info.title, issue_date=info.issue_date,
                jurisdiction_code=info.jurisdiction.code, jurisdiction_name=info.jurisdiction.name)


def target_ref(item: PlanTarget) -> TargetRef:
    """A target of a finding by its ledger id (the PlanTargets built from the ledger carry it as their id)."""
    t = item.target
    return TargetRef(target_id=int(item.id), plan=plan(item.plan), indicator=t.indicator, quote=t.quote,
                     target=target_text(t), value=item.value, unit=item.unit, year=t.year)


def contradiction(found: Contradiction) -> ContradictionOut:
    """A contradiction with both targets."""
    return ContradictionOut(
        kind=found.kind, kind_zh=found.kind_zh, kind_en=found.kind_en, severity=found.severity,
        severity_zh=found.severity_zh, severity_en=found.severity_en,
        jurisdiction_code=found.jurisdiction.code, jurisdiction_name=found.jurisdiction.name,
        indicator_id=found.indicator_id, indicator_name=found.indicator_name, year=found.year,
        first=target_ref(found.first), second=target_ref(found.second),
        stricter_id=int(found.stricter_id) if found.stricter_id else None, explanation=found.explanation,
        explanation_en=found.explanation_en)


def undecided(row: UndecidedRow) -> UndecidedOut:
    """An undecided table row with what was handed down."""
    return UndecidedOut(plan=plan(row.plan), table_title=row.table_title, row=row.row, indicator=row.indicator,
                        indicator_id=row.indicator_id, year=row.year, phrase=row.phrase, quote=row.quote,
                        handed_down=[target_ref(t) for t in row.handed_down])


def decomposition(found: DecompositionReport) -> Decomposition:
    """Every decomposition finding."""
    return Decomposition(
        weaker=[Finding(parent=target_ref(w.parent), children=[target_ref(w.child)], explanation=w.explanation,
                        explanation_en=w.explanation_en)
                for w in found.weaker],
        shortfalls=[Finding(parent=target_ref(s.parent), children=[target_ref(c) for c in s.children],
                            explanation=s.explanation, explanation_en=s.explanation_en,
                            missing=[j.name for j in s.missing]) for s in found.shortfalls],
        uncovered=[Finding(parent=target_ref(u.parent), children=[target_ref(c) for c in u.candidates],
                           explanation=u.explanation, explanation_en=u.explanation_en, unsure=u.unsure)
                   for u in found.uncovered],
        undecided=[undecided(row) for row in found.undecided])


def roadmap(found: Timeline) -> TimelineOut:
    """The roadmap with its chart data."""
    return TimelineOut(rows=[TimelineItem(
        year=r.year, month=r.month, deadline=r.deadline, when=r.when, kind=r.kind, item_id=int(r.item_id),
        label=r.label, label_en=r.label_en, plan=plan(r.plan), departments=list(r.departments),
        lead_departments=list(r.lead_departments),
        quote=r.quote) for r in found.rows], undated_targets=found.undated_targets, undated_tasks=found.undated_tasks,
        chart=found.chart())


def place_score(score: JurisdictionScore) -> PlaceScore:
    """One place's evaluation."""
    return PlaceScore(code=score.code, name=score.name, overall=score.overall, targets=score.targets,
                      with_data=score.with_data, coverage=round(score.coverage, 4), unclassified=score.unclassified,
                      dimensions=[DimensionOut(dimension=d.dimension, dimension_en=d.dimension_en, score=d.score,
                                               targets=d.targets, with_data=d.with_data, scored=d.scored,
                                               coverage=round(d.coverage, 4), statuses=dict(d.statuses))
                                  for d in score.dimensions])


# ---------------------------------------------------------------- routes


@router.get("/analysis/contradictions", response_model=Contradictions, summary="Contradictions between plans")
def contradictions(ledger: LedgerDep, who: Who, jurisdiction: Place = None) -> Contradictions:
    """Targets of one place's current plans that disagree (same indicator, year and scope), most severe first."""
    found = ledger_contradictions(ledger, jurisdiction, who)
    return Contradictions(count=len(found), items=[contradiction(c) for c in found])


@router.get("/analysis/decomposition", response_model=Decomposition, summary="Decomposition to lower levels")
def decomposition_route(ledger: LedgerDep, who: Who, parent: Annotated[str | None, Query(
        description="check the places below this one (name or code); default: the whole ledger")] = None,
                        ) -> Decomposition:
    """Children weaker than their parent, shortfalls of amounts, targets no child takes up, rows awaiting a number."""
    return decomposition(ledger_decomposition(ledger, parent, who))


@router.get("/analysis/ambition/{indicator}", response_model=Ambition, summary="Ambition of places on one indicator")
def ambition(ledger: LedgerDep, who: Who, indicator: str) -> Ambition:
    """Places ranked by their target on a catalog indicator (id or name), per year, kind and scope, best first."""
    chosen = catalog_indicator(indicator)
    rankings = [schemas.Ranking(
        title=r.title, title_en=r.title_en, kind=r.kind, year=r.year, reference_year=r.reference_year, scope=r.scope,
        unit=r.unit,
        direction=r.direction, chart=r.chart(),
        entries=[schemas.RankEntry(rank=e.rank, jurisdiction_code=e.jurisdiction_code,
                                   jurisdiction_name=e.jurisdiction_name, value=e.value, target_id=int(e.target.id))
                 for e in r.entries]) for r in ledger_ambition(ledger, chosen.id, who)]
    return Ambition(indicator=schemas.Indicator(id=chosen.id, name=chosen.zh, en=chosen.en, unit=chosen.unit,
                                                direction=chosen.direction, dimension=chosen.dimension),
                    rankings=rankings)


@router.get("/analysis/timeline", response_model=TimelineOut, summary="Roadmap of a place")
def timeline(ledger: LedgerDep, who: Who, jurisdiction: Annotated[str, Query(
        description="name or code (金乡县, 370828); includes the places below it")]) -> TimelineOut:
    """Every deadline of a place's targets and tasks by year and month (路线图)."""
    return roadmap(ledger_timeline(ledger, jurisdiction, who))


@router.get("/analysis/evaluation", response_model=Evaluation, summary="Scores per dimension (城市体检)")
def evaluation(ledger: LedgerDep, who: Who, jurisdiction: Place = None, as_of: AsOf = None) -> Evaluation:
    """Each place's 0–100 score per dimension from its targets' statuses, with the points and weights used."""
    from greentrack.analyse import DIMENSION_WEIGHTS, STATUS_POINTS

    when = as_of or date.today()
    scores = ledger_evaluation(ledger, when, jurisdiction, who)
    return Evaluation(as_of=when, points=STATUS_POINTS, weights=DIMENSION_WEIGHTS,
                      places=[place_score(s) for s in scores])


@router.get("/reports/{jurisdiction}", summary="The mid-term evaluation report (中期评估报告)", response_class=Response,
            responses={200: {"description": "the report as a file",
                             "content": {media: {} for media in MEDIA.values()}}}, tags=["reports 报告"])
async def report(ledger: LedgerDep, who: Who, jurisdiction: str, request: Request,
                 format: Annotated[ReportFormat, Query(description="docx, pdf or html")] = DEFAULT_FORMAT,
                 lang: Annotated[ReportLang, Query(description="zh (中文) or en")] = DEFAULT_LANG,
                 as_of: AsOf = None) -> Response:
    """The 中期评估报告 of a place as Word, PDF (LibreOffice from the Word file) or self-contained HTML; a few are
    made at once (`job_workers`), the others wait their turn (503 past `job_queue`)."""
    fmt = format.value
    when = as_of or date.today()
    data = await heavy(request, report_bytes, ledger, jurisdiction, fmt, lang.value, when, who)
    name = f"{jurisdiction}-中期评估报告-{when.isoformat()}.{fmt}"
    return Response(data, media_type=MEDIA[fmt], headers={"Content-Disposition": report_disposition(name)})


@router.post("/reports/{jurisdiction}/jobs", summary="The mid-term evaluation report (中期评估报告), made as a job",
             status_code=202, response_model=schemas.JobState, responses=ACCEPTED, tags=["reports 报告", "jobs 任务"])
async def report_job(ledger: LedgerDep, who: Who, jurisdiction: str, request: Request,
                     format: Annotated[ReportFormat, Query(description="docx, pdf or html")] = DEFAULT_FORMAT,
                     lang: Annotated[ReportLang, Query(description="zh (中文) or en")] = DEFAULT_LANG,
                     as_of: AsOf = None) -> Response:
    """Queue the 中期评估报告 and answer 202 with its job: poll the job's `url` (stage assessing 汇总数据 → writing
    生成文档 → converting 转换PDF) until it is `done`, then download `result.url`. Refused at once as the
    synchronous report is (403, an unknown format or language, no LibreOffice for a PDF); a place the ledger
    lacks fails the job. With `Prefer: wait=N` the answer waits up to N seconds for the job to end."""
    when = as_of or date.today()
    job = await run_in_threadpool(submit_report, ledger, jurisdiction, format.value, lang.value, when, who)
    wait = wanted_wait(request)
    if wait and await settled(job, wait) and job.error is not None:  # asked to wait: the error as the sync route's
        raise job.error
    return accepted(job)


@router.get("/jobs/{job_id}/file", summary="A report job's file", response_class=FileResponse, tags=["jobs 任务"],
            responses={200: {"description": "the report as a file", "content": {media: {} for media in MEDIA.values()}},
                       409: {"model": schemas.ErrorResponse, "description": "the job has not finished yet"}})
def report_job_file(ledger: LedgerDep, who: Who, job_id: str) -> FileResponse:
    """The finished report of a job (its owner's or an administrator's), named as the synchronous report names
    it; 404 for no such job (or one forgotten an hour after it ended), the job's error if it failed, 409 while it
    runs."""
    found = report_file(ledger, job_id, who)
    return FileResponse(found.path, media_type=MEDIA[found.format],
                        headers={"Content-Disposition": report_disposition(found.name)})
