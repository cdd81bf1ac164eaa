"""The analyse stage's inputs read from the ledger: current targets and tasks as `PlanTarget` / `PlanTask`.

The analyses themselves (contradictions, decomposition, ambition, roadmap, scores) are pure functions
of `greentrack.analyse`; this module only builds their records from stored rows, as `plan_targets`
builds them from a file. Three choices make the two sources agree and the findings link back:

- a `PlanTarget`'s id is the ledger's target id (as text), the key the track stage's statuses carry,
  so `score_jurisdictions(targets, statuses_of(report))` pairs them and a finding links to /targets/{id};
- a plan's `version` is its issue date, as `plan_info` sets it for a file, so explanations read the same;
- only the newest version of each plan is read: a superseded version is history, not a plan that can
  contradict the one that replaced it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar

from greentrack.analyse import PlanInfo, PlanTarget, PlanTask
from greentrack.errors import UnknownIndicator, UnknownJurisdiction
from greentrack.ledger.records import DocumentRecord, TargetRecord, TaskRecord
from greentrack.resolve import Indicator, Jurisdiction, get_indicator, get_jurisdiction, search_catalog

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from greentrack.ledger.status import StatusReport

_Record = TypeVar("_Record", TargetRecord, TaskRecord)
_Item = TypeVar("_Item", PlanTarget, PlanTask)


@dataclass(frozen=True)
class LedgerPlans:
    """What the analyses read from the ledger, and how many current items could not be placed in a jurisdiction."""

    targets: tuple[PlanTarget, ...]
    tasks: tuple[PlanTask, ...]
    unplaced: int


def place_of(code: str | None, cache: dict[str, Jurisdiction | None]) -> Jurisdiction | None:
    """The jurisdiction of a code (None without one), looked up once per `cache`."""
    if not code:
        return None
    if code not in cache:
        cache[code] = get_jurisdiction(code)
    return cache[code]


def target_plan(record: TargetRecord, place: Jurisdiction) -> PlanInfo:
    """The plan a stored target comes from, as the analyses name it."""
    return PlanInfo(doc=record.target.doc, title=record.document_title, issue_date=record.document_issue_date,
                    version=record.document_issue_date, jurisdiction=place)


def plan_target(record: TargetRecord, place: Jurisdiction) -> PlanTarget:
    """A stored target as the analyses read it: the resolution and canonical value stored at ingest."""
    indicator = get_indicator(record.indicator_id) if record.indicator_id else None
    return PlanTarget(
        target=replace(record.target, id=str(record.id)), indicator_id=indicator.id if indicator else None,
        indicator_name=indicator.zh if indicator else None,
        value=record.canonical_value if indicator else None, unit=record.canonical_unit if indicator else None,
        direction=indicator.direction if indicator else "", dimension=indicator.dimension if indicator else None,
        plan=target_plan(record, place))


def plan_task(record: TaskRecord, place: Jurisdiction) -> PlanTask:
    """A stored task with its plan; its id becomes the ledger's task id."""
    plan = PlanInfo(doc=record.task.doc, title=record.document_title, issue_date=record.document_issue_date,
                    version=record.document_issue_date, jurisdiction=place)
    return PlanTask(replace(record.task, id=str(record.id)), plan)


def placed_targets(records: Iterable[TargetRecord]) -> tuple[list[PlanTarget], int]:
    """The records that belong to a known jurisdiction as PlanTargets, and how many do not."""
    return _placed(records, plan_target)


def placed_tasks(records: Iterable[TaskRecord]) -> tuple[list[PlanTask], int]:
    """The tasks whose place the ledger knows, and how many it does not."""
    return _placed(records, plan_task)


def _placed(records: Iterable[_Record], make: Callable[[_Record, Jurisdiction], _Item]) -> tuple[list[_Item], int]:
    cache: dict[str, Jurisdiction | None] = {}
    found: list[_Item] = []
    missing = 0
    for record in records:
        place = place_of(record.jurisdiction_code, cache)
        if place is None:
            missing += 1
        else:
            found.append(make(record, place))
    return found, missing


def load_plans(session: Session, jurisdiction: str | None = None, with_tasks: bool = False) -> LedgerPlans:
    """Current targets (and tasks when asked) of the plans under `jurisdiction` (all of the ledger without one)."""
    from greentrack.ledger import repository

    targets, missing = placed_targets(repository.documents.current_targets(session, jurisdiction=jurisdiction))
    tasks, unplaced = placed_tasks(repository.documents.current_tasks(session, jurisdiction)) if with_tasks else ([], 0)
    return LedgerPlans(tuple(targets), tuple(tasks), missing + unplaced)


def load_plans_around(session: Session, code: str) -> LedgerPlans:
    """What a place's report reads: the current targets of the place, of the places below it and of the places
    above it (decomposition pairs a parent with its descendants), in ledger order, and the tasks of the place
    and below. The same items `load_plans(session, with_tasks=True)` holds for those places, read by place."""
    from greentrack.ledger import repository

    under = repository.places.jurisdiction_codes_under(session, code)
    around = under | set(repository.places.jurisdiction_codes_above(code))
    targets, missing = placed_targets(repository.documents.current_targets(session, places=around))
    tasks, unplaced = placed_tasks(repository.documents.current_tasks(session, code))
    return LedgerPlans(tuple(targets), tuple(tasks), missing + unplaced)


def document_plan(document: DocumentRecord, place: Jurisdiction) -> PlanInfo:
    """The plan a stored document is, as the analyses name it."""
    return PlanInfo(doc=document.name, title=document.title, issue_date=document.issue_date,
                    version=document.issue_date, jurisdiction=place)


def ledger_jurisdiction(session: Session, query: str) -> Jurisdiction:
    """The jurisdiction a person names (金乡县, 金乡, 370828), when the ledger holds it; else UnknownJurisdiction."""
    from greentrack.ledger import repository

    code = repository.places.find_jurisdiction_code(session, query)
    place = get_jurisdiction(code) if code else None
    if place is None:
        raise UnknownJurisdiction(query)
    return place


def statuses_of(report: StatusReport) -> dict[str, str]:
    """Each current target's status by its ledger id (as text): the statuses `score_jurisdictions` reads."""
    return {str(row.record.id): row.assessment.status for row in report.rows}


def within(items: Sequence[PlanTarget], place: Jurisdiction) -> list[PlanTarget]:
    """The targets of `place` and of the places below it."""
    return [item for item in items
            if item.jurisdiction.code == place.code or any(code == place.code for code, _ in item.jurisdiction.chain)]


def catalog_indicator(query: str) -> Indicator:
    """The catalog indicator a person names: its id, or its Chinese or English name or an alias, exactly."""
    found = get_indicator(query.strip())
    if found is not None:
        return found
    wanted = query.strip().lower()
    for indicator in search_catalog(query, limit=20):
        if wanted in (name.lower() for name in (*indicator.names, indicator.en)):
            return indicator
    raise UnknownIndicator(query)
