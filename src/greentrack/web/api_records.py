"""Service records → API models: plain translation, no decisions and no database."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date
from typing import Any

from greentrack.errors import UnknownIndicator
from greentrack.ledger.intake import ImportOutcome
from greentrack.ledger.records import DocumentRecord, ObservationRecord, SectionRecord
from greentrack.ledger.status import StatusRow
from greentrack.resolve import get_indicator
from greentrack.services.analysis import IndicatorComparison, comparison_rankings
from greentrack.services.department_counts import DepartmentCount
from greentrack.services.departments import DepartmentSummary
from greentrack.services.documents import DocumentDetail
from greentrack.services.status import StatusSummary
from greentrack.services.supervision import DocketPage
from greentrack.services.targets import TargetDetail
from greentrack.track import STATUS_LABELS, Docket, EarlyWarning, warn
from greentrack.track import Assessment as TrackAssessment
from greentrack.web import schemas


def status(code: str) -> schemas.Status:
    """A status code with its labels."""
    zh, en = STATUS_LABELS[code]
    return schemas.Status(code=code, zh=zh, en=en)


def document(record: DocumentRecord) -> schemas.Document:
    """A stored document version."""
    return schemas.Document(**{name: getattr(record, name) for name in schemas.Document.model_fields})


def target_summary(row: StatusRow) -> schemas.TargetSummary:
    """A target of the ledger with its status, as lists show it."""
    return schemas.TargetSummary(**_summary_fields(row))


def _summary_fields(row: StatusRow) -> dict[str, Any]:
    record, target, assessment = row.record, row.record.target, row.assessment
    indicator = get_indicator(record.indicator_id) if record.indicator_id else None
    return {
        "id": record.id, "document_id": record.document_id, "document_title": record.document_title,
        "document_version": record.document_version, "jurisdiction_code": record.jurisdiction_code,
        "jurisdiction_name": record.jurisdiction_name, "indicator": target.indicator,
        "indicator_id": record.indicator_id, "indicator_name": indicator.zh if indicator else None,
        "dimension": indicator.dimension if indicator else None, "kind": target.kind,
        "comparator": target.comparator, "value": target.value, "unit": target.unit, "year": target.year,
        "deadline": target.deadline, "due": assessment.due, "tracking_unit": row.tracked.target.unit,
        "latest_value": assessment.latest_value, "latest_period": assessment.latest_period,
        "completion": assessment.completion, "ratio": assessment.ratio, "status": status(assessment.status),
        "departments": list(record.departments), "lead_departments": list(record.lead_departments),
        "responsible": list(record.responsible), "responsible_named_first": record.responsible_named_first,
        "illustrative": row.illustrative, "review_state": record.review.state,
    }


def assessment(found: TrackAssessment) -> schemas.Assessment:
    """An assessment with its inputs and formula written out."""
    return schemas.Assessment(
        as_of=found.as_of, status=status(found.status), method=found.method, direction=found.direction,
        target_level=found.target_level, due=found.due, baseline_value=found.baseline_value,
        baseline_period=found.baseline_period, latest_value=found.latest_value, latest_period=found.latest_period,
        observations_used=found.observations_used, actual_rate=found.actual_rate, required_rate=found.required_rate,
        ratio=found.ratio, completion=found.completion, expected=found.expected, total=found.total,
        forecast=found.forecast,
        forecast_year=found.forecast_year, shortfall=found.shortfall,
        series=[schemas.Point(date=day, value=value) for day, value in found.series], note=found.note,
        inputs=found.inputs, formula=found.formula)


def observation(record: ObservationRecord) -> schemas.Observation:
    """A recorded value."""
    return schemas.Observation(**{name: getattr(record, name) for name in schemas.Observation.model_fields})


def warning(found: EarlyWarning, illustrative: bool) -> schemas.Warning:
    """An early warning; target ids are the ledger's (the track stage carries them as text)."""
    return schemas.Warning(
        target_id=int(found.target_id), indicator=found.indicator, severity=found.severity,
        severity_zh=found.severity_zh, reasons=list(found.reasons), message=found.message,
        status=status(found.status), due=found.due, days_left=found.days_left,
        departments=list(found.departments), lead_departments=list(found.lead_departments),
        illustrative=illustrative)


def docket(found: Docket | DocketPage, illustrative: Collection[str]) -> schemas.Docket:
    """A department's supervision list (whole, or the items shown of it); `illustrative` holds the ids of targets
    resting on 示例数据."""
    total = found.total if isinstance(found, DocketPage) else len(found.items)
    return schemas.Docket(department=found.department, worst=found.worst, total=total, items=[
        schemas.DocketItem(lead=item.lead, warning=warning(item.warning, item.warning.target_id in illustrative))
        for item in found.items])


def illustrative_ids(rows: Iterable[StatusRow]) -> set[str]:
    """Ids (as the track stage writes them) of the rows whose figures rest on illustrative values."""
    return {str(row.record.id) for row in rows if row.illustrative}


def target_detail(detail: TargetDetail) -> schemas.TargetDetail:
    """One target with everything behind its status."""
    row, record, target = detail.row, detail.row.record, detail.row.record.target
    found = warn(row.tracked.target, row.assessment)
    return schemas.TargetDetail(
        target=target_summary(row),
        extracted=schemas.Extracted(
            reference_year=target.reference_year, baseline_value=target.baseline_value,
            baseline_year=target.baseline_year, scope=target.scope, aspirational=target.aspirational,
            binding=target.binding, departments_written=list(target.departments),
            lead_departments_written=list(target.lead_departments), resolution_score=record.resolution_score,
            canonical_value=record.canonical_value, canonical_unit=record.canonical_unit,
            unit_problem=record.unit_problem),
        source=schemas.Source(document_id=record.document_id, quote=target.quote, start=target.start, end=target.end,
                              section=list(target.section)),
        document=document(detail.document), assessment=assessment(row.assessment),
        observations=[observation(o) for o in row.observations], observations_skipped=row.tracked.skipped,
        history=[schemas.HistoryEntry(as_of=a.as_of, status=status(a.status), ratio=a.ratio,
                                                   completion=a.completion) for a in detail.history],
        expected_path=[schemas.Point(date=day, value=value) for day, value in detail.path],
        warning=warning(found, row.illustrative) if found else None)


