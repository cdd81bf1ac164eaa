"""Records the analyses read: targets and tasks of a plan, placed in a jurisdiction and on the catalog.

The analyses are pure functions over these records, so the ledger, the web and the reports can
build them from the database as easily as `plan_targets` builds them from pipeline output.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from greentrack.errors import AnalysisError
from greentrack.models import Outline, ReadDocument, Target, Task
from greentrack.resolve import Jurisdiction, Resolver, get_indicator, jurisdiction_of, resolve_target


@dataclass(frozen=True)
class PlanInfo:
    """What the analyses need to know about the plan a target comes from."""

    doc: str
    title: str | None
    issue_date: str | None
    version: str | None
    jurisdiction: Jurisdiction

    @property
    def label(self) -> str:
        """The plan as a reader names it: 《title》, else the file name."""
        return f"《{self.title}》" if self.title else self.doc


@dataclass(frozen=True)
class PlanTarget:
    """An extracted target with its catalog indicator, its value in the canonical unit and its plan.

    `indicator_id` is None where the resolver was not confident; `value`/`unit` are None where the
    written unit cannot be converted to the indicator's. A relative change (−15%) keeps `%` as unit.
    """

    target: Target
    indicator_id: str | None
    indicator_name: str | None
    value: float | None
    unit: str | None
    direction: str
    dimension: str | None
    plan: PlanInfo

    @property
    def id(self) -> str:
        """The target's id (the key of the track stage's statuses)."""
        return self.target.id

    @property
    def jurisdiction(self) -> Jurisdiction:
        """The jurisdiction whose plan states the target."""
        return self.plan.jurisdiction

    @property
    def comparable(self) -> bool:
        """True when the target sits on the catalog with a value in the canonical unit."""
        return self.indicator_id is not None and self.value is not None and self.unit is not None


@dataclass(frozen=True)
class PlanTask:
    """An extracted qualitative task (a deadline without a number) with its plan."""

    task: Task
    plan: PlanInfo

    @property
    def id(self) -> str:
        """The task's id."""
        return self.task.id


def plan_info(doc: ReadDocument, outline: Outline, version: str | None = None,
              jurisdiction: Jurisdiction | None = None) -> PlanInfo:
    """The plan's file name, title, issue date, version and jurisdiction (from metadata unless given).

    The version defaults to the issue date: the only thing metadata holds that tells editions apart.
    """
    place = jurisdiction or jurisdiction_of(outline.metadata)
    if place is None:
        written = outline.metadata.jurisdiction or outline.metadata.issuer or "nothing"
        raise AnalysisError(f"{doc.name}: cannot tell which jurisdiction the plan belongs to (metadata names "
                            f"{written}) — pass the jurisdiction explicitly")
    meta = outline.metadata
    return PlanInfo(doc=doc.name, title=meta.title, issue_date=meta.issue_date,
                    version=version or meta.issue_date, jurisdiction=place)


def plan_targets(doc: ReadDocument, outline: Outline, targets: Iterable[Target], version: str | None = None,
                 jurisdiction: Jurisdiction | None = None, resolver: Resolver | None = None) -> list[PlanTarget]:
    """The document's targets resolved onto the catalog and placed in the plan's jurisdiction."""
    return place_targets(targets, plan_info(doc, outline, version, jurisdiction), resolver)


def place_targets(targets: Iterable[Target], plan: PlanInfo, resolver: Resolver | None = None) -> list[PlanTarget]:
    """Targets of one plan resolved onto the catalog (for records that come from elsewhere than a file)."""
    return [_placed(target, plan, resolver) for target in targets]


def _placed(target: Target, plan: PlanInfo, resolver: Resolver | None) -> PlanTarget:
    resolved = resolve_target(target, resolver, plan.jurisdiction.name)
    indicator = get_indicator(resolved.resolution.indicator_id) if resolved.resolution.indicator_id else None
    quantity = resolved.quantity
    return PlanTarget(
        target=target, indicator_id=indicator.id if indicator else None,
        indicator_name=indicator.zh if indicator else None,
        value=quantity.value if quantity else None, unit=quantity.unit if quantity else None,
        direction=indicator.direction if indicator else "", dimension=indicator.dimension if indicator else None,
        plan=plan)


def plan_tasks(doc: ReadDocument, outline: Outline, tasks: Iterable[Task], version: str | None = None,
               jurisdiction: Jurisdiction | None = None) -> list[PlanTask]:
    """The document's tasks placed in the plan's jurisdiction."""
    plan = plan_info(doc, outline, version, jurisdiction)
    return [PlanTask(task, plan) for task in tasks]


def in_jurisdiction(items: Sequence[PlanTarget], code: str) -> list[PlanTarget]:
    """The targets whose plan belongs to the jurisdiction with this code."""
    return [item for item in items if item.jurisdiction.code == code]
