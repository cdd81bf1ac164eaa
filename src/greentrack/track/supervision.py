"""The supervision list (督办清单) per department, built from warnings."""

from __future__ import annotations

from collections.abc import Iterable

from greentrack.track.models import SEVERITIES, Docket, DocketItem, EarlyWarning
from greentrack.track.warnings import urgency

UNASSIGNED = "未明确责任单位"  # targets no department answers for still reach the coordinating office


def answerable(warning: EarlyWarning) -> tuple[str, ...]:
    """The departments that answer for a warned target: lead departments first, each once."""
    names = dict.fromkeys((*warning.lead_departments, *warning.departments))
    return tuple(names) or (UNASSIGNED,)


def supervision_list(warnings: Iterable[EarlyWarning]) -> tuple[Docket, ...]:
    """One docket per department answering for a warned target, items by severity then deadline.

    Dockets come worst first: by their most severe item, then by how many items they hold,
    then by department name.
    """
    items: dict[str, list[DocketItem]] = {}
    for warning in warnings:
        for department in answerable(warning):
            items.setdefault(department, []).append(DocketItem(warning, department in warning.lead_departments))
    dockets = [Docket(name, tuple(sorted(found, key=lambda item: urgency(item.warning))))
               for name, found in items.items()]
    return tuple(sorted(dockets, key=lambda d: (SEVERITIES.index(d.worst), -len(d.items), d.department)))