def sections_with_targets(sections: Sequence[SectionRecord], rows: Sequence[StatusRow],
                          ) -> tuple[list[schemas.Section], list[int]]:
    """Each heading with the targets stated directly under it (the innermost section holding the quote)."""
    placed: dict[int, list[int]] = {s.position: [] for s in sections}
    before: list[int] = []
    for row in rows:
        start = row.record.target.start
        holding = [s for s in sections if s.start <= start < s.end]
        if holding:
            placed[max(holding, key=lambda s: (s.level, s.start)).position].append(row.record.id)
        else:
            before.append(row.record.id)
    return [schemas.Section(position=s.position, parent_position=s.parent_position, level=s.level, number=s.number,
                            title=s.title, path=list(s.path), start=s.start, end=s.end,
                            target_ids=placed[s.position]) for s in sections], before


def document_detail(detail: DocumentDetail, as_of: date) -> schemas.DocumentDetail:
    """A document with its outline and targets."""
    sections, before = sections_with_targets(detail.sections, detail.rows)
    return schemas.DocumentDetail(document=document(detail.document), newest_id=detail.newest_id, as_of=as_of,
                                  sections=sections, unsectioned_target_ids=before,
                                  targets=[target_summary(row) for row in detail.rows])


def department(summary: DepartmentSummary) -> schemas.Department:
    """A department with its counts."""
    record = summary.department
    return schemas.Department(
        id=record.id, name=record.name, registry_id=record.registry_id, jurisdiction_code=record.jurisdiction_code,
        jurisdiction_name=summary.jurisdiction_name, targets=len(summary.rows), leads=len(summary.leads),
        warned=len(summary.docket.items) if summary.docket else 0)


def department_count(found: DepartmentCount) -> schemas.Department:
    """A department with its counts, as the index or the report counted them."""
    record = found.department
    return schemas.Department(
        id=record.id, name=record.name, registry_id=record.registry_id, jurisdiction_code=record.jurisdiction_code,
        jurisdiction_name=found.jurisdiction_name, targets=found.targets, leads=found.leads, warned=found.warned)


def department_detail(summary: DepartmentSummary, as_of: date) -> schemas.DepartmentDetail:
    """A department's targets and supervision list."""
    marked = illustrative_ids(summary.rows)
    return schemas.DepartmentDetail(
        as_of=as_of, department=department(summary),
        targets=[schemas.DepartmentTarget(**_summary_fields(row), lead=row.record.id in summary.leads)
                 for row in summary.rows],
        supervision=docket(summary.docket, marked) if summary.docket else None)


def status_summary(summary: StatusSummary) -> schemas.StatusSummary:
    """Counts by status, department and jurisdiction."""
    return schemas.StatusSummary(
        as_of=summary.as_of, total=summary.total, illustrative=summary.illustrative,
        counts=[schemas.StatusCount(status=status(code), count=n) for code, n in summary.counts.items()],
        by_department=[schemas.GroupCounts(key=name, name=name, total=sum(c.values()), counts=c)
                       for name, c in summary.by_department],
        by_jurisdiction=[schemas.GroupCounts(key=code, name=name, total=sum(c.values()), counts=c)
                         for code, name, c in summary.by_jurisdiction])


def comparison(found: IndicatorComparison, as_of: date) -> schemas.Comparison:
    """One indicator across jurisdictions, with the ambition rankings of the analyse stage."""
    indicator = get_indicator(found.indicator_id or "")
    if indicator is None:  # compare_indicator checks the id; an empty ledger has nothing to compare
        raise UnknownIndicator(found.indicator_id or "")
    rankings = []
    for ranking in comparison_rankings(found):
        entries = [schemas.RankEntry(rank=e.rank, jurisdiction_code=e.jurisdiction_code,
                                     jurisdiction_name=e.jurisdiction_name, value=e.value,
                                     target_id=_ledger_id(found, e.target.target.id)) for e in ranking.entries]
        rankings.append(schemas.Ranking(title=ranking.title, title_en=ranking.title_en, kind=ranking.kind,
                                        year=ranking.year, reference_year=ranking.reference_year, scope=ranking.scope,
                                        unit=ranking.unit, direction=ranking.direction, entries=entries,
                                        chart=ranking.chart()))
    return schemas.Comparison(
        as_of=as_of, indicator=schemas.Indicator(id=indicator.id, name=indicator.zh, en=indicator.en,
                                                 unit=indicator.unit, direction=indicator.direction,
                                                 dimension=indicator.dimension),
        targets=[target_summary(row) for row in found.rows], rankings=rankings)


def _ledger_id(found: IndicatorComparison, key: str) -> int | None:
    """The ledger id of the comparison row whose extraction id is `key`."""
    return next((row.record.id for row in found.rows if row.record.target.id == key), None)


def import_result(outcome: ImportOutcome) -> schemas.ImportResult:
    """What an accepted import or one-value entry did."""
    return schemas.ImportResult(file=outcome.file, added=[observation(o) for o in outcome.added],
                                replaced=[observation(o) for o in outcome.replaced],
                                unchanged_rows=list(outcome.unchanged), merged_rows=list(outcome.merged),
                                blank_rows=list(outcome.skipped))
