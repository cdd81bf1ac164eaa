"""Builders for constructed analysis data: targets of made-up plans, resolved through the real catalog."""

from __future__ import annotations

from dataclasses import replace
from itertools import count

from greentrack.analyse import PlanInfo, PlanTarget, place_targets
from greentrack.models import Target
from greentrack.resolve import Jurisdiction, get_jurisdiction

_ids = count(1)


def place(code: str) -> Jurisdiction:
    """A GB/T 2260 jurisdiction by code (it must exist)."""
    found = get_jurisdiction(code)
    assert found is not None, code
    return found


def plan(code: str, doc: str = "", title: str | None = None, issued: str | None = "2023-01-01",
         version: str | None = None) -> PlanInfo:
    """A made-up plan of the jurisdiction with this code."""
    where = place(code)
    doc = doc or f"{where.name}.txt"
    return PlanInfo(doc=doc, title=title or f"{where.name}{doc.removesuffix('.txt')}方案", issue_date=issued,
                    version=version or issued, jurisdiction=where)


def target(indicator: str, value: float, unit: str, year: int | None = 2025, kind: str = "level",
           comparator: str = ">=", **extra: object) -> Target:
    """A target record as the extractor would give it; the quote states it."""
    number = next(_ids)
    fields: dict[str, object] = dict(
        id=f"t{number}", doc="plan.txt", indicator=indicator, comparator=comparator, value=value, unit=unit,
        year=year, deadline=None, kind=kind, reference_year=None, baseline_value=None, baseline_year=None,
        scope=None, aspirational=False, binding=None, departments=(), lead_departments=(), section=(),
        quote=f"{indicator}{value:g}{unit}", start=number * 10, end=number * 10 + 5)
    fields.update(extra)
    return Target(**fields)  # type: ignore[arg-type]


def placed(info: PlanInfo, *targets: Target) -> list[PlanTarget]:
    """Targets of one plan resolved onto the catalog (each must resolve)."""
    items = place_targets([replace(t, doc=info.doc) for t in targets], info)
    unresolved = [i.target.indicator for i in items if not i.comparable]
    assert unresolved == [], unresolved
    return items
